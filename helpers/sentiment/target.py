"""Sentiment towards a mentioned actor: a target-dependent scorer trained on NewsMTSC.

A sentence can be negative about one person and positive about another ("X praised Y's resignation"), so
sentence-level scores (VADER, TextBlob) cannot say how a text treats a given actor. This module learns it from
**NewsMTSC** (Hamborg & Donnay 2021; ``data/external/newsmtsc/``): sentences from US political news, each target
mention coded negative / neutral / positive *towards that target* by crowd coders. The features of a mention are
built by :mod:`helpers.sentiment.target_features`.

The model (:func:`make_model`) is a linear classifier on these features; which one (logistic regression or a
calibrated linear SVM, ``C``, class weights) was chosen by :func:`grouped_cv_table`: cross-validation on the
training file only, folds grouped by **source article** (:func:`article_groups`), so one article's sentences, and a
sentence's mentions, stay in one fold. ``devtest_mt.jsonl`` is read only by
:func:`helpers.sentiment.target_eval.devtest_predictions` (see :data:`DEVTEST_LOOKS`). The fitted model
(:func:`trained_model`) is fitted from the shipped data (about ten seconds on one core), kept in memory and on disk
(``build/cache/``, keyed by a fingerprint of everything the fit depends on); it is deterministic.

Units of analysis: :func:`load_newsmtsc` and :func:`target_sentiment` return one row per **target mention**;
:func:`grouped_cv_table` one row per **candidate model**.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from helpers.paths import PROJECT_ROOT
from helpers.sentiment.target_features import feature_frame, mention_features, numeric_columns

NEWSMTSC_DIR = PROJECT_ROOT / "data" / "external" / "newsmtsc"
TRAIN_FILE = "train.jsonl"
DEVTEST_FILE = "devtest_mt.jsonl"

CLASSES = ("negative", "neutral", "positive")
"""The three classes, in the order of the probability columns."""

POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
"""NewsMTSC's ``polarity`` codes (see ``data/external/newsmtsc/README.md``)."""

PROBA_COLUMNS = [f"p_{c}" for c in CLASSES]

CANDIDATES = (("logit", 0.3, "balanced"), ("logit", 0.3, "none"), ("logit", 0.1, "balanced"),
              ("svm", 0.03, "balanced"), ("svm", 0.1, "balanced"))
"""The models compared by :func:`grouped_cv_table` on the training file: (learner, C, class weights).
``logit``: multinomial logistic regression; ``svm``: linear SVM (one-vs-rest) with probabilities from a
sigmoid calibration (3 internal folds)."""

DEFAULT_LEARNER, DEFAULT_C, DEFAULT_WEIGHT = "svm", 0.1, "balanced"
"""The model :func:`trained_model` fits: the best mean macro-F1 of :func:`grouped_cv_table` (5 folds of the
training file grouped by source article, seed 0; the stored table is ``data/derived/target_sentiment_cv.csv``
and a test checks that this is its choice). The candidates differ by less than the fold-to-fold spread."""

DEVTEST_LOOKS = 4
"""How many times devtest_mt has been evaluated: three times during development (earlier feature sets,
macro-F1 0.608, 0.605, 0.603), then once with the final model (the stored evaluation). Recorded in
``data/annotations/PROVENANCE_tone.md``."""


# --------------------------------------------------------------------------- data


