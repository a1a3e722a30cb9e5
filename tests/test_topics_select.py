"""Tests for choosing k against nulls (helpers.topics.select), the within-document null, and the precomputed sweep
of the topics evidence notebook (its settings, its corpus fingerprint, a recomputed slice)."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import corpus
from helpers import topics
from helpers.topics import select as topics_select

ROOT = Path(__file__).resolve().parent.parent
EVIDENCE = ROOT / "notebooks" / "evidence" / "02_topics_evidence.ipynb"
SPACE = ["rocket", "orbit", "satellite", "launch", "astronaut", "planet"]
FOOD = ["bread", "butter", "cheese", "oven", "recipe", "flour"]


def _units(themes=(SPACE, FOOD), n_docs: int = 2, per_doc: int = 8) -> pd.DataFrame:
    rows = []
    for t, words in enumerate(themes):
        for d in range(n_docs):
            for i in range(per_doc):
                chosen = [w for j, w in enumerate(words) if j != (i + d) % len(words)]
                rows.append({"doc_id": f"d{t}{d}", "unit_id": f"d{t}{d}:p{i:02d}", "text": " ".join(chosen) + "."})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def dtm():
    return topics.build_dtm(_units(), weighting="tfidf", min_df=1, max_df=1.0)


def test_permuted_matrix_keeps_term_frequencies_and_unit_length(dtm):
    counts = topics.build_dtm(_units(), weighting="count", min_df=1, max_df=1.0)
    null = topics.permuted_dtm(counts, seed=3)
    assert np.array_equal(np.asarray(null.matrix.sum(axis=0)).ravel(), np.asarray(counts.matrix.sum(axis=0)).ravel())
    assert (null.matrix != counts.matrix).nnz > 0
    tf = topics.permuted_dtm(dtm, seed=3)
    norms = np.sqrt(np.asarray(tf.matrix.multiply(tf.matrix).sum(axis=1)).ravel())
    assert np.allclose(norms[norms > 0], 1.0)
    # the same seed gives the same null matrix
    assert (topics.permuted_dtm(dtm, seed=3).matrix != tf.matrix).nnz == 0


def test_margins_are_positive_for_real_themes_and_rule_reads_two(dtm):
    splits = topics.split_list(dtm.units, 1, 3)
    tables = topics.sweep_tables(dtm, "nmf", [2, 3], [0, 1, 2], splits, n_terms=5, n_subsamples=2, seed=0)
    s = topics.margin_summary(tables).set_index("k")
    assert s.loc[2, "coherence_margin"] > 0
    assert set(tables["pairs"]["kind"]) == {"observed", "permuted"}
    rule = topics.one_se_table(s.reset_index())
    assert topics.read_k(rule) == (2, 3)
    assert int(s.loc[2, "n_splits"]) == 3
    assert set(tables["subsamples"]["repetition"]) == {0, 1, 2}  # repetitions, not splits: no half is used
    assert (tables["runs"]["coherence"] > tables["runs"]["null_coherence"]).mean() > 0.5


def test_within_document_permutation_keeps_each_documents_vocabulary(dtm):
    counts = topics.build_dtm(_units(), weighting="count", min_df=1, max_df=1.0)
    null = topics.within_document_permuted(counts, seed=[1, 2])
    for d in counts.units["doc_id"].unique():
        rows = (counts.units["doc_id"] == d).to_numpy()
        assert np.array_equal(np.asarray(null.matrix[rows].sum(axis=0)).ravel(),
                              np.asarray(counts.matrix[rows].sum(axis=0)).ravel())
    assert (null.matrix != counts.matrix).nnz > 0


def test_one_se_rule_and_fallback():
    summary = pd.DataFrame({"k": [2, 3, 4], "coherence_margin": [0.10, 0.09, 0.02], "coherence_se": [0.02, 0.02, 0.01],
                            "stability_margin": [0.05, 0.06, 0.00], "stability_se": [0.02, 0.03, 0.01],
                            "subsample_margin": [0.20, 0.19, 0.05], "subsample_se": [0.05, 0.05, 0.05]})
    rule = topics.one_se_table(summary)
    assert list(rule["defensible"]) == [True, True, False]
    assert topics.read_k(rule) == (2, 3)
    # no k within one SE on every criterion: the smallest k acceptable on the most criteria
    summary.loc[:, "stability_margin"] = [0.0, 0.0, 0.5]
    summary.loc[:, "stability_se"] = [0.0, 0.0, 0.01]
    rule = topics.one_se_table(summary)
    assert not rule["defensible"].any()
    assert topics.read_k(rule) == (2, 2)  # the smallest k acceptable on the most criteria


def test_edge_picks_are_flagged_and_not_counted():
    grid = pd.DataFrame({"seed_set": ["a", "a", "b", "b"], "k_range": ["2–6", "3–7", "2–6", "3–7"],
                         "defensible": ["2", "4", "2", "3"], "chosen_k": [2, 4, 2, 3],
                         "at_edge": [False, False, False, True]})
    sup = topics.edge_support(grid).set_index("k")
    assert sup.loc[2, "support"] == 2 and sup.loc[4, "support"] == 1 and sup.loc[3, "n_at_edge"] == 1


def test_the_smallest_k_of_the_sweep_is_a_floor_not_an_edge(dtm):
    tables = topics.sweep_tables(dtm, "nmf", [2, 3, 4], [0, 1], topics.split_list(dtm.units, 1, 2), n_terms=5,
                                 n_subsamples=1)
    grid = topics.selection_grid_edges(tables, {"all": [0, 1]}, {"2–4": [2, 3, 4], "3–4": [3, 4]})
    rows = grid.set_index("k_range")
    assert rows.loc["2–4", "chosen_k"] == 2 and not rows.loc["2–4", "at_edge"]     # 2 is the floor
    assert rows.loc["3–4", "chosen_k"] == 3 and rows.loc["3–4", "at_edge"]         # 3 is where this range was cut


def _derive_module():
    spec = importlib.util.spec_from_file_location("derive_topic_sweep", ROOT / "scripts" / "derive_topic_sweep.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_stored_sweep_matches_a_fresh_slice():
    """The precomputed sweep (data/derived/topics_sweep_*) equals a recomputed slice, the lesson's check included."""
    mod = _derive_module()
    assert topics_select.stored_sweep_settings() == topics.sweep_settings(**mod.with_corpus(mod.SETTINGS))
    stored = {n: pd.read_csv(topics_select.DERIVED / f, keep_default_na=False)
              for n, f in topics_select.SWEEP_FILES.items()}
    fresh = mod.compute(only=([1, 2, 5], [1], [0, 1, 2]), comeback=False)
    keys = {"runs": ["k", "split", "half", "seed"], "pairs": ["k", "split", "half", "kind", "seed_a", "seed_b"],
            "subsamples": ["k", "repetition", "kind", "subsample"]}
    for name, key in keys.items():
        f = fresh[name]
        s = stored[name].astype({c: str for c in ("half", "kind") if c in stored[name].columns})
        merged = f.merge(s, on=key, suffixes=("", "_stored"))
        assert len(merged) == len(f) > 0, name
        for col in [c for c in f.columns if c not in key]:
            assert np.allclose(merged[col], merged[f"{col}_stored"], atol=5e-4), (name, col)
    from helpers.topics import check
    dtm = mod.sweep_inputs(mod.SETTINGS)[0]
    data = check.comeback(dtm.matrix, "nmf", 3, 0, 10, 20, dtm.terms)
    part = stored["comeback"][(stored["comeback"]["k"] == 3) & (stored["comeback"]["shuffle"] == -1)]
    assert np.allclose(part["cosine"].to_numpy(), data["cosine"].to_numpy(), atol=5e-4)
    assert list(part["name"]) == list(data["name"])
    assert stored["comeback"]["k"].min() == 2 and stored["runs"]["k"].min() == 1   # the check pairs topics: k >= 2


