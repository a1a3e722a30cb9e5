"""Every frame's indicator matches in a text, found by one scan for the places where an indicator can start.

Unit: the **text** (one paragraph). :class:`FrameScanner` gives what each frame's
:func:`~helpers.framing.codebook.indicator_regex` finds with ``finditer`` -- the same matches, in the same order
-- without scanning the text once per frame (the approach of the phrase layer, :mod:`helpers.text.phrases`):

1. one regular expression on the text with A-Z lower-cased finds every place where the first word of a plain
   indicator can start (its letters up to a ``*`` or a hyphen) or a raw ``re:`` indicator matches;
2. at each such place, only the frames with an indicator that can start there try their own expression, on the
   original text, from that place (``pattern.match(text, pos)``: its look-behind sees the text before ``pos``),
   and a frame's next match is looked for after the end of its last one, as ``finditer`` does.

Everywhere else no frame's expression can match, so the matches are those of ``finditer``. Where this cannot be
known, the frame's expression scans the whole text as before: a frame whose indicator starts with no ASCII
letters or digits, or has a raw expression that switches case-insensitivity off or refers to a group; and every
frame on a text containing one of :data:`CASE_FOLDED_TO_ASCII` (characters that match an ASCII letter
case-insensitively but are not one, so the lower-cased scan would miss them).
"""
from __future__ import annotations

import re

from helpers.text.phrases import _ascii_lower

CASE_FOLDED_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")
"""İ, ı, ſ and the Kelvin sign K: Python's case-insensitive matching takes them for i, i, s and k."""
_RAW_UNSAFE = re.compile(r"\(\?[aiLmsux]*-|\\[1-9]|\(\?P=|\(\?\(")


def _head(term: str) -> str | None:
    """The letters every match of a plain indicator starts with (lower case): its first word up to a trailing
    ``*`` or a hyphen (a hyphen may be a dash or nothing in the text); None if there are none or they are not
    all ASCII."""
    word = term.lower().split()[0].rstrip("*").split("-")[0]
    return word if word and word.isascii() else None


class FrameScanner:
    """The compiled frames ``(pattern, name, family)`` of a codebook, and the scan that finds their matches."""

    def __init__(self, frames: list[tuple[re.Pattern, tuple[str, ...]]]):
        self.patterns = [rx for rx, _ in frames]
        self.whole: list[int] = []          # frames whose expression scans the whole text
        heads: dict[str, set[int]] = {}
        raws: list[str] = []
        self.raw_frames: set[int] = set()
        for k, (_, terms) in enumerate(frames):
            plain = [t for t in terms if not t.startswith("re:")]
            raw = [t[3:] for t in terms if t.startswith("re:")]
            found = [_head(t) for t in plain]
            if None in found or any(_RAW_UNSAFE.search(r) for r in raw):
                self.whole.append(k)
                continue
            for h in found:
                heads.setdefault(h, set()).add(k)
            if raw:
                raws += raw
                self.raw_frames.add(k)
        # at a place where the longest head h matches, so do the heads that begin h: their frames try there
        self.at = {h: tuple(sorted({k for g, ks in heads.items() if h.startswith(g) for k in ks})) for h in heads}
        groups: dict[str, list[str]] = {}
        for h in sorted(heads, key=lambda h: (-len(h), h)):
            groups.setdefault(h[0], []).append(re.escape(h[1:]))
        alt = "|".join(f"{re.escape(c)}(?:{'|'.join(v)})" for c, v in sorted(groups.items()))
        head = f"({alt})" if heads else "((?!))"
        raw = "|".join(f"(?:{r})" for r in raws)
        self.scan = self.raw = None
        if raws:
            try:  # one scan: a head (group 1), or else a raw expression matches here
                self.scan = re.compile(rf"(?<![\w-])(?={head}|(?i:{raw}))")
                self.raw = re.compile(rf"(?<![\w-])(?i:(?={raw}))")
            except re.error:  # raw expressions that do not combine (a group name used twice): scan as before
                self.whole = sorted(set(self.whole) | self.raw_frames)
                self.raw_frames = set()
        if self.scan is None and heads:
            self.scan = re.compile(rf"(?<![\w-])(?={head})")
        self.only_raw = tuple(sorted(self.raw_frames))
        self.at_raw = {h: tuple(sorted(set(ks) | self.raw_frames)) for h, ks in self.at.items()}

    def matches(self, text: str) -> dict[int, list[str]]:
        """The frames (by position in the codebook) with a match in ``text`` and the texts of their matches, in
        text order: what each frame's pattern's ``finditer`` finds."""
        patterns = self.patterns
        found: dict[int, list[str]] = {}
        if not text.isascii() and any(c in text for c in CASE_FOLDED_TO_ASCII):
            whole = range(len(patterns))
        else:
            whole = self.whole
            ends: dict[int, int] = {}
            lowered = _ascii_lower(text)
            raw, at, at_raw, only_raw = self.raw, self.at, self.at_raw, self.only_raw
            for m in self.scan.finditer(lowered) if self.scan is not None else ():
                p, h = m.start(), m.group(1)
                frames = only_raw if h is None else at_raw[h] if raw is not None and raw.match(lowered, p) else at[h]
                for k in frames:
                    if p >= ends.get(k, 0):
                        hit = patterns[k].match(text, p)
                        if hit:
                            ends[k] = hit.end()
                            found.setdefault(k, []).append(hit.group(0))
        for k in whole:
            hits = [m.group(0) for m in patterns[k].finditer(text)]
            if hits:
                found[k] = hits
        return found
