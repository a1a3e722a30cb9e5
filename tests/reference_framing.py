"""The frame scorer as it stood before it was made fast (commit d785a62), for the differential tests
(``tests/test_fast_framing.py``): every frame's expression scans every text (``finditer``), and the paragraph x
frame grid is a cross merge joined with the grouped match counts. ``helpers.framing`` must return exactly what
these return.
"""
from __future__ import annotations

import re

import pandas as pd

from helpers import text
from helpers.framing.codebook import indicator_regex


def frame_matches(units: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator match, frame by frame, then unit by unit, then in text order."""
    rows = []
    for fr in codebook.itertuples(index=False):
        rx = indicator_regex(tuple(fr.indicators))
        for unit_id, body in zip(units["unit_id"], units["text"]):
            for m in rx.finditer(body):
                rows.append((unit_id, fr.name, fr.family, re.sub(r"\s+", " ", m.group(0).lower())))
    return pd.DataFrame(rows, columns=["unit_id", "frame", "family", "matched"])


def score_paragraphs(units: pd.DataFrame, codebook: pd.DataFrame, n_words: list[int] | None = None) -> pd.DataFrame:
    """One row per paragraph x frame."""
    keep = [c for c in ("period",) if c in units.columns]
    base = units[["doc_id", "unit_id"] + keep + ["text"]].copy()
    base["n_words"] = n_words if n_words is not None else [len(text.tokenize(t)) for t in base["text"]]
    base = base.drop(columns="text")
    grid = base.merge(codebook[["name", "family"]].rename(columns={"name": "frame"}), how="cross")
    counts = frame_matches(units, codebook).groupby(["unit_id", "frame"]).size().rename("matches")
    grid = grid.join(counts, on=["unit_id", "frame"])
    grid["matches"] = grid["matches"].fillna(0).astype(int)
    grid["present"] = (grid["matches"] > 0).astype(int)
    grid["per_1000_words"] = 1000 * grid["matches"] / grid["n_words"].clip(lower=1)
    return grid.reset_index(drop=True)
