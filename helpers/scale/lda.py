"""Online LDA's topic shares for many paragraphs at once: scikit-learn's ``transform``, its loop over rows batched.

Unit: the **paragraph** (one row of the count matrix). scikit-learn's ``LatentDirichletAllocation.transform``
runs its E-step one row at a time in Python: for each paragraph, up to ``max_doc_update_iter`` updates of its
topic weights, stopping when their mean absolute change falls below ``mean_change_tol``. Each update is a few
operations on arrays of ``n_components`` numbers, where Python's overhead outweighs the arithmetic.

:func:`transform` makes the same updates for every paragraph still changing, all of them in one array operation
per step, with the same starting point (ones), the same prior, scikit-learn's own digamma
(``_dirichlet_expectation_2d``) and the same stopping rule per paragraph. What can differ is the last bits of a
floating-point sum taken in another order (about 1e-13 relative, measured); ``tests/test_scale_topics.py`` holds
the result to scikit-learn's ``transform`` (relative tolerance 1e-9) on the corpus and on generated paragraphs,
for models fitted in batch and by the pipeline's own ``partial_fit`` chain; a scikit-learn release that changed
the private function would fail that test.
"""
from __future__ import annotations

import numpy as np
from scipy import sparse

SHRINK = 0.85
"""The arrays drop the paragraphs that stopped changing once fewer than this share of their rows still change
(until then those rows are computed and their results not kept)."""


def transform(est, x) -> np.ndarray:
    """Paragraphs x topics: ``est.transform(x)`` (rows sum to 1) for a fitted ``LatentDirichletAllocation`` and a
    paragraphs x terms count matrix ``x``. Falls back to ``est.transform`` where scikit-learn's digamma is not
    importable (another scikit-learn release)."""
    try:
        from sklearn.decomposition._online_lda_fast import _dirichlet_expectation_2d as expectation
    except ImportError:  # pragma: no cover -- the lock pins scikit-learn
        return est.transform(x)
    x = sparse.csr_matrix(x, dtype=np.float64)
    word_topic = np.ascontiguousarray(np.asarray(est.exp_dirichlet_component_, dtype=np.float64).T)  # exp(E[log beta])
    prior, tol = float(est.doc_topic_prior_), float(est.mean_change_tol)
    (n, n_terms), k = x.shape, word_topic.shape[1]
    eps = np.finfo(np.float64).eps
    gamma = np.ones((n, k))
    exp_theta = np.exp(expectation(gamma))
    docs, lengths = np.arange(n), np.diff(x.indptr)           # the paragraphs in the arrays, their nonzeros
    rows = np.repeat(np.arange(n), lengths)                   # each nonzero's row among them
    cols, counts, indptr = x.indices, x.data, x.indptr
    w = word_topic[cols]                                      # each nonzero's topic weights
    current, live = gamma.copy(), np.ones(n, dtype=bool)      # live: still changing
    for _ in range(int(est.max_doc_update_iter)):
        if not live.any():
            break
        norm = np.einsum("ij,ij->i", exp_theta[rows], w) + eps  # per nonzero: sum over topics
        ratio = sparse.csr_matrix((counts / norm, cols, indptr), shape=(len(docs), n_terms))
        new = ratio @ word_topic                               # per paragraph: sum over its words
        new *= exp_theta
        new += prior
        going = live & (np.abs(current - new).sum(axis=1) / k >= tol)
        gamma[docs[live]] = new[live]                          # a paragraph's last update is kept, as in sklearn
        current[live] = new[live]
        exp_theta[going] = np.exp(expectation(new[going]))
        live = going
        if live.sum() < SHRINK * len(docs):                   # drop the paragraphs that stopped changing
            docs, current, exp_theta, lengths = docs[live], current[live], exp_theta[live], lengths[live]
            kept = live[rows]
            rows = (np.cumsum(live) - 1)[rows[kept]]
            cols, counts, w = cols[kept], counts[kept], w[kept]
            indptr = np.concatenate([[0], np.cumsum(lengths)])
            live = np.ones(len(docs), dtype=bool)
    gamma /= gamma.sum(axis=1)[:, np.newaxis]
    return gamma
