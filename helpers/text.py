"""Text processing: sentences, tokens, term counts and actor mentions.

Nothing here needs downloaded NLTK data. Sentences are split by NLTK's
Punkt algorithm *untrained*, given the abbreviations this corpus uses
(:data:`ABBREVIATIONS`), so "U.S. President" and "Mr. Putin" stay in one
sentence. Tokens come from a regular expression (:data:`TOKEN_PATTERN`);
stop words are scikit-learn's English list plus a few corpus-specific
function words (:data:`EXTRA_STOP_WORDS`).

Units of analysis: :func:`sentences` returns one row per **sentence**,
:func:`tokens` one row per **token**, :func:`term_counts` one row per
**term** (per group), :func:`actor_mentions` one row per **document x actor**.
"""
from __future__ import annotations

import functools
import re
import sys
from functools import lru_cache
from pathlib import Path

import pandas as pd
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from . import parallel
from .corpus import PROJECT_ROOT

ABBREVIATIONS = frozenset({
    "u.s", "u.k", "u.n", "e.u", "d.c", "u.s.s.r",
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "pres", "amb", "st", "jr", "sr",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "inc", "corp", "co", "ltd", "no", "vs", "approx", "dept", "str", "tel",
})
"""Lower-case abbreviations (without the final period) that never end a sentence.
Trade-off: a sentence that really ends in "U.S." is joined to the next one."""

TOKEN_PATTERN = r"[A-Za-z0-9]+(?:[.'’-][A-Za-z0-9]+)*"
"""A token: letters/digits, with inner periods, apostrophes or hyphens (U.S, re-establish, Russia's)."""

EXTRA_STOP_WORDS = frozenset({"s", "said", "says", "say", "would", "could", "also", "just", "like", "t", "don"})
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | EXTRA_STOP_WORDS
"""scikit-learn's English stop words plus :data:`EXTRA_STOP_WORDS`."""

_TOKEN_RE = re.compile(TOKEN_PATTERN)
_POSSESSIVE = ("'s", "’s")


@lru_cache(maxsize=1)
def sentence_splitter() -> PunktSentenceTokenizer:
    """An untrained Punkt splitter that knows :data:`ABBREVIATIONS` (no NLTK data needed)."""
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def split_sentences(text: str) -> list[str]:
    """The sentences of one text, in order (whitespace normalised)."""
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return []
    return [s.strip() for s in sentence_splitter().tokenize(text) if s.strip()]


def tokenize(text: str, lowercase: bool = True) -> list[str]:
    """The word tokens of one text (see :data:`TOKEN_PATTERN`); possessive 's is dropped."""
    if lowercase:
        return [(t[:-2] if t[-2:] in _POSSESSIVE else t).lower() for t in _TOKEN_RE.findall(text)]
    return [t[:-2] if t[-2:] in _POSSESSIVE else t for t in _TOKEN_RE.findall(text)]


def _split_and_count(texts: list[str]) -> list[list[tuple[str, int]]]:
    """For each text, its sentences with their :func:`tokenize` word counts."""
    return [[(sent, len(tokenize(sent))) for sent in split_sentences(t)] for t in texts]


def sentences(paras: pd.DataFrame) -> pd.DataFrame:
    """One row per **sentence** of the given paragraphs.

    ``paras`` is a frame from :func:`helpers.corpus.paragraphs`. Columns:
    ``doc_id``, ``para_id``, ``sent_id`` (position in the document),
    ``sent_in_para``, ``unit_id`` (``doc:pNN:sNN``), ``block_type``, ``text``,
    ``n_words``, then the paragraph's metadata columns.
    """
    rows = []
    meta_cols = [c for c in paras.columns if c not in ("para_id", "unit_id", "text", "n_words", "doc_id")]
    split = parallel.map_chunks(_split_and_count, list(paras["text"]))
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
    cols = ["doc_id", "para_id", "sent_id", "sent_in_para", "unit_id", "text", "n_words"] + meta_cols
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(rows)
    out["sent_id"] = out.groupby("doc_id", sort=False).cumcount()
    out["unit_id"] = (out["doc_id"] + ":p" + out["para_id"].map("{:02d}".format)
                      + ":s" + out["sent_in_para"].map("{:02d}".format))
    return out[cols]


