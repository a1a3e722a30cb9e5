"""Topic models, part 1: document-term matrices (one row per **unit**, one column per **term**).

A *unit* is one row of the table you pass in: a paragraph from :func:`helpers.corpus.paragraphs` by
default (sentences from :func:`helpers.text.sentences` work too).

* :func:`build_dtm` -- a :class:`DTM`, built exactly as lesson 02 builds its matrix: scikit-learn's
  ``TfidfVectorizer`` (NMF) or ``CountVectorizer`` (LDA) with the shared text layer's analyzer
  (:func:`helpers.text.analyzer`: phrases joined, e.g. ``missile_defense``), ``min_df``, ``max_df``;
* :func:`name_terms` -- the terms dropped by ``drop_names=True``, one per **name**;
* :func:`split_units` -- one label per **unit** (``"a"`` / ``"b"``): two halves drawn within documents.

Names. ``drop_names=True`` drops, after tokenising, every term that is a name: the actors of
``data/actors.csv`` (people and institutions such as the Kremlin), the places of ``data/phrases.csv`` (their
canonical terms, e.g. ``united_states``), and :data:`PLACE_WORDS`, the one-word places and capitals of the
corpus. No named-entity model is used: a name on none of these lists stays in.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from helpers import text

PLACE_WORDS = frozenset({
    "america", "russia", "moscow", "washington", "geneva", "europe", "ukraine", "georgia", "crimea", "syria",
    "iran", "iraq", "afghanistan", "libya", "china", "poland", "germany", "london", "kiev", "kyiv", "beijing",
    "brussels", "prague", "sochi", "mexico"})
"""One-word places dropped by ``drop_names`` besides the places of ``data/phrases.csv`` (the same set as lesson
02's ``PLACES``; ``tests/test_topics_lesson.py`` checks that they agree)."""

DEFAULT_STOP_WORDS = "english+"
"""``stop_words="english+"`` means :data:`helpers.text.STOP_WORDS` (scikit-learn's list + a few reporting verbs)."""


def name_terms() -> frozenset[str]:
    """The terms ``drop_names=True`` drops, one per **name**: the actors of ``data/actors.csv`` (lower case,
    spaces as ``_``), the canonical terms of the places in ``data/phrases.csv``, and :data:`PLACE_WORDS`."""
    people = text.load_actors()["actor"].str.lower().str.replace(" ", "_")
    phrases = text.load_phrases()
    places = phrases.loc[phrases["kind"] == "place", "canonical"]
    return frozenset(people) | frozenset(places) | PLACE_WORDS


def _stop_list(stop_words) -> list[str] | None:
    if stop_words is None:
        return None
    if stop_words == "english+":
        return sorted(text.STOP_WORDS)
    if stop_words == "english":
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
        return sorted(ENGLISH_STOP_WORDS)
    return sorted(set(stop_words))


def term_analyzer(stop_words="english+", min_length: int = 3, drop_names: bool = False):
    """The callable :func:`build_dtm` gives scikit-learn as ``analyzer=``, one list of terms per **unit** text:
    :func:`helpers.text.analyzer` (phrases joined, stop words dropped), without :func:`name_terms` when
    ``drop_names`` (the scale pipeline, :mod:`helpers.scale.stages`, counts with the same callable)."""
    analyzer = text.analyzer(stop_words=frozenset(_stop_list(stop_words) or ()), min_length=min_length)
    return _DropNames(analyzer, name_terms()) if drop_names else analyzer


class _DropNames:
    """A picklable analyzer: the shared text layer's tokens without the names."""

    def __init__(self, base, names: frozenset[str]):
        self.base, self.names = base, names

    def __call__(self, doc: str) -> list[str]:
        return [t for t in self.base(doc) if t not in self.names]


@dataclass
class DTM:
    """A document-term matrix: one row per **unit**, one column per **term**.

    ``matrix`` (sparse, units x terms), ``terms`` (column labels), ``units`` (the unit table, rows aligned with
    the matrix; units left with no term are dropped and listed in ``empty_units``), ``weighting`` (``"count"``
    or ``"tfidf"``), ``settings`` (the arguments used) and ``binary`` (0/1 presence, the basis of NPMI).
    """

    matrix: sparse.csr_matrix
    terms: np.ndarray
    units: pd.DataFrame
    weighting: str
    settings: dict
    empty_units: list[str] = field(default_factory=list)

    @property
    def binary(self) -> sparse.csr_matrix:
        b = self.matrix.copy().tocsr()
        b.data = np.ones_like(b.data)
        return b

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape


def build_dtm(units: pd.DataFrame, weighting: str = "tfidf", stop_words="english+", min_df: float | int = 2,
              max_df: float | int = 0.5, drop_names: bool = False, min_length: int = 3) -> DTM:
    """A :class:`DTM` of ``units`` (one row per **unit**, e.g. paragraph), built with scikit-learn.

    ``weighting``: ``"count"`` (CountVectorizer; what LDA models) or ``"tfidf"`` (TfidfVectorizer; the usual
    input of NMF). ``stop_words``: ``"english+"`` (:data:`helpers.text.STOP_WORDS`), ``"english"``
    (scikit-learn's list), ``None``, or your own list. ``min_df``/``max_df`` drop terms in fewer / more units
    than this (an int is a count of units, a float a share). ``drop_names`` drops :func:`name_terms`.
    """
    if weighting not in ("count", "tfidf"):
        raise ValueError(f"weighting={weighting!r}: choose 'count' (for LDA) or 'tfidf' (for NMF).")
    if "text" not in units.columns or "unit_id" not in units.columns:
        raise ValueError("units needs the columns 'unit_id' and 'text' (e.g. corpus.paragraphs(docs)).")
    units = units.reset_index(drop=True)
    analyzer = term_analyzer(stop_words, min_length, drop_names)
    cls = CountVectorizer if weighting == "count" else TfidfVectorizer
    vec = cls(analyzer=analyzer, min_df=min_df, max_df=max_df)
    try:
        matrix = vec.fit_transform(list(units["text"])).tocsr()
    except ValueError as exc:  # e.g. "After pruning, no terms remain"
        raise ValueError(f"No vocabulary left with these settings (min_df={min_df}, max_df={max_df}, "
                         f"stop_words={stop_words!r}, drop_names={drop_names}) on {len(units)} units: {exc}. "
                         "Lower min_df or raise max_df.") from None
    keep = np.asarray(matrix.sum(axis=1)).ravel() > 0
    empty = list(units.loc[~keep, "unit_id"])
    settings = {"weighting": weighting, "stop_words": stop_words, "min_df": min_df, "max_df": max_df,
                "drop_names": drop_names, "min_length": min_length}
    return DTM(matrix[keep], np.asarray(vec.get_feature_names_out()), units[keep].reset_index(drop=True),
               weighting, settings, empty)


def split_units(units: pd.DataFrame, seed: int = 2026, by: str = "doc_id") -> pd.Series:
    """One label per **unit** (``"a"`` or ``"b"``, indexed by ``unit_id``): two halves drawn once at random.

    The split is stratified by ``by`` (each document's units are shuffled with ``seed`` and dealt to
    the halves alternately, so every document is in both halves); within a document the ids are
    sorted first, so the split depends only on the ids and the seed, not on row order.
    """
    rng = np.random.default_rng(seed)
    labels = {}
    groups = units.groupby(by, sort=True)["unit_id"] if by in units.columns else [(None, units["unit_id"])]
    start = 0
    for _, ids in groups:
        ids = sorted(map(str, ids))
        for i, j in enumerate(rng.permutation(len(ids))):
            labels[ids[j]] = "ab"[(i + start) % 2]
        start += len(ids)  # odd-sized documents alternate which half gets the extra unit
    return pd.Series(labels, name="half").rename_axis("unit_id").sort_index()


def corpus_fingerprint(units: pd.DataFrame) -> str:
    """A short hash of the **units** (``unit_id`` and ``text``, sorted by id): part of the settings under which
    stored sweep and null tables are valid, so that adding, removing or editing a document recomputes them."""
    h = hashlib.sha256()
    for uid, txt in sorted(zip(units["unit_id"].astype(str), units["text"].astype(str))):
        h.update(uid.encode("utf-8") + b"\t" + txt.encode("utf-8") + b"\n")
    return h.hexdigest()[:16]
