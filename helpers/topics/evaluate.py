"""Topic models, part 4: the building blocks of held-out coherence against chance, and the unit-agreement null.

Coherence. For two terms, with probabilities estimated as shares of *reference units* that contain them,
PMI(w1, w2) = log P(w1, w2) / (P(w1) P(w2)) and NPMI = PMI / -log P(w1, w2), from -1 (never in the same
unit) through 0 (independent) to 1 (always together); a pair that never co-occurs scores -1 (also when a
term is absent from the reference units). A term list's coherence is the mean NPMI of its pairs.
Counted on the units a model was fitted to, NPMI rewards topics that copy one unit's words; here the
reference units are always the *other half* of a random split (:func:`helpers.topics_dtm.split_units`):
models are fitted to half a and scored on half b, and the other way round. Chance is a random-term baseline
scored the same way: each top term replaced by a random vocabulary term of similar frequency.
The k sweep and its rule built from these pieces live in :mod:`helpers.topics_select`; the chance levels at
the chosen k in :mod:`helpers.topics_nulls`.

* :func:`npmi_matrix` -- terms x terms NPMI in a set of reference units (optionally bootstrap-weighted);
* :func:`npmi_coherence` -- one number per **list of terms**;
* :func:`top_indices` -- one list of term columns per **topic**; :func:`random_sets` -- the frequency-matched
  random term lists of the baseline;
* :func:`half_sample_fits` -- one fitted model per **split x half x seed**, with the other half's NPMI matrix;
* :func:`unit_agreement`, :func:`agreement_null` -- the share of units whose top topics match across two
  models, and its permutation null.
"""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from helpers.topics.dtm import DTM
from helpers.topics.fit import TopicModel, fit_model


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


def npmi_coherence(terms: list[str], dtm: DTM) -> float:
    """Mean NPMI over all pairs of ``terms``, co-occurrence counted **within the units** of ``dtm`` (see the
    module docstring). Terms not in the vocabulary are ignored; NaN for fewer than two known terms."""
    index = {t: i for i, t in enumerate(dtm.terms)}
    cols = [index[t] for t in terms if t in index]
    if len(cols) < 2:
        return float("nan")
    return float(_set_scores(npmi_matrix(dtm.binary[:, cols].toarray()), [list(range(len(cols)))])[0])


def top_indices(tm: TopicModel, n: int = 10) -> list[list[int]]:
    """The column indices of each topic's top ``n`` terms (ties alphabetical), one list per **topic**."""
    terms = tm.dtm.terms
    return [sorted(range(len(w)), key=lambda j: (-round(float(w[j]), 12), terms[j]))[:n] for w in tm.topic_terms]


def half_sample_fits(dtm: DTM, kind: str, k: int, seeds: list[int], splits: list[pd.Series]):
    """For every **split x half x seed**: the model fitted to one half, with what scoring it on the other half
    needs. Yields ``(r, hi, half, ref, df, seed, model)``: the split's index, the half's index (0 for ``a``,
    1 for ``b``) and name, the NPMI matrix of the *other* half (:func:`npmi_matrix`), the term document
    frequencies of the fitted half (for :func:`random_sets`), the seed and the fitted model. ``splits`` hold
    ``a``/``b`` per unit_id."""
    binary = dtm.binary.toarray()
    for r, halves in enumerate(splits):
        half_of = halves.reindex(dtm.units["unit_id"].astype(str)).to_numpy()
        for hi, (h, other) in enumerate((("a", "b"), ("b", "a"))):
            ref = npmi_matrix(binary[half_of == other])
            df = binary[half_of == h].sum(axis=0)
            for s in seeds:
                yield r, hi, h, ref, df, s, fit_model(dtm, kind, k, s, rows=half_of == h)


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


def unit_agreement(ua: pd.DataFrame, ub: pd.DataFrame, matches: pd.DataFrame) -> float:
    """Share of **units** whose top topic in model a is matched (:func:`match_topics`) to their top topic in b."""
    mapping = dict(zip(matches["topic_a"], matches["topic_b"]))
    joined = ua[["unit_id", "top_topic"]].merge(ub[["unit_id", "top_topic"]], on="unit_id", suffixes=("_a", "_b"))
    return float((joined["top_topic_a"].map(mapping) == joined["top_topic_b"]).mean())


def agreement_null(ua: pd.DataFrame, ub: pd.DataFrame, matches: pd.DataFrame, n_perm: int = 1000,
                   seed: int = 0) -> dict:
    """Unit agreement (:func:`unit_agreement`) and what chance gives: ``b``'s top topics shuffled over the units
    (topic sizes kept), ``n_perm`` times. Returns ``value``, ``null_mean``, ``null_95``, ``p_value``."""
    obs = unit_agreement(ua, ub, matches)
    rng = np.random.default_rng(seed)
    ub = ub[["unit_id", "top_topic"]].sort_values("unit_id").reset_index(drop=True)
    null = []
    for _ in range(n_perm):
        null.append(unit_agreement(ua, ub.assign(top_topic=rng.permutation(ub["top_topic"].to_numpy())), matches))
    null = np.array(null)
    return {"value": obs, "null_mean": float(null.mean()), "null_95": float(np.quantile(null, 0.95)),
            "p_value": float((1 + (null >= obs - 1e-12).sum()) / (1 + n_perm))}