def load_newsmtsc(split: str = "train", folder: str | Path | None = None) -> pd.DataFrame:
    """One row per **coded target mention** of a NewsMTSC split (``"train"`` or ``"devtest_mt"``).

    Columns: ``sentence_id`` (the line number; the unit for grouped CV),
    ``primary_gid``, ``text`` (the sentence), ``start``, ``end`` (character
    offsets of the mention, end exclusive), ``mention``, ``label``
    (negative / neutral / positive) and ``others`` (the ``(start, end)`` spans of
    the sentence's other coded mentions).
    """
    folder = Path(folder) if folder is not None else NEWSMTSC_DIR
    name = {"train": TRAIN_FILE, "devtest_mt": DEVTEST_FILE}.get(split)
    if name is None:
        raise ValueError(f"unknown NewsMTSC split {split!r}; use 'train' or 'devtest_mt'.")
    path = folder / name
    if not path.is_file():
        raise FileNotFoundError(f"'{path}' not found; copy it from the NewsMTSC release "
                                "(see data/external/newsmtsc/README.md).")
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line_no, line in enumerate(fh):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                text, targets = rec["sentence_normalized"], rec["targets"]
            except (json.JSONDecodeError, KeyError) as exc:
                raise ValueError(f"'{path}', line {line_no + 1}: not a NewsMTSC record ({exc}).") from exc
            spans = [(int(t["from"]), int(t["to"])) for t in targets]
            for t, span in zip(targets, spans):
                if float(t["polarity"]) not in POLARITY:
                    raise ValueError(f"'{path}', line {line_no + 1}: unknown polarity {t['polarity']!r}.")
                rows.append((line_no, rec["primary_gid"], text, span[0], span[1], t["mention"],
                             POLARITY[float(t["polarity"])], [s for s in spans if s != span]))
    out = pd.DataFrame(rows, columns=["sentence_id", "primary_gid", "text", "start", "end", "mention", "label",
                                      "others"])
    for c in ("primary_gid", "text", "mention", "label"):
        out[c] = out[c].astype(str)
    return out


# --------------------------------------------------------------------------- model


def _split(s: str) -> list[str]:
    # a constant marker keeps the vocabulary non-empty when a block is empty in every row
    return s.split() + ["_block_"]


def make_model(C: float = DEFAULT_C, numeric: list[str] | None = None, learner: str = DEFAULT_LEARNER,
               class_weight: str = DEFAULT_WEIGHT) -> Pipeline:
    """The scorer: TF-IDF of the text blocks + standardised numeric features -> a linear classifier.

    Input: a :func:`feature_frame`; output classes :data:`CLASSES`. ``learner``:
    ``"logit"`` (multinomial logistic regression) or ``"svm"`` (linear SVM with
    sigmoid-calibrated probabilities, 3 internal folds); ``class_weight``:
    ``"balanced"`` (each class weighs the same in training) or ``"none"``.
    Seeded and single-threaded, so fits are reproducible.
    """
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.svm import LinearSVC

    if numeric is None:
        numeric = numeric_columns(mention_features("xxx", 0, 1))
    blocks = [("sentence", TfidfVectorizer(analyzer=_split, ngram_range=(1, 1), min_df=2, sublinear_tf=True),
               "sentence"),
              ("sentence_bigrams", TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(2, 2),
                                                   min_df=3, sublinear_tf=True), "sentence")]
    blocks += [(b, TfidfVectorizer(analyzer=_split, min_df=2, sublinear_tf=True), b)
               for b in ("left", "right", "between", "clause")]
    blocks.append(("numeric", StandardScaler(), numeric))
    weight = None if class_weight == "none" else class_weight
    if learner == "logit":
        clf = LogisticRegression(C=C, class_weight=weight, max_iter=3000, random_state=0)
    elif learner == "svm":
        clf = CalibratedClassifierCV(LinearSVC(C=C, class_weight=weight, max_iter=20000, random_state=0),
                                     cv=3, method="sigmoid")
    else:
        raise ValueError(f"unknown learner {learner!r}; use 'logit' or 'svm'.")
    return Pipeline([("features", ColumnTransformer(blocks)), ("clf", clf)])


def article_groups(frame: pd.DataFrame) -> np.ndarray:
    """One **source article** id per mention of a NewsMTSC frame (``primary_gid`` up to its third part,
    e.g. ``allsides_1000_401``), for grouped folds that keep an article's sentences together."""
    return frame["primary_gid"].astype(str).str.split("_").str[:3].str.join("_").to_numpy()


def grouped_folds(groups, n_splits: int = 5, seed: int = 0) -> np.ndarray:
    """One fold number (0..n_splits-1) per **row**: the groups are shuffled with ``seed`` and dealt round-robin."""
    codes, uniq = pd.factorize(pd.Series(np.asarray(groups)), sort=True)
    order = np.random.default_rng(seed).permutation(len(uniq))
    fold_of_group = np.empty(len(uniq), dtype=int)
    fold_of_group[order] = np.arange(len(uniq)) % n_splits
    return fold_of_group[codes]


