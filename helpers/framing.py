"""How a word (by default "reset") is framed: concordance, scare quotes, collocates, a frame codebook,
dictionary scoring, validation against hand coding, and keyness between groups of documents.

Units of analysis (every function returns a tidy DataFrame and says which):

* :func:`kwic` -- one row per **match** of the node pattern (keyword in context, with quoting);
* :func:`verbs_near` -- one row per **match**, with the nearest verbs before and after it;
* :func:`collocates` -- one row per **collocate** (a word within +-window tokens of the node);
* :func:`load_codebook` -- one row per **frame** (name, family, definition, indicators);
* :func:`score_paragraphs` -- one row per **paragraph x frame** (matches, presence, rate per 1,000 words);
* :func:`frame_profile` -- one row per **group x frame** (document, period, ...);
* :func:`frame_cooccurrence` -- one row per **frame**, one column per frame (paragraphs with both);
* :func:`frames_with_node` -- one row per **frame** (share of paragraphs with / without the node);
* :func:`split_halves`, :func:`load_handcoding` -- one row per **hand-coded paragraph**;
* :func:`agreement` -- one row per **frame** (precision, recall, F1, Cohen's kappa on one split);
* :func:`disagreements` -- one row per **paragraph** (where dictionary and hand coding differ);
* :func:`log_odds` -- one row per **group x term** (weighted log-odds with an informative Dirichlet prior).

Nothing here needs downloaded data: tokens come from :mod:`helpers.text`, collocation statistics from
NLTK's ``BigramCollocationFinder``/``BigramAssocMeasures``, parts of speech from TextBlob's bundled
pattern lexicon (``PatternTagger``), agreement from scikit-learn.
"""
from __future__ import annotations

import functools
import math
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from nltk.collocations import BigramCollocationFinder
from nltk.metrics import BigramAssocMeasures
from sklearn.metrics import cohen_kappa_score, f1_score, precision_score, recall_score

from . import parallel, text
from .corpus import PROJECT_ROOT

DEFAULT_NODE = r"re-?set(?:s|ting)?"
"""The node word: reset, resets, resetting, re-set (case-insensitive, whole words only)."""

DEFAULT_CODEBOOK = PROJECT_ROOT / "data" / "framing_codebook.yaml"
DEFAULT_HANDCODING = PROJECT_ROOT / "data" / "annotations" / "frames_handcoded.csv"
FAMILIES = ("issue", "generic", "metaphor")
SPLIT_SEED = 2026
"""The seed used once to split the hand-coded paragraphs into tuning and test halves."""

OPEN_QUOTES = {'"': "straight", "'": "straight", "\u201c": "curly", "\u2018": "curly"}
CLOSE_QUOTES = {'"': "straight", "'": "straight", "\u201d": "curly", "\u2019": "curly"}
_TRAILING_PUNCT = ".,;:!?"


class CodebookError(ValueError):
    """The frame codebook file cannot be used as it stands (the message names the frame and field)."""


class HandcodingError(ValueError):
    """The hand-coding file lacks a column or holds a value other than 0/1."""


def node_regex(pattern: str = DEFAULT_NODE) -> re.Pattern:
    """The node pattern as a case-insensitive, whole-word regular expression."""
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)


# --------------------------------------------------------------------------------------------------------------
# Keyword in context
# --------------------------------------------------------------------------------------------------------------

def quote_style(left: str, right: str) -> str:
    """How a match is quoted: ``"straight"``, ``"curly"`` or ``""`` (not quoted).

    A match counts as quoted when a quotation mark stands right before it and a closing one right after
    it (a full stop or comma may come between the word and the closing mark: ``"reset."``). A match
    inside a longer quotation ("... the reset policy ...") is *not* a scare-quoted word.
    """
    before = left[-1:] if left else ""
    rest = right.lstrip(_TRAILING_PUNCT) if right[:1] in _TRAILING_PUNCT else right
    after = rest[:1]
    if before in OPEN_QUOTES and after in CLOSE_QUOTES:
        return "curly" if "curly" in (OPEN_QUOTES[before], CLOSE_QUOTES[after]) else "straight"
    return ""


