"""The per-partition stages: each takes one pandas partition and returns one table, calling the lessons' helpers.

Every function here is what ``map_partitions`` applies to one partition of a Dask collection; on a pandas frame
it gives exactly what the lesson computes on that frame:

* :func:`sentence_table` -- one row per **sentence** (:func:`helpers.text.sentences`, notebooks 01 and 03);
* :func:`vader_table` -- one row per **sentence**: reference VADER (:func:`helpers.sentiment.vader_analyzer`) on
  the sentence with names and places masked (:func:`helpers.text.mask_names`), as notebook 03 scores;
* :func:`token_table` -- one row per **token** (:func:`helpers.text.tokens`, notebook 01);
* :func:`frame_table` -- one row per **paragraph x frame** (:func:`helpers.framing.score_paragraphs`, notebook 04);
* :func:`kwic_table` -- one row per **match of the node word** (:func:`helpers.text.context.kwic`, notebook 04);
* :func:`term_table` -- one row per **paragraph x term**: the counts of notebook 02's vectoriser (names and
  places dropped, :func:`helpers.topics.strip_names`; the topic analyser, :func:`helpers.topics.term_analyzer`),
  before the corpus-wide ``min_df``/``max_df`` rules, which need the whole corpus (see :mod:`helpers.scale.models`).

``META`` holds each table's empty frame (the column names and types Dask needs before computing).
"""
from __future__ import annotations

import re
import re._parser as re_parser
from functools import lru_cache

import numpy as np
import pandas as pd

from helpers import sentiment
from helpers import text
from helpers import topics
from helpers.framing import codebook as framing
from helpers.text import context as wordcontext

SENTENCE_COLUMNS = ["doc_id", "para_id", "sent_id", "sent_in_para", "unit_id", "block_type", "text", "n_words",
                    "period"]
VADER_COLUMNS = ["doc_id", "unit_id", "compound", "pos", "neg", "neu"]
STOP_WORDS = "english+"
"""Notebook 02's stop list (its Parameters default)."""


def sentence_table(paras: pd.DataFrame) -> pd.DataFrame:
    """One row per **sentence** of the paragraphs (body and comments, as notebook 03 reads them)."""
    sents = text.sentences(paras)
    return sents[SENTENCE_COLUMNS].reset_index(drop=True) if len(sents) else _empty(META["sentences"])


def vader_table(sents: pd.DataFrame) -> pd.DataFrame:
    """One row per **sentence**: VADER's ``compound``, ``pos``, ``neg``, ``neu`` on the text with names masked."""
    sia = sentiment.vader_analyzer()
    scores = [sia.polarity_scores(text.mask_names(t)) for t in sents["text"]]
    out = pd.DataFrame(scores, columns=["compound", "pos", "neg", "neu"], dtype=float)
    out.insert(0, "unit_id", sents["unit_id"].to_numpy())
    out.insert(0, "doc_id", sents["doc_id"].to_numpy())
    return out


def token_table(paras: pd.DataFrame) -> pd.DataFrame:
    """One row per **token** of the body paragraphs (:func:`helpers.text.tokens` with its defaults)."""
    toks = text.tokens(paras)
    return toks if len(toks) else _empty(META["tokens"])


@lru_cache(maxsize=1)
def _codebook() -> pd.DataFrame:
    return framing.load_codebook()


def frame_table(paras: pd.DataFrame, toks: pd.DataFrame) -> pd.DataFrame:
    """One row per **paragraph x frame** of the default codebook; ``n_words`` from the paragraphs' tokens (the
    number of :func:`helpers.text.tokens` rows of each paragraph, what ``score_paragraphs`` counts itself)."""
    n_words = toks.groupby("unit_id").size().reindex(paras["unit_id"], fill_value=0).tolist()
    out = framing.score_paragraphs(paras, _codebook(), n_words=n_words)
    return out if len(out) else _empty(META["frames"])


def kwic_table(paras: pd.DataFrame) -> pd.DataFrame:
    """One row per **match** of notebook 04's node word in the body paragraphs (its default pattern and width)."""
    return wordcontext.kwic(paras)


_PREFIXES = (r"\b", r"(?<![\w.])", "")  # the boundaries first: they allow the word screen
_SUFFIXES = (r"(?![\w])(?:['’]s)?", r"(?![\w])", r"\b", "")
_CORE = re.compile(r"(?:[A-Za-z0-9 ]|\\[. \-'’])+")
_WORD = re.compile(r"\w+")


def _literal(pattern: str) -> tuple[str, str | None] | None:
    r"""For a name pattern that is literal text between boundaries (``\bPutin\b``): the text every match starts
    with ("Putin") and, when a match must also start a word that is exactly its first word, that word ("Putin";
    None if the pattern does not say so); None for any other pattern."""
    for pre in _PREFIXES:
        for suf in _SUFFIXES:
            if not (pattern.startswith(pre) and pattern.endswith(suf)) or len(pattern) <= len(pre) + len(suf):
                continue
            core = pattern[len(pre):len(pattern) - len(suf)]
            if _CORE.fullmatch(core):
                text_ = re.sub(r"\\(.)", r"\1", core)
                first = _WORD.match(text_)
                bounded = pre != "" and (first is not None) and (first.end() < len(text_) or suf != "")
                return text_, first.group() if bounded else None
    return None


