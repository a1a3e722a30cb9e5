"""The hand codings of frames: reading the files, the tuning/test split, adjudicated codes, the coding guide.

Units of analysis: :func:`load_handcoding`, :func:`load_second_coding`, :func:`matching_handcoding` and
:func:`adjudicated_coding` one row per **coded paragraph** (one 0/1 column per frame); :func:`long_codes` one
row per **paragraph x frame**; :func:`load_adjudication` one row per **disputed paragraph x frame**;
:func:`split_halves` one label per **paragraph**; :func:`guide_definitions` one entry per **frame**.

Who or what made each coding, in which order and what each had seen: ``data/annotations/PROVENANCE_frames.md``.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.paths import PROJECT_ROOT

ANNOTATIONS = PROJECT_ROOT / "data" / "annotations"
DEFAULT_HANDCODING = ANNOTATIONS / "frames_handcoded.csv"
"""Coder A's coding (the coder who then wrote the dictionary), with the ``split`` column."""
DEFAULT_PASS2 = ANNOTATIONS / "frames_handcoded_pass2.csv"
"""Coder B's coding: blind to coder A, the dictionary, the split and every score."""
DEFAULT_ADJUDICATION = ANNOTATIONS / "frames_adjudication_independent.csv"
"""The primary adjudication: made blind to the dictionary, the split and every score."""
DEFAULT_ADJUDICATION_INFORMED = ANNOTATIONS / "frames_adjudication.csv"
"""The informed adjudication (its author had seen the dictionary and its figures): a sensitivity check."""
CODING_GUIDE = ANNOTATIONS / "CODING_GUIDE.md"
SPLIT_SEED = 2026
"""The seed used once to split the hand-coded paragraphs into tuning and test halves."""


class HandcodingError(ValueError):
    """A hand-coding file lacks a column or holds a value other than 0/1 (the message names file and row)."""


def split_halves(unit_ids: pd.Series | list[str], seed: int = SPLIT_SEED) -> pd.Series:
    """One label per **paragraph**: ``"tuning"`` or ``"test"``, drawn once at random with ``seed``.

    The ids are sorted first, so the split depends only on the set of ids and the seed, not on row order.
    The tuning half gets the extra paragraph when the number is odd. Returns a Series indexed by unit_id.
    """
    ids = sorted(pd.Series(unit_ids).astype(str))
    order = np.random.default_rng(seed).permutation(len(ids))
    n_tune = math.ceil(len(ids) / 2)
    labels = np.empty(len(ids), dtype=object)
    labels[order[:n_tune]] = "tuning"
    labels[order[n_tune:]] = "test"
    return pd.Series(labels, index=pd.Index(ids, name="unit_id"), name="split")


def _check_codes(table: pd.DataFrame, frames: list[str], name: str) -> pd.DataFrame:
    for col in frames:
        bad = table.loc[~table[col].astype(str).isin(["0", "1"]), "unit_id"]
        if len(bad):
            raise HandcodingError(f"'{name}', column '{col}': row {bad.iloc[0]} is not 0 or 1; "
                                  "code every paragraph 1 (present) or 0 (absent).")
        table[col] = table[col].astype(int)
    return table


def load_handcoding(path: str | Path | None = None, frames: list[str] | None = None,
                    required: tuple[str, ...] = ("unit_id", "split")) -> pd.DataFrame:
    """One row per **hand-coded paragraph**: ``unit_id``, ``doc_id``, ``text``, one 0/1 column per coded
    frame, ``note`` and ``split``. Frames of ``frames`` that the file has no column for are simply not there
    (see :func:`coded_frames`: such a frame cannot be checked). Raises
    :class:`HandcodingError` if a ``required`` column is missing or a frame column holds anything but 0/1."""
    path = Path(path) if path is not None else DEFAULT_HANDCODING
    if not path.is_file():
        raise HandcodingError(f"hand-coding file '{path}' not found; pass HANDCODING = the path of a CSV with "
                              "unit_id and one 0/1 column per frame.")
    hand = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in required:
        if col not in hand.columns:
            raise HandcodingError(f"'{path.name}' lacks the column '{col}'.")
    return _check_codes(hand, [f for f in frames or [] if f in hand.columns], path.name)


