"""Topic models on a Dask collection: the vocabulary by a reduction, NMF and LDA by a chain of ``partial_fit``.

Unit: the **paragraph** (notebook 02's unit). Input: the ``terms`` collection (one row per paragraph x term,
:func:`helpers.scale.stages.term_table`).

* **Vocabulary** (:func:`vocabulary`): the document frequency of every term is a ``groupby().count()`` reduction
  over the collection; the terms kept are those of ``topics.build_dtm``'s rules (``min_df=2``, ``max_df=0.5``)
  and the idf is scikit-learn's smoothed idf, so every partition's count and tf-idf matrix
  (:func:`partition_matrix`) equals the rows of notebook 02's matrix.
* **Fitting** (:func:`fit`): ``MiniBatchNMF.partial_fit`` (on tf-idf) and online LDA's ``partial_fit`` (on
  counts) applied to one partition after another: a chain of Dask tasks, each taking the model the previous
  one returned. This is what dask-ml's ``Incremental`` does; dask-ml is not used because it needs dask arrays
  of known chunk sizes and brings numba and dask-glm, for a chain of a dozen lines. These are incremental
  estimators, not notebook 02's batch fits: their topics are close to, not equal to, the batch topics.
* **Topic shares** (:func:`shares`): ``transform`` of every partition by ``map_partitions``; the fitted model
  is one task's result that each worker fetches once (what dask-ml's ``ParallelPostFit`` does), not a copy
  inside every task.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

MIN_DF, MAX_DF = 2, 0.5
"""``topics.build_dtm``'s vocabulary rules (notebook 02's defaults): in at least 2 units, at most half of them."""
NMF_BATCH, LDA_BATCH = 128, 1024
"""Units per update. ``MiniBatchNMF.partial_fit`` takes one step per call, so a partition is fed in slices of
:data:`NMF_BATCH` units; online LDA slices by its own ``batch_size``."""


@dataclass
class Vocabulary:
    """The corpus vocabulary: ``terms`` (sorted, as scikit-learn orders them), their document frequency ``df``
    over ``n_units`` paragraphs, and scikit-learn's smoothed ``idf``."""

    terms: np.ndarray
    df: np.ndarray
    n_units: int

    @property
    def idf(self) -> np.ndarray:
        return np.log((1 + self.n_units) / (1 + self.df)) + 1.0


def vocabulary(df: pd.Series, n_units: int, min_df: int | float = MIN_DF, max_df: int | float = MAX_DF) -> Vocabulary:
    """The terms kept by ``build_dtm``'s rules from ``df`` (paragraphs per term, indexed by term)."""
    high = max_df if isinstance(max_df, int) else max_df * n_units
    low = min_df if isinstance(min_df, int) else min_df * n_units
    kept = df[(df >= low) & (df <= high)].sort_index()
    if kept.empty:
        raise ValueError(f"No vocabulary left (min_df={min_df}, max_df={max_df}) on {n_units} paragraphs.")
    return Vocabulary(kept.index.to_numpy(dtype=object), kept.to_numpy(dtype=float), int(n_units))


def partition_matrix(terms: pd.DataFrame, vocab: Vocabulary, weighting: str = "count"
                     ) -> tuple[sparse.csr_matrix, pd.DataFrame]:
    """One partition's paragraphs x vocabulary matrix (paragraphs with no vocabulary term left out, as
    ``build_dtm`` leaves them out) and its rows' ``doc_id``/``unit_id`` (in order of first appearance)."""
    col = pd.Index(vocab.terms).get_indexer(terms["term"])
    keep = col >= 0
    kept = terms[keep]
    units = kept[["doc_id", "unit_id"]].drop_duplicates("unit_id").reset_index(drop=True)
    row = pd.Index(units["unit_id"]).get_indexer(kept["unit_id"])
    matrix = sparse.csr_matrix((kept["count"].to_numpy(dtype=float), (row, col[keep])),
                               shape=(len(units), len(vocab.terms)))
    if weighting == "tfidf":
        from sklearn.preprocessing import normalize
        matrix = normalize(matrix.multiply(vocab.idf).tocsr(), norm="l2")
    elif weighting != "count":
        raise ValueError(f"weighting={weighting!r}: choose 'count' or 'tfidf'.")
    return matrix.tocsr(), units


