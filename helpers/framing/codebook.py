"""A frame codebook as data, and dictionary scoring of paragraphs.

Units of analysis (every function returns a tidy DataFrame and says which):

* :func:`load_codebook` -- one row per **frame** (name, family, Policy Frames Codebook dimension, definition,
  indicators);
* :func:`indicator_hits` -- one row per **frame x indicator x paragraph** it matches;
* :func:`frame_matches` -- one row per **indicator match**;
* :func:`score_paragraphs` -- one row per **paragraph x frame** (matches, presence, rate per 1,000 words);
* :func:`with_removed`, :func:`without` -- one row per **frame**: the codebook before its removals, or with more
  indicators removed.

Frames and topics: every entry names its dimension in the Policy Frames Codebook (Boydstun, Card, Gross,
Resnik & Smith 2014; :data:`PFC_DIMENSIONS`), or says that it is a ``topic`` (a subject such as energy or
arms control, not a way of framing one), or, for metaphor families, ``none (metaphor family)``.
The hand codings are read by :mod:`helpers.framing.codings`, compared with the dictionary in
:mod:`helpers.framing.validation` and :mod:`helpers.framing.cv`; plots are in :mod:`helpers.framing.plots`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from helpers import text
from helpers.framing.scan import FrameScanner
from helpers.paths import PROJECT_ROOT

DEFAULT_CODEBOOK = PROJECT_ROOT / "data" / "framing_codebook.yaml"
FAMILIES = ("issue", "generic", "metaphor")
PFC_DIMENSIONS = ("Economic", "Capacity and resources", "Morality", "Fairness and equality",
                  "Legality, constitutionality and jurisprudence", "Policy prescription and evaluation",
                  "Crime and punishment", "Security and defense", "Health and safety", "Quality of life",
                  "Cultural identity", "Public opinion", "Political", "External regulation and reputation", "Other")
"""The 15 dimensions of the Policy Frames Codebook (Boydstun et al. 2014)."""
PFC_VALUES = PFC_DIMENSIONS + ("topic", "none (metaphor family)")
"""What the ``pfc`` field of a codebook entry may hold."""
FIELDS = ("name", "family", "pfc", "label", "definition", "indicators", "removed_indicators")


class CodebookError(ValueError):
    """The frame codebook file cannot be used as it stands (the message names the frame and field)."""


# --------------------------------------------------------------------------------------------------------------
# The codebook
# --------------------------------------------------------------------------------------------------------------

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def load_codebook(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **frame** from an editable YAML codebook (read with ``yaml.safe_load``).

    The file holds ``frames:``, a list of mappings with ``name`` (lower-case identifier, unique),
    ``family`` (issue, generic or metaphor), ``pfc`` (its Policy Frames Codebook dimension, ``topic``, or
    ``none (metaphor family)``; :data:`PFC_VALUES`), ``label``, ``definition`` (one line), ``indicators`` (a
    non-empty list of terms; see :func:`indicator_regex` for their syntax) and, optionally,
    ``removed_indicators`` (terms taken out of an earlier version, kept on record so the earlier dictionary
    can be rebuilt with :func:`with_removed`). Columns: :data:`FIELDS` (lists as tuples). Raises :class:`CodebookError`
    naming the frame and field for any malformed entry.
    """
    path = Path(path) if path is not None else DEFAULT_CODEBOOK
    if not path.is_file():
        raise CodebookError(f"codebook '{path}' not found; pass the path of a YAML file with a 'frames:' list "
                            "(see data/framing_codebook.yaml).")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CodebookError(f"codebook '{path.name}' is not valid YAML: {exc}") from None
    return codebook_from_dict(data, source=path.name)


