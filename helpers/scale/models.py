"""Topic models on a Dask collection: the vocabulary by a reduction, NMF and LDA fitted on a sample of paragraphs.

Unit: the **paragraph** (notebook 02's unit). Input: the ``terms`` collection (one row per paragraph x term,
:func:`helpers.scale.stages.term_table`).

* **Vocabulary** (:func:`vocabulary`): the document frequency of every term is a ``groupby().count()`` reduction
  over the collection; the terms kept are those of ``topics.build_dtm``'s rules (``min_df=2``, ``max_df=0.5``)
  and the idf is scikit-learn's smoothed idf, so every partition's count and tf-idf matrix
  (:func:`partition_matrices`) equals the rows of notebook 02's matrix, over the whole corpus.
* **Fitting** (:func:`fit`): on a **fixed sample of paragraphs**, at most :data:`FIT_UNITS` of them (all of them
  in a smaller corpus). A paragraph is in the sample when a hash of its ``unit_id`` keyed by the seed falls below
  ``FIT_UNITS / paragraphs`` (:func:`sample_units`): the same paragraphs whatever the partitioning, the machine
  or ``PYTHONHASHSEED``, spread over the whole corpus, another set for another seed. Each partition's sampled
  rows become matrices in parallel (``map_partitions``); one task stacks them in the collection's order, and
  two independent tasks fit ``MiniBatchNMF`` (tf-idf, ``partial_fit`` on slices of :data:`NMF_BATCH`) and online
  LDA (counts, ``partial_fit`` on batches of :data:`LDA_BATCH`, ``total_samples`` the corpus's paragraphs), each
  ``passes`` times over the sample, on the two workers at once. Why a sample: every batch is a serial step, so
  a chain of ``partial_fit`` over every partition grows with the corpus, while transforming is parallel. The
  sample moves the topics (a larger ``fit_units`` or more ``passes`` buys closer ones; no measurement of how
  close is kept here). These are incremental estimators, not notebook 02's batch fits: their topics are not
  notebook 02's. dask-ml's ``Incremental`` (which feeds a Dask array's or dataframe's blocks to ``partial_fit``
  in turn) is not used: the inputs here are sparse matrices built per partition from a table, for which the
  pattern is the dozen lines of :func:`fit_nmf` and :func:`fit_lda`.
* **Topic shares** (:func:`shares`): ``transform`` of **every** paragraph, partition by partition (in
  parallel), both models in one task per partition that reads its partition itself; the fitted models are one
  task's result that each worker fetches once (what dask-ml's ``ParallelPostFit`` does), not a copy inside every task,
  and each worker builds the vocabulary's column index once (:attr:`Vocabulary.index`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

MIN_DF, MAX_DF = 2, 0.5
"""``topics.build_dtm``'s vocabulary rules (notebook 02's defaults): in at least 2 units, at most half of them."""
NMF_BATCH, LDA_BATCH = 128, 1024
"""Units per update: one ``partial_fit`` call per slice of the sample."""
FIT_UNITS = 50_000
"""At most this many paragraphs (a fixed sample, :func:`sample_units`) fit the models; every paragraph is
transformed."""


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

    @property
    def index(self) -> pd.Index:
        """The terms as a ``pd.Index`` (term -> column), built once per process that holds this vocabulary."""
        cached = self.__dict__.get("_index")
        if cached is None:
            cached = self.__dict__["_index"] = pd.Index(self.terms)
        return cached

    def __getstate__(self) -> dict:  # the index is rebuilt where the vocabulary arrives, not shipped
        return {key: v for key, v in self.__dict__.items() if key != "_index"}


def vocabulary(df: pd.Series, n_units: int, min_df: int | float = MIN_DF, max_df: int | float = MAX_DF) -> Vocabulary:
    """The terms kept by ``build_dtm``'s rules from ``df`` (paragraphs per term, indexed by term)."""
    high = max_df if isinstance(max_df, int) else max_df * n_units
    low = min_df if isinstance(min_df, int) else min_df * n_units
    kept = df[(df >= low) & (df <= high)].sort_index()
    if kept.empty:
        raise ValueError(f"No vocabulary left (min_df={min_df}, max_df={max_df}) on {n_units} paragraphs.")
    return Vocabulary(kept.index.to_numpy(dtype=object), kept.to_numpy(dtype=float), int(n_units))


