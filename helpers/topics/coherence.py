"""Topic models: held-out coherence at one k, against nulls that keep what the data's topics could get for free.

Coherence here is the mean NPMI of the pairs of a topic's top terms, counted in the half of the units the
model was *not* fitted to (:mod:`helpers.topics.evaluate`). Three references, each scored on the **same real
held-out half**:

* ``permuted`` -- a model fitted to the training half with each term's column permuted across the half's
  units (term frequencies kept, co-occurrence destroyed): how coherent the top terms of a model are when it
  knows only how frequent terms are;
* ``within_document`` -- a model fitted to the training half with each term's column permuted only among the
  units of the same document: every article keeps its vocabulary, co-occurrence inside an article is
  destroyed; how coherent topics are that capture no more than which article a paragraph comes from;
* ``baseline`` -- each top term replaced by a random term of similar document frequency (five frequency bins):
  the old reference, kept to show that it leaves frequency in (:func:`frequent_terms_coherence`: the most
  frequent terms, no model at all, beat it).

* :func:`heldout_runs` -- one row per **null x permutation x split x half x seed**;
* :func:`frequent_terms_coherence` -- one row per **split x half**: the most frequent terms against random ones;
* :func:`coherence_levels` -- one row per **null**: the data's mean beside the null's mean, 95th percentile and
  p-value over permutations.
"""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from helpers.topics.dtm import DTM
from helpers.topics.evaluate import _set_scores, npmi_matrix, random_sets, top_indices
from helpers.topics.fit import fit_model, subset_dtm
from helpers.topics.select import permuted_dtm, within_document_permuted

NULLS = ("permuted", "within_document")


def _halves(dtm: DTM, splits: list[pd.Series]):
    """For every **split x half**: its index, the half's name, the training mask, the held-out NPMI matrix and
    the training half's document frequencies."""
    binary = dtm.binary.toarray()
    for r, halves in enumerate(splits):
        half_of = halves.reindex(dtm.units["unit_id"].astype(str)).to_numpy()
        for hi, (h, other) in enumerate((("a", "b"), ("b", "a"))):
            yield r, hi, h, half_of == h, npmi_matrix(binary[half_of == other]), binary[half_of == h].sum(axis=0)


def heldout_runs(dtm: DTM, model: str, k: int, seeds: list[int], splits: list[pd.Series], n_terms: int = 10,
                 seed: int = 0, n_perm: int = 0) -> pd.DataFrame:
    """One row per **source x permutation x split x half x seed**: ``source`` (``data``, ``permuted``,
    ``within_document``), ``perm`` (-1 for the data), ``split``, ``half``, ``seed``, ``coherence`` (held-out NPMI
    of the model's top terms), ``pairs_never`` (share of the top-term pairs that share no held-out unit: NPMI
    -1), ``top_df`` (mean number of training units holding a top term) and, for the data, ``baseline`` (random
    terms of similar frequency).
    Permutation p of split r, half h uses the key ``(seed, 11, p, r, h)`` (``12`` for within documents)."""
    rows = []
    for r, hi, h, mask, ref, df in _halves(dtm, splits):
        train = subset_dtm(dtm, mask)
        sources = [("data", -1, train)]
        for p in range(n_perm):
            sources += [("permuted", p, permuted_dtm(train, [seed, 11, p, r, hi])),
                        ("within_document", p, within_document_permuted(train, [seed, 12, p, r, hi]))]
        for source, p, m in sources:
            for s in seeds:
                idx = top_indices(fit_model(m, model, k, s), n_terms)
                pair_scores = np.array([ref[i, j] for cols in idx for i, j in itertools.combinations(cols, 2)])
                row = {"source": source, "perm": p, "split": r, "half": h, "seed": s,
                       "coherence": round(float(_set_scores(ref, idx).mean()), 6),
                       "pairs_never": round(float(np.mean(pair_scores <= -1 + 1e-12)), 6),
                       "top_df": round(float(np.mean([df[j] for cols in idx for j in cols])), 6)}
                if source == "data":
                    base = random_sets(idx, df, np.random.default_rng([seed, k, 10_000 + r, hi, s]))
                    row["baseline"] = round(float(_set_scores(ref, base).mean()), 6)
                rows.append(row)
    return pd.DataFrame(rows)


def frequent_terms_coherence(dtm: DTM, splits: list[pd.Series], n_terms: int = 10, seed: int = 0) -> pd.DataFrame:
    """One row per **split x half**: ``frequent`` (held-out NPMI of the ``n_terms`` terms in most training units,
    ties alphabetical: no model at all), ``baseline`` (the same list with every term replaced by a random term of
    similar frequency) and ``margin`` (their difference)."""
    rows = []
    for r, hi, h, mask, ref, df in _halves(dtm, splits):
        idx = [sorted(range(len(df)), key=lambda j: (-df[j], dtm.terms[j]))[:n_terms]]
        base = random_sets(idx, df, np.random.default_rng([seed, 13, r, hi]))
        f, b = float(_set_scores(ref, idx)[0]), float(_set_scores(ref, base)[0])
        rows.append({"split": r, "half": h, "frequent": round(f, 6), "baseline": round(b, 6),
                     "margin": round(f - b, 6)})
    return pd.DataFrame(rows)


def coherence_levels(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per **null** of :func:`heldout_runs`: ``data`` (the data's mean held-out NPMI), ``null_mean``,
    ``null_95`` (95th percentile over permutations of each permutation's mean), ``difference`` (data minus the
    null mean), ``null_spread_low``/``null_spread_high`` (2.5th and 97.5th percentiles of data minus each
    permutation, the data's value held fixed: the null's spread, not an interval for the difference, since the
    data's own variation over splits and seeds is left out), ``p_value`` ((1 + permutations at least as coherent
    as the data) / (1 + permutations)), ``n_perm``, and ``halves_won`` of ``n_halves``: the **split halves** in
    which the data's mean over seeds exceeds the null's mean over permutations and seeds."""
    data_runs = runs[runs["source"] == "data"]
    data = float(data_runs["coherence"].mean())
    by_half = data_runs.groupby(["split", "half"])["coherence"].mean()
    rows = []
    for source in NULLS:
        null = runs[runs["source"] == source]
        per = null.groupby("perm")["coherence"].mean()
        if per.empty:
            continue
        diff = data - per
        won = by_half > null.groupby(["split", "half"])["coherence"].mean().reindex(by_half.index) + 1e-12
        rows.append({"null": source, "data": data, "null_mean": float(per.mean()),
                     "null_95": float(per.quantile(0.95)), "difference": float(diff.mean()),
                     "null_spread_low": float(diff.quantile(0.025)), "null_spread_high": float(diff.quantile(0.975)),
                     "p_value": float((1 + (per >= data - 1e-12).sum()) / (1 + len(per))), "n_perm": int(len(per)),
                     "halves_won": int(won.sum()), "n_halves": int(len(by_half))})
    return pd.DataFrame(rows)
