"""Actors: the editable list of people and institutions (``data/actors.csv``) and how often each is mentioned.

Unit of analysis: :func:`load_actors` one row per **actor**, :func:`actor_mentions` one row per
**document x actor**.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from helpers.paths import PROJECT_ROOT
from helpers.text.phrases import read_list, tokenize


DEFAULT_ACTORS = PROJECT_ROOT / "data" / "actors.csv"


def load_actors(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **actor** from an editable CSV (``actor``, ``side``, ``pattern`` regex, ``note``)."""
    path = Path(path) if path is not None else DEFAULT_ACTORS
    actors = read_list(path, "actor list", ("actor", "side", "pattern"), "note is optional", "data/actors.csv")
    for rec in actors.itertuples():
        try:
            re.compile(rec.pattern)
        except re.error as exc:
            raise ValueError(f"actor list '{path.name}', actor '{rec.actor}': pattern {rec.pattern!r} "
                             f"is not a valid regular expression ({exc}).") from None
    return actors


def actor_mentions(units: pd.DataFrame, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per **document x actor**: how many times each actor's pattern matches.

    ``units`` are paragraphs or sentences (``doc_id``, ``text``); every
    document and every actor appear, with zero counts where there is no match.
    Columns: ``doc_id``, ``actor``, ``side``, ``mentions``, ``per_1000_words``.
    """
    actors = load_actors() if actors is None else actors
    words = units.groupby("doc_id", sort=False)["text"].apply(lambda s: sum(len(tokenize(t)) for t in s))
    rows = []
    for doc_id, texts in units.groupby("doc_id", sort=False)["text"]:
        joined = re.sub(r"\s+", " ", "\n".join(texts))  # "White\nHouse" is "White House"
        for a in actors.itertuples():
            n = len(re.findall(a.pattern, joined))
            rows.append({"doc_id": doc_id, "actor": a.actor, "side": a.side, "mentions": n,
                         "per_1000_words": 1000 * n / max(int(words[doc_id]), 1)})
    return pd.DataFrame(rows, columns=["doc_id", "actor", "side", "mentions", "per_1000_words"])
