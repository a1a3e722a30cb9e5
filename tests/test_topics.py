"""Unit tests for helpers.topics on a small synthetic corpus with two clearly separated themes."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from helpers import topics

SPACE = ["rocket", "orbit", "satellite", "launch", "astronaut", "planet"]
FOOD = ["bread", "butter", "cheese", "oven", "recipe", "flour"]


def _units(n_per_theme: int = 12) -> pd.DataFrame:
    """Paragraph-like units: each uses five of its theme's six words, never the other theme's."""
    rows = []
    for theme, words in (("space", SPACE), ("food", FOOD)):
        for i in range(n_per_theme):
            chosen = [w for j, w in enumerate(words) if j != i % len(words)]
            rows.append({"doc_id": theme, "unit_id": f"{theme}:p{i:02d}", "period": "2009" if i % 2 else "2012",
                         "text": " ".join(chosen + chosen[:2]) + "."})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def units():
    return _units()


@pytest.mark.parametrize("model,weighting", [("nmf", "tfidf"), ("lda", "count")])
def test_both_models_recover_the_two_themes(units, model, weighting):
    dtm = topics.build_dtm(units, weighting=weighting, min_df=1, max_df=1.0)
    tm = topics.fit_model(dtm, model, k=2, seed=0)
    tt = topics.top_terms(tm, n=6)
    sets = [set(g["term"]) for _, g in tt.groupby("topic")]
    assert sorted(map(sorted, sets)) == sorted([sorted(SPACE), sorted(FOOD)])
    ut = topics.unit_topics(tm)
    top = ut.groupby("doc_id")["top_topic"].agg(lambda s: s.nunique())
    assert (top == 1).all()  # every unit of a theme has the same top topic
    assert ut.groupby("doc_id")["top_topic"].first().nunique() == 2


@pytest.mark.parametrize("model,weighting", [("nmf", "tfidf"), ("lda", "count")])
def test_same_seed_gives_identical_tables(units, model, weighting):
    dtm = topics.build_dtm(units, weighting=weighting, min_df=1, max_df=1.0)
    a, b = topics.fit_model(dtm, model, 3, seed=7), topics.fit_model(dtm, model, 3, seed=7)
    pdt.assert_frame_equal(topics.top_terms(a), topics.top_terms(b))
    pdt.assert_frame_equal(topics.unit_topics(a), topics.unit_topics(b))


def _coherence(terms: list[str], dtm) -> float:
    """Mean NPMI of the pairs of ``terms`` counted in the units of ``dtm``."""
    from helpers.topics.evaluate import _set_scores
    index = {t: i for i, t in enumerate(dtm.terms)}
    return float(_set_scores(topics.npmi_matrix(dtm.binary.toarray()), [[index[t] for t in terms]])[0])


def test_mixed_topic_is_less_coherent_than_a_clean_one(units):
    dtm = topics.build_dtm(units, weighting="count", min_df=1, max_df=1.0)
    assert _coherence(SPACE[:4], dtm) > 0 > _coherence(SPACE[:2] + FOOD[:2], dtm)
    assert _coherence(["rocket", "bread"], dtm) == -1.0  # never in the same unit


def test_npmi_of_independent_terms_is_zero():
    units = pd.DataFrame({"unit_id": list("abcd"), "text": ["alpha gamma", "alpha delta", "beta gamma", "beta delta"]})
    dtm = topics.build_dtm(units, weighting="count", min_df=1, max_df=1.0)
    assert _coherence(["alpha", "gamma"], dtm) == pytest.approx(0.0, abs=1e-12)


def test_seeds_of_a_well_separated_corpus_find_the_same_topics(units):
    dtm = topics.build_dtm(units, weighting="tfidf", min_df=1, max_df=1.0)
    runs = topics.fit_seeds(dtm, "nmf", 2, list(range(5)))
    assert min(topics.matched_similarity(runs[0].topic_terms, r.topic_terms) for r in runs) > 0.95


def test_matching_pairs_permuted_topics():
    a = np.array([[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0]])
    assert topics.matched_similarity(a, a[[2, 0, 1]]) == pytest.approx(1.0)
    assert topics.matched_similarity(a, np.array([[1.0, 1, 0], [0, 1, 1], [1, 0, 1]])) < 1


def test_vectoriser_options():
    units = pd.DataFrame({"unit_id": ["a", "b", "c"],
                          "text": ["Obama met Putin in Moscow about missile defense.",
                                   "Vladimir Putin spoke of missile defense and trade with us at the Kremlin.",
                                   "The US and Russia's trade grew; missile talks stalled in Eastern Europe."]})
    plain = topics.build_dtm(units, weighting="count", min_df=1, max_df=1.0)
    assert {"obama", "putin", "moscow", "russia", "kremlin", "eastern_europe"} <= set(plain.terms)
    named = topics.build_dtm(units, weighting="count", min_df=1, max_df=1.0, drop_names=True)
    assert not {"obama", "putin", "moscow", "russia", "vladimir", "kremlin", "united_states",
                "eastern_europe"} & set(named.terms)
    assert "missile_defense" in named.terms and "missile_defense" in plain.terms  # a listed phrase is one term
    assert "grew" not in topics.build_dtm(units, weighting="count", min_df=2, max_df=1.0).terms  # min_df=2
    assert "missile_defense" not in topics.build_dtm(units, weighting="count", min_df=1, max_df=0.5).terms


def test_names_are_people_institutions_and_places_not_organisations():
    names = topics.name_terms()
    assert {"putin", "obama", "kremlin", "congress", "white_house", "united_states", "moscow"} <= names
    assert not {"wto", "nato", "cold_war", "missile_defense"} & names  # organisations and concepts stay


def test_a_mistyped_weighting_is_an_error_that_names_it(units):
    with pytest.raises(ValueError, match="weighting='tf-idf'"):
        topics.build_dtm(units, weighting="tf-idf")


def test_shares_and_their_intervals(units):
    dtm = topics.build_dtm(units, weighting="tfidf", min_df=1, max_df=1.0)
    ut = topics.unit_topics(topics.fit_model(dtm, "nmf", 2, seed=0))
    assert np.allclose(ut[["T1", "T2"]].sum(axis=1), 1)
    ci = topics.share_intervals(ut, by="doc_id", n_boot=50)
    assert len(ci) == 4 and ((ci["low"] <= ci["share"] + 1e-12) & (ci["share"] <= ci["high"] + 1e-12)).all()


def test_too_many_topics_is_an_error(units):
    dtm = topics.build_dtm(units.head(3), weighting="tfidf", min_df=1, max_df=1.0)
    with pytest.raises(ValueError, match="cannot be fitted"):
        topics.fit_model(dtm, "nmf", k=5)
