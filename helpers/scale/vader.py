"""Reference VADER's scores at the pipeline's speed: the same rules, each word lower-cased once per sentence.

Unit: the **sentence**. :class:`Analyzer` is vaderSentiment's ``SentimentIntensityAnalyzer`` (its lexicon, its
``score_valence`` and ``_but_check``) with ``polarity_scores`` rewritten: vaderSentiment lower-cases the whole
sentence again for every rule it checks at every lexicon word (for a 30-word sentence, hundreds of
``str.lower`` calls); here the words are lower-cased once and the rules read that list, in the same order, with
the same arithmetic. ``negated`` and the punctuation stripping are vaderSentiment's own functions, remembered per
word. A sentence holding one of the emoji lexicon's characters goes through vaderSentiment itself.

The scores equal vaderSentiment's on every sentence (``tests/test_fast_vader.py``: the corpus, NewsMTSC,
and generated sentences built from the lexicon and every rule's trigger words). The lessons score with
vaderSentiment (:func:`helpers.sentiment.vader_analyzer`); only the scale pipeline uses this.
"""
from __future__ import annotations

from functools import lru_cache

from vaderSentiment import vaderSentiment as vs

_BOOST, _SPECIAL, _N_SCALAR, _C_INCR = vs.BOOSTER_DICT, vs.SPECIAL_CASES, vs.N_SCALAR, vs.C_INCR
_MEMO_SIZE = 200_000


class Analyzer(vs.SentimentIntensityAnalyzer):
    """vaderSentiment's analyser; :meth:`polarity_scores` gives its scores with fewer string operations."""

    def __init__(self):
        super().__init__()
        self._emoji_chars = frozenset(e for e in self.emojis if len(e) == 1)  # one character at a time is looked up
        self._stripped: dict[str, str] = {}
        self._negated: dict[str, bool] = {}

    def _strip(self, word: str) -> str:
        hit = self._stripped.get(word)
        if hit is None:
            if len(self._stripped) > _MEMO_SIZE:
                self._stripped.clear()
            hit = self._stripped[word] = vs.SentiText._strip_punc_if_word(word)
        return hit

    def _neg(self, word: str) -> bool:
        hit = self._negated.get(word)
        if hit is None:
            if len(self._negated) > _MEMO_SIZE:
                self._negated.clear()
            hit = self._negated[word] = vs.negated([word])
        return hit

    def polarity_scores(self, text: str) -> dict:
        """``{"neg", "neu", "pos", "compound"}``, as vaderSentiment's ``polarity_scores`` returns them."""
        if not isinstance(text, str) or (not text.isascii() and not self._emoji_chars.isdisjoint(text)):
            return super().polarity_scores(text)
        text = text.strip()
        words = [self._strip(w) for w in text.split()]
        lower = [w.lower() for w in words]
        n = len(words)
        allcaps = sum(1 for w in words if w.isupper())
        is_cap_diff = 0 < n - allcaps < n
        lex = self.lexicon
        sentiments: list = []
        for i, low in enumerate(lower):
            if low in _BOOST or (i < n - 1 and low == "kind" and lower[i + 1] == "of") or low not in lex:
                sentiments.append(0)
            else:
                sentiments.append(self._valence(i, words, lower, is_cap_diff))
        if "but" in lower:
            sentiments = self._but_check(words, sentiments)
        return self.score_valence(sentiments, text)

    def _valence(self, i: int, words: list[str], lower: list[str], is_cap_diff: bool) -> float:
        """vaderSentiment's ``sentiment_valence`` for the lexicon word at ``i``."""
        lex, n = self.lexicon, len(words)
        item, item_lowercase = words[i], lower[i]
        valence = lex[item_lowercase]
        if item_lowercase == "no" and i != n - 1 and lower[i + 1] in lex:
            valence = 0.0
        if (i > 0 and lower[i - 1] == "no") or (i > 1 and lower[i - 2] == "no") \
                or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ["or", "nor"]):
            valence = lex[item_lowercase] * _N_SCALAR
        if item.isupper() and is_cap_diff:
            if valence > 0:
                valence += _C_INCR
            else:
                valence -= _C_INCR
        for start_i in range(0, 3):
            j = i - (start_i + 1)
            if i > start_i and lower[j] not in lex:
                s = _scalar_inc_dec(words[j], lower[j], valence, is_cap_diff)
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = self._negation_check_lower(valence, lower, start_i, i)
                if start_i == 2:
                    valence = _special_idioms_check_lower(valence, lower, i)
        return _least_check_lower(valence, lower, i, lex)

    def _negation_check_lower(self, valence: float, lower: list[str], start_i: int, i: int) -> float:
        """vaderSentiment's ``_negation_check`` on the lower-cased words."""
        if start_i == 0:
            if self._neg(lower[i - 1]):
                valence = valence * _N_SCALAR
        if start_i == 1:
            if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
                valence = valence * 1.25
            elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
                valence = valence
            elif self._neg(lower[i - 2]):
                valence = valence * _N_SCALAR
        if start_i == 2:
            if lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this") or \
                    (lower[i - 1] == "so" or lower[i - 1] == "this"):
                valence = valence * 1.25
            elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
                valence = valence
            elif self._neg(lower[i - 3]):
                valence = valence * _N_SCALAR
        return valence


def _scalar_inc_dec(word: str, word_lower: str, valence: float, is_cap_diff: bool) -> float:
    """vaderSentiment's ``scalar_inc_dec``, given the word lower-cased."""
    scalar = 0.0
    if word_lower in _BOOST:
        scalar = _BOOST[word_lower]
        if valence < 0:
            scalar *= -1
        if word.isupper() and is_cap_diff:
            if valence > 0:
                scalar += _C_INCR
            else:
                scalar -= _C_INCR
    return scalar


def _special_idioms_check_lower(valence: float, lower: list[str], i: int) -> float:
    """vaderSentiment's ``_special_idioms_check`` on the lower-cased words."""
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in _SPECIAL:
            valence = _SPECIAL[seq]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in _SPECIAL:
            valence = _SPECIAL[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in _SPECIAL:
            valence = _SPECIAL[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in _BOOST:
            valence = valence + _BOOST[n_gram]
    return valence


def _least_check_lower(valence: float, lower: list[str], i: int, lex: dict) -> float:
    """vaderSentiment's ``_least_check`` on the lower-cased words."""
    if i > 1 and lower[i - 1] not in lex and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * _N_SCALAR
    elif i > 0 and lower[i - 1] not in lex and lower[i - 1] == "least":
        valence = valence * _N_SCALAR
    return valence


@lru_cache(maxsize=1)
def analyzer() -> Analyzer:
    """The one :class:`Analyzer` of this process (its lexicon read once)."""
    return Analyzer()