def partition_matrices(terms: pd.DataFrame, vocab: Vocabulary
                       ) -> tuple[sparse.csr_matrix, sparse.csr_matrix, pd.DataFrame]:
    """One partition's paragraphs x vocabulary matrices, counts and tf-idf (paragraphs with no vocabulary term left
    out, as ``build_dtm`` leaves them out), and their rows' ``doc_id``/``unit_id`` (in order of first appearance)."""
    from sklearn.preprocessing import normalize

    codes, distinct = pd.factorize(terms["term"])       # each distinct term looked up once
    col = np.append(vocab.index.get_indexer(distinct), -1)[codes]  # (a missing term, code -1, is no column)
    keep = col >= 0
    kept = terms[keep]
    units = kept[["doc_id", "unit_id"]].drop_duplicates("unit_id").reset_index(drop=True)
    row = pd.factorize(kept["unit_id"])[0]                # numbered in order of first appearance, as units are
    counts = sparse.csr_matrix((kept["count"].to_numpy(dtype=float), (row, col[keep])),
                               shape=(len(units), len(vocab.terms)))
    tfidf = normalize(counts.multiply(vocab.idf).tocsr(), norm="l2")
    return counts, tfidf.tocsr(), units


def partition_matrix(terms: pd.DataFrame, vocab: Vocabulary, weighting: str = "count"
                     ) -> tuple[sparse.csr_matrix, pd.DataFrame]:
    """One of :func:`partition_matrices`' two matrices (``weighting`` "count" or "tfidf") and its rows."""
    if weighting not in ("count", "tfidf"):
        raise ValueError(f"weighting={weighting!r}: choose 'count' or 'tfidf'.")
    counts, tfidf, units = partition_matrices(terms, vocab)
    return (counts if weighting == "count" else tfidf), units


def new_models(k: int, seed: int, n_units: int) -> dict:
    """Unfitted incremental estimators: ``MiniBatchNMF`` (tf-idf) and online ``LatentDirichletAllocation`` (counts)."""
    from sklearn.decomposition import LatentDirichletAllocation, MiniBatchNMF

    if not isinstance(k, int) or k < 2:
        raise ValueError(f"k={k!r}: the number of topics must be a whole number of at least 2.")
    return {"nmf": MiniBatchNMF(n_components=k, random_state=seed, init="random", batch_size=NMF_BATCH),
            "lda": LatentDirichletAllocation(n_components=k, random_state=seed, learning_method="online",
                                             batch_size=LDA_BATCH, total_samples=n_units)}


def sample_units(terms: pd.DataFrame, fraction: float, seed: int) -> pd.DataFrame:
    """The rows of the paragraphs in the fitting sample: those whose ``unit_id``, hashed with a key made from
    ``seed``, falls in the lowest ``fraction`` of hash values (every paragraph when ``fraction >= 1``)."""
    if fraction >= 1:
        return terms
    hashes = pd.util.hash_array(terms["unit_id"].to_numpy(dtype=object), hash_key=f"{seed % 10 ** 16:016d}")
    return terms[hashes < np.uint64(min(int(fraction * 2.0 ** 64), 2 ** 64 - 1))]


def _sample_matrices(terms: pd.DataFrame, vocab: Vocabulary, fraction: float, seed: int):
    counts, tfidf, _ = partition_matrices(sample_units(terms, fraction, seed), vocab)
    return counts, tfidf


def _stack(blocks: list) -> dict:
    return {"count": sparse.vstack([b[0] for b in blocks], format="csr"),
            "tfidf": sparse.vstack([b[1] for b in blocks], format="csr")}


def fit_nmf(sample: dict, k: int, seed: int, passes: int, n_units: int):
    """``MiniBatchNMF`` after ``passes`` passes of ``partial_fit`` over the sample's tf-idf rows, in slices of
    :data:`NMF_BATCH`."""
    est, x = new_models(k, seed, n_units)["nmf"], sample["tfidf"]
    for _ in range(passes):
        for start in range(0, x.shape[0], NMF_BATCH):
            est.partial_fit(x[start:start + NMF_BATCH])
    return est


def fit_lda(sample: dict, k: int, seed: int, passes: int, n_units: int):
    """Online LDA after ``passes`` passes of ``partial_fit`` over the sample's counts, in batches of
    :data:`LDA_BATCH` (``total_samples``: the corpus's paragraphs)."""
    est, x = new_models(k, seed, n_units)["lda"], sample["count"]
    for _ in range(passes):
        for start in range(0, x.shape[0], LDA_BATCH):
            est.partial_fit(x[start:start + LDA_BATCH])
    return est


