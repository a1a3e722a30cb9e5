"""Validation of sentiment scores: human benchmarks, classes, bootstrap intervals and inter-coder agreement.

Everything here compares numbers with numbers; nothing scores text. Units of analysis are stated per
function: most take one value per **sentence** (a score, a mean human rating, a class) and return one row
per **method x metric**, per **class**, or per **rater**.

* Human benchmarks on ratings by many raters: :func:`single_rater_r` (one rater against the mean of the
  others), :func:`split_half_reliability` and :func:`spearman_brown` (how reliable the mean of all raters
  is) and :func:`noise_ceiling` (the highest correlation any scorer can reach against that noisy mean).
* Classes: :func:`rater_classes` (negative / neutral / positive from the raters' own signs),
  :func:`fit_cutpoints` and :func:`cross_fitted_classes` (each method's two cut-points learned on training
  folds only), :func:`class_report` and :func:`confusion` (per-class precision, recall, F1).
* Intervals: :func:`bootstrap_samples` (plain or cluster bootstrap), :func:`validation_table`,
  :func:`paired_differences` (the interval of a *difference* between two methods, both computed on the same
  resamples).
* Agreement between coders: :func:`coder_agreement`. Krippendorff's alpha, Cohen's kappa and the bootstrap
  resamples (:func:`krippendorff_alpha`, :func:`cohen_kappa`, :func:`bootstrap_samples`) are imported from
  :mod:`helpers.reliability`, the project's one implementation, and re-exported here under the same names.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from helpers.stats.reliability import bootstrap_samples, cohen_kappa, krippendorff_alpha, percentile_interval

CLASSES = ("negative", "neutral", "positive")
"""The three classes, in order."""

NEUTRAL_BAND = 0.05
"""VADER's convention: a score within +/-0.05 of zero is neutral (used only where stated)."""


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


def _ratings_matrix(ratings) -> np.ndarray:
    m = np.asarray([list(r) for r in ratings], dtype=float)
    if m.ndim != 2 or m.shape[1] < 2:
        raise ValueError("ratings must be equal-length lists of at least two ratings per sentence.")
    return m


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


