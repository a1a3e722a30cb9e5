"""Topic models, part 1: document-term matrices (one row per **unit**, one column per **term**).

A *unit* is one row of the table you pass in: a paragraph from :func:`helpers.corpus.paragraphs` by
default (sentences from :func:`helpers.text.sentences` work too).

* :func:`build_dtm` -- a :class:`DTM`: one matrix row per **unit**, one column per **term**;
* :func:`vocabulary_steps` -- one row per **vectoriser setting** (vocabulary size, examples removed);
* :func:`unit_sizes` -- one row per **kind of unit** (how much text a model gets per row);
* :func:`split_units` -- one label per **unit** (``"a"`` / ``"b"``): the two halves used to count
  co-occurrence on units a model was not fitted to.

Names of people and places. ``build_dtm(..., drop_names=True)`` blanks out,
before tokenising, every match of the actor patterns in ``data/actors.csv``
(see :func:`helpers.text.load_actors`: people, and institutions named as
actors such as the Kremlin or the White House; plus the people's given names
read from its ``note`` column, see :func:`given_names`) and of :data:`PLACE_NAMES`, an
editable list kept in this module (pass ``places=`` to extend it without editing code).
Matching is case-sensitive on the original text, so "US" (the country) is removed and
"us" (the pronoun) is not. No named-entity model is used: a name on neither list stays.

Tokens: one tokeniser for the project, :func:`helpers.text.analyzer` / :func:`helpers.text.tokenize`
(phrases from ``data/phrases.csv`` joined into one term, e.g. ``missile_defense``).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from helpers import text

PLACE_NAMES: tuple[str, ...] = (
    # countries and unions (as written in English news copy)
    "United States of America", "United States", "U.S.A.", "U.S.", "USA", "US", "America",
    "Russian Federation", "Russia", "Soviet Union", "USSR", "U.S.S.R.",
    "Georgia", "Ukraine", "Belarus", "Moldova", "Kazakhstan", "Iran", "Iraq", "Syria", "Libya",
    "Afghanistan", "Pakistan", "North Korea", "Korea", "China", "Japan", "India", "Israel",
    "Poland", "Czech Republic", "Germany", "France", "Britain", "United Kingdom", "U.K.", "UK",
    "Europe", "European Union", "EU", "Mexico", "Kosovo", "Serbia", "Crimea", "Donbas", "Donbass",
    "Abkhazia", "South Ossetia", "Baltic", "Baltics", "Arctic", "Middle East", "Eurasia", "Asia",
    "Central Asia", "Caucasus", "Balkans",
    # cities and summit venues
    "Moscow", "Washington", "Geneva", "London", "Los Cabos", "Kiev", "Kyiv", "Tbilisi", "Minsk",
    "Beijing", "Brussels", "Berlin", "Paris", "Prague", "Warsaw", "Tehran", "Damascus", "Kabul",
    "New York", "St. Petersburg", "Sochi", "Vladivostok", "Iceland",
)
"""Place names removed by ``drop_names=True`` (case-sensitive, whole words; longest first when matched).