def kwic(units: pd.DataFrame, pattern: str = DEFAULT_NODE, width: int = 60) -> pd.DataFrame:
    """One row per **match** of ``pattern`` in the units (paragraphs), in reading order.

    Columns: ``doc_id``, ``unit_id``, ``period`` (if the units have it), ``position`` (character offset
    of the match in its unit), ``left``, ``match``, ``right`` (``width`` characters of context each
    side, whitespace normalised), ``quoted`` (bool) and ``quote_style`` (straight / curly / empty).
    """
    rx = node_regex(pattern)
    keep = [c for c in ("period",) if c in units.columns]
    rows = []
    for rec in units[["doc_id", "unit_id"] + keep + ["text"]].itertuples(index=False):
        body = rec.text
        for m in rx.finditer(body):
            style = quote_style(body[:m.start()], body[m.end():])
            left = re.sub(r"\s+", " ", body[max(0, m.start() - width):m.start()])
            right = re.sub(r"\s+", " ", body[m.end():m.end() + width])
            rows.append({"doc_id": rec.doc_id, "unit_id": rec.unit_id,
                         **{c: getattr(rec, c) for c in keep},
                         "position": m.start(), "left": left, "match": m.group(0), "right": right,
                         "quoted": bool(style), "quote_style": style})
    cols = ["doc_id", "unit_id"] + keep + ["position", "left", "match", "right", "quoted", "quote_style"]
    return pd.DataFrame(rows, columns=cols)


def quoting_rates(concordance: pd.DataFrame, docs: pd.DataFrame, by: str = "id") -> pd.DataFrame:
    """One row per **group** of documents (``by``: ``id`` or ``period``): matches, quoted, share quoted.

    Every group of ``docs`` appears, with 0 matches where the node never occurs (share is then NaN).
    """
    key = "doc_id" if by == "id" else by
    groups = docs.drop_duplicates(by)[by].tolist()
    conc = concordance.merge(docs[["id", "period"]].rename(columns={"id": "doc_id"}), on="doc_id",
                             suffixes=("_x", "")) if key == "period" and "period" not in concordance else concordance
    counts = conc.groupby(key).agg(matches=("match", "size"), quoted=("quoted", "sum"))
    out = counts.reindex(groups, fill_value=0).rename_axis(by).reset_index()
    out["matches"] = out["matches"].astype(int)
    out["quoted"] = out["quoted"].astype(int)
    out["share_quoted"] = (out["quoted"] / out["matches"].where(out["matches"] > 0)).round(3)
    return out


AUXILIARIES = frozenset({"be", "is", "are", "was", "were", "been", "being", "am", "have", "has", "had", "having",
                         "do", "does", "did"})
"""Forms of *be*, *have* and *do*, skipped when looking for the verb next to the node."""


@lru_cache(maxsize=1)
def _tagger():
    from textblob.en.taggers import PatternTagger
    return PatternTagger()


def verbs_near(units: pd.DataFrame, pattern: str = DEFAULT_NODE, span: int = 4) -> pd.DataFrame:
    """One row per **match** of the node in a sentence: the nearest verbs before and after it.

    Sentences come from :func:`helpers.text.split_sentences`; parts of speech from TextBlob's
    ``PatternTagger`` (a bundled lexicon, no download). ``verb_before`` is the closest verb among the
    ``span`` tokens before the node, ``verb_after`` the closest among the ``span`` tokens after it. This
    is word distance, not grammar: the verb may act on the node ("press the reset") or have nothing to do
    with it ("making efforts to reset", "reset's key regulating mechanism"). Auxiliaries (:data:`AUXILIARIES`) are skipped. Both are lower-cased; empty when there is none. Columns: ``doc_id``, ``unit_id``, ``verb_before``,
    ``verb_after``, ``sentence``.
    """
    rx = node_regex(pattern)
    whole = re.compile(rf"^(?:{pattern})$", re.IGNORECASE)
    rows = []
    for rec in units.itertuples(index=False):
        for sent in text.split_sentences(rec.text):
            if not rx.search(sent):
                continue
            tags = [(w, t) for w, t in _tagger().tag(sent) if re.search(r"\w", w)]
            for i, (w, _) in enumerate(tags):
                if not whole.match(w):
                    continue
                before = [w2.lower() for w2, t in tags[max(0, i - span):i]
                          if t.startswith("VB") and w2.lower() not in AUXILIARIES]
                after = [w2.lower() for w2, t in tags[i + 1:i + 1 + span]
                         if t.startswith("VB") and w2.lower() not in AUXILIARIES]
                rows.append({"doc_id": rec.doc_id, "unit_id": rec.unit_id,
                             "verb_before": before[-1] if before else "", "verb_after": after[0] if after else "",
                             "sentence": sent})
    return pd.DataFrame(rows, columns=["doc_id", "unit_id", "verb_before", "verb_after", "sentence"])


