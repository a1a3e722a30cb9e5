"""The fast text layer, cleaner screens, name stripping and in-memory partition loading return exactly what the
straightforward reference implementations (``tests/reference_text.py``) return.

Texts: every paragraph, comment and sentence of the five articles, every NewsMTSC sentence
(``data/external/newsmtsc``), and hypothesis-generated text built from the listed phrases in every case and
spacing (line breaks inside phrases), possessives ('s, ’s, 'S), hyphens and dashes, and Unicode that folds
into ASCII letters under case-insensitive matching (ſ, K, İ, ı), combining marks, no-break spaces and lone
surrogates.
"""
from __future__ import annotations

import json
from functools import lru_cache

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import corpus, text
from helpers.corpus import rules
from helpers.paths import DATA_DIR
from helpers.scale import generate, pipeline, sources
from helpers.text import phrases
from tests import reference_text as ref

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=1)
def corpus_texts() -> tuple[str, ...]:
    paras = corpus.paragraphs(corpus.load_corpus(), include=("body", "comment"))
    texts = list(paras["text"])
    return tuple(texts + [s for t in texts for s in ref.split_sentences(t)])


@lru_cache(maxsize=1)
def newsmtsc_sentences() -> tuple[str, ...]:
    out = []
    for name in ("train.jsonl", "devtest_mt.jsonl"):
        with open(DATA_DIR / "external" / "newsmtsc" / name, encoding="utf-8") as fh:
            out += [json.loads(line)["sentence_normalized"] for line in fh if line.strip()]
    return tuple(out)


def assert_same_text_layer(texts) -> None:
    layer = phrases.phrase_layer()
    for t in texts:
        assert phrases._ascii_lower(t) == t.translate(phrases._ASCII_LOWER), t
        assert layer.spans(t) == ref.spans(layer, t), t
        for lowercase in (True, False):
            for with_phrases in (True, False):
                assert text.tokenize(t, lowercase, with_phrases) == ref.tokenize(t, lowercase, with_phrases), t
        assert phrases.count_tokens(t) == len(ref.tokenize(t)), t
        assert text.mask_names(t) == ref.mask_names(t), t
        assert text.split_sentences(t) == ref.split_sentences(t), t
        assert text.analyzer()(t) == ref.analyze(t), t


def test_the_text_layer_equals_the_reference_on_the_corpus():
    assert_same_text_layer(corpus_texts())


def test_the_text_layer_equals_the_reference_on_newsmtsc_sentences():
    assert_same_text_layer(newsmtsc_sentences())


# ---------------------------------------------------------------------------------------------- generated text

def _variants(phrase: str):
    """A listed phrase as a text might write it: any case, any spacing between its words, any dash."""
    case = st.sampled_from([phrase, phrase.upper(), phrase.lower(), phrase.title()])
    space = st.sampled_from([" ", "\n", "  ", "\r\n", "\t", "\u00a0", " \n  "])
    dash = st.sampled_from(["-", "\u2010", "\u2011", "\u2013", "\u2014"])
    return st.tuples(case, space, dash).map(lambda t: t[0].replace(" ", t[1]).replace("-", t[2]))


PIECES = st.one_of(
    st.sampled_from(sorted(phrases.load_phrases()["phrase"])).flatmap(_variants),
    st.sampled_from(["'s", "’s", "'S", "’S", "s", "'", "’", "-", "\u2013", ".", ",", ";", " ", " ", "\n", "_",
                     "anti-", "-led", "-backed", "then-", "U.S.-", "re-", "x", "2009", "G-", "the ", "us ",
                     "ſ", "K", "İ", "ı", "\u0301", "é", "\u00a0", "\u2028", "…", "«", "»", "\ud800", "ﬁ"]),
    st.sampled_from(["reset", "Moscow", "Kremlin", "president", "missile", "defense", "Cold", "War", "Russia",
                     "Russian-American", "Obama's", "Putin’s", "McFaul", "Mr.", "Dr.", "he said.", "Is it?"]),
    st.text(max_size=6),
)
GENERATED = st.lists(PIECES, max_size=30).map("".join)


@SETTINGS
@given(t=GENERATED)
def test_the_text_layer_equals_the_reference_on_generated_text(t):
    assert_same_text_layer([t])
    for line in [t] + t.splitlines():
        assert rules.any_rule_matches(line) == ref.any_rule_matches(line), line
        assert rules.is_non_english(line) == ref.is_non_english(line), line


