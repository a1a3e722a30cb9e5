"""A frame codebook as data, dictionary scoring of paragraphs, and frame profiles.

Units of analysis (every function returns a tidy DataFrame and says which):

* :func:`load_codebook` -- one row per **frame** (name, family, Policy Frames Codebook dimension, definition,
  indicators);
* :func:`indicator_hits` -- one row per **frame x indicator x paragraph** it matches;
* :func:`frame_matches` -- one row per **indicator match**;
* :func:`score_paragraphs` -- one row per **paragraph x frame** (matches, presence, rate per 1,000 words);
* :func:`frame_profile` -- one row per **group x frame** (document, period, ...);
* :func:`frame_cooccurrence` -- one row per **frame**, one column per frame (share of paragraphs, diagonal masked);
* :func:`frames_with_node` -- one row per **frame** (share of paragraphs with / without the node, with a
  95 % interval for the difference).

Frames and topics: every entry names its dimension in the Policy Frames Codebook (Boydstun, Card, Gross,
Resnik & Smith 2014; :data:`PFC_DIMENSIONS`), or says that it is a ``topic`` (a subject such as energy or
arms control, not a way of framing one), or, for metaphor families, ``none (metaphor family)``.
Validation against hand coding is in :mod:`helpers.validation`, plots in :mod:`helpers.framing_plots`.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from helpers import text
from helpers.paths import PROJECT_ROOT
from helpers.text.context import DEFAULT_NODE, node_regex

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
    ordered = sorted(dict.fromkeys(indicators), key=lambda t: (-len(t.rstrip("*")), t))
    alternatives = "|".join(_term_regex(t) for t in ordered)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _indicator_regex_fast(indicators: tuple[str, ...]) -> re.Pattern:
    """:func:`indicator_regex` with a look-ahead for the possible first letters in front (same matches, faster scan).

    Added only when every indicator is a plain term starting with a letter or digit (its alternative then
    starts with that literal character); otherwise the pattern is :func:`indicator_regex` itself.
    """
    rx = indicator_regex(indicators)
    if not all(t[:1].isascii() and t[:1].isalnum() and not t.startswith("re:") for t in indicators):
        return rx
    first = "".join(sorted({t[0].lower() for t in indicators}))
    return re.compile(rf"(?=[{first}])" + rx.pattern, re.IGNORECASE)


def _frame_match_rows(texts: list[str], patterns: tuple[tuple[str, str, tuple[str, ...]], ...]
                      ) -> list[list[tuple[int, str, str, str]]]:
    """For each text, its matches as (pattern index, frame, family, matched) rows, frame by frame."""
    compiled = [(_indicator_regex_fast(inds), name, family) for name, family, inds in patterns]
    norm: dict[str, str] = {}
    out = []
    for t in texts:
        rows = []
        for k, (rx, name, family) in enumerate(compiled):
            for m in rx.finditer(t):
                g = m.group(0)
                if g not in norm:
                    norm[g] = re.sub(r"\s+", " ", g.lower())
                rows.append((k, name, family, norm[g]))
        out.append(rows)
    return out


def frame_matches(units: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """One row per **indicator match**: ``unit_id``, ``frame``, ``family``, ``matched`` (lower-cased text).

    Rows are in codebook order (frame by frame), then in unit order, then in text order.
    """
    patterns = tuple((fr.name, fr.family, tuple(fr.indicators)) for fr in codebook.itertuples(index=False))
    texts = list(units["text"])
    per_unit = _frame_match_rows(texts, patterns=patterns)
    by_frame: list[list[tuple]] = [[] for _ in patterns]
    for unit_id, rows in zip(units["unit_id"], per_unit):
        for k, name, family, matched in rows:
            by_frame[k].append((unit_id, name, family, matched))
    rows = [r for frame_rows in by_frame for r in frame_rows]
    return pd.DataFrame(rows, columns=["unit_id", "frame", "family", "matched"])


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
    grid = base.merge(codebook[["name", "family"]].rename(columns={"name": "frame"}), how="cross")
    counts = frame_matches(units, codebook).groupby(["unit_id", "frame"]).size().rename("matches")
    grid = grid.join(counts, on=["unit_id", "frame"])
    grid["matches"] = grid["matches"].fillna(0).astype(int)
    grid["present"] = (grid["matches"] > 0).astype(int)
    grid["per_1000_words"] = 1000 * grid["matches"] / grid["n_words"].clip(lower=1)
    return grid.reset_index(drop=True)


def frame_profile(scores: pd.DataFrame, by: str = "doc_id") -> pd.DataFrame:
    """One row per **group x frame** (``by``: doc_id, period, ...): paragraphs, share of paragraphs with
    the frame (``share_present``), matches and ``per_1000_words`` (matches / words of the group)."""
    g = scores.groupby([by, "frame"], sort=False)
    out = g.agg(family=("family", "first"), paragraphs=("unit_id", "size"), present=("present", "sum"),
                matches=("matches", "sum"), n_words=("n_words", "sum")).reset_index()
    out["share_present"] = out["present"] / out["paragraphs"]
    out["per_1000_words"] = 1000 * out["matches"] / out["n_words"].clip(lower=1)
    return out


def wide(profile: pd.DataFrame, value: str, by: str, frames: list[str]) -> pd.DataFrame:
    """A profile as a table: one row per **frame** (in ``frames`` order), one column per group."""
    groups = list(dict.fromkeys(profile[by]))
    return profile.pivot(index="frame", columns=by, values=value).loc[frames, groups]


def frame_cooccurrence(scores: pd.DataFrame, frames: list[str] | None = None) -> pd.DataFrame:
    """One row per **frame** A, one column per frame B: the share of A's paragraphs that also carry B
    (paragraphs with both / paragraphs with A), so frames of different frequency can be compared. The
    diagonal (a frame with itself, always 1) is NaN, and so is a row whose frame occurs in no paragraph.
    ``scores`` needs ``unit_id``, ``frame`` and ``present`` columns (dictionary or hand coding)."""
    mat = scores.pivot(index="unit_id", columns="frame", values="present")
    frames = frames or list(dict.fromkeys(scores["frame"]))
    mat = mat[frames].astype(int)
    both = (mat.T @ mat).loc[frames, frames].astype(float)
    n = np.diag(both.to_numpy()).copy()
    share = both.div(np.where(n > 0, n, np.nan), axis=0)
    arr = share.to_numpy(dtype=float, copy=True)
    np.fill_diagonal(arr, np.nan)
    return pd.DataFrame(arr, index=pd.Index(frames, name="frame"), columns=frames)


def node_paragraphs(units: pd.DataFrame, pattern: str = DEFAULT_NODE) -> pd.Series:
    """One bool per **paragraph** (indexed by unit_id): does it contain the node word?"""
    rx = node_regex(pattern)
    return units.set_index("unit_id")["text"].map(lambda t: bool(rx.search(t)))


def wilson_interval(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for a proportion k / n (one **share**); (NaN, NaN) when n = 0."""
    if n == 0:
        return float("nan"), float("nan")
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return float(centre - half), float(centre + half)