def macro_f1(truth, pred) -> float:
    """Macro-averaged F1 over :data:`CLASSES` (a class absent from truth and prediction counts as F1 = 0)."""
    from sklearn.metrics import f1_score

    return float(f1_score(list(truth), list(pred), labels=list(CLASSES), average="macro", zero_division=0))


def grouped_cv_table(features: pd.DataFrame, labels, groups, candidates=CANDIDATES, n_splits: int = 5,
                     seed: int = 0) -> pd.DataFrame:
    """One row per **candidate model**: mean and sd of macro-F1 over grouped CV folds (training data only),
    and the pooled macro-F1 on the mentions of multi-target sentences (the devtest_mt case).

    The TF-IDF blocks and scaler are fitted inside each training fold. Columns: ``learner``, ``C``,
    ``class_weight``, ``macro_f1_mean``, ``macro_f1_sd``, ``macro_f1_multi``.
    """
    labels = np.asarray(labels)
    fold = grouped_folds(groups, n_splits, seed)
    multi = features["n_mentions"].to_numpy() >= 2
    pred = {c: np.empty(len(labels), dtype=object) for c in candidates}
    scores = {c: [] for c in candidates}
    for k in range(n_splits):
        tr, te = fold != k, fold == k
        ct = make_model(numeric=numeric_columns(features)).named_steps["features"].fit(features[tr])
        Xtr, Xte = ct.transform(features[tr]), ct.transform(features[te])
        for c in candidates:
            clf = make_model(c[1], numeric_columns(features), c[0], c[2]).named_steps["clf"].fit(Xtr, labels[tr])
            pred[c][te] = clf.predict(Xte)
            scores[c].append(macro_f1(labels[te], pred[c][te]))
    rows = [(c[0], c[1], c[2], float(np.mean(scores[c])), float(np.std(scores[c], ddof=1)),
             macro_f1(labels[multi], pred[c][multi])) for c in candidates]
    return pd.DataFrame(rows, columns=["learner", "C", "class_weight", "macro_f1_mean", "macro_f1_sd",
                                       "macro_f1_multi"])


def chosen_model(table: pd.DataFrame) -> tuple[str, float, str]:
    """The candidate of a :func:`grouped_cv_table` with the highest mean macro-F1 (ties: first row)."""
    best = table.iloc[int(np.argmax(table["macro_f1_mean"].to_numpy()))]
    return str(best["learner"]), float(best["C"]), str(best["class_weight"])


CV_TABLE_FILE = PROJECT_ROOT / "data" / "derived" / "target_sentiment_cv.csv"


def write_cv_table(path: str | Path | None = None) -> Path:
    """Recompute :func:`grouped_cv_table` on the training file, grouped by source article (several minutes),
    and store it (3 decimals)."""
    path = Path(path) if path is not None else CV_TABLE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    feats, labels, _ = training_features()
    groups = article_groups(load_newsmtsc("train"))
    grouped_cv_table(feats, labels, groups).round(3).to_csv(path, index=False, lineterminator="\n")
    return path


