"""The evaluation of :mod:`helpers.sentiment.target` on NewsMTSC ``devtest_mt`` (see ``DEVTEST_LOOKS``).

Baselines: sentence-level reference VADER (with VADER's fixed +/-0.05 band, and with two cut-points learned on the
training file, :func:`learned_vader_cutpoints`) and the training file's majority class; beside them the published
results on the same split (:data:`PUBLISHED_MACRO_F1`). Scoring devtest with a fresh fit takes a while, so the devtest
predictions of every method are stored in ``data/derived/newsmtsc_devtest_predictions.csv``
(:func:`write_devtest_predictions`; a test compares them with a fresh fit) and evaluated from there
(:func:`devtest_evaluation`). Intervals are a percentile bootstrap over whole **sentences**.

Units of analysis: :func:`devtest_predictions` one row per **devtest mention**; :func:`devtest_evaluation` one row
per **method x metric**; :func:`confusion_table` one row per **true class x predicted class**;
:func:`overlap_evaluation` one row per **overlap group x method**; :func:`devtest_looks` one row per **evaluation
of devtest_mt** (a record of the looks, not a new look).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.paths import PROJECT_ROOT
from helpers.sentiment import lexicons
from helpers.sentiment.target import (CLASSES, DEFAULT_C, PROBA_COLUMNS, article_groups, load_newsmtsc,
                                      target_sentiment, trained_model, training_features)

PREDICTIONS_FILE = PROJECT_ROOT / "data" / "derived" / "newsmtsc_devtest_predictions.csv"
LOOKS_FILE = PROJECT_ROOT / "data" / "annotations" / "newsmtsc_devtest_looks.csv"

EVAL_METHODS = ("target_sentiment", "sentence VADER", "majority class", "sentence VADER, learned cuts")
"""The methods evaluated; the learned-cuts baseline was added after the 4th (final) look at the target scorer."""

PUBLISHED_MACRO_F1 = {"GRU-TSC (Hamborg & Donnay 2021)": 0.825, "previous state of the art (ibid.)": 0.812}
"""Published macro-F1 on the same multi-target split ``devtest_mt`` (``data/external/newsmtsc/README.md``); no
interval was published."""


def sentence_vader_classes(texts, band: float = 0.05) -> np.ndarray:
    """The baseline: every mention gets its **sentence's** reference-VADER class (compound cut at +/-``band``)."""
    comp = lexicons.reference_vader_scores(texts)["compound"].to_numpy()
    return np.where(comp > band, "positive", np.where(comp < -band, "negative", "neutral"))


@lru_cache(maxsize=1)
def learned_vader_cutpoints() -> tuple[float, float]:
    """The two cut-points on reference VADER's sentence compound that maximise macro-F1 against the mention labels
    of the NewsMTSC **training** file (:func:`helpers.sentiment.classes.fit_cutpoints`); devtest is not used."""
    from helpers.sentiment.classes import fit_cutpoints

    train = load_newsmtsc("train")
    comp = lexicons.reference_vader_scores(train["text"])["compound"].to_numpy()
    low, high = fit_cutpoints(comp, train["label"].to_numpy())
    return float(low), float(high)


