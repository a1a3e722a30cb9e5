"""Agreement between codings, and the bootstrap behind its intervals: one implementation for the project.

Used by :mod:`helpers.validation` (frame codings, notebook 04) and :mod:`helpers.sentiment_validation`
(tone codings, notebook 03). Units of analysis:

* :func:`krippendorff_alpha` -- one number for a **units x coders** table (nominal or interval level);
* :func:`cohen_kappa` -- one number for two codings of the same **units** (any labels);
* :func:`binary_stats` -- precision, recall, F1, kappa and alpha of two 0/1 codings of the same **units**,
  vectorised over bootstrap draws (optionally weighted: a weight is how often a unit was drawn);
* :func:`bootstrap_samples` -- resamples of **units** as index arrays, plain or by **cluster** (whole
  documents drawn, their paragraphs kept together);
* :func:`bootstrap_weights` -- the same resamples as a draws x units matrix of multiplicities;
* :func:`percentile_interval` -- a percentile interval from bootstrap draws.

Formulas: Krippendorff (2011), "Computing Krippendorff's alpha-reliability", from the coincidence matrix;
Cohen (1960) for kappa. The unit tests (``tests/test_reliability.py``) check alpha against Krippendorff's
own worked example and against small tables computed by hand.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


# --------------------------------------------------------------------------------------------------------------
# Coefficients
# --------------------------------------------------------------------------------------------------------------

def krippendorff_alpha(data, level: str = "interval") -> float:
    """Krippendorff's alpha for a **units x coders** table of values (NaN = not coded).

    ``level`` is ``"interval"`` (squared difference) or ``"nominal"`` (0 if equal, else 1). Units with
    fewer than two values are left out. Computed from the coincidence matrix (Krippendorff 2011):
    o_ck sums, over units, the ordered pairs of values (c, k) from different coders, each weighted
    1 / (m_u - 1); n_c = sum_k o_ck; ``alpha = 1 - D_o / D_e`` with D_o = sum o_ck delta_ck / n and
    D_e = sum n_c n_k delta_ck / (n (n - 1)). NaN when there is no variation (D_e = 0). Nominal values may
    be strings.
    """
    if level not in ("interval", "nominal"):
        raise ValueError("level must be 'interval' or 'nominal'.")
    table = pd.DataFrame(data)
    values = pd.unique(table.stack().dropna().to_numpy())
    if level == "interval":
        values = np.sort(values.astype(float))
    if len(values) == 0:
        return float("nan")
    # counts[u, v]: how many coders gave unit u the value v
    counts = np.stack([(table.to_numpy(dtype=float if level == "interval" else object) == v).sum(axis=1)
                       for v in values], axis=1).astype(float)
    m = counts.sum(axis=1)
    keep = m >= 2
    counts, w = counts[keep], 1.0 / (m[keep] - 1)
    # coincidences: every ordered pair of values from different coders of one unit, weighted 1 / (m_u - 1)
    o = (counts * w[:, None]).T @ counts - np.diag((counts * w[:, None]).sum(axis=0))
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n <= 1:
        return float("nan")
    if level == "interval":
        v = values.astype(float)
        delta = (v[:, None] - v[None, :]) ** 2
    else:
        delta = 1.0 - np.eye(len(values))
    d_o = (o * delta).sum() / n
    d_e = (np.outer(n_c, n_c) * delta).sum() / (n * (n - 1))
    return float(1 - d_o / d_e) if d_e > 0 else float("nan")


def krippendorff_alpha_nominal(codes) -> float:
    """:func:`krippendorff_alpha` at the nominal level (one row per **unit**, one column per **coder**)."""
    return krippendorff_alpha(codes, "nominal")


def cohen_kappa(a, b) -> float:
    """Cohen's kappa of two codings of the same **units** (any labels): (p_o - p_e) / (1 - p_e), with p_e
    from the two codings' own label shares. NaN when p_e = 1 (both codings constant and equal)."""
    a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    labels = sorted(set(a) | set(b), key=str)
    po = float((a == b).mean())
    pe = sum(float((a == c).mean()) * float((b == c).mean()) for c in labels)
    return (po - pe) / (1 - pe) if pe < 1 else float("nan")


