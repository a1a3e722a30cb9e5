"""Tokens and the phrase layer: the one tokeniser every notebook counts words with.

Tokens come from a regular expression (:data:`TOKEN_PATTERN`);
stop words are scikit-learn's English list plus a few corpus-specific
function words (:data:`EXTRA_STOP_WORDS`).

**The phrase layer.** Before words are split, the phrases listed in the
editable table ``data/phrases.csv`` (columns ``phrase``, ``canonical``,
``kind`` in name/place/concept/acronym, ``case_sensitive``, ``note``) are
found in the text and each becomes **one token, its canonical form**: "United
States", "U.S.", "u.s." and "US" (capitals only; lower-case "us" is the
pronoun) all become ``united_states``; "Vladimir Putin" and "Putin" become
``putin``; "Cold War" becomes ``cold_war``. Phrases match across line breaks
and runs of spaces, longest phrase first. A hyphenated compound is split where
one of its parts is a listed phrase ("U.S.-Russian" -> ``united_states``,
``russian``; "Obama-Putin" -> ``obama``, ``putin``); other hyphenated words
stay one token ("re-establish", "Russian-American": neither part is listed).
Canonical forms are always lower case, whatever ``lowercase`` says, and are
never treated as stop words or dropped for being short (``g8``).

Units of analysis: :func:`sentences` returns one row per **sentence**,
:func:`tokens` one row per **token**, :func:`term_counts` one row per
**term** (per group), :func:`actor_mentions` one row per **document x actor**.
"""
from __future__ import annotations

import functools
import re
import time
from functools import lru_cache
from pathlib import Path

import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from helpers.paths import PROJECT_ROOT

TOKEN_PATTERN = r"[A-Za-z0-9]+(?:[.'’-][A-Za-z0-9]+)*"
"""A token: letters/digits, with inner periods, apostrophes or hyphens (U.S, re-establish, Russia's)."""

EXTRA_STOP_WORDS = frozenset({"s", "said", "says", "say", "would", "could", "also", "just", "like", "t", "don"})
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | EXTRA_STOP_WORDS
"""scikit-learn's English stop words plus :data:`EXTRA_STOP_WORDS`."""

_TOKEN_RE = re.compile(TOKEN_PATTERN)
_POSSESSIVE = ("'s", "’s")


DEFAULT_PHRASES = PROJECT_ROOT / "data" / "phrases.csv"
PHRASE_KINDS = ("name", "place", "concept", "acronym")
"""The kinds a phrase can have; ``name`` and ``place`` are masked by :func:`mask_names`."""

_PHRASE_COLUMNS = ["phrase", "canonical", "kind", "case_sensitive", "note"]
_WORD_CHAR = r"A-Za-z0-9_"
_DASHES = "-\u2010\u2011\u2013"


def read_list(path: Path, what: str, required: tuple[str, ...], optional: str, example: str) -> pd.DataFrame:
    """An editable list (one row per **entry**) read as text columns; an error naming the file if it is missing
    or lacks a ``required`` column."""
    needs = ", ".join(required)
    if not path.is_file():
        raise FileNotFoundError(f"{what} '{path}' not found; pass the path of a CSV with columns {needs} "
                                f"(see {example}).")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = set(required) - set(table.columns)
    if missing:
        raise ValueError(f"{what} '{path.name}' lacks column(s) {sorted(missing)}; it needs {needs} ({optional}).")
    return table


