"""The cleaning rules as data: line patterns, generic boilerplate signals, the rules table and a regex primer.

Unit of analysis: one **rule** (a row of :func:`rules_table`). :mod:`helpers.cleaning` applies them to the lines of
a raw file; every line and block it produces names the rule that typed it, and every such name is a row here.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.errors import BoilerplateFileError

BLOCK_TYPES = ("headline", "byline", "dateline", "body", "caption", "boilerplate", "comment")
"""Every block has one of these types. Only ``body`` is article text."""

BODY_MIN_WORDS = 15
"""A header line this long that ends like a sentence starts the article body."""

EDGE_MAX_WORDS = 12
"""A line after the last sentence of the body, this short and without sentence punctuation, is boilerplate."""

SUBHEADING_MAX_WORDS = 10
"""A body line this short without sentence punctuation (and not a bullet) is a subheading, not article text."""

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
TERMINAL = ('.', '!', '?', '"', '”', '’', "'", ')', ':', '…', ';')
"""Characters that end a line 'like a sentence' for the body-start and joining rules."""


@dataclass(frozen=True)
class Rule:
    """One line rule: lines matching ``pattern`` get ``block_type``."""

    name: str
    block_type: str
    pattern: str
    example: str
    explanation: str = ""

    @property
    def regex(self) -> re.Pattern:
        return compile_pattern(self.pattern)


@lru_cache(maxsize=None)
def compile_pattern(pattern: str) -> re.Pattern:
    return re.compile(pattern)


LINE_RULES: tuple[Rule, ...] = (
    # site navigation and app banners
    Rule("live-tv banner", "boilerplate", r"^Watch \w+ Live$", "Watch CBSN Live",
         "a TV site's live-stream link at the top of the page"),
    Rule("video promo", "boilerplate", r"^Watch .{0,80}\breport\b", "Watch Alexsei Kuznetsov's report on ...",
         "a link to a video report"),
    Rule("app banner", "boilerplate", r"^View .{1,40} In$|^.{1,40} App Open$|^(?:(?:Chrome|Safari|Firefox|Edge)\s*)+Continue$",
         "CBS News App Open", "a mobile 'open in the app / browser' banner"),
    Rule("related link", "boilerplate", r"^More from [\w ]{1,30}:", "More from GPS: Time catching up with Putin",
         "a link to another article of the site"),
    Rule("blog furniture", "boilerplate", r"^(?:Post by:|Topics:|« Previous entry|Next entry »|Filed under:)",
         "Topics: Russia", "a blog's post metadata and navigation"),
    Rule("comment-section end", "boilerplate", r"^(?:Post a comment|Leave a (?:comment|reply)|Add a comment)$",
         "Post a comment", "the comment form's link (ends a comment section; boilerplate wherever it stands)"),
    Rule("comment policy", "boilerplate",
         r"welcomes a lively and courteous discussion|^Comments are (?:not )?(?:pre-)?screened",
         "CNN welcomes a lively and courteous discussion ...", "the site's rules for commenters"),
    Rule("disclaimer", "boilerplate", r"^\*?The views expressed in (?:opinion pieces|this (?:article|column))",
         "*The views expressed in opinion pieces do not necessarily reflect ...*", "an opinion-page disclaimer"),
    Rule("subscription prompt", "boilerplate", r"^(?:Want to know more about|Subscribe to|Sign up for)\b",
         "Subscribe to our distribution list", "a newsletter prompt"),
    Rule("author contact", "boilerplate",
         r"^(?:E-?mail|Tel\.?|Phone|Fax|Address|ORCID|ResearcherID|Scopus AuthorID|SPIN RSCI)\s*:",
         "ORCID: 0000-0003-1364-4094", "an author's contact or researcher-id line"),
    Rule("source url", "boilerplate", r"^Original url:?$|^<?https?://\S+>?$", "Original url:",
         "a line that is only a URL, or its label"),
    Rule("source credit", "boilerplate", r"^\|\s*[\w .&-]{2,40}$", "| RIA Novosti",
         "a photo or source credit after a vertical bar"),
    # photo captions
    Rule("photo credit", "caption", r"\((?:[A-Z]{2,} )?Photo\s*[:/][^)]*\)\s*$", "(AP Photo/Lionel Cironneau)",
         "a photo caption ends in a credit in parentheses"),
    # bylines, author notes and datelines
    Rule("byline", "byline", r"^By\s+(?:[A-Z][\w.’'-]*\s*){1,5}(?:,.{0,40})?$|,\s*Special to \w+$",
         "By William Pomeranz, Special to CNN", "'By' and one to five capitalised words"),
    Rule("editor's note", "byline", r"^Editor[’']s note:", "Editor's note: William Pomeranz is ...",
         "a note about the author"),
    Rule("dateline", "dateline", rf"^{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?, \d{{4}}$|^\d{{1,2}}:\d{{2}} [AP]M [A-Z]{{2,4}}$",
         "June 20, 2012", "a line that is only a date or a time"),
)
"""The site-specific line rules, tried in order (after a corpus's own ``boilerplate.csv`` patterns)."""

GENERIC_RULES: tuple[Rule, ...] = (
    Rule("issuing office", "boilerplate",
         r"^(?:THE WHITE HOUSE|The White House|Office of the (?:Press Secretary|Spokesperson)|"
         r"For Immediate Release|FOR IMMEDIATE RELEASE)\b.{0,60}$",
         "Office of the Press Secretary", "the letterhead of a government press office"),
    Rule("page number", "boilerplate",
         r"^(?:[-–—]\s*)?\d{1,3}(?:\s*[-–—])?$|^Page \d{1,3}(?: of \d{1,3})?$|^[A-Z]{2,5}-\d{1,3}$",
         "Page 2 of 4", "PDF-to-text page numbers ('3', '- 3 -', 'Page 3 of 9', 'CRS-3')"),
    Rule("press-release end mark", "boilerplate", r"^(?:#{3}|[-–—]\s*30\s*[-–—])$", "###",
         "the end mark of a press release; every line after it is boilerplate too"),
    Rule("share links", "boilerplate", r"^(?:(?:Share|Tweet|Email|Print|Facebook|Twitter|LinkedIn)\s*)+$",
         "Share Tweet Email", "social-media buttons"),
    Rule("site navigation", "boilerplate", r"^(?:Skip to (?:main )?content|Back to [Tt]op|Main [Mm]enu|Related Coverage)$",
         "Back to Top", "links of a site's page frame"),
    Rule("wire credit", "boilerplate", r"^\((?:Additional )?(?:[Rr]eporting|[Ww]riting|[Ee]diting) by [^)]*\)$",
         "(Reporting by A. Writer; Editing by B. Editor)", "a news agency's staff credit at the end of wire copy"),
    Rule("copyright line", "boilerplate", r"^(?:©|\([Cc]\)|Copyright ©?)\s*.{0,100}$",
         "© Test Wire 2009. All rights reserved.", "a copyright notice"),
    Rule("more-information prompt", "boilerplate", r"^For (?:more|further) information\b.{0,80}(?:visit|see|contact)\b.{0,40}$",
         "For more information on the New START Treaty, please visit:", "a pointer to a web page or press office"),
)
"""Generic furniture rules, tried after :data:`LINE_RULES` (none of them matches a line of the five seeds)."""

def _alternatives(pattern: str) -> list[str] | None:
    """The top-level alternatives of a pattern (split at each ``|`` outside groups and sets); None if the
    pattern sets global flags or uses a backreference (then it cannot be split)."""
    if re.search(r"\\[1-9]|\(\?P=", pattern) or re.compile(pattern).flags != re.compile("").flags:
        return None
    out, depth, in_set, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_set:
            in_set = c != "]"
        elif c == "[":
            in_set = True
            i += 1 + pattern.startswith("^", i + 1)
            i += pattern.startswith("]", i)  # a "]" first in a set is a literal
            continue
        elif c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    return out + [pattern[start:]]


@lru_cache(maxsize=1)
def _rule_screens() -> tuple[re.Pattern, re.Pattern] | None:
    """Every alternative of :data:`LINE_RULES` and :data:`GENERIC_RULES` in two patterns: those anchored at the
    start of the line (tried there only) and the others (searched); None if a rule cannot be split."""
    anchored, floating = [], []
    for rule in LINE_RULES + GENERIC_RULES:
        alternatives = _alternatives(rule.pattern)
        if alternatives is None:
            return None
        for alt in alternatives:
            (anchored if alt.startswith("^") else floating).append(alt)
    return tuple(re.compile("|".join(f"(?:{p})" for p in ps) if ps else "(?!)") for ps in (anchored, floating))


def any_rule_matches(line: str) -> bool:
    """Whether a pattern of :data:`LINE_RULES` or :data:`GENERIC_RULES` matches anywhere in ``line``.

    A pattern matches where one of its top-level alternatives matches, and an alternative that starts with
    ``^`` can match only at the start of the line: so one match at the start and one search of the rest
    answer what a search of every pattern answers, without trying the anchored ones at every position."""
    screens = _rule_screens()
    if screens is None:
        return any(rule.regex.search(line) for rule in LINE_RULES + GENERIC_RULES)
    return bool(screens[0].match(line) or screens[1].search(line))


COMMENT_START = r"^(?:soundoff \(\d+ Responses?\)|\d+ (?:Comments|Responses)|(?:Reader )?Comments(?: \(\d+\))?)$"
COMMENT_END = r"^(?:Post a comment|Leave a (?:comment|reply)|Add a comment)$"
COMMENT_AUTHOR = r"^\s*(?P<marker>\d+\.|[•*\-])\s+(?P<name>\S(?:.{0,58}\S)?)\s*$"
COMMENT_STAMP = rf"^\s*(?P<date>{_MONTH} \d{{1,2}}, \d{{4}}) at (?P<time>\d{{1,2}}:\d{{2}} ?[apAP]\.?[mM]\.?)(?:\s*\|\s*Reply)?\s*$"

BULLET = r"^\s*(?:[•·▪◦‣*–-]|\d{1,2}[.)])\s+\S"
"""A bullet or numbered-list line: article text even without sentence punctuation."""

SPEAKER_STRONG = (r"^(?P<speaker>Q|(?:[A-Z][A-Z.'’-]*)(?: (?:OF )?[A-Z][A-Z.'’-]*){0,4})\s*:"
                  r"(?:\s*\((?:As translated|As interpreted|via interpreter|in English)\.?\)\s*)?\s*(?P<rest>.*)$")
"""A transcript speaker label in capitals, before a colon: ``PRESIDENT OBAMA:``, ``MR. GIBBS:``, ``Q:``."""

SPEAKER_WEAK = (r"^(?P<speaker>Q|Question|(?:(?:The )?President|Prime Minister|(?:Foreign )?Minister|Secretary|"
                r"Ambassador|Mr|Ms|Mrs|Dr)\.? [A-Z][\w'’-]+)(?:[.:]\s+|\s+(?=[A-Z“\"'‘(]))"
                r"(?:\((?:As translated|As interpreted|via interpreter)\.?\)\s*)?(?P<rest>[A-Z“\"'‘(].*)$")
"""A mixed-case label (``President Putin.``, ``Q Mr. President, ...``): counted only in a document with two or
more labelled lines, because one such line could be ordinary prose."""

FOREIGN_WORDS = frozenset("""
il lo la le gli un una uno del della dei delle di da dal nel nella su sul sulla che non nessun nessuna
commento commenti posta pubblicato etichette iscriviti condividi più recente vecchio alle ore questo
el los las del por para una unos unas como pero comentarios comentario publicado entrada entradas más antigua
le les des une est dans pour avec sur qui pas du au aux commentaire commentaires publié ajouter
der das und ist nicht ein eine mit von zu den dem kommentar kommentare veröffentlicht
os uma não com comentário comentários postado postagem mais recente antiga página inicial
""".split())
"""Function words and blog-interface words of Italian, Spanish, French, German and Portuguese (words that are
also English, such as 'a', 'in', 'come', 'post', are listed only where the other words decide)."""

ENGLISH_FUNCTION_WORDS = frozenset("""
the of and to in is was for on that with as by at from it an be are this which or has have had not but
his her their its will would who were been they he she we you our said after about than into more
""".split())


_LETTERS = re.compile(r"[^\W\d_]+")
_ASCII_LETTERS = re.compile(r"[a-z]+")  # the same words in a lower-cased ASCII string, found faster


def _words_lower(line: str) -> list[str]:
    low = line.lower()
    return (_ASCII_LETTERS if low.isascii() else _LETTERS).findall(low)


def foreign_share(line: str) -> tuple[int, int, int]:
    """(number of words, non-English function words, English function words) of one line."""
    words = _words_lower(line)
    return len(words), sum(w in FOREIGN_WORDS for w in words), sum(w in ENGLISH_FUNCTION_WORDS for w in words)


def is_non_english(line: str) -> bool:
    """A line of 2+ words whose non-English function words outnumber its English ones and make up 30%+ of it."""
    if FOREIGN_WORDS.isdisjoint(_words_lower(line)):  # no foreign word: never more foreign than English words
        return False
    n, foreign, english = foreign_share(line)
    return n >= 2 and foreign > english and foreign / n >= 0.3


POSITIONAL_RULES: tuple[tuple[str, str, str, str], ...] = (
    # (rule, block_type, pattern or evidence, explanation); the order they apply, after the pattern rules
    ("comment-section start", "boilerplate", COMMENT_START,
     "opens a reader-comment section (e.g. 'soundoff (11 Responses)'); lines up to the comment-section end "
     "are comments"),
    ("comment author", "comment", COMMENT_AUTHOR,
     "inside a comment section: a numbered or bulleted line of at most 6 words names a commenter (replaced by "
     "reader-N)"),
    ("comment stamp", "comment", COMMENT_STAMP, "inside a comment section: the date and time of a comment"),
    ("comment text", "comment", "(position: any other line inside a comment section)",
     "the text of the comment the last author line opened"),
    ("extra pattern (boilerplate.csv)", "boilerplate", "(the corpus folder's boilerplate.csv)",
     "a pattern the corpus's user added; tried before every built-in rule"),
    ("non-English line", "boilerplate", "(evidence: words of FOREIGN_WORDS outnumber English function words, "
     "and are 30%+ of the words)", "e.g. a blog platform's footer in Italian: 'Nessun commento: Posta un commento'"),
    ("running head", "boilerplate", "(evidence: the same short line, without sentence punctuation, 3+ times in "
     "the file)", "a PDF's running head or footer repeated on every page"),
    ("repeated across documents", "boilerplate", "(evidence: the same short line, without sentence punctuation, "
     "in 2+ files of the corpus)", "a site's furniture that repeats in every copy from that site"),
    ("after end mark", "boilerplate", "(position: after a press-release end mark '###' or '-30-')",
     "contacts and the 'About us' paragraph after the end of a press release"),
    ("author note", "byline", "(evidence: a line starting with the metadata author's full name and 'is')",
     "'Jane Doe is a correspondent in Geneva.'"),
    ("repeated headline", "headline", "(evidence: a later line identical to the headline)",
     "the headline printed twice by the site"),
    ("first header line", "headline", f"(position: the first unmatched line before the body, under "
     f"{BODY_MIN_WORDS * 2} words)", "the headline"),
    ("header line naming the author", "byline", "(evidence: a header line of at most 8 words containing the "
     "author's surname)", "'Fyodor A. Lukyanov'"),
    ("header zone", "boilerplate", "(position: any other unmatched line before the body starts)",
     "a rubric, an affiliation, a site name"),
    ("body", "body", f"(position: unmatched lines from the first paragraph of {BODY_MIN_WORDS}+ words that ends "
     "like a sentence)", "article text; paragraphs as the document's layout says (see layout.detect_layout)"),
    ("body (speaker label)", "body", SPEAKER_STRONG + "  |  " + SPEAKER_WEAK,
     "a transcript paragraph: the label goes to the speaker column, the rest is the text"),
    ("speaker label (own line)", "boilerplate", SPEAKER_STRONG,
     "a speaker label alone on its line: sets the speaker of the following paragraphs"),
    ("short edge line", "boilerplate", f"(evidence: after the last sentence of the body, under "
     f"{EDGE_MAX_WORDS + 1} words, no sentence punctuation, not a bullet)", "footer links, share buttons, tags"),
    ("subheading", "headline", f"(evidence: a body line of at most {SUBHEADING_MAX_WORDS} words without sentence "
     "punctuation, not a bullet)", "a section heading inside the article"),
    ("body (fallback: no sentence-like paragraph)", "body",
     "(position: every unmatched line, when no line starts a body)",
     "the heuristics found no body start; the text is kept and the document flagged in the cleaning report"),
    ("body (cleaning: none)", "body", "(metadata: cleaning = none)",
     "the user marked the text as already clean: no rule applied, every line is body"),
    ("body (joined broken paragraph)", "body", "(evidence: a body line of 8+ words that stops mid-sentence, "
     "or the document's layout)", "lines of one paragraph joined (hard-wrapped text, a paragraph broken in two)"),
    ("comment", "comment", "(a block: an author line with its text and stamp lines)", "one reader comment"),
)
"""The rules that are not plain line patterns, in the order they apply after :data:`LINE_RULES`/:data:`GENERIC_RULES`."""


def rules_table(extra: tuple[Rule, ...] = ()) -> pd.DataFrame:
    """One row per **rule** the cleaner can name, in the order the rules apply.

    Columns: ``order``, ``stage``, ``rule``, ``block_type``, ``pattern`` (the full regular expression, or the
    evidence it uses in parentheses), ``example``, ``explanation``. ``extra`` adds a corpus's own patterns
    (:func:`helpers.cleaning.extra_rules`), tried before the built-in line patterns.
    """
    by_name = {name: (bt, pat, expl) for name, bt, pat, expl in POSITIONAL_RULES}

    def rows_of(stage: str, names: list[str]) -> list[dict]:
        return [{"stage": stage, "rule": n, "block_type": by_name[n][0], "pattern": by_name[n][1], "example": "",
                 "explanation": by_name[n][2]} for n in names]

    def rows_of_rules(stage: str, rules: tuple[Rule, ...]) -> list[dict]:
        return [{"stage": stage, "rule": r.name, "block_type": r.block_type, "pattern": r.pattern,
                 "example": r.example, "explanation": r.explanation} for r in rules]

    rows = rows_of("0 metadata", ["body (cleaning: none)"])
    rows += rows_of("1 comment section", ["comment-section start", "comment author", "comment stamp", "comment text"])
    rows += (rows_of_rules("2 corpus pattern (boilerplate.csv)", extra) if extra
             else rows_of("2 corpus pattern (boilerplate.csv)", ["extra pattern (boilerplate.csv)"]))
    rows += rows_of_rules("3 site pattern", LINE_RULES)
    rows += rows_of_rules("4 generic pattern", GENERIC_RULES)
    rows += rows_of("5 generic signal", ["after end mark", "non-English line", "running head",
                                         "repeated across documents"])
    rows += rows_of("6 position in the file", ["author note", "repeated headline", "body", "first header line",
                                               "header line naming the author", "header zone",
                                               "body (fallback: no sentence-like paragraph)"])
    rows += rows_of("7 transcript", ["body (speaker label)", "speaker label (own line)"])
    rows += rows_of("8 paragraphs", ["body (joined broken paragraph)", "short edge line", "subheading", "comment"])
    examples = {"comment-section start": "soundoff (11 Responses)", "comment author": "  1. (a name)",
                "comment stamp": "December 14, 2012 at 7:46 pm | Reply", "non-English line": "Posta un commento",
                "speaker label (own line)": "PRESIDENT OBAMA:", "body (speaker label)": "MR. GIBBS: Good afternoon.",
                "short edge line": "Home page", "subheading": "Strategic Stability",
                "after end mark": "Media contact: (a name), (a phone number)",
                "comment text": "I think the meeting was a waste of time.",
                "extra pattern (boilerplate.csv)": "Advertisement", "running head": "Test Journal of Arms Control",
                "repeated across documents": "Diplomacy in Action",
                "author note": "Jane Doe is a correspondent in Geneva.",
                "repeated headline": "U.S.-Russia ties stuck in the past",
                "first header line": "A Cold but Promising Obama-Putin Meeting",
                "header line naming the author": "Fyodor A. Lukyanov", "header zone": "Editor's Column",
                "body": "The joint statement released by presidents Vladimir Putin and Barack Obama ...",
                "body (fallback: no sentence-like paragraph)": "(a file whose paragraphs never end like sentences)",
                "body (cleaning: none)": "(any line of a file marked cleaning = none)",
                "body (joined broken paragraph)": "... which analysts read as a sign that the New / START treaty.",
                "comment": "(author line + comment text + stamp)"}
    out = pd.DataFrame(rows)
    out["example"] = [e or examples.get(r, "") for r, e in zip(out["rule"], out["example"])]
    out.insert(0, "order", range(1, len(out) + 1))
    return out


REGEX_PRIMER = (
    ("^ and $", "the start and the end of the line", r"^Watch \w+ Live$ matches only a line that is exactly that"),
    (r"\w, \d, \s", "one word character (letter, digit, _), one digit, one space or tab", r"\d{4} = four digits"),
    (".", "any one character", r".{0,80} = up to 80 characters of anything"),
    ("* + ?", "repeat the thing before: 0 or more, 1 or more, 0 or 1 times", r"Responses? = Response or Responses"),
    ("{m,n}", "repeat the thing before m to n times", r"\d{1,2} = one or two digits"),
    ("[...] and [^...]", "one character from the set; one character not in it", r"[AP]M = AM or PM; [^)]* = no ')'"),
    ("(?:a|b)", "a group: either alternative, as one unit", r"(?:Chrome|Safari) = either browser name"),
    ("(?P<name>...)", "a named group: the cleaner keeps what it matched (a commenter's name, a speaker)",
     r"(?P<speaker>Q|...) keeps 'Q'"),
    (r"\b", "a word boundary", r"\breport\b matches 'report', not 'reporter'"),
    (r"\( \. \| \*", "a backslash makes a special character literal", r"\(Photo = a real '(' then 'Photo'"),
    ("(?=...)", "look ahead: what must follow, without consuming it", r"\s(?=[A-Z]) = a space before a capital"),
)


def regex_primer() -> pd.DataFrame:
    """One row per **regular-expression construct** the rules use: ``construct``, ``meaning``, ``example``."""
    return pd.DataFrame(REGEX_PRIMER, columns=["construct", "meaning", "example"])


def extra_rules(path: str | Path) -> tuple[Rule, ...]:
    """A corpus folder's own boilerplate patterns: ``<folder>/boilerplate.csv`` (none if the file is absent).

    Columns: ``pattern`` (a regular expression searched in each stripped line; required), ``name`` (shown in the
    audit; default ``extra pattern N``), ``block_type`` (default ``boilerplate``), ``example``. A bad file raises
    :class:`~helpers.errors.BoilerplateFileError` naming the line and the fix.
    """
    file = Path(path) / "boilerplate.csv"
    if not file.is_file():
        return ()
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BoilerplateFileError(f"'{file}' is not UTF-8 (byte {exc.start}). Save it as UTF-8.") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows or "pattern" not in [h.strip() for h in rows[0]]:
        raise BoilerplateFileError(f"'{file}' needs a header line with a 'pattern' column "
                                   "(optional: name, block_type, example); see data/README.md.")
    header = [h.strip() for h in rows[0]]
    out = []
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise BoilerplateFileError(f"'{file}' line {line_no} has {len(row)} fields but the header has "
                                       f"{len(header)}. Quote a pattern that contains a comma.")
        rec = {h: c.strip() for h, c in zip(header, row)}
        pattern, block_type = rec["pattern"], rec.get("block_type") or "boilerplate"
        if not pattern:
            raise BoilerplateFileError(f"'{file}' line {line_no}: the pattern is empty. Write a regular "
                                       "expression, or delete the line.")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise BoilerplateFileError(f"'{file}' line {line_no}: '{pattern}' is not a valid regular expression "
                                       f"({exc}). Escape special characters with a backslash, e.g. \\( or \\.") from None
        if block_type not in BLOCK_TYPES:
            raise BoilerplateFileError(f"'{file}' line {line_no}: block_type '{block_type}' is not one of "
                                       f"{BLOCK_TYPES}.")
        name = rec.get("name") or f"extra pattern {len(out) + 1}"
        out.append(Rule(name, block_type, pattern, rec.get("example", ""),
                        f"from {file.name} line {line_no}"))
    return tuple(out)
