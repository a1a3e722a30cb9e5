"""Topic models: choosing k from margins over chance, repeated splits and a one-standard-error rule.

Every criterion is read as a **margin over its own null**, because raw scores favour small k almost
automatically (two topics are easy to find again, whatever the data):

* held-out coherence (the NPMI of the topics' top terms, counted in the half of the units the model was *not*
  fitted to) minus the same for a model fitted to the **column-permuted** training half (each term's column
  shuffled across its units: frequencies kept, co-occurrence destroyed), scored on the same held-out half --
  so that what frequent terms give any model is subtracted; the frequency-matched random-term baseline is kept
  beside it for reference only (it leaves frequency in);
* seed stability (matched cosine between seeds fitted to the same half) minus the same on the column-permuted
  half;
* subsample stability (Greene et al. 2014: top-term agreement of 80 % subsamples with a full-data model)
  minus the same on a column-permuted copy of all units. It does not use the half splits: each
  **repetition** has its own reference seed, subsamples and permutation.

The units are split into two halves (within documents) ``n_splits`` times, each half with its own permutation;
every margin is computed per split (per repetition) and reported as mean and standard error over splits (the
splits are overlapping halves of the same units: the SE says how precisely the average over split draws is
known, not how it would vary over other texts), beside the number of splits in which the data beat their own
permuted copy. One-SE rule: on each criterion every k whose margin is within one SE (of
the best k) of the best margin is acceptable; k is *defensible* when it is acceptable on every criterion.

* :func:`permuted_dtm` -- the null matrix; :func:`split_list` -- one half split per split index;
* :func:`sweep_tables` -- per **k x split x half x seed** (runs), **pair of seeds** (pairs), **subsample**;
* :func:`margin_summary` -- one row per **k**; :func:`one_se_table` -- one row per **k** with the rule;
* :func:`read_k` -- the k read from the rule; :func:`selection_grid_edges` -- one row per **seed set x k range**
  with edge picks flagged; :func:`edge_support` -- one row per **k** (non-edge picks);
  :func:`selection_by_splits` -- one row per **block of splits**; :func:`paired_difference` -- one criterion's
  margin at two k, paired over splits;
* :func:`cached_sweep` -- the precomputed tables in ``data/derived/`` when the settings (with the corpus
  fingerprint) match, else computed.
"""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from helpers.paths import PROJECT_ROOT
from helpers.topics.dtm import DTM, split_units
from helpers.topics.fit import fit_model, subset_dtm
from helpers.topics.evaluate import _set_scores, npmi_matrix, random_sets, top_indices
from helpers.topics.solutions import matched_similarity, term_agreement

DERIVED = PROJECT_ROOT / "data" / "derived"
SWEEP_FILES = {"runs": "topics_sweep_runs.csv", "pairs": "topics_sweep_pairs.csv",
               "subsamples": "topics_sweep_subsamples.csv", "comeback": "topics_sweep_comeback.csv"}
SWEEP_SETTINGS = "topics_sweep_settings.json"
CRITERIA = ("coherence", "stability", "subsample")
"""The three criteria, each read as a margin over its null (``<criterion>_margin``, ``<criterion>_se``)."""


def permuted_dtm(dtm: DTM, seed) -> DTM:
    """The null matrix: each **term's** column permuted independently across units (``seed``: an int or a
    sequence of ints, as ``numpy.random.default_rng`` takes).

    Keeps every term's frequency and weights; destroys which terms occur together. A tf-idf matrix's rows are
    scaled back to length 1 afterwards (as the vectoriser does), so the null differs from the data only in
    co-occurrence. Same units table."""
    rng = np.random.default_rng(seed)
    x = dtm.matrix.tocsc()
    cols = []
    for j in range(x.shape[1]):
        col = x[:, j].toarray().ravel()
        cols.append(sparse.csc_matrix(col[rng.permutation(len(col))][:, None]))
    m = sparse.hstack(cols).tocsr() if cols else dtm.matrix
    if dtm.weighting == "tfidf":  # the same pipeline on a matrix without co-occurrence: rows back to length 1
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        m = sparse.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ m
        m = m.tocsr()
    return DTM(m, dtm.terms, dtm.units, dtm.weighting, {**dtm.settings, "permuted": str(seed)}, [])


