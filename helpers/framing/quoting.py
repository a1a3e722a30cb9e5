"""How often the node word stands in quotation marks, against each writer's base rate of quoting short phrases,
and whether a difference between groups of documents can be told from a difference between documents.

Units of analysis: :func:`quoting_rates` one row per **group** of documents (document or period);
:func:`short_quoted_spans` one row per **short quoted span**; :func:`quoting_baseline` one row per **document**;
:func:`document_permutation` one row per **assignment** of documents to the two groups.
"""
from __future__ import annotations

import itertools
import re

import numpy as np
import pandas as pd

from helpers.text.context import DEFAULT_NODE


def quoting_rates(concordance: pd.DataFrame, docs: pd.DataFrame, by: str = "id") -> pd.DataFrame:
    """One row per **group** of documents (``by``: ``id`` or ``period``): matches, quoted, share quoted.

    Every group of ``docs`` appears, with 0 matches where the node never occurs (share is then NaN).
    """
    key = "doc_id" if by == "id" else by
    groups = docs.drop_duplicates(by)[by].tolist()
    conc = concordance.merge(docs[["id", "period"]].rename(columns={"id": "doc_id"}), on="doc_id",
                             suffixes=("_x", "")) if key == "period" and "period" not in concordance else concordance
    counts = conc.groupby(key).agg(matches=("match", "size"), quoted=("quoted", "sum"))
    out = counts.reindex(groups, fill_value=0).rename_axis(by).reset_index()
    out["matches"] = out["matches"].astype(int)
    out["quoted"] = out["quoted"].astype(int)
    out["share_quoted"] = (out["quoted"] / out["matches"].where(out["matches"] > 0)).round(3)
    ci = [wilson_interval(q, m) for q, m in zip(out["quoted"], out["matches"])]
    out["lo"] = [round(a, 3) for a, _ in ci]
    out["hi"] = [round(b, 3) for _, b in ci]
    return out


def wilson_interval(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for a proportion k / n (one **share**); (NaN, NaN) when n = 0."""
    if n == 0:
        return float("nan"), float("nan")
    p, d = k / n, 1 + z * z / n
    c, h = (p + z * z / (2 * n)) / d, z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return float(c - h), float(c + h)


_SHORT_QUOTE = re.compile("(?<![\\w])([\"\u201c\u2018\u201e\u00ab\u00bb'])(\\S[^\"\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb\\n]{0,60}?\\S|\\S)"
                          "([\"\u201d\u2019\u201c\u00bb\u00ab'])(?![\\w])")


def short_quoted_spans(units: pd.DataFrame, pattern: str = DEFAULT_NODE, max_words: int = 3) -> pd.DataFrame:
    """One row per **short quoted span** (1 to ``max_words`` words between quotation marks) in the units:
    ``doc_id``, ``unit_id``, ``span``, ``n_words``, ``is_node`` (the span is the node word). The base rate
    against which a quoted node word is read: a writer who puts many single words in quotation marks
    (house style, reported speech) quotes the node word too, without that saying much about the word."""
    whole = re.compile(rf"^\W*(?:{pattern})\W*$", re.IGNORECASE)
    rows = []
    for rec in units.itertuples(index=False):
        for m in _SHORT_QUOTE.finditer(rec.text):
            words = re.findall(r"[\w'\u2019-]+", m.group(2))
            if 1 <= len(words) <= max_words:
                rows.append({"doc_id": rec.doc_id, "unit_id": rec.unit_id, "span": m.group(2),
                             "n_words": len(words), "is_node": bool(whole.match(m.group(2)))})
    return pd.DataFrame(rows, columns=["doc_id", "unit_id", "span", "n_words", "is_node"])


def quoting_baseline(rates: pd.DataFrame, spans: pd.DataFrame, words: pd.Series) -> pd.DataFrame:
    """One row per **document**: the node word's quoting (``rates`` from :func:`quoting_rates` by id, with
    Wilson ``lo``/``hi``) beside the document's base rate of short quoted spans: ``other_spans`` (short
    quoted spans that are not the node word), ``per_1000_words`` and ``share_of_words`` (share of the
    document's words that stand inside a short quoted span; ``words`` is the word count per document)."""
    other = spans[~spans["is_node"]]
    n_sp = other.groupby("doc_id").size()
    n_w = other.groupby("doc_id")["n_words"].sum()
    ex = other.groupby("doc_id")["span"].agg(lambda s: ", ".join(list(dict.fromkeys(s))[:4]))
    out = rates[["id", "matches", "quoted", "share_quoted", "lo", "hi"]].copy()
    w = out["id"].map(words).astype(float)
    out["other_spans"] = out["id"].map(n_sp).fillna(0).astype(int)
    out["per_1000_words"] = (1000 * out["other_spans"] / w).round(1)
    out["share_of_words"] = (out["id"].map(n_w).fillna(0) / w).round(3)
    out["examples"] = out["id"].map(ex).fillna("")
    return out


def document_permutation(per_doc: pd.DataFrame, group: str, a: str, b: str) -> pd.DataFrame:
    """An exact permutation test that moves **whole documents** between two groups: one row per **assignment**
    of the documents of groups ``a`` and ``b`` to two groups of the observed sizes, with the difference of the
    pooled shares quoted (``a`` minus ``b``), and ``observed`` marking the real assignment.

    ``per_doc`` has one row per **document** with ``group``, ``matches`` and ``quoted``. The two-sided p-value is
    the share of assignments whose ``abs(difference)`` is at least the observed one; with few documents the
    number of assignments (``len`` of the result) bounds it from below: with one document in a group and three
    in the other there are four assignments, so p cannot fall below 0.25 whatever the counts."""
    d = per_doc[per_doc[group].isin([a, b]) & (per_doc["matches"] > 0)].reset_index(drop=True)
    n_a = int((d[group] == a).sum())
    observed = tuple(np.flatnonzero(d[group].to_numpy() == a))
    rows = []
    for pick in itertools.combinations(range(len(d)), n_a):
        in_a = d.index.isin(pick)
        share_a = d.loc[in_a, "quoted"].sum() / d.loc[in_a, "matches"].sum()
        share_b = d.loc[~in_a, "quoted"].sum() / d.loc[~in_a, "matches"].sum()
        rows.append({"documents_in_" + str(a): ", ".join(d.loc[in_a, "id" if "id" in d else "doc_id"]),
                     "difference": float(share_a - share_b), "observed": pick == observed})
    return pd.DataFrame(rows)