# --------------------------------------------------------------------------------------------------------------
# Collocates
# --------------------------------------------------------------------------------------------------------------

NODE_TOKEN = "<NODE>"


def collocates(units: pd.DataFrame, pattern: str = DEFAULT_NODE, window: int = 5, min_freq: int = 2,
               stop_words: frozenset[str] | None = text.STOP_WORDS) -> pd.DataFrame:
    """One row per **collocate**: a word that occurs within ``window`` tokens either side of the node.

    Tokens are :func:`helpers.text.tokenize` tokens; windows never cross a unit boundary; every form of
    the node counts as one node word. Co-occurrences are counted with NLTK's
    ``BigramCollocationFinder`` (window ``window + 1``, pairs node->word and word->node summed). Columns:
    ``collocate``, ``cooc`` (times within the window), ``freq`` (corpus frequency), ``expected``
    (``node_freq * 2 * window * freq / N``), ``pmi`` (log2 cooc / expected, via
    ``BigramAssocMeasures.pmi``) and ``log_likelihood`` (``BigramAssocMeasures.likelihood_ratio`` on the
    same marginals; NaN in a text so short that ``node_freq * 2 * window`` exceeds ``N``). Only alphabetic, non-stop words seen at least ``min_freq`` times with the node
    are kept; sorted by log-likelihood, then co-occurrence, then the word.
    """
    whole = re.compile(rf"^(?:{pattern})$", re.IGNORECASE)
    words: list[str | None] = []
    for body in units["text"]:
        toks = [NODE_TOKEN if whole.match(t) else t for t in text.tokenize(body)]
        words.extend(toks + [None] * window)  # padding: no window crosses into the next unit
    finder = BigramCollocationFinder.from_words(words, window_size=window + 1)
    n_all = finder.word_fd.N()
    f_node = finder.word_fd[NODE_TOKEN]
    cols = ["collocate", "cooc", "freq", "expected", "pmi", "log_likelihood"]
    if f_node == 0:
        return pd.DataFrame(columns=cols)
    stops = stop_words or frozenset()
    rows = []
    for w, freq in finder.word_fd.items():
        if w == NODE_TOKEN or w in stops or not w.replace("-", "").isalpha():
            continue
        cooc = finder.ngram_fd[(NODE_TOKEN, w)] + finder.ngram_fd[(w, NODE_TOKEN)]
        if cooc < min_freq:
            continue
        marg = (cooc, (f_node * 2 * window, freq), n_all)
        cells = BigramAssocMeasures._contingency(*marg)
        rows.append({"collocate": w, "cooc": int(cooc), "freq": int(freq),
                     "expected": f_node * 2 * window * freq / n_all,
                     "pmi": BigramAssocMeasures.pmi(*marg),
                     # undefined when the window slots outnumber the tokens (toy texts only)
                     "log_likelihood": (BigramAssocMeasures.likelihood_ratio(*marg) if min(cells) >= 0
                                        else np.nan)})
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["log_likelihood", "cooc", "collocate"], ascending=[False, False, True],
                           kind="stable", na_position="last").reset_index(drop=True)


