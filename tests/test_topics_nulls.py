"""Tests for the nulls at one k (helpers.topics.nulls, helpers.topics.coherence) on small texts, and the stored
null tables of the topics evidence notebook."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import topics
from helpers.topics import coherence
from helpers.topics import nulls as topics_nulls
from tests.test_topics_select import _units

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dtm():
    return topics.build_dtm(_units(), weighting="tfidf", min_df=1, max_df=1.0)


def test_clean_themes_beat_every_permuted_matrix(dtm):
    tm = topics.fit_model(dtm, "nmf", 2, 0)
    chance = topics_nulls.chance_fits(dtm, "nmf", 2, n_perm=5)
    lv = topics_nulls.fit_levels(tm.fit, chance, topics.fit_ceiling(dtm, "nmf", 2), "lower")
    assert lv["beats_95"] and lv["above_chance"] > 0 and lv["n_perm"] == 5
    assert lv["p_value"] == pytest.approx(1 / 6)          # no permutation fits as well: the smallest p
    assert lv["ceiling"] <= tm.fit + 1e-9                  # Eckart-Young: no rank-2 fit beats the SVD


def test_null_solutions_has_one_row_per_permutation(dtm):
    null = topics_nulls.null_solutions(dtm, "nmf", 2, [0, 1, 2], n_perm=3)
    assert list(null["perm"]) == [0, 1, 2] and (null["n_runs"] == 3).all()
    assert ((1 <= null["runs_in_largest"]) & (null["runs_in_largest"] <= 3)).all()


def test_coherence_of_document_themes_beats_the_permuted_copy_not_the_within_document_null(dtm):
    """Each synthetic document holds one theme, so a model that knows only each document's vocabulary finds the
    themes too: the data beat the permuted copy, and are no more coherent than the within-document null."""
    runs = coherence.heldout_runs(dtm, "nmf", 2, [0, 1], topics.split_list(dtm.units, 5, 2), n_terms=5, n_perm=3)
    assert set(runs["source"]) == {"data", "permuted", "within_document"}
    assert runs.loc[runs["source"] == "data", "baseline"].notna().all()
    lv = coherence.coherence_levels(runs).set_index("null")
    assert lv.loc["permuted", "data"] > lv.loc["permuted", "null_95"] and lv.loc["permuted", "p_value"] == 0.25
    assert lv.loc["within_document", "difference"] < 0.05 and lv.loc["within_document", "p_value"] > 0.25


def test_the_most_frequent_terms_beat_random_terms_without_a_model():
    rare = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo",
            "lima"]
    units = pd.DataFrame({"doc_id": "d", "unit_id": [f"u{i}" for i in range(12)],
                          "text": [f"common shared word {r} {rare[(i + 1) % 12]}" for i, r in enumerate(rare)]})
    dtm = topics.build_dtm(units, weighting="count", min_df=1, max_df=1.0)
    freq = coherence.frequent_terms_coherence(dtm, topics.split_list(dtm.units, 1, 2), n_terms=3)
    assert len(freq) == 4 and (freq["frequent"] == 1.0).all() and (freq["margin"] >= 0).all()


def test_agreement_is_the_median_over_runs_against_the_median_over_as_many_runs_per_permutation():
    table = pd.DataFrame({"perm": [-1] * 5 + [0] * 5 + [1] * 5, "ref_seed": 0, "seed": list(range(5)) * 3,
                          "matched_cosine": [0.5, 0.6, 0.7, 0.8, 0.9] + [0.6, 0.8, 0.6, 0.8, 0.7] + [0.5] * 5,
                          "unit_agreement": [0.1, 0.2, 0.3, 0.4, 0.95] + [0.2, 0.4, 0.2, 0.4, 0.3] + [0.1] * 5})
    lv = topics_nulls.agreement_levels(table).set_index("statistic")
    assert lv.loc["matched_cosine", "data"] == 0.7 and lv.loc["matched_cosine", "null_mean"] == pytest.approx(0.6)
    assert lv.loc["unit_agreement", "data"] == 0.3                    # the median, not the best run (0.95)
    assert lv.loc["unit_agreement", "p_value"] == pytest.approx(2 / 3)  # (1 + 1 permutation at least as high) / 3
    assert (lv["n_runs"] == 5).all() and (lv["n_perm"] == 2).all()
    sub = topics_nulls.agreement_levels(table, seeds=[0, 1]).set_index("statistic")
    assert sub.loc["matched_cosine", "data"] == pytest.approx(0.55) and (sub["n_runs"] == 2).all()


def test_agreement_runs_fit_both_models_to_the_same_permutation_with_the_same_seeds():
    units = _units()
    dtms = {"nmf": topics.build_dtm(units, "tfidf", min_df=1, max_df=1.0),
            "lda": topics.build_dtm(units, "count", min_df=1, max_df=1.0)}
    a, b = (topics_nulls.permuted_matrices(dtms[m], 1, seed=0)[0] for m in ("nmf", "lda"))
    assert np.array_equal(a.matrix.toarray() > 0, b.matrix.toarray() > 0)   # the same cells are non-zero
    table = topics_nulls.agreement_runs(dtms, "nmf", 2, [0, 3], [0, 1], n_perm=2)
    assert list(table.columns) == ["perm", "ref_seed", "seed", "matched_cosine", "unit_agreement"]
    assert len(table) == 3 * 2 * 2                                          # (data + 2 perms) x 2 refs x 2 runs
    assert all(list(g) == [0, 1] for _, g in table.groupby(["perm", "ref_seed"])["seed"])


def test_the_reference_check_and_the_solution_seeds():
    runs = pd.DataFrame({"seed": [0, 1, 2, 3, 4], "fit": 0.5, "solution": ["S2", "S1", "S1", "S3", "S2"]})
    assert topics_nulls.solution_seeds(runs) == {"S1": 1, "S2": 0, "S3": 3}
    units = _units()
    dtm = topics.build_dtm(units, "tfidf", min_df=1, max_df=1.0)
    ref = topics_nulls.reference_check(dtm, "nmf", 2, [0, 1], 2, 3, 2)
    assert set(ref["ref_seed"]) == {0, 1} and set(ref["shuffle"]) == {-1, 0, 1}
    assert len(ref) == 2 * 3 * 2 * (2 + 3)                                  # refs x sources x topics x refits


def test_stored_null_tables_match_their_settings_and_shapes():
    settings = json.loads((ROOT / "data" / "derived" / "topics_nulls_settings.json").read_text(encoding="utf-8"))
    tables, stored = topics_nulls.cached_nulls(settings, lambda: pytest.fail("stored nulls not read"))
    assert stored and settings["n_perm"] >= 20
    for name in ("chance", "solutions"):
        assert list(tables[name]["perm"]) == list(range(settings["n_perm"])), name
    ag = tables["agreement"]
    assert sorted(ag["perm"].unique()) == [-1] + list(range(settings["n_perm"]))
    # like for like: the data and every permutation have the same number of the other model's runs
    assert (ag.groupby(["ref_seed", "perm"]).size() == settings["n_other_runs"]).all()
    assert len(tables["runs"]) == settings["n_runs"]
    assert sorted(ag["ref_seed"].unique()) == sorted(tables["reference"]["ref_seed"].unique())
    assert (tables["reference"].query("shuffle >= 0").groupby("ref_seed")["shuffle"].nunique()
            == settings["n_shuffles"]).all()
    coh = tables["coherence"]
    for source in ("permuted", "within_document"):
        assert coh.loc[coh["source"] == source, "perm"].nunique() == settings["n_perm"]
    assert (tables["solutions"]["n_runs"] == settings["n_runs"]).all()


def test_stored_null_tables_recompute():
    """Two permutations of the stored chance fits, the data rows of the stored coherence table, the data's runs,
    a slice of the agreement table and of the reference check, from scratch."""
    from scripts.derive_topic_nulls import settings_and_inputs
    s, dtms = settings_and_inputs()
    stored, _ = topics_nulls.cached_nulls(s, lambda: pytest.fail("stored nulls not read"))
    fresh = topics_nulls.chance_fits(dtms[s["model"]], s["model"], s["k"], n_perm=2, seed=s["seed"])
    assert np.allclose(fresh["fit"], stored["chance"]["fit"].head(2), atol=1e-5)
    splits = topics.split_list(dtms[s["model"]].units, s["split_seed"] + s["n_splits"], 1)
    data = coherence.heldout_runs(dtms[s["model"]], s["model"], s["k"], [s["seed"]], splits, s["n_terms"], s["seed"])
    part = stored["coherence"]
    part = part[(part["source"] == "data") & (part["split"] == 0) & (part["seed"] == s["seed"])]
    assert np.allclose(part["coherence"].to_numpy(), data["coherence"].to_numpy(), atol=1e-5)
    runs = topics_nulls.data_runs(dtms[s["model"]], s["model"], s["k"], list(range(s["seed"], s["seed"] + 6)),
                                  s["same_solution"])
    assert np.allclose(runs["fit"], stored["runs"]["fit"].head(6), atol=1e-6)
    other = "lda" if s["model"] == "nmf" else "nmf"
    tm = topics.fit_model(dtms[s["model"]], s["model"], s["k"], s["seed"])
    o = topics.fit_model(dtms[other], other, s["k"], s["seed"] + 3, options=topics_nulls.other_options(other))
    row = topics_nulls.model_agreement(tm, [o]).iloc[0]
    ag = stored["agreement"]
    st = ag[(ag["perm"] == -1) & (ag["ref_seed"] == s["seed"]) & (ag["seed"] == s["seed"] + 3)].iloc[0]
    assert row["matched_cosine"] == pytest.approx(st["matched_cosine"], abs=1e-6)
    assert row["unit_agreement"] == pytest.approx(st["unit_agreement"], abs=1e-6)
    from helpers.topics import check
    ref = stored["reference"]
    r = int(sorted(ref["ref_seed"].unique())[-1])
    fresh = check.comeback(dtms[s["model"]].matrix, s["model"], s["k"], r, 2, 2)
    st = ref[(ref["ref_seed"] == r) & (ref["shuffle"] == -1) & (ref["draw"] < 2)]
    assert np.allclose(np.sort(st["cosine"].to_numpy()), np.sort(fresh["cosine"].to_numpy()), atol=1e-5)


def test_chance_over_k_can_judge_each_copy_against_the_other_copies_line():
    """A copy whose topics sit high raises the line it is judged against; left out of its own line, it passes
    more often (the in-sample count favours the data)."""
    from helpers.topics import check
    rows = []
    for shuffle, rates in ((-1, [0.9, 0.1]), (0, [0.2, 0.1]), (1, [0.3, 0.0]), (2, [0.5, 0.4])):
        for t, r in enumerate(rates):
            for i in range(10):
                rows += [{"k": 2, "shuffle": shuffle, "topic": t, "name": "", "kind": kind, "draw": i,
                          "cosine": 0.9 if kind == "seed" or i < round(r * 10) else 0.1} for kind in ("half", "seed")]
    rates = check.comeback_rates(pd.DataFrame(rows), 0.8)
    inside, left_out = check.chance_over_k(rates), check.chance_over_k(rates, leave_one_out=True)
    assert inside["found"] == left_out["found"] == 1                  # the data against all copies' line
    assert inside["chance_mean"] == pytest.approx(1 / 3)               # copy 2: 0.5 over the line 0.475
    assert left_out["chance_mean"] == pytest.approx(2 / 3)             # copy 2: 0.5 and 0.4 over its others' 0.285
    assert left_out["chance_max"] == 2 and left_out["p_value"] == pytest.approx(0.5)
