"""Segment a raw web copy into typed blocks, with visible, documented rules.

Unit of analysis: the **line** of a raw file goes in; **blocks** come out (one
row per headline, byline, dateline, body paragraph, photo caption, piece of
boilerplate or reader comment).

How a raw file is read, in order:

1. Each non-empty line is matched against :data:`LINE_RULES` (site navigation,
   app banners, "Watch ... Live", disclaimers, an author's contact block,
   "Original url", photo captions, bylines, datelines). The first rule that
   matches gives the line its type, and the rule's name is kept, so every
   decision can be audited (see :func:`rules_table`).
2. A reader-comment section starts at a line matching :data:`COMMENT_START`
   (e.g. ``soundoff (11 Responses)``) and ends at :data:`COMMENT_END`
   (``Post a comment``). Inside it, a numbered or bulleted short line names a
   commenter, a line like ``December 14, 2012 at 7:46 pm | Reply`` dates the
   comment, and every other line is comment text.
3. Lines matching no rule are *header* lines until the first paragraph (one
   line, or adjacent hard-wrapped lines) of at least :data:`BODY_MIN_WORDS`
   words that ends like a sentence: the first
   header line is the headline, a line naming the author is a byline, the rest
   is boilerplate (an author's affiliation, a rubric such as "Editor's Column").
   From the first long line on, unmatched lines are body paragraphs; a line
   repeating the headline is typed as a headline.
4. A body line of 8+ words that stops mid-sentence (no closing punctuation)
   is joined to the next body line: this rejoins hard-wrapped plain text and
   paragraphs that a web copy broke in two ("... the New" / "START treaty.").
5. Commenters' names are replaced by stable pseudonyms, numbered per document
   in order of first appearance (reader-1, reader-2, ...), in the comment
   author column and wherever the name appears in the document's text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

BLOCK_TYPES = ("headline", "byline", "dateline", "body", "caption", "boilerplate", "comment")
"""Every block has one of these types. Only ``body`` is article text."""

BODY_MIN_WORDS = 15
"""A header line this long that ends like a sentence starts the article body."""

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_TERMINAL = ('.', '!', '?', '"', '”', '’', "'", ')', ':', '…', ';')


@dataclass(frozen=True)
class Rule:
    """One line rule: lines matching ``pattern`` get ``block_type``."""

    name: str
    block_type: str
    pattern: str
    example: str

    @property
    def regex(self) -> re.Pattern:
        return _compile(self.pattern)


@lru_cache(maxsize=None)
def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern)


LINE_RULES: tuple[Rule, ...] = (
    # site navigation and app banners
    Rule("live-tv banner", "boilerplate", r"^Watch \w+ Live$", "Watch CBSN Live"),
    Rule("video promo", "boilerplate", r"^Watch .{0,80}\breport\b", "Watch Alexsei Kuznetsov's report on ..."),
    Rule("app banner", "boilerplate", r"^View .{1,40} In$|^.{1,40} App Open$|^(?:(?:Chrome|Safari|Firefox|Edge)\s*)+Continue$",
         "CBS News App Open"),
    Rule("related link", "boilerplate", r"^More from [\w ]{1,30}:", "More from GPS: Time catching up with Putin"),
    Rule("blog furniture", "boilerplate", r"^(?:Post by:|Topics:|« Previous entry|Next entry »|Filed under:)",
         "Topics: Russia"),
    Rule("comment-section end", "boilerplate", r"^(?:Post a comment|Leave a (?:comment|reply)|Add a comment)$",
         "Post a comment"),
    Rule("comment policy", "boilerplate",
         r"welcomes a lively and courteous discussion|^Comments are (?:not )?(?:pre-)?screened",
         "CNN welcomes a lively and courteous discussion ..."),
    Rule("disclaimer", "boilerplate", r"^\*?The views expressed in (?:opinion pieces|this (?:article|column))",
         "*The views expressed in opinion pieces do not necessarily reflect ...*"),
    Rule("subscription prompt", "boilerplate", r"^(?:Want to know more about|Subscribe to|Sign up for)\b",
         "Subscribe to our distribution list"),
    Rule("author contact", "boilerplate",
         r"^(?:E-?mail|Tel\.?|Phone|Fax|Address|ORCID|ResearcherID|Scopus AuthorID|SPIN RSCI)\s*:",
         "ORCID: 0000-0003-1364-4094"),
    Rule("source url", "boilerplate", r"^Original url:?$|^<?https?://\S+>?$", "Original url:"),
    Rule("source credit", "boilerplate", r"^\|\s*[\w .&-]{2,40}$", "| RIA Novosti"),
    # photo captions
    Rule("photo credit", "caption", r"\((?:[A-Z]{2,} )?Photo\s*[:/][^)]*\)\s*$", "(AP Photo/Lionel Cironneau)"),
    # bylines, author notes and datelines
    Rule("byline", "byline", r"^By\s+(?:[A-Z][\w.’'-]*\s*){1,5}(?:,.{0,40})?$|,\s*Special to \w+$",
         "By William Pomeranz, Special to CNN"),
    Rule("editor's note", "byline", r"^Editor[’']s note:", "Editor's note: William Pomeranz is ..."),
    Rule("dateline", "dateline", rf"^{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?, \d{{4}}$|^\d{{1,2}}:\d{{2}} [AP]M [A-Z]{{2,4}}$",
         "June 20, 2012"),
)
"""The line rules, tried in order. Edit here to teach the cleaner a new site."""

COMMENT_START = r"^(?:soundoff \(\d+ Responses?\)|\d+ (?:Comments|Responses)|(?:Reader )?Comments(?: \(\d+\))?)$"
COMMENT_END = r"^(?:Post a comment|Leave a (?:comment|reply)|Add a comment)$"
COMMENT_AUTHOR = r"^\s*(?P<marker>\d+\.|[•*\-])\s+(?P<name>\S(?:.{0,58}\S)?)\s*$"
COMMENT_STAMP = rf"^\s*(?P<date>{_MONTH} \d{{1,2}}, \d{{4}}) at (?P<time>\d{{1,2}}:\d{{2}} ?[apAP]\.?[mM]\.?)(?:\s*\|\s*Reply)?\s*$"


def rules_table() -> pd.DataFrame:
    """One row per line rule (in the order they are tried), for auditing the cleaner."""
    rows = [{"rule": r.name, "block_type": r.block_type, "pattern": r.pattern, "example": r.example}
            for r in LINE_RULES]
    rows += [
        {"rule": "comment-section start", "block_type": "boilerplate", "pattern": COMMENT_START,
         "example": "soundoff (11 Responses)"},
        {"rule": "comment author", "block_type": "comment", "pattern": COMMENT_AUTHOR, "example": "  1. (a name)"},
        {"rule": "comment stamp", "block_type": "comment", "pattern": COMMENT_STAMP,
         "example": "December 14, 2012 at 7:46 pm | Reply"},
        {"rule": "header zone", "block_type": "headline/byline/boilerplate", "pattern": "(position)",
         "example": "first unmatched line = headline; a line naming the author = byline; other short lines = boilerplate"},
        {"rule": "body", "block_type": "body", "pattern": "(position)",
         "example": f"unmatched lines from the first line of {BODY_MIN_WORDS}+ words on"},
    ]
    return pd.DataFrame(rows)


def _strip_markup(line: str) -> str:
    """Remove light Markdown (headings, emphasis, links) that web copies carry."""
    if not any(ch in line for ch in "#[*_"):
        return " ".join(line.split())
    s = re.sub(r"^#{1,6}\s+", "", line.strip())
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = s.replace("**", "").replace("__", "")
    s = re.sub(r"^\*(.+)\*$", r"\1", s)
    return re.sub(r"\s+", " ", s).strip()


def _words(s: str) -> int:
    return len(s.split())


def _is_sentence_end(s: str) -> bool:
    return s.rstrip().endswith(_TERMINAL)


@lru_cache(maxsize=1)
def _any_rule() -> re.Pattern:
    return re.compile("|".join(f"(?:{r.pattern})" for r in LINE_RULES))


def _match_rule(line: str) -> Rule | None:
    if not _any_rule().search(line):
        return None
    for rule in LINE_RULES:
        if rule.regex.search(line):
            return rule
    return None


def _name_pattern(name: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])")


def pseudonym_map(names: list[str]) -> dict[str, str]:
    """Map each distinct commenter name to ``reader-N`` in order of first appearance."""
    out: dict[str, str] = {}
    for n in names:
        if n and n not in out:
            out[n] = f"reader-{len(out) + 1}"
    return out


def _pseudonymise(text: str, mapping: dict[str, str], parts: bool) -> str:
    """Replace full names (longest first); with ``parts``, also name parts of 4+ letters."""
    for name in sorted(mapping, key=len, reverse=True):
        text = _name_pattern(name).sub(mapping[name], text)
    if parts:
        for name in sorted(mapping, key=len, reverse=True):
            tokens = [t.strip(".,") for t in re.split(r"[\s]+", name)]
            if len(tokens) < 2:
                continue
            for tok in tokens:
                if len(tok) >= 4 and tok[0].isupper():
                    text = _name_pattern(tok).sub(mapping[name], text)
    return text


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


def _classify(raw_text: str, author: str) -> list[_Line]:
    lines = [_Line(i, raw, _strip_markup(raw)) for i, raw in enumerate(raw_text.splitlines(), start=1)]
    lines = [ln for ln in lines if ln.text]
    in_comments = False
    author_re = None
    if author and author.lower() != "unknown":
        author_re = re.compile(re.escape(author.split()[-1]), re.IGNORECASE)
    # pass 1: rules and the comment section
    for ln in lines:
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
        rule = _match_rule(ln.text)
        if rule is not None:
            ln.block_type, ln.rule = rule.block_type, rule.name
    # pass 2: header zone, headline, author notes, body
    body_start = _body_start(lines)
    headline = None
    for ln in lines:
        if ln.block_type:
            continue
        if author_re is not None and re.match(re.escape(author) + r"\s+is\s", ln.text):
            ln.block_type, ln.rule = "byline", "author note"
            continue
        in_body = body_start is not None and ln.number >= body_start
        if headline is not None and ln.text == headline:
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
    return lines


def _body_start(lines: list[_Line]) -> int | None:
    """Line number where the body starts: the first run of adjacent untyped lines (a paragraph,
    possibly hard-wrapped) with at least BODY_MIN_WORDS words that ends like a sentence."""
    runs: list[list[_Line]] = []
    for ln in lines:
        if ln.block_type:
            continue
        if runs and ln.number == runs[-1][-1].number + 1:
            runs[-1].append(ln)
        else:
            runs.append([ln])
    joined = [" ".join(r.text for r in run) for run in runs]
    for run, text in zip(runs, joined):
        if _words(text) >= BODY_MIN_WORDS and _is_sentence_end(text):
            return run[0].number
    # short texts: the first sentence-like run of 5+ words after the first line
    for run, text in zip(runs[1:], joined[1:]):
        if _words(text) >= 5 and _is_sentence_end(text):
            return run[0].number
    return None


def _group(lines: list[_Line]) -> list[dict]:
    """Group classified lines into blocks (one per line, except comments and broken paragraphs)."""
    blocks: list[dict] = []
    current_comment: dict | None = None
    for ln in lines:
        if ln.block_type == "comment":
            if ln.rule == "comment author" or current_comment is None:
                current_comment = {"block_type": "comment", "rule": "comment", "text_lines": [],
                                   "first_line": ln.number, "last_line": ln.number,
                                   "commenter": ln.commenter, "is_reply": ln.is_reply, "comment_stamp": ""}
                blocks.append(current_comment)
            current_comment["last_line"] = ln.number
            if ln.rule == "comment text":
                current_comment["text_lines"].append(ln.text)
            elif ln.rule == "comment stamp":
                current_comment["comment_stamp"] = ln.comment_stamp
            continue
        current_comment = None
        prev = blocks[-1] if blocks else None
        if (ln.block_type == "body" and prev is not None and prev["block_type"] == "body"
                and not _is_sentence_end(prev["text_lines"][-1]) and _words(prev["text_lines"][-1]) >= 8):
            prev["text_lines"].append(ln.text)
            prev["last_line"] = ln.number
            prev["rule"] = "body (joined broken paragraph)"
            continue
        blocks.append({"block_type": ln.block_type, "rule": ln.rule, "text_lines": [ln.text],
                       "first_line": ln.number, "last_line": ln.number,
                       "commenter": "", "is_reply": False, "comment_stamp": ""})
    return blocks


@lru_cache(maxsize=256)
def _segment_cached(raw_text: str, author: str) -> tuple[tuple, tuple]:
    lines = _classify(raw_text, author)
    blocks = _group(lines)
    mapping = pseudonym_map([b["commenter"] for b in blocks if b["block_type"] == "comment"])
    out_blocks = []
    for i, b in enumerate(blocks):
        is_comment = b["block_type"] == "comment"
        text = " ".join(b["text_lines"]) if not is_comment else "\n".join(b["text_lines"])
        text = _pseudonymise(text, mapping, parts=is_comment)
        out_blocks.append((i, b["block_type"], b["rule"], text, b["first_line"], b["last_line"],
                           mapping.get(b["commenter"], ""), bool(b["is_reply"]), b["comment_stamp"]))
    line_of_block = {}
    for i, b in enumerate(blocks):
        for n in range(b["first_line"], b["last_line"] + 1):
            line_of_block[n] = i
    out_lines = []
    for ln in lines:
        shown = _pseudonymise(ln.text, mapping, parts=ln.block_type == "comment")
        out_lines.append((ln.number, shown, ln.block_type, ln.rule, line_of_block.get(ln.number, -1)))
    return tuple(out_blocks), tuple(out_lines)


BLOCK_COLUMNS = ["block_id", "block_type", "rule", "text", "first_line", "last_line",
                 "commenter", "is_reply", "comment_stamp"]
LINE_COLUMNS = ["line_no", "text", "block_type", "rule", "block_id"]


def segment_tuples(raw_text: str, author: str = "unknown") -> tuple[tuple, tuple]:
    """:func:`segment` as plain tuples (rows in :data:`BLOCK_COLUMNS` / :data:`LINE_COLUMNS` order), for speed."""
    return _segment_cached(raw_text, author or "unknown")


def segment(raw_text: str, author: str = "unknown") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Segment one raw document.

    Returns ``(blocks, lines)``: one row per block (``block_id`` in reading
    order, ``block_type``, the ``rule`` that typed it, pseudonymised ``text``,
    raw line span, ``commenter`` pseudonym for comments) and one row per
    non-empty raw line with its type and rule. ``author`` (from the metadata)
    helps recognise bylines and author notes; pass "unknown" if not known.
    """
    blocks, lines = _segment_cached(raw_text, author or "unknown")
    return (pd.DataFrame(list(blocks), columns=BLOCK_COLUMNS),
            pd.DataFrame(list(lines), columns=LINE_COLUMNS))
