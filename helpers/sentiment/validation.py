"""Validation of sentiment scores: human benchmarks, classes, bootstrap intervals and inter-coder agreement.

Everything here compares numbers with numbers; nothing scores text. Units of analysis are stated per
function: most take one value per **sentence** (a score, a mean human rating, a class) and return one row
per **method x metric**, per **class**, or per **rater**.

* Human benchmarks on ratings by many raters: :func:`single_rater_r` (one rater against the mean of the
  others), :func:`split_half_reliability` and :func:`spearman_brown` (how reliable the mean of all raters
  is) and :func:`noise_ceiling` (the highest correlation any scorer can reach against that noisy mean).
* Classes live in :mod:`helpers.sentiment.classes` (re-exported here); :func:`seed_robustness` repeats a macro-F1
  comparison over seeds and fold counts; :func:`cross_fitted_comparison` compares two methods' macro-F1 with
  cut-points fitted out of sample under several fold schemes.
* :func:`benchmark_differences`: a method's r minus the single-rater benchmark, on the same resamples.
* Intervals: :func:`bootstrap_samples` (plain or cluster bootstrap), :func:`validation_table`,
  :func:`paired_differences` (the interval of a *difference* between two methods, both computed on the same
  resamples).
* Agreement between coders: :func:`coder_agreement`. Krippendorff's alpha, Cohen's kappa and the bootstrap
  resamples (:func:`krippendorff_alpha`, :func:`cohen_kappa`, :func:`bootstrap_samples`) are imported from
  :mod:`helpers.stats.reliability`, the project's one implementation, and re-exported here under the same names.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from helpers.sentiment.classes import (CLASSES, NEUTRAL_BAND, band_classes, chance_macro_f1, class_report,  # noqa: F401
                                       classes_from_cutpoints, confusion, cross_fitted_classes, fit_cutpoints,
                                       grouped_folds, macro_f1, rater_classes, tone_classes,
                                       _ratings_matrix)
from helpers.stats.reliability import bootstrap_samples, cohen_kappa, krippendorff_alpha, percentile_interval



# --------------------------------------------------------------------------- correlations


def pearson(a, b) -> float:
    """Pearson correlation of two equal-length sequences (nan if either is constant)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    a, b = a - a.mean(), b - b.mean()
    den = np.sqrt((a * a).sum() * (b * b).sum())
    return float((a * b).sum() / den) if den > 0 else float("nan")


def spearman(a, b) -> float:
    """Spearman rank correlation (Pearson r of average ranks)."""
    return pearson(rankdata(a), rankdata(b))


# --------------------------------------------------------------------------- human benchmarks


def single_rater_r(ratings) -> pd.DataFrame:
    """One row per **rater position** j: Pearson r of the j-th rating of each sentence with the mean of the others.

    The *single-rater benchmark*: how well one person's ratings track the crowd's. It is not a ceiling for a
    machine, which is compared with the mean of *all* raters (see :func:`noise_ceiling`).
    ``ratings`` is a sequence of equal-length rating lists (one per sentence).
    """
    m = _ratings_matrix(ratings)
    k = m.shape[1]
    rows = []
    for j in range(k):
        rest = (m.sum(axis=1) - m[:, j]) / (k - 1)
        rows.append((j + 1, pearson(m[:, j], rest)))
    return pd.DataFrame(rows, columns=["rater", "r_with_others_mean"])


