"""Tests for choosing k against nulls (helpers.topics_select), per-topic resampling recovery, fit references,
the precomputed sweep of notebook 02 and exercise 5's example name."""
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
    k, why = topics.read_k(rule)
    assert k == 2 and "2" in why
    assert int(s.loc[2, "n_splits"]) == 3


def test_one_se_rule_and_fallback():
    summary = pd.DataFrame({"k": [2, 3, 4], "coherence_margin": [0.10, 0.09, 0.02], "coherence_se": [0.02, 0.02, 0.01],
                            "stability_margin": [0.05, 0.06, 0.00], "stability_se": [0.02, 0.03, 0.01],
                            "subsample_margin": [0.20, 0.19, 0.05], "subsample_se": [0.05, 0.05, 0.05]})
    rule = topics.one_se_table(summary)
    assert list(rule["defensible"]) == [True, True, False]
    assert topics.read_k(rule)[0] == 2
    # no k within one SE on every criterion: the smallest k acceptable on the most criteria
    summary.loc[:, "stability_margin"] = [0.0, 0.0, 0.5]
    summary.loc[:, "stability_se"] = [0.0, 0.0, 0.01]
    rule = topics.one_se_table(summary)
    assert not rule["defensible"].any()
    k, why = topics.read_k(rule)
    assert k == 2 and "no k" in why


def test_edge_picks_are_flagged_and_not_counted():
    grid = pd.DataFrame({"seed_set": ["a", "a", "b", "b"], "k_range": ["2–6", "3–7", "2–6", "3–7"],
                         "defensible": ["2", "4", "2", "3"], "chosen_k": [2, 4, 2, 3],
                         "at_edge": [True, False, True, True]})
    sup = topics.edge_support(grid).set_index("k")
    assert sup.loc[2, "support"] == 0 and sup.loc[4, "support"] == 1 and sup.loc[3, "n_at_edge"] == 1
    sentence = topics.grid_sentence(grid, topics.edge_support(grid))
    assert "3 choices land on an edge" in sentence and "k = 4 in 1" in sentence


def test_fit_reference_ceiling_bounds_every_run(dtm):
    ref = topics.fit_reference(dtm, "nmf", 2, null_dtm=topics.permuted_dtm(dtm, 0)).set_index("level")["fit"]
    fits = [m.fit for m in topics.fit_seeds(dtm, "nmf", 2, [0, 1, 2])]
    assert all(f >= ref["ceiling"] - 1e-9 for f in fits)  # Eckart-Young: no rank-2 fit beats the SVD
    assert min(fits) < ref["chance"]  # real themes fit better than the permuted matrix
    assert "of the way from chance" in topics.fit_sentence(min(fits), ref.reset_index(), "nmf", 2)
    counts = topics.build_dtm(_units(), weighting="count", min_df=1, max_df=1.0)
    lref = topics.fit_reference(counts, "lda", 2, null_dtm=topics.permuted_dtm(counts, 0)).set_index("level")["fit"]
    assert topics.fit_model(counts, "lda", 2, 0).fit <= lref["ceiling"] + 1e-9


def test_half_sample_matches_find_clean_themes_and_score_them_held_out(dtm):
    """On two clean themes every half-sample fit finds both topics, and their held-out NPMI beats random terms."""
    from helpers.topics import nulls as topics_nulls

    tm = topics.fit_model(dtm, "nmf", 2, 0)
    half = topics_nulls.half_sample_matches(tm, topics.split_list(dtm.units, 1, 2), [0, 1], n_terms=5)
    assert len(half) == 2 * 2 * 2 * 2  # splits x halves x seeds x topics
    assert sorted(half["topic"].unique()) == ["T1", "T2"] and (half["cosine"] >= 0.7).all()
    assert (half["npmi"] > half["baseline"]).all()
    rec = topics_nulls.recovery_table(half, topics_nulls.subsample_matches(tm, n_subsamples=4))
    assert (rec["half_recovered"] == rec["half_runs"]).all()


