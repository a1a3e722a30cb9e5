"""NLTK's port of VADER: a documented variant of the reference scorer, and where the two differ.

NLTK's :class:`~nltk.sentiment.vader.SentimentIntensityAnalyzer` uses the same lexicon as the reference
``vaderSentiment`` package but partly different rules (for example in how negation reaches back), so some
sentences score differently. Notebook 03 uses the reference everywhere and shows this port once.
Units: :func:`nltk_vader_scores` one row per **text**, :func:`vader_port_differences` one row per **text
that scores differently**.
"""
from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from nltk.sentiment.vader import SentimentIntensityAnalyzer, SentiText



# --------------------------------------------------------------------------- NLTK port (a variant)


@lru_cache(maxsize=1)
def nltk_vader_analyzer() -> SentimentIntensityAnalyzer:
    """NLTK's port of VADER, loaded with the lexicon of the ``vaderSentiment`` package (no download).

    NLTK's constructor reads its lexicon through ``nltk.data``; here the lexicon is parsed from the package
    file and handed over directly, so nothing is written to disk or to NLTK's search path.
    """
    analyzer = _Analyzer.__new__(_Analyzer)
    from nltk.sentiment.vader import VaderConstants

    analyzer.lexicon_file = vader_lexicon_source().read_text(encoding="utf-8")
    analyzer.lexicon = analyzer.make_lex_dict()
    analyzer.constants = VaderConstants()
    return analyzer


def vader_lexicon_source() -> Path:
    """The ``vader_lexicon.txt`` file shipped inside the installed ``vaderSentiment`` package."""
    import importlib.resources

    src = importlib.resources.files("vaderSentiment") / "vader_lexicon.txt"
    if not src.is_file():
        raise FileNotFoundError("the vaderSentiment package has no vader_lexicon.txt; reinstall it "
                                "(python3 run.py build re-creates the environment).")
    return Path(str(src))


_PUNCTUATION = frozenset(string.punctuation)
_DELETE_PUNCTUATION = str.maketrans("", "", string.punctuation)


class _SentiText(SentiText):
    """NLTK's ``SentiText`` with a faster ``_words_and_emoticons`` that returns the identical list.

    NLTK builds, for every sentence, a dictionary of every word joined to every entry of ``PUNC_LIST``
    (before and after it; about 17 x 2 x words entries) and strips punctuation with a time-guarded
    ``regex`` pattern; then it replaces each token found in that dictionary by its bare word. Every
    ``PUNC_LIST`` entry is ASCII punctuation and the bare words contain none, so a token is in the
    dictionary exactly when its leading (or trailing) run of ASCII punctuation is a ``PUNC_LIST`` entry
    and the rest is one of the bare words; this class checks that directly (trailing first, as NLTK's
    second dictionary overrides the first).
    """

    def _words_and_emoticons(self):
        words_only = {w for w in self.text.translate(_DELETE_PUNCTUATION).split() if len(w) > 1}
        punc = set(self.PUNC_LIST)
        wes = [we for we in self.text.split() if len(we) > 1]
        for i, we in enumerate(wes):
            if we[-1] in _PUNCTUATION:
                w = we.rstrip(string.punctuation)
                if we[len(w):] in punc and w in words_only:
                    wes[i] = w
                    continue
            if we[0] in _PUNCTUATION:
                w = we.lstrip(string.punctuation)
                if we[:len(we) - len(w)] in punc and w in words_only:
                    wes[i] = w
        return wes


class _Analyzer(SentimentIntensityAnalyzer):
    """NLTK's VADER analyser, scoring with :class:`_SentiText` (same scores, several times faster)."""

    def polarity_scores(self, text):
        # the body of nltk.sentiment.vader.SentimentIntensityAnalyzer.polarity_scores (NLTK 3.10),
        # with _SentiText in place of SentiText
        sentitext = _SentiText(text, self.constants.PUNC_LIST, self.constants.REGEX_REMOVE_PUNCTUATION)
        sentiments = []
        words_and_emoticons = sentitext.words_and_emoticons
        first_index = {}
        for idx, token in enumerate(words_and_emoticons):
            if token not in first_index:
                first_index[token] = idx
        for item in words_and_emoticons:
            valence = 0
            i = first_index[item]
            if (i < len(words_and_emoticons) - 1 and item.lower() == "kind"
                    and words_and_emoticons[i + 1].lower() == "of") or item.lower() in self.constants.BOOSTER_DICT:
                sentiments.append(valence)
                continue
            sentiments = self.sentiment_valence(valence, sentitext, item, i, sentiments)
        sentiments = self._but_check(words_and_emoticons, sentiments)
        return self.score_valence(sentiments, text)


def _nltk_rows(texts: list) -> list[dict]:
    sia = nltk_vader_analyzer()
    return [sia.polarity_scores(t) for t in texts]


def nltk_vader_scores(texts) -> pd.DataFrame:
    """One row per **text**: the NLTK port's ``compound`` (-1..1) and ``pos``/``neg``/``neu`` shares."""
    nltk_vader_analyzer()
    rows = _nltk_rows(list(texts))
    return pd.DataFrame(rows, columns=["compound", "pos", "neg", "neu"])


def vader_port_differences(texts, ids=None, tolerance: float = 0.0005) -> pd.DataFrame:
    """One row per **text** on which reference VADER and the NLTK port differ by more than ``tolerance``.

    Columns ``id``, ``vader`` (reference), ``vader_nltk``, ``difference`` (port minus reference),
    ``sign_flip`` (the two fall on opposite sides of 0) and ``text``; sorted by absolute difference
    (largest first), ties by ``id``.
    """
    texts = list(texts)
    ids = list(ids) if ids is not None else list(range(len(texts)))
    from helpers.sentiment.scores import vader_scores

    ref, port = vader_scores(texts)["compound"], nltk_vader_scores(texts)["compound"]
    out = pd.DataFrame({"id": ids, "vader": ref, "vader_nltk": port, "text": pd.Series(texts, dtype=str)})
    out["difference"] = out["vader_nltk"] - out["vader"]
    out["sign_flip"] = np.sign(out["vader"]) * np.sign(out["vader_nltk"]) < 0
    out = out[out["difference"].abs() > tolerance].assign(gap=lambda d: d["difference"].abs())
    out = out.sort_values(["gap", "id"], ascending=[False, True], kind="stable").drop(columns="gap")
    return out[["id", "vader", "vader_nltk", "difference", "sign_flip", "text"]].reset_index(drop=True)
