"""Topic models, part 7: choosing k from margins over chance, repeated splits and a one-standard-error rule.

Every criterion is read as a **margin over its own null**, because raw scores favour small k almost
automatically (two topics are easy to find again, whatever the data):

* held-out coherence minus a random-term baseline (frequency-matched terms, scored the same way);
* seed stability (matched cosine between seeds fitted to the same half) minus the same measure on a
  **column-permuted** matrix, in which each term's column is shuffled across units: term frequencies are kept,
  co-occurrence is destroyed, so whatever stability remains is what k alone produces;
* subsample stability (Greene et al. 2014: top-term agreement of 80 % subsamples with a full-data model)
  minus the same on the column-permuted matrix.

The units are split into two halves (within documents) ``n_splits`` times; every margin is computed per split
and reported as mean and standard error over splits. One-SE rule: on each criterion every k whose margin is
within one SE (of the best k) of the best margin is acceptable; k is *defensible* when it is acceptable on
every criterion.

* :func:`permuted_dtm` -- the null matrix; :func:`split_list` -- one half split per split index;
* :func:`sweep_tables` -- per **k x split x half x seed** (runs), **pair of seeds** (pairs), **subsample**;
* :func:`margin_summary` -- one row per **k**; :func:`one_se_table` -- one row per **k** with the rule;
* :func:`read_k` -- the k read from the defensible set; :func:`selection_grid_edges` -- one row per
  **seed set x k range** with edge picks flagged; :func:`edge_support` -- one row per **k** (non-edge picks);
* :func:`cached_sweep` -- the precomputed tables in ``data/derived/`` when the settings match, else computed.
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
from helpers.topics.evaluate import _set_scores, half_sample_fits, npmi_matrix, random_sets, top_indices
from helpers.topics.fit import fit_model
from helpers.topics.solutions import matched_similarity, term_agreement

DERIVED = PROJECT_ROOT / "data" / "derived"
SWEEP_FILES = {"runs": "topics_sweep_runs.csv", "pairs": "topics_sweep_pairs.csv",
               "subsamples": "topics_sweep_subsamples.csv"}
SWEEP_SETTINGS = "topics_sweep_settings.json"
CRITERIA = ("coherence", "stability", "subsample")
"""The three criteria, each read as a margin over its null (``<criterion>_margin``, ``<criterion>_se``)."""


def permuted_dtm(dtm: DTM, seed: int) -> DTM:
    """The null matrix: each **term's** column permuted independently across units (``seed``).

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
    return DTM(m, dtm.terms, dtm.units, dtm.weighting, {**dtm.settings, "permuted": seed}, [])


def split_list(units: pd.DataFrame, split_seed: int, n_splits: int) -> list[pd.Series]:
    """``n_splits`` random half splits of the units, within documents (:func:`split_units` with
    ``split_seed + i``), one ``a``/``b`` label per unit each."""
    return [split_units(units, seed=split_seed + i) for i in range(n_splits)]


def _rng(*key: int) -> np.random.Generator:
    return np.random.default_rng([int(x) for x in key])


