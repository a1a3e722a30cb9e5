"""Human-rated and hand-built word lexicons that ship inside installed packages, as sentence features.

Unit of analysis: :func:`rated_lexicon_features` returns one row per **text**
(a sentence); :func:`lexicon_sources` one row per **lexicon**.

The lexicons are read from the data folders of two packages (nothing is
downloaded, nothing is copied into this repository):

* ``labMTsimple`` (Reagan et al. 2017, who compared these dictionaries) ships
  - **labMT** (Dodds et al. 2011): 10,222 frequent English words, each rated for
    happiness (1-9) by 50 people on Mechanical Turk;
  - **Warriner, Kuperman & Brysbaert (2013)** norms: 13,915 English lemmas rated
    for valence, arousal and dominance (1-9) by about 20 people each;
  - the **opinion lexicon** of Hu & Liu (2004): about 2,000 positive and 4,800 negative words;
  - the **MPQA subjectivity clues** (Wilson, Wiebe & Hoffmann 2005): 8,000 words with
    a prior polarity and a strong / weak subjectivity type;
* ``NRCLex`` ships the **NRC Emotion Lexicon** (Mohammad & Turney 2013): words
  coded by crowd workers for 8 emotions and for positive / negative.

ANEW, which ``labMTsimple`` also ships, is not used: its terms of use allow
research by request only. Licences and citations: :func:`lexicon_sources`.

Tokens come from the shared tokeniser (:func:`helpers.text.tokenize`) of the text
as given; callers mask names first (:func:`helpers.sentiment.lexicons.names_masked`), so a
name or a multiword phrase (joined by the phrase layer) never matches a lexicon
word. A token that is not an entry is looked up again without a common
inflection (``-s``, ``-es``, ``-ies``, ``-ed``, ``-ing``, ``-ly``, ``-er``,
``-est``), because the Warriner norms list lemmas. A word within three tokens
after a negation (``not``, ``never``, ``-n't``, ...; VADER's list) is *negated*.

Features (:data:`RATED_COLUMNS`), for labMT (``lab_``) and Warriner valence (``wk_``),
on the centred scale (rating - 5) and over the words outside the neutral band
|rating - 5| < 1 (Dodds et al.'s stop band): mean, sum, minimum, maximum, the
mean with negated words' valence multiplied by -0.5 (``_negmean``) and the number of
words; Warriner arousal and dominance means; opinion-lexicon counts of positive
and negative words, not negated and negated; MPQA counts by type and polarity;
NRC counts per category.
"""
from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.sentiment.lexicons import _NEGATIONS
from helpers.text import tokenize

NEGATION_WINDOW = 3
"""Tokens after a negation word that count as negated."""

NEGATED_SCALE = -0.5
"""Factor applied to a negated word's valence in the ``_negmean`` features."""

NEUTRAL_BAND = 1.0
"""Words with |rating - 5| below this are left out of the labMT and Warriner features (Dodds et al. 2011)."""

NRC_CATEGORIES = ("anger", "anticipation", "disgust", "fear", "joy", "negative", "positive", "sadness",
                  "surprise", "trust")

_VALENCE_STATS = ("mean", "sum", "min", "max", "negmean", "n")

RATED_COLUMNS = ([f"{p}_{s}" for p in ("lab", "wk") for s in _VALENCE_STATS]
                 + ["wk_arousal", "wk_dominance", "ol_pos", "ol_neg", "ol_pos_negated", "ol_neg_negated",
                    "mpqa_strong_pos", "mpqa_strong_neg", "mpqa_weak_pos", "mpqa_weak_neg"]
                 + [f"nrc_{c}" for c in NRC_CATEGORIES])
"""The columns :func:`rated_lexicon_features` returns, in order."""

_SUFFIXES = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("ly", ""),
             ("er", ""), ("est", ""))


