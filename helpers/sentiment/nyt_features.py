"""Features of one rated sentence for the news-tuned scorer (:mod:`helpers.sentiment.nyt_model`).

Every score is computed on the sentence with names and places masked (:func:`helpers.sentiment.lexicons.names_masked`):

* TF-IDF n-grams of the sentence's tokens (the shared tokeniser :func:`helpers.text.tokenize`, phrases joined);
* lexicon scores (:data:`NUMERIC`): NLTK-VADER and TextBlob (the columns of
  :func:`helpers.sentiment.score_sentences`), **reference VADER** (compound, shares, the unsquashed compound, sums of
  its rule-adjusted positive and negative token valences, the number of lexicon words a negation flipped),
  **AFINN** sums, the sentence length, and ``news_score``: P(positive) - P(negative) from a logistic regression
  trained on the *NewsMTSC* political-news sentences (:func:`newsmtsc_sentence_model`; other data, so it leaks
  nothing from the NYT sentences);
* optionally (a choice the inner CV makes) the **rated lexicons** of :mod:`helpers.sentiment.rated_lexicons`;
* cubic splines of the main lexicon scores (:data:`SPLINE_COLUMNS`), so the ridge can bend VADER's squashed scale.

Units of analysis: :func:`lexicon_features` and :func:`nyt_features` one row per **sentence**.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from helpers.sentiment import lexicons
from helpers.sentiment import scores as S
from helpers.sentiment.nyt import load_nyt_ratings
from helpers.sentiment.rated_lexicons import RATED_COLUMNS, rated_lexicon_features
from helpers.text import tokenize


NUMERIC_BASE = S.LEXICON_COLUMNS + ["ref_compound", "ref_pos", "ref_neg", "ref_raw", "val_pos", "val_neg",
                                    "val_negated", "afinn_pos", "afinn_neg", "log_length", "news_score"]
"""The numeric features without the rated lexicons (standardised)."""

NUMERIC = NUMERIC_BASE + RATED_COLUMNS
"""Every numeric feature :func:`lexicon_features` computes: :data:`NUMERIC_BASE` plus the rated lexicons
(:data:`helpers.sentiment.rated_lexicons.RATED_COLUMNS`)."""

SPLINE_BASE = ["ref_raw", "vader_raw", "textblob", "afinn_pos", "afinn_neg", "val_pos", "val_neg"]
"""Lexicon scores also entered as cubic B-splines (5 knots, after standardising)."""

SPLINE_RATED = ["lab_negmean", "wk_negmean"]
"""The rated-lexicon scores also entered as splines when the rated lexicons are used."""

SPLINE_COLUMNS = SPLINE_BASE + SPLINE_RATED

GRID = [{"alpha": a, "min_df": m, "ngram_max": n, "rated": r}
        for r in (False, True) for a in (3.0, 10.0) for m in (2, 5) for n in (1, 2)]
"""The candidates compared by the inner CV: ridge ``alpha`` x TF-IDF ``min_df`` x n-grams up to ``ngram_max``
x whether the rated lexicons (:mod:`helpers.sentiment.rated_lexicons`) enter as features (``rated``)."""

EXTRA_COLUMNS = ["val_max", "val_min", "n_val_pos", "n_val_neg", "n_boosters", "n_negations"]
"""Per-sentence summaries of reference VADER's token valences (:func:`valence_extremes`), used by the stacker only."""

STACK_COLUMNS = NUMERIC + EXTRA_COLUMNS
"""Lexicon features the residual booster of :class:`StackedScorer` reads (besides the two ridge predictions);
without the rated lexicons, :data:`RATED_COLUMNS` are left out (:func:`feature_columns`)."""


def feature_columns(rated: bool = True) -> dict[str, list[str]]:
    """The feature columns of one candidate: ``numeric`` (standardised), ``spline`` and ``stack`` (the booster's)."""
    if rated:
        return {"numeric": list(NUMERIC), "spline": list(SPLINE_COLUMNS), "stack": list(STACK_COLUMNS)}
    return {"numeric": list(NUMERIC_BASE), "spline": list(SPLINE_BASE), "stack": NUMERIC_BASE + EXTRA_COLUMNS}