def exact_permutation_p(a, b, stat=None, max_n: int = 8) -> tuple[float, int]:
    """Exact two-sided permutation p-value of a correlation between two short series (e.g. 5 documents).

    Every ordering of ``b`` against ``a`` is enumerated (n! of them: 120 for n = 5); p is the share whose
    |statistic| is at least the observed one (ties included, so the observed ordering counts). ``stat``
    defaults to :func:`spearman`. Returns ``(p, number of orderings)``; raises for n > ``max_n``.
    """
    from itertools import permutations

    stat = spearman if stat is None else stat
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if len(a) != len(b) or len(a) < 3:
        raise ValueError("exact_permutation_p needs two series of the same length, at least 3.")
    if len(a) > max_n:
        raise ValueError(f"{len(a)}! orderings are too many to enumerate; use a Monte-Carlo permutation test.")
    observed = abs(stat(a, b))
    values = np.array([abs(stat(a, b[list(p)])) for p in permutations(range(len(b)))])
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

    Rows: the single-rater benchmark (mean and range over rater positions), the split-half r, the
    Spearman-Brown reliability of the full mean (mean over splits, with the 2.5-97.5% range of the splits) and
    the noise ceiling ``sqrt(reliability)``.
    """
    r1, rh, rel = single["r_with_others_mean"], halves["r_half"], halves["reliability"]
    ceiling = noise_ceiling(rel.mean())
    rows = [("single-rater benchmark: one rater vs. mean of the others", r1.mean(), r1.min(), r1.max()),
            ("split-half r: mean of one half of the raters vs. the other half", rh.mean(), *np.percentile(rh, [2.5, 97.5])),
            ("reliability of the full mean (Spearman-Brown)", rel.mean(), *np.percentile(rel, [2.5, 97.5])),
            ("noise ceiling: highest r a scorer can reach against the mean", ceiling,
             *np.sqrt(np.percentile(rel, [2.5, 97.5])))]
    return pd.DataFrame(rows, columns=["benchmark", "value", "low", "high"])


# --------------------------------------------------------------------------- classes


def rater_classes(ratings, tie: str = "neutral") -> pd.Series:
    """One **class per sentence** from its raters: the most frequent sign among the ratings.

    Each rating counts as negative (< 0), neutral (0) or positive (> 0); the class is the one most raters
    chose. A tie between two or three classes gives ``tie`` (the neutral class by default). Defined by the
    raters themselves, not by a cut on a scorer's scale.
    """
    m = _ratings_matrix(ratings)
    counts = np.stack([(m < 0).sum(1), (m == 0).sum(1), (m > 0).sum(1)], axis=1)
    best = counts.max(axis=1, keepdims=True)
    winners = counts == best
    idx = np.where(winners.sum(axis=1) > 1, CLASSES.index(tie), counts.argmax(axis=1))
    return pd.Series(np.asarray(CLASSES, dtype=object)[idx], name="class").astype("str")


def tone_classes(tone) -> pd.Series:
    """One **class per unit** from a -2..+2 tone code: negative (< 0), neutral (0), positive (> 0)."""
    t = np.asarray(tone, dtype=float)
    return pd.Series(np.where(t < 0, "negative", np.where(t > 0, "positive", "neutral")), name="class").astype("str")


def classes_from_cutpoints(scores, low: float, high: float) -> np.ndarray:
    """One class per **score**: negative if below ``low``, positive if above ``high``, else neutral."""
    s = np.asarray(scores, dtype=float)
    return np.where(s < low, "negative", np.where(s > high, "positive", "neutral")).astype(object)


def band_classes(scores, band: float = NEUTRAL_BAND) -> np.ndarray:
    """One class per **score** with a fixed symmetric neutral band (VADER's +/-0.05 convention)."""
    return classes_from_cutpoints(scores, -band, band)


def _labels(x) -> np.ndarray:
    """Class labels as a numpy string array (fast element-wise comparison)."""
    a = np.asarray(x)
    return a if a.dtype.kind == "U" else a.astype(str)


def macro_f1(truth, pred, classes=CLASSES) -> float:
    """Macro-averaged F1 over ``classes`` (a class absent from both truth and prediction is left out)."""
    t, p = _labels(truth), _labels(pred)
    f1s = []
    for c in classes:
        tp = int(((t == c) & (p == c)).sum())
        n_true, n_pred = int((t == c).sum()), int((p == c).sum())
        if n_true + n_pred:
            f1s.append(2 * tp / (n_true + n_pred))
    return float(np.mean(f1s)) if f1s else float("nan")


def fit_cutpoints(scores, truth, n_grid: int = 41) -> tuple[float, float]:
    """The two cut-points ``(low, high)`` on a method's scale that maximise macro-F1 against ``truth`` classes.

    Scores below ``low`` are negative, above ``high`` positive, the rest neutral. Candidates are ``n_grid``
    quantiles of the scores (so the search works on any scale); ties in F1 go to the lowest ``low``, then
    the lowest ``high``. Fit it on training data only.
    """
    s = np.asarray(scores, dtype=float)
    t = np.asarray(truth, dtype=object)
    grid = np.unique(np.round(np.quantile(s, np.linspace(0.01, 0.99, n_grid)), 12))
    n_c = np.array([(t == c).sum() for c in CLASSES], dtype=float)
    below = np.array([np.searchsorted(np.sort(s[t == c]), grid, side="left") for c in CLASSES], dtype=float)
    at_or_below = np.array([np.searchsorted(np.sort(s[t == c]), grid, side="right") for c in CLASSES], dtype=float)
    # rows: low = grid[i]; columns: high = grid[j]
    tp_neg = np.broadcast_to(below[0][:, None], (len(grid), len(grid)))
    pred_neg = np.broadcast_to(below.sum(0)[:, None], tp_neg.shape)
    tp_pos = np.broadcast_to((n_c[2] - at_or_below[2])[None, :], tp_neg.shape)
    pred_pos = np.broadcast_to((n_c[:, None] - at_or_below).sum(0)[None, :], tp_neg.shape)
    tp_neu = at_or_below[1][None, :] - below[1][:, None]
    pred_neu = len(s) - pred_neg - pred_pos
    f1 = []
    present = []
    for tp, pred, n in ((tp_neg, pred_neg, n_c[0]), (tp_neu, pred_neu, n_c[1]), (tp_pos, pred_pos, n_c[2])):
        den = n + pred
        f1.append(np.where(den > 0, 2 * tp / np.where(den > 0, den, 1), 0.0))
        present.append(den > 0)
    macro = np.sum(f1, axis=0) / np.maximum(np.sum(present, axis=0), 1)
    macro = np.where(np.triu(np.ones_like(macro, dtype=bool)), macro, -1.0)
    i, j = np.unravel_index(int(np.argmax(np.round(macro, 12))), macro.shape)
    return float(grid[i]), float(grid[j])


def cross_fitted_classes(scores, truth, folds) -> pd.DataFrame:
    """One row per **sentence**: its class from cut-points learned on the *other* folds.

    ``folds`` gives each sentence's fold number (e.g. :func:`helpers.nyt_model`'s grouped folds): the
    cut-points used for fold k are fitted on all other folds, so no sentence's label helps set its own cut.
    Columns ``fold``, ``low``, ``high``, ``predicted``.
    """
    s, t, f = np.asarray(scores, dtype=float), np.asarray(truth, dtype=object), np.asarray(folds)
    pred = np.empty(len(s), dtype=object)
    low, high = np.full(len(s), np.nan), np.full(len(s), np.nan)
    for k in np.unique(f):
        lo, hi = fit_cutpoints(s[f != k], t[f != k])
        test = f == k
        pred[test] = classes_from_cutpoints(s[test], lo, hi)
        low[test], high[test] = lo, hi
    return pd.DataFrame({"fold": f, "low": low, "high": high, "predicted": pred.astype(str)})


def class_report(truth, pred, classes=CLASSES) -> pd.DataFrame:
    """One row per **class** plus ``macro``: precision, recall, F1 and support (true count)."""
    t, p = np.asarray(truth, dtype=object), np.asarray(pred, dtype=object)
    rows = []
    for c in classes:
        tp = int(((t == c) & (p == c)).sum())
        n_true, n_pred = int((t == c).sum()), int((p == c).sum())
        prec = tp / n_pred if n_pred else float("nan")
        rec = tp / n_true if n_true else float("nan")
        f1 = 2 * tp / (n_true + n_pred) if n_true + n_pred else float("nan")
        rows.append((c, prec, rec, f1, n_true))
    out = pd.DataFrame(rows, columns=["class", "precision", "recall", "f1", "support"])
    macro = out[["precision", "recall", "f1"]].mean()
    out.loc[len(out)] = ["macro", macro["precision"], macro["recall"], macro["f1"], int(out["support"].sum())]
    return out


def confusion(truth, pred, classes=CLASSES) -> pd.DataFrame:
    """A **confusion matrix**: rows the true class, columns the predicted class, cells sentence counts."""
    t = pd.Categorical(np.asarray(truth, dtype=object), categories=list(classes))
    p = pd.Categorical(np.asarray(pred, dtype=object), categories=list(classes))
    out = pd.crosstab(t, p, dropna=False).reindex(index=list(classes), columns=list(classes), fill_value=0)
    out.index.name, out.columns.name = "true class", "predicted class"
    return out.astype(int)


def grouped_folds(groups, n_splits: int = 5, seed: int = 0) -> np.ndarray:
    """One fold number (0..n_splits-1) per **row**: all rows of a group share a fold (shuffled with ``seed``).

    Uses ``GroupKFold(shuffle=True)``, which needs scikit-learn >= 1.6.
    """
    from sklearn.model_selection import GroupKFold

    groups = np.asarray(groups)
    fold = np.empty(len(groups), dtype=int)
    cv = GroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    for k, (_, test) in enumerate(cv.split(np.zeros(len(groups)), groups=groups)):
        fold[test] = k
    return fold


# --------------------------------------------------------------------------- bootstrap


def _interval(stats, level: float = 0.95) -> tuple[float, float]:
    """Percentile interval of bootstrap ``stats`` (NaN draws left out): :func:`helpers.reliability.percentile_interval`."""
    return percentile_interval(stats, level)


def bootstrap_ci(truth, pred, metric, n_boot: int = 1000, seed: int = 0, groups=None,
                 level: float = 0.95) -> tuple[float, float]:
    """A percentile bootstrap confidence interval ``(low, high)`` for ``metric(truth, pred)``."""
    truth, pred = np.asarray(truth), np.asarray(pred)
    stats = [metric(truth[idx], pred[idx]) for idx in bootstrap_samples(len(truth), n_boot, seed, groups)]
    return _interval(stats, level)


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


def difference_sentence(row) -> str:
    """A sentence stating one row of :func:`paired_differences`, worded by whether its CI excludes 0."""
    d, lo, hi = row["difference"], row["ci_low"], row["ci_high"]
    if lo > 0:
        verdict = "higher (the interval excludes 0)"
    elif hi < 0:
        verdict = "lower (the interval excludes 0)"
    else:
        verdict = "not distinguishable (the interval includes 0)"
    return (f"{row['metric']}: {row['method_a']} minus {row['method_b']} = {d:+.3f} "
            f"[95% CI {lo:+.3f}, {hi:+.3f}]: {row['method_a']} is {verdict}.")


# --------------------------------------------------------------------------- agreement between coders


def coder_agreement(a, b, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """One row per **agreement measure** between two coding passes of the same units (-2..+2 tone codes).

    Krippendorff's alpha (interval, on the codes; nominal, on the three classes), Cohen's kappa on the three
    classes and the raw share of units in the same class, each with a bootstrap 95% CI over units.
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
    samples = bootstrap_samples(len(a), n_boot, seed)
    rows = []
    for name, fn in measures.items():
        lo, hi = _interval([fn(i) for i in samples])
        rows.append((name, fn(np.arange(len(a))), lo, hi))
    return pd.DataFrame(rows, columns=["measure", "value", "ci_low", "ci_high"])


def chance_macro_f1(truth, pred, n_perm: int = 1000, seed: int = 0) -> float:
    """Mean macro-F1 when ``pred`` is shuffled across units: the score of a method with the same class
    shares but no relation to the truth (a permutation baseline)."""
    rng = np.random.default_rng(seed)
    t, p = _labels(truth), _labels(pred)
    return float(np.mean([macro_f1(t, rng.permutation(p)) for _ in range(n_perm)]))
