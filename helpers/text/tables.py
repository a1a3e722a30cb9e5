"""Tidy tables of text units: sentences, tokens, term counts and document lengths.

Units of analysis: :func:`sentences` returns one row per **sentence**, :func:`tokens` one row per **token**,
:func:`term_counts` one row per **term** (per group), :func:`document_lengths` one row per **document**.
Tokens are :func:`helpers.text.phrases.tokenize` tokens (the phrase layer).
"""
from __future__ import annotations

import itertools
import keyword
import sys

import numpy as np
import pandas as pd

from helpers.text.phrases import STOP_WORDS, canonical_terms, count_tokens, tokenize
from helpers.text.segment import split_sentences


def _split_and_count(texts: list[str]) -> list[list[tuple[str, int]]]:
    """For each text, its sentences with their :func:`tokenize` word counts."""
    return [[(sent, count_tokens(sent)) for sent in split_sentences(t)] for t in texts]


def sentences(paras: pd.DataFrame) -> pd.DataFrame:
    """One row per **sentence** of the given paragraphs.

    ``paras`` is a frame from :func:`helpers.corpus.paragraphs`. Columns:
    ``doc_id``, ``para_id``, ``sent_id`` (position in the document),
    ``sent_in_para``, ``unit_id`` (``doc:pNN:sNN``), ``block_type``, ``text``,
    ``n_words``, then the paragraph's metadata columns.
    """
    meta_cols = [c for c in paras.columns if c not in ("para_id", "unit_id", "text", "n_words", "doc_id")]
    cols = ["doc_id", "para_id", "sent_id", "sent_in_para", "unit_id", "text", "n_words"] + meta_cols
    split = _split_and_count(list(paras["text"]))
    names = ["doc_id", "para_id", "sent_id", "sent_in_para", "unit_id", "text", "n_words"] + meta_cols
    if len(set(names)) < len(names) or not all(n.isidentifier() and not n.startswith("_")
                                               and not keyword.iskeyword(n) for n in names):
        return _sentences_by_dicts(paras, split, meta_cols, cols)
    # one tuple per sentence, the values the row dicts this function has always built would hold: pandas
    # infers the same dtypes; sent_id and unit_id numbered as pandas numbers them, for text ids and int para ids
    recs = [(rec, sents) for rec, sents in zip(paras.itertuples(index=False), split) if sents]
    if not all(type(rec.doc_id) is str and type(rec.para_id) is int for rec, _ in recs):
        return _sentences_by_dicts(paras, split, meta_cols, cols)
    rows, seen = [], {}
    for rec, sents in recs:
        meta = tuple(getattr(rec, c) for c in meta_cols)
        doc_id, para_id = rec.doc_id, rec.para_id
        first = seen.get(doc_id, 0)
        seen[doc_id] = first + len(sents)
        rows += [(doc_id, para_id, first + j, j, f"{doc_id}:p{para_id:02d}:s{j:02d}", sent, n_words) + meta
                 for j, (sent, n_words) in enumerate(sents)]
    if not rows:
        return pd.DataFrame(columns=cols)
    return pd.DataFrame(rows, columns=cols)


def _sentences_by_dicts(paras: pd.DataFrame, split: list, meta_cols: list[str], cols: list[str]) -> pd.DataFrame:
    """:func:`sentences` row by row (metadata columns named like the sentence's own columns, or not identifiers)."""
    rows = []
    for rec, sents in zip(paras.itertuples(index=False), split):
        if not sents:
            continue
        rec = rec._asdict()
        meta = {c: rec[c] for c in meta_cols}
        for j, (sent, n_words) in enumerate(sents):
            row = {"doc_id": rec["doc_id"], "para_id": rec["para_id"], "sent_in_para": j, "text": sent,
                   "n_words": n_words}
            row.update(meta)
            rows.append(row)
    if not rows:
        return pd.DataFrame(columns=cols)
    return _numbered(pd.DataFrame(rows), cols)


