"""Sentiment lexicons as features: reference VADER (the ``vaderSentiment`` package) and AFINN.

Nothing here downloads anything: both lexicons ship inside pip packages.

* **Reference VADER** is Hutto & Gilbert's own implementation,
  :class:`vaderSentiment.vaderSentiment.SentimentIntensityAnalyzer` (lexicon and
  rules as published). NLTK's port (:func:`helpers.sentiment.nltk_vader_analyzer`)
  uses the same lexicon with slightly different rules (tokenisation of
  punctuation, the "no" rule, emoji); :func:`helpers.sentiment.vader_port_differences`
  lists where the two disagree.
* :func:`token_valences` opens VADER up: one row per **whitespace token** with
  its lexicon valence and its valence after VADER's rules (negation, boosters,
  capitals, "but"), with character offsets, so a scorer can ask what the words
  *near a mention* carry.
* **AFINN** (Nielsen 2011; the ``afinn`` package, AFINN-165 word list, -5..+5)
  as a second, independent word list (:func:`afinn_scores`).

Units of analysis: :func:`reference_vader_scores` and :func:`afinn_scores`
return one row per **text**, :func:`token_valences` one row per **token**,
and :func:`valence_sums` one row per **text**.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np
import pandas as pd
from helpers import text as text_layer
from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SentimentIntensityAnalyzer, SentiText

NAME_TOKEN = "xxname"
"""What every name or place becomes in :func:`names_masked` (no lexicon scores it; all names look alike)."""

VADER_COLUMNS = ["compound", "pos", "neg", "neu"]
"""Columns of :func:`reference_vader_scores` (VADER's own names)."""

_WS = re.compile(r"\S+")
_MASKED = re.compile(re.escape(text_layer.MASK_PREFIX) + r"\w+")
_NEGATIONS = frozenset(NEGATE) | {"no", "nor", "without"}


def names_masked(text: str) -> str:
    """``text`` with every name or place of the shared phrase layer (:func:`helpers.text.mask_names`) replaced
    by :data:`NAME_TOKEN`, so "Great Britain" carries no valence and no name identity enters a model."""
    return _MASKED.sub(NAME_TOKEN, text_layer.mask_names(text))


class _ReferenceVader(SentimentIntensityAnalyzer):
    """Reference VADER that also returns the per-token valences behind its compound score."""

    def _demojize(self, text: str) -> str:
        # the emoji step of vaderSentiment's polarity_scores (3.3.2), unchanged
        out, prev_space = "", True
        for ch in text:
            if ch in self.emojis:
                if not prev_space:
                    out += " "
                out += self.emojis[ch]
                prev_space = False
            else:
                out += ch
                prev_space = ch == " "
        return out.strip()

    def analyse(self, text: str) -> tuple[dict, list[str], list[float]]:
        """``(scores, tokens, valences)``: the body of ``polarity_scores`` keeping the ``sentiments`` list."""
        text = self._demojize(text)
        sentitext = SentiText(text)
        sentiments: list[float] = []
        words = sentitext.words_and_emoticons
        for i, item in enumerate(words):
            if item.lower() in BOOSTER_DICT:
                sentiments.append(0)
                continue
            if i < len(words) - 1 and item.lower() == "kind" and words[i + 1].lower() == "of":
                sentiments.append(0)
                continue
            sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
        sentiments = self._but_check(words, sentiments)
        return self.score_valence(sentiments, text), list(words), [float(s) for s in sentiments]


@lru_cache(maxsize=1)
def reference_analyzer() -> _ReferenceVader:
    """The reference VADER analyser (``vaderSentiment``), built once per process."""
    return _ReferenceVader()


def reference_vader_scores(texts) -> pd.DataFrame:
    """One row per **text**: reference VADER's ``compound`` (-1..1) and ``pos``/``neg``/``neu`` shares."""
    sia = reference_analyzer()
    rows = [sia.polarity_scores(str(t)) for t in texts]
    return pd.DataFrame(rows, columns=VADER_COLUMNS, dtype=float)


def valence_arrays(text: str) -> dict:
    """Reference VADER's view of one text as plain lists (the fast path behind :func:`token_valences`).

    Keys: ``scores`` (the ``polarity_scores`` dict), ``start``, ``end``, ``token``,
    ``lexicon``, ``valence``, ``negated``, ``negation`` (see :func:`token_valences`).
    """
    sia = reference_analyzer()
    scores, words, vals = sia.analyse(text)
    spans = [(m.start(), m.end()) for m in _WS.finditer(text)]
    if len(spans) != len(words):
        spans = [(-1, -1)] * len(words)
    lex = [float(sia.lexicon.get(w.lower(), 0.0)) for w in words]
    return {"scores": scores, "start": [s for s, _ in spans], "end": [e for _, e in spans], "token": words,
            "lexicon": lex, "valence": vals, "negated": [lx * v < 0 for lx, v in zip(lex, vals)],
            "negation": [w.lower() in _NEGATIONS or "n't" in w.lower() for w in words]}


def token_valences(text: str) -> pd.DataFrame:
    """One row per **whitespace token** of ``text`` as reference VADER sees it.

    Columns: ``start``, ``end`` (character offsets in ``text``, end exclusive),
    ``token`` (VADER's token: surrounding punctuation stripped), ``lexicon``
    (the word's valence in the lexicon, -4..4, 0 if absent), ``valence`` (after
    VADER's rules: what the token adds to the compound score), ``negated``
    (a lexicon word whose valence VADER flipped, e.g. by "not" within three
    words) and ``negation`` (the token is a negation word). Offsets are exact
    unless the text contains emoji (VADER replaces them by descriptions; then
    offsets are -1).
    """
    a = valence_arrays(text)
    out = pd.DataFrame({k: a[k] for k in ("start", "end", "lexicon", "valence", "negated", "negation")})
    out.insert(2, "token", pd.Series(a["token"], dtype=str))
    return out.astype({"start": int, "end": int, "lexicon": float, "valence": float, "negated": bool,
                       "negation": bool})


def valence_sums(texts) -> pd.DataFrame:
    """One row per **text**: sums of reference VADER's rule-adjusted token valences.

    Columns: ``val_pos`` (sum of positive valences), ``val_neg`` (sum of
    negative ones), ``val_negated`` (number of lexicon words flipped by a
    negation), ``val_raw`` (the unsquashed compound: the plain sum),
    ``n_tokens`` (whitespace tokens).
    """
    sia = reference_analyzer()
    rows = []
    for t in texts:
        _, words, vals = sia.analyse(str(t))
        lex = [sia.lexicon.get(w.lower(), 0.0) for w in words]
        rows.append((sum(v for v in vals if v > 0), sum(v for v in vals if v < 0),
                     sum(1 for lx, v in zip(lex, vals) if lx * v < 0), sum(vals), len(words)))
    return pd.DataFrame(rows, columns=["val_pos", "val_neg", "val_negated", "val_raw", "n_tokens"], dtype=float)


def unsquash(compound, alpha: float = 15.0) -> np.ndarray:
    """Invert VADER's normalisation ``x / sqrt(x**2 + alpha)``: the summed valence behind a compound score."""
    c = np.clip(np.asarray(compound, dtype=float), -0.9999, 0.9999)
    return c * math.sqrt(alpha) / np.sqrt(1 - c * c)


# --------------------------------------------------------------------------- AFINN


@lru_cache(maxsize=1)
def afinn_lexicon() -> dict[str, float]:
    """AFINN-165 (Nielsen 2011; word -> valence -5..+5, including some multiword entries), from the ``afinn`` package."""
    try:
        from afinn import Afinn
    except ImportError as exc:  # pragma: no cover - the package is a project dependency
        raise ImportError("the 'afinn' package is missing; python3 run.py build re-creates the environment.") from exc
    return {k: float(v) for k, v in Afinn(language="en")._dict.items()}


_AFINN_TOKEN = re.compile(r"[a-z0-9][a-z0-9'-]*")


def afinn_scores(texts) -> pd.DataFrame:
    """One row per **text**: AFINN ``afinn_pos`` / ``afinn_neg`` (sums of positive / negative word valences).

    Words are lower-cased runs of letters, digits, apostrophes and hyphens;
    multiword AFINN entries are not matched (a plain word-list score, no rules).
    """
    return pd.DataFrame([afinn_sums(t) for t in texts], columns=["afinn_pos", "afinn_neg"], dtype=float)


def afinn_sums(text: str) -> tuple[float, float]:
    """``(positive sum, negative sum)`` of the AFINN valences of one text's words (see :func:`afinn_scores`)."""
    lex = afinn_lexicon()
    vals = [lex.get(w, 0.0) for w in _AFINN_TOKEN.findall(str(text).lower())]
    return float(sum(v for v in vals if v > 0)), float(sum(v for v in vals if v < 0))


# --------------------------------------------------------------------------- port vs reference
