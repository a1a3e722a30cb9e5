"""How sure a handful of documents can make us of a difference between two word rates (notebook 01's evidence).

The rate of a term is its count per 1,000 tokens. Paragraphs of one article share an author, a topic and
habits, so the independent units are **documents**; with five of them, the methods here are those that stay
honest with few units. Two quantities are estimated: the **mean of the per-document leads** (each document one
observation, as notebook 01 computes it), with a t-interval over documents (n - 1 degrees of freedom) and the
exact sign and Wilcoxon signed-rank tests on the same leads; and the **pooled lead** (all documents' tokens
together, so longer documents weigh more), with a t-interval clustered by document. Leave-one-document-out shows
how the pooled lead moves. The percentile bootstrap is kept for comparison (:func:`bootstrap_difference`): over
five documents it is too narrow.

Units of analysis: :func:`document_leads` one row per **document**; :func:`lead_intervals` one row per
**method**; :func:`mean_interval`, :func:`clustered_ratio` and :func:`bootstrap_difference` return one dict each.
"""
from __future__ import annotations

from math import comb

import numpy as np
import pandas as pd
from scipy import stats

UNIT_NAMES = {"unit_id": "paragraphs", "doc_id": "documents"}


def _per_unit(toks_all: pd.DataFrame, a: str, b: str, unit: str, sort: bool = False) -> pd.DataFrame:
    """Per unit (in order of first appearance, or sorted by id): tokens ``n`` and the counts ``na``, ``nb`` of
    terms a and b."""
    tok = toks_all["token"]
    frame = pd.DataFrame({unit: toks_all[unit], "n": 1, "na": (tok == a).astype(int), "nb": (tok == b).astype(int)})
    return frame.groupby(unit, sort=sort)[["n", "na", "nb"]].sum()


def document_leads(toks_all: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """One row per **document**: ``n_tokens``, the counts and rates per 1,000 tokens of terms ``a`` and ``b``
    (``count_a``, ``count_b``, ``rate_a``, ``rate_b``), their difference ``lead`` (a minus b) and the
    difference of the pooled corpus with that document left out (``lead_without``).

    ``toks_all`` is an unfiltered :func:`helpers.text.tokens` frame (its rows are the tokens the rates are
    relative to). Rates and leads are rounded to 2 decimals."""
    per = _per_unit(toks_all, a, b, "doc_id")
    total = per.sum()
    out = pd.DataFrame({"n_tokens": per["n"], "count_a": per["na"], "count_b": per["nb"],
                        "rate_a": 1000 * per["na"] / per["n"], "rate_b": 1000 * per["nb"] / per["n"]})
    out["lead"] = out["rate_a"] - out["rate_b"]
    rest = total - per
    out["lead_without"] = 1000 * (rest["na"] - rest["nb"]) / rest["n"]
    return out.round(2).rename_axis("doc_id").reset_index()


def mean_interval(values, level: float = 0.95) -> dict:
    """The mean of one value per **document** with Student's t-interval (n - 1 degrees of freedom, standard error
    = sample standard deviation / sqrt(n)): what ``scipy.stats.t.interval(level, n - 1, loc=mean,
    scale=stats.sem(values))`` gives. Returns ``estimate``, ``low``, ``high``, ``se``, ``df`` (unrounded)."""
    v = np.asarray(values, dtype=float)
    if len(v) < 2:
        raise ValueError(f"mean_interval needs at least 2 values, got {len(v)}.")
    se = float(stats.sem(v))
    low, high = stats.t.interval(level, len(v) - 1, loc=float(v.mean()), scale=se)
    return {"estimate": float(v.mean()), "low": float(low), "high": float(high), "se": se, "df": len(v) - 1}


def clustered_ratio(numer, denom, level: float = 0.95) -> dict:
    """A ratio of sums over clusters, sum(numer) / sum(denom), with a t-interval clustered by cluster.

    ``numer`` and ``denom`` hold one value per **cluster** (a document). The standard error is the cluster-robust
    (linearised) one with the small-sample factor G / (G - 1); the interval uses Student's t with G - 1 degrees
    of freedom. Returns ``estimate``, ``low``, ``high``, ``se``, ``df``, ``n_clusters`` (unrounded)."""
    y, n = np.asarray(numer, dtype=float), np.asarray(denom, dtype=float)
    g = len(y)
    if g < 2:
        raise ValueError(f"clustered_ratio needs at least 2 clusters, got {g}.")
    r = y.sum() / n.sum()
    resid = y - r * n
    se = float(np.sqrt(g / (g - 1) * (resid ** 2).sum()) / n.sum())
    t = float(stats.t.ppf(0.5 + level / 2, g - 1))
    return {"estimate": float(r), "low": float(r - t * se), "high": float(r + t * se), "se": se, "df": g - 1,
            "n_clusters": g}


def sign_test(differences) -> float:
    """One-sided exact sign test: the probability of at least as many positive **per-document** differences as
    observed if each were positive or negative with probability 1/2 (zeros count as not positive)."""
    d = np.asarray(differences, dtype=float)
    n, k = len(d), int((d > 0).sum())
    return sum(comb(n, i) for i in range(k, n + 1)) / 2 ** n


def wilcoxon_exact(differences) -> float:
    """One-sided exact Wilcoxon signed-rank p-value (alternative: the per-document differences are centred above
    zero). Ties and zeros as :func:`scipy.stats.wilcoxon` handles them."""
    return float(stats.wilcoxon(np.asarray(differences, dtype=float), alternative="greater", method="exact").pvalue)


def bootstrap_difference(toks_all: pd.DataFrame, a: str, b: str, unit: str = "doc_id", n_boot: int = 2000,
                         seed: int = 0, level: float = 0.95) -> dict:
    """The pooled difference in rate per 1,000 tokens between terms ``a`` and ``b``, with a percentile bootstrap
    interval that resamples ``unit`` with replacement: **documents** (``doc_id``) or **paragraphs**
    (``unit_id``, which ignores that paragraphs of one document are not independent).

    Returns ``unit`` (a name), ``n_units``, ``n_boot``, ``difference``, ``low``, ``high`` and
    ``share_above_zero`` (of the resampled differences); unrounded. With few units the percentile interval is
    too narrow: it cannot be wider than the units' own spread allows, and with five documents many resamples
    repeat the same few."""
    per = _per_unit(toks_all, a, b, unit, sort=True)  # units sorted by id: the draws do not depend on row order
    n, na, nb = (per[c].to_numpy() for c in ("n", "na", "nb"))
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(per), size=(n_boot, len(per)))
    diffs = 1000 * (na[idx].sum(axis=1) - nb[idx].sum(axis=1)) / n[idx].sum(axis=1)
    tail = (1 - level) / 2
    return {"unit": UNIT_NAMES.get(unit, unit), "n_units": int(len(per)), "n_boot": int(n_boot),
            "difference": float(1000 * (na.sum() - nb.sum()) / n.sum()),
            "low": float(np.quantile(diffs, tail)), "high": float(np.quantile(diffs, 1 - tail)),
            "share_above_zero": float((diffs > 0).mean())}