def load_second_coding(path: str | Path | None = None, frames: list[str] | None = None) -> pd.DataFrame:
    """One row per **paragraph** of a second, independent coding (``unit_id``, one 0/1 column per frame,
    ``note``), read like :func:`load_handcoding` but without a ``split`` column."""
    return load_handcoding(path if path is not None else DEFAULT_PASS2, frames, required=("unit_id",))


def coded_frames(hand: pd.DataFrame, frames: list[str]) -> list[str]:
    """The frames of ``frames`` (in order) that the hand coding has a column for."""
    return [f for f in frames if f in hand.columns]


def matching_handcoding(hand: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The rows of a hand-coding table (one row per **paragraph**) whose ``unit_id`` is among ``units`` and
    whose text is the same, so that hand codes are never compared with a different paragraph (for example
    when the notebook runs on another corpus, or a raw file was edited after coding)."""
    current = units.set_index("unit_id")["text"]
    same = hand["unit_id"].map(current).eq(hand["text"])
    return hand[same.fillna(False).astype(bool)].reset_index(drop=True)


def long_codes(hand: pd.DataFrame, frames: list[str]) -> pd.DataFrame:
    """A wide coding as one row per **paragraph x frame**: ``unit_id``, ``frame``, ``present`` (0/1)."""
    frames = coded_frames(hand, frames)
    out = hand.melt(id_vars="unit_id", value_vars=frames, var_name="frame", value_name="present")
    out["present"] = out["present"].astype(int)
    return out


def adjudicated_coding(first: pd.DataFrame, adjudication: pd.DataFrame, frames: list[str]) -> pd.DataFrame:
    """The first coding (one row per **paragraph**) with every adjudicated cell replaced by its decision.

    ``adjudication`` has one row per **paragraph x frame** in dispute: ``unit_id``, ``frame``, ``decision``
    (0/1) and ``reason``. Raises :class:`HandcodingError` for a decision that is not 0/1 or a frame unknown."""
    out = first.copy()
    for rec in adjudication.itertuples(index=False):
        if rec.frame not in frames or rec.frame not in out.columns:
            raise HandcodingError(f"adjudication: unknown frame '{rec.frame}' for {rec.unit_id}.")
        if str(rec.decision) not in ("0", "1"):
            raise HandcodingError(f"adjudication: decision for {rec.unit_id} / {rec.frame} is not 0 or 1.")
        out.loc[out["unit_id"] == rec.unit_id, rec.frame] = int(rec.decision)
    return out


def load_adjudication(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **disputed paragraph x frame**: ``unit_id``, ``frame``, ``first``, ``second``, ``decision``
    (0/1), ``reason``. Reads both file layouts of the project (``first/second/decision`` and
    ``pass1/pass2/gold``); ``None`` is the primary, blind adjudication (:data:`DEFAULT_ADJUDICATION`).
    Raises :class:`HandcodingError` naming the file when a column is missing."""
    path = Path(path) if path is not None else DEFAULT_ADJUDICATION
    if not path.is_file():
        raise HandcodingError(f"adjudication file '{path}' not found; pass ADJUDICATION = the path of a CSV with "
                              "unit_id, frame, decision (0/1) and reason.")
    adj = pd.read_csv(path, dtype=str, keep_default_na=False).rename(
        columns={"pass1": "first", "pass2": "second", "gold": "decision"})
    for col in ("unit_id", "frame", "decision"):
        if col not in adj.columns:
            raise HandcodingError(f"'{path.name}' lacks the column '{col}' (or its other name: gold).")
    for col in ("first", "second", "reason"):
        if col not in adj.columns:
            adj[col] = ""
    return adj[["unit_id", "frame", "first", "second", "decision", "reason"]]


def guide_definitions(path: str | Path | None = None) -> dict[str, str]:
    """The coding guide's definition of each frame (one entry per **frame** column of its tables): the
    label and the "code 1 when ..." text, lower-cased. The leak audit asks whether an indicator occurs in it;
    the guide's author had read the articles, so an indicator found there may still come from a test paragraph
    (``data/annotations/PROVENANCE_frames.md``)."""
    path = Path(path) if path is not None else CODING_GUIDE
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\|\s*`([a-z_]+)`\s*\|(.*)\|\s*$", line)
        if m:
            out[m.group(1)] = " ".join(m.group(2).replace("|", " ").lower().split())
    return out