def codebook_from_dict(data: object, source: str = "codebook") -> pd.DataFrame:
    """Validate a parsed codebook (as :func:`load_codebook` reads it) and return one row per **frame**."""
    if not isinstance(data, dict) or not isinstance(data.get("frames"), list) or not data["frames"]:
        raise CodebookError(f"{source}: the top level must be a mapping with a non-empty list under 'frames:'.")
    rows, seen = [], set()
    for i, fr in enumerate(data["frames"], start=1):
        where = f"{source}, frame {i}"
        if not isinstance(fr, dict):
            raise CodebookError(f"{where}: each frame must be a mapping with name, family, label, definition, "
                                "indicators.")
        name = fr.get("name")
        if not isinstance(name, str) or not _NAME_RE.match(name):
            raise CodebookError(f"{where}: 'name' must be a lower-case identifier (letters, digits, _), "
                                f"got {name!r}.")
        where = f"{source}, frame '{name}'"
        if name in seen:
            raise CodebookError(f"{where}: the name is used twice; frame names must be unique.")
        seen.add(name)
        if fr.get("family") not in FAMILIES:
            raise CodebookError(f"{where}: 'family' must be one of {FAMILIES}, got {fr.get('family')!r}.")
        if fr.get("pfc", "topic") not in PFC_VALUES:
            raise CodebookError(f"{where}: 'pfc' must be a Policy Frames Codebook dimension, 'topic' or "
                                f"'none (metaphor family)'; got {fr.get('pfc')!r}. Allowed: {', '.join(PFC_VALUES)}.")
        for field in ("label", "definition"):
            if not isinstance(fr.get(field), str) or not fr[field].strip():
                raise CodebookError(f"{where}: '{field}' must be a non-empty string.")
        inds = fr.get("indicators")
        if not isinstance(inds, list) or not inds or not all(isinstance(t, str) and t.strip() for t in inds):
            raise CodebookError(f"{where}: 'indicators' must be a non-empty list of non-empty strings "
                                f"(quote a term that YAML would read as a number or yes/no), got {inds!r}.")
        try:
            indicator_regex(inds)
        except re.error as exc:
            raise CodebookError(f"{where}: an indicator is not a valid pattern ({exc}).") from None
        removed = fr.get("removed_indicators", [])
        if not isinstance(removed, list) or not all(isinstance(t, str) and t.strip() for t in removed):
            raise CodebookError(f"{where}: 'removed_indicators' must be a list of strings, got {removed!r}.")
        extra = set(fr) - set(FIELDS)
        if extra:
            raise CodebookError(f"{where}: unknown field(s) {sorted(extra)}.")
        rows.append({"name": name, "family": fr["family"], "pfc": fr.get("pfc", "topic"),
                     "label": fr["label"].strip(), "definition": " ".join(fr["definition"].split()),
                     "indicators": tuple(t.strip() for t in inds),
                     "removed_indicators": tuple(t.strip() for t in removed)})
    return pd.DataFrame(rows, columns=list(FIELDS))


def _term_regex(term: str) -> str:
    if term.startswith("re:"):
        return f"(?:{term[3:]})"
    parts = []
    for word in term.lower().split():
        star = word.endswith("*")
        core = re.escape(word.rstrip("*")).replace(r"\-", "[-\u2010\u2011]?")
        parts.append(core + (r"[\w'-]*" if star else ""))
    return r"[\s\u2010\u2011-]+".join(parts)


def indicator_regex(indicators: tuple[str, ...] | list[str]) -> re.Pattern:
    """One case-insensitive regular expression that finds any of a frame's indicators, as whole words.

    Indicator syntax: a word or a multi-word phrase (words separated by spaces or hyphens in the text);
    a trailing ``*`` matches any ending (``cooperat*``: cooperation, cooperative); ``re:`` introduces a
    raw regular expression. Longer indicators are tried first, so at each place in the text the
    longest indicator wins and matches never overlap: with ``cold`` and ``cold war``, "Cold War" is
    one match, not two.
    """
    if not indicators:
        return re.compile(r"(?!)")          # no indicator: matches nothing
    ordered = sorted(dict.fromkeys(indicators), key=lambda t: (-len(t.rstrip("*")), t))
    alternatives = "|".join(_term_regex(t) for t in ordered)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _indicator_regex_fast(indicators: tuple[str, ...]) -> re.Pattern:
    """:func:`indicator_regex` with a look-ahead for the possible first letters in front (same matches, faster scan).

    Added only when every indicator is a plain term starting with a letter or digit (its alternative then
    starts with that literal character); otherwise the pattern is :func:`indicator_regex` itself.
    """
    rx = indicator_regex(indicators)
    if not indicators or not all(t[:1].isascii() and t[:1].isalnum() and not t.startswith("re:") for t in indicators):
        return rx
    first = "".join(sorted({t[0].lower() for t in indicators}))
    return re.compile(rf"(?=[{first}])" + rx.pattern, re.IGNORECASE)