def package_data(package: str) -> Path:
    """The ``data`` folder inside an installed package (raises naming the package and the install command)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"package '{package}' is not installed; it ships a lexicon helpers.sentiment.rated_lexicons "
                                  f"reads. Install the project's pinned packages: pip install -r requirements.lock")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


@lru_cache(maxsize=1)
def labmt() -> dict[str, float]:
    """labMT 1.0: word -> mean happiness rating (1-9), 10,222 words."""
    t = pd.read_csv(package_data("labMTsimple") / "LabMT" / "labMT1.txt", sep="\t", usecols=[0, 2],
                    names=["word", "happs"], header=0, keep_default_na=False, dtype={"word": str})
    return dict(zip(t["word"], t["happs"].astype(float)))


@lru_cache(maxsize=1)
def warriner() -> pd.DataFrame:
    """Warriner et al. (2013): one row per **lemma**, ``valence``, ``arousal``, ``dominance`` (means, 1-9)."""
    t = pd.read_csv(package_data("labMTsimple") / "WK" / "BRM-emot-submit.csv",
                    usecols=["Word", "V.Mean.Sum", "A.Mean.Sum", "D.Mean.Sum"], keep_default_na=False,
                    dtype={"Word": str})
    t.columns = ["word", "valence", "arousal", "dominance"]
    return t.set_index("word")


@lru_cache(maxsize=3)
def warriner_ratings(scale: str) -> dict[str, float]:
    """Warriner et al.: lemma -> mean rating on ``scale`` (``valence``, ``arousal`` or ``dominance``)."""
    return warriner()[scale].astype(float).to_dict()


def _word_list(path: Path) -> frozenset[str]:
    lines = path.read_text(encoding="latin-1").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith(";"))


@lru_cache(maxsize=1)
def opinion_lexicon() -> dict[str, frozenset[str]]:
    """Hu & Liu's opinion lexicon: ``{"positive": words, "negative": words}``."""
    folder = package_data("labMTsimple") / "OL"
    return {"positive": _word_list(folder / "positive-words-clean.txt"),
            "negative": _word_list(folder / "negative-words-clean.txt")}


@lru_cache(maxsize=1)
def mpqa() -> dict[str, tuple[str, str]]:
    """MPQA subjectivity clues: word -> (``strong`` | ``weak``, prior polarity)."""
    path = package_data("labMTsimple") / "MPQA" / "subjectivity_clues_hltemnlp05" / "subjclueslen1-HLTEMNLP05.tff"
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        kv = dict(x.split("=", 1) for x in line.split() if "=" in x)
        if "word1" in kv and "type" in kv:
            out.setdefault(kv["word1"], (kv["type"].replace("subj", ""), kv.get("priorpolarity", "")))
    return out


@lru_cache(maxsize=1)
def nrc() -> dict[str, frozenset[str]]:
    """NRC Emotion Lexicon (as shipped by NRCLex): word -> its categories (:data:`NRC_CATEGORIES`)."""
    raw = json.loads((package_data("nrclex") / "nrc_en.json").read_text(encoding="utf-8"))
    return {w: frozenset(c for c in cats if c in NRC_CATEGORIES) for w, cats in raw.items()}


def lexicon_entry(token: str, entries) -> str | None:
    """``token`` if it is in ``entries``, else its form without one common inflection that is, else None."""
    if token in entries:
        return token
    for suffix, replacement in _SUFFIXES:
        if token.endswith(suffix) and len(token) > len(suffix) + 2:
            stem = token[: -len(suffix)] + replacement
            if stem in entries:
                return stem
    return None


def negated_flags(tokens: list[str]) -> np.ndarray:
    """One flag per **token**: True if one of the :data:`NEGATION_WINDOW` tokens before it is a negation."""
    flags = np.zeros(len(tokens), dtype=bool)
    for i, t in enumerate(tokens):
        if t in _NEGATIONS or t.endswith("n't"):
            flags[i + 1: i + 1 + NEGATION_WINDOW] = True
    return flags


