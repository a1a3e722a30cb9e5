"""Sentiment towards a mentioned actor: a target-dependent scorer trained on NewsMTSC.

A sentence can be negative about one person and positive about another
("X praised Y's resignation"), so sentence-level scores (VADER, TextBlob) cannot
say how a text treats a given actor. This module learns it from **NewsMTSC**
(Hamborg & Donnay 2021; ``data/external/newsmtsc/``): sentences from US political
news, each target mention coded negative / neutral / positive *towards that
target* by crowd coders.

Features of one mention (:func:`mention_features`), all computed from the
sentence with the target replaced by a placeholder (``xxtarget``) and every other
coded mention of the sentence by another (``xxother``), so no name and no
lexicon valence of a name enters the model (other names and places of the shared phrase layer,
``data/phrases.csv``, become ``xxname``):

* words of the whole sentence (TF-IDF unigrams and bigrams);
* words in windows left and right of the mention (3 and 8 words), marked by side
  and width, and the words between the mention and its nearest other mention;
* reference-VADER valences (:func:`helpers.lexicons.token_valences`, after
  VADER's negation and booster rules) of the tokens around the mention,
  weighted by ``exp(-distance / tau)`` for several ``tau``, positive and negative
  apart, left and right apart; valences of the words *nearer to this mention
  than to any other mention*, and of those nearer to another mention; the number
  of negated lexicon words near the mention;
* whole-sentence scores: reference VADER compound and shares, AFINN sums, the
  number of mentions, the mention's relative position, whether it opens the
  sentence, whether it is a pronoun.

The model (:func:`make_model`) is a linear classifier on these features; which
one (logistic regression or a calibrated linear SVM, ``C``, class weights) was
chosen by :func:`grouped_cv_table`: cross-validation on the training file only,
folds grouped by **source article** (:func:`article_groups`), so one article's
sentences, and a sentence's mentions, stay in one fold. ``devtest_mt.jsonl`` is
read only by :func:`helpers.target_sentiment_eval.devtest_evaluation` (see :data:`DEVTEST_LOOKS`). The fitted
model (:func:`trained_model`) is fitted once per process from the shipped data
(about 10-30 s on one core) and cached in memory; it is deterministic.

Units of analysis: :func:`load_newsmtsc` and :func:`target_sentiment` return one
row per **target mention**; :func:`grouped_cv_table` one row per **candidate model**.
The evaluation on ``devtest_mt`` lives in :mod:`helpers.target_sentiment_eval`.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from helpers.sentiment import lexicons
from helpers.paths import PROJECT_ROOT
from helpers.text import phrase_layer, tokenize

NEWSMTSC_DIR = PROJECT_ROOT / "data" / "external" / "newsmtsc"
TRAIN_FILE = "train.jsonl"
DEVTEST_FILE = "devtest_mt.jsonl"

CLASSES = ("negative", "neutral", "positive")
"""The three classes, in the order of the probability columns."""

POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
"""NewsMTSC's ``polarity`` codes (see ``data/external/newsmtsc/README.md``)."""

PROBA_COLUMNS = [f"p_{c}" for c in CLASSES]

TARGET_TOKEN = "xxtarget"
OTHER_TOKEN = "xxother"

WINDOWS = (3, 8)
"""Widths (in word tokens) of the left/right context windows."""

