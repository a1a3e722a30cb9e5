"""Topic models: what shuffled data give at the k read -- every null over permutations, with its spread.

Every statistic of the evidence notebook at the k read is set beside the same statistic on **column-permuted**
matrices (:func:`helpers.topics.select.permuted_dtm`: each term's column shuffled across units, so term
frequencies are kept and co-occurrence is destroyed), each over ``n_perm`` permutations (20 by default), so that
a null is a distribution over permutations, not one draw:

* :func:`chance_fits` -- one row per **permutation**: the fit of the model on that permuted matrix;
* :func:`fit_levels` -- the fit of the run read against the chance mean and 95th percentile and the ceiling;
* :func:`null_solutions` -- one row per **permutation**: how many solutions the seeds reach on it and how many
  topics every run finds;
* :func:`model_agreement` -- one row per **run of the other model**: matched cosine and unit agreement with
  the run read; :func:`agreement_runs` -- the same on the data and for both models fitted to the same permuted
  matrices, from several reference seeds; :func:`agreement_levels` -- the median over runs against the median
  over as many runs per permutation;
* :func:`data_runs` -- one row per **run** (fit, solution); :func:`reference_check` -- the lesson's check from
  other reference seeds;
* :func:`null_tables`, :func:`write_nulls`, :func:`cached_nulls` -- the stored tables (``data/derived/``).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.topics.coherence import frequent_terms_coherence, heldout_runs
from helpers.topics.dtm import DTM
from helpers.topics.fit import TopicModel, fit_model, variance_explained
from helpers.topics.select import DERIVED, permuted_dtm, sweep_settings
from helpers.topics.solutions import cosine_matrix, hungarian, matched_similarity, solutions, topic_recovery

PERM_OFFSET = 100
"""Permutation p uses ``permuted_dtm(dtm, seed + PERM_OFFSET + p)``: other seeds than the sweep's."""


def permuted_matrices(dtm: DTM, n_perm: int, seed: int = 0) -> list[DTM]:
    """``n_perm`` column-permuted copies of ``dtm`` (permutation p: seed ``seed + PERM_OFFSET + p``). Two DTMs of
    the same shape (counts and tf-idf of one vocabulary) get the same permutation for the same p."""
    return [permuted_dtm(dtm, seed + PERM_OFFSET + p) for p in range(n_perm)]


def chance_fits(dtm: DTM, model: str, k: int, n_perm: int = 20, seed: int = 0) -> pd.DataFrame:
    """One row per **permutation**: ``perm``, ``fit`` of ``model`` at k (seed ``seed``) on that permuted matrix,
    and for NMF ``variance_explained``."""
    rows = []
    for p, null in enumerate(permuted_matrices(dtm, n_perm, seed)):
        m = fit_model(null, model, k, seed)
        rows.append({"perm": p, "fit": m.fit, "variance_explained": variance_explained(m) if model == "nmf" else np.nan})
    return pd.DataFrame(rows)


def fit_levels(fit: float, chance: pd.DataFrame, ceiling: float, better: str) -> dict:
    """The fit of the run read against chance: ``fit``, ``chance_mean``, ``chance_95`` (the 95th percentile of
    chance *performance*: the 5th percentile of an error, the 95th of a bound), ``ceiling``, ``above_chance``
    (fit minus chance mean, positive = better), ``beats_95``, ``p_value`` (share of permutations, plus one, at
    least as good as the run) and ``n_perm``."""
    f = chance["fit"].to_numpy()
    lower = better == "lower"
    c95 = float(np.quantile(f, 0.05 if lower else 0.95))
    gain = (float(f.mean()) - fit) if lower else (fit - float(f.mean()))
    beats = round(fit, 6) < round(c95, 6) if lower else round(fit, 6) > round(c95, 6)
    as_good = (f <= fit + 1e-12) if lower else (f >= fit - 1e-12)
    return {"fit": fit, "chance_mean": float(f.mean()), "chance_95": c95, "ceiling": ceiling,
            "above_chance": gain, "beats_95": bool(beats), "p_value": float((1 + as_good.sum()) / (1 + len(f))),
            "n_perm": len(f)}


