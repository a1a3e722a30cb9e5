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


# ---- the lesson's check (helpers.topics.check) ----

def test_wilson_interval_equals_scipys():
    from scipy.stats import binomtest

    from helpers.topics import check
    for x in (0, 1, 7, 20):
        lo, hi = check.wilson(x, 20)
        ci = binomtest(x, 20).proportion_ci(method="wilson")
        assert lo == pytest.approx(ci.low, abs=1e-12) and hi == pytest.approx(ci.high, abs=1e-12)


def test_each_half_is_refitted_from_its_own_seed(units):
    """Refitted from the reference's own start, an LDA of ten passes 'comes back' from its start alone; each half
    from its own start, it does not."""
    from helpers.topics import check
    dtm = topics.build_dtm(units, weighting="count", min_df=1, max_df=1.0)
    table = check.comeback(dtm.matrix, "lda", 2, seed=0, n_seeds=2, n_halves=3)
    halves = check.half_rows(dtm.shape[0], 3, 0)
    for i, rows in enumerate(halves):
        h = check.components(dtm.matrix[rows], "lda", 2, 1 + i)          # seed + 1 + i
        ref = check.components(dtm.matrix, "lda", 2, 0)
        got = table[(table["kind"] == "half") & (table["draw"] == i)]["cosine"].to_numpy()
        assert np.allclose(got, check.matched_cosines(ref, h), atol=1e-6)
    assert [len(r) for r in check.half_rows(24, 2, 0, size=5)] == [5, 5]
    with pytest.raises(ValueError, match="size=30"):
        check.half_rows(24, 1, 0, size=30)


def test_rates_chance_passes_and_like_for_like_p_values():
    from helpers.topics import check
    rows = []
    for shuffle, rates in ((-1, [0.9, 0.1]), (0, [0.2, 0.1]), (1, [0.3, 0.0]), (2, [0.5, 0.2])):
        for t, r in enumerate(rates):
            for i in range(10):
                rows.append({"k": 2, "shuffle": shuffle, "topic": t, "name": "", "kind": "half", "draw": i,
                             "cosine": 0.9 if i < round(r * 10) else 0.1})
                rows.append({"k": 2, "shuffle": shuffle, "topic": t, "name": "", "kind": "seed", "draw": i,
                             "cosine": 0.9})
    rates = check.comeback_rates(pd.DataFrame(rows), 0.8)
    assert len(rates) == 8 and (rates["n_halves"] == 10).all() and (rates["seed_rate"] == 1).all()
    null = check.null_levels(rates[rates["shuffle"] >= 0])
    line = null["half_95"]                                   # the 95th percentile of 0.2 0.1 0.3 0.0 0.5 0.2
    assert line == pytest.approx(np.quantile([0.2, 0.1, 0.3, 0.0, 0.5, 0.2], 0.95))
    assert null["chance_found"] == pytest.approx(1 / 3)      # copy 2's topic at 0.5 is over the line
    by_k = check.comeback_by_k(rates).iloc[0]
    assert by_k["found"] == 1 and by_k["best"] == 0.9 and by_k["best_p"] == pytest.approx(1 / 4)
    assert by_k["half_p"] == pytest.approx(1 / 4)            # mean 0.5 against copy means 0.15, 0.15, 0.35
    over = check.chance_over_k(rates)
    assert over["found"] == 1 and over["chance_mean"] == pytest.approx(1 / 3) and over["p_value"] == pytest.approx(0.5)


def test_stored_checks_are_read_only_for_their_corpus_and_changes(tmp_path, units, monkeypatch):
    from helpers.topics import check
    paras = units.assign(block_type="body")
    table = pd.DataFrame({"setting": ["x"], "shuffle": [-1], "topic": [0], "name": ["a b c"], "kind": ["half"],
                          "draw": [0], "cosine": [0.9]})
    check.write_checks(table, paras, {"x": {"k": 2}}, 1, 1, 1, folder=tmp_path)
    got, stored = check.cached_checks(paras, {"x": {"k": 2}}, 1, 1, 1, folder=tmp_path)
    assert stored and got.equals(table)
    monkeypatch.setattr(check, "lesson_checks", lambda *a, **k: "computed")
    other = paras.assign(text=paras["text"] + " extra")
    assert check.cached_checks(other, {"x": {"k": 2}}, 1, 1, 1, folder=tmp_path) == ("computed", False)
    assert check.cached_checks(paras, {"x": {"k": 3}}, 1, 1, 1, folder=tmp_path) == ("computed", False)
    assert check.cached_checks(paras, {"x": {"k": 2}}, 1, 2, 1, folder=tmp_path) == ("computed", False)