def tokens(units: pd.DataFrame, lowercase: bool = True, stop_words: frozenset[str] | None = STOP_WORDS) -> pd.DataFrame:
    """One row per **token** of the given units (paragraphs or sentences).

    Columns: ``doc_id``, ``unit_id``, ``position`` (within the unit), ``token``,
    ``is_alpha`` (letters only), ``is_stop`` (in ``stop_words``; all False if
    None), plus ``period`` and ``block_type`` when the units have them.
    """
    keep = [c for c in ("period", "block_type") if c in units.columns]
    cols = ["doc_id", "unit_id", "position", "token", "is_alpha", "is_stop"] + keep
    stops = stop_words or frozenset()
    sub = units[["doc_id", "unit_id", "text"] + keep]
    per_unit = parallel.map_chunks(functools.partial(_token_rows, lowercase=lowercase, stops=stops),
                                   list(sub["text"]))
    lengths = [len(toks) for toks, _, _ in per_unit]
    if not any(lengths):
        return pd.DataFrame([], columns=cols)
    columns = {"doc_id": _repeat(sub["doc_id"], lengths), "unit_id": _repeat(sub["unit_id"], lengths),
               "position": [i for n in lengths for i in range(n)],
               "token": [t for toks, _, _ in per_unit for t in toks],
               "is_alpha": [a for _, alpha, _ in per_unit for a in alpha],
               "is_stop": [x for _, _, stop in per_unit for x in stop]}
    for c in keep:
        columns[c] = _repeat(sub[c], lengths)
    return pd.DataFrame(columns, columns=cols)


def _repeat(values: pd.Series, lengths: list[int]) -> list:
    """Each value repeated as many times as its unit has tokens."""
    return [v for v, n in zip(values.tolist(), lengths) for _ in range(n)]


def _token_rows(texts: list[str], lowercase: bool, stops: frozenset[str]) -> list[tuple[list, list, list]]:
    """For each text: its tokens (interned, to share memory), whether each is alphabetic, whether each is a stop word."""
    out = []
    for t in texts:
        toks = [sys.intern(tok) for tok in tokenize(t, lowercase=lowercase)]
        out.append((toks, [tok.replace("-", "").replace("'", "").isalpha() for tok in toks],
                    [tok.lower() in stops for tok in toks]))
    return out


def content_tokens(toks: pd.DataFrame, min_length: int = 3) -> pd.DataFrame:
    """The rows of a :func:`tokens` frame that are alphabetic, not stop words, and at least ``min_length`` long."""
    return toks[toks["is_alpha"] & ~toks["is_stop"] & (toks["token"].str.len() >= min_length)]


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


DEFAULT_ACTORS = PROJECT_ROOT / "data" / "actors.csv"


def load_actors(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **actor** from an editable CSV (``actor``, ``side``, ``pattern`` regex, ``note``)."""
    path = Path(path) if path is not None else DEFAULT_ACTORS
    if not path.is_file():
        raise FileNotFoundError(f"actor list '{path}' not found; pass the path of a CSV with columns "
                                "actor, side, pattern, note (see data/actors.csv).")
    actors = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"actor", "side", "pattern"} - set(actors.columns)
    if missing:
        raise ValueError(f"actor list '{path.name}' lacks column(s) {sorted(missing)}.")
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
        joined = "\n".join(texts)
        for a in actors.itertuples():
            n = len(re.findall(a.pattern, joined))
            rows.append({"doc_id": doc_id, "actor": a.actor, "side": a.side, "mentions": n,
                         "per_1000_words": 1000 * n / max(int(words[doc_id]), 1)})
    return pd.DataFrame(rows, columns=["doc_id", "actor", "side", "mentions", "per_1000_words"])


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
