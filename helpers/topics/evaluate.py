"""Topic models: the building blocks of held-out coherence.

Coherence. For two terms, with probabilities estimated as shares of *reference units* that contain them,
PMI(w1, w2) = log P(w1, w2) / (P(w1) P(w2)) and NPMI = PMI / -log P(w1, w2), from -1 (never in the same
unit) through 0 (independent) to 1 (always together); a pair that never co-occurs scores -1 (also when a
term is absent from the reference units). A term list's coherence is the mean NPMI of its pairs.
Counted on the units a model was fitted to, NPMI rewards topics that copy one unit's words; here the
reference units are always the *other half* of a random split (:func:`helpers.topics.dtm.split_units`).
The nulls built from these pieces are in :mod:`helpers.topics.select` (the k sweep) and
:mod:`helpers.topics.coherence` (at one k).

* :func:`npmi_matrix` -- terms x terms NPMI in a set of reference units (optionally bootstrap-weighted);
* :func:`top_indices` -- one list of term columns per **topic**; :func:`random_sets` -- frequency-matched
  random term lists (a reference that leaves frequency in: see :mod:`helpers.topics.coherence`).
"""
from __future__ import annotations

import itertools

import numpy as np

from helpers.topics.fit import TopicModel


def npmi_matrix(binary: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Terms x terms NPMI from a units x terms 0/1 array (``weights``: how often each unit counts, e.g. a
    bootstrap resample). Pairs that never co-occur score -1; the diagonal is 1."""
    b = np.asarray(binary, dtype=float)
    w = np.ones(b.shape[0]) if weights is None else np.asarray(weights, dtype=float)
    n = w.sum()
    p = (w @ b) / n
    joint = (b * w[:, None]).T @ b / n
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(joint / np.outer(p, p))
        out = pmi / -np.log(joint)
    out = np.where(joint <= 0, -1.0, out)
    out = np.where(joint >= 1, 1.0, out)
    np.fill_diagonal(out, 1.0)
    return out


def _set_scores(npmi: np.ndarray, sets: list[list[int]]) -> np.ndarray:
    out = []
    for cols in sets:
        pairs = list(itertools.combinations(cols, 2))
        out.append(np.mean([npmi[i, j] for i, j in pairs]) if pairs else np.nan)
    return np.array(out)


def top_indices(tm: TopicModel, n: int = 10) -> list[list[int]]:
    """The column indices of each topic's top ``n`` terms (ties alphabetical), one list per **topic**."""
    terms = tm.dtm.terms
    return [sorted(range(len(w)), key=lambda j: (-round(float(w[j]), 12), terms[j]))[:n] for w in tm.topic_terms]


def random_sets(sets: list[list[int]], df: np.ndarray, rng: np.random.Generator, n_bins: int = 5) -> list[list[int]]:
    """Each term list with every term replaced by a random term of the same document-frequency bin
    (``n_bins`` quantile bins of ``df``, the training units' document frequencies); no repeats within a list."""
    order = np.argsort(np.argsort(df, kind="stable"), kind="stable")
    bins = np.minimum(order * n_bins // len(df), n_bins - 1)
    members = [np.flatnonzero(bins == b) for b in range(n_bins)]
    out = []
    for cols in sets:
        chosen: list[int] = []
        for c in cols:
            pool = [j for j in members[bins[c]] if j not in chosen]
            chosen.append(int(rng.choice(pool)))
        out.append(chosen)
    return out