def null_solutions(dtm: DTM, model: str, k: int, seeds: list[int], n_perm: int = 20, seed: int = 0,
                   threshold: float = 0.9) -> pd.DataFrame:
    """One row per **permutation**: the runs of ``seeds`` on that permuted matrix clustered into solutions
    (as at the k read): ``n_runs``, ``n_solutions``, ``runs_in_largest``, ``topics_in_every_run`` (topics of its
    best run found in every run)."""
    rows = []
    for p, null in enumerate(permuted_matrices(dtm, n_perm, seed)):
        runs = [fit_model(null, model, k, s) for s in seeds]
        table = solutions(runs, threshold=threshold)
        better = runs[0].better_fit
        best = (min if better == "lower" else max)(runs, key=lambda m: (round(m.fit, 9), m.seed))
        rec = topic_recovery(best, runs, threshold=threshold)
        rows.append({"perm": p, "n_runs": len(runs), "n_solutions": int(table["solution"].nunique()),
                     "runs_in_largest": int(table["solution"].value_counts().max()),
                     "topics_in_every_run": int((rec["n_runs"] == len(runs)).sum())})
    return pd.DataFrame(rows)


def unit_agreement(a: TopicModel, b: TopicModel) -> float:
    """Share of **units** whose top topic in ``a`` is paired (Hungarian algorithm on topic cosine) with their top
    topic in ``b``; both models fitted to the same units in the same order."""
    partner = dict(hungarian(cosine_matrix(a.topic_terms, b.topic_terms)))
    ta, tb = a.unit_topic.round(9).argmax(axis=1), b.unit_topic.round(9).argmax(axis=1)
    return float(np.mean([partner[i] == j for i, j in zip(ta, tb)]))


OTHER_LDA = {"max_iter": 100, "evaluate_every": 5}
"""LDA as the *other* model of the NMF-LDA comparison: batch variational Bayes run until its perplexity changes by
less than scikit-learn's ``perp_tol`` (checked every 5 passes, at most 100), not the 10 passes of
:data:`helpers.topics.fit.LDA_MAX_ITER`, so that the comparison is not weakened by an unconverged LDA."""


def other_options(other: str) -> dict | None:
    """The scikit-learn settings of the other model (:data:`OTHER_LDA` for LDA, NMF's defaults)."""
    return OTHER_LDA if other == "lda" else None


def model_agreement(tm: TopicModel, others: list[TopicModel]) -> pd.DataFrame:
    """One row per **run of the other model**: ``seed``, ``matched_cosine`` (mean cosine of the Hungarian-matched
    topics) and ``unit_agreement`` (:func:`unit_agreement`) with the run read."""
    return pd.DataFrame([{"seed": o.seed, "matched_cosine": matched_similarity(tm.topic_terms, o.topic_terms),
                          "unit_agreement": unit_agreement(tm, o)} for o in others])


def agreement_runs(dtms: dict[str, DTM], model: str, k: int, ref_seeds: list[int], other_seeds: list[int],
                   n_perm: int = 20, seed: int = 0) -> pd.DataFrame:
    """One row per **source x reference seed x run of the other model**: ``perm`` (-1: the data; p: both models
    fitted to the *same* column-permuted matrix p, tf-idf for NMF and counts for LDA), ``ref_seed`` (the seed of
    the ``model`` run compared), ``seed`` (the other model's run) and :func:`model_agreement`'s statistics. The
    data and every permutation get the same reference seeds and the same other-model runs, so that a median over
    runs is compared with medians over as many runs."""
    other = "lda" if model == "nmf" else "nmf"
    sources = [(-1, dtms[model], dtms[other])]
    sources += [(p, m, o) for p, (m, o) in enumerate(zip(permuted_matrices(dtms[model], n_perm, seed),
                                                         permuted_matrices(dtms[other], n_perm, seed)))]
    parts = []
    for p, m, o in sources:
        others = [fit_model(o, other, k, s, options=other_options(other)) for s in other_seeds]
        for r in ref_seeds:
            parts.append(model_agreement(fit_model(m, model, k, r), others).assign(perm=p, ref_seed=r))
    return pd.concat(parts, ignore_index=True)[["perm", "ref_seed", "seed", "matched_cosine", "unit_agreement"]]