def learned_vader_classes(texts) -> np.ndarray:
    """Sentence-level reference VADER classes with :func:`learned_vader_cutpoints` (one per **text**)."""
    from helpers.sentiment.classes import classes_from_cutpoints

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
    """One row per **devtest_mt mention**, scored afresh (the model from :func:`trained_model`): the coded ``label`` and every method's
    predicted class.

    Methods: ``target_sentiment`` (:func:`trained_model`), ``sentence VADER`` (the sentence's reference-VADER class,
    the same for every mention of a sentence), ``sentence VADER, learned cuts`` (cut-points learned on the training
    file) and ``majority class`` (the most frequent class of the *training* file for every mention).
    ``in_training_article`` is True when the mention's source article (:func:`article_groups`) also has sentences in
    the training file.
    """
    dev = load_newsmtsc("devtest_mt")
    scored = target_sentiment(dev, model=trained_model(C))
    _, labels, _ = training_features()
    majority = pd.Series(labels).value_counts().sort_index().idxmax()
    out = dev[["sentence_id", "start", "end", "mention", "label"]].copy()
    out["article"] = article_groups(dev)
    out["in_training_article"] = np.isin(out["article"], article_groups(load_newsmtsc("train")))
    out["target_sentiment"] = scored["predicted"].to_numpy()
    for c in PROBA_COLUMNS:
        out[c] = scored[c].to_numpy()
    out["sentence VADER"] = sentence_vader_classes(dev["text"])
    out["majority class"] = majority
    out["sentence VADER, learned cuts"] = learned_vader_classes(dev["text"])
    for c in EVAL_METHODS:
        out[c] = out[c].astype(str)
    return out


def write_devtest_predictions(path: str | Path | None = None) -> Path:
    """Store :func:`devtest_predictions` (probabilities to 6 decimals)."""
    path = Path(path) if path is not None else PREDICTIONS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    devtest_predictions().round(6).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def stored_devtest_predictions(path: str | Path | None = None) -> pd.DataFrame:
    """The stored :func:`devtest_predictions` (one row per **devtest_mt mention**), read in a second."""
    path = Path(path) if path is not None else PREDICTIONS_FILE
    if not path.is_file():
        raise FileNotFoundError(f"'{path}' not found; recompute it with `python scripts/derive_sentiment_tables.py` "
                                "(under a minute).")
    out = pd.read_csv(path, dtype={c: str for c in ("mention", "label", "article") + EVAL_METHODS},
                      keep_default_na=False, encoding="utf-8")
    out["in_training_article"] = out["in_training_article"].astype(bool)
    return out


