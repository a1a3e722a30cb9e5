"""Three sentiment classes: from raters, from tone codes and from a scorer's cut-points; macro-F1 and per-class
reports. Units of analysis are stated per function: most take one value per **sentence** and return one class per
sentence or one row per **class**.

* :func:`rater_classes` (negative / neutral / positive from the raters' own signs), :func:`tone_classes` (from
  a -2..+2 tone code);
* :func:`fit_cutpoints` and :func:`cross_fitted_classes` (each method's two cut-points learned on training folds
  only), :func:`band_classes` (VADER's fixed +/-0.05 band);
* :func:`macro_f1`, :func:`class_report`, :func:`confusion`, :func:`chance_macro_f1` (a permutation baseline).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

CLASSES = ("negative", "neutral", "positive")
"""The three classes, in order."""

NEUTRAL_BAND = 0.05
"""VADER's convention: a score within +/-0.05 of zero is neutral (used only where stated)."""



def _ratings_matrix(ratings) -> np.ndarray:
    m = np.asarray([list(r) for r in ratings], dtype=float)
    if m.ndim != 2 or m.shape[1] < 2:
        raise ValueError("ratings must be equal-length lists of at least two ratings per sentence.")
    return m


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

    ``folds`` gives each sentence's fold number (e.g. :func:`helpers.sentiment.nyt_model`'s grouped folds): the
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



def chance_macro_f1(truth, pred, n_perm: int = 1000, seed: int = 0) -> float:
    """Mean macro-F1 when ``pred`` is shuffled across units: the score of a method with the same class
    shares but no relation to the truth (a permutation baseline)."""
    rng = np.random.default_rng(seed)
    t, p = _labels(truth), _labels(pred)
    return float(np.mean([macro_f1(t, rng.permutation(p)) for _ in range(n_perm)]))