def agreement_levels(table: pd.DataFrame, ref_seed: int | None = None, seeds=None) -> pd.DataFrame:
    """One row per **agreement statistic** (``matched_cosine``, ``unit_agreement``) of an :func:`agreement_runs`
    table (one ``ref_seed``, default the smallest; ``seeds``: a subset of the other model's runs, default all):
    ``data`` (median over the other model's runs), ``data_low``/``data_high`` (5th and 95th percentiles over those
    runs), ``null_mean``, ``null_95`` (over permutations, of each permutation's median over the same runs),
    ``p_value`` ((1 + permutations at least as high) / (1 + permutations)), ``n_runs``, ``n_perm``."""
    ref_seed = int(table["ref_seed"].min()) if ref_seed is None else ref_seed
    t = table[table["ref_seed"] == ref_seed]
    if seeds is not None:
        t = t[t["seed"].isin(list(seeds))]
    runs, null = t[t["perm"] == -1], t[t["perm"] >= 0]
    rows = []
    for stat in ("matched_cosine", "unit_agreement"):
        med = float(runs[stat].median())
        per = null.groupby("perm")[stat].median()
        rows.append({"statistic": stat, "data": med, "data_low": float(runs[stat].quantile(0.05)),
                     "data_high": float(runs[stat].quantile(0.95)), "null_mean": float(per.mean()),
                     "null_95": float(per.quantile(0.95)),
                     "p_value": float((1 + (per >= med - 1e-12).sum()) / (1 + len(per))), "n_runs": len(runs),
                     "n_perm": int(len(per))})
    return pd.DataFrame(rows)


def data_runs(dtm: DTM, model: str, k: int, seeds: list[int], threshold: float = 0.9) -> pd.DataFrame:
    """One row per **run** on the data: ``seed``, ``fit``, ``solution`` (:func:`helpers.topics.solutions.solutions`
    at ``threshold``), so that the evidence notebook reads the 50 runs' solutions without refitting them."""
    from helpers.topics.solutions import fit_seeds
    runs = fit_seeds(dtm, model, k, seeds)
    return solutions(runs, threshold=threshold)[["seed", "fit", "solution"]]


def reference_check(dtm: DTM, model: str, k: int, ref_seeds: list[int], n_seeds: int = 10, n_halves: int = 20,
                    n_shuffles: int = 20) -> pd.DataFrame:
    """The lesson's check at ``k`` (:func:`helpers.topics.check.comeback` on the data, ``shuffle`` = -1, and on
    ``n_shuffles`` shuffled copies) from each reference seed in ``ref_seeds``: one row per **reference seed x
    source x topic x refit**, with a ``ref_seed`` column."""
    from helpers.topics import check
    parts = []
    for r in ref_seeds:
        parts.append(check.comeback(dtm.matrix, model, k, r, n_seeds, n_halves, dtm.terms).assign(shuffle=-1,
                                                                                                 ref_seed=r))
        parts.append(check.shuffled_comeback(dtm.matrix, model, k, r, n_seeds, n_halves, n_shuffles).assign(
            name="", ref_seed=r))
    return pd.concat(parts, ignore_index=True)[["ref_seed", "shuffle", "topic", "name", "kind", "draw", "cosine"]]