def new_models(k: int, seed: int, n_units: int) -> dict:
    """Unfitted incremental estimators: ``MiniBatchNMF`` (tf-idf) and online ``LatentDirichletAllocation`` (counts)."""
    from sklearn.decomposition import LatentDirichletAllocation, MiniBatchNMF

    if not isinstance(k, int) or k < 2:
        raise ValueError(f"k={k!r}: the number of topics must be a whole number of at least 2.")
    return {"nmf": MiniBatchNMF(n_components=k, random_state=seed, init="random", batch_size=NMF_BATCH),
            "lda": LatentDirichletAllocation(n_components=k, random_state=seed, learning_method="online",
                                             batch_size=LDA_BATCH, total_samples=n_units)}


def partial_fit(models: dict, terms: pd.DataFrame, vocab: Vocabulary) -> dict:
    """The models after one more partition (one task of the chain; the models given are not changed, so a task
    that Dask reruns after a worker died starts from the same state)."""
    import copy

    models = copy.deepcopy(models)
    counts, _ = partition_matrix(terms, vocab, "count")
    if counts.shape[0] == 0:
        return models
    tfidf, _ = partition_matrix(terms, vocab, "tfidf")
    for start in range(0, tfidf.shape[0], NMF_BATCH):
        models["nmf"].partial_fit(tfidf[start:start + NMF_BATCH])
    models["lda"].partial_fit(counts)
    return models


def fit(terms, vocab, k: int = 10, seed: int = 0, passes: int = 1):
    """A Delayed: the models fitted by a chain of :func:`partial_fit` tasks over the partitions of ``terms``
    (a Dask DataFrame), ``passes`` times, in partition order. ``vocab`` may itself be a Delayed."""
    import dask

    if not isinstance(passes, int) or passes < 1:
        raise ValueError(f"passes={passes!r}: passes over the corpus must be a whole number of at least 1.")
    n_units = dask.delayed(lambda v: v.n_units)(vocab)
    models = dask.delayed(new_models)(k, seed, n_units)
    blocks = terms.to_delayed()
    for _ in range(passes):
        for block in blocks:
            models = dask.delayed(partial_fit, pure=True)(models, block, vocab)
    return models


def _shares(terms: pd.DataFrame, models: dict, vocab: Vocabulary, kind: str) -> pd.DataFrame:
    from helpers.topics.fit import _normalise_rows

    matrix, units = partition_matrix(terms, vocab, "tfidf" if kind == "nmf" else "count")
    est = models[kind]
    k = est.components_.shape[0]
    shares = _normalise_rows(np.asarray(est.transform(matrix), dtype=float)) if len(units) else np.zeros((0, k))
    return pd.concat([units, pd.DataFrame(shares, columns=[f"c{j}" for j in range(k)])], axis=1)


def shares(terms, models, vocab, kind: str, k: int):
    """A Dask DataFrame: one row per **paragraph** with a vocabulary term, its topic shares ``c0``.. under the
    fitted ``kind`` ("nmf" or "lda"; rows sum to 1), in the estimator's topic order."""
    meta = pd.DataFrame({"doc_id": pd.Series([], dtype="str"), "unit_id": pd.Series([], dtype="str"),
                         **{f"c{j}": pd.Series([], dtype="float64") for j in range(k)}})
    return terms.map_partitions(_shares, models, vocab, kind, meta=meta)


def prevalence_order(sums) -> list[int]:
    """Topics numbered by prevalence (summed shares, largest first; ties by index), as notebook 02 numbers them."""
    sums = np.asarray(sums, dtype=float)
    return sorted(range(len(sums)), key=lambda j: (-round(float(sums[j]), 9), j))


def topic_terms(est, order: list[int]) -> np.ndarray:
    """Topics x terms of a fitted estimator (rows sum to 1), in prevalence ``order``."""
    from helpers.topics.fit import _normalise_rows

    return _normalise_rows(np.asarray(est.components_, dtype=float))[order]
