"""The one evaluation of :mod:`helpers.target_sentiment` on NewsMTSC ``devtest_mt`` (see ``DEVTEST_LOOKS``).

Baselines: sentence-level reference VADER (with VADER's fixed +/-0.05 band, and with two cut-points learned on the
training file, :func:`learned_vader_cutpoints`) and the training file's majority class. Intervals are a
percentile bootstrap over whole **sentences**. Units of analysis: :func:`devtest_predictions` one row per
**devtest mention**; :func:`devtest_evaluation` one row per **method x metric**; :func:`confusion_table` one
row per **true class x predicted class**.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from helpers.sentiment import lexicons
from helpers.sentiment.target import (CLASSES, DEFAULT_C, PROBA_COLUMNS, load_newsmtsc, target_sentiment, trained_model,
                               training_features)


def sentence_vader_classes(texts, band: float = 0.05) -> np.ndarray:
    """The baseline: every mention gets its **sentence's** reference-VADER class (compound cut at +/-``band``)."""
    comp = lexicons.reference_vader_scores(texts)["compound"].to_numpy()
    return np.where(comp > band, "positive", np.where(comp < -band, "negative", "neutral"))


@lru_cache(maxsize=1)
def learned_vader_cutpoints() -> tuple[float, float]:
    """The two cut-points on reference VADER's sentence compound that maximise macro-F1 against the mention labels
    of the NewsMTSC **training** file (:func:`helpers.sentiment_validation.fit_cutpoints`); devtest is not used."""
    from helpers.sentiment.validation import fit_cutpoints

    train = load_newsmtsc("train")
    comp = lexicons.reference_vader_scores(train["text"])["compound"].to_numpy()
    low, high = fit_cutpoints(comp, train["label"].to_numpy())
    return float(low), float(high)


def learned_vader_classes(texts) -> np.ndarray:
    """Sentence-level reference VADER classes with :func:`learned_vader_cutpoints` (one per **text**)."""
    from helpers.sentiment.validation import classes_from_cutpoints

    comp = lexicons.reference_vader_scores(texts)["compound"].to_numpy()
    return classes_from_cutpoints(comp, *learned_vader_cutpoints()).astype(str)


def _class_f1(truth, pred) -> dict:
    truth, pred = np.asarray(truth), np.asarray(pred)
    f1 = []
    for c in CLASSES:
        t, p = truth == c, pred == c
        den = int(t.sum() + p.sum())
        f1.append(2 * int((t & p).sum()) / den if den else 0.0)
    out = {"macro-F1": float(np.mean(f1))}
    out.update({f"F1 {c}": float(v) for c, v in zip(CLASSES, f1)})
    out["accuracy"] = float(np.mean(truth == pred))
    return out


def _cluster_samples(groups, n_boot: int, seed: int) -> list[np.ndarray]:
    codes, uniq = pd.factorize(pd.Series(np.asarray(groups)), sort=True)
    order = np.argsort(codes, kind="stable")
    members = np.split(order, np.cumsum(np.bincount(codes, minlength=len(uniq)))[:-1])
    rng = np.random.default_rng(seed)
    return [np.concatenate([members[i] for i in rng.integers(0, len(members), len(members))])
            for _ in range(n_boot)]


@lru_cache(maxsize=2)
def devtest_predictions(C: float = DEFAULT_C) -> pd.DataFrame:
    """One row per **devtest_mt mention**: the gold ``label`` and every method's predicted class.

    Methods: ``target_sentiment`` (:func:`trained_model`), ``sentence VADER``
    (the sentence's reference-VADER class, the same for every mention of a
    sentence), ``sentence VADER, learned cuts`` (the same with cut-points learned on
    the training file) and ``majority class`` (the most frequent class of the *training*
    file for every mention).
    """
    dev = load_newsmtsc("devtest_mt")
    scored = target_sentiment(dev, model=trained_model(C))
    _, labels, _ = training_features()
    majority = pd.Series(labels).value_counts().sort_index().idxmax()
    out = dev[["sentence_id", "text", "start", "end", "mention", "label"]].copy()
    out["target_sentiment"] = scored["predicted"].to_numpy()
    for c in PROBA_COLUMNS:
        out[c] = scored[c].to_numpy()
    out["sentence VADER"] = sentence_vader_classes(dev["text"])
    out["majority class"] = majority
    out["sentence VADER, learned cuts"] = learned_vader_classes(dev["text"])
    for c in EVAL_METHODS:
        out[c] = out[c].astype(str)
    return out


EVAL_METHODS = ("target_sentiment", "sentence VADER", "majority class", "sentence VADER, learned cuts")
"""The methods evaluated; the learned-cuts baseline was added after the 4th (final) look at the target scorer."""