def fit(terms, vocab: Vocabulary, k: int = 10, seed: int = 0, passes: int = 1, fit_units: int | None = None,
        vocab_task=None):
    """A Delayed: ``{"nmf": ..., "lda": ...}``, the models fitted on the sample of at most ``fit_units``
    (default :data:`FIT_UNITS`) paragraphs of ``terms`` (a Dask DataFrame), ``passes`` times; NMF and LDA are
    two independent tasks. ``vocab_task``: ``vocab`` as a Delayed, so that it is sent to each worker once."""
    import dask

    if not isinstance(passes, int) or passes < 1:
        raise ValueError(f"passes={passes!r}: passes over the corpus must be a whole number of at least 1.")
    new_models(k, seed, vocab.n_units)  # checks k before anything runs
    fit_units = FIT_UNITS if fit_units is None else fit_units
    if not isinstance(fit_units, int) or fit_units < 1:
        raise ValueError(f"fit_units={fit_units!r}: the paragraphs that fit the models must be a whole number of "
                         "at least 1.")
    fraction = min(1.0, fit_units / max(vocab.n_units, 1))
    v = vocab if vocab_task is None else vocab_task
    blocks = [dask.delayed(_sample_matrices, pure=True)(b, v, fraction, seed) for b in terms.to_delayed()]
    sample = dask.delayed(_stack, pure=True)(blocks)
    return dask.delayed(dict, pure=True)(
        nmf=dask.delayed(fit_nmf, pure=True)(sample, k, seed, passes, vocab.n_units),
        lda=dask.delayed(fit_lda, pure=True)(sample, k, seed, passes, vocab.n_units))


def _shares(terms: pd.DataFrame, models: dict, vocab: Vocabulary) -> pd.DataFrame:
    from helpers.scale import lda
    from helpers.topics.fit import _normalise_rows

    counts, tfidf, units = partition_matrices(terms, vocab)
    out = [units]
    for kind, matrix in (("nmf", tfidf), ("lda", counts)):
        est = models[kind]
        k = est.components_.shape[0]
        if not len(units):
            shares = np.zeros((0, k))
        else:
            shares = _normalise_rows(np.asarray(lda.transform(est, matrix) if kind == "lda" else est.transform(matrix),
                                                dtype=float))
        out.append(pd.DataFrame(shares, columns=[f"{kind}_c{j}" for j in range(k)]))
    return pd.concat(out, axis=1)


def _shares_of_file(url: str, models: dict, vocab: Vocabulary, storage_options: dict | None) -> pd.DataFrame:
    return _shares(pd.read_parquet(url, storage_options=storage_options), models, vocab)


def shares(files: list[str], models, vocab, k: int, storage_options: dict | None = None) -> dict:
    """Dask DataFrames ``{"nmf": ..., "lda": ...}``: one row per **paragraph** with a vocabulary term, its topic
    shares ``c0``.. under each fitted model (rows sum to 1), in the estimator's topic order. ``files``: the URLs of
    the ``terms`` table's partitions, in order.

    Both models' shares come from one task per partition (the matrices built once; a ``from_delayed`` frame, so
    that the two tables and their sums select columns of the same task's result rather than each rerunning it).
    Each task reads its own partition from the store: were it given the fit's reading of that partition, the
    scheduler would hold every partition's terms in memory until the models were fitted (about 9 MB in pandas a
    partition of 500 generated documents; the benchmark's peak fell from 2.31 to 1.53 GiB with this change).
    LDA's shares come from :func:`helpers.scale.lda.transform`
    (scikit-learn's ``transform`` with its loop over paragraphs batched)."""
    import dask
    import dask.dataframe as dd

    cols = {kind: [f"{kind}_c{j}" for j in range(k)] for kind in ("nmf", "lda")}
    meta = pd.DataFrame({"doc_id": pd.Series([], dtype="str"), "unit_id": pd.Series([], dtype="str"),
                         **{c: pd.Series([], dtype="float64") for kind in cols for c in cols[kind]}})
    parts = [dask.delayed(_shares_of_file, pure=True)(url, models, vocab, storage_options) for url in files]
    both = dd.from_delayed(parts, meta=meta, verify_meta=False)
    return {kind: both[["doc_id", "unit_id"] + c].rename(columns={f"{kind}_c{j}": f"c{j}" for j in range(k)})
            for kind, c in cols.items()}


def prevalence_order(sums) -> list[int]:
    """Topics numbered by prevalence (summed shares, largest first; ties by index), as notebook 02 numbers them."""
    sums = np.asarray(sums, dtype=float)
    return sorted(range(len(sums)), key=lambda j: (-round(float(sums[j]), 9), j))


def topic_terms(est, order: list[int]) -> np.ndarray:
    """Topics x terms of a fitted estimator (rows sum to 1), in prevalence ``order``."""
    from helpers.topics.fit import _normalise_rows

    return _normalise_rows(np.asarray(est.components_, dtype=float))[order]