def cv_table(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **candidate model** of the stored grouped CV on the training file (see :func:`write_cv_table`)
    plus ``chosen`` (the :func:`chosen_model` pick, which the defaults must equal)."""
    path = Path(path) if path is not None else CV_TABLE_FILE
    if not path.is_file():
        raise FileNotFoundError(f"'{path}' not found; recompute it with "
                                "helpers.sentiment.target.write_cv_table() (several minutes).")
    t = pd.read_csv(path, dtype={"learner": str, "class_weight": str})
    pick = chosen_model(t)
    t["chosen"] = [(r.learner, float(r.C), r.class_weight) == pick for r in t.itertuples()]
    return t


@lru_cache(maxsize=1)
def training_features() -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """``(features, labels, sentence_ids)`` of the NewsMTSC training file, computed once per process."""
    train = load_newsmtsc("train")
    return feature_frame(train), train["label"].to_numpy(), train["sentence_id"].to_numpy()


MODEL_CACHE_DIR = PROJECT_ROOT / "build" / "cache"
"""Where :func:`trained_model` keeps its fitted models between processes (``build/`` is not under version control)."""

FIT_INPUTS = (NEWSMTSC_DIR / TRAIN_FILE, PROJECT_ROOT / "data" / "phrases.csv",
              *(PROJECT_ROOT / "helpers" / "sentiment" / f for f in ("target.py", "target_features.py", "lexicons.py")),
              *sorted((PROJECT_ROOT / "helpers" / "text").glob("*.py")))
"""Every file a fit depends on: the training file, the phrase layer that masks names in the features, and the code
that builds the features and the model. A change to any of them gives a new :func:`fit_fingerprint`."""

FIT_PACKAGES = ("scikit-learn", "numpy", "scipy", "pandas", "vaderSentiment", "afinn")


def fit_fingerprint(*setting, files=FIT_INPUTS, packages=FIT_PACKAGES) -> str:
    """A hash (16 hex digits) of one **fit**: its setting, the bytes of ``files`` and the versions of ``packages``."""
    import hashlib
    from importlib.metadata import version

    h = hashlib.sha256(repr(setting).encode())
    for f in files:
        h.update(str(Path(f).name).encode() + Path(f).read_bytes())
    for name in packages:
        h.update(f"{name}=={version(name)}".encode())
    return h.hexdigest()[:16]


def disk_cached(key: str, fit, folder: str | Path | None = None):
    """``fit()``'s result, stored in ``folder`` (default :data:`MODEL_CACHE_DIR`) under ``key``: read back when a
    file for ``key`` exists, else computed and written (atomically, so two processes do not clash). An unreadable
    file is refitted."""
    import os
    import pickle
    import tempfile

    folder = Path(folder) if folder is not None else MODEL_CACHE_DIR
    path = folder / f"target_model_{key}.pkl"
    if path.is_file():
        try:
            return pickle.loads(path.read_bytes())
        except Exception:  # a truncated or incompatible file: fit again
            pass
    result = fit()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as fh:
        pickle.dump(result, fh)
    os.replace(fh.name, path)
    return result


def trained_model(C: float = DEFAULT_C, learner: str = DEFAULT_LEARNER, class_weight: str = DEFAULT_WEIGHT) -> Pipeline:
    """The scorer fitted on all of NewsMTSC ``train.jsonl``, once per process and setting (deterministic):
    ``trained_model()`` and ``trained_model(DEFAULT_C)`` are the same fit. The fit (about ten seconds) is also kept
    on disk (:func:`disk_cached`, keyed by :func:`fit_fingerprint`), so a later process reads it in a fraction of a
    second; a changed training file, phrase layer, feature code or package version gives a new key, hence a new fit."""
    return _trained_model(float(C), learner, class_weight)


@lru_cache(maxsize=4)
def _trained_model(C: float, learner: str, class_weight: str) -> Pipeline:
    def fit() -> Pipeline:
        feats, labels, _ = training_features()
        return make_model(C, numeric_columns(feats), learner, class_weight).fit(feats, labels)

    return disk_cached(fit_fingerprint(C, learner, class_weight), fit)


def target_sentiment(frame: pd.DataFrame, model: Pipeline | None = None) -> pd.DataFrame:
    """One row per **mention**: ``frame`` plus ``predicted`` and ``p_negative``, ``p_neutral``, ``p_positive``.

    ``frame`` needs ``text`` (the sentence), ``start`` and ``end`` (character
    offsets of the mention in ``text``, 0-based, end exclusive); an optional
    ``others`` column lists the spans of the sentence's other mentions
    (default: the other rows with the same text). ``predicted`` is the most
    probable class. ``model`` defaults to :func:`trained_model`.
    """
    out = frame.copy()
    if len(out) == 0:
        out["predicted"] = pd.Series(dtype=str)
        for c in PROBA_COLUMNS:
            out[c] = pd.Series(dtype=float)
        return out
    model = trained_model() if model is None else model
    proba = model.predict_proba(feature_frame(out))
    order = [list(model.classes_).index(c) for c in CLASSES]
    proba = proba[:, order]
    out["predicted"] = pd.Series(np.asarray(CLASSES)[proba.argmax(axis=1)], index=out.index, dtype=str)
    for j, c in enumerate(PROBA_COLUMNS):
        out[c] = proba[:, j]
    return out