@lru_cache(maxsize=1)
def newsmtsc_sentence_model() -> Pipeline:
    """A sentence-level polarity classifier trained on the NewsMTSC training sentences (not on NYT data).

    Each sentence's class is the sign of the mean polarity of its coded
    mentions; TF-IDF word 1-2-grams -> logistic regression (C = 1).
    """
    from helpers.sentiment.target import load_newsmtsc

    tr = load_newsmtsc("train")
    value = tr["label"].map({"negative": -1, "neutral": 0, "positive": 1})
    sent = tr.assign(value=value).groupby("sentence_id", sort=True).agg(text=("text", "first"), value=("value", "mean"))
    y = np.sign(sent["value"].to_numpy()).astype(int)
    model = Pipeline([("tfidf", _tfidf(min_df=2, ngram_max=2)), ("logit", LogisticRegression(C=1.0, max_iter=2000))])
    return model.fit(token_strings(sent["text"].map(lexicons.names_masked)), y)


def token_strings(texts) -> list[str]:
    """The :func:`helpers.text.tokenize` tokens of each text (phrases joined), space-separated, for TF-IDF."""
    return [" ".join(tokenize(t)) for t in texts]


def _tfidf(min_df: int, ngram_max: int) -> TfidfVectorizer:
    # input: token_strings (the shared tokeniser's tokens; they contain no spaces)
    return TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, ngram_max), min_df=min_df,
                           sublinear_tf=True)


def news_scores(texts) -> np.ndarray:
    """P(positive) - P(negative) of :func:`newsmtsc_sentence_model` for each (name-masked) text (-1..1)."""
    model = newsmtsc_sentence_model()
    p = model.predict_proba(token_strings(texts))
    classes = list(model.classes_)
    return p[:, classes.index(1)] - p[:, classes.index(-1)]


def lexicon_features(sents: pd.DataFrame) -> pd.DataFrame:
    """One row per **sentence**: ``sents`` plus ``masked``, ``tokens`` and every column of :data:`NUMERIC`.

    Every score is computed on ``masked``, the sentence with names and places
    replaced (:func:`helpers.sentiment.lexicons.names_masked`); ``tokens`` are its
    :func:`helpers.text.tokenize` tokens, space-separated (the TF-IDF input).
    """
    original = sents["text"].astype(str).tolist()
    masked = [lexicons.names_masked(t) for t in original]
    out = S.score_sentences(sents.assign(text=masked))
    out["masked"] = pd.Series(masked, dtype=str)
    out["text"] = pd.Series(original, dtype=str)
    out["tokens"] = pd.Series(token_strings(masked), dtype=str)
    ref = lexicons.reference_vader_scores(out["masked"])
    out["ref_compound"], out["ref_pos"], out["ref_neg"] = ref["compound"], ref["pos"], ref["neg"]
    out["ref_raw"] = lexicons.unsquash(out["ref_compound"])
    sums = lexicons.valence_sums(out["masked"])
    for c in ("val_pos", "val_neg", "val_negated"):
        out[c] = sums[c]
    out["log_length"] = np.log1p(sums["n_tokens"])
    af = lexicons.afinn_scores(out["masked"])
    out["afinn_pos"], out["afinn_neg"] = af["afinn_pos"], af["afinn_neg"]
    out["news_score"] = news_scores(out["masked"])
    rated = rated_lexicon_features(out["masked"])
    for c in RATED_COLUMNS:
        out[c] = rated[c].to_numpy()
    extra = valence_extremes(out["masked"])
    for c in EXTRA_COLUMNS:
        out[c] = extra[c].to_numpy()
    return out


def valence_extremes(texts) -> pd.DataFrame:
    """One row per **text**: :data:`EXTRA_COLUMNS` from reference VADER's rule-adjusted token valences
    (largest and smallest valence, 0 without lexicon words; numbers of positive and negative valences;
    numbers of VADER booster words and of negation words)."""
    from vaderSentiment.vaderSentiment import BOOSTER_DICT

    sia = lexicons.reference_analyzer()
    rows = []
    for t in texts:
        _, words, vals = sia.analyse(str(t))
        v = np.asarray(vals, dtype=float) if len(vals) else np.zeros(1)
        low = [w.lower() for w in words]
        rows.append((float(v.max()), float(v.min()), float((v > 0).sum()), float((v < 0).sum()),
                     float(sum(w in BOOSTER_DICT for w in low)),
                     float(sum(w in lexicons._NEGATIONS or "n't" in w for w in low))))
    return pd.DataFrame(rows, columns=EXTRA_COLUMNS, dtype=float)


@lru_cache(maxsize=1)
def nyt_features() -> pd.DataFrame:
    """One row per **rated NYT sentence**: :func:`helpers.sentiment.load_nyt_ratings` plus :data:`NUMERIC`."""
    return lexicon_features(load_nyt_ratings())