def _div(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(b > 0, a / np.where(b > 0, b, 1), np.nan)


def binary_stats(y, x, weights=None) -> dict[str, np.ndarray]:
    """Precision, recall, F1, Cohen's kappa and Krippendorff's alpha (nominal) of 0/1 codes ``x`` against
    reference codes ``y``, one value per row of the last axis (so a draws x units array gives one value per
    bootstrap draw). ``weights`` (same shape, or broadcastable) counts how often each unit is taken, as
    :func:`bootstrap_weights` returns them; None = every unit once.

    Undefined values are NaN: precision when ``x`` has no 1, recall when ``y`` has no 1, kappa and alpha
    when there is no variation. F1 is 0, not NaN, when ``y`` has 1s and ``x`` finds none of them (NaN only
    when neither coding has a 1). For two coders and 0/1 codes, alpha = 1 - (2n - 1) (fn + fp) / (n_0 n_1),
    where n_0 and n_1 count the 0s and 1s over both codings (the coincidence-matrix formula, simplified)."""
    y, x = np.asarray(y, dtype=float), np.asarray(x, dtype=float)
    w = np.ones_like(y) if weights is None else np.asarray(weights, dtype=float)
    y, x, w = np.broadcast_arrays(y, x, w)
    tp = (w * y * x).sum(-1)
    fn = (w * y * (1 - x)).sum(-1)
    fp = (w * (1 - y) * x).sum(-1)
    tn = (w * (1 - y) * (1 - x)).sum(-1)
    n = tp + fn + fp + tn
    prec, rec = _div(tp, tp + fp), _div(tp, tp + fn)
    f1 = _div(2 * tp, 2 * tp + fp + fn)
    po = _div(tp + tn, n)
    pe = _div((tp + fn) * (tp + fp) + (fp + tn) * (fn + tn), n * n)
    kappa = np.where(pe < 1, _div(po - pe, 1 - pe), np.nan)
    n1 = 2 * tp + fn + fp            # 1s over both codings
    n0 = 2 * n - n1
    alpha = np.where(n0 * n1 > 0, 1 - (2 * n - 1) * _div(fn + fp, n0 * n1), np.nan)
    return {"precision": prec, "recall": rec, "f1": f1, "kappa": kappa, "alpha": alpha}


# --------------------------------------------------------------------------------------------------------------
# Bootstrap
# --------------------------------------------------------------------------------------------------------------

def _members(groups) -> list[np.ndarray]:
    codes, uniq = pd.factorize(pd.Series(np.asarray(groups)), sort=True)
    order = np.argsort(codes, kind="stable")
    return np.split(order, np.cumsum(np.bincount(codes, minlength=len(uniq)))[:-1])


def bootstrap_samples(n: int, n_boot: int = 1000, seed: int = 0, groups=None) -> list[np.ndarray]:
    """``n_boot`` arrays of row indices, each a resample with replacement of ``n`` **units** or of whole
    ``groups``.

    With ``groups`` it is a *cluster bootstrap*: whole clusters (e.g. documents) are drawn, as many as
    there are, and all their rows are kept together (a draw then has a varying number of rows).
    """
    rng = np.random.default_rng(seed)
    if groups is None:
        return [rng.integers(0, n, n) for _ in range(n_boot)]
    members = _members(groups)
    return [np.concatenate([members[i] for i in rng.integers(0, len(members), len(members))])
            for _ in range(n_boot)]


def bootstrap_weights(n: int, n_boot: int = 1000, seed: int = 0, groups=None) -> np.ndarray:
    """The resamples of :func:`bootstrap_samples` (same seed, same draws) as an ``n_boot x n`` matrix: how
    often each **unit** is in each draw. With ``groups``, a unit's weight is the number of times its cluster
    was drawn. Feed it to :func:`binary_stats` to compute every draw at once."""
    rng = np.random.default_rng(seed)
    if groups is None:
        idx = rng.integers(0, n, size=(n_boot, n))
        return _counts(idx, n)
    codes, uniq = pd.factorize(pd.Series(np.asarray(groups)), sort=True)
    g = len(uniq)
    idx = rng.integers(0, g, size=(n_boot, g))
    return _counts(idx, g)[:, codes]


def _counts(idx: np.ndarray, n: int) -> np.ndarray:
    """Per row of drawn indices, how often each of 0..n-1 was drawn (rows x n, float)."""
    offset = (np.arange(idx.shape[0]) * n)[:, None]
    return np.bincount((idx + offset).ravel(), minlength=idx.shape[0] * n).reshape(idx.shape[0], n).astype(float)


def percentile_interval(draws, level: float = 0.95, min_defined: float = 0.0) -> tuple[float, float]:
    """Percentile interval ``(low, high)`` of bootstrap ``draws``, NaN draws left out. (NaN, NaN) when fewer
    than ``min_defined`` (a share) of the draws are defined, or none is."""
    d = np.asarray(draws, dtype=float)
    ok = d[~np.isnan(d)]
    if len(ok) == 0 or len(ok) < min_defined * len(d):
        return float("nan"), float("nan")
    lo, hi = np.percentile(ok, [100 * (1 - level) / 2, 100 * (1 + level) / 2])
    return float(lo), float(hi)


def mean_difference_draws(xa, xb, rng: np.random.Generator, n_boot: int = 1000) -> np.ndarray:
    """Bootstrap draws of mean(``xa``) - mean(``xb``), each **group** resampled on its own (independent samples);
    ``rng`` is passed in so that callers resampling several pairs share one random stream."""
    xa, xb = np.asarray(xa, dtype=float), np.asarray(xb, dtype=float)
    return np.array([rng.choice(xa, len(xa)).mean() - rng.choice(xb, len(xb)).mean() for _ in range(n_boot)])