def lead_intervals(toks_all: pd.DataFrame, a: str, b: str, n_boot: int = 2000, seed: int = 0,
                   level: float = 0.95) -> pd.DataFrame:
    """One row per **method** of putting an interval or a test on the lead of term ``a`` over term ``b`` (per
    1,000 tokens): ``method``, ``quantity`` (``mean of document leads`` or ``pooled lead``), ``unit``,
    ``n_units``, ``estimate``, ``low``, ``high`` (NaN for a test), ``p_one_sided`` (NaN for an interval) and
    ``share_above_zero`` (bootstrap rows only).

    Rows: the t-interval over documents of the mean per-document lead (the interval to read; notebook 01's),
    the exact sign test and the exact Wilcoxon signed-rank test on the same per-document leads; then the pooled
    lead, which weights documents by their tokens: its t-interval clustered by document, and for comparison the
    percentile bootstrap over documents and over paragraphs. Numbers rounded to 3 decimals."""
    leads = document_leads(toks_all, a, b)
    per = _per_unit(toks_all, a, b, "doc_id")
    raw_leads = 1000 * (per["na"] - per["nb"]) / per["n"]  # unrounded, as notebook 01 computes them
    mean = mean_interval(raw_leads, level)
    ct = clustered_ratio(1000 * (per["na"] - per["nb"]), per["n"], level)
    g = len(per)
    each, pooled = "mean of document leads", "pooled lead"
    rows = [{"method": f"t-interval over documents ({g - 1} df)", "quantity": each, "unit": "documents",
             "n_units": g, "estimate": mean["estimate"], "low": mean["low"], "high": mean["high"]},
            {"method": "sign test, exact (one-sided)", "quantity": each, "unit": "documents", "n_units": g,
             "p_one_sided": sign_test(leads["lead"])},
            {"method": "Wilcoxon signed-rank, exact (one-sided)", "quantity": each, "unit": "documents",
             "n_units": g, "p_one_sided": wilcoxon_exact(leads["lead"])},
            {"method": f"t-interval clustered by document ({g - 1} df)", "quantity": pooled, "unit": "documents",
             "n_units": g, "estimate": ct["estimate"], "low": ct["low"], "high": ct["high"]}]
    for unit in ("doc_id", "unit_id"):
        bs = bootstrap_difference(toks_all, a, b, unit, n_boot, seed, level)
        rows.append({"method": f"percentile bootstrap over {bs['unit']} ({n_boot} resamples)", "quantity": pooled,
                     "unit": bs["unit"], "n_units": bs["n_units"], "estimate": bs["difference"], "low": bs["low"],
                     "high": bs["high"], "share_above_zero": bs["share_above_zero"]})
    cols = ["method", "quantity", "unit", "n_units", "estimate", "low", "high", "p_one_sided", "share_above_zero"]
    out = pd.DataFrame(rows, columns=cols)
    for c in cols[4:]:  # Python's round (correctly rounded: 1993/2000 is 0.997), not numpy's half-to-even on x*1000
        out[c] = [round(float(v), 3) if pd.notna(v) else np.nan for v in out[c]]
    return out