def _valence_stats(tokens: list[str], negated: np.ndarray, ratings) -> list[float]:
    vals, flipped = [], []
    for t, neg in zip(tokens, negated):
        entry = lexicon_entry(t, ratings)
        if entry is None:
            continue
        v = float(ratings[entry]) - 5.0
        if abs(v) < NEUTRAL_BAND:
            continue
        vals.append(v)
        flipped.append(NEGATED_SCALE * v if neg else v)
    if not vals:
        return [0.0] * len(_VALENCE_STATS)
    a = np.asarray(vals)
    return [float(a.mean()), float(a.sum()), float(a.min()), float(a.max()), float(np.mean(flipped)), float(len(a))]


def _mean_rating(tokens: list[str], ratings) -> float:
    vals = [float(ratings[e]) - 5.0 for t in tokens if (e := lexicon_entry(t, ratings)) is not None]
    return float(np.mean(vals)) if vals else 0.0


def token_features(tokens: list[str]) -> list[float]:
    """The :data:`RATED_COLUMNS` values of one **token list** (lower-case tokens of one sentence)."""
    negated = negated_flags(tokens)
    row = _valence_stats(tokens, negated, labmt()) + _valence_stats(tokens, negated, warriner_ratings("valence"))
    row += [_mean_rating(tokens, warriner_ratings("arousal")), _mean_rating(tokens, warriner_ratings("dominance"))]
    ol = opinion_lexicon()
    for neg_state in (False, True):
        row += [float(sum(t in ol[pol] and n == neg_state for t, n in zip(tokens, negated)))
                for pol in ("positive", "negative")]
    clues = mpqa()
    for kind in ("strong", "weak"):
        row += [float(sum(clues.get(t) == (kind, pol) for t in tokens)) for pol in ("positive", "negative")]
    emo = nrc()
    row += [float(sum(c in emo.get(t, ()) for t in tokens)) for c in NRC_CATEGORIES]
    return row


def rated_lexicon_features(texts) -> pd.DataFrame:
    """One row per **text**: the :data:`RATED_COLUMNS` features (float), in the order of ``texts``.

    Pass name-masked texts (:func:`helpers.sentiment.lexicons.names_masked`); tokens are
    :func:`helpers.text.tokenize`'s, lower-cased, phrases joined.
    """
    rows = [token_features(tokenize(str(t))) for t in texts]
    return pd.DataFrame(rows, columns=RATED_COLUMNS, dtype=float)


def lexicon_sources() -> pd.DataFrame:
    """One row per **lexicon** used: name, package, entries, scale, who rated or built it, citation, licence."""
    rows = [
        ("labMT 1.0", "labMTsimple", len(labmt()), "happiness 1-9 (mean of 50 ratings)",
         "Mechanical Turk workers", "Dodds et al. 2011, PLoS ONE 6(12): e26752", "CC BY (article supplement)"),
        ("Warriner norms", "labMTsimple", len(warriner()), "valence, arousal, dominance 1-9",
         "Mechanical Turk workers (about 20 per word)", "Warriner, Kuperman & Brysbaert 2013, Behav. Res. Methods 45",
         "CC BY-NC-ND 3.0 (research use)"),
        ("Opinion lexicon", "labMTsimple", sum(len(v) for v in opinion_lexicon().values()), "positive / negative",
         "built by the authors from customer reviews", "Hu & Liu 2004, KDD", "no licence stated; distributed freely by the authors"),
        ("MPQA subjectivity clues", "labMTsimple", len(mpqa()), "prior polarity x strong / weak",
         "built by the authors and annotators", "Wilson, Wiebe & Hoffmann 2005, HLT-EMNLP", "GNU GPL"),
        ("NRC Emotion Lexicon", "NRCLex", len(nrc()), "8 emotions + positive / negative (yes / no)",
         "crowd workers (Mechanical Turk)", "Mohammad & Turney 2013, Computational Intelligence 29(3)",
         "research use (NRC terms)"),
    ]
    return pd.DataFrame(rows, columns=["lexicon", "package", "entries", "scale", "coded_by", "citation", "licence"])