def solution_seeds(runs: pd.DataFrame) -> dict[str, int]:
    """The smallest seed of each solution of a :func:`data_runs` table, by solution (S1, S2, ...)."""
    first = runs.sort_values("seed").groupby("solution")["seed"].first()
    return {sol: int(first[sol]) for sol in sorted(first.index, key=lambda x: int(x[1:]))}


NULL_FILES = ("chance", "solutions", "coherence", "frequent", "agreement", "runs", "reference")
"""The null tables of :func:`null_tables`, stored as ``data/derived/topics_nulls_<name>.csv``."""
NULL_SETTINGS = "topics_nulls_settings.json"


def null_tables(dtms: dict[str, DTM], model: str, k: int, run_seeds: list[int], coherence_seeds: list[int],
                eval_splits: list, other_seeds: list[int], n_perm: int = 20, seed: int = 0, threshold: float = 0.9,
                n_terms: int = 10, check_sizes: tuple[int, int, int] = (10, 20, 20)) -> dict[str, pd.DataFrame]:
    """Every table at k of the evidence notebook, each null over ``n_perm`` permutations: ``chance``
    (:func:`chance_fits`), ``runs`` (:func:`data_runs` of ``run_seeds``), ``solutions`` (:func:`null_solutions`),
    ``coherence`` (:func:`helpers.topics.coherence.heldout_runs` on the new ``eval_splits``: the data, the
    permuted-matrix and the within-document nulls), ``frequent`` (the most frequent terms, no model),
    ``agreement`` (:func:`agreement_runs` with ``other_seeds``, the reference seed ``seed`` and the first seed of
    every other solution) and ``reference`` (:func:`reference_check` from those seeds, ``check_sizes`` = other
    seeds, halves, shuffled copies)."""
    dtm = dtms[model]
    runs = data_runs(dtm, model, k, run_seeds, threshold)
    refs = [seed] + sorted(s for s in solution_seeds(runs).values() if s != seed)
    return {"chance": chance_fits(dtm, model, k, n_perm, seed), "runs": runs,
            "solutions": null_solutions(dtm, model, k, run_seeds, n_perm, seed, threshold),
            "coherence": heldout_runs(dtm, model, k, coherence_seeds, eval_splits, n_terms, seed, n_perm),
            "frequent": frequent_terms_coherence(dtm, eval_splits, n_terms, seed),
            "agreement": agreement_runs(dtms, model, k, refs, other_seeds, n_perm, seed),
            "reference": reference_check(dtm, model, k, refs, *check_sizes)}


def write_nulls(tables: dict[str, pd.DataFrame], settings: dict, folder=None) -> None:
    """Write the null tables and their settings to ``data/derived/`` (or ``folder``)."""
    folder = Path(folder) if folder is not None else DERIVED
    for name in NULL_FILES:
        tables[name].to_csv(folder / f"topics_nulls_{name}.csv", index=False, encoding="utf-8")
    (folder / NULL_SETTINGS).write_text(json.dumps(sweep_settings(**settings), indent=1) + "\n", encoding="utf-8")


def cached_nulls(settings: dict, compute, folder=None) -> tuple[dict[str, pd.DataFrame], bool]:
    """The null tables: read from ``data/derived/`` when computed with exactly ``settings`` (corpus fingerprint
    included), else ``compute()`` (minutes). Returns the tables and whether they were read from the store."""
    folder = Path(folder) if folder is not None else DERIVED
    path = folder / NULL_SETTINGS
    if path.is_file() and json.loads(path.read_text(encoding="utf-8")) == sweep_settings(**settings):
        tables = {n: pd.read_csv(folder / f"topics_nulls_{n}.csv", keep_default_na=False) for n in NULL_FILES}
        for t in tables.values():
            for c in t.columns:
                t[c] = (t[c].astype(str) if c in ("half", "source", "solution", "name", "kind")
                        else pd.to_numeric(t[c].replace("", np.nan)))
        return tables, True
    return compute(), False
