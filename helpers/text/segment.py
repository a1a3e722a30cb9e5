"""Sentences: NLTK's Punkt splitter, untrained, given the abbreviations this corpus uses.

Nothing here needs downloaded NLTK data. "U.S. President" and "Mr. Putin" stay in one sentence because
:data:`ABBREVIATIONS` tells Punkt that these periods do not end a sentence.
"""
from __future__ import annotations

import re
from functools import lru_cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

ABBREVIATIONS = frozenset({
    "u.s", "u.k", "u.n", "e.u", "d.c", "u.s.s.r",
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "pres", "amb", "st", "jr", "sr",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "inc", "corp", "co", "ltd", "no", "vs", "approx", "dept", "str", "tel",
})
"""Lower-case abbreviations (without the final period) that never end a sentence.
Trade-off: a sentence that really ends in "U.S." is joined to the next one."""

@lru_cache(maxsize=1)
def sentence_splitter() -> PunktSentenceTokenizer:
    """An untrained Punkt splitter that knows :data:`ABBREVIATIONS` (no NLTK data needed)."""
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def split_sentences(text: str) -> list[str]:
    """The sentences of one text, in order (whitespace normalised)."""
    text = " ".join(text.split())  # = re.sub(r"\s+", " ", text).strip(): str.split and \s know the same spaces
    if not text:
        return []
    return [s.strip() for s in sentence_splitter().tokenize(text) if s.strip()]