def difference_interval(k1: int, n1: int, k2: int, n2: int, z: float = 1.96) -> tuple[float, float]:
    """95 % interval for the **difference of two proportions** k1/n1 - k2/n2 by Newcombe's hybrid score method
    (Newcombe 1998, method 10: built from the two Wilson intervals). Unlike a percentile bootstrap it stays
    honest when a share is 0 or 1 (a bootstrap of 0 of 13 is always 0)."""
    if n1 == 0 or n2 == 0:
        return float("nan"), float("nan")
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson_interval(k1, n1, z)
    l2, u2 = wilson_interval(k2, n2, z)
    d = p1 - p2
    return float(d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)), float(d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))


def frames_with_node(presence: pd.DataFrame, units: pd.DataFrame, pattern: str = DEFAULT_NODE, n_boot: int = 0,
                     seed: int = 2026) -> pd.DataFrame:
    """One row per **frame**: share of paragraphs with the node that carry it, share of those without, the
    difference (``with_minus_without``), its 95 % interval (``lo``, ``hi``; :func:`difference_interval`) and
    Fisher's exact test p-value (two-sided, ``fisher_p``).

    ``presence`` is one row per paragraph x frame with ``unit_id``, ``frame``, ``present`` (0/1): the
    dictionary's :func:`score_paragraphs` or a hand coding in long form
    (:func:`helpers.validation.long_codes`). Paragraph counts are in ``n_with`` / ``n_without``; ``docs_with``
    is the number of documents the paragraphs with the node come from. With ``n_boot`` > 0, ``lo_doc`` /
    ``hi_doc`` is a 95 % document-cluster bootstrap interval for the difference (whole documents resampled,
    their paragraphs kept together), because paragraphs of one article are not independent."""
    from helpers.stats.reliability import bootstrap_weights, percentile_interval
    from scipy.stats import fisher_exact

    has = node_paragraphs(units, pattern)
    p = presence[presence["unit_id"].isin(has.index)]
    rows = []
    for fr in dict.fromkeys(p["frame"]):
        s = p[p["frame"] == fr].set_index("unit_id")["present"].astype(int)
        mask = has.reindex(s.index).to_numpy(dtype=bool)
        w, wo = s[mask].to_numpy(), s[~mask].to_numpy()
        k1, n1, k2, n2 = int(w.sum()), len(w), int(wo.sum()), len(wo)
        lo, hi = difference_interval(k1, n1, k2, n2)
        pval = fisher_exact([[k1, n1 - k1], [k2, n2 - k2]])[1] if n1 and n2 else np.nan
        docs = s.index.str.split(":").str[0].to_numpy()
        row = {"frame": fr, "with_node": k1 / n1 if n1 else np.nan, "without_node": k2 / n2 if n2 else np.nan,
               "with_minus_without": (k1 / n1 - k2 / n2) if n1 and n2 else np.nan,
               "lo": lo, "hi": hi, "fisher_p": float(pval), "n_with": n1, "n_without": n2,
               "docs_with": len(set(docs[mask]))}
        if n_boot:
            wts = bootstrap_weights(len(s), n_boot, seed, groups=docs)
            y, m = s.to_numpy(dtype=float), mask.astype(float)
            with np.errstate(invalid="ignore", divide="ignore"):
                d = (wts @ (y * m)) / (wts @ m) - (wts @ (y * (1 - m))) / (wts @ (1 - m))
            row["lo_doc"], row["hi_doc"] = percentile_interval(d, 0.95, min_defined=0.5)
        rows.append(row)
    return pd.DataFrame(rows)