def load_phrases(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **listed phrase** from an editable CSV (default ``data/phrases.csv``).

    Columns: ``phrase`` (the text to find), ``canonical`` (the one token it
    becomes: lower-case letters, digits and ``_``), ``kind`` (one of
    :data:`PHRASE_KINDS`), ``case_sensitive`` (bool; optional in the file,
    default no) and ``note``. Raises ``ValueError`` naming the file and row
    for an unusable entry.
    """
    path = Path(path) if path is not None else DEFAULT_PHRASES
    table = read_list(path, "phrase list", ("phrase", "canonical", "kind"), "case_sensitive and note are optional",
                      "data/phrases.csv")
    for col in ("case_sensitive", "note"):
        if col not in table.columns:
            table[col] = ""
    for i, rec in enumerate(table.itertuples(index=False), start=2):
        where = f"phrase list '{path.name}', line {i} ({rec.phrase!r})"
        if not rec.phrase.strip():
            raise ValueError(f"{where}: the phrase is empty.")
        if not re.fullmatch(r"[a-z0-9]+(?:_[a-z0-9]+)*", rec.canonical):
            raise ValueError(f"{where}: canonical form {rec.canonical!r} must be lower-case letters/digits "
                             "joined by '_' (e.g. united_states).")
        if rec.kind not in PHRASE_KINDS:
            raise ValueError(f"{where}: kind {rec.kind!r} is not one of {', '.join(PHRASE_KINDS)}.")
        if rec.case_sensitive.strip().lower() not in ("", "yes", "no", "true", "false"):
            raise ValueError(f"{where}: case_sensitive must be yes or no, not {rec.case_sensitive!r}.")
    table["case_sensitive"] = table["case_sensitive"].str.strip().str.lower().isin(["yes", "true"])
    dup = table[table["phrase"].duplicated(keep=False)]
    if len(dup):
        raise ValueError(f"phrase list '{path.name}': phrase {dup['phrase'].iloc[0]!r} is listed twice.")
    return table[_PHRASE_COLUMNS].reset_index(drop=True)


def _phrase_regex(phrase: str, case_sensitive: bool) -> str:
    """The regular expression for one listed phrase: any whitespace between words, any dash for a hyphen."""
    parts = []
    for ch in phrase.strip():
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch in _DASHES:
            parts.append(f"[{_DASHES}]")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    return body if case_sensitive else f"(?i:{body})"


_FIRST_WORD = re.compile(r"[A-Za-z0-9]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _ascii_lower(text: str) -> str:
    """``text`` with A-Z lower-cased and every other character kept: the same length, the same offsets.

    Through UTF-8 bytes (``bytes.lower`` touches ASCII letters only; every byte of a multi-byte character is
    0x80 or above), which is many times faster than ``str.translate``; the translation table where that fails."""
    if text.isascii():
        return text.lower()
    try:
        out = text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")
    except UnicodeError:
        out = ""
    return out if len(out) == len(text) else text.translate(_ASCII_LOWER)


def _candidate_regex(first_words: frozenset[str]) -> re.Pattern:
    """A fast regex (on ASCII-lower-cased text) for the places where a listed phrase may start: one of the
    phrases' first words, grouped by first letter so that each position costs one or two comparisons."""
    groups: dict[str, list[str]] = {}
    for w in sorted(first_words, key=lambda w: (-len(w), w)):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    alt = "|".join(f"{re.escape(k)}(?:{'|'.join(v)})" for k, v in sorted(groups.items()))
    return re.compile(rf"(?<![a-z0-9_])(?:{alt})(?![a-z0-9])")


def _ascii_phrase(phrase: str) -> bool:
    """Whether a phrase starts with an ASCII letter or digit and has no other non-ASCII character than spaces
    and dashes: then at a place where its first word is followed by an ASCII character, no phrase with
    another first word can match (case-insensitive matching folds no ASCII character into another word)."""
    p = phrase.strip()
    return bool(_FIRST_WORD.match(p)) and all(c.isascii() or c.isspace() or c in _DASHES for c in p)


class PhraseLayer:
    """A compiled phrase list: finds listed phrases in a text (longest first, left to right)."""

    def __init__(self, table: pd.DataFrame):
        self.table = table.reset_index(drop=True)
        order = sorted(range(len(table)), key=lambda i: (-len(table["phrase"][i]), table["phrase"][i]))
        self._order = order
        alternative = {i: f"(?P<p{i}>{_phrase_regex(table['phrase'][i], bool(table['case_sensitive'][i]))})"
                       for i in order}
        self.regex = self._compile([alternative[i] for i in order]) if len(table) else None
        self.canonical = frozenset(table["canonical"])
        self.canonical_of = list(table["canonical"])  # by row: plain lists, fast to index
        self.kind_of = list(table["kind"])
        self.phrase_of = list(table["phrase"])
        # the lower-cased first word of every phrase: only there is the (slow) alternation tried
        self.first_words = frozenset(_FIRST_WORD.match(p.strip()).group().lower() for p in table["phrase"]
                                     if _FIRST_WORD.match(p.strip()))
        self.candidates = _candidate_regex(self.first_words)
        self._memo: dict[str, tuple[tuple[int, int, int], ...]] = {}
        # where the first word is followed by an ASCII character, only the phrases with that first word can
        # match there: the alternation of those (in the same order) gives what the whole alternation gives
        self._by_first: dict[str, re.Pattern] | None = None
        if len(table) and all(_ascii_phrase(p) for p in self.phrase_of):
            groups: dict[str, list[str]] = {}
            for i in order:
                groups.setdefault(_FIRST_WORD.match(self.phrase_of[i].strip()).group().lower(), []).append(
                    alternative[i])
            self._by_first = {w: self._compile(alts) for w, alts in groups.items()}

    @staticmethod
    def _compile(alternatives: list[str]) -> re.Pattern:
        return re.compile(rf"(?<![{_WORD_CHAR}])(?:{'|'.join(alternatives)})(?![{_WORD_CHAR}])")

    def spans(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, row of the phrase table) for every phrase found, in text order.

        Leftmost first; at one position the longest listed phrase wins; matches do not overlap.
        """
        if self.regex is None:
            return []
        return self._spans(text, _ascii_lower(text))

    _MEMO_SIZE = 1 << 15

    def _remembered(self, text: str, lowered: str | None = None) -> tuple[tuple[int, int, int], ...]:
        """:meth:`spans` through a bounded memo of this layer: a sentence's phrases are found once for its word
        count (:func:`count_tokens`) and its masked text (:func:`mask_names`)."""
        hit = self._memo.get(text)
        if hit is None:
            hit = tuple(self._spans(text, _ascii_lower(text) if lowered is None else lowered))
            if len(self._memo) >= self._MEMO_SIZE:
                self._memo.clear()
            self._memo[text] = hit
        return hit

    def _spans(self, text: str, lowered: str) -> list[tuple[int, int, int]]:
        """:meth:`spans`, given ``_ascii_lower(text)``."""
        if self.regex is None:
            return []
        out, end, n = [], 0, len(text)
        by_first = self._by_first
        for w in self.candidates.finditer(lowered):
            start = w.start()
            if start < end:
                continue
            rx = self.regex
            if by_first is not None:
                after = w.end()
                if after == n or text[after] < "\x80":
                    rx = by_first[w.group()]
            m = rx.match(text, start)
            if m:
                end = m.end()
                out.append((start, end, int(m.lastgroup[1:])))
        return out


@lru_cache(maxsize=8)
def _layer_for(path: str, mtime_ns: int) -> PhraseLayer:
    return PhraseLayer(load_phrases(path))


_LAST_CHECK: dict[str, tuple[float, PhraseLayer]] = {}
_RECHECK_SECONDS = 1.0


def phrase_layer(path: str | Path | None = None) -> PhraseLayer:
    """The compiled phrase layer of ``path`` (default ``data/phrases.csv``), cached until the file changes.

    The file's modification time is looked at no more than once a second, so
    an edit to the list is picked up by the next run of a notebook cell.
    """
    key = str(path) if path is not None else ""
    now = time.monotonic()
    hit = _LAST_CHECK.get(key)
    if hit is not None and now - hit[0] < _RECHECK_SECONDS:
        return hit[1]
    path = Path(path) if path is not None else DEFAULT_PHRASES
    if not path.is_file():
        load_phrases(path)  # raises the explanatory error
    layer = _layer_for(str(path), path.stat().st_mtime_ns)
    _LAST_CHECK[key] = (now, layer)
    return layer


def canonical_terms() -> frozenset[str]:
    """Every canonical form in ``data/phrases.csv``: the tokens the phrase layer makes."""
    return phrase_layer().canonical


def _skip_possessive(text: str, pos: int, stop: int) -> int:
    """Where the gap ``text[pos:stop]`` after a phrase starts once a leading possessive 's is dropped."""
    if text.startswith(_POSSESSIVE, pos, stop) and (pos + 2 == stop or not (text[pos + 2].isascii()
                                                                           and text[pos + 2].isalnum())):
        return pos + 2
    return pos


def _gap_tokens(text: str, source: str, found, canonical_of: list[str]) -> list[str]:
    """The tokens of ``source`` (``text`` or ``_ascii_lower(text)``) around the phrases ``found`` in ``text``
    (canonical forms in between); possessive 's not yet dropped. The token pattern has only ASCII classes (and
    ’), so its matches on the ASCII-lower-cased text are the lower-cased matches on the text; ``findall(s, pos,
    stop)`` is ``findall(s[pos:stop])`` for a pattern without look-around."""
    find = _TOKEN_RE.findall
    if not found:
        return find(source)
    out: list[str] = []
    pos = 0
    for start, end, row in found:
        if pos:
            pos = _skip_possessive(text, pos, start)
        out += find(source, pos, start)
        out.append(canonical_of[row])
        pos = end
    out += find(source, _skip_possessive(text, pos, len(text)))
    return out


def tokenize(text: str, lowercase: bool = True, phrases: bool = True) -> list[str]:
    """The word tokens of one text, in order.

    With ``phrases=True`` (the default) every phrase listed in
    ``data/phrases.csv`` is one token, its canonical form (see the module
    docstring); the text between phrases is split by :data:`TOKEN_PATTERN`.
    Possessive 's is dropped ("Putin's" -> ``putin``). ``phrases=False`` gives
    the plain regular-expression tokens (then "U.S." is ``u.s`` and "United
    States" two tokens).
    """
    lowered = _ascii_lower(text)
    # tokens are read off the lower-cased text unless their case is kept, or an 'S (no possessive) would become 's
    on_lowered = lowercase and "'S" not in text and "’S" not in text
    source = lowered if on_lowered else text
    if phrases:
        layer = phrase_layer()
        toks = _gap_tokens(text, source, layer._spans(text, lowered), layer.canonical_of)
    else:
        toks = _TOKEN_RE.findall(source)
    if "'s" in source or "’s" in source:  # canonical forms never end in 's
        toks = [t[:-2] if t.endswith(_POSSESSIVE) else t for t in toks]
    if lowercase and not on_lowered:
        toks = [t.lower() for t in toks]
    return toks


def count_tokens(text: str) -> int:
    """``len(tokenize(text))``, without building the tokens' strings twice: the phrases found plus the
    pattern's matches between them (dropping a possessive ending or lower-casing changes no count)."""
    layer = phrase_layer()
    lowered = _ascii_lower(text)
    found = layer._remembered(text, lowered)
    if not found:
        return len(_TOKEN_RE.findall(lowered))
    return len(_gap_tokens(text, lowered, found, layer.canonical_of))


def phrase_spans(text: str) -> pd.DataFrame:
    """One row per **phrase occurrence** in ``text``: where each listed phrase was found.

    Columns: ``start``, ``end`` (character offsets into ``text``, end
    exclusive, so ``text[start:end]`` is the match), ``phrase`` (the entry in
    ``data/phrases.csv``), ``canonical``, ``kind``, and ``matched`` (the text
    as it stands, line breaks included).
    """
    layer = phrase_layer()
    rows = [{"start": s, "end": e, "phrase": layer.phrase_of[r], "canonical": layer.canonical_of[r],
             "kind": layer.kind_of[r], "matched": text[s:e]} for s, e, r in layer.spans(text)]
    return pd.DataFrame(rows, columns=["start", "end", "phrase", "canonical", "kind", "matched"]).astype(
        {"start": int, "end": int})


MASK_PREFIX = "NAMEx"
"""Names and places are replaced by ``NAMEx`` + their canonical form without ``_`` (``NAMExgreatbritain``)."""


def mask_names(text: str) -> str:
    """``text`` with every **name** or **place** phrase replaced by a token no sentiment lexicon scores.

    "Great Britain" becomes ``NAMExgreatbritain`` and "United States"
    ``NAMExunitedstates``: one word, in no lexicon, so VADER and TextBlob give
    it no valence (and VADER does not read it as shouting: it is not all
    capitals). Concepts and acronyms are left as they are. The character
    count may change; word order does not.
    """
    layer = phrase_layer()
    found = layer._remembered(text) if layer.regex is not None else ()
    if not found:
        return text
    kind_of, canonical_of = layer.kind_of, layer.canonical_of
    out, pos = [], 0
    for start, end, row in found:
        if kind_of[row] not in ("name", "place"):
            continue
        out.append(text[pos:start])
        out.append(MASK_PREFIX + canonical_of[row].replace("_", ""))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def is_content_token(token: str, stop_words: frozenset[str] = STOP_WORDS, min_length: int = 3) -> bool:
    """Whether one token counts as a content word: a listed phrase's canonical form, or a word of letters
    (inner hyphens/apostrophes allowed) at least ``min_length`` long that is not in ``stop_words``."""
    if token in canonical_terms():
        return True
    return (len(token) >= min_length and token.lower() not in stop_words
            and token.replace("-", "").replace("'", "").replace("’", "").isalpha())


_CONTENT: dict[tuple, tuple] = {}
""":func:`is_content_token` of the tokens seen so far, per (canonical forms, stop words, minimum length): keyed by
the sets' identity (an equal set compared element by element at every call would cost more than it saves)."""


def _analyze(doc: str, stop_words: frozenset[str], min_length: int) -> list[str]:
    canonical = canonical_terms()
    key = (id(canonical), id(stop_words), min_length)
    entry = _CONTENT.get(key)
    if entry is None or entry[0] is not canonical or entry[1] is not stop_words or len(entry[2]) > 1_000_000:
        if len(_CONTENT) >= 4:
            _CONTENT.clear()
        entry = _CONTENT[key] = (canonical, stop_words, {})
    known = entry[2]
    out = []
    for t in tokenize(doc):
        keep = known.get(t)
        if keep is None:
            keep = known[t] = t in canonical or is_content_token(t, stop_words, min_length)
        if keep:
            out.append(t)
    return out


def analyzer(stop_words: frozenset[str] | None = STOP_WORDS, min_length: int = 3):
    """A callable for scikit-learn's ``analyzer=``: text -> its content tokens (see :func:`is_content_token`).

    Phrase tokens (``united_states``, ``cold_war``) and acronyms (``g8``) are
    always kept. Picklable (a ``functools.partial``), so it works with joblib.
    """
    return functools.partial(_analyze, stop_words=frozenset(stop_words or ()), min_length=min_length)