# --------------------------------------------------------------------------------------------------------------
# The codebook
# --------------------------------------------------------------------------------------------------------------

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def load_codebook(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **frame** from an editable YAML codebook (read with ``yaml.safe_load``).

    The file holds ``frames:``, a list of mappings with ``name`` (lower-case identifier, unique),
    ``family`` (issue, generic or metaphor), ``label``, ``definition`` (one line) and ``indicators`` (a
    non-empty list of terms; see :func:`indicator_regex` for their syntax). Columns: ``name``,
    ``family``, ``label``, ``definition``, ``indicators`` (a tuple). Raises :class:`CodebookError`
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
        extra = set(fr) - {"name", "family", "label", "definition", "indicators"}
        if extra:
            raise CodebookError(f"{where}: unknown field(s) {sorted(extra)}.")
        rows.append({"name": name, "family": fr["family"], "label": fr["label"].strip(),
                     "definition": " ".join(fr["definition"].split()),
                     "indicators": tuple(t.strip() for t in inds)})
    return pd.DataFrame(rows, columns=["name", "family", "label", "definition", "indicators"])


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
    per_unit = parallel.map_chunks(functools.partial(_frame_match_rows, patterns=patterns), texts)
    by_frame: list[list[tuple]] = [[] for _ in patterns]
    for unit_id, rows in zip(units["unit_id"], per_unit):
        for k, name, family, matched in rows:
            by_frame[k].append((unit_id, name, family, matched))
    rows = [r for frame_rows in by_frame for r in frame_rows]
    return pd.DataFrame(rows, columns=["unit_id", "frame", "family", "matched"])


def score_paragraphs(units: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """One row per **paragraph x frame** (every pair present, zeros included).

    Columns: ``doc_id``, ``unit_id``, ``period`` (if present), ``frame``, ``family``, ``n_words``
    (:func:`helpers.text.tokenize` tokens), ``matches`` (non-overlapping indicator matches, see
    :func:`indicator_regex`), ``present`` (0/1) and ``per_1000_words``.
    """
    keep = [c for c in ("period",) if c in units.columns]
    base = units[["doc_id", "unit_id"] + keep + ["text"]].copy()
    base["n_words"] = [len(text.tokenize(t)) for t in base["text"]]
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
    """One row per **frame**, one column per frame: the number of paragraphs in which both are present
    (the diagonal is the number of paragraphs with the frame)."""
    mat = scores.pivot(index="unit_id", columns="frame", values="present")
    frames = frames or list(dict.fromkeys(scores["frame"]))
    mat = mat[frames].astype(int)
    return (mat.T @ mat).loc[frames, frames]


def frames_with_node(scores: pd.DataFrame, units: pd.DataFrame, pattern: str = DEFAULT_NODE) -> pd.DataFrame:
    """One row per **frame**: share of paragraphs with the node that carry it, share of those without,
    and the difference (``with_minus_without``). Paragraph counts are in ``n_with`` / ``n_without``."""
    rx = node_regex(pattern)
    has = units.set_index("unit_id")["text"].map(lambda t: bool(rx.search(t)))
    s = scores.assign(with_node=scores["unit_id"].map(has))
    share = s.groupby(["frame", "with_node"], sort=False)["present"].mean().unstack("with_node")
    share = share.reindex(columns=[True, False])
    frames = list(dict.fromkeys(scores["frame"]))
    out = pd.DataFrame({"frame": frames,
                        "family": scores.drop_duplicates("frame").set_index("frame").loc[frames, "family"].values,
                        "with_node": share.loc[frames, True].values,
                        "without_node": share.loc[frames, False].values})
    out["with_minus_without"] = out["with_node"] - out["without_node"]
    out["n_with"] = int(has.sum())
    out["n_without"] = int((~has).sum())
    return out


# --------------------------------------------------------------------------------------------------------------
# Validation against hand coding
# --------------------------------------------------------------------------------------------------------------

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


def load_handcoding(path: str | Path | None = None, frames: list[str] | None = None) -> pd.DataFrame:
    """One row per **hand-coded paragraph**: ``unit_id``, ``doc_id``, ``text``, one 0/1 column per frame,
    ``note`` and ``split``. Raises :class:`HandcodingError` if a frame column is missing or not 0/1."""
    path = Path(path) if path is not None else DEFAULT_HANDCODING
    hand = pd.read_csv(path, dtype={"unit_id": str, "doc_id": str, "text": str, "note": str},
                       keep_default_na=False)
    for col in ["unit_id", "split"] + list(frames or []):
        if col not in hand.columns:
            raise HandcodingError(f"'{path.name}' lacks the column '{col}'.")
    for col in frames or []:
        bad = hand.loc[~hand[col].astype(str).isin(["0", "1"]), "unit_id"]
        if len(bad):
            raise HandcodingError(f"'{path.name}', column '{col}': row {bad.iloc[0]} is not 0 or 1.")
        hand[col] = hand[col].astype(int)
    return hand


def _paired(hand: pd.DataFrame, scores: pd.DataFrame, frame: str, split: str | None) -> pd.DataFrame:
    h = hand if split is None else hand[hand["split"] == split]
    d = scores[scores["frame"] == frame].set_index("unit_id")["present"]
    return pd.DataFrame({"hand": h.set_index("unit_id")[frame].astype(int),
                         "dictionary": d.reindex(h["unit_id"]).fillna(0).astype(int).values})


def agreement(hand: pd.DataFrame, scores: pd.DataFrame, frames: list[str], split: str | None = "test",
              min_positive: int = 3) -> pd.DataFrame:
    """One row per **frame**: dictionary vs hand coding on the paragraphs of one ``split``.

    Columns: ``frame``, ``n`` (paragraphs), ``hand_pos``, ``dict_pos``, ``tp``, ``precision``, ``recall``,
    ``f1``, ``kappa`` (scikit-learn) and ``note``. Undefined figures are NaN, never 0, with the reason in
    ``note``: precision when the dictionary finds nothing, recall and kappa when the hand coding has no
    paragraph with the frame (kappa would be 0 or 0/0 whatever the dictionary does). Frames with fewer
    than ``min_positive`` hand-coded paragraphs are flagged as unstable.
    """
    rows = []
    for fr in frames:
        p = _paired(hand, scores, fr, split)
        y, x = p["hand"].to_numpy(), p["dictionary"].to_numpy()
        hp, dp, tp = int(y.sum()), int(x.sum()), int((y & x).sum())
        notes = []
        prec = precision_score(y, x, zero_division=np.nan) if dp else np.nan
        rec = recall_score(y, x, zero_division=np.nan) if hp else np.nan
        f1 = f1_score(y, x, zero_division=np.nan) if hp and dp else np.nan
        if hp == 0:
            kappa = np.nan
            notes.append("frame absent from the hand coding of this half: recall and kappa undefined")
        elif len(set(y)) == 1 and len(set(x)) == 1:
            kappa = np.nan
            notes.append("both codings constant: kappa undefined")
        else:
            kappa = cohen_kappa_score(y, x)
        if dp == 0:
            notes.append("dictionary finds no paragraph: precision undefined")
        if 0 < hp < min_positive:
            notes.append(f"only {hp} hand-coded paragraph(s): unstable")
        rows.append({"frame": fr, "n": len(p), "hand_pos": hp, "dict_pos": dp, "tp": tp, "precision": prec,
                     "recall": rec, "f1": f1, "kappa": kappa, "note": "; ".join(notes)})
    return pd.DataFrame(rows)


def disagreements(hand: pd.DataFrame, scores: pd.DataFrame, frames: list[str], split: str | None = "test"
                  ) -> pd.DataFrame:
    """One row per **paragraph** of the split: how many frames the dictionary and hand coding disagree on.

    Columns: ``unit_id``, ``n_disagree``, ``hand_only`` (frames coded by hand, missed by the
    dictionary), ``dict_only`` (found by the dictionary, not coded by hand), ``text``. Sorted by
    ``n_disagree`` (descending), then unit_id.
    """
    h = hand if split is None else hand[hand["split"] == split]
    d = scores[scores["frame"].isin(frames)].pivot(index="unit_id", columns="frame", values="present")
    rows = []
    for rec in h.itertuples(index=False):
        hand_on = {f for f in frames if getattr(rec, f) == 1}
        dict_on = {f for f in frames if rec.unit_id in d.index and d.at[rec.unit_id, f] == 1}
        rows.append({"unit_id": rec.unit_id, "n_disagree": len(hand_on ^ dict_on),
                     "hand_only": ", ".join(f for f in frames if f in hand_on - dict_on),
                     "dict_only": ", ".join(f for f in frames if f in dict_on - hand_on), "text": rec.text})
    out = pd.DataFrame(rows, columns=["unit_id", "n_disagree", "hand_only", "dict_only", "text"])
    return out.sort_values(["n_disagree", "unit_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------------------------
# Keyness
# --------------------------------------------------------------------------------------------------------------

def log_odds(toks: pd.DataFrame, group: str = "period", prior_scale: float = 1.0, min_count: int = 1
             ) -> pd.DataFrame:
    """One row per **group x term**: weighted log-odds ratio, group vs all other groups, with an
    informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words", eq. 16-22).

    ``toks`` is a token table (e.g. content tokens) with a ``token`` and a ``group`` column. The prior
    for term w is ``alpha_w = prior_scale * count of w in the whole table`` (alpha_0 their sum). For group
    i against the rest j::

        delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
        var_w   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
        z_w     = delta_w / sqrt(var_w)

    Columns: ``group``, ``token``, ``count`` (in the group), ``count_rest``, ``total``, ``log_odds``
    (delta), ``z``. Terms seen fewer than ``min_count`` times overall are dropped. Sorted by group, then
    z (descending), then token.
    """
    counts = toks.groupby([group, "token"]).size().unstack(group, fill_value=0)
    counts = counts[counts.sum(axis=1) >= min_count]
    total = counts.sum(axis=1)
    alpha = prior_scale * total
    a0 = alpha.sum()
    frames = []
    for g in counts.columns:
        y_i = counts[g]
        y_j = total - y_i
        n_i, n_j = y_i.sum(), y_j.sum()
        delta = (np.log((y_i + alpha) / (n_i + a0 - y_i - alpha))
                 - np.log((y_j + alpha) / (n_j + a0 - y_j - alpha)))
        z = delta / np.sqrt(1 / (y_i + alpha) + 1 / (y_j + alpha))
        frames.append(pd.DataFrame({"group": g, "token": counts.index, "count": y_i.values,
                                    "count_rest": y_j.values, "total": total.values, "log_odds": delta.values,
                                    "z": z.values}))
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["group", "z", "token"], ascending=[True, False, True], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------------------------
# Plots
# --------------------------------------------------------------------------------------------------------------

def plot_keyness(lo: pd.DataFrame, n_label: int = 5, min_total: int = 2):
    """One panel per group: each term's log-odds (group vs rest) against its corpus frequency (log scale).

    ``lo`` is a :func:`log_odds` table. The ``n_label`` terms with the highest z in each group (seen at
    least ``min_total`` times) are labelled; a label that would overlap one above it is moved down, with a thin
    line to its point. Panel titles name the top term, or every term tied with it at the two decimals shown. Returns the figure.
    """
    import matplotlib.pyplot as plt

    from .plotting import GRAYS

    groups = list(dict.fromkeys(lo["group"]))
    gap = 0.075 * (lo["log_odds"].max() - lo["log_odds"].min())   # about one line of 8-pt text, in data units
    fig, axes = plt.subplots(1, len(groups), figsize=(4.2 * len(groups), 4), sharey=True, squeeze=False)
    for ax, g in zip(axes[0], groups):
        d = lo[lo["group"] == g]
        ax.scatter(d["total"], d["log_odds"], s=8, color=GRAYS[2], edgecolor="none")
        top = d[d["total"] >= min_total].head(n_label)
        ax.scatter(top["total"], top["log_odds"], s=18, color="black", marker="o")
        # terms with identical counts sit on the same point: one label lists them all
        labels = top.groupby(["total", "log_odds"], sort=False)["token"].agg(", ".join).reset_index()
        placed: list[tuple[float, float, float]] = []   # (x from, x to, y) of the labels drawn, top to bottom
        for rec in labels.sort_values(["log_odds", "total"], ascending=[False, True], kind="stable").itertuples():
            y_text, x0 = rec.log_odds, rec.total * 1.15
            x1 = x0 * 10 ** (0.025 * len(rec.token))   # about 0.025 decades of the log axis per character
            for a, b, y in placed:   # a label it would touch, less than a line above: go below it
                if a < x1 and x0 < b and y_text > y - gap:
                    y_text = y - gap
            placed.append((x0, x1, y_text))
            moved = y_text < rec.log_odds - 1e-9
            ax.annotate(rec.token, (rec.total, rec.log_odds), xytext=(x0, y_text), textcoords="data",
                        va="center", fontsize=8,
                        arrowprops={"arrowstyle": "-", "color": GRAYS[1], "linewidth": 0.6} if moved else None)
        ax.set_xscale("log")
        ax.axhline(0, color=GRAYS[1], linewidth=0.8)
        tied = top_ties(d[d["total"] >= min_total].set_index("token")["z"], 2)
        if not tied:
            ax.set_title(f"{g}: no term seen {min_total}+ times")
        elif len(tied) == 1:
            ax.set_title(f"{g}: '{tied[0]}' most distinctive (z = {top['z'].iloc[0]:.2f})")
        else:
            ax.set_title(f"{g}: {len(tied)} words tie for the highest z ({top['z'].iloc[0]:.2f}):\n"
                         + and_list(tied))
        ax.set_xlabel("frequency in the whole corpus (log scale)")
    axes[0][0].set_ylabel("weighted log-odds, group vs rest")
    fig.tight_layout()
    return fig


def plot_trend(table: pd.DataFrame, title: str, ylabel: str, xlabel: str = "period"):
    """One line per **row** of a wide table (rows = series, columns = ordered groups such as periods),
    distinguished by marker and line style, for grayscale printing. Returns the axes."""
    import matplotlib.pyplot as plt

    from .plotting import GRAYS, MARKERS

    fig, ax = plt.subplots(figsize=(7, 4))
    styles = ["-", "--", ":", "-."]
    x = range(table.shape[1])
    for i, (name, row) in enumerate(table.iterrows()):
        ax.plot(x, row.to_numpy(dtype=float), marker=MARKERS[i % len(MARKERS)], linestyle=styles[i % len(styles)],
                color=GRAYS[i % 3], label=str(name))
    ax.set_xticks(list(x), [str(c) for c in table.columns])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return ax


def matching_handcoding(hand: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The rows of a hand-coding table (one row per **paragraph**) whose ``unit_id`` is among ``units`` and
    whose text is the same, so that hand codes are never compared with a different paragraph (for example
    when the notebook runs on another corpus, or a raw file was edited after coding)."""
    current = units.set_index("unit_id")["text"]
    same = hand["unit_id"].map(current).eq(hand["text"])
    return hand[same.fillna(False).astype(bool)].reset_index(drop=True)


# --------------------------------------------------------------------------------------------------------------
# Titles that name a winner: every tied item is named
# --------------------------------------------------------------------------------------------------------------

def top_ties(values: pd.Series, decimals: int | None = None) -> list:
    """The index labels of ``values`` (one value per **item**) that share the largest value, compared after
    rounding to ``decimals`` places (the precision a title shows), in the series' order. NaN is ignored;
    an empty list when nothing is left."""
    v = values.dropna()
    if decimals is not None:
        v = v.round(decimals)
    return list(v.index[v == v.max()]) if len(v) else []


def and_list(items: list[str], limit: int = 4) -> str:
    """``"a"``, ``"a and b"``, ``"a, b and c"``; more than ``limit`` items: the first ``limit`` and ``"…"``."""
    items = [str(i) for i in items]
    if not items:
        return ""
    if len(items) > limit:
        return ", ".join(items[:limit]) + ", …"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
