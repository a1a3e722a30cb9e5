"""Topic models on small corpora: document-term matrices, NMF and LDA, coherence, stability, a k sweep.

Units of analysis. A *unit* is one row of the table you pass in: a paragraph
from :func:`helpers.corpus.paragraphs` by default (sentences from
:func:`helpers.text.sentences` work too). Every table returned here says what
its rows are:

* :func:`build_dtm` -- a :class:`DTM`: one matrix row per **unit**, one column per **term**;
* :func:`vocabulary_steps` -- one row per **vectoriser setting** (vocabulary size, examples removed);
* :func:`fit_model` -- a :class:`TopicModel`; :func:`top_terms` gives one row per **topic x rank**,
  :func:`unit_topics` one row per **unit** (topic shares + document metadata),
  :func:`topic_shares` one row per **group** (document, period ...) with a column per topic,
  :func:`representative_units` one row per **topic x rank** (the highest-share units);
* :func:`npmi_coherence` -- one number per **list of terms**; :func:`topic_coherence` one row per **topic**;
* :func:`stability` -- one row per **pair of seeds**; :func:`sweep_k` one row per **model x k**;
* :func:`match_topics` -- one row per **matched pair of topics** of two models.
* :func:`format_quotes` -- the representative units as text; :func:`terms_in` lists which of a
  topic's terms occur in one unit.

Names of people and places. ``build_dtm(..., drop_names=True)`` blanks out,
before tokenising, every match of the actor patterns in ``data/actors.csv``
(see :func:`helpers.text.load_actors`: people, and institutions named as
actors such as the Kremlin or the White House; plus the people's given names
read from its ``note`` column, see :func:`given_names`) and of :data:`PLACE_NAMES`, an
editable list kept in this module. Matching is case-sensitive on the original
text, so "US" (the country) is removed and "us" (the pronoun) is not. No
named-entity model is used: a name that is not on either list stays.

Everything is deterministic for a given ``seed``: scikit-learn's
``random_state`` is always set, topics are numbered by prevalence and every
sort has an explicit tie-break.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from . import text

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
    """The alphabetic tokens of one text of at least ``min_length`` letters (lower-cased, possessive 's dropped).

    Tokens come from :func:`helpers.text.tokenize`; stop words are removed
    later, by the vectoriser, so that n-grams skip them consistently.
    """
    return [t for t in text.tokenize(doc)
            if len(t) >= min_length and t.replace("-", "").replace("'", "").replace("’", "").isalpha()]


def _tokenizer(min_length: int):
    def tok(doc: str) -> list[str]:
        return content_words(doc, min_length)
    return tok


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
    Tokens: :func:`content_words` (alphabetic, at least ``min_length`` letters).
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
    vec = cls(tokenizer=_tokenizer(min_length), token_pattern=None, lowercase=False,
              stop_words=_stop_list(stop_words), min_df=min_df, max_df=max_df, ngram_range=tuple(ngram_range))
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


# --------------------------------------------------------------------------- models

@dataclass
class TopicModel:
    """A fitted topic model. ``topic_terms``: topics x terms (each row sums to 1);
    ``unit_topics``: units x topics (each row sums to 1); topics are numbered by
    prevalence (topic 1 has the largest total share); ``estimator`` is the
    scikit-learn object (its components are in the original order)."""

    kind: str
    k: int
    seed: int
    dtm: DTM
    topic_terms: np.ndarray
    unit_topic: np.ndarray
    estimator: object

    @property
    def labels(self) -> list[str]:
        return [f"T{i + 1}" for i in range(self.k)]


NMF_MAX_ITER = 2000
"""NMF iterations at most (random initialisation; on this corpus it converges in a few hundred, without warnings)."""

LDA_MAX_ITER = 10
"""LDA passes over the units (scikit-learn's default). On this corpus 10, 20 and 50 passes gave the same
stability to two decimals at k = 4 and k = 8, and 10 keeps the k sweep fast."""


def _estimator(kind: str, k: int, seed: int, options: dict | None = None):
    if kind == "nmf":
        # random initialisation, so that the seed matters and stability across seeds means something
        settings = {"init": "random", "max_iter": NMF_MAX_ITER, "tol": 1e-4, **(options or {})}
        return NMF(n_components=k, random_state=seed, **settings)
    if kind == "lda":
        settings = {"learning_method": "batch", "max_iter": LDA_MAX_ITER, **(options or {})}
        return LatentDirichletAllocation(n_components=k, random_state=seed, **settings)
    raise ValueError(f"model={kind!r}: choose 'nmf' or 'lda'.")


LARGE_CORPUS_LDA = {"learning_method": "online", "batch_size": 4096, "max_iter": 2, "n_jobs": 2}
"""``fit_model(..., options=LARGE_CORPUS_LDA)``: LDA settings for corpora of tens of thousands of units.

Online variational Bayes (Hoffman et al. 2010) in mini-batches of 4,096 units (about 20 updates of the
topics per pass on 80,000 paragraphs), two passes over the corpus, the E-step split over two processes.
scikit-learn's default batch learning (what the notebooks use) updates the topics once per pass and makes
10 passes: on 85,000 paragraphs that takes about three times as long. The topics differ (another
estimator), so notebooks keep the defaults; the benchmark uses these settings above 20,000 paragraphs."""


def _normalise_rows(a: np.ndarray) -> np.ndarray:
    s = a.sum(axis=1, keepdims=True)
    return np.divide(a, s, out=np.zeros_like(a, dtype=float), where=s > 0)


def fit_model(dtm: DTM, model: str = "nmf", k: int = 4, seed: int = 0, order_by_prevalence: bool = True,
              options: dict | None = None) -> TopicModel:
    """Fit NMF (``model="nmf"``, random init) or LDA (``"lda"``, batch variational Bayes) with ``random_state=seed``.

    NMF is usually fitted to a tf-idf DTM, LDA to counts (LDA's model is of
    word counts). Returns a :class:`TopicModel` whose topic-term rows and
    unit-topic rows are normalised to sum to 1, so NMF and LDA are on the same scale.
    ``options`` overrides scikit-learn settings of the estimator (e.g. :data:`LARGE_CORPUS_LDA`);
    by default NMF uses random initialisation, ``max_iter`` = :data:`NMF_MAX_ITER`, ``tol=1e-4``, and
    LDA batch learning with ``max_iter`` = :data:`LDA_MAX_ITER`.
    """
    if not 1 <= k <= min(dtm.shape):
        raise ValueError(f"k={k} topics cannot be fitted to a DTM of {dtm.shape[0]} units x {dtm.shape[1]} terms.")
    est = _estimator(model, k, seed, options)
    w = est.fit_transform(dtm.matrix)
    h = est.components_
    tt, ut = _normalise_rows(np.asarray(h, dtype=float)), _normalise_rows(np.asarray(w, dtype=float))
    if order_by_prevalence:
        prevalence = ut.sum(axis=0)
        order = sorted(range(k), key=lambda j: (-round(float(prevalence[j]), 9), j))
        tt, ut = tt[order], ut[:, order]
    return TopicModel(model, k, seed, dtm, tt, ut, est)


def top_terms(tm: TopicModel, n: int = 10) -> pd.DataFrame:
    """One row per **topic x rank**: ``topic``, ``rank``, ``term``, ``weight`` (share of the topic's term weight).

    Ties in weight are broken alphabetically.
    """
    rows = []
    for t, label in enumerate(tm.labels):
        w = tm.topic_terms[t]
        order = sorted(range(len(w)), key=lambda j: (-round(float(w[j]), 12), tm.dtm.terms[j]))[:n]
        rows += [{"topic": label, "rank": r + 1, "term": str(tm.dtm.terms[j]), "weight": float(w[j])}
                 for r, j in enumerate(order)]
    return pd.DataFrame(rows)


def topic_labels(tm: TopicModel, n: int = 3) -> dict[str, str]:
    """A readable name per **topic**, from its top ``n`` terms: ``{"T1": "T1 arms / treaty / nuclear", ...}``."""
    tt = top_terms(tm, n)
    return {t: f"{t} " + " / ".join(g["term"]) for t, g in tt.groupby("topic", sort=False)}


def unit_topics(tm: TopicModel, meta: tuple[str, ...] = ("doc_id", "period", "year", "genre", "outlet_country")
                ) -> pd.DataFrame:
    """One row per **unit**: ``unit_id``, the document metadata in ``meta``, ``text``, ``n_terms`` (distinct
    vocabulary terms in the unit), one share column per topic
    (``T1`` ...; a row sums to 1), and ``top_topic`` (highest share; ties to the lower number)."""
    units = tm.dtm.units
    cols = ["unit_id"] + [c for c in meta if c in units.columns] + ["text"]
    out = units[cols].copy()
    shares = pd.DataFrame(tm.unit_topic, columns=tm.labels, index=out.index)
    out["n_terms"] = np.asarray(tm.dtm.binary.sum(axis=1)).ravel().astype(int)
    out = pd.concat([out, shares], axis=1)
    out["top_topic"] = [tm.labels[int(np.argmax(r))] for r in tm.unit_topic]
    return out


def topic_shares(ut: pd.DataFrame, by: str, order: list | None = None) -> pd.DataFrame:
    """One row per **group** (``by``: ``doc_id``, ``period`` ...): the mean topic share of its units.

    Each unit counts once, whatever its length, so a row sums to 1. ``order``
    fixes the row order (default: sorted group labels).
    """
    topics = [c for c in ut.columns if re.fullmatch(r"T\d+", str(c))]
    out = ut.groupby(by, sort=True)[topics].mean()
    if order is not None:
        out = out.loc[[g for g in order if g in out.index]]
    return out


def representative_units(ut: pd.DataFrame, n: int = 2, min_terms: int = 5) -> pd.DataFrame:
    """One row per **topic x rank**: the ``n`` units with the highest share of each topic (ties: unit_id).

    Only units with at least ``min_terms`` distinct vocabulary terms compete
    (if ``ut`` has ``n_terms``): a two-line quote with one topic word gets a
    share near 1 without saying much about the topic.

    Columns: ``topic``, ``rank``, ``unit_id``, ``doc_id``, ``period`` (if present), ``share``, ``text``.
    """
    topics = [c for c in ut.columns if re.fullmatch(r"T\d+", str(c))]
    meta = [c for c in ("doc_id", "period") if c in ut.columns]
    if "n_terms" in ut.columns and (ut["n_terms"] >= min_terms).any():
        ut = ut[ut["n_terms"] >= min_terms]
    rows = []
    for t in topics:
        best = ut.assign(_s=ut[t].round(12)).sort_values(["_s", "unit_id"], ascending=[False, True],
                                                          kind="stable").head(n)
        for r, rec in enumerate(best.itertuples(index=False)):
            d = rec._asdict()
            rows.append({"topic": t, "rank": r + 1, "unit_id": d["unit_id"], **{m: d[m] for m in meta},
                         "share": float(d[t]), "text": d["text"]})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- coherence and stability

def npmi_coherence(terms: list[str], dtm: DTM) -> float:
    """Mean NPMI over all pairs of ``terms``, with co-occurrence counted **within units** of ``dtm``.

    The reference corpus is the DTM itself (e.g. the paragraphs): P(w) is the
    share of units that contain w, P(w1, w2) the share that contain both. For a
    pair, NPMI = log(P(w1,w2) / (P(w1) P(w2))) / -log P(w1,w2), from -1 (never
    together) through 0 (independent) to 1 (always together); a pair that never
    co-occurs scores -1, and a pair present in every unit 1. Terms not in the
    vocabulary are ignored. Returns NaN for fewer than two known terms.
    """
    index = {t: i for i, t in enumerate(dtm.terms)}
    cols = [index[t] for t in terms if t in index]
    if len(cols) < 2:
        return float("nan")
    b = dtm.binary[:, cols].toarray().astype(float)
    n = b.shape[0]
    p = b.sum(axis=0) / n
    joint = (b.T @ b) / n
    scores = []
    for i, j in itertools.combinations(range(len(cols)), 2):
        pij = joint[i, j]
        if pij == 0:
            scores.append(-1.0)
        elif pij >= 1.0:
            scores.append(1.0)
        else:
            scores.append(float(np.log(pij / (p[i] * p[j])) / -np.log(pij)))
    return float(np.mean(scores))


def topic_coherence(tm: TopicModel, n: int = 10, reference: DTM | None = None) -> pd.DataFrame:
    """One row per **topic**: ``topic``, ``coherence`` (NPMI of its top ``n`` terms, see :func:`npmi_coherence`),
    ``top_terms``. ``reference`` is the DTM that counts co-occurrence (default: the model's own)."""
    ref = tm.dtm if reference is None else reference
    tt = top_terms(tm, n)
    rows = [{"topic": t, "coherence": npmi_coherence(list(g["term"]), ref), "top_terms": " ".join(g["term"])}
            for t, g in tt.groupby("topic", sort=False)]
    return pd.DataFrame(rows)


def cosine_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity between every row of ``a`` and every row of ``b`` (topics x topics)."""
    na = np.linalg.norm(a, axis=1, keepdims=True)
    nb = np.linalg.norm(b, axis=1, keepdims=True)
    return (a / np.where(na > 0, na, 1)) @ (b / np.where(nb > 0, nb, 1)).T


def match_topics(a: TopicModel, b: TopicModel, n: int = 10) -> pd.DataFrame:
    """One row per **matched pair of topics**: the Hungarian assignment that maximises total cosine similarity
    of the topic-term vectors of two models fitted to the same vocabulary.

    Columns: ``topic_a``, ``topic_b``, ``cosine``, ``shared_terms`` (top-``n``
    terms both have, in ``a``'s order), ``n_shared``. Sorted by ``topic_a``.
    """
    if list(a.dtm.terms) != list(b.dtm.terms):
        raise ValueError("the two models must share a vocabulary (build both DTMs with the same settings).")
    sim = cosine_matrix(a.topic_terms, b.topic_terms)
    rows_, cols_ = linear_sum_assignment(-sim)
    ta, tb = top_terms(a, n), top_terms(b, n)
    rows = []
    for i, j in sorted(zip(rows_, cols_)):
        la, lb = a.labels[i], b.labels[j]
        terms_b = set(tb.loc[tb["topic"] == lb, "term"])
        shared = [t for t in ta.loc[ta["topic"] == la, "term"] if t in terms_b]
        rows.append({"topic_a": la, "topic_b": lb, "cosine": float(sim[i, j]), "n_shared": len(shared),
                     "shared_terms": ", ".join(shared)})
    return pd.DataFrame(rows)


def matched_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Mean cosine similarity of two sets of topic-term vectors after Hungarian matching (1 = same topics)."""
    sim = cosine_matrix(a, b)
    r, c = linear_sum_assignment(-sim)
    return float(sim[r, c].mean())


def fit_seeds(dtm: DTM, model: str, k: int, seeds: list[int]) -> list[TopicModel]:
    """One fitted :class:`TopicModel` per seed (same DTM, model and k)."""
    return [fit_model(dtm, model, k, s) for s in seeds]


def stability(models: list[TopicModel]) -> pd.DataFrame:
    """One row per **pair of runs** (seeds): ``seed_a``, ``seed_b``, ``similarity`` (:func:`matched_similarity`).

    The mean of ``similarity`` is the model's stability: near 1 when every
    seed finds the same topics, lower when topics depend on the seed.
    """
    rows = [{"seed_a": x.seed, "seed_b": y.seed, "similarity": matched_similarity(x.topic_terms, y.topic_terms)}
            for x, y in itertools.combinations(models, 2)]
    return pd.DataFrame(rows, columns=["seed_a", "seed_b", "similarity"])


def sweep_k(dtms: dict[str, DTM], ks: range | list[int], seeds: list[int], n_terms: int = 10) -> pd.DataFrame:
    """One row per **model x k**: mean coherence and stability over ``seeds``.

    ``dtms`` maps a model name (``"nmf"``, ``"lda"``) to the DTM it is fitted
    to. For each k, the model is fitted once per seed. ``coherence`` is the mean
    over seeds of the mean NPMI of the k topics (top ``n_terms`` terms,
    co-occurrence within units; :func:`npmi_coherence`); ``coherence_sd`` its
    spread over seeds; ``stability`` the mean matched cosine similarity over
    all pairs of seeds (:func:`stability`), ``stability_min`` the worst pair.
    Co-occurrence for coherence is always counted in the first DTM of ``dtms``
    (presence/absence of its terms in its units), so models whose DTMs differ
    only in weighting (tf-idf for NMF, counts for LDA) are scored alike.
    """
    ref = next(iter(dtms.values()))
    rows = []
    for name, dtm in dtms.items():
        for k in ks:
            runs = fit_seeds(dtm, name, k, list(seeds))
            coh = [float(topic_coherence(m, n_terms, reference=ref)["coherence"].mean()) for m in runs]
            stab = stability(runs)["similarity"] if len(runs) > 1 else pd.Series([np.nan])
            rows.append({"model": name, "k": int(k), "coherence": float(np.mean(coh)),
                         "coherence_sd": float(np.std(coh)), "stability": float(stab.mean()),
                         "stability_min": float(stab.min()), "n_seeds": len(runs)})
    return pd.DataFrame(rows)


def choose_k(sweep: pd.DataFrame, model: str, decimals: int = 3) -> tuple[int, pd.DataFrame]:
    """The k that a documented rule picks from :func:`sweep_k` for one model, and one row per **k** showing why.

    Rule: rank the k values by coherence and by stability (1 = best; values
    rounded to ``decimals`` first, equal values share the better rank), take
    the mean of the two ranks, and choose the k with the lowest mean rank; a
    tie goes to the higher stability, then to the smaller k (the simpler model).
    """
    t = sweep[sweep["model"] == model][["k", "coherence", "stability"]].copy()
    if t.empty:
        raise ValueError(f"the sweep has no rows for model {model!r}; it has {sorted(set(sweep['model']))}.")
    t["coherence"] = t["coherence"].round(decimals)
    t["stability"] = t["stability"].round(decimals)
    t["coherence_rank"] = t["coherence"].rank(ascending=False, method="min").astype(int)
    t["stability_rank"] = t["stability"].rank(ascending=False, method="min").astype(int)
    t["mean_rank"] = (t["coherence_rank"] + t["stability_rank"]) / 2
    t = t.sort_values(["mean_rank", "stability", "k"], ascending=[True, False, True], kind="stable")
    t = t.reset_index(drop=True)
    t["chosen"] = t.index == 0
    return int(t.loc[0, "k"]), t


# --------------------------------------------------------------------------- units, change, quotes

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


def period_change(shares: pd.DataFrame) -> pd.DataFrame:
    """One row per **topic**: its mean share in the first and last group of ``shares`` (rows in time order,
    e.g. :func:`topic_shares` by period) and ``change`` (last - first). Sorted by change, largest gain first
    (ties: topic number)."""
    first, last = shares.index[0], shares.index[-1]
    out = pd.DataFrame({"topic": list(shares.columns), f"share_{first}": shares.loc[first].to_numpy(),
                        f"share_{last}": shares.loc[last].to_numpy()})
    out["change"] = out[f"share_{last}"] - out[f"share_{first}"]
    out["_n"] = out["topic"].str[1:].astype(int)
    out = out.assign(_c=out["change"].round(9)).sort_values(["_c", "_n"], ascending=[False, True], kind="stable")
    return out.drop(columns=["_n", "_c"]).reset_index(drop=True)


def unit_agreement(ua: pd.DataFrame, ub: pd.DataFrame, matches: pd.DataFrame) -> float:
    """Share of **units** whose top topic in model a is matched (:func:`match_topics`) to their top topic in b."""
    mapping = dict(zip(matches["topic_a"], matches["topic_b"]))
    joined = ua[["unit_id", "top_topic"]].merge(ub[["unit_id", "top_topic"]], on="unit_id", suffixes=("_a", "_b"))
    return float((joined["top_topic_a"].map(mapping) == joined["top_topic_b"]).mean())


def format_quotes(rep: pd.DataFrame, labels: dict[str, str], max_chars: int = 420, width: int = 100,
                  top_terms: pd.DataFrame | None = None) -> str:
    """The representative units as readable text: one block per **topic x rank**, cut at ``max_chars``.

    With ``top_terms`` (from :func:`top_terms`), each quote also lists which of
    its topic's top terms occur in the whole unit (not only in the shortened quote).
    """
    import textwrap
    terms_of = ({t: list(g["term"]) for t, g in top_terms.groupby("topic", sort=False)}
                if top_terms is not None else {})
    out = []
    for topic, g in rep.groupby("topic", sort=False):
        out.append(f"=== {labels.get(topic, topic)}")
        for rec in g.itertuples(index=False):
            body = rec.text if len(rec.text) <= max_chars else rec.text[:max_chars].rsplit(" ", 1)[0] + " …"
            out.append(f"[{rec.rank}] {rec.unit_id} ({getattr(rec, 'period', '')}), share {rec.share:.2f}")
            out.append(textwrap.fill(body, width=width, initial_indent="    ", subsequent_indent="    "))
            if topic in terms_of:
                found = terms_in(rec.text, terms_of[topic])
                out.append(f"    -> {len(found)} of the topic's top {len(terms_of[topic])} terms in this unit: "
                           + (", ".join(found) if found else "none"))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def terms_in(doc: str, terms: list[str]) -> list[str]:
    """The ``terms`` (single words or n-grams, in the given order) that occur in ``doc`` as tokens."""
    joined = " " + " ".join(content_words(doc)) + " "
    return [t for t in terms if f" {t} " in joined]


# --------------------------------------------------------------------------- plots

def plot_sweep(sweep: pd.DataFrame, chosen_k: int, chosen_model: str, title: str):
    """Two panels, coherence and stability against k, one line (marker) per model; the chosen k marked.

    The legend (models and the chosen k) sits below the panels, so it never covers a line.
    """
    import matplotlib.pyplot as plt

    from .plotting import GRAYS, MARKERS
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
    for ax, metric, label in ((axes[0], "coherence", "mean NPMI of top-term pairs"),
                              (axes[1], "stability", "mean matched cosine, pairs of seeds")):
        for i, (model, g) in enumerate(sweep.groupby("model", sort=False)):
            ax.plot(g["k"], g[metric], marker=MARKERS[i % len(MARKERS)], color=GRAYS[i % 3],
                    linestyle=["-", "--", ":"][i % 3], label=model.upper())
        ax.axvline(chosen_k, color=GRAYS[2], linestyle=":", linewidth=1.5,
                   label=f"chosen: k = {chosen_k} ({chosen_model.upper()})")
        ax.set_xlabel("k (number of topics)")
        ax.set_ylabel(label)
        ax.set_xticks(sorted(sweep["k"].unique()))
        ax.set_title(metric)
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="lower center", ncol=len(names), fontsize=9)
    fig.suptitle(title, fontweight="bold")
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


def plot_top_terms(tt: pd.DataFrame, title: str, n_cols: int = 3, labels: dict[str, str] | None = None):
    """One small horizontal bar chart per **topic** of its top terms (weight = share of the topic's term weight).

    All panels share one x-scale, so bars can be compared across topics; each
    panel is titled with the topic's label from ``labels`` (e.g. :func:`topic_labels`) if given.
    """
    import matplotlib.pyplot as plt

    from .plotting import GRAYS
    labels = labels or {}
    topic_ids = list(dict.fromkeys(tt["topic"]))
    n_rows = int(np.ceil(len(topic_ids) / n_cols))
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(3.6 * n_cols, 2.7 * n_rows), squeeze=False)
    x_max = float(tt["weight"].max()) * 1.05 if len(tt) else 1.0
    for ax, t in zip(axes.ravel(), topic_ids):
        g = tt[tt["topic"] == t]
        ax.barh(range(len(g))[::-1], g["weight"], color=GRAYS[2], edgecolor="black", linewidth=0.5)
        ax.set_yticks(range(len(g))[::-1], list(g["term"]), fontsize=8)
        ax.set_xlim(0, x_max)
        ax.set_title(labels.get(t, t), fontsize=9)
        ax.set_xlabel("weight in topic (share of all its term weight)", fontsize=7)
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(axis="y", visible=False)
    for ax in axes.ravel()[len(topic_ids):]:
        ax.set_visible(False)
    fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig


TREND_LINESTYLES = ["-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (8, 2))]
"""Line styles of :func:`plot_topic_trends`, one per topic (with a marker each), so no two look alike in gray."""


def plot_topic_trends(shares: pd.DataFrame, labels: dict[str, str], title: str):
    """Mean topic share per group in time order (e.g. per period): one line style and marker per **topic**.

    Markers are shifted sideways a little per topic, so equal values at one
    period stay visible side by side; the legend sits below the plot.
    """
    import matplotlib.pyplot as plt

    from .plotting import GRAYS, MARKERS
    n = len(shares.columns)
    fig, ax = plt.subplots(figsize=(8, 4.6 + 0.25 * int(np.ceil(n / 2))))
    x = np.arange(len(shares.index), dtype=float)
    dodge = 0.2 / max(n - 1, 1)
    for i, t in enumerate(shares.columns):
        ax.plot(x + (i - (n - 1) / 2) * dodge, shares[t], marker=MARKERS[i % len(MARKERS)], markersize=7,
                color=GRAYS[i % 3], linestyle=TREND_LINESTYLES[i % len(TREND_LINESTYLES)], linewidth=1.6,
                markerfacecolor=GRAYS[i % 3] if (i // 3) % 2 == 0 else "white", label=labels.get(t, t))
    ax.set_xticks(list(x), [str(p) for p in shares.index])
    ax.set_xlabel("period (markers shifted slightly sideways, so that equal values stay visible)")
    ax.set_ylabel("mean topic share of the units")
    ax.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, handlelength=3.5)
    ax.set_title(title)
    fig.tight_layout()
    return fig
