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
  the run read; :func:`agreement_null` -- the same for both models fitted to the same permuted matrix, one row
  per **permutation x run of the other model**; :func:`agreement_levels` -- the median over runs against the
  permutations;
* :func:`null_tables`, :func:`write_nulls`, :func:`cached_nulls` -- the stored null tables (``data/derived/``).
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


def model_agreement(tm: TopicModel, others: list[TopicModel]) -> pd.DataFrame:
    """One row per **run of the other model**: ``seed``, ``matched_cosine`` (mean cosine of the Hungarian-matched
    topics) and ``unit_agreement`` (:func:`unit_agreement`) with the run read."""
    return pd.DataFrame([{"seed": o.seed, "matched_cosine": matched_similarity(tm.topic_terms, o.topic_terms),
                          "unit_agreement": unit_agreement(tm, o)} for o in others])


def agreement_null(dtms: dict[str, DTM], model: str, k: int, other_seeds: list[int], n_perm: int = 20,
                   seed: int = 0) -> pd.DataFrame:
    """One row per **permutation x run of the other model**: ``model`` (seed ``seed``) and the other model (each
    of ``other_seeds``) fitted to the *same* column-permuted matrix (tf-idf for NMF, counts for LDA, the same
    permutation), with :func:`model_agreement`'s ``matched_cosine`` and ``unit_agreement``."""
    other = "lda" if model == "nmf" else "nmf"
    pairs = zip(permuted_matrices(dtms[model], n_perm, seed), permuted_matrices(dtms[other], n_perm, seed))
    parts = []
    for p, (m, o) in enumerate(pairs):
        tm = fit_model(m, model, k, seed)
        parts.append(model_agreement(tm, [fit_model(o, other, k, s) for s in other_seeds]).assign(perm=p))
    return pd.concat(parts, ignore_index=True)[["perm", "seed", "matched_cosine", "unit_agreement"]]


def agreement_levels(runs: pd.DataFrame, null: pd.DataFrame) -> pd.DataFrame:
    """One row per **agreement statistic** (``matched_cosine``, ``unit_agreement``): ``data`` (median over the
    other model's runs), ``data_low``/``data_high`` (5th and 95th percentiles over those runs), ``null_mean``,
    ``null_95`` (over permutations of each permutation's median over runs), ``p_value``, ``n_perm``."""
    rows = []
    for stat in ("matched_cosine", "unit_agreement"):
        med = float(runs[stat].median())
        per = null.groupby("perm")[stat].median()
        rows.append({"statistic": stat, "data": med, "data_low": float(runs[stat].quantile(0.05)),
                     "data_high": float(runs[stat].quantile(0.95)), "null_mean": float(per.mean()),
                     "null_95": float(per.quantile(0.95)),
                     "p_value": float((1 + (per >= med - 1e-12).sum()) / (1 + len(per))), "n_perm": int(len(per))})
    return pd.DataFrame(rows)


NULL_FILES = ("chance", "other_chance", "solutions", "coherence", "frequent", "agreement")
"""The null tables of :func:`null_tables`, stored as ``data/derived/topics_nulls_<name>.csv``."""
NULL_SETTINGS = "topics_nulls_settings.json"


def null_tables(dtms: dict[str, DTM], model: str, k: int, run_seeds: list[int], coherence_seeds: list[int],
                eval_splits: list, other_seeds: list[int], n_perm: int = 20, seed: int = 0, threshold: float = 0.9,
                n_terms: int = 10) -> dict[str, pd.DataFrame]:
    """Every null at k of the evidence notebook, each over ``n_perm`` permutations: ``chance`` / ``other_chance``
    (:func:`chance_fits` of ``model`` / the other model), ``solutions`` (:func:`null_solutions`), ``coherence``
    (:func:`helpers.topics.coherence.heldout_runs` on the fresh ``eval_splits``: the data, the permuted-matrix
    and the within-document nulls), ``frequent`` (the most frequent terms, no model) and ``agreement``
    (:func:`agreement_null`)."""
    other = "lda" if model == "nmf" else "nmf"
    dtm = dtms[model]
    return {"chance": chance_fits(dtm, model, k, n_perm, seed),
            "other_chance": chance_fits(dtms[other], other, k, n_perm, seed),
            "solutions": null_solutions(dtm, model, k, run_seeds, n_perm, seed, threshold),
            "coherence": heldout_runs(dtm, model, k, coherence_seeds, eval_splits, n_terms, seed, n_perm),
            "frequent": frequent_terms_coherence(dtm, eval_splits, n_terms, seed),
            "agreement": agreement_null(dtms, model, k, other_seeds, n_perm, seed)}


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
                t[c] = t[c].astype(str) if c in ("half", "source") else pd.to_numeric(t[c].replace("", np.nan))
        return tables, True
    return compute(), False