def devtest_looks(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **evaluation of devtest_mt** while the target scorer was built, in order: ``look``, ``model``,
    ``macro_f1`` (as recorded at the time, 3 decimals). Read from ``data/annotations/newsmtsc_devtest_looks.csv``
    (see ``data/annotations/PROVENANCE_tone.md``, section 3); reading it evaluates nothing."""
    return pd.read_csv(Path(path) if path is not None else LOOKS_FILE)


def _f1_draws(truth: np.ndarray, pred: np.ndarray, weights: np.ndarray) -> dict:
    """Per-class F1, macro-F1 and accuracy for every bootstrap draw at once: ``weights`` (draws x mentions) says how
    often each mention is in each draw."""
    f1 = []
    for c in CLASSES:
        t, p = (truth == c).astype(float), (pred == c).astype(float)
        tp, den = weights @ (t * p), weights @ (t + p)
        f1.append(np.divide(2 * tp, den, out=np.zeros_like(tp), where=den > 0))
    out = {"macro-F1": np.mean(f1, axis=0)}
    out.update({f"F1 {c}": v for c, v in zip(CLASSES, f1)})
    out["accuracy"] = (weights @ (truth == pred).astype(float)) / weights.sum(axis=1)
    return out


def devtest_evaluation(n_boot: int = 1000, seed: int = 0, pred: pd.DataFrame | None = None,
                       cluster: str = "sentence_id") -> pd.DataFrame:
    """One row per **method x metric** on NewsMTSC ``devtest_mt``. The split was looked at during development
    (:data:`helpers.sentiment.target.DEVTEST_LOOKS`), so its figures are development estimates.

    ``pred`` defaults to the stored predictions (:func:`stored_devtest_predictions`). Metrics: macro-F1, F1 per
    class, accuracy; ``ci_low``/``ci_high`` are a 95% percentile bootstrap resampling whole **sentences** (mentions of
    one sentence are not independent; ``cluster="article"`` resamples whole source articles instead), the same
    resamples for every method. Extra rows with method
    ``target_sentiment - sentence VADER`` (and ``target_sentiment - sentence VADER, learned cuts``) give the paired
    bootstrap interval of the difference. Columns: ``method``, ``metric``, ``value``, ``ci_low``, ``ci_high``, ``n``
    (mentions).
    """
    from helpers.stats.reliability import bootstrap_weights

    pred = stored_devtest_predictions() if pred is None else pred
    truth = pred["label"].to_numpy()
    weights = bootstrap_weights(len(pred), n_boot, seed, groups=pred[cluster].to_numpy())
    draws = {m: _f1_draws(truth, pred[m].to_numpy(), weights) for m in EVAL_METHODS}
    rows = []
    for m in EVAL_METHODS:
        for k, v in _class_f1(truth, pred[m].to_numpy()).items():
            lo, hi = np.percentile(draws[m][k], [2.5, 97.5])
            rows.append((m, k, v, float(lo), float(hi), len(truth)))
    a = EVAL_METHODS[0]
    for b in (EVAL_METHODS[1], EVAL_METHODS[3]):
        pa, pb = _class_f1(truth, pred[a].to_numpy()), _class_f1(truth, pred[b].to_numpy())
        for k in pa:
            lo, hi = np.percentile(draws[a][k] - draws[b][k], [2.5, 97.5])
            rows.append((f"{a} - {b}", k, pa[k] - pb[k], float(lo), float(hi), len(truth)))
    return pd.DataFrame(rows, columns=["method", "metric", "value", "ci_low", "ci_high", "n"])


def overlap_evaluation(n_boot: int = 1000, seed: int = 0, pred: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per **overlap group x method**: macro-F1 on the devtest mentions whose source article also has
    sentences in the training file (``in_training_article``) and on the others, each with a sentence-bootstrap 95%
    CI; a last row per method gives the difference (overlap minus no overlap) with its interval (each group
    resampled on its own). Columns: ``method``, ``group``, ``n_mentions``, ``macro_f1``, ``ci_low``, ``ci_high``."""
    pred = stored_devtest_predictions() if pred is None else pred
    parts = {"article also in training": pred[pred["in_training_article"]],
             "article not in training": pred[~pred["in_training_article"]]}
    draws = {g: _cluster_samples(p["sentence_id"], n_boot, seed + k) for k, (g, p) in enumerate(parts.items())}
    rows = []
    for m in EVAL_METHODS[:2]:
        boot = {}
        for g, p in parts.items():
            t, y = p["label"].to_numpy(), p[m].to_numpy()
            boot[g] = np.array([_class_f1(t[i], y[i])["macro-F1"] for i in draws[g]])
            lo, hi = np.percentile(boot[g], [2.5, 97.5])
            rows.append((m, g, len(p), _class_f1(t, y)["macro-F1"], float(lo), float(hi)))
        d = boot["article also in training"] - boot["article not in training"]
        lo, hi = np.percentile(d, [2.5, 97.5])
        rows.append((m, "difference (also minus not)", len(pred), rows[-2][3] - rows[-1][3], float(lo), float(hi)))
    return pd.DataFrame(rows, columns=["method", "group", "n_mentions", "macro_f1", "ci_low", "ci_high"])


def model_choice(cv: pd.DataFrame) -> pd.DataFrame:
    """One row per **candidate model** of :func:`helpers.sentiment.target.cv_table`, best first, with
    ``gap_to_best`` (mean CV macro-F1 below the chosen one) and ``within_one_sd`` (the gap is smaller than the
    chosen candidate's sd over folds: the choice between the two is a tie)."""
    ranked = cv.sort_values("macro_f1_mean", ascending=False, kind="stable").reset_index(drop=True)
    best = ranked.iloc[0]
    ranked["gap_to_best"] = best["macro_f1_mean"] - ranked["macro_f1_mean"]
    ranked["within_one_sd"] = ranked["gap_to_best"] <= best["macro_f1_sd"]
    return ranked