Edit this list (or pass ``places=``) for another corpus. Names of people that
are neither in ``data/actors.csv`` nor places (a quoted expert, the Magnitsky
of the Magnitsky Act) stay in the vocabulary: add them to the actor list if
they should go."""

DEFAULT_STOP_WORDS = "english+"
"""``stop_words="english+"`` means :data:`helpers.text.STOP_WORDS` (scikit-learn's list + a few reporting verbs)."""


# --------------------------------------------------------------------------- names

def name_patterns(actors: pd.DataFrame | None = None, places: tuple[str, ...] | list[str] | None = None
                  ) -> list[str]:
    """The regular expressions blanked out by ``drop_names``: one per **actor** pattern, then one per **place**.

    ``actors`` defaults to :func:`helpers.text.load_actors` (``data/actors.csv``), whose given
    names are added (:func:`given_names`: "Vladimir" as well as "Putin");
    ``places`` defaults to :data:`PLACE_NAMES`. Place names are escaped and
    matched as whole words, longest first (so "United States" wins over "US").
    """
    actors = text.load_actors() if actors is None else actors
    places = PLACE_NAMES if places is None else places
    pats = [str(p) for p in actors["pattern"]] + [r"\b" + re.escape(n) + r"\b" for n in given_names(actors)]
    for name in sorted(set(places), key=lambda s: (-len(s), s)):
        pats.append(r"(?<![\w.])" + re.escape(name) + r"(?![\w])" + (r"(?:['’]s)?" if not name.endswith(".") else ""))
    return pats


def given_names(actors: pd.DataFrame) -> list[str]:
    """First names of the people in an actor list, one per **name** (sorted), read from its ``note`` column.

    The patterns in ``data/actors.csv`` match surnames ("Putin"); the note
    starts with the full name ("Vladimir Putin (Russian president ...)",
    "Sergei/Sergey Lavrov (...)"). Every capitalised word of the name before
    the surname is a given name (variants split at "/"); initials ("W.") and
    notes starting with "the" (institutions such as "the Kremlin") are skipped.
    """
    names = set()
    if "note" not in actors.columns:
        return []
    for note in actors["note"]:
        full = str(note).split("(")[0].strip()
        words = full.split()
        if len(words) < 2 or words[0].lower() == "the":
            continue
        for word in words[:-1]:
            for part in word.split("/"):
                if re.fullmatch(r"[A-Z][a-z]+", part):
                    names.add(part)
    return sorted(names)


def strip_names(texts: pd.Series | list[str], patterns: list[str]) -> list[str]:
    """Each text with every match of ``patterns`` replaced by a space (one output string per input **unit**)."""
    regex = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
    return [regex.sub(" ", t) if regex else t for t in texts]


# --------------------------------------------------------------------------- document-term matrices

def content_words(doc: str, min_length: int = 3) -> list[str]:
    """The content tokens of one text, stop words kept: :func:`helpers.text.tokenize` (phrases joined,
    e.g. ``missile_defense``) filtered by :func:`helpers.text.is_content_token` (letters, at least
    ``min_length`` long, or a listed phrase)."""
    return [t for t in text.tokenize(doc) if text.is_content_token(t, frozenset(), min_length)]


def _ngrams(doc: str, base, ngram_range: tuple[int, int]) -> list[str]:
    toks = base(doc)
    lo, hi = ngram_range
    out = list(toks) if lo == 1 else []
    for n in range(max(lo, 2), hi + 1):
        out += [" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1)]
    return out


def term_analyzer(stop_words="english+", min_length: int = 3, ngram_range: tuple[int, int] = (1, 1)):
    """The callable given to scikit-learn as ``analyzer=``: :func:`helpers.text.analyzer` (the project's one
    tokeniser: phrases joined, stop words dropped) plus n-grams of consecutive content tokens when
    ``ngram_range`` asks for them (as scikit-learn does, after stop words are removed)."""
    base = text.analyzer(stop_words=frozenset(_stop_list(stop_words) or ()), min_length=min_length)
    if tuple(ngram_range) == (1, 1):
        return base
    return functools.partial(_ngrams, base=base, ngram_range=tuple(ngram_range))


def _stop_list(stop_words) -> list[str] | None:
    if stop_words is None:
        return None
    if stop_words == "english+":
        return sorted(text.STOP_WORDS)
    if stop_words == "english":
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
        return sorted(ENGLISH_STOP_WORDS)
    return sorted(set(stop_words))


@dataclass
class DTM:
    """A document-term matrix: one row per **unit**, one column per **term**.

    ``matrix`` (sparse, units x terms), ``terms`` (column labels), ``units``
    (the unit table, rows aligned with the matrix; units left with no term are
    dropped and listed in ``empty_units``), ``weighting`` (``"count"`` or
    ``"tfidf"``), ``settings`` (the arguments used) and ``binary`` (0/1
    presence, the basis of :func:`npmi_coherence`).
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
              max_df: float | int = 0.5, ngram_range: tuple[int, int] = (1, 1), drop_names: bool = False,
              min_length: int = 3, actors: pd.DataFrame | None = None,
              places: tuple[str, ...] | list[str] | None = None) -> DTM:
    """A :class:`DTM` of ``units`` (one row per **unit**, e.g. paragraph), built with scikit-learn.

    ``weighting``: ``"count"`` (CountVectorizer; what LDA models) or
    ``"tfidf"`` (TfidfVectorizer; the usual input of NMF). ``stop_words``:
    ``"english+"`` (:data:`helpers.text.STOP_WORDS`), ``"english"``
    (scikit-learn's list), ``None``, or your own list. ``min_df``/``max_df``
    drop terms in fewer / more units than this (an int is a count of units, a
    float a share). ``ngram_range=(1, 2)`` adds two-word terms.
    ``drop_names`` blanks out people and places first (see :func:`name_patterns`).
    Tokens: :func:`term_analyzer`, i.e. :func:`helpers.text.analyzer` (one tokeniser for the project: listed
    phrases such as "United States" or "missile defense" are one term, ``united_states``, ``missile_defense``).
    """
    if weighting not in ("count", "tfidf"):
        raise ValueError(f"weighting={weighting!r}: choose 'count' (for LDA) or 'tfidf' (for NMF).")
    if "text" not in units.columns or "unit_id" not in units.columns:
        raise ValueError("units needs the columns 'unit_id' and 'text' (e.g. corpus.paragraphs(docs)).")
    units = units.reset_index(drop=True)
    texts = list(units["text"])
    if drop_names:
        texts = strip_names(texts, name_patterns(actors, places))
    cls = CountVectorizer if weighting == "count" else TfidfVectorizer
    vec = cls(analyzer=term_analyzer(stop_words, min_length, ngram_range), min_df=min_df, max_df=max_df)
    try:
        matrix = vec.fit_transform(texts).tocsr()
    except ValueError as exc:  # e.g. "After pruning, no terms remain"
        raise ValueError(f"No vocabulary left with these settings (min_df={min_df}, max_df={max_df}, "
                         f"stop_words={stop_words!r}, drop_names={drop_names}) on {len(units)} units: {exc}. "
                         "Lower min_df or raise max_df.") from None
    terms = vec.get_feature_names_out()
    keep = np.asarray(matrix.sum(axis=1)).ravel() > 0
    empty = list(units.loc[~keep, "unit_id"])
    settings = {"weighting": weighting, "stop_words": stop_words, "min_df": min_df, "max_df": max_df,
                "ngram_range": tuple(ngram_range), "drop_names": drop_names, "min_length": min_length}
    return DTM(matrix[keep], np.asarray(terms), units[keep].reset_index(drop=True), weighting, settings, empty)


def vocabulary_steps(units: pd.DataFrame, steps: list[tuple[str, dict]], n_examples: int = 6) -> pd.DataFrame:
    """One row per **vectoriser setting**: vocabulary size and the most frequent terms it removed.

    ``steps`` is a list of ``(label, build_dtm keyword arguments)``, applied in
    order; each row compares a step with the one before it. ``removed`` lists
    up to ``n_examples`` terms of the previous vocabulary that are gone, most
    frequent first (raw counts over all units; ties alphabetical); ``added``
    the same for new terms (e.g. bigrams).
    """
    base = build_dtm(units, weighting="count", stop_words=None, min_df=1, max_df=1.0)
    freq = dict(zip(base.terms, np.asarray(base.matrix.sum(axis=0)).ravel()))
    rows, prev = [], None
    for label, kwargs in steps:
        dtm = build_dtm(units, **{"weighting": "count", **kwargs})
        counts = dict(zip(dtm.terms, np.asarray(dtm.matrix.sum(axis=0)).ravel()))
        vocab = set(dtm.terms)
        removed = sorted(prev - vocab, key=lambda t: (-freq.get(t, 0), t)) if prev is not None else []
        added = sorted(vocab - prev, key=lambda t: (-counts.get(t, 0), t)) if prev is not None else []
        rows.append({"step": label, "n_terms": len(vocab), "n_units": dtm.shape[0],
                     "n_removed": len(removed), "removed_examples": ", ".join(removed[:n_examples]),
                     "n_added": len(added), "added_examples": ", ".join(added[:n_examples])})
        prev = vocab
    return pd.DataFrame(rows)


def unit_sizes(unit_tables: dict[str, pd.DataFrame], **dtm_kwargs) -> pd.DataFrame:
    """One row per **kind of unit** (document, paragraph, sentence ...): how much text a topic model gets per row.

    Columns: ``unit``, ``n_units``, ``n_terms`` (vocabulary with ``dtm_kwargs``),
    ``mean_terms_per_unit`` and ``median_terms_per_unit`` (distinct vocabulary
    terms in a unit), ``n_empty`` (units left with no term). ``min_df``/``max_df``
    given as shares are relative to each table's number of units.
    """
    rows = []
    for name, units in unit_tables.items():
        try:
            dtm = build_dtm(units, **{"weighting": "count", **dtm_kwargs})
        except ValueError:  # too few units for these min_df/max_df: no vocabulary at all
            rows.append({"unit": name, "n_units": len(units), "n_terms": 0, "mean_terms_per_unit": 0.0,
                         "median_terms_per_unit": 0.0, "n_empty": len(units)})
            continue
        per_unit = np.asarray(dtm.binary.sum(axis=1)).ravel()
        rows.append({"unit": name, "n_units": len(units), "n_terms": dtm.shape[1],
                     "mean_terms_per_unit": round(float(per_unit.mean()), 1),
                     "median_terms_per_unit": float(np.median(per_unit)), "n_empty": len(dtm.empty_units)})
    return pd.DataFrame(rows)


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
