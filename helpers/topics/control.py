"""Topic models: a positive control for the lesson's check -- topics planted in synthetic matrices of the corpus's
size, so that one can see whether the check can pass a topic that is there.

A synthetic corpus has the real matrix's shape: the same units, each with as many tokens as the real unit has
(over the vocabulary), and the same terms. Each unit is given one of ``k`` **planted topics** (as evenly as
possible, in random order). Each of its tokens comes, with probability ``strength``, from its planted topic, and
otherwise from the corpus's term frequencies (background: terms that share a unit by chance only). Planted topic t
is the corpus's term frequencies restricted to block t of the vocabulary (the terms dealt in order of frequency,
round robin, into ``k`` blocks of about equal weight), so that term frequencies stay close to the corpus's at every
strength. ``strength`` 0 is a negative control (no topic at all); at 1 every unit uses its topic's terms only.
For NMF the counts are weighted as ``TfidfVectorizer`` weights them (tf-idf, rows of length 1).

The check is then run as on the corpus (:func:`helpers.topics.check.comeback` and
:func:`helpers.topics.check.shuffled_comeback`: reference seed, other seeds, half samples each refitted from its
own seed, shuffled copies of the synthetic matrix).

* :func:`planted_counts` -- a units x terms count matrix and each **unit**'s planted topic;
* :func:`control_runs` -- one row per **strength x replicate x threshold**: topics that pass, passes by chance,
  how well the reference run finds the planted topics;
* :func:`control_summary` -- one row per **strength x threshold**: the same over replicates;
* :func:`cached_control`, :func:`write_control` -- the stored table (``data/derived/``).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfTransformer

from helpers.topics import check
from helpers.topics.select import DERIVED, sweep_settings
from helpers.topics.solutions import hungarian

CONTROL_FILE, CONTROL_SETTINGS = "topics_control.csv", "topics_control_settings.json"


def planted_counts(lengths: np.ndarray, freq: np.ndarray, k: int, strength: float,
                   rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A synthetic units x terms **count** matrix: unit u has ``lengths[u]`` tokens, each drawn with probability
    ``strength`` from the unit's planted topic and otherwise from ``freq`` (the corpus's term frequencies).
    Returns the counts, each unit's planted topic (0 ... k-1) and the planted topics x terms distributions."""
    freq = np.asarray(freq, dtype=float) / np.sum(freq)
    order = np.argsort(-freq, kind="stable")
    block = np.empty(len(freq), dtype=int)
    block[order] = np.arange(len(freq)) % k
    planted = np.array([np.where(block == t, freq, 0.0) for t in range(k)])
    planted /= planted.sum(axis=1, keepdims=True)
    n = len(lengths)
    topic_of = rng.permutation(np.arange(n) % k)
    counts = np.zeros((n, len(freq)))
    for u, (length, t) in enumerate(zip(lengths, topic_of)):
        n_topic = rng.binomial(int(length), strength)
        counts[u] = rng.multinomial(n_topic, planted[t]) + rng.multinomial(int(length) - n_topic, freq)
    return counts, topic_of, planted


def _weighted(counts: np.ndarray, model: str) -> np.ndarray:
    if model == "nmf":
        return TfidfTransformer().fit_transform(counts).toarray()
    return counts


def _units_found(x: np.ndarray, model: str, k: int, seed: int, topic_of: np.ndarray) -> float:
    """Share of units whose top topic in the reference run is their planted topic, after the one-to-one pairing
    of model topics and planted topics that agrees on most units."""
    w = check.estimator(model, k, seed).fit_transform(x)
    top = w.round(9).argmax(axis=1)
    table = np.zeros((k, k))
    for a, b in zip(top, topic_of):
        table[a, b] += 1
    return float(sum(table[i, j] for i, j in hungarian(table)) / len(top))


def _fit_gap(x: np.ndarray, model: str, k: int, seed: int, n_shuffles: int) -> float:
    """NMF only: the shuffled copies' mean relative reconstruction error minus the reference run's (how much
    better the run fits than shuffled data, as section 5 of the evidence notebook reads the corpus); NaN for LDA."""
    if model != "nmf":
        return float("nan")

    def error(m):
        est = check.estimator(model, k, seed).fit(m)
        return est.reconstruction_err_ ** 2 / float((m ** 2).sum())

    shuffles = [check.shuffled(x, model, seed + check.SHUFFLE_OFFSET + p) for p in range(n_shuffles)]
    return float(np.mean([error(m) for m in shuffles]) - error(x))