def devtest_evaluation(n_boot: int = 1000, seed: int = 0, C: float = DEFAULT_C) -> pd.DataFrame:
    """One row per **method x metric** on NewsMTSC ``devtest_mt`` (used once, never for tuning).

    Metrics: macro-F1, F1 per class, accuracy; ``ci_low``/``ci_high`` are a
    95% percentile bootstrap resampling whole **sentences** (mentions of one
    sentence are not independent), the same resamples for every method. Extra
    rows with method ``target_sentiment - sentence VADER`` (and ``target_sentiment -
    sentence VADER, learned cuts``) give the paired bootstrap interval of the difference. Columns: ``method``, ``metric``,
    ``value``, ``ci_low``, ``ci_high``, ``n`` (mentions).
    """
    pred = devtest_predictions(C)
    truth = pred["label"].to_numpy()
    samples = _cluster_samples(pred["sentence_id"], n_boot, seed)
    stats = {m: [_class_f1(truth[i], pred[m].to_numpy()[i]) for i in samples] for m in EVAL_METHODS}
    rows = []
    for m in EVAL_METHODS:
        point = _class_f1(truth, pred[m].to_numpy())
        for k, v in point.items():
            lo, hi = np.percentile([s[k] for s in stats[m]], [2.5, 97.5])
            rows.append((m, k, v, float(lo), float(hi), len(truth)))
    a = EVAL_METHODS[0]
    for b in (EVAL_METHODS[1], EVAL_METHODS[3]):
        pa, pb = _class_f1(truth, pred[a].to_numpy()), _class_f1(truth, pred[b].to_numpy())
        for k in pa:
            d = [sa[k] - sb[k] for sa, sb in zip(stats[a], stats[b])]
            lo, hi = np.percentile(d, [2.5, 97.5])
            rows.append((f"{a} - {b}", k, pa[k] - pb[k], float(lo), float(hi), len(truth)))
    return pd.DataFrame(rows, columns=["method", "metric", "value", "ci_low", "ci_high", "n"])


def confusion_table(method: str = "target_sentiment", C: float = DEFAULT_C) -> pd.DataFrame:
    """One row per **true class x predicted class** on devtest_mt: ``count`` and ``share_of_true`` (row share)."""
    pred = devtest_predictions(C)
    rows = []
    for t in CLASSES:
        n_t = int((pred["label"] == t).sum())
        for p in CLASSES:
            n = int(((pred["label"] == t) & (pred[method] == p)).sum())
            rows.append((t, p, n, n / n_t if n_t else float("nan")))
    return pd.DataFrame(rows, columns=["true", "predicted", "count", "share_of_true"])


def evaluation_sentence(table: pd.DataFrame) -> str:
    """A sentence for the notebook built from a :func:`devtest_evaluation` table (all numbers from ``table``)."""
    def cell(method: str, metric: str) -> pd.Series:
        return table[(table["method"] == method) & (table["metric"] == metric)].iloc[0]

    ts_, vd, mj = (cell(m, "macro-F1") for m in EVAL_METHODS[:3])
    diff = cell(f"{EVAL_METHODS[0]} - {EVAL_METHODS[1]}", "macro-F1")
    per_class = ", ".join(f"{c} {cell(EVAL_METHODS[0], f'F1 {c}')['value']:.3f}" for c in CLASSES)
    return (f"On NewsMTSC devtest_mt ({int(ts_['n'])} mentions), target_sentiment reaches macro-F1 "
            f"{ts_['value']:.3f} (95% CI {ts_['ci_low']:.3f}-{ts_['ci_high']:.3f}; per class: {per_class}), "
            f"sentence-level VADER {vd['value']:.3f} ({vd['ci_low']:.3f}-{vd['ci_high']:.3f}) and the majority "
            f"class {mj['value']:.3f}; the difference to VADER is {diff['value']:.3f} "
            f"({diff['ci_low']:.3f}-{diff['ci_high']:.3f}, paired cluster bootstrap over sentences).")


def model_choice_sentence(cv: pd.DataFrame) -> str:
    """A printed sentence on the model choice (one row per **candidate** of
    :func:`helpers.target_sentiment.cv_table`): how far the chosen candidate's mean CV macro-F1 lies above the
    runner-up, against the spread over folds. Within one sd of the best is called a tie."""
    ranked = cv.sort_values("macro_f1_mean", ascending=False, kind="stable").reset_index(drop=True)
    best, second = ranked.iloc[0], ranked.iloc[1]
    tied = ranked[ranked["macro_f1_mean"] >= best["macro_f1_mean"] - best["macro_f1_sd"]]
    label = lambda r: f"{r['learner']} (C = {r['C']:g}, {r['class_weight']})"  # noqa: E731
    verdict = (f"{len(tied) - 1} of the {len(ranked) - 1} other candidates lie within one sd of it, so the choice "
               "among them is a tie, not evidence that one learner is better" if len(tied) > 1
               else "no other candidate lies within one sd")
    return (f"Chosen: {label(best)}, mean CV macro-F1 {best['macro_f1_mean']:.3f} (sd over folds "
            f"{best['macro_f1_sd']:.3f}); runner-up {label(second)}, {second['macro_f1_mean']:.3f}. {verdict}.")
