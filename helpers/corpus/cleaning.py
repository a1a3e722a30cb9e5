"""Segment a raw web copy into typed blocks, with visible, documented rules.

Unit of analysis: the **line** of a raw file goes in; **blocks** come out (one
row per headline, byline, dateline, body paragraph, photo caption, piece of
boilerplate or reader comment).

How a raw file is read, in order (every rule named here is a row of :func:`rules_table`):

0. The file's **layout** is decided from its own evidence (:func:`helpers.layout.detect_layout`):
   blank-line paragraphs, one paragraph per line, or hard-wrapped lines.
1. A reader-comment section starts at a line matching ``COMMENT_START``
   (e.g. ``soundoff (11 Responses)``) and ends at ``COMMENT_END``
   (``Post a comment``). Inside it, a numbered or bulleted short line names a
   commenter, a line like ``December 14, 2012 at 7:46 pm | Reply`` dates the
   comment, and every other line is comment text.
2. Each other non-empty line is matched against the corpus's own patterns
   (``boilerplate.csv`` in the corpus folder, see :func:`extra_rules`), then
   :data:`LINE_RULES` (site navigation, banners, disclaimers, contact blocks,
   captions, bylines, datelines), then :data:`GENERIC_RULES` (press-office
   letterheads, page numbers, end marks), then generic signals: a line mostly
   of non-English function words, a short line repeated 3+ times in the file
   (a running head) or found in 2+ files of the corpus.
3. Lines matching no rule are *header* lines until the first paragraph of at
   least :data:`BODY_MIN_WORDS` words that ends like a sentence (paragraphs as
   the layout says): the first header line is the headline, a line naming the
   author is a byline, the rest is boilerplate. From there on, unmatched lines
   are body. If no paragraph qualifies, every unmatched line is kept as body
   and the document is flagged (the heuristics never refuse a document).
4. In a transcript (two or more lines open with a speaker label such as
   ``PRESIDENT OBAMA:``, ``Q:`` or ``President Putin.``, or a speech opening
   with one capitalised label such as ``PRESIDENT OBAMA:``) the label becomes
   the paragraph's ``speaker`` (and the speaker of the paragraphs that follow,
   up to the next label) and is removed from its text.
5. Lines are joined into paragraphs as the layout says: blank-line files join
   a body line of 8+ words that stops mid-sentence to the next body line
   (hard-wrapped lines, a paragraph broken in two: "... the New" / "START
   treaty."), never a bullet; one-paragraph-per-line files never join; hard-wrapped files
   join up to a short line that ends like a sentence, across page breaks,
   rejoining hyphenated words.
6. Body blocks after the last sentence of the body that are short and lack
   sentence punctuation are boilerplate (``short edge line``); other short
   body blocks without sentence punctuation are ``subheading`` (bullets stay body).
7. Commenters' names are replaced by stable pseudonyms, numbered per document
   in order of first appearance (reader-1, reader-2, ...), in the comment
   author column and wherever the name appears in the document's text.

A document whose metadata says ``cleaning = none`` skips steps 1-4 and 6: every line is body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from helpers.corpus import layout as lay
from helpers.corpus.blocks import _body_text, _edges_and_subheadings, _group, _is_sentence_end, _words
from helpers.corpus.pseudonyms import _pseudonymise, pseudonym_map  # noqa: F401  (pseudonym_map re-exported)
from helpers.corpus.rules import (  # noqa: F401  (re-exported: the public names of this module before the split)
    BLOCK_TYPES, BODY_MIN_WORDS, COMMENT_AUTHOR, COMMENT_END, COMMENT_START, COMMENT_STAMP, EDGE_MAX_WORDS,
    GENERIC_RULES, LINE_RULES, SPEAKER_STRONG, SPEAKER_WEAK, SUBHEADING_MAX_WORDS, TERMINAL, Rule,
    any_rule_matches, compile_pattern, extra_rules, is_non_english, regex_primer, rules_table,
)

CLEANING_MODES = ("rules", "none")
"""Values of the optional metadata column ``cleaning``: apply the rules (default), or none (text already clean)."""

RUNNING_HEAD_MIN = 3
"""A short line without sentence punctuation that appears this often in one file is a running head."""



def _strip_markup(line: str) -> str:
    """Remove light Markdown (headings, emphasis, links) that web copies carry; normalise spaces (incl. no-break)."""
    if not any(ch in line for ch in "#[*_"):
        return " ".join(line.split())
    s = re.sub(r"^#{1,6}\s+", "", line.strip())
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = s.replace("**", "").replace("__", "")
    s = re.sub(r"^\*(.+)\*$", r"\1", s)
    return re.sub(r"\s+", " ", s).strip()


def _match_rule(line: str, extra: tuple[Rule, ...] = ()) -> Rule | None:
    for rule in extra:
        if rule.regex.search(line):
            return rule
    if not any_rule_matches(line):
        return None
    for rule in LINE_RULES + GENERIC_RULES:
        if rule.regex.search(line):
            return rule
    return None


@dataclass
class _Line:
    number: int  # 1-based line number in the raw file
    raw: str
    text: str
    block_type: str = ""
    rule: str = ""
    commenter: str = ""
    comment_stamp: str = ""
    is_reply: bool = False
    speaker: str = ""
    labelled: bool = False


def candidate_lines(raw_text: str) -> frozenset[str]:
    """The short lines of one file without sentence punctuation (stripped): candidates for lines repeated across
    the documents of a corpus."""
    out = set()
    for raw in raw_text.splitlines():
        if any(ch in raw for ch in "#[*_"):
            t = _strip_markup(raw)
            if t and _words(t) < BODY_MIN_WORDS and not _is_sentence_end(t):
                out.add(t)
            continue
        words = raw.split()  # no markup: _strip_markup joins these words, and _words counts them
        if 0 < len(words) < BODY_MIN_WORDS:
            t = " ".join(words)
            if not _is_sentence_end(t):
                out.add(t)
    return frozenset(out)


def _classify_patterns(lines: list[_Line], extra: tuple[Rule, ...], repeated: frozenset[str]) -> None:
    """Pass 1: the comment section, the line patterns and the generic signals."""
    in_comments = after_end = False
    counts: dict[str, int] = {}
    for ln in lines:
        counts[ln.text] = counts.get(ln.text, 0) + 1
    for ln in lines:
        if after_end:
            ln.block_type, ln.rule = "boilerplate", "after end mark"
            continue
        if not in_comments and re.match(COMMENT_START, ln.text):
            ln.block_type, ln.rule, in_comments = "boilerplate", "comment-section start", True
            continue
        if in_comments:
            if re.match(COMMENT_END, ln.text):
                in_comments = False
                ln.block_type, ln.rule = "boilerplate", "comment-section end"
                continue
            m_author = re.match(COMMENT_AUTHOR, ln.raw)
            m_stamp = re.match(COMMENT_STAMP, ln.raw)
            if m_stamp:
                ln.block_type, ln.rule, ln.comment_stamp = "comment", "comment stamp", m_stamp.group(0).strip()
            elif m_author and _words(m_author.group("name")) <= 6:
                ln.block_type, ln.rule = "comment", "comment author"
                ln.commenter = m_author.group("name").strip()
                ln.is_reply = not m_author.group("marker")[0].isdigit()
            else:
                ln.block_type, ln.rule = "comment", "comment text"
            continue
        rule = _match_rule(ln.text, extra)
        if rule is not None:
            ln.block_type, ln.rule = rule.block_type, rule.name
            after_end = rule.name == "press-release end mark"
            continue
        short = _words(ln.text) < BODY_MIN_WORDS and not _is_sentence_end(ln.text)
        if is_non_english(ln.text):
            ln.block_type, ln.rule = "boilerplate", "non-English line"
        elif short and counts[ln.text] >= RUNNING_HEAD_MIN:
            ln.block_type, ln.rule = "boilerplate", "running head"
        elif short and ln.text in repeated:
            ln.block_type, ln.rule = "boilerplate", "repeated across documents"


def _runs(lines: list[_Line], layout: lay.Layout) -> list[list[_Line]]:
    """Untyped lines grouped into candidate paragraphs, as the layout says."""
    runs: list[list[_Line]] = []
    for ln in lines:
        if ln.block_type:
            continue
        if not runs:
            runs.append([ln])
            continue
        last = runs[-1][-1]
        if layout.layout == lay.PER_LINE:
            joined = False
        elif layout.layout == lay.WRAPPED:
            joined = lay.continues_paragraph(last.raw, ln.raw, ln.number != last.number + 1, layout)
        else:
            joined = ln.number == last.number + 1
        if joined:
            runs[-1].append(ln)
        else:
            runs.append([ln])
    return runs


def _body_start(lines: list[_Line], layout: lay.Layout) -> int | None:
    """Line number where the body starts: the first candidate paragraph (see :func:`_runs`) with at least
    BODY_MIN_WORDS words that ends like a sentence."""
    runs = _runs(lines, layout)
    joined = [" ".join(ln.text for ln in run) for run in runs]
    for run, text in zip(runs, joined):
        if _words(text) >= BODY_MIN_WORDS and _is_sentence_end(text):
            return run[0].number
    # short texts: the first sentence-like run of 5+ words after the first line
    for run, text in zip(runs[1:], joined[1:]):
        if _words(text) >= 5 and _is_sentence_end(text):
            return run[0].number
    if layout.layout == lay.BLANK and any(len(run) > 1 for run in runs):
        # a block of adjacent lines that are not one paragraph (a list pasted without blank lines): line by line
        return _body_start(lines, lay.Layout(lay.PER_LINE, layout.n_lines, layout.share_adjacent, layout.width,
                                             layout.share_wrapped, layout.uncertain))
    return None


def _classify_positions(lines: list[_Line], author: str, layout: lay.Layout) -> bool:
    """Pass 2: header zone, headline, author notes, body. Returns True if no body start was found (fallback)."""
    author_re = None
    if author and author.lower() != "unknown":
        author_re = re.compile(re.escape(author.split()[-1]), re.IGNORECASE)
    body_start = _body_start(lines, layout)
    fallback = body_start is None
    headline = None
    for ln in lines:
        if ln.block_type:
            continue
        if author_re is not None and re.match(re.escape(author) + r"\s+is\s", ln.text):
            ln.block_type, ln.rule = "byline", "author note"
            continue
        in_body = body_start is not None and ln.number >= body_start
        if fallback:
            ln.block_type, ln.rule = "body", "body (fallback: no sentence-like paragraph)"
        elif headline is not None and ln.text == headline:
            ln.block_type, ln.rule = "headline", "repeated headline"
        elif in_body:
            ln.block_type, ln.rule = "body", "body"
        elif headline is None and _words(ln.text) < BODY_MIN_WORDS * 2:
            headline = ln.text
            ln.block_type, ln.rule = "headline", "first header line"
        elif author_re is not None and author_re.search(ln.text) and _words(ln.text) <= 8:
            ln.block_type, ln.rule = "byline", "header line naming the author"
        else:
            ln.block_type, ln.rule = "boilerplate", "header zone"
    return fallback


def _label(text: str) -> tuple[str, str, bool] | None:
    """(speaker, rest, strong) if the line opens with a speaker label."""
    m = compile_pattern(SPEAKER_STRONG).match(text)
    if m and (m.group("speaker") == "Q" or len(m.group("speaker")) >= 2) and not m.group("rest").startswith("//"):
        return m.group("speaker").strip(), m.group("rest").strip(), True
    m = compile_pattern(SPEAKER_WEAK).match(text)
    if m:
        return m.group("speaker").strip(), m.group("rest").strip(), False
    return None


def _assign_speakers(lines: list[_Line]) -> None:
    """Pass 3: in a transcript (2+ body lines open with a label), labels become the ``speaker`` of the paragraph."""
    body = [ln for ln in lines if ln.block_type == "body"]
    labels = {ln.number: _label(ln.text) for ln in body}
    found = [lab for lab in labels.values() if lab is not None]
    if not (len(found) >= 2 or (len(found) == 1 and found[0][2] and " " in found[0][0])):
        return  # one label could be prose; a single capitalised two-word label (a speech) is enough
    current = ""
    for ln in body:
        lab = labels[ln.number]
        if lab is not None:
            current, rest, _ = lab
            ln.labelled = True
            if rest:
                ln.text, ln.rule = rest, "body (speaker label)"
            else:
                ln.block_type, ln.rule = "boilerplate", "speaker label (own line)"
        ln.speaker = current


def _classify(raw_text: str, author: str, layout: lay.Layout, extra: tuple[Rule, ...],
              repeated: frozenset[str], mode: str) -> tuple[list[_Line], bool]:
    lines = [_Line(i, raw, _strip_markup(raw)) for i, raw in enumerate(raw_text.splitlines(), start=1)]
    lines = [ln for ln in lines if ln.text]
    if mode == "none":
        for ln in lines:
            ln.block_type, ln.rule = "body", "body (cleaning: none)"
        return lines, False
    _classify_patterns(lines, extra, repeated)
    fallback = _classify_positions(lines, author, layout)
    _assign_speakers(lines)
    return lines, fallback


@lru_cache(maxsize=512)
def _segment_cached(raw_text: str, author: str, extra: tuple[Rule, ...], repeated: frozenset[str],
                    mode: str) -> tuple[tuple, tuple, tuple]:
    layout = lay.detect_layout(raw_text)
    lines, fallback = _classify(raw_text, author, layout, extra, repeated, mode)
    blocks = _group(lines, layout)
    if mode != "none":
        _edges_and_subheadings(blocks)
    mapping = pseudonym_map([b.commenter for b in blocks if b.block_type == "comment"])
    out_blocks = []
    line_of_block = {}
    for i, b in enumerate(blocks):
        is_comment = b.block_type == "comment"
        text = "\n".join(b.text_lines) if is_comment else (_body_text(b) if b.block_type == "body"
                                                          else " ".join(b.text_lines))
        text = _pseudonymise(text, mapping, parts=is_comment)
        out_blocks.append((i, b.block_type, b.rule, text, b.lines[0].number, b.lines[-1].number,
                           mapping.get(b.commenter, ""), bool(b.is_reply), b.comment_stamp, b.speaker))
        for ln in b.lines:
            line_of_block[ln.number] = i
    out_lines = []
    for ln in lines:
        shown = _pseudonymise(ln.text if not ln.labelled else _strip_markup(ln.raw), mapping,
                              parts=ln.block_type == "comment")
        out_lines.append((ln.number, shown, ln.block_type, ln.rule, line_of_block.get(ln.number, -1)))
    info = (layout.layout, layout.n_lines, layout.share_adjacent, layout.width, layout.share_wrapped,
            layout.uncertain, fallback, mode, layout.explanation())
    return tuple(out_blocks), tuple(out_lines), info


BLOCK_COLUMNS = ["block_id", "block_type", "rule", "text", "first_line", "last_line",
                 "commenter", "is_reply", "comment_stamp", "speaker"]
LINE_COLUMNS = ["line_no", "text", "block_type", "rule", "block_id"]
LAYOUT_COLUMNS = ["layout", "n_lines", "share_adjacent", "wrap_width", "share_wrapped", "layout_uncertain",
                  "body_fallback", "cleaning", "layout_evidence"]


def segment_document(raw_text: str, author: str = "unknown", extra: tuple[Rule, ...] = (),
                     repeated: frozenset[str] = frozenset(), mode: str = "rules") -> tuple[tuple, tuple, tuple]:
    """:func:`segment` as plain tuples: (blocks in :data:`BLOCK_COLUMNS` order, lines in :data:`LINE_COLUMNS`
    order, the layout and its evidence in :data:`LAYOUT_COLUMNS` order). ``extra``: the corpus's own patterns
    (:func:`extra_rules`); ``repeated``: lines of this file found in other files of the corpus; ``mode``: one of
    :data:`CLEANING_MODES`."""
    if mode not in CLEANING_MODES:
        raise ValueError(f"cleaning mode {mode!r} is not one of {CLEANING_MODES}")
    raw_text = raw_text[1:] if raw_text.startswith("\ufeff") else raw_text  # a byte-order mark is not text
    return _segment_cached(raw_text, author or "unknown", tuple(extra), frozenset(repeated), mode)


def segment_tuples(raw_text: str, author: str = "unknown") -> tuple[tuple, tuple]:
    """:func:`segment` as plain tuples (rows in :data:`BLOCK_COLUMNS` / :data:`LINE_COLUMNS` order), for speed."""
    blocks, lines, _ = segment_document(raw_text, author)
    return blocks, lines


def segment(raw_text: str, author: str = "unknown", extra: tuple[Rule, ...] = (),
            mode: str = "rules") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Segment one raw document.

    Returns ``(blocks, lines)``: one row per block (``block_id`` in reading
    order, ``block_type``, the ``rule`` that typed it, pseudonymised ``text``,
    raw line span, ``commenter`` pseudonym for comments, ``speaker`` of a
    transcript paragraph or "") and one row per non-empty raw line with its
    type and rule. ``author`` (from the metadata) helps recognise bylines and
    author notes; pass "unknown" if not known.
    """
    blocks, lines, _ = segment_document(raw_text, author, extra, frozenset(), mode)
    return (pd.DataFrame(list(blocks), columns=BLOCK_COLUMNS),
            pd.DataFrame(list(lines), columns=LINE_COLUMNS))


def layout_of(raw_text: str) -> dict:
    """The layout of one raw file and its evidence, as a dict keyed by :data:`LAYOUT_COLUMNS`."""
    return dict(zip(LAYOUT_COLUMNS, segment_document(raw_text)[2]))
