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


def test_agreement_is_the_median_over_runs_against_the_median_per_permutation():
    runs = pd.DataFrame({"seed": range(5), "matched_cosine": [0.5, 0.6, 0.7, 0.8, 0.9],
                         "unit_agreement": [0.1, 0.2, 0.3, 0.4, 0.95]})
    null = pd.DataFrame({"perm": [0, 0, 1, 1], "seed": [0, 1, 0, 1], "matched_cosine": [0.6, 0.8, 0.5, 0.5],
                         "unit_agreement": [0.2, 0.4, 0.1, 0.1]})
    lv = topics_nulls.agreement_levels(runs, null).set_index("statistic")
    assert lv.loc["matched_cosine", "data"] == 0.7 and lv.loc["matched_cosine", "null_mean"] == pytest.approx(0.6)
    assert lv.loc["unit_agreement", "data"] == 0.3                    # the median, not the best run (0.95)
    assert lv.loc["unit_agreement", "p_value"] == pytest.approx(2 / 3)  # (1 + 1 permutation at least as high) / 3


def test_agreement_null_fits_both_models_to_the_same_permutation():
    units = _units()
    dtms = {"nmf": topics.build_dtm(units, "tfidf", min_df=1, max_df=1.0),
            "lda": topics.build_dtm(units, "count", min_df=1, max_df=1.0)}
    a, b = (topics_nulls.permuted_matrices(dtms[m], 1, seed=0)[0] for m in ("nmf", "lda"))
    assert np.array_equal(a.matrix.toarray() > 0, b.matrix.toarray() > 0)   # the same cells are non-zero
    null = topics_nulls.agreement_null(dtms, "nmf", 2, [0, 1], n_perm=2)
    assert list(null.columns) == ["perm", "seed", "matched_cosine", "unit_agreement"] and len(null) == 4


def test_stored_null_tables_match_their_settings_and_shapes():
    settings = json.loads((ROOT / "data" / "derived" / "topics_nulls_settings.json").read_text(encoding="utf-8"))
    tables, stored = topics_nulls.cached_nulls(settings, lambda: pytest.fail("stored nulls not read"))
    assert stored and settings["n_perm"] >= 20
    for name in ("chance", "other_chance", "solutions"):
        assert list(tables[name]["perm"]) == list(range(settings["n_perm"])), name
    assert sorted(tables["agreement"]["perm"].unique()) == list(range(settings["n_perm"]))
    assert (tables["agreement"].groupby("perm").size() == settings["n_other_seeds"]).all()
    coh = tables["coherence"]
    for source in ("permuted", "within_document"):
        assert coh.loc[coh["source"] == source, "perm"].nunique() == settings["n_perm"]
    assert (tables["solutions"]["n_runs"] == settings["n_runs"]).all()


def test_stored_null_tables_recompute():
    """Two permutations of the stored chance fits and the data rows of the stored coherence table, from scratch."""
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