def split_list(units: pd.DataFrame, split_seed: int, n_splits: int) -> list[pd.Series]:
    """``n_splits`` random half splits of the units, within documents (:func:`split_units` with
    ``split_seed + i``), one ``a``/``b`` label per unit each."""
    return [split_units(units, seed=split_seed + i) for i in range(n_splits)]


def _rng(*key: int) -> np.random.Generator:
    return np.random.default_rng([int(x) for x in key])


def within_document_permuted(dtm: DTM, seed) -> DTM:
    """The within-document null: each **term's** column permuted across the units *of the same document*
    (``doc_id``). Keeps every document's vocabulary and term frequencies; destroys which terms share a unit
    inside a document. A model of it can still find each article's vocabulary, nothing finer. tf-idf rows are
    scaled back to length 1."""
    rng = np.random.default_rng(seed)
    x = dtm.matrix.toarray()
    groups = [np.flatnonzero(dtm.units["doc_id"].to_numpy() == d) for d in sorted(dtm.units["doc_id"].unique())]
    for j in range(x.shape[1]):
        for idx in groups:
            x[idx, j] = x[idx[rng.permutation(len(idx))], j]
    if dtm.weighting == "tfidf":
        norms = np.sqrt((x ** 2).sum(axis=1, keepdims=True))
        x = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)
    return DTM(sparse.csr_matrix(x), dtm.terms, dtm.units, dtm.weighting,
               {**dtm.settings, "within_document": str(seed)}, [])


def sweep_tables(dtm: DTM, model: str, ks, seeds: list[int], splits: list[pd.Series], n_terms: int = 10,
                 n_subsamples: int = 4, seed: int = 0, only=None) -> dict[str, pd.DataFrame]:
    """The k sweep with nulls, as three tidy tables (every random draw seeded by its own key, so any slice can
    be recomputed alone; ``only`` = ``(ks, split indices, seeds)`` restricts the work to a slice):

    * ``runs``: one row per **k x split x half x seed**: ``coherence`` (mean held-out NPMI of the topics' top
      terms on the other half), ``null_coherence`` (the same for the model fitted, with the same seed, to the
      column-permuted training half, permutation key ``(seed, split, half)``), ``baseline`` (frequency-matched
      random terms, same half; for reference), ``fit``;
    * ``pairs``: one row per **k x split x half x kind x pair of seeds** (``kind``: observed / permuted):
      ``similarity`` (matched cosine);
    * ``subsamples``: one row per **k x repetition x kind x subsample**: ``agreement`` (Greene top-term
      agreement of an 80 % subsample model with the full-data model; repetition r uses reference seed
      ``seed + r`` and the permutation key ``(seed, 7, r)``; the half split plays no part).
    """
    runs, pairs, subs = [], [], []
    binary = dtm.binary.toarray()
    for r, halves in enumerate(splits):
        if only is not None and r not in only[1]:
            continue
        half_of = halves.reindex(dtm.units["unit_id"].astype(str)).to_numpy()
        masks = {h: half_of == h for h in ("a", "b")}
        npmi = {h: npmi_matrix(binary[masks[h]]) for h in masks}
        df = {h: binary[masks[h]].sum(axis=0) for h in masks}
        nulls = {h: permuted_dtm(subset_dtm(dtm, masks[h]), seed=[seed, r, hi]) for hi, h in enumerate("ab")}
        for k in ks:
            if only is not None and k not in only[0]:
                continue
            for hi, (h, other) in enumerate((("a", "b"), ("b", "a"))):
                fitted = {"observed": [], "permuted": []}
                for s in seeds:
                    if only is not None and s not in only[2]:
                        continue
                    tm, tn = fit_model(dtm, model, k, s, rows=masks[h]), fit_model(nulls[h], model, k, s)
                    idx = top_indices(tm, n_terms)
                    base = random_sets(idx, df[h], _rng(seed, k, r, hi, s))
                    runs.append({"k": int(k), "split": r, "half": h, "seed": s,
                                 "coherence": round(float(_set_scores(npmi[other], idx).mean()), 6),
                                 "null_coherence": round(float(_set_scores(npmi[other],
                                                                           top_indices(tn, n_terms)).mean()), 6),
                                 "baseline": round(float(_set_scores(npmi[other], base).mean()), 6),
                                 "fit": round(float(tm.fit), 6)})
                    fitted["observed"].append(tm)
                    fitted["permuted"].append(tn)
                for kind, models in fitted.items():
                    for x, y in itertools.combinations(models, 2):
                        pairs.append({"k": int(k), "split": r, "half": h, "kind": kind, "seed_a": x.seed,
                                      "seed_b": y.seed,
                                      "similarity": round(matched_similarity(x.topic_terms, y.topic_terms), 6)})
            for kind, m in (("observed", dtm), ("permuted", permuted_dtm(dtm, seed=[seed, 7, r]))):
                ref = fit_model(m, model, k, seed + r)
                for i in range(n_subsamples):
                    idx = np.sort(_rng(seed, k, r, i).choice(m.shape[0], size=int(round(0.8 * m.shape[0])),
                                                            replace=False))
                    sub = fit_model(m, model, k, seed + r, rows=idx)
                    subs.append({"k": int(k), "repetition": r, "kind": kind, "subsample": i,
                                 "agreement": round(term_agreement(ref, sub, n_terms), 6)})
    return {"runs": pd.DataFrame(runs), "pairs": pd.DataFrame(pairs), "subsamples": pd.DataFrame(subs)}