def _numbered(out: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    out["sent_id"] = out.groupby("doc_id", sort=False).cumcount()
    out["unit_id"] = (out["doc_id"] + ":p" + out["para_id"].map("{:02d}".format)
                      + ":s" + out["sent_in_para"].map("{:02d}".format))
    return out[cols]


def tokens(units: pd.DataFrame, lowercase: bool = True, stop_words: frozenset[str] | None = STOP_WORDS,
           phrases: bool = True) -> pd.DataFrame:
    """One row per **token** of the given units (paragraphs or sentences).

    Tokens are :func:`tokenize` tokens (phrases joined). Columns: ``doc_id``,
    ``unit_id``, ``position`` (within the unit), ``token``, ``is_alpha``
    (letters only, or a listed phrase's canonical form such as
    ``united_states`` or ``g20``), ``is_stop`` (in ``stop_words``; all False
    if None; canonical forms never are), plus ``period`` and ``block_type``
    when the units have them. ``phrases=False`` switches the phrase layer off
    (plain regular-expression tokens, as :func:`tokenize` with ``phrases=False``).
    """
    keep = [c for c in ("period", "block_type") if c in units.columns]
    cols = ["doc_id", "unit_id", "position", "token", "is_alpha", "is_stop"] + keep
    stops = stop_words or frozenset()
    sub = units[["doc_id", "unit_id", "text"] + keep]
    per_unit = [tokenize(t, lowercase=lowercase, phrases=phrases) for t in list(sub["text"])]
    lengths = [len(toks) for toks in per_unit]
    if not any(lengths):
        return pd.DataFrame([], columns=cols)
    flat = list(itertools.chain.from_iterable(per_unit))
    codes, distinct = pd.factorize(np.asarray(flat, dtype=object), sort=False)  # each distinct token looked at once
    interned, alpha, stop = _token_info(distinct, stops, canonical_terms() if phrases else frozenset())
    n = np.asarray(lengths, dtype=np.int64)
    columns = {"doc_id": _repeat(sub["doc_id"], lengths), "unit_id": _repeat(sub["unit_id"], lengths),
               "position": np.arange(len(flat), dtype=np.int64) - np.repeat(np.cumsum(n) - n, n),
               "token": interned[codes], "is_alpha": alpha[codes], "is_stop": stop[codes]}
    for c in keep:
        columns[c] = _repeat(sub[c], lengths)
    return pd.DataFrame(columns, columns=cols)


_STR = pd.Series(["x"]).dtype
"""pandas' default dtype for a column of strings (what a list of str becomes)."""


def _repeat(values: pd.Series, lengths: list[int]):
    """Each value repeated as many times as its unit has tokens (a column of the default string dtype stays
    one: what the list of its values would become)."""
    if values.dtype == _STR:
        return values.array.repeat(lengths)
    return [v for v, n in zip(values.tolist(), lengths) for _ in range(n)]


def _token_info(distinct, stops: frozenset[str], canon: frozenset[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each distinct token (an array of them): the token interned (to share memory), whether it is alphabetic
    (or a canonical form), whether it is a stop word (canonical forms never are) -- three arrays in its order."""
    distinct = list(distinct)
    interned = np.empty(len(distinct), dtype=object)
    interned[:] = [sys.intern(tok) for tok in distinct]
    alpha = np.fromiter((tok in canon or tok.replace("-", "").replace("'", "").replace("’", "").isalpha()
                         for tok in distinct), dtype=bool, count=len(distinct))
    stop = np.fromiter((tok not in canon and tok.lower() in stops for tok in distinct), dtype=bool,
                       count=len(distinct))
    return interned, alpha, stop


def content_tokens(toks: pd.DataFrame, min_length: int = 3) -> pd.DataFrame:
    """The rows of a :func:`tokens` frame that are alphabetic, not stop words, and at least ``min_length`` long.

    Phrase tokens (canonical forms from ``data/phrases.csv``, e.g. ``g8``) are
    kept whatever their length.
    """
    phrase = toks["token"].isin(canonical_terms())
    return toks[phrase | (toks["is_alpha"] & ~toks["is_stop"] & (toks["token"].str.len() >= min_length))]


def term_counts(toks: pd.DataFrame, by: str | None = None, n: int | None = None) -> pd.DataFrame:
    """One row per **term** (per group if ``by`` names a column): ``count`` and ``share`` of the group's tokens.

    Sorted by group, then count (descending), then term (alphabetical), so ties
    are broken the same way on every run; ``n`` keeps the top n per group.
    """
    groups = [by] if by else []
    counts = toks.groupby(groups + ["token"]).size().rename("count").reset_index()
    totals = counts.groupby(groups)["count"].transform("sum") if by else counts["count"].sum()
    counts["share"] = counts["count"] / totals
    counts = counts.sort_values(groups + ["count", "token"], ascending=[True] * len(groups) + [False, True],
                                kind="stable")
    if n is not None:
        counts = counts.groupby(groups).head(n) if by else counts.head(n)
    counts.insert(len(groups), "rank", counts.groupby(groups).cumcount() + 1 if by else range(1, len(counts) + 1))
    return counts.reset_index(drop=True)


def document_lengths(paras: pd.DataFrame, sents: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per **document**: ``n_paragraphs``, ``n_sentences``, ``n_words`` and mean words per sentence.

    Words are :func:`tokenize` tokens. ``sents`` defaults to :func:`sentences` of ``paras``.
    """
    sents = sentences(paras) if sents is None else sents
    out = pd.DataFrame({
        "n_paragraphs": paras.groupby("doc_id", sort=False).size(),
        "n_sentences": sents.groupby("doc_id", sort=False).size(),
        "n_words": sents.groupby("doc_id", sort=False)["n_words"].sum(),
    }).fillna(0).astype(int)
    out["words_per_sentence"] = (out["n_words"] / out["n_sentences"].where(out["n_sentences"] > 0)).round(1)
    return out.rename_axis("doc_id").reset_index()
