"""Tests for the permutation nulls at the k read (helpers.topics_nulls), the stored null tables of notebook 02,
and claims that notebook 02's prose makes about its outputs."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import corpus
from helpers import topics
from helpers.topics import nulls as topics_nulls
from helpers.topics import select as topics_select
from tests.test_topics_select import _units

ROOT = Path(__file__).resolve().parent.parent
NB = ROOT / "notebooks" / "02_topics.ipynb"


@pytest.fixture(scope="module")
def dtm():
    return topics.build_dtm(_units(), weighting="tfidf", min_df=1, max_df=1.0)


def _outputs(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                     for c in cells for o in c.get("outputs", []))


def _markdown(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_wilson_interval_known_values():
    lo, hi = topics_nulls.wilson(4, 10)
    assert round(lo, 3) == 0.168 and round(hi, 3) == 0.687
    assert topics_nulls.wilson(0, 10)[0] == 0.0 and round(topics_nulls.wilson(10, 10)[1], 9) == 1.0


def test_clean_themes_beat_the_permuted_matrix(dtm):
    tm = topics.fit_model(dtm, "nmf", 2, 0)
    chance = topics_nulls.chance_fits(dtm, "nmf", 2, n_perm=5)
    lv = topics_nulls.fit_levels(tm.fit, chance, topics.fit_ceiling(dtm, "nmf", 2), "lower")
    assert lv["beats_95"] and lv["above_chance"] > 0 and lv["n_perm"] == 5
    assert lv["ceiling"] <= tm.fit + 1e-9
    assert "percentage points above the chance mean" in topics_nulls.fit_sentence(lv, "nmf", 2)
    assert "of the way" not in topics_nulls.fit_sentence(lv, "nmf", 2)


def test_recovery_table_counts_halves_and_names_the_failed_criterion():
    half = pd.DataFrame({"split": [0, 0, 0, 0, 1, 1, 1, 1], "half": ["a", "a", "b", "b"] * 2, "seed": [0, 1] * 4,
                         "topic": ["T1"] * 8, "cosine": [0.9, 0.9, 0.9, 0.1, 0.1, 0.1, 0.65, 0.65],
                         "npmi": [-0.5] * 8, "baseline": [-0.8] * 8})
    sub = pd.DataFrame({"subsample": [0, 1], "topic": ["T1", "T1"], "cosine": [0.9, 0.5]})
    r = topics_nulls.recovery_table(half, sub, match=0.7, cutoff=0.5).iloc[0]
    assert (r.halves_found, r.n_halves, r.half_recovered, r.sub_recovered) == (2, 4, 3, 1)
    assert r.heldout_support and r.failed == ""
    r = topics_nulls.recovery_table(half, sub, match=0.95, cutoff=0.5).iloc[0]
    assert not r.heldout_support and "recovery in half samples" in r.failed and "held-out coherence" in r.failed
    r = topics_nulls.recovery_table(half, sub, match=0.6, cutoff=0.5).iloc[0]
    assert r.halves_found == 3


def test_null_solution_sentence_says_when_shuffled_data_agree_as_much():
    null = pd.DataFrame({"perm": [0, 1], "n_runs": [50, 50], "n_solutions": [2, 1], "topics_in_every_run": [0, 2]})
    s = topics_nulls.null_solution_sentence(null, 1, 2, 2)
    assert "1 of 2 reach" in s and "not evidence of structure" in s
    s = topics_nulls.null_solution_sentence(null.assign(n_solutions=[3, 4]), 1, 2, 2)
    assert "higher than on any permuted matrix" in s


def test_reading_sentences_flag_one_article_topics():
    tt = pd.DataFrame({"topic": ["T1", "T2"], "distinctive": ["trade wto a b c", "summit meeting x y z"]})
    ci = pd.DataFrame({"doc_id": ["d1", "d2", "d1", "d2"], "topic": ["T1", "T1", "T2", "T2"],
                       "share": [0.91, 0.2, 0.09, 0.8 - 0.1]})
    rep = pd.DataFrame({"topic": ["T1", "T1", "T2", "T2"], "doc_id": ["d1", "d1", "d2", "d1"]})
    out = topics_nulls.reading_sentences(tt, ci, rep, {"T1": "trade", "T2": "summit"})
    assert "one article's vocabulary" in out[0] and "both quotes from d1" in out[0]
    assert "spread over several documents" in out[1]


def test_grid_sentence_says_when_support_comes_from_one_seed_set():
    grid = pd.DataFrame({"seed_set": ["a", "a", "b", "b"], "k_range": ["2–6", "3–7", "2–6", "3–7"],
                         "defensible": ["2", "4", "2", "4"], "chosen_k": [2, 4, 2, 2],
                         "at_edge": [True, False, True, True]})
    grid.loc[1, "k_range"] = "3–10"
    grid = pd.concat([grid, pd.DataFrame([{"seed_set": "a", "k_range": "3–7", "defensible": "4", "chosen_k": 4,
                                           "at_edge": False}])], ignore_index=True)
    s = topics.grid_sentence(grid, topics.edge_support(grid))
    assert "all from one seed set, a" in s and "not 2" in s


def test_evidence_sentence_is_plain_when_no_k_is_defensible():
    rule = pd.DataFrame({"k": [2, 3], "defensible": [False, False]})
    assert "supports no number of topics" in topics.evidence_sentence(rule, 2)
    assert "Defensible k: 3" in topics.evidence_sentence(rule.assign(defensible=[False, True]), 3)


def test_surviving_names_finds_capitalised_terms():
    units = pd.DataFrame({"text": ["The expert Lipman said trade grew.", "Later, Lipman and trade again."]})
    found = topics.surviving_names(units, ["lipman", "trade", "expert"])
    assert list(found["term"]) == ["lipman"]


def test_stored_null_tables_match_their_settings_and_shapes():
    settings = json.loads((ROOT / "data" / "derived" / "topics_nulls_settings.json").read_text(encoding="utf-8"))
    tables, how = topics_nulls.cached_nulls(settings, lambda: pytest.fail("stored nulls not read"))
    assert len(tables["chance"]) == settings["n_perm"] == len(tables["agreement"])
    assert len(tables["solutions"]) == settings["n_perm_solutions"]
    assert (tables["solutions"]["n_runs"] == settings["n_runs"]).all()
    assert set(tables["half"]["split"]) == set(range(settings["n_splits"]))


def test_stored_chance_fits_recompute():
    """Two permutations of the stored chance fits are recomputed from scratch."""
    from scripts.derive_topic_nulls import settings_and_inputs
    s, dtms, _ = settings_and_inputs()
    stored = pd.read_csv(ROOT / "data" / "derived" / "topics_nulls_chance.csv")
    fresh = topics_nulls.chance_fits(dtms[s["model"]], s["model"], s["k"], n_perm=2, seed=s["seed"])
    assert np.allclose(fresh["fit"].round(6), stored["fit"].head(2).round(6), atol=1e-5)


# ---- claims made in notebook 02's prose, checked against data and the stored output ----

def test_prose_claim_min_df_examples_are_alphabetical_ties():
    """Section 2 says the examples removed by min_df are tied (one unit each) and listed alphabetically."""
    assert "alphabetical" in _markdown(NB)
    paras = corpus.paragraphs(corpus.load_corpus())
    steps = [("stop", dict(stop_words="english+", min_df=1, max_df=1.0)),
             ("min_df", dict(stop_words="english+", min_df=2, max_df=1.0))]
    ex = topics.vocabulary_steps(paras, steps).iloc[1]["removed_examples"].split(", ")
    assert ex == sorted(ex)


def test_prose_claim_eastern_is_left_over_from_eastern_europe():
    paras = corpus.paragraphs(corpus.load_corpus())
    base = dict(stop_words="english+", min_df=2, max_df=0.5)
    without = topics.build_dtm(paras, weighting="count", **base)
    named = topics.build_dtm(paras, weighting="count", drop_names=True, places=topics.PLACE_NAMES, **base)
    assert "eastern_europe" in without.terms and "eastern" in named.terms and "eastern" not in without.terms
    assert "great_powers" in named.terms  # section 6 names the joined phrase


def test_prose_claims_about_the_k_read_hold_in_the_stored_output():
    """Sections 3, 4 and 9 tell the reader to read the printed lines; the printed lines must agree with each other
    and with the stored tables."""
    out = _outputs(NB)
    if "Defensible k (one-SE rule on 5 splits): none" in out:
        assert "the evidence supports no number of topics" in out
    if "this agreement between seeds is what shuffled data can give too" in out:
        assert "(the same agreement occurs on shuffled data)" in out
    if "NOT better than the 95th percentile" in out:
        assert "Fit at k = 2: does not beat" in out or "does not beat the 95th percentile" in out
    assert "Permuted matrix (same checks on a model fitted to shuffled data)" in out
    assert "Both models fitted to the same permuted matrix" in out


def test_reading_is_printed_for_every_topic_named_in_the_output():
    out = _outputs(NB)
    for lab in topics.load_labels()["label"]:
        if f"{lab}: found in" in out:
            assert f"{lab}: share highest in" in out or f"{lab} (no held-out support): share highest in" in out
