"""What the phrase list and the actor list miss, counted in the texts (notebook 01's evidence).

``data/known_misses.csv`` lists forms that the shared lists (``data/phrases.csv``, ``data/actors.csv``) do not
join or do not count, one regular expression each, with the side it belongs to and what the lists do with it.
The shared lists are left as they are (every notebook counts with them); these functions count the misses so a
reader can see what they do to the counts. :func:`capital_candidates` is the systematic part of the search: every
capitalised word that neither list covers.

Units of analysis: :func:`load_misses` one row per **listed miss**; :func:`miss_matches` one row per **match**;
:func:`miss_counts` one row per **listed miss**; :func:`side_mentions` one row per **document x side**;
:func:`capital_matches` one row per **occurrence** of a capitalised word; :func:`capital_candidates` one row per
**capitalised word**.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from helpers import text
from helpers.paths import DATA_DIR

DEFAULT_MISSES = DATA_DIR / "known_misses.csv"
MISS_COLUMNS = ["label", "side", "kind", "pattern", "effect"]
ACTOR_MISS = "actor not listed"
"""The ``kind`` of a miss that is a mention of an actor the actor list does not count."""


def load_misses(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **listed miss** of ``known_misses.csv`` (default ``data/known_misses.csv``): ``label``,
    ``side``, ``kind``, ``pattern`` (a regular expression) and ``effect``. Raises ``ValueError`` naming the
    file and row for a missing column or an invalid pattern."""
    path = Path(path) if path is not None else DEFAULT_MISSES
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = set(MISS_COLUMNS) - set(table.columns)
    if missing:
        raise ValueError(f"'{path.name}' lacks column(s) {sorted(missing)}; it needs {', '.join(MISS_COLUMNS)}.")
    for i, rec in enumerate(table.itertuples(index=False), start=2):
        try:
            re.compile(rec.pattern)
        except re.error as exc:
            raise ValueError(f"'{path.name}', line {i} ({rec.label!r}): pattern is not a valid regular "
                             f"expression ({exc}).") from None
    return table[MISS_COLUMNS].reset_index(drop=True)


def _joined(t: str) -> str:
    return re.sub(r"\s+", " ", t)


def miss_matches(units: pd.DataFrame, misses: pd.DataFrame | None = None, width: int = 40) -> pd.DataFrame:
    """One row per **match** of a listed miss in ``units["text"]`` (paragraphs; whitespace runs read as one
    space): ``doc_id``, ``unit_id``, ``label``, ``side``, ``kind``, ``matched`` and ``context`` (``width``
    characters either side), in the order of the miss list, then the text."""
    misses = load_misses() if misses is None else misses
    rows = []
    for m in misses.itertuples(index=False):
        pat = re.compile(m.pattern)
        for doc, unit, t in zip(units["doc_id"], units["unit_id"], units["text"]):
            t = _joined(t)
            for hit in pat.finditer(t):
                rows.append({"doc_id": doc, "unit_id": unit, "label": m.label, "side": m.side, "kind": m.kind,
                             "matched": hit.group(),
                             "context": t[max(0, hit.start() - width):hit.end() + width]})
    return pd.DataFrame(rows, columns=["doc_id", "unit_id", "label", "side", "kind", "matched", "context"])


def miss_counts(units: pd.DataFrame, misses: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per **listed miss**, in list order: ``label``, ``side``, ``kind``, ``count`` (matches in
    ``units``), ``documents`` (where, in order of first match) and ``effect``."""
    misses = load_misses() if misses is None else misses
    hits = miss_matches(units, misses)
    by = hits.groupby("label", sort=False)
    out = misses[["label", "side", "kind", "effect"]].copy()
    out["count"] = out["label"].map(by.size()).fillna(0).astype(int)
    out["documents"] = out["label"].map(by["doc_id"].agg(lambda d: ", ".join(dict.fromkeys(d)))).fillna("")
    return out[["label", "side", "kind", "count", "documents", "effect"]]


def side_mentions(units: pd.DataFrame, actors: pd.DataFrame, misses: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per **document x side** (documents in order of ``units``; sides of the actor list):
    ``listed`` (matches of the actor list's patterns), ``missed`` (matches of the misses of kind
    :data:`ACTOR_MISS` for that side) and ``with_misses`` (their sum)."""
    misses = load_misses() if misses is None else misses
    listed = text.actor_mentions(units, actors).groupby(["doc_id", "side"], sort=False)["mentions"].sum()
    hits = miss_matches(units, misses[misses["kind"] == ACTOR_MISS])
    missed = hits.groupby(["doc_id", "side"]).size()
    docs = list(dict.fromkeys(units["doc_id"]))
    sides = list(dict.fromkeys(actors["side"]))
    index = pd.MultiIndex.from_product([docs, sides], names=["doc_id", "side"])
    out = pd.DataFrame({"listed": listed.reindex(index, fill_value=0), "missed": missed.reindex(index, fill_value=0)})
    out = out.fillna(0).astype(int)
    out["with_misses"] = out["listed"] + out["missed"]
    return out.reset_index()


_SENTENCE_START = re.compile(r"(?:^|[.!?:\"“”‘’(]\s*)$")


def capital_matches(units: pd.DataFrame, actors: pd.DataFrame, width: int = 40) -> pd.DataFrame:
    """One row per **occurrence** of a capitalised word in ``units["text"]`` (paragraphs; whitespace runs read as one
    space) that neither list covers: not inside a phrase of ``data/phrases.csv`` and not inside a match of an actor
    pattern. Columns ``doc_id``, ``word`` (as written, a possessive 's kept), ``sentence_initial`` (the first word
    of a sentence, or after a colon, quote mark or bracket) and ``context`` (``width`` characters either side), in
    text order."""
    layer = text.phrase_layer()
    rows = []
    for doc, t in zip(units["doc_id"], units["text"]):
        t = _joined(t)
        covered = [(s, e) for s, e, _ in layer.spans(t)]
        for pat in actors["pattern"]:
            covered += [(m.start(), m.end()) for m in re.finditer(pat, t)]
        for m in re.finditer(r"\b[A-Z][A-Za-z]*(?:[.'’-][A-Za-z]+)*", t):
            if any(s <= m.start() < e for s, e in covered):
                continue
            rows.append({"doc_id": doc, "word": m.group(), "sentence_initial": bool(_SENTENCE_START.search(t[:m.start()])),
                         "context": t[max(0, m.start() - width):m.end() + width]})
    return pd.DataFrame(rows, columns=["doc_id", "word", "sentence_initial", "context"])


def capital_candidates(units: pd.DataFrame, actors: pd.DataFrame, min_count: int = 2, width: int = 30) -> pd.DataFrame:
    """One row per **capitalised word** of ``units["text"]`` that neither list covers and that is not the first word
    of a sentence (:func:`capital_matches`): ``word``, ``count``, ``n_documents`` and ``example`` (the context of its
    first occurrence, ``width`` characters either side); words occurring at least ``min_count`` times, sorted by
    count (descending), then word."""
    found = capital_matches(units, actors, width)
    found = found[~found["sentence_initial"]]
    by = found.groupby("word")
    out = pd.DataFrame({"count": by.size(), "n_documents": by["doc_id"].nunique(), "example": by["context"].first()})
    out = out[out["count"] >= min_count].rename_axis("word").reset_index()
    return out.sort_values(["count", "word"], ascending=[False, True], kind="stable").reset_index(drop=True)