def control_runs(matrix, model: str, k: int, strengths, n_replicates: int, seed: int = 0, n_seeds: int = 10,
                 n_halves: int = 20, n_shuffles: int = 20, matches=(0.7, 0.8, 0.9)) -> pd.DataFrame:
    """The check on synthetic corpora shaped like ``matrix`` (the corpus's **count** matrix, units x terms) with
    ``k`` planted topics: one row per **strength x replicate x threshold** (``match``): ``found`` (topics of the
    reference run that come back in more half samples than 95 % of the shuffled copies' topics, as
    :func:`helpers.topics.check.comeback_by_k` counts them), ``chance_found`` (the same for a shuffled copy's
    topics, mean over copies), ``best`` and ``data_mean`` (half rates of the best and of the mean topic),
    ``line`` (the shuffled topics' 95th percentile), ``seed_data`` (mean rate over other seeds),
    ``units_found`` (:func:`_units_found`) and ``fit_gap`` (:func:`_fit_gap`). Replicate r of strength s draws with the key
    ``(seed, 31, round(1000 s), r)``; the check uses ``seed`` as the lesson does."""
    counts = np.asarray(matrix.toarray() if hasattr(matrix, "toarray") else matrix, dtype=float)
    lengths, freq = counts.sum(axis=1).astype(int), counts.sum(axis=0)
    rows = []
    for s in strengths:
        for r in range(n_replicates):
            rng = np.random.default_rng([seed, 31, int(round(1000 * s)), r])
            syn, topic_of, _ = planted_counts(lengths, freq, k, s, rng)
            x = _weighted(syn, model)
            table = pd.concat([check.comeback(x, model, k, seed, n_seeds, n_halves).assign(shuffle=-1),
                               check.shuffled_comeback(x, model, k, seed, n_seeds, n_halves, n_shuffles)],
                              ignore_index=True).assign(k=k)
            units, gap = _units_found(x, model, k, seed, topic_of), _fit_gap(x, model, k, seed, n_shuffles)
            for m in matches:
                lv = check.comeback_by_k(check.comeback_rates(table, m)).iloc[0]
                rows.append({"strength": float(s), "replicate": r, "match": float(m), "found": int(lv["found"]),
                             "chance_found": round(float(lv["chance_found"]), 6), "best": float(lv["best"]),
                             "data_mean": round(float(lv["data_mean"]), 6), "line": float(lv["null_95"]),
                             "seed_data": round(float(lv["seed_data"]), 6), "units_found": round(units, 6),
                             "fit_gap": round(gap, 6)})
    return pd.DataFrame(rows)


def control_summary(runs: pd.DataFrame, k: int) -> pd.DataFrame:
    """One row per **strength x threshold** of a :func:`control_runs` table with ``k`` planted topics:
    ``found_mean`` (topics that pass, mean over replicates), ``found_min``/``found_max``, ``replicates_all``
    (replicates in which all k topics pass), ``chance_found`` (mean over replicates), ``best_mean``, ``line_mean``,
    ``units_found`` and ``fit_gap`` (means) and ``n_replicates``."""
    g = runs.groupby(["strength", "match"], sort=True)
    out = g.agg(found_mean=("found", "mean"), found_min=("found", "min"), found_max=("found", "max"),
                chance_found=("chance_found", "mean"), best_mean=("best", "mean"), line_mean=("line", "mean"),
                units_found=("units_found", "mean"), fit_gap=("fit_gap", "mean"),
                n_replicates=("replicate", "nunique")).reset_index()
    out.insert(5, "replicates_all", g["found"].apply(lambda f: int((f == k).sum())).to_numpy())
    return out


def control_settings(**settings) -> dict:
    """The settings that determine the control table, JSON-comparable (with the corpus fingerprint)."""
    return sweep_settings(**settings)


def write_control(table: pd.DataFrame, settings: dict, folder=None) -> None:
    """Write a :func:`control_runs` table and its settings to ``data/derived/`` (or ``folder``)."""
    folder = Path(folder) if folder is not None else DERIVED
    table.to_csv(folder / CONTROL_FILE, index=False, encoding="utf-8")
    (folder / CONTROL_SETTINGS).write_text(json.dumps(control_settings(**settings), indent=1) + "\n",
                                           encoding="utf-8")


def cached_control(settings: dict, compute, folder=None) -> tuple[pd.DataFrame, bool]:
    """The control table: read from ``data/derived/`` when computed with exactly ``settings`` (corpus fingerprint
    included), else ``compute()`` (minutes). Returns the table and whether it was read from the store."""
    folder = Path(folder) if folder is not None else DERIVED
    path = folder / CONTROL_SETTINGS
    if path.is_file() and json.loads(path.read_text(encoding="utf-8")) == control_settings(**settings):
        return pd.read_csv(folder / CONTROL_FILE), True
    return compute(), False
