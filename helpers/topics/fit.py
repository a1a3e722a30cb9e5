"""Topic models: fitting NMF and LDA, and the tables read from one fitted model.

* :func:`fit_model` -- a :class:`TopicModel` (one seed, one k); :func:`subset_dtm` -- some units of a DTM;
* :func:`top_terms` -- one row per **topic x rank** (most probable terms);
* :func:`unit_topics` -- one row per **unit**: topic shares, top topic, and how well the model fits the unit;
* :func:`share_intervals` -- one row per **group x topic**: mean share with a bootstrap interval;
* :func:`variance_explained`, :func:`fit_ceiling` -- one number per **model** / per **matrix and k**.

Shares. For NMF (X ~ W H) a unit's share of topic t is its loading W[u, t] scaled by the topic's total
term weight sum(H[t]) and normalised over topics: the share of the unit's *reconstructed* tf-idf weight that
topic t carries. That scaling removes the arbitrary split of scale between W and H; it says nothing about
how much of the unit the model reconstructs at all, which is ``explained`` (1 - residual share, per unit).
For LDA a share is the unit's topic probability (variational posterior), and the topic-term
distributions are ``components_`` **minus the prior pseudo-counts** (``topic_word_prior_``), renormalised,
so that topics are compared on what the data put into them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF, LatentDirichletAllocation

from helpers.topics.dtm import DTM


@dataclass
class TopicModel:
    """A fitted topic model, one seed and one k.

    ``topic_terms``: topics x terms, each row sums to 1 (LDA: prior pseudo-counts removed);
    ``unit_topic``: units x topics, each row sums to 1 (NMF: loadings scaled by the topics' term weight);
    ``explained``: per unit, the share of its squared tf-idf weight the model reconstructs (NMF; NaN for LDA);
    ``fit``: NMF relative reconstruction error ||X - WH||^2 / ||X||^2 (lower is better) or LDA variational
    bound per word (a lower bound on the log-likelihood per word; higher is better); topics are numbered by prevalence (T1 the largest mean
    share, ties to the original order); ``estimator`` is the scikit-learn object (original order).
    """

    kind: str
    k: int
    seed: int
    dtm: DTM
    topic_terms: np.ndarray
    unit_topic: np.ndarray
    estimator: object
    explained: np.ndarray | None = None
    fit: float = float("nan")

    @property
    def labels(self) -> list[str]:
        return [f"T{i + 1}" for i in range(self.k)]

    @property
    def better_fit(self) -> str:
        """``"lower"`` (NMF error) or ``"higher"`` (LDA log-likelihood)."""
        return "lower" if self.kind == "nmf" else "higher"


NMF_MAX_ITER = 2000
"""NMF iterations at most (random initialisation, tol 1e-4; on this corpus it converges in a few hundred)."""

LDA_MAX_ITER = 10
"""LDA passes over the units (scikit-learn's default), kept for speed. Batch variational Bayes is not run to
convergence at this setting, so LDA runs differ more by seed than NMF runs (solutions notebook 02, exercise 4);
more passes (``options={"max_iter": 50}``) cost proportionally more time."""

LARGE_CORPUS_LDA = {"learning_method": "online", "batch_size": 4096, "max_iter": 2, "n_jobs": 2}
"""``fit_model(..., options=LARGE_CORPUS_LDA)``: LDA settings for corpora of tens of thousands of units.

Online variational Bayes (Hoffman et al. 2010) in mini-batches of 4,096 units, two passes over the corpus,
the E-step split over two processes. The notebooks keep the batch defaults; the benchmark uses these
settings above 20,000 paragraphs."""


def _estimator(kind: str, k: int, seed: int, options: dict | None = None):
    if kind == "nmf":
        # random initialisation, so that the seed matters and runs can land in different local optima
        settings = {"init": "random", "max_iter": NMF_MAX_ITER, "tol": 1e-4, **(options or {})}
        return NMF(n_components=k, random_state=seed, **settings)
    if kind == "lda":
        settings = {"learning_method": "batch", "max_iter": LDA_MAX_ITER, **(options or {})}
        return LatentDirichletAllocation(n_components=k, random_state=seed, **settings)
    raise ValueError(f"model={kind!r}: choose 'nmf' or 'lda'.")


def _normalise_rows(a: np.ndarray) -> np.ndarray:
    s = a.sum(axis=1, keepdims=True)
    return np.divide(a, s, out=np.zeros_like(a, dtype=float), where=s > 0)


def fit_model(dtm: DTM, model: str = "nmf", k: int = 4, seed: int = 0, order_by_prevalence: bool = True,
              options: dict | None = None, rows: np.ndarray | None = None) -> TopicModel:
    """Fit NMF (``model="nmf"``, random init) or LDA (``"lda"``, batch variational Bayes) with ``random_state=seed``.

    NMF is fitted to a tf-idf DTM, LDA to counts. ``rows`` (boolean mask or indices) fits the model to a
    subset of the units only (the returned model's ``dtm`` is that subset). ``options`` overrides
    scikit-learn settings (e.g. :data:`LARGE_CORPUS_LDA`). See :class:`TopicModel` for what is returned.
    """
    if rows is not None:
        dtm = subset_dtm(dtm, rows)
    if not 1 <= k <= min(dtm.shape):
        raise ValueError(f"k={k} topics cannot be fitted to a DTM of {dtm.shape[0]} units x {dtm.shape[1]} terms.")
    est = _estimator(model, k, seed, options)
    x = dtm.matrix
    w = np.asarray(est.fit_transform(x), dtype=float)
    h = np.asarray(est.components_, dtype=float)
    explained = None
    if model == "nmf":
        # per unit ||x - wH||^2 = ||x||^2 - 2 w.(H x) + w (H H') w', without densifying X (large corpora)
        total = np.asarray(x.multiply(x).sum(axis=1)).ravel()
        cross = (w * np.asarray(x @ h.T)).sum(axis=1)
        recon = ((w @ (h @ h.T)) * w).sum(axis=1)
        resid = np.clip(total - 2 * cross + recon, 0, None)
        explained = 1 - np.divide(resid, total, out=np.zeros_like(resid), where=total > 0)
        fit = float(resid.sum() / total.sum())
        tt, ut = _normalise_rows(h), _normalise_rows(w * h.sum(axis=1))
    else:
        prior = float(est.topic_word_prior_)
        tt = _normalise_rows(np.clip(h - prior, 0, None))
        ut = _normalise_rows(w)
        # scikit-learn's final training perplexity is exp(-bound per word): this is the variational bound
        # (approximate log-likelihood) per word, the same number as est.score(X) / X.sum(), without a second pass
        fit = float(-np.log(est.bound_))
    if order_by_prevalence:
        prevalence = ut.mean(axis=0)
        order = sorted(range(k), key=lambda j: (-round(float(prevalence[j]), 9), j))
        tt, ut = tt[order], ut[:, order]
    return TopicModel(model, k, seed, dtm, tt, ut, est, explained, fit)


def subset_dtm(dtm: DTM, rows) -> DTM:
    """The same DTM restricted to some **units** (boolean mask or integer indices); vocabulary unchanged."""
    idx = np.flatnonzero(rows) if np.asarray(rows).dtype == bool else np.asarray(rows)
    return DTM(dtm.matrix[idx], dtm.terms, dtm.units.iloc[idx].reset_index(drop=True), dtm.weighting,
               {**dtm.settings, "subset": len(idx)}, [])


def variance_explained(tm: TopicModel) -> float:
    """Share of the DTM's total squared weight that the NMF reconstruction W H reproduces: 1 - ||X - WH||^2 / ||X||^2.

    Uncentred (relative to an all-zero matrix, the natural baseline for a non-negative factorisation of
    L2-normalised tf-idf rows). NaN for LDA."""
    return 1 - tm.fit if tm.kind == "nmf" else float("nan")


def _order(values: np.ndarray, terms: np.ndarray, n: int) -> list[int]:
    return sorted(range(len(values)), key=lambda j: (-round(float(values[j]), 12), terms[j]))[:n]


def top_terms(tm: TopicModel, n: int = 10) -> pd.DataFrame:
    """One row per **topic x rank**: ``topic``, ``rank``, ``term``, ``weight`` (share of the topic's term weight).

    Ties in weight are broken alphabetically.
    """
    rows = []
    for t, label in enumerate(tm.labels):
        for r, j in enumerate(_order(tm.topic_terms[t], tm.dtm.terms, n)):
            rows.append({"topic": label, "rank": r + 1, "term": str(tm.dtm.terms[j]),
                         "weight": float(tm.topic_terms[t, j])})
    return pd.DataFrame(rows)


def unit_topics(tm: TopicModel, meta: tuple[str, ...] = ("doc_id", "period", "year", "genre", "outlet_country")
                ) -> pd.DataFrame:
    """One row per **unit**: ``unit_id``, the document metadata in ``meta``, ``text``, ``n_terms`` (distinct
    vocabulary terms in the unit), ``explained`` (share of the unit's squared tf-idf weight the NMF
    reconstruction reproduces; NaN for LDA), one share column per topic (``T1`` ...; a row sums to 1),
    and ``top_topic`` (highest share; ties to the lower number)."""
    units = tm.dtm.units
    cols = ["unit_id"] + [c for c in meta if c in units.columns] + ["text"]
    out = units[cols].copy()
    out["n_terms"] = np.asarray(tm.dtm.binary.sum(axis=1)).ravel().astype(int)
    out["explained"] = tm.explained if tm.explained is not None else np.nan
    shares = pd.DataFrame(tm.unit_topic, columns=tm.labels, index=out.index)
    out = pd.concat([out, shares], axis=1)
    out["top_topic"] = [tm.labels[int(np.argmax(r.round(9)))] for r in tm.unit_topic]
    return out


def topic_columns(ut: pd.DataFrame) -> list[str]:
    """The topic share columns (``T1`` ...) of a :func:`unit_topics` table."""
    return [c for c in ut.columns if re.fullmatch(r"T\d+", str(c))]


def share_intervals(ut: pd.DataFrame, by: str = "doc_id", n_boot: int = 500, seed: int = 0,
                    level: float = 0.9) -> pd.DataFrame:
    """One row per **group x topic**: mean share of the group's units and a bootstrap interval (units resampled
    within the group, percentile, ``level``). Columns ``by``, ``topic``, ``share``, ``low``, ``high``, ``n_units``."""
    rng = np.random.default_rng(seed)
    topics_ = topic_columns(ut)
    rows = []
    for g, sub in ut.groupby(by, sort=True):
        x = sub[topics_].to_numpy()
        idx = rng.integers(0, len(x), size=(n_boot, len(x)))
        boot = x[idx].mean(axis=1)
        lo, hi = np.quantile(boot, [(1 - level) / 2, (1 + level) / 2], axis=0)
        for j, t in enumerate(topics_):
            rows.append({by: g, "topic": t, "share": float(x[:, j].mean()), "low": float(lo[j]),
                         "high": float(hi[j]), "n_units": len(x)})
    return pd.DataFrame(rows)


def fit_ceiling(dtm: DTM, model: str, k: int) -> float:
    """The best fit any model of the kind can reach on ``dtm``: for NMF the relative error of the truncated SVD
    at rank k (Eckart-Young); for LDA the log-likelihood per word of the saturated model (each unit its own word
    distribution), an upper bound that a k-topic model does not approach."""
    if model == "nmf":
        sv = np.linalg.svd(dtm.matrix.toarray(), compute_uv=False)
        return float((sv[k:] ** 2).sum() / (sv ** 2).sum())
    x = dtm.matrix.toarray().astype(float)
    p = x / x.sum(axis=1, keepdims=True)
    return float((x * np.log(np.where(x > 0, p, 1))).sum() / x.sum())