def _mean_se(per_split: pd.Series) -> tuple[float, float]:
    n = len(per_split)
    return float(per_split.mean()), float(per_split.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan")


def _per_split(tables: dict[str, pd.DataFrame], k: int) -> dict[str, tuple[pd.Series, pd.Series]]:
    """For each criterion at ``k``: the data's score and its null's, one value per split (repetition)."""
    runs, pairs, subs = tables["runs"], tables["pairs"], tables["subsamples"]
    r = runs[runs["k"] == k].groupby("split")[["coherence", "null_coherence", "baseline"]].mean()
    p = pairs[pairs["k"] == k].groupby(["split", "kind"])["similarity"].mean().unstack("kind")
    s = subs[subs["k"] == k].groupby(["repetition", "kind"])["agreement"].mean().unstack("kind")
    return {"coherence": (r["coherence"], r["null_coherence"]), "stability": (p["observed"], p["permuted"]),
            "subsample": (s["observed"], s["permuted"]), "baseline": (r["baseline"], r["baseline"])}


def _restrict(tables: dict[str, pd.DataFrame], seeds=None, ks=None, splits=None) -> dict[str, pd.DataFrame]:
    runs, pairs, subs = tables["runs"], tables["pairs"], tables["subsamples"]
    if seeds is not None:
        runs = runs[runs["seed"].isin(seeds)]
        pairs = pairs[pairs["seed_a"].isin(seeds) & pairs["seed_b"].isin(seeds)]
    if ks is not None:
        runs, pairs, subs = (t[t["k"].isin(list(ks))] for t in (runs, pairs, subs))
    if splits is not None:
        runs, pairs = runs[runs["split"].isin(list(splits))], pairs[pairs["split"].isin(list(splits))]
        subs = subs[subs["repetition"].isin(list(splits))]
    return {"runs": runs, "pairs": pairs, "subsamples": subs}


def margin_summary(tables: dict[str, pd.DataFrame], seeds=None, ks=None, splits=None) -> pd.DataFrame:
    """One row per **k**: each criterion's raw score, its null, and the margin (score - null) as mean and
    standard error over splits (``<c>``, ``<c>_null``, ``<c>_margin``, ``<c>_se`` for c in :data:`CRITERIA`;
    coherence's null is the permuted-matrix model's held-out coherence), ``<c>_wins`` (splits -- for subsample
    stability, repetitions -- in which the data beat their own permuted copy) and ``<c>_p`` ((1 + splits in
    which the permuted copy does at least as well) / (1 + splits)), ``coherence_random`` (the random-term
    baseline, for reference), plus ``n_splits``, ``n_seeds``. The SE is over split draws of the same units: it
    says how precisely the average over draws is known (it shrinks as splits are added), not how the margin
    would vary over other texts. ``seeds`` / ``ks`` / ``splits`` restrict to a seed set / a k range / some
    split indices (subsample stability does not depend on the seeds; its repetitions follow ``splits``)."""
    t = _restrict(tables, seeds, ks, splits)
    rows = []
    for k in sorted(t["runs"]["k"].unique()):
        per = _per_split(t, k)
        row = {"k": int(k)}
        for name in CRITERIA:
            obs, nul = per[name]
            m, se = _mean_se(obs - nul)
            row.update({name: float(obs.mean()), f"{name}_null": float(nul.mean()), f"{name}_margin": m,
                        f"{name}_se": se, f"{name}_wins": int((obs > nul + 1e-12).sum()),
                        f"{name}_p": float((1 + (nul >= obs - 1e-12).sum()) / (1 + len(obs)))})
        row.update({"coherence_random": float(per["baseline"][0].mean()), "n_splits": int(len(per["coherence"][0])),
                    "n_seeds": int(t["runs"].loc[t["runs"]["k"] == k, "seed"].nunique())})
        rows.append(row)
    return pd.DataFrame(rows)


def paired_difference(tables: dict[str, pd.DataFrame], criterion: str, k_a: int, k_b: int) -> dict:
    """The margin of ``criterion`` at ``k_a`` minus its margin at ``k_b``, paired over splits (repetitions):
    ``difference`` (mean), ``se`` (over splits), ``n_splits``."""
    a, b = (_per_split(tables, k)[criterion] for k in (k_a, k_b))
    d = (a[0] - a[1]) - (b[0] - b[1])
    m, se = _mean_se(d.dropna())
    return {"criterion": criterion, "k_a": int(k_a), "k_b": int(k_b), "difference": m, "se": se,
            "n_splits": int(d.notna().sum())}


def one_se_table(summary: pd.DataFrame, decimals: int = 3) -> pd.DataFrame:
    """One row per **k**: for each criterion ``ok_<c>`` (margin >= best margin - SE of the best k; values
    rounded to ``decimals``), ``n_ok`` and ``defensible`` (acceptable on every criterion)."""
    out = summary[["k"]].copy()
    for c in CRITERIA:
        m, se = summary[f"{c}_margin"].round(decimals), summary[f"{c}_se"].round(decimals)
        best = int(m.idxmax())
        tol = 0.0 if pd.isna(se[best]) else float(se[best])
        out[f"ok_{c}"] = (m >= m[best] - tol).to_numpy()
    out["n_ok"] = out[[f"ok_{c}" for c in CRITERIA]].sum(axis=1).astype(int)
    out["defensible"] = out["n_ok"] == len(CRITERIA)
    return out.reset_index(drop=True)


def read_k(rule: pd.DataFrame) -> tuple[int, int]:
    """The k read from :func:`one_se_table`: the **smallest defensible** k (a choice for readability: fewer,
    broader topics); if no k is acceptable on every criterion, the smallest k acceptable on the most.
    Returns the k and the number of criteria on which it is acceptable."""
    top = int(rule["n_ok"].max())
    return int(rule.loc[rule["n_ok"] == top, "k"].min()), top


def selection_grid_edges(tables: dict[str, pd.DataFrame], seed_sets: dict[str, list[int]],
                         k_ranges: dict[str, list[int]]) -> pd.DataFrame:
    """One row per **seed set x k range**: the one-SE rule applied to that part of the sweep.

    Columns ``seed_set``, ``k_range``, ``defensible`` (the k within one SE on every criterion, as text),
    ``chosen_k`` (:func:`read_k`), ``at_edge`` (the chosen k is the largest k of the range, or its smallest when
    the range was cut above the smallest k of the sweep: such a choice may only say that the range was cut
    there, so it is not counted as support; a choice at the sweep's own smallest k is not flagged)."""
    floor = int(tables["runs"]["k"].min())
    rows = []
    for (sname, seeds), (rname, ks) in itertools.product(seed_sets.items(), k_ranges.items()):
        rule = one_se_table(margin_summary(tables, seeds, ks))
        k, _ = read_k(rule)
        rows.append({"seed_set": sname, "k_range": rname,
                     "defensible": " ".join(str(int(x)) for x in rule.loc[rule["defensible"], "k"]) or "none",
                     "chosen_k": k, "at_edge": k == max(ks) or (k == min(ks) and min(ks) > floor)})
    return pd.DataFrame(rows)


def selection_by_splits(tables: dict[str, pd.DataFrame], blocks: dict[str, list[int]]) -> pd.DataFrame:
    """One row per **block of splits**: the one-SE rule applied to those splits only (all seeds and k):
    ``splits``, ``defensible`` (as text), ``chosen_k`` and ``n_ok`` (:func:`read_k`)."""
    rows = []
    for name, idx in blocks.items():
        rule = one_se_table(margin_summary(tables, splits=idx))
        k, n_ok = read_k(rule)
        rows.append({"splits": name, "defensible": " ".join(str(int(x)) for x in rule.loc[rule["defensible"], "k"])
                     or "none", "chosen_k": k, "n_ok": n_ok})
    return pd.DataFrame(rows)


def edge_support(grid: pd.DataFrame) -> pd.DataFrame:
    """One row per **k** chosen anywhere in ``grid``: ``n_chosen``, ``n_at_edge``, ``support`` (choices not at
    a range edge, the only ones counted as support), sorted by k."""
    g = grid.groupby("chosen_k").agg(n_chosen=("at_edge", "size"), n_at_edge=("at_edge", "sum")).reset_index()
    g = g.rename(columns={"chosen_k": "k"})
    g["n_at_edge"] = g["n_at_edge"].astype(int)
    g["support"] = g["n_chosen"] - g["n_at_edge"]
    return g.sort_values("k").reset_index(drop=True)


def sweep_settings(**settings) -> dict:
    """The settings that determine the sweep tables, as JSON-comparable values (tuples become lists)."""
    return json.loads(json.dumps(settings, default=list))


def write_sweep(tables: dict[str, pd.DataFrame], settings: dict, folder: Path | None = None) -> None:
    """Write the sweep tables and their settings to ``data/derived/`` (or ``folder``)."""
    folder = Path(folder) if folder is not None else DERIVED
    for name, fname in SWEEP_FILES.items():
        tables[name].to_csv(folder / fname, index=False, encoding="utf-8")
    (folder / SWEEP_SETTINGS).write_text(json.dumps(sweep_settings(**settings), indent=1) + "\n", encoding="utf-8")


def stored_sweep_settings(folder: Path | None = None) -> dict | None:
    """The settings of the stored sweep tables, or None when there are none."""
    path = (Path(folder) if folder is not None else DERIVED) / SWEEP_SETTINGS
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def cached_sweep(settings: dict, compute, folder: Path | None = None) -> tuple[dict[str, pd.DataFrame], bool]:
    """The sweep tables: read from ``data/derived/`` when they were computed with exactly ``settings`` (which
    include the corpus fingerprint), else ``compute()`` (slow: minutes). Returns the tables and whether they
    were read from the store."""
    folder = Path(folder) if folder is not None else DERIVED
    if stored_sweep_settings(folder) == sweep_settings(**settings):
        tables = {name: pd.read_csv(folder / fname, keep_default_na=False) for name, fname in SWEEP_FILES.items()}
        for t in tables.values():
            for c in ("half", "kind", "name"):
                if c in t.columns:
                    t[c] = t[c].astype(str)
        return tables, True
    return compute(), False
