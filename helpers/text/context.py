"""One word in its context: the keyword-in-context concordance (KWIC) and its quotation marks.

Units of analysis (every function returns a tidy DataFrame and says which):

* :func:`kwic` -- one row per **match** of the node pattern in a body paragraph (with its quoting);
* :func:`matches_outside_body` -- one row per **match** in a headline, caption or other non-body block
  (what :func:`kwic` skips).

Collocates, keyness and quoting rates, which only the framing notebooks use, are in :mod:`helpers.framing`.
"""
from __future__ import annotations

import re

import pandas as pd

DEFAULT_NODE = r"re-?set(?:s|ting)?"
"""The node word: reset, resets, resetting, re-set (case-insensitive, whole words only)."""

# Quotation marks. A straight apostrophe (') has two roles: a quotation mark, or an apostrophe inside a word
# (reset's, don't). It opens a quotation only when no letter or digit stands right before it, and closes one
# only when no letter or digit follows it. The curly apostrophe (’) is treated the same way.
OPENERS = {'"': "straight", "'": "straight", "\u201c": "curly", "\u2018": "curly", "\u201e": "low-9",
           "\u00ab": "guillemet", "\u00bb": "guillemet", "\u2039": "guillemet", "\u203a": "guillemet"}
CLOSERS = {'"': "straight", "'": "straight", "\u201d": "curly", "\u2019": "curly", "\u201c": "low-9",
           "\u00bb": "guillemet", "\u00ab": "guillemet", "\u203a": "guillemet", "\u2039": "guillemet"}
APOSTROPHES = {"'", "\u2019"}
_TRAILING_PUNCT = ".,;:!?"


def node_regex(pattern: str = DEFAULT_NODE) -> re.Pattern:
    """The node pattern as a case-insensitive, whole-word regular expression."""
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)


# --------------------------------------------------------------------------------------------------------------
# Keyword in context
# --------------------------------------------------------------------------------------------------------------

def quote_style(left: str, right: str) -> str:
    """How one match is quoted: ``"straight"``, ``"curly"``, ``"low-9"`` („…“), ``"guillemet"`` («…», »…«)
    or ``""`` (not quoted). ``left`` and ``right`` are the text before and after the match.

    A match counts as quoted when an opening mark stands right before it and a closing mark right after
    it (a full stop or comma may come between: ``"reset."``). A straight or curly apostrophe counts as a
    quotation mark only where it cannot be an apostrophe: an opening one must not follow a letter or
    digit, a closing one must not be followed by one (``the reset's mechanism`` is a possessive, not a
    quotation). A match inside a longer quotation ("... the reset policy ...") is *not* a scare-quoted word.
    """
    before = left[-1:] if left else ""
    rest = right.lstrip(_TRAILING_PUNCT) if right[:1] in _TRAILING_PUNCT else right
    after = rest[:1]
    if before not in OPENERS or after not in CLOSERS:
        return ""
    if before in APOSTROPHES and len(left) > 1 and left[-2].isalnum():
        return ""
    if after in APOSTROPHES and rest[1:2].isalnum():
        return ""
    kinds = (OPENERS[before], CLOSERS[after])
    for kind in ("low-9", "guillemet", "curly"):
        if kind in kinds:
            return kind
    return "straight"


def _concordance(rows_in, pattern: str, width: int, keep: list[str]) -> list[dict]:
    rx = node_regex(pattern)
    rows = []
    for rec in rows_in:
        body = rec.text
        for m in rx.finditer(body):
            style = quote_style(body[:m.start()], body[m.end():])
            left = re.sub(r"\s+", " ", body[max(0, m.start() - width):m.start()])
            right = re.sub(r"\s+", " ", body[m.end():m.end() + width])
            rows.append({**{c: getattr(rec, c) for c in keep}, "position": m.start(), "left": left,
                         "match": m.group(0), "right": right, "quoted": bool(style), "quote_style": style})
    return rows


def kwic(units: pd.DataFrame, pattern: str = DEFAULT_NODE, width: int = 60) -> pd.DataFrame:
    """One row per **match** of ``pattern`` in the units (body paragraphs), in reading order.

    Columns: ``doc_id``, ``unit_id``, ``period`` (if the units have it), ``position`` (character offset
    of the match in its unit), ``left``, ``match``, ``right`` (``width`` characters of context each
    side, whitespace normalised), ``quoted`` (bool) and ``quote_style`` (see :func:`quote_style`).
    Headlines and captions are not body paragraphs: :func:`matches_outside_body` lists what is skipped.
    """
    keep = ["doc_id", "unit_id"] + [c for c in ("period",) if c in units.columns]
    rows = _concordance(units[keep + ["text"]].itertuples(index=False), pattern, width, keep)
    return pd.DataFrame(rows, columns=keep + ["position", "left", "match", "right", "quoted", "quote_style"])


def matches_outside_body(blocks: pd.DataFrame, pattern: str = DEFAULT_NODE, width: int = 40) -> pd.DataFrame:
    """One row per **match** of the node in a block that is not a body paragraph (headline, caption, ...):
    what :func:`kwic` and every count built on it leave out. ``blocks`` is :func:`helpers.corpus.load_blocks`.
    Columns: ``doc_id``, ``block_type``, ``position``, ``left``, ``match``, ``right``, ``quoted``, ``quote_style``."""
    other = blocks[blocks["block_type"] != "body"]
    keep = ["doc_id", "block_type"]
    rows = _concordance(other[keep + ["text"]].itertuples(index=False), pattern, width, keep)
    return pd.DataFrame(rows, columns=keep + ["position", "left", "match", "right", "quoted", "quote_style"])