@lru_cache(maxsize=32)
def _scanner(patterns: tuple[tuple[str, str, tuple[str, ...]], ...]) -> FrameScanner:
    return FrameScanner([(_indicator_regex_fast(inds), inds) for _, _, inds in patterns])


def _frame_match_counts(texts: list[str], patterns: tuple[tuple[str, str, tuple[str, ...]], ...]
                        ) -> tuple[np.ndarray, list[dict[int, list[str]]]]:
    """Texts x frames: the number of matches, and each text's matches by frame (as ``finditer`` finds them,
    through :class:`helpers.framing.scan.FrameScanner`)."""
    scanner = _scanner(patterns)
    found = [scanner.matches(t) for t in texts]
    counts = np.zeros((len(texts), len(patterns)), dtype=np.int64)
    for i, per_frame in enumerate(found):
        for k, hits in per_frame.items():
            counts[i, k] = len(hits)
    return counts, found


def frame_matches(units: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """One row per **indicator match**: ``unit_id``, ``frame``, ``family``, ``matched`` (lower-cased text).

    Rows are in codebook order (frame by frame), then in unit order, then in text order.
    """
    patterns = _patterns(codebook)
    _, found = _frame_match_counts(list(units["text"]), patterns)
    norm: dict[str, str] = {}
    rows = []
    for k, (name, family, _) in enumerate(patterns):
        for unit_id, per_frame in zip(units["unit_id"], found):
            for g in per_frame.get(k, ()):
                if g not in norm:
                    norm[g] = re.sub(r"\s+", " ", g.lower())
                rows.append((unit_id, name, family, norm[g]))
    return pd.DataFrame(rows, columns=["unit_id", "frame", "family", "matched"])


def _patterns(codebook: pd.DataFrame) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return tuple((fr.name, fr.family, tuple(fr.indicators)) for fr in codebook.itertuples(index=False))


def score_paragraphs(units: pd.DataFrame, codebook: pd.DataFrame, n_words: list[int] | None = None) -> pd.DataFrame:
    """One row per **paragraph x frame** (every pair present, zeros included).

    Columns: ``doc_id``, ``unit_id``, ``period`` (if present), ``frame``, ``family``, ``n_words``
    (:func:`helpers.text.tokenize` tokens: a multiword phrase of ``data/phrases.csv`` counts once),
    ``matches`` (non-overlapping indicator matches, see
    :func:`indicator_regex`), ``present`` (0/1) and ``per_1000_words``. ``n_words``: the units' token
    counts when the caller has them already (the number of :func:`helpers.text.tokens` rows per unit, as the
    Dask pipeline does); by default they are counted here.
    """
    keep = [c for c in ("period",) if c in units.columns]
    base = units[["doc_id", "unit_id"] + keep + ["text"]].copy()
    base["n_words"] = n_words if n_words is not None else [len(text.tokenize(t)) for t in base["text"]]
    base = base.drop(columns="text")
    n_units, n_frames = len(base), len(codebook)
    frames = codebook[["name", "family"]].rename(columns={"name": "frame"})
    grid = pd.concat([base.take(np.repeat(np.arange(n_units), n_frames)).reset_index(drop=True),
                      frames.take(np.tile(np.arange(n_frames), n_units)).reset_index(drop=True)], axis=1)
    if not n_units:  # no units: the grouped matches joined as they always were (the keys come out as objects)
        grid = grid.join(frame_matches(units, codebook).groupby(["unit_id", "frame"]).size().rename("matches"),
                         on=["unit_id", "frame"])
        grid["matches"] = grid["matches"].fillna(0).astype(int)
    else:
        counts, _ = _frame_match_counts(list(units["text"]), _patterns(codebook))
        grid["matches"] = _by_key(counts, units["unit_id"], codebook["name"]).ravel()
    grid["present"] = (grid["matches"] > 0).astype(int)
    grid["per_1000_words"] = 1000 * grid["matches"] / grid["n_words"].clip(lower=1)
    return grid


def _by_key(counts: np.ndarray, unit_ids: pd.Series, frames: pd.Series) -> np.ndarray:
    """Units x frames match counts summed over the units that share a unit id and the frames that share a name
    (what grouping the matches by unit id and frame and joining the sums back gives; a missing id gets 0)."""
    units, distinct_units = pd.factorize(unit_ids)
    names, distinct_names = pd.factorize(frames)
    if len(distinct_units) == len(units) and len(distinct_names) == len(names):  # all unique, none missing
        return counts
    sums = np.zeros((units.max() + 1 if len(units) else 0, names.max() + 1 if len(names) else 0), dtype=np.int64)
    ok_u, ok_f = units >= 0, names >= 0
    np.add.at(sums, (units[ok_u][:, None], names[ok_f][None, :]), counts[np.ix_(ok_u, ok_f)])
    out = np.zeros_like(counts)
    out[np.ix_(ok_u, ok_f)] = sums[np.ix_(units[ok_u], names[ok_f])]
    return out


def indicator_hits(units: pd.DataFrame, codebook: pd.DataFrame, removed: bool = True) -> pd.DataFrame:
    """One row per **frame x indicator x paragraph** it matches (each indicator searched on its own):
    ``frame``, ``indicator``, ``status`` (``current`` or ``removed``), ``unit_id``. ``removed=True`` also
    searches the codebook's ``removed_indicators``. Used to audit which paragraphs an indicator came from."""
    rows = []
    for fr in codebook.itertuples(index=False):
        terms = [(t, "current") for t in fr.indicators]
        if removed:
            terms += [(t, "removed") for t in fr.removed_indicators]
        for term, status in terms:
            rx = indicator_regex([term])
            for uid, body in zip(units["unit_id"], units["text"]):
                if rx.search(body):
                    rows.append({"frame": fr.name, "indicator": term, "status": status, "unit_id": uid})
    return pd.DataFrame(rows, columns=["frame", "indicator", "status", "unit_id"])


def with_removed(codebook: pd.DataFrame) -> pd.DataFrame:
    """The codebook as it was before its ``removed_indicators`` were taken out (one row per **frame**):
    each frame's indicators plus its removed ones, ``removed_indicators`` emptied."""
    out = codebook.copy()
    out["indicators"] = [tuple(a) + tuple(b) for a, b in zip(out["indicators"], out["removed_indicators"])]
    out["removed_indicators"] = [() for _ in range(len(out))]
    return out


def without(codebook: pd.DataFrame, pairs: set[tuple[str, str]]) -> pd.DataFrame:
    """The codebook (one row per **frame**) with the indicators named in ``pairs`` (``(frame, indicator)``)
    taken out of ``indicators`` and added to ``removed_indicators``; a frame left with no indicator keeps none
    (it then matches no paragraph). Used for the *strict* dictionary: every indicator that matches test
    paragraphs only removed, whatever its source."""
    out = codebook.copy()
    out["removed_indicators"] = [tuple(r) + tuple(t for t in inds if (f, t) in pairs)
                                 for f, inds, r in zip(out["name"], out["indicators"], out["removed_indicators"])]
    out["indicators"] = [tuple(t for t in inds if (f, t) not in pairs) for f, inds in zip(out["name"], out["indicators"])]
    return out