@lru_cache(maxsize=1)
def _name_screen():
    """The name patterns compiled one by one with what screens them (see :func:`strip_names`); None when one of
    them could match an empty string, sets flags or refers back to a group (then they are applied as one)."""
    patterns = tuple(topics.name_patterns())
    for p in patterns:
        if (re.search(r"\\[1-9]|\(\?P=", p) or re.compile(p).flags != re.compile("").flags
                or (_literal(p) is None and re_parser.parse(p).getwidth()[0] == 0)):
            return None
    compiled = [re.compile(p) for p in patterns]
    literal = [_literal(p) for p in patterns]
    by_word: dict[str, list[int]] = {}
    by_text, always = [], []
    for i, lit in enumerate(literal):
        if lit is None:
            always.append(i)
        elif lit[1] is not None:
            by_word.setdefault(lit[1], []).append(i)
        else:
            by_text.append(i)
    return patterns, compiled, [lit[0] if lit else None for lit in literal], by_word, by_text, always


def _next_match(rx: re.Pattern, literal: str | None, text_: str, pos: int):
    """The leftmost match of ``rx`` in ``text_`` starting at ``pos`` or later (every match starts with
    ``literal`` when it is given: only there is the pattern tried)."""
    if literal is None:
        return rx.search(text_, pos)
    at = text_.find(literal, pos)
    while at != -1:
        m = rx.match(text_, at)
        if m:
            return m
        at = text_.find(literal, at + 1)
    return None


def strip_names(texts: list[str]) -> list[str]:
    """``topics.strip_names(texts, topics.name_patterns())`` (notebook 02's ``drop_names``), the same strings,
    faster. That function replaces, left to right, each match of the alternation of the patterns by a space:
    at the leftmost place where a pattern matches, the first pattern (in list order) that matches there. Here
    each pattern's next match is found on its own -- a pattern that is literal text between word boundaries
    only where its literal text stands, and only if the paragraph has its first word as a word -- and the
    earliest match (the first pattern among those at that place) is replaced, then the search goes on after it."""
    screen = _name_screen()
    if screen is None:
        return topics.strip_names(texts, topics.name_patterns())
    _, compiled, literal, by_word, by_text, always = screen
    out = []
    for t in texts:
        found = set(always)
        for w in by_word.keys() & set(_WORD.findall(t)):
            found.update(by_word[w])
        found.update(i for i in by_text if literal[i] in t)
        nxt = {}
        for i in found:
            m = _next_match(compiled[i], literal[i], t, 0)
            if m is not None:
                nxt[i] = m
        if not nxt:
            out.append(t)
            continue
        pieces, pos = [], 0
        while nxt:
            start = min(m.start() for m in nxt.values())
            m = nxt[min(i for i, m in nxt.items() if m.start() == start)]
            pieces += [t[pos:start], " "]
            pos = m.end()
            for i in [i for i, m in nxt.items() if m.start() < pos]:
                m = _next_match(compiled[i], literal[i], t, pos)
                if m is None:
                    del nxt[i]
                else:
                    nxt[i] = m
        pieces.append(t[pos:])
        out.append("".join(pieces))
    return out


def term_table(paras: pd.DataFrame) -> pd.DataFrame:
    """One row per **paragraph x term**: ``doc_id``, ``unit_id``, ``term``, ``count`` -- what notebook 02's
    ``topics.build_dtm(paras, drop_names=True)`` counts in each paragraph before pruning the vocabulary."""
    texts = strip_names(list(paras["text"]))
    analyse = topics.term_analyzer(STOP_WORDS)
    rows_doc, rows_unit, terms, counts = [], [], [], []
    for doc_id, unit_id, t in zip(paras["doc_id"], paras["unit_id"], texts):
        found: dict[str, int] = {}
        for term in analyse(t):
            found[term] = found.get(term, 0) + 1
        rows_doc += [doc_id] * len(found)
        rows_unit += [unit_id] * len(found)
        terms += list(found)
        counts += list(found.values())
    return pd.DataFrame({"doc_id": pd.Series(rows_doc, dtype="str"), "unit_id": pd.Series(rows_unit, dtype="str"),
                         "term": pd.Series(terms, dtype="str"), "count": np.asarray(counts, dtype="int64")})


def _empty(meta: pd.DataFrame) -> pd.DataFrame:
    return meta.iloc[:0].copy()


def _meta(columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in columns.items()})


_S, _I, _F, _B = "str", "int64", "float64", "bool"
META = {
    "sentences": _meta({"doc_id": _S, "para_id": _I, "sent_id": _I, "sent_in_para": _I, "unit_id": _S,
                        "block_type": _S, "text": _S, "n_words": _I, "period": _S}),
    "vader": _meta({"doc_id": _S, "unit_id": _S, "compound": _F, "pos": _F, "neg": _F, "neu": _F}),
    "tokens": _meta({"doc_id": _S, "unit_id": _S, "position": _I, "token": _S, "is_alpha": _B, "is_stop": _B,
                     "period": _S, "block_type": _S}),
    "frames": _meta({"doc_id": _S, "unit_id": _S, "period": _S, "n_words": _I, "frame": _S, "family": _S,
                     "matches": _I, "present": _I, "per_1000_words": _F}),
    "kwic": _meta({"doc_id": _S, "unit_id": _S, "period": _S, "position": _I, "left": _S, "match": _S,
                   "right": _S, "quoted": _B, "quote_style": _S}),
    "terms": _meta({"doc_id": _S, "unit_id": _S, "term": _S, "count": _I}),
}
"""Each stage's output as an empty frame: the columns and dtypes of its table."""