def test_heldout_coherence_interval(dtm):
    runs = topics.heldout_coherence(dtm, "nmf", 2, [0, 1], topics.split_list(dtm.units, 5, 3), n_terms=5)
    ci = topics.coherence_interval(runs)
    assert ci["n_splits"] == 3 and ci["low"] <= ci["margin"] <= ci["high"] and ci["margin"] > 0


def _derive_module():
    spec = importlib.util.spec_from_file_location("derive_topic_sweep", ROOT / "scripts" / "derive_topic_sweep.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_stored_sweep_matches_a_fresh_slice():
    """The precomputed sweep of notebook 02 (data/derived/topics_sweep_*) equals a recomputed slice."""
    mod = _derive_module()
    assert topics_select.stored_sweep_settings() == topics.sweep_settings(**mod.with_corpus(mod.SETTINGS))
    stored = {n: pd.read_csv(topics_select.DERIVED / f, keep_default_na=False)
              for n, f in topics_select.SWEEP_FILES.items()}
    fresh = mod.compute(only=([2, 5], [1], [0, 1, 2]))
    keys = {"runs": ["k", "split", "half", "seed"], "pairs": ["k", "split", "half", "kind", "seed_a", "seed_b"],
            "subsamples": ["k", "split", "kind", "subsample"]}
    for name, key in keys.items():
        f = fresh[name]
        s = stored[name].astype({c: str for c in ("half", "kind") if c in stored[name].columns})
        merged = f.merge(s, on=key, suffixes=("", "_stored"))
        assert len(merged) == len(f) > 0, name
        for col in [c for c in f.columns if c not in key]:
            assert np.allclose(merged[col], merged[f"{col}_stored"], atol=5e-4), (name, col)


def test_notebook_settings_match_the_precomputed_sweep():
    """Notebook 02's Parameters cell has the settings the precomputed sweep was made with."""
    nb = json.loads((ROOT / "notebooks" / "02_topics.ipynb").read_text(encoding="utf-8"))
    params = next("".join(c["source"]) for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    ns: dict = {}
    exec(params, ns)
    mod = _derive_module()
    s = mod.SETTINGS
    assert (ns["UNIT"], ns["MODEL"], ns["STOP_WORDS"], ns["MIN_DF"], ns["MAX_DF"], tuple(ns["NGRAM_RANGE"]),
            ns["DROP_NAMES"], tuple(ns["EXTRA_NAMES"]), list(ns["K_RANGE"]), ns["N_SEEDS_SWEEP"], ns["SEED"],
            ns["SPLIT_SEED"], ns["N_SPLITS"], ns["N_SUBSAMPLES"], ns["N_TOP_TERMS"]) == (
        s["unit"], s["model"], s["stop_words"], s["min_df"], s["max_df"], tuple(s["ngram_range"]), s["drop_names"],
        tuple(s["extra_names"]), s["ks"], s["n_seeds"], s["seed"], s["split_seed"], s["n_splits"],
        s["n_subsamples"], s["n_terms"])


def test_exercise_5_example_name_survives_the_filter_and_extra_names_removes_it():
    paras = corpus.paragraphs(corpus.load_corpus())
    kw = dict(stop_words="english+", min_df=2, max_df=0.5, drop_names=True)
    before = topics.build_dtm(paras, places=topics.PLACE_NAMES, **kw)
    after = topics.build_dtm(paras, places=topics.PLACE_NAMES + ("Lipman",), **kw)
    assert "lipman" in set(before.terms) and "lipman" not in set(after.terms)
    assert after.shape[1] == before.shape[1] - 1  # the vocabulary table of section 2 changes
    nb = (ROOT / "notebooks" / "02_topics.ipynb").read_text(encoding="utf-8")
    assert "Lipman" in nb and "Siberia" not in nb


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
