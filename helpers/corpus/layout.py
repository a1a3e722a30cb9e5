"""How a raw file lays out its paragraphs, decided per file from the file's own evidence.

Unit of analysis: one **raw file** (:func:`detect_layout`) and one pair of neighbouring lines
(:func:`continues_paragraph`). Three layouts:

* ``blank-line paragraphs`` -- paragraphs separated by blank lines (a paragraph may still be hard-wrapped);
* ``one paragraph per line`` -- no blank lines between most lines, and the lines are paragraph-long or
  end like sentences: every line is its own paragraph, and adjacent lines are never joined;
* ``hard-wrapped`` -- most lines follow each other without blank lines, are cut near one width and stop
  mid-sentence (plain text or PDF-to-text): lines are joined into paragraphs, a paragraph ends at a short line
  that ends like a sentence, an indented line, a bullet or a blank line; a word hyphenated across two
  lines is rejoined.

The evidence (share of lines followed directly by another line, the wrap width, the share of full-width lines
that stop mid-sentence) is returned with the decision, so the cleaning report can show why.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from helpers.corpus.rules import BULLET, TERMINAL

BLANK, PER_LINE, WRAPPED = "blank-line paragraphs", "one paragraph per line", "hard-wrapped"
LAYOUTS = (BLANK, PER_LINE, WRAPPED)

ADJACENT_MIN = 0.6
"""A file whose share of lines followed directly by another non-empty line is below this is blank-line separated."""

WRAP_WIDTH_MAX = 110
"""Hard-wrapped text is cut at most this many characters wide (the 90th percentile of line lengths)."""

WRAPPED_SHARE_MIN = 0.4
"""Share of lines that are near the wrap width and stop mid-sentence, above which a file is hard-wrapped."""

_BULLET_RE = re.compile(BULLET)
_HYPHEN_END = re.compile(r"[^\W\d_]-$")


@dataclass(frozen=True)
class Layout:
    """The layout of one file and the evidence for it."""

    layout: str
    n_lines: int
    share_adjacent: float
    width: int
    share_wrapped: float
    uncertain: bool

    def explanation(self) -> str:
        why = (f"{self.n_lines} non-empty lines; {self.share_adjacent:.0%} followed directly by another line "
               f"(blank-line layout below {ADJACENT_MIN:.0%}); wrap width {self.width} characters; "
               f"{self.share_wrapped:.0%} of lines near that width stop mid-sentence "
               f"(hard-wrapped above {WRAPPED_SHARE_MIN:.0%} when the width is at most {WRAP_WIDTH_MAX})")
        return why + ("; close to a threshold, check the blocks" if self.uncertain else "")


def _is_sentence_end(s: str) -> bool:
    return s.rstrip().endswith(TERMINAL)


def detect_layout(raw_text: str) -> Layout:
    """The paragraph layout of one raw file (see the module docstring), with its evidence."""
    raw_lines = raw_text.splitlines()
    flags = [bool(s.strip()) for s in raw_lines]
    text = [s.rstrip() for s, f in zip(raw_lines, flags) if f]
    n = len(text)
    if n == 0:
        return Layout(BLANK, 0, 0.0, 0, 0.0, False)
    adjacent = sum(1 for i in range(len(flags) - 1) if flags[i] and flags[i + 1])
    share_adjacent = adjacent / n
    lengths = sorted(len(s.strip()) for s in text)
    width = lengths[min(n - 1, int(0.9 * n))]
    near = [s for s in text if len(s.strip()) >= 0.6 * width]
    wrapped = sum(1 for s in near if not _is_sentence_end(s) or _HYPHEN_END.search(s))
    share_wrapped = wrapped / n
    if share_adjacent < ADJACENT_MIN:
        layout = BLANK
        uncertain = share_adjacent >= ADJACENT_MIN - 0.1 and n >= 5
    elif width <= WRAP_WIDTH_MAX and share_wrapped >= WRAPPED_SHARE_MIN:
        layout = WRAPPED
        uncertain = share_wrapped < WRAPPED_SHARE_MIN + 0.1
    else:
        layout = PER_LINE
        uncertain = width <= WRAP_WIDTH_MAX and share_wrapped >= WRAPPED_SHARE_MIN - 0.1
    return Layout(layout, n, round(share_adjacent, 3), width, round(share_wrapped, 3), bool(uncertain))


def is_bullet(line: str) -> bool:
    return bool(_BULLET_RE.match(line))


def continues_paragraph(prev_raw: str, next_raw: str, gap: bool, layout: Layout) -> bool:
    """Whether raw line ``next_raw`` continues the paragraph that ``prev_raw`` ends, in a hard-wrapped file.

    ``gap`` is True when blank lines or page furniture (page numbers, running heads) stand between them: then
    only a line that stops mid-sentence at full width continues (a paragraph running over a page break).
    """
    prev, nxt = prev_raw.rstrip(), next_raw
    if not prev.strip() or not nxt.strip() or is_bullet(nxt) or is_bullet(prev):
        return False
    long_line = len(prev.strip()) >= 0.6 * layout.width
    if gap:
        return long_line and (not _is_sentence_end(prev) or bool(_HYPHEN_END.search(prev)))
    if nxt[:1].isspace() and not prev[:1].isspace():
        return False  # an indented first line starts a new paragraph
    if not long_line:
        return False
    return not (_is_sentence_end(prev) and len(prev.strip()) < 0.85 * layout.width)


def join_lines(first: str, second: str) -> str:
    """Join two lines of one paragraph; a word hyphenated at the line break (``nego-`` / ``tiations``) is rejoined."""
    if _HYPHEN_END.search(first) and second[:1].islower():
        return first[:-1] + second
    return first + " " + second
