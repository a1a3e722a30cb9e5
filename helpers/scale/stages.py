"""The per-partition stages: each takes one pandas partition and returns one table, calling the lessons' helpers.

Every function here is what ``map_partitions`` applies to one partition of a Dask collection; on a pandas frame
it gives exactly what the lesson computes on that frame:

* :func:`sentence_table` -- one row per **sentence** (:func:`helpers.text.sentences`, notebooks 01 and 03);
* :func:`vader_table` -- one row per **sentence**: reference VADER's scores on the sentence with names and places
  masked (:func:`helpers.text.mask_names`), as notebook 03 scores; computed by :mod:`helpers.scale.vader`, which
  gives vaderSentiment's scores exactly (``tests/test_fast_vader.py``) with fewer string operations;
* :func:`token_table` -- one row per **token** (:func:`helpers.text.tokens`, notebook 01);
* :func:`frame_table` -- one row per **paragraph x frame** (:func:`helpers.framing.score_paragraphs`, notebook 04);
* :func:`kwic_table` -- one row per **match of the node word** (:func:`helpers.text.context.kwic`, notebook 04);
* :func:`term_table` -- one row per **paragraph x term**: the counts of notebook 02's vectoriser (the topic analyser
  with names and places dropped, :func:`helpers.topics.term_analyzer`, applied to the token table's tokens),
  before the corpus-wide ``min_df``/``max_df`` rules, which need the whole corpus (see :mod:`helpers.scale.models`).

``META`` holds each table's empty frame (the column names and types Dask needs before computing).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from helpers import text
from helpers import topics
from helpers.framing import codebook as framing
from helpers.scale import vader
from helpers.text import context as wordcontext

SENTENCE_COLUMNS = ["doc_id", "para_id", "sent_id", "sent_in_para", "unit_id", "block_type", "text", "n_words",
                    "period"]
VADER_COLUMNS = ["doc_id", "unit_id", "compound", "pos", "neg", "neu"]
STOP_WORDS = "english+"
"""Notebook 02's stop list (its Parameters default)."""


def sentence_table(paras: pd.DataFrame) -> pd.DataFrame:
    """One row per **sentence** of the paragraphs (body and comments, as notebook 03 reads them)."""
    # only the columns the table keeps: text.sentences carries every other column of the paragraphs along
    used = [c for c in paras.columns if c in SENTENCE_COLUMNS]
    sents = text.sentences(paras[used])
    return sents[SENTENCE_COLUMNS].reset_index(drop=True) if len(sents) else _empty(META["sentences"])


def vader_table(sents: pd.DataFrame) -> pd.DataFrame:
    """One row per **sentence**: VADER's ``compound``, ``pos``, ``neg``, ``neu`` on the text with names masked."""
    sia = vader.analyzer()
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


def term_table(paras: pd.DataFrame, toks: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per **paragraph x term**: ``doc_id``, ``unit_id``, ``term``, ``count`` -- what notebook 02's
    ``topics.build_dtm(paras, drop_names=True)`` counts in each paragraph before pruning the vocabulary.

    ``toks``: the paragraphs' :func:`token_table`, whose tokens are the ones the topic analyser reads
    (:func:`helpers.text.tokenize` with its defaults); given, the paragraphs are not tokenised a second time and
    the analyser's filter (content words, names dropped) is applied to them."""
    analyse = topics.term_analyzer(STOP_WORDS, drop_names=True)
    if toks is not None and paras["unit_id"].is_unique:
        return _terms_from_tokens(toks, analyse)
    texts = list(paras["text"])
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


_IS_TERM: dict[tuple, dict] = {}
"""Per analyser settings (stop words, minimum length, names), whether each token seen is one of its terms."""


def _terms_from_tokens(toks: pd.DataFrame, analyse) -> pd.DataFrame:
    """:func:`term_table` from the token table: the analyser's filter on each token, counts per paragraph in the
    order the terms first occur (the order the analyser's output gives)."""
    stop_words, min_length = analyse.base.keywords["stop_words"], analyse.base.keywords["min_length"]
    names, canonical = analyse.names, text.canonical_terms()
    key = (id(stop_words), min_length, id(names), id(canonical))
    known = _IS_TERM.get(key)
    if known is None or len(known) > 1_000_000:
        _IS_TERM.clear()
        known = _IS_TERM[key] = {}
    codes, distinct = pd.factorize(toks["token"])  # each distinct token decided once
    distinct = distinct.tolist()
    for t in set(distinct).difference(known):
        known[t] = (t in canonical or text.is_content_token(t, stop_words, min_length)) and t not in names
    mask = np.fromiter(map(known.__getitem__, distinct), dtype=bool, count=len(distinct))[codes]
    kept = toks.loc[mask, ["doc_id", "unit_id", "token"]]
    if kept.empty:
        return _empty(META["terms"])
    counts = kept.groupby(["doc_id", "unit_id", "token"], sort=False).size()  # groups in order of first occurrence
    doc_ids, unit_ids, terms = (counts.index.get_level_values(i) for i in range(3))
    return pd.DataFrame({"doc_id": pd.Series(doc_ids, dtype="str"), "unit_id": pd.Series(unit_ids, dtype="str"),
                         "term": pd.Series(terms, dtype="str"), "count": counts.to_numpy(dtype="int64")})


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