def sweep_tables(dtm: DTM, model: str, ks, seeds: list[int], splits: list[pd.Series], n_terms: int = 10,
                 n_subsamples: int = 4, seed: int = 0, only=None) -> dict[str, pd.DataFrame]:
    """The k sweep with nulls, as three tidy tables (every random draw seeded by its own key, so any slice can
    be recomputed alone; ``only`` = ``(ks, split indices, seeds)`` restricts the work to a slice):

    * ``runs``: one row per **k x split x half x seed**: ``coherence`` (mean held-out NPMI of the topics'
      top terms on the other half), ``baseline`` (frequency-matched random terms, same half), ``fit``;
    * ``pairs``: one row per **k x split x half x kind x pair of seeds** (``kind``: observed / permuted, the null
      fitted to the column-permuted matrix of that split): ``similarity`` (matched cosine);
    * ``subsamples``: one row per **k x split x kind x subsample**: ``agreement`` (Greene top-term agreement of
      an 80 % subsample model with the full-data model; reference seed ``seed + split``).
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
        null = permuted_dtm(dtm, seed=seed * 1000 + r)
        for k in ks:
            if only is not None and k not in only[0]:
                continue
            for hi, (h, other) in enumerate((("a", "b"), ("b", "a"))):
                fitted = {"observed": [], "permuted": []}
                for s in seeds:
                    if only is not None and s not in only[2]:
                        continue
                    tm = fit_model(dtm, model, k, s, rows=masks[h])
                    idx = top_indices(tm, n_terms)
                    base = random_sets(idx, df[h], _rng(seed, k, r, hi, s))
                    runs.append({"k": int(k), "split": r, "half": h, "seed": s,
                                 "coherence": round(float(_set_scores(npmi[other], idx).mean()), 6),
                                 "baseline": round(float(_set_scores(npmi[other], base).mean()), 6),
                                 "fit": round(float(tm.fit), 6)})
                    fitted["observed"].append(tm)
                    fitted["permuted"].append(fit_model(null, model, k, s, rows=masks[h]))
                for kind, models in fitted.items():
                    for x, y in itertools.combinations(models, 2):
                        pairs.append({"k": int(k), "split": r, "half": h, "kind": kind, "seed_a": x.seed,
                                      "seed_b": y.seed,
                                      "similarity": round(matched_similarity(x.topic_terms, y.topic_terms), 6)})
            for kind, m in (("observed", dtm), ("permuted", null)):
                ref = fit_model(m, model, k, seed + r)
                for i in range(n_subsamples):
                    idx = np.sort(_rng(seed, k, r, i).choice(m.shape[0], size=int(round(0.8 * m.shape[0])),
                                                            replace=False))
                    sub = fit_model(m, model, k, seed + r, rows=idx)
                    subs.append({"k": int(k), "split": r, "kind": kind, "subsample": i,
                                 "agreement": round(term_agreement(ref, sub, n_terms), 6)})
    return {"runs": pd.DataFrame(runs), "pairs": pd.DataFrame(pairs), "subsamples": pd.DataFrame(subs)}


def _mean_se(per_split: pd.Series) -> tuple[float, float]:
    n = len(per_split)
    return float(per_split.mean()), float(per_split.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan")


def margin_summary(tables: dict[str, pd.DataFrame], seeds=None, ks=None) -> pd.DataFrame:
    """One row per **k**: each criterion's raw score, its null, and the margin (score - null) as mean and
    standard error over splits (``<c>``, ``<c>_null``, ``<c>_margin``, ``<c>_se`` for c in :data:`CRITERIA`;
    coherence's null is the random-term ``baseline``), plus ``n_splits``, ``n_seeds``.
    ``seeds`` / ``ks`` restrict to a seed set / a k range (subsample stability does not depend on the seeds)."""
    runs, pairs, subs = tables["runs"], tables["pairs"], tables["subsamples"]
    if seeds is not None:
        runs = runs[runs["seed"].isin(seeds)]
        pairs = pairs[pairs["seed_a"].isin(seeds) & pairs["seed_b"].isin(seeds)]
    if ks is not None:
        runs, pairs, subs = (t[t["k"].isin(list(ks))] for t in (runs, pairs, subs))
    rows = []
    for k in sorted(runs["k"].unique()):
        r = runs[runs["k"] == k].groupby("split")[["coherence", "baseline"]].mean()
        p = pairs[pairs["k"] == k].groupby(["split", "kind"])["similarity"].mean().unstack("kind")
        s = subs[subs["k"] == k].groupby(["split", "kind"])["agreement"].mean().unstack("kind")
        row = {"k": int(k)}
        for name, obs, nul in (("coherence", r["coherence"], r["baseline"]),
                               ("stability", p["observed"], p["permuted"]), ("subsample", s["observed"], s["permuted"])):
            m, se = _mean_se(obs - nul)
            row.update({name: float(obs.mean()), f"{name}_null": float(nul.mean()), f"{name}_margin": m,
                        f"{name}_se": se})
        row.update({"n_splits": int(len(r)), "n_seeds": int(runs.loc[runs["k"] == k, "seed"].nunique())})
        rows.append(row)
    return pd.DataFrame(rows)


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


def read_k(rule: pd.DataFrame) -> tuple[int, str]:
    """The k read from :func:`one_se_table`: the **smallest defensible** k (a choice for readability: fewer,
    broader topics); if no k is acceptable on every criterion, the smallest k acceptable on the most.
    Returns the k and a sentence saying which case applied."""
    if rule["defensible"].any():
        ks = sorted(int(k) for k in rule.loc[rule["defensible"], "k"])
        return ks[0], (f"the defensible k (within one SE of the best margin on all {len(CRITERIA)} criteria) are "
                       f"{', '.join(map(str, ks))}; the smallest is read, a choice for readability "
                       "(fewer, broader topics), not a verdict of the data")
    top = int(rule["n_ok"].max())
    k = int(rule.loc[rule["n_ok"] == top, "k"].min())
    return k, (f"no k is within one SE of the best margin on every criterion; k = {k} is the smallest k "
               f"acceptable on {top} of {len(CRITERIA)}")


def selection_grid_edges(tables: dict[str, pd.DataFrame], seed_sets: dict[str, list[int]],
                         k_ranges: dict[str, list[int]]) -> pd.DataFrame:
    """One row per **seed set x k range**: the one-SE rule applied to that part of the sweep.

    Columns ``seed_set``, ``k_range``, ``defensible`` (the k within one SE on every criterion, as text),
    ``chosen_k`` (:func:`read_k`), ``at_edge`` (the chosen k is the smallest or largest k of the range: a rule
    that lands on the edge may only say that the range was cut there, so it is not counted as support)."""
    rows = []
    for (sname, seeds), (rname, ks) in itertools.product(seed_sets.items(), k_ranges.items()):
        rule = one_se_table(margin_summary(tables, seeds, ks))
        k, _ = read_k(rule)
        rows.append({"seed_set": sname, "k_range": rname,
                     "defensible": " ".join(str(int(x)) for x in rule.loc[rule["defensible"], "k"]) or "none",
                     "chosen_k": k, "at_edge": k in (min(ks), max(ks))})
    return pd.DataFrame(rows)


def edge_support(grid: pd.DataFrame) -> pd.DataFrame:
    """One row per **k** chosen anywhere in ``grid``: ``n_chosen``, ``n_at_edge``, ``support`` (choices not at
    a range edge, the only ones counted as support), sorted by k."""
    g = grid.groupby("chosen_k").agg(n_chosen=("at_edge", "size"), n_at_edge=("at_edge", "sum")).reset_index()
    g = g.rename(columns={"chosen_k": "k"})
    g["n_at_edge"] = g["n_at_edge"].astype(int)
    g["support"] = g["n_chosen"] - g["n_at_edge"]
    return g.sort_values("k").reset_index(drop=True)


def grid_sentence(grid: pd.DataFrame, support: pd.DataFrame) -> str:
    """A sentence on the seed set x k range grid: how many choices land on a range edge, which k have support."""
    sup = support[support["support"] > 0]
    inner = grid[~grid["at_edge"]]
    parts = []
    for r in sup.itertuples():
        sets = sorted(set(inner.loc[inner["chosen_k"] == r.k, "seed_set"]))
        parts.append(f"k = {r.k} in {r.support}" + (
            f" (all from one seed set, {sets[0]}, in overlapping k ranges: one piece of support, not {r.support})"
            if len(sets) == 1 and r.support > 1 else f" (from {len(sets)} seed sets)" if len(sets) > 1 else ""))
    sup_txt = ", ".join(parts) if len(sup) else "no k is chosen away from a range edge"
    lo = int(sum(r.at_edge and r.chosen_k == int(r.k_range.split("–")[0]) for r in grid.itertuples()))
    return (f"Across {grid['seed_set'].nunique()} seed sets x {grid['k_range'].nunique()} k ranges "
            f"({len(grid)} applications of the one-SE rule), {int(grid['at_edge'].sum())} choices land on an edge "
            f"of their range ({lo} on the lower edge: the rule would go lower if the range allowed) and are not "
            f"counted; support away from the edges: {sup_txt}.")


def margin_sentences(summary: pd.DataFrame, rule: pd.DataFrame, k: int) -> list[str]:
    """One sentence per **criterion**: its margin over the null at k (mean ± SE over splits), the best k and
    the k within one SE of it."""
    s = summary.set_index("k").round(3)
    names = {"coherence": "Held-out coherence minus random terms",
             "stability": "Seed stability minus the permuted-matrix null",
             "subsample": "Subsample stability minus the permuted-matrix null"}
    out = []
    for c in CRITERIA:
        ok = [int(x) for x in rule.loc[rule[f"ok_{c}"], "k"]]
        out.append(f"{names[c]} at k = {k}: {s.loc[k, f'{c}_margin']:+.3f} ± {s.loc[k, f'{c}_se']:.3f} (SE over "
                   f"{int(s.loc[k, 'n_splits'])} splits); best at k = {int(s[f'{c}_margin'].idxmax())} "
                   f"({s[f'{c}_margin'].max():+.3f}); within one SE of the best: k = {', '.join(map(str, ok))}.")
    return out


def corpus_fingerprint(units: pd.DataFrame) -> str:
    """A short hash of the **units** (``unit_id`` and ``text``, sorted by id): part of the settings under which
    stored sweep and null tables are valid, so that adding, removing or editing a document recomputes them."""
    import hashlib

    h = hashlib.sha256()
    for uid, txt in sorted(zip(units["unit_id"].astype(str), units["text"].astype(str))):
        h.update(uid.encode("utf-8") + b"\t" + txt.encode("utf-8") + b"\n")
    return h.hexdigest()[:16]


def sweep_settings(**settings) -> dict:
    """The settings that determine the sweep tables, as JSON-comparable values (tuples become lists)."""
    return json.loads(json.dumps(settings, default=list))


def write_sweep(tables: dict[str, pd.DataFrame], settings: dict, folder: Path | None = None) -> None:
    """Write the three sweep tables and their settings to ``data/derived/`` (or ``folder``)."""
    folder = Path(folder) if folder is not None else DERIVED
    for name, fname in SWEEP_FILES.items():
        tables[name].to_csv(folder / fname, index=False, encoding="utf-8")
    (folder / SWEEP_SETTINGS).write_text(json.dumps(sweep_settings(**settings), indent=1) + "\n", encoding="utf-8")


def stored_sweep_settings(folder: Path | None = None) -> dict | None:
    """The settings of the stored sweep tables, or None when there are none."""
    path = (Path(folder) if folder is not None else DERIVED) / SWEEP_SETTINGS
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def cached_sweep(settings: dict, compute, folder: Path | None = None) -> tuple[dict[str, pd.DataFrame], str]:
    """The sweep tables: read from ``data/derived/`` when they were computed with exactly ``settings``,
    else ``compute()`` (slow: minutes). Returns the tables and a sentence saying which happened."""
    folder = Path(folder) if folder is not None else DERIVED
    if stored_sweep_settings(folder) == sweep_settings(**settings):
        tables = {name: pd.read_csv(folder / fname, keep_default_na=False) for name, fname in SWEEP_FILES.items()}
        for t in tables.values():
            for c in ("half", "kind"):
                if c in t.columns:
                    t[c] = t[c].astype(str)
        return tables, ("The sweep was precomputed with these settings by `python3 scripts/derive_topic_sweep.py` "
                        "and is read from data/derived/ (tests/test_topics_select.py recomputes a slice).")
    return compute(), "The sweep was computed in this run (the settings differ from the precomputed tables)."


def heldout_coherence(dtm: DTM, model: str, k: int, seeds: list[int], splits: list[pd.Series], n_terms: int = 10,
                      seed: int = 0) -> pd.DataFrame:
    """One row per **split x half x seed** at one k: held-out ``coherence`` of the topics fitted to the half,
    the random-term ``baseline`` on the same reference half, and their ``margin`` (no nulls, no subsamples:
    the part of :func:`sweep_tables` needed to report coherence on splits the choice of k never saw)."""
    rows = []
    for r, hi, h, ref, df, s, tm in half_sample_fits(dtm, model, k, seeds, splits):
        idx = top_indices(tm, n_terms)
        base = random_sets(idx, df, _rng(seed, k, 10_000 + r, hi, s))
        c, b = float(_set_scores(ref, idx).mean()), float(_set_scores(ref, base).mean())
        rows.append({"split": r, "half": h, "seed": s, "coherence": c, "baseline": b, "margin": c - b})
    return pd.DataFrame(rows)


def coherence_interval(runs: pd.DataFrame, level: float = 0.95) -> dict:
    """Mean over **splits** of :func:`heldout_coherence` (each split's runs averaged first): ``coherence``,
    ``baseline``, ``margin``, ``se`` (of the margin over splits), ``low``/``high`` (t interval, ``level``),
    ``n_splits``."""
    from scipy import stats
    per = runs.groupby("split")[["coherence", "baseline", "margin"]].mean()
    n = len(per)
    m, se = _mean_se(per["margin"])
    t = float(stats.t.ppf((1 + level) / 2, n - 1)) if n > 1 else float("nan")
    return {"coherence": float(per["coherence"].mean()), "baseline": float(per["baseline"].mean()), "margin": m,
            "se": se, "low": m - t * se, "high": m + t * se, "n_splits": n}


def evidence_sentence(rule: pd.DataFrame, k: int) -> str:
    """A plain sentence on what the one-SE table supports: the defensible k, or that the evidence supports no k
    and the k read is a default for readability."""
    dk = [int(x) for x in rule.loc[rule["defensible"], "k"]]
    if not dk:
        return (f"In plain words: the evidence supports no number of topics (no k is acceptable on all "
                f"{len(CRITERIA)} criteria). k = {k} is read as a default for readability, not because the data "
                f"choose it.")
    return (f"Defensible k: {', '.join(map(str, dk))}; the notebook reads k = {k}"
            + ("." if k in dk else ", which is outside the defensible set."))
