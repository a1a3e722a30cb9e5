"""The fast frame scorer (one scan per text, :mod:`helpers.framing.scan`; the grid built with numpy) returns exactly
what the straightforward reference (``tests/reference_framing.py``: every frame's expression over every text, a
cross merge) returns.

Texts: every paragraph, comment and sentence of the five articles, every NewsMTSC sentence, and
hypothesis-generated text built from the codebook's indicators in every case, with hyphens and dashes,
possessives, dollar amounts, and Unicode that folds into ASCII letters under case-insensitive matching (ſ, K, İ,
ı). Codebooks: the project's, the project's with its removed indicators, and small ones that take the fallbacks
(non-ASCII first words, a raw expression with a back-reference, raw expressions with the same group name).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.framing import codebook as framing
from helpers.framing.scan import CASE_FOLDED_TO_ASCII
from tests import reference_framing as ref
from tests.test_fast_text import SETTINGS, corpus_texts, newsmtsc_sentences

BOOK = framing.load_codebook()
ODD_BOOK = framing.codebook_from_dict({"frames": [
    {"name": "unicode", "family": "issue", "label": "U", "definition": "d", "indicators": ["müller", "naïve*", "kin"]},
    {"name": "backref", "family": "issue", "label": "B", "definition": "d",
     "indicators": [r"re:(\w)\1", "anti-u.s.", "-led"]},
    {"name": "named_a", "family": "generic", "label": "A", "definition": "d",
     "indicators": ["re:(?P<x>cold)(?![\\s-]+war)", "s", "u.s. policy"]},
    {"name": "named_b", "family": "generic", "label": "N", "definition": "d",
     "indicators": ["re:(?P<x>\\$)\\s?\\d", "step*", "re:(?-i:Reset)"]},
    {"name": "plain", "family": "metaphor", "label": "P", "definition": "d",
     "indicators": ["cold war", "cold", "re-set", "reset*", "ki*", "s*"]},
]})
BOOKS = (BOOK, framing.with_removed(BOOK), ODD_BOOK, ODD_BOOK.iloc[[4, 2]].reset_index(drop=True))


def units(texts, **extra) -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame({"doc_id": [f"d{i // 3}" for i in range(n)], "unit_id": [f"u{i}" for i in range(n)],
                         "text": list(texts), **extra})


def assert_same_scores(paras: pd.DataFrame, books=BOOKS) -> None:
    n_words = list(range(len(paras)))
    for book in books:
        pd.testing.assert_frame_equal(framing.frame_matches(paras, book), ref.frame_matches(paras, book),
                                      check_exact=True)
        pd.testing.assert_frame_equal(framing.score_paragraphs(paras, book, n_words=n_words),
                                      ref.score_paragraphs(paras, book, n_words=n_words), check_exact=True)


def test_frame_scores_equal_the_reference_on_the_corpus_and_newsmtsc():
    assert_same_scores(units(corpus_texts(), period="2009"))
    assert_same_scores(units(newsmtsc_sentences()), books=BOOKS[:1])


def test_frame_scores_keep_the_grid_for_odd_unit_tables():
    paras = units(["The Cold War", "a reset", "tension and trust", "", "sanctions, $5 billion"])
    assert_same_scores(paras.assign(unit_id=["a", "b", "a", "c", "b"]))            # ids shared by two units
    assert_same_scores(paras.assign(unit_id=["a", None, "b", "c", None]))          # missing ids
    assert_same_scores(paras.assign(period=pd.Categorical(["x", "y", "x", "y", "x"])).set_index(
        pd.Index([10, 3, 7, 1, 2])))
    assert_same_scores(paras.astype(object))
    assert_same_scores(paras.head(0))
    empty = framing.without(BOOK, {(f, t) for f, inds in zip(BOOK["name"], BOOK["indicators"]) for t in inds})
    assert_same_scores(paras, books=(empty, pd.concat([BOOK, BOOK.head(2)], ignore_index=True)))


def test_every_character_that_folds_into_ascii_is_listed():
    import re
    rx = re.compile("(?i)[a-z0-9]")
    folded = {chr(c) for c in range(0x80, 0x3000) if rx.fullmatch(chr(c))} | {"\u212a"}
    assert folded == set(CASE_FOLDED_TO_ASCII)


def _variants(term: str):
    case = st.sampled_from([term, term.upper(), term.title(), term.replace("i", "ı").replace("s", "ſ"),
                            term.replace("k", "\u212a").replace("I", "İ")])
    space = st.sampled_from([" ", "\n ", "-", "\u2010", "\u2011", "\u2013", ""])
    tail = st.sampled_from(["", "s", "ing", "'s", "’s", "-", ".", "x"])
    return st.tuples(case, space, tail).map(lambda t: t[0].replace("*", "").replace(" ", t[1]) + t[2])


TERMS = sorted({t for inds in BOOK["indicators"] for t in inds if not t.startswith("re:")}
               | {"cold", "war", "$", "$ 5", "5", "müller", "naïve", "u.s", "Reset", "led", "kin"})
PIECES = st.one_of(st.sampled_from(TERMS).flatmap(_variants),
                   st.sampled_from([" ", " ", ", ", ". ", "-", "\u2010", "'", "(", '"', "_", "x", "é", "\u00a0",
                                    "ſ", "K", "İ", "ı", "\n"]),
                   st.text(max_size=4))


@settings(SETTINGS, max_examples=150)
@given(texts=st.lists(st.lists(PIECES, max_size=25).map("".join), min_size=1, max_size=4))
def test_frame_scores_equal_the_reference_on_generated_text(texts):
    assert_same_scores(units(texts), books=(BOOK, ODD_BOOK))


def test_counts_equal_the_matches_listed():
    paras = units(corpus_texts()[:40])
    counts, found = framing._frame_match_counts(list(paras["text"]), framing._patterns(BOOK))
    matches = ref.frame_matches(paras, BOOK)
    want = matches.groupby(["unit_id", "frame"]).size()
    got = {(u, f): c for u, row in zip(paras["unit_id"], counts) for f, c in zip(BOOK["name"], row) if c}
    assert got == want.to_dict() and np.all(counts >= 0) and len(found) == len(paras)