def benchmark_differences(ratings, preds: dict, groups=None, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """One row per **method**: its Pearson r with the mean of all ratings minus the single-rater benchmark (the mean
    over rater positions of :func:`single_rater_r`), with a paired bootstrap 95% CI.

    Both numbers are recomputed on the *same* resampled sentences (whole ``groups``, e.g. editorials, when given),
    so the interval is that of the difference itself, not a method's interval beside a spread over rater
    positions. Columns: ``method``, ``method_r``, ``single_rater``, ``difference``, ``ci_low``, ``ci_high``.
    """
    m = _ratings_matrix(ratings)
    k = m.shape[1]
    others = (m.sum(axis=1, keepdims=True) - m) / (k - 1)
    mean = m.mean(axis=1)

    def single(rows) -> float:
        a, b = m[rows] - m[rows].mean(axis=0), others[rows] - others[rows].mean(axis=0)
        return float(np.mean((a * b).sum(axis=0) / np.sqrt((a * a).sum(axis=0) * (b * b).sum(axis=0))))

    samples = bootstrap_samples(len(m), n_boot, seed, groups)
    benchmark = np.array([single(i) for i in samples])
    rows = []
    for name, p in preds.items():
        p = np.asarray(p, dtype=float)
        diffs = np.array([pearson(p[i], mean[i]) for i in samples]) - benchmark
        lo, hi = _interval(diffs)
        r, one = pearson(p, mean), single(np.arange(len(m)))
        rows.append((name, r, one, r - one, lo, hi))
    return pd.DataFrame(rows, columns=["method", "method_r", "single_rater", "difference", "ci_low", "ci_high"])


def exact_permutation_p(a, b, stat=None, max_n: int = 8, alternative: str = "two-sided") -> tuple[float, int]:
    """Exact permutation p-value of a correlation between two short series (e.g. 5 documents).

    Every ordering of ``b`` against ``a`` is enumerated (n! of them: 120 for n = 5). Two-sided (default): p is the
    share of orderings whose |statistic| is at least the observed |statistic|; ``alternative="greater"``: the share
    whose statistic is at least the observed one (agreement at least as strong). Ties are included, so the observed
    ordering counts. ``stat`` defaults to :func:`spearman`. Returns ``(p, number of orderings)``; raises for
    n > ``max_n``.
    """
    from itertools import permutations

    stat = spearman if stat is None else stat
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if len(a) != len(b) or len(a) < 3:
        raise ValueError("exact_permutation_p needs two series of the same length, at least 3.")
    if len(a) > max_n:
        raise ValueError(f"{len(a)}! orderings are too many to enumerate; use a Monte-Carlo permutation test.")
    if alternative not in ("two-sided", "greater"):
        raise ValueError(f"alternative must be 'two-sided' or 'greater', not {alternative!r}.")
    fold = abs if alternative == "two-sided" else (lambda x: x)
    observed = fold(stat(a, b))
    values = np.array([fold(stat(a, b[list(p)])) for p in permutations(range(len(b)))])
    return float(np.mean(values >= observed - 1e-12)), int(len(values))


def spearman_brown(r, factor: float = 2.0):
    """The Spearman-Brown prophecy: reliability of a mean over ``factor`` times as many raters as gave ``r``."""
    r = np.asarray(r, dtype=float)
    out = factor * r / (1 + (factor - 1) * r)
    return float(out) if out.ndim == 0 else out


def split_half_reliability(ratings, n_splits: int = 200, seed: int = 0) -> pd.DataFrame:
    """One row per **random split** of each sentence's raters into two halves.

    For every split the raters of every sentence are shuffled (``seed``) and cut in two halves; ``r_half``
    is Pearson r between the two half-means over sentences and ``reliability`` its Spearman-Brown
    correction to the full number of raters (the reliability of the mean of all ratings).
    """
    m = _ratings_matrix(ratings)
    k = m.shape[1]
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(n_splits):
        perm = np.argsort(rng.random(m.shape), axis=1)
        shuffled = np.take_along_axis(m, perm, axis=1)
        r = pearson(shuffled[:, : k // 2].mean(axis=1), shuffled[:, k // 2:].mean(axis=1))
        rows.append((s, r, spearman_brown(r, 2.0)))
    return pd.DataFrame(rows, columns=["split", "r_half", "reliability"])


def noise_ceiling(reliability: float) -> float:
    """The highest Pearson r a scorer can expect against a noisy mean rating: ``sqrt(reliability)``.

    A scorer that reproduced the raters' true mean exactly would still correlate only this much with the
    observed mean, because the observed mean carries rating noise.
    """
    return float(np.sqrt(reliability))


def benchmark_table(single: pd.DataFrame, halves: pd.DataFrame) -> pd.DataFrame:
    """One row per **human benchmark**: from :func:`single_rater_r` and :func:`split_half_reliability`.

    Rows: the single-rater benchmark (mean, and the lowest and highest over rater positions), the split-half r,
    the Spearman-Brown reliability of the full mean (mean over splits) and the noise ceiling ``sqrt(reliability)``.
    ``spread_low``/``spread_high`` are a **spread, not a confidence interval**: over the rater positions (first row)
    or the middle 95% of the random splits of the raters (other rows); ``spread_over`` says which. None of them
    resamples sentences or editorials.
    """
    r1, rh, rel = single["r_with_others_mean"], halves["r_half"], halves["reliability"]
    ceiling = noise_ceiling(rel.mean())
    splits = f"middle 95% of {len(halves)} random splits"
    rows = [("single-rater benchmark: one rater vs. mean of the others", r1.mean(), r1.min(), r1.max(),
             f"lowest to highest of {len(r1)} rater positions"),
            ("split-half r: mean of one half of the raters vs. the other half", rh.mean(), *np.percentile(rh, [2.5, 97.5]),
             splits),
            ("reliability of the full mean (Spearman-Brown)", rel.mean(), *np.percentile(rel, [2.5, 97.5]), splits),
            ("noise ceiling: highest r a scorer can be expected to reach against the mean", ceiling,
             *np.sqrt(np.percentile(rel, [2.5, 97.5])), splits)]
    return pd.DataFrame(rows, columns=["benchmark", "value", "spread_low", "spread_high", "spread_over"])


# --------------------------------------------------------------------------- bootstrap


def _interval(stats, level: float = 0.95) -> tuple[float, float]:
    """Percentile interval of bootstrap ``stats`` (NaN draws left out): :func:`helpers.stats.reliability.percentile_interval`."""
    return percentile_interval(stats, level)


def bootstrap_ci(truth, pred, metric, n_boot: int = 1000, seed: int = 0, groups=None,
                 level: float = 0.95) -> tuple[float, float]:
    """A percentile bootstrap confidence interval ``(low, high)`` for ``metric(truth, pred)``."""
    truth, pred = np.asarray(truth), np.asarray(pred)
    stats = [metric(truth[idx], pred[idx]) for idx in bootstrap_samples(len(truth), n_boot, seed, groups)]
    return _interval(stats, level)


def two_sample_differences(quantities: dict, groups_a=None, groups_b=None, n_boot: int = 1000,
                           seed: int = 0) -> pd.DataFrame:
    """One row per **quantity** ``name -> (a, b, stat)``: ``stat(a) - stat(b)`` for two independent samples
    (e.g. corpus sentences and NYT sentences), with a percentile 95% CI. Each draw resamples both samples at
    once, each by its own units: rows, or whole clusters given by ``groups_a`` / ``groups_b``. Every quantity's
    ``a`` (and ``b``) must be row-aligned with the others, so all quantities share the same draws."""
    first = next(iter(quantities.values()))
    draws_a = bootstrap_samples(len(first[0]), n_boot, seed, groups_a)
    draws_b = bootstrap_samples(len(first[1]), n_boot, seed + 1, groups_b)
    rows = []
    for name, (a, b, stat) in quantities.items():
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        diffs = np.array([stat(a[i]) - stat(b[j]) for i, j in zip(draws_a, draws_b)])
        rows.append((name, stat(a) - stat(b), *_interval(diffs)))
    return pd.DataFrame(rows, columns=["quantity", "difference", "ci_low", "ci_high"])


def mean_ci(values, n_boot: int = 1000, seed: int = 0) -> tuple[float, float]:
    """A percentile bootstrap 95% interval for the mean of ``values`` (nan, nan for fewer than 2 values)."""
    v = np.asarray(values, dtype=float)
    if len(v) < 2:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    means = v[rng.integers(0, len(v), (n_boot, len(v)))].mean(axis=1)
    return _interval(means)


def _fast(x) -> np.ndarray:
    """Numbers as floats, labels as a numpy string array."""
    a = np.asarray(x)
    return a.astype(str) if a.dtype.kind in "OUS" else a.astype(float)


def validation_table(truth, preds: dict, metrics: dict, groups=None, n_boot: int = 1000,
                     seed: int = 0) -> pd.DataFrame:
    """One row per **method x metric**: the value and its bootstrap 95% CI against ``truth``.

    ``preds`` maps a method name to its predictions (scores or classes, as its metric needs); ``metrics``
    maps a metric name to ``(function, key)`` where ``key`` picks, per method, which entry of ``preds``
    the metric reads (``None``: the method's own entry), or simply to a function. Every method is resampled
    with the same resamples, so intervals are comparable and :func:`paired_differences` can use them.
    """
    truth = _fast(truth)
    samples = bootstrap_samples(len(truth), n_boot, seed, groups)
    rows = []
    for name, pred in preds.items():
        pred = _fast(pred)
        for mname, fn in metrics.items():
            stats = [fn(truth[idx], pred[idx]) for idx in samples]
            lo, hi = _interval(stats)
            rows.append((name, mname, fn(truth, pred), lo, hi))
    return pd.DataFrame(rows, columns=["method", "metric", "value", "ci_low", "ci_high"])


def paired_differences(truth, preds: dict, metric, pairs, groups=None, n_boot: int = 1000,
                       seed: int = 0, metric_name: str = "") -> pd.DataFrame:
    """One row per **pair of methods** ``(a, b)``: ``metric(a) - metric(b)`` with a paired bootstrap 95% CI.

    Both methods are scored on the *same* resampled rows (or clusters, with ``groups``), so the interval is
    that of the difference itself, not of two separate values. ``share_a_better`` is the share of resamples
    in which ``a`` scores higher.
    """
    truth = _fast(truth)
    samples = bootstrap_samples(len(truth), n_boot, seed, groups)
    rows = []
    for a, b in pairs:
        pa, pb = _fast(preds[a]), _fast(preds[b])
        diffs = np.array([metric(truth[i], pa[i]) - metric(truth[i], pb[i]) for i in samples])
        lo, hi = _interval(diffs)
        rows.append((metric_name, a, b, metric(truth, pa) - metric(truth, pb), lo, hi, float((diffs > 0).mean())))
    return pd.DataFrame(rows, columns=["metric", "method_a", "method_b", "difference", "ci_low", "ci_high",
                                       "share_a_better"])


# --------------------------------------------------------------------------- agreement between coders


def coder_agreement(a, b, n_boot: int = 1000, seed: int = 0, groups=None) -> pd.DataFrame:
    """One row per **agreement measure** between two coding passes of the same units (-2..+2 tone codes).

    Krippendorff's alpha (interval, on the codes; nominal, on the three classes), Cohen's kappa on the three
    classes and the raw share of units in the same class, each with a bootstrap 95% CI over units (with
    ``groups``, over whole clusters such as paragraphs).
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    ca, cb = tone_classes(a).to_numpy(dtype=object), tone_classes(b).to_numpy(dtype=object)
    measures = {
        "Krippendorff's alpha (interval, -2..+2)": lambda i: krippendorff_alpha(np.c_[a[i], b[i]], "interval"),
        "Krippendorff's alpha (nominal, 3 classes)": lambda i: krippendorff_alpha(
            pd.DataFrame({"a": ca[i], "b": cb[i]}), "nominal"),
        "Cohen's kappa (3 classes)": lambda i: cohen_kappa(ca[i], cb[i]),
        "same class (share)": lambda i: float((ca[i] == cb[i]).mean()),
        "same code (share)": lambda i: float((a[i] == b[i]).mean()),
    }
    samples = bootstrap_samples(len(a), n_boot, seed, groups)
    rows = []
    for name, fn in measures.items():
        lo, hi = _interval([fn(i) for i in samples])
        rows.append((name, fn(np.arange(len(a))), lo, hi))
    return pd.DataFrame(rows, columns=["measure", "value", "ci_low", "ci_high"])


def seed_robustness(truth, scores: dict, groups, seeds, n_folds: int, n_boot: int,
                    pair=("news-tuned (out-of-fold)", "VADER")) -> pd.DataFrame:
    """One row per **seed** (at ``n_folds`` folds): the cross-fitted macro-F1 of the two methods of ``pair`` and
    their paired difference with a cluster-bootstrap 95% CI. ``scores`` maps a seed to ``{method: scores}`` (the
    news-tuned held-out scores depend on the seed); folds, cut-points and bootstrap all use that seed."""
    rows = []
    for s in seeds:
        folds = grouped_folds(groups, n_folds, seed=s)
        cls = {m: cross_fitted_classes(v, truth, folds)["predicted"].to_numpy() for m, v in scores[s].items()}
        d = paired_differences(truth, cls, macro_f1, [pair], groups=groups, n_boot=n_boot, seed=s).iloc[0]
        rows.append((s, n_folds, macro_f1(truth, cls[pair[0]]), macro_f1(truth, cls[pair[1]]), d["difference"],
                     d["ci_low"], d["ci_high"]))
    return pd.DataFrame(rows, columns=["seed", "n_folds", f"macro-F1 {pair[0]}", f"macro-F1 {pair[1]}", "difference",
                                       "ci_low", "ci_high"])


def cross_fitted_comparison(truth, scores: dict, folds_by: dict, pair, groups=None, n_boot: int = 1000,
                            seed: int = 0) -> pd.DataFrame:
    """One row per **fold scheme**: macro-F1 of the two methods of ``pair`` with cut-points fitted out of sample,
    and their difference (a minus b) with a paired bootstrap 95% CI.

    ``folds_by`` maps a scheme's name to a fold label per **sentence** (a document id to leave one document out, a
    grouped fold number, a row number to leave one sentence out): each sentence's class comes from cut-points fitted
    on the other folds (:func:`cross_fitted_classes`), so no sentence helps set its own cut. The interval resamples
    the rows (or whole ``groups``, e.g. paragraphs) of those cross-fitted classes, the folds' cut-points held fixed.
    A scheme given as ``None`` fits the cut-points on all rows and scores the same rows (in sample: optimistic, for
    contrast only; no interval). Columns: ``scheme``, ``n_folds``, ``macro-F1 <a>``, ``macro-F1 <b>``,
    ``difference``, ``ci_low``, ``ci_high``.
    """
    truth = np.asarray(truth, dtype=object)
    rows = []
    for name, folds in folds_by.items():
        if folds is None:
            pred = {m: classes_from_cutpoints(scores[m], *fit_cutpoints(scores[m], truth)) for m in pair}
            lo = hi = float("nan")
            n_folds = 1
        else:
            folds = pd.factorize(np.asarray(folds), sort=True)[0]
            pred = {m: cross_fitted_classes(scores[m], truth, folds)["predicted"].to_numpy() for m in pair}
            d = paired_differences(truth, pred, macro_f1, [pair], groups=groups, n_boot=n_boot, seed=seed).iloc[0]
            lo, hi = d["ci_low"], d["ci_high"]
            n_folds = int(folds.max()) + 1
        f1 = [macro_f1(truth, pred[m]) for m in pair]
        rows.append((name, n_folds, *f1, f1[0] - f1[1], lo, hi))
    return pd.DataFrame(rows, columns=["scheme", "n_folds", f"macro-F1 {pair[0]}", f"macro-F1 {pair[1]}",
                                       "difference", "ci_low", "ci_high"])