def test_evidence_notebook_settings_match_the_precomputed_sweep_and_nulls():
    """The evidence notebook's Parameters cell has the settings the stored sweep and nulls were made with, and
    the lesson's Parameters cell has the same vocabulary, model and seed."""
    def params(path):
        nb = json.loads(path.read_text(encoding="utf-8"))
        ns: dict = {}
        exec(next("".join(c["source"]) for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])), ns)
        return ns
    ev, lesson = params(EVIDENCE), params(ROOT / "notebooks" / "02_topics.ipynb")
    s = _derive_module().SETTINGS
    assert (ev["UNIT"], ev["MODEL"], ev["MIN_DF"], ev["DROP_NAMES"], list(ev["K_RANGE"]), ev["N_SEEDS_SWEEP"],
            ev["SEED"], ev["SPLIT_SEED"], ev["N_SPLITS"], ev["N_SUBSAMPLES"], ev["N_TOP_TERMS"], ev["CHECK_SEEDS"],
            ev["CHECK_HALVES"], ev["N_SHUFFLES"]) == (
        s["unit"], s["model"], s["min_df"], s["drop_names"], s["ks"], s["n_seeds"], s["seed"], s["split_seed"],
        s["n_splits"], s["n_subsamples"], s["n_terms"], s["check_seeds"], s["check_halves"], s["n_shuffles"])
    from scripts.derive_topic_nulls import NULLS
    assert (ev["K"], ev["N_RUNS"], ev["SAME_SOLUTION"], ev["N_EVAL_SPLITS"], ev["N_COHERENCE_SEEDS"],
            ev["N_OTHER_RUNS"], ev["N_PERM"]) == (NULLS["k"], NULLS["n_runs"], NULLS["same_solution"],
                                                 NULLS["n_eval_splits"], NULLS["n_coherence_seeds"],
                                                 NULLS["n_other_runs"], NULLS["n_perm"])
    from helpers.topics import nulls as topics_nulls
    assert NULLS["other_lda"] == topics_nulls.OTHER_LDA
    for name in ("UNIT", "MODEL", "K", "MIN_DF", "DROP_NAMES", "SEED"):
        assert ev[name] == lesson[name], name


def test_corpus_fingerprint_changes_with_any_unit_and_keys_the_stored_tables():
    units = pd.DataFrame({"unit_id": ["a:p00", "a:p01"], "text": ["One text.", "Two text."]})
    fp = topics.corpus_fingerprint(units)
    assert fp == topics.corpus_fingerprint(units.iloc[::-1]) and len(fp) == 16          # order does not matter
    assert fp != topics.corpus_fingerprint(units.assign(text=["One text.", "Two texts."]))
    assert fp != topics.corpus_fingerprint(units.iloc[:1])
    from helpers import corpus
    here = topics.corpus_fingerprint(corpus.paragraphs(corpus.load_corpus()))
    assert topics_select.stored_sweep_settings()["corpus"] == here   # the stored sweep is this corpus's
    nulls = json.loads((topics_select.DERIVED / "topics_nulls_settings.json").read_text(encoding="utf-8"))
    assert nulls["corpus"] == here
    other = {**topics_select.stored_sweep_settings(), "corpus": topics.corpus_fingerprint(units)}
    assert topics.cached_sweep(other, lambda: "computed") == ("computed", False)   # another corpus: never stored
    from helpers.topics import nulls as topics_nulls
    assert topics_nulls.cached_nulls({**nulls, "corpus": fp}, lambda: "computed") == ("computed", False)
