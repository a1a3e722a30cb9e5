"""Classified lines grouped into blocks: comments, paragraphs the layout joins, edge lines and subheadings.

Unit of analysis: the typed **lines** of one raw file (see :mod:`helpers.corpus.cleaning`) go in, **blocks** come
out (steps 5 and 6 of the cleaner).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from helpers.corpus import layout as lay
from helpers.corpus.rules import EDGE_MAX_WORDS, SUBHEADING_MAX_WORDS, TERMINAL

if TYPE_CHECKING:
    from helpers.corpus.cleaning import _Line

_FURNITURE = ("page number", "running head", "repeated across documents")
_JOINED = "body (joined broken paragraph)"


def _words(s: str) -> int:
    return len(s.split())


def _is_sentence_end(s: str) -> bool:
    return s.rstrip().endswith(TERMINAL)


@dataclass
class _Block:
    block_type: str
    rule: str
    lines: list = field(default_factory=list)
    text_lines: list = field(default_factory=list)
    commenter: str = ""
    is_reply: bool = False
    comment_stamp: str = ""
    speaker: str = ""


def _joins(prev: _Block | None, ln: _Line, layout: lay.Layout, between: list[_Block]) -> bool:
    """Whether body line ``ln`` continues body block ``prev`` (``between``: blocks standing between them)."""
    if prev is None or prev.block_type != "body" or ln.labelled or layout.layout == lay.PER_LINE:
        return False
    last = prev.lines[-1]
    if layout.layout == lay.WRAPPED:
        if any(b.rule not in _FURNITURE for b in between):
            return False
        return lay.continues_paragraph(last.raw, ln.raw, bool(between) or ln.number != last.number + 1, layout)
    if between:  # blank-line layout: only the block just before (a paragraph broken across a blank line)
        return False
    if lay.is_bullet(ln.raw) or lay.is_bullet(prev.lines[0].raw):
        return False
    return not _is_sentence_end(prev.text_lines[-1]) and _words(prev.text_lines[-1]) >= 8


def _group(lines: list[_Line], layout: lay.Layout) -> list[_Block]:
    """Group classified lines into blocks (one per line, except comments and paragraphs the layout joins)."""
    blocks: list[_Block] = []
    current_comment: _Block | None = None
    last_body: int | None = None
    for ln in lines:
        if ln.block_type == "comment":
            if ln.rule == "comment author" or current_comment is None:
                current_comment = _Block("comment", "comment", commenter=ln.commenter, is_reply=ln.is_reply)
                blocks.append(current_comment)
            current_comment.lines.append(ln)
            if ln.rule == "comment text":
                current_comment.text_lines.append(ln.text)
            elif ln.rule == "comment stamp":
                current_comment.comment_stamp = ln.comment_stamp
            continue
        current_comment = None
        if ln.block_type == "body":
            prev = blocks[last_body] if last_body is not None else None
            between = blocks[last_body + 1:] if last_body is not None else []
            if _joins(prev, ln, layout, between):
                prev.lines.append(ln)
                prev.text_lines.append(ln.text)
                prev.rule = _JOINED if not prev.rule.startswith("body (cleaning") else prev.rule
                continue
        blocks.append(_Block(ln.block_type, ln.rule, [ln], [ln.text], speaker=ln.speaker))
        if ln.block_type == "body":
            last_body = len(blocks) - 1
    return blocks


def _retype(block: _Block, block_type: str, rule: str) -> None:
    block.block_type, block.rule = block_type, rule
    for ln in block.lines:
        ln.block_type, ln.rule = block_type, rule


def _body_text(block: _Block) -> str:
    text = block.text_lines[0]
    for nxt in block.text_lines[1:]:
        text = lay.join_lines(text, nxt)
    return text


def _edges_and_subheadings(blocks: list[_Block]) -> None:
    """Pass 6: short body blocks without sentence punctuation after the body's last sentence are boilerplate;
    elsewhere they are subheadings. Bullets stay body."""
    body = [b for b in blocks if b.block_type == "body" and not b.rule.startswith("body (cleaning")]
    short = {id(b) for b in body if _words(_body_text(b)) <= EDGE_MAX_WORDS
             and not _is_sentence_end(_body_text(b)) and not lay.is_bullet(b.lines[0].raw)}
    if not short:
        return
    last_sentence = max((i for i, b in enumerate(body) if id(b) not in short), default=-1)
    for i, b in enumerate(body):
        if id(b) not in short or last_sentence < 0:
            continue
        if i > last_sentence:
            _retype(b, "boilerplate", "short edge line")
        elif _words(_body_text(b)) <= SUBHEADING_MAX_WORDS:
            _retype(b, "headline", "subheading")