TAUS = (2.0, 5.0, 12.0)
"""Decay lengths (in tokens) of the distance-weighted lexicon valences."""

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
macro-F1 0.608, 0.605, 0.603), then once with the final model (the stored evaluation)."""

PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "they", "them", "their", "i", "me", "my",
                      "we", "us", "our", "you", "your", "himself", "herself", "it", "its"})

_TEXT_BLOCKS = ("sentence", "left", "right", "between", "clause")

_CLAUSE_BREAK = re.compile(r"[,;:()\[\]\u2014\u2013\"\u201c\u201d]| - |\b(?:but|while|although|though|whereas|"
                           r"because|who|which|after|before|when|as|and)\b", re.IGNORECASE)


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


# --------------------------------------------------------------------------- features


def _check_spans(frame: pd.DataFrame) -> None:
    missing = [c for c in ("text", "start", "end") if c not in frame.columns]
    if missing:
        raise ValueError(f"target_sentiment needs columns text, start, end; missing: {', '.join(missing)}.")
    for i, (t, s, e) in enumerate(zip(frame["text"], frame["start"], frame["end"])):
        if not (0 <= int(s) < int(e) <= len(str(t))):
            raise ValueError(f"row {i}: mention offsets start={s}, end={e} do not lie inside its text "
                             f"({len(str(t))} characters); offsets are 0-based, end exclusive.")


@lru_cache(maxsize=20000)
def _name_spans(text: str) -> tuple:
    """The (start, end) spans of the name and place phrases of the shared phrase layer in ``text``
    (the spans :func:`helpers.text.phrase_spans` lists, read from the layer without building a frame)."""
    layer = phrase_layer()
    kinds = layer.table["kind"]
    return tuple((s, e) for s, e, row in layer.spans(text) if kinds[row] in ("name", "place"))


def _masked(text: str, start: int, end: int, others) -> tuple[str, int, int]:
    """The sentence with the target -> ``xxtarget``, other mentions -> ``xxother``, other names and places
    (:func:`helpers.text.phrase_spans`) -> ``xxname``; and the target's span in the new string."""
    spans = [(start, end, 0, TARGET_TOKEN)] + [(s, e, 1, OTHER_TOKEN) for s, e in others]
    spans += [(s, e, 2, lexicons.NAME_TOKEN) for s, e in _name_spans(text)]
    kept: list = []
    for sp in sorted(spans, key=lambda x: (x[2], x[0], x[1])):  # target first, then others, then names
        if all(sp[1] <= k[0] or sp[0] >= k[1] for k in kept):
            kept.append(sp)
    out, pos, new = [], 0, (0, 0)
    for s, e, _, tok in sorted(kept):
        out.append(text[pos:s])
        here = sum(len(p) for p in out)
        out.append(f" {tok} ")
        if tok == TARGET_TOKEN:
            new = (here + 1, here + 1 + len(tok))
        pos = e
    out.append(text[pos:])
    return "".join(out), new[0], new[1]


def _words(s: str) -> list[str]:
    # the shared tokeniser; names and places are already masked (from the phrase layer, once per sentence),
    # so the phrase pass is skipped here for speed: concept phrases stay separate words in the windows
    return tokenize(s, phrases=False)


def mention_features(text: str, start: int, end: int, others=()) -> dict:
    """The features of one **mention** (see the module docstring): text blocks and numbers, as a dict.

    ``text`` is the sentence, ``start``/``end`` the mention's character offsets
    (end exclusive), ``others`` the spans of the sentence's other mentions.
    """
    masked, ms, me = _masked(text, int(start), int(end), others)
    left, right = _words(masked[:ms]), _words(masked[me:])
    feats: dict = {}
    feats["sentence"] = " ".join(left + [TARGET_TOKEN] + right)
    feats["left"] = " ".join(f"l{w}_{t}" for w in WINDOWS for t in left[-w:])
    feats["right"] = " ".join(f"r{w}_{t}" for w in WINDOWS for t in right[:w])
    # words between the mention and its nearest other mention (either side)
    li = max((i for i, t in enumerate(left) if t == OTHER_TOKEN), default=None)
    ri = min((i for i, t in enumerate(right) if t == OTHER_TOKEN), default=None)
    between = []
    if li is not None:
        between += [f"bl_{t}" for t in left[li + 1:]]
    if ri is not None:
        between += [f"br_{t}" for t in right[:ri]]
    feats["between"] = " ".join(between)
    # the clause around the mention: from the nearest clause break on the left to the nearest on the right
    breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(masked)]
    c0 = max((e for s, e in breaks if e <= ms), default=0)
    c1 = min((s for s, e in breaks if s >= me), default=len(masked))
    feats["clause"] = " ".join(f"c_{t}" for t in _words(masked[c0:c1]) if t != TARGET_TOKEN)

    # lexicon valences by distance (tokens are VADER's whitespace tokens of the masked sentence)
    tv = lexicons.valence_arrays(masked)
    toks = tv["token"]
    val = np.asarray(tv["valence"], dtype=float)
    posv, negv = np.clip(val, 0, None), np.clip(val, None, 0)
    idx = np.arange(len(toks))
    tpos = [i for i, t in enumerate(toks) if TARGET_TOKEN in t]
    opos = [i for i, t in enumerate(toks) if OTHER_TOKEN in t]
    t0 = tpos[0] if tpos else 0
    dist = np.abs(idx - t0).astype(float)
    side_left = idx < t0
    for tau in TAUS:
        w = np.exp(-dist / tau)
        for side, mask in (("l", side_left), ("r", ~side_left)):
            feats[f"val_{side}_pos_{tau:g}"] = float((w * posv * mask).sum())
            feats[f"val_{side}_neg_{tau:g}"] = float((w * negv * mask).sum())
    if opos:
        dother = np.min(np.abs(idx[:, None] - np.asarray(opos)[None, :]), axis=1).astype(float)
    else:
        dother = np.full(len(toks), np.inf)
    mine = dist < dother
    feats["val_mine_pos"] = float(posv[mine].sum())
    feats["val_mine_neg"] = float(negv[mine].sum())
    feats["val_other_pos"] = float(posv[~mine].sum())
    feats["val_other_neg"] = float(negv[~mine].sum())
    starts = np.asarray(tv["start"])
    in_clause = (starts >= c0) & (starts < c1)
    feats["val_clause_pos"] = float(posv[in_clause].sum())
    feats["val_clause_neg"] = float(negv[in_clause].sum())
    feats["val_outside_pos"] = float(posv[~in_clause].sum())
    feats["val_outside_neg"] = float(negv[~in_clause].sum())
    near = dist <= 5
    feats["negated_near"] = float((np.asarray(tv["negated"], dtype=bool) & near).sum())
    feats["negation_near"] = float((np.asarray(tv["negation"], dtype=bool) & near).sum())

    # whole sentence
    comp = tv["scores"]  # reference VADER on the masked sentence: names carry no valence
    feats["vader_compound"] = float(comp["compound"])
    feats["vader_pos"], feats["vader_neg"] = float(comp["pos"]), float(comp["neg"])
    feats["val_pos"], feats["val_neg"] = float(posv.sum()), float(negv.sum())
    feats["afinn_pos"], feats["afinn_neg"] = lexicons.afinn_sums(masked)
    n_tok = max(len(toks), 1)
    feats["n_mentions"] = float(1 + len(opos))
    feats["position"] = t0 / n_tok
    feats["opens_sentence"] = float(len(left) == 0)
    feats["n_tokens_log"] = math.log1p(n_tok)
    feats["pronoun"] = float(text[int(start):int(end)].strip().lower() in PRONOUNS)
    feats["other_left"] = float(li is not None)
    feats["other_right"] = float(ri is not None)
    return feats