def node_frame_by_document(presence: pd.DataFrame, units: pd.DataFrame, frame: str,
                           pattern: str = DEFAULT_NODE) -> pd.DataFrame:
    """One row per **document**: for one ``frame``, paragraphs with the node word and how many of them carry
    the frame, and the same for paragraphs without it (``presence`` as in :func:`frames_with_node`). Shows
    whether a difference rests on one or two articles."""
    has = node_paragraphs(units, pattern)
    p = presence[(presence["frame"] == frame) & presence["unit_id"].isin(has.index)].copy()
    p["doc_id"] = p["unit_id"].str.split(":").str[0]
    p["with_node"] = p["unit_id"].map(has).astype(bool)
    g = p.groupby(["doc_id", "with_node"])["present"].agg(["size", "sum"]).unstack(fill_value=0)
    out = pd.DataFrame({"doc_id": g.index,
                        "with_node": [f"{int(a)} of {int(b)}" for a, b in zip(g[("sum", True)], g[("size", True)])]
                        if ("sum", True) in g else "0 of 0",
                        "without_node": [f"{int(a)} of {int(b)}" for a, b in zip(g[("sum", False)], g[("size", False)])]
                        if ("sum", False) in g else "0 of 0"})
    order = list(dict.fromkeys(units["doc_id"]))
    return out.set_index("doc_id").reindex([d for d in order if d in out["doc_id"].values]).reset_index()


def node_frame_doc_sentence(presence: pd.DataFrame, units: pd.DataFrame, frame: str,
                            pattern: str = DEFAULT_NODE) -> str:
    """In how many **documents** (with paragraphs both with and without the node word) the frame's share is
    higher among the paragraphs with the word: a difference carried by most documents, or by a few."""
    has = node_paragraphs(units, pattern)
    p = presence[(presence["frame"] == frame) & presence["unit_id"].isin(has.index)].copy()
    p["doc_id"] = p["unit_id"].str.split(":").str[0]
    p["with_node"] = p["unit_id"].map(has).astype(bool)
    m = p.groupby(["doc_id", "with_node"])["present"].mean().unstack()
    m = m.dropna() if True in m.columns and False in m.columns else m.iloc[0:0]
    higher = int((m.get(True, pd.Series(dtype=float)) > m.get(False, pd.Series(dtype=float))).sum())
    lower = int((m.get(True, pd.Series(dtype=float)) < m.get(False, pd.Series(dtype=float))).sum())
    from scipy.stats import binomtest

    p = binomtest(higher, higher + lower, 0.5).pvalue if higher + lower else float("nan")
    return (f"{frame}: among the {len(m)} documents with paragraphs both with and without the word, the share with "
            f"the frame is higher with the word in {higher}, lower in {lower} (sign test p = {p:.2f})"
            + (" — the same direction in most documents, none against it, but five documents cannot make that "
               "significant on their own." if max(higher, lower) > len(m) / 2 and min(higher, lower) == 0
               else " — not the same direction across documents."))


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


def add_frames(codebook: pd.DataFrame, extra: dict | None) -> pd.DataFrame:
    """The codebook with frames added from the notebook's Parameters cell (one row per **frame**).

    ``extra`` maps a new frame's name to a mapping with ``family``, ``indicators`` and optionally ``pfc``,
    ``label`` and ``definition`` (e.g. ``{"sanctions": {"family": "issue", "pfc": "Economic",
    "indicators": ["sanction*", "embargo*"]}}``). Validated like the file (:class:`CodebookError`)."""
    if not extra:
        return codebook
    if not isinstance(extra, dict):
        raise CodebookError(f"ADD_FRAMES must be a dict of name -> mapping, got {type(extra).__name__}.")
    frames = [{k: (list(v) if isinstance(v, tuple) else v) for k, v in r.items()}
              for r in codebook.to_dict("records")]
    for name, spec in extra.items():
        if not isinstance(spec, dict):
            raise CodebookError(f"ADD_FRAMES['{name}'] must be a mapping with family and indicators, got {spec!r}.")
        frames.append({"name": name, "label": spec.get("label", name), "pfc": spec.get("pfc", "topic"),
                       "definition": spec.get("definition", f"added in the Parameters cell: {name}"),
                       **{k: v for k, v in spec.items() if k not in ("label", "definition", "pfc")}})
    return codebook_from_dict({"frames": frames}, source="codebook + ADD_FRAMES")
