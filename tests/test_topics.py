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


def test_mixed_topic_is_less_coherent_than_a_clean_one(units):
    dtm = topics.build_dtm(units, weighting="count", min_df=1, max_df=1.0)
    clean = topics.npmi_coherence(SPACE[:4], dtm)
    mixed = topics.npmi_coherence(SPACE[:2] + FOOD[:2], dtm)
    assert clean > 0 > mixed
    assert topics.npmi_coherence(["rocket", "bread"], dtm) == -1.0  # never in the same unit


def test_npmi_of_independent_terms_is_zero():
    units = pd.DataFrame({"unit_id": list("abcd"), "text": ["alpha gamma", "alpha delta", "beta gamma", "beta delta"]})
    dtm = topics.build_dtm(units, weighting="count", min_df=1, max_df=1.0)
    assert topics.npmi_coherence(["alpha", "gamma"], dtm) == pytest.approx(0.0, abs=1e-12)


def test_stability_of_well_separated_corpus_is_near_one(units):
    dtm = topics.build_dtm(units, weighting="tfidf", min_df=1, max_df=1.0)
    runs = topics.fit_seeds(dtm, "nmf", 2, list(range(5)))
    stab = topics.stability(runs)
    assert len(stab) == 10  # all pairs of 5 seeds
    assert stab["similarity"].mean() > 0.95


def test_matching_pairs_permuted_topics():
    a = np.array([[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0]])
    assert topics.matched_similarity(a, a[[2, 0, 1]]) == pytest.approx(1.0)
    assert topics.matched_similarity(a, np.array([[1.0, 1, 0], [0, 1, 1], [1, 0, 1]])) < 1


def test_vectoriser_options():
    units = pd.DataFrame({"unit_id": ["a", "b", "c"],
                          "text": ["Obama met Putin in Moscow about missile defense.",
                                   "Vladimir Putin spoke of missile defense and trade with us.",
                                   "The US and Russia's trade grew; missile talks stalled."]})
    plain = topics.build_dtm(units, weighting="count", min_df=1, max_df=1.0)
    assert {"obama", "putin", "moscow", "russia"} <= set(plain.terms)  # "Vladimir Putin" is one phrase: putin
    named = topics.build_dtm(units, weighting="count", min_df=1, max_df=1.0, drop_names=True)
    assert not {"obama", "putin", "moscow", "russia", "vladimir"} & set(named.terms)
    assert "missile_defense" in named.terms
    assert "missile_defense" in plain.terms  # a listed phrase of the shared text layer is one term
    bigrams = topics.build_dtm(units, weighting="count", min_df=2, max_df=1.0, ngram_range=(1, 2))
    assert "missile_defense" in bigrams.terms and "trade" in bigrams.terms
    assert "grew" not in bigrams.terms  # min_df=2
    no_max = topics.build_dtm(units, weighting="count", min_df=1, max_df=0.5)
    assert "missile_defense" not in no_max.terms  # in two of three units (> max_df)


def test_vocabulary_steps_lists_removed_terms():
    units = pd.DataFrame({"unit_id": ["a", "b"], "text": ["the treaty the treaty", "the treaty and trade"]})
    steps = topics.vocabulary_steps(units, [("all", dict(stop_words=None, min_df=1, max_df=1.0)),
                                            ("stops", dict(min_df=1, max_df=1.0)),
                                            ("min_df", dict(min_df=2, max_df=1.0))])
    assert list(steps["n_terms"]) == [4, 2, 1]
    assert steps.loc[1, "removed_examples"] == "the, and"  # most frequent first
    assert steps.loc[2, "removed_examples"] == "trade"


def test_shares_and_representatives(units):
    dtm = topics.build_dtm(units, weighting="tfidf", min_df=1, max_df=1.0)
    ut = topics.unit_topics(topics.fit_model(dtm, "nmf", 2, seed=0))
    shares = topics.topic_shares(ut, "doc_id")
    assert np.allclose(shares.sum(axis=1), 1)
    rep = topics.representative_units(ut, n=2)
    assert len(rep) == 4 and (rep.groupby("topic")["doc_id"].nunique() == 1).all()
    ci = topics.share_intervals(ut, by="doc_id", n_boot=50)
    assert len(ci) == 4 and ((ci["low"] <= ci["share"] + 1e-12) & (ci["share"] <= ci["high"] + 1e-12)).all()


def test_too_many_topics_is_an_error(units):
    dtm = topics.build_dtm(units.head(3), weighting="tfidf", min_df=1, max_df=1.0)
    with pytest.raises(ValueError, match="cannot be fitted"):
        topics.fit_model(dtm, "nmf", k=5)


def test_terms_in_and_quote_lines_list_the_topic_terms_found():
    assert topics.terms_in("Trade talks: the trade deal works.", ["trade", "deal", "years", "talks deal"]) == [
        "trade", "deal"]
    assert topics.terms_in("Nothing here.", ["trade"]) == []
    rep = pd.DataFrame({"topic": ["T1"], "rank": [1], "unit_id": ["d:p00"], "period": ["2009"], "share": [0.9],
                        "text": ["We want to work together."]})
    tt = pd.DataFrame({"topic": ["T1", "T1"], "rank": [1, 2], "term": ["trade", "work"], "weight": [0.6, 0.4]})
    out = topics.format_quotes(rep, {"T1": "T1 trade / work"}, top_terms=tt)
    assert "1 of the topic's top 2 terms in this unit: work" in out
    assert "terms in this unit" not in topics.format_quotes(rep, {"T1": "T1 trade / work"})