def test_phrase_lists_with_unicode_or_shared_first_words_find_what_the_whole_alternation_finds():
    table = pd.DataFrame({"phrase": ["Uſ Army", "US", "U.S.", "US Army", "Kiel", "naïve plan", "G-8", "G8 summit"],
                          "canonical": ["us_army", "united_states", "united_states", "us_army", "kiel", "naive",
                                        "g8", "g8_summit"],
                          "kind": ["name", "place", "acronym", "name", "place", "concept", "acronym", "concept"],
                          "case_sensitive": [False, True, False, False, False, False, False, False],
                          "note": [""] * 8})
    samples = ["the us army and the US Army", "uſ army, US ARMY", "\u212aiel and Kiel", "a naïve plan",
               "G\u20118 and G8 summit", "US\u00a0Army", "U.S.-led", "x_US Army"]
    ascii_only = table[~table["phrase"].isin(["Uſ Army", "naïve plan"])]
    for rows, dispatch in ((table, False), (ascii_only, True)):  # non-ASCII phrases: the whole alternation
        layer = phrases.PhraseLayer(rows.reset_index(drop=True))
        assert (layer._by_first is not None) == dispatch
        for t in samples:
            assert layer.spans(t) == ref.spans(layer, t), t


# ---------------------------------------------------------------------------------------------- tables

def test_sentences_and_tokens_tables_equal_the_reference():
    paras = corpus.paragraphs(corpus.load_corpus(), include=("body", "comment"))
    pd.testing.assert_frame_equal(text.sentences(paras), ref.sentences(paras), check_exact=True)
    for kwargs in ({}, {"lowercase": False, "phrases": False, "stop_words": None}):
        got = text.tokens(paras, **kwargs)
        want = ref.tokens(paras, kwargs.get("lowercase", True), kwargs.get("stop_words", text.STOP_WORDS),
                          kwargs.get("phrases", True))
        pd.testing.assert_frame_equal(got, want, check_exact=True)
    for odd in (paras.head(6).assign(title=None, score=1.5, doc_id="d"),
                paras.head(6).assign(sent_in_para=7)):  # metadata named like a sentence column: row by row
        pd.testing.assert_frame_equal(text.sentences(odd), ref.sentences(odd), check_exact=True)
    for name in ("2nd", "class"):  # names a namedtuple renames: the same error as ever
        with pytest.raises(KeyError):
            text.sentences(paras.head(2).assign(**{name: 1}))
    pd.testing.assert_frame_equal(text.sentences(paras.head(0)), ref.sentences(paras.head(0)))


def test_partitions_loaded_in_memory_equal_the_loader_on_a_folder(tmp_path):
    folder = generate.generate_corpus(24, tmp_path / "corpus")
    for url, size in ((folder, 10), (corpus.data_dir(), 2)):
        listing = sources.list_corpus(url, size)
        counts = pd.concat([sources.line_counts(p) for p in listing.parts])
        repeated = pipeline._repeated(counts.groupby("line")["documents"].sum())
        for part in listing.parts:
            loaded = sources.load_part(part, repeated)
            for got, want in zip(loaded, ref.load_part(part, repeated)):
                pd.testing.assert_frame_equal(got, want, check_exact=True)
            pd.testing.assert_frame_equal(text.sentences(loaded[2]), ref.sentences(loaded[2]), check_exact=True)
            pd.testing.assert_frame_equal(text.tokens(loaded[1]), ref.tokens(loaded[1]), check_exact=True)


def test_rule_screens_split_every_rule_into_its_alternatives():
    for rule in rules.LINE_RULES + rules.GENERIC_RULES:
        parts = rules._alternatives(rule.pattern)
        assert parts is not None and "|".join(parts) == rule.pattern
    assert rules._alternatives(r"(a)\1|b") is None and rules._alternatives("(?i)a|b") is None
    assert rules._alternatives(r"[|]a|[]|]b|\|c|(d|e)") == ["[|]a", "[]|]b", r"\|c", "(d|e)"]
    raw = [line for f in sorted((DATA_DIR / "raw").iterdir()) for line in f.read_text("utf-8").splitlines()]
    examples = [r.example for r in rules.LINE_RULES + rules.GENERIC_RULES]
    for line in raw + examples:
        assert rules.any_rule_matches(line) == ref.any_rule_matches(line), line
        assert rules.is_non_english(line) == ref.is_non_english(line), line