def feature_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per **mention** of ``frame`` (``text``, ``start``, ``end``, optional ``others``): its features.

    Without an ``others`` column, the other mentions of a sentence are the
    other rows of ``frame`` with the same ``text``.
    """
    _check_spans(frame)
    texts = frame["text"].astype(str).tolist()
    starts, ends = frame["start"].astype(int).tolist(), frame["end"].astype(int).tolist()
    if "others" in frame.columns:
        others = list(frame["others"])
    else:
        by_text: dict[str, list] = {}
        for t, s, e in zip(texts, starts, ends):
            by_text.setdefault(t, []).append((s, e))
        others = [[sp for sp in by_text[t] if sp != (s, e)] for t, s, e in zip(texts, starts, ends)]
    rows = [mention_features(t, s, e, o) for t, s, e, o in zip(texts, starts, ends, others)]
    out = pd.DataFrame(rows)
    for c in _TEXT_BLOCKS:
        out[c] = out[c].astype(str)
    return out


def numeric_columns(features) -> list[str]:
    """The numeric feature columns of a :func:`feature_frame` or feature dict (all but the text blocks), sorted."""
    return sorted(c for c in features if c not in _TEXT_BLOCKS)


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
                                "helpers.target_sentiment.write_cv_table() (several minutes).")
    t = pd.read_csv(path, dtype={"learner": str, "class_weight": str})
    pick = chosen_model(t)
    t["chosen"] = [(r.learner, float(r.C), r.class_weight) == pick for r in t.itertuples()]
    return t


@lru_cache(maxsize=1)
def training_features() -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """``(features, labels, sentence_ids)`` of the NewsMTSC training file, computed once per process."""
    train = load_newsmtsc("train")
    return feature_frame(train), train["label"].to_numpy(), train["sentence_id"].to_numpy()


def trained_model(C: float = DEFAULT_C, learner: str = DEFAULT_LEARNER, class_weight: str = DEFAULT_WEIGHT) -> Pipeline:
    """The scorer fitted on all of NewsMTSC ``train.jsonl``, once per process and setting (deterministic):
    ``trained_model()`` and ``trained_model(DEFAULT_C)`` are the same fit."""
    return _trained_model(float(C), learner, class_weight)


@lru_cache(maxsize=4)
def _trained_model(C: float, learner: str, class_weight: str) -> Pipeline:
    feats, labels, _ = training_features()
    return make_model(C, numeric_columns(feats), learner, class_weight).fit(feats, labels)


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
