"""Measure stored notebooks as teaching objects, against the lesson budgets of the collection.

    python scripts/lesson_metrics.py notebooks/0[1-5]*.ipynb          # a table of the figures
    python scripts/lesson_metrics.py --budget notebooks/02_topics.ipynb   # exit 1 if a lesson is over budget

The figures follow the formula the collection is judged by (the lesson contract, ``LESSONS.md`` of the design;
``tests/test_lesson_budgets.py`` checks that this implementation agrees with the reference tool where it is
available):

==========  ==========================================================================================
prose       words of markdown (code blocks, image and link targets, HTML tags and bare URLs removed;
            a word is a whitespace-separated piece with a letter or digit)
printed     characters of text output (streams, ``text/plain`` or ``text/markdown``, HTML tables as
            their text), each output counted up to 3,000 characters; whitespace runs count as one
plots       image outputs
read_min    prose / 200 + printed / 1,000 + 0.5 per plot: minutes to read the notebook once
first_plot  words of prose before the first plot
md_med/max  median and largest markdown cell, in words
code_max    non-blank lines of the longest code cell
p+c         share of prose (by words, sentence by sentence) that reads as process history or caveats,
            by keyword rules: an indicator, not a verdict
==========  ==========================================================================================

Standard library only, so it runs before the environment exists.
"""
from __future__ import annotations

import json
import re
import statistics
import sys
from html.parser import HTMLParser
from pathlib import Path

BUDGET = {"read_min": 30.0, "prose": 3000, "first_plot": 1000, "md_max": 300, "md_med": 100,
          "code_max": 15, "p+c": 0.10}
"""Upper limits for a lesson (notebooks/01-05)."""
RERUN_SECONDS = 30.0
"""A change of the Parameters cell reruns the lesson within this time on a 2-core machine."""
OUTPUT_CAP = 3000
"""Characters of one output a reader is assumed to read; they skim the rest."""

# Keyword rules for process history and caveats (the same rules as the reference tool).
PROCESS = re.compile("|".join([
    r"\bAI\b", r"Claude", r"helper session", r"coding (pass|session)", r"adjudicat", r"who coded", r"coded by",
    r"earlier (version|look|run)s?", r"first version", r"\brevis(ed|ion)", r"during development",
    r"looks? at the test", r"evaluated .{0,20}times", r"design (history|decision)", r"target we set",
    r"we set (the|ourselves)", r"precomputed", r"data/derived", r"scripts?/", r"\bcached?\b", r"fingerprint",
    r"not untouched", r"written before", r"\bleak", r"had seen", r"\bblind\b", r"git history", r"commit",
]), re.I)
CAVEAT = re.compile("|".join([
    r"\bcannot\b", r"not evidence", r"too (narrow|few|small)", r"optimistic", r"\billustrat",
    r"not (independent|validated|measured|shown|a finding|a test|confirmatory)", r"does not (show|mean|prove)",
    r"says? (little|nothing)", r"\bcaution", r"five (documents|articles|texts)", r"\bn = 5\b", r"generalis",
    r"cannot be told", r"no measurable", r"\bbeware\b", r"be careful", r"uncertain", r"limitation",
    r"\bpitfall", r"by chance", r"artefact", r"no more than", r"not distinguishable",
]), re.I)
SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")


class _TableText(HTMLParser):
    """The visible text of an HTML output, one line per row or block (styles and scripts dropped)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.hidden -= 1
        if tag in ("tr", "p", "div", "br", "li"):
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else (value or "")


def prose_text(markdown: str) -> str:
    """Markdown as a reader reads it: no code blocks, image or link targets, HTML tags or bare URLs."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"https?://\S+", " ", text)


def word_count(text: str) -> int:
    return sum(1 for piece in text.split() if re.search(r"[A-Za-z0-9]", piece))


def char_count(text: str) -> int:
    return len(re.sub(r"\s+", " ", text).strip())


def output_text(output: dict) -> str:
    """The text a reader sees in one (non-image) output."""
    if output.get("output_type") == "stream":
        return _joined(output.get("text"))
    data = output.get("data", {})
    html = _joined(data.get("text/html"))
    if "<table" in html:
        parser = _TableText()
        parser.feed(html)
        return "".join(parser.parts)
    return _joined(data.get("text/markdown") or data.get("text/plain"))


def is_process_or_caveat(sentence: str) -> bool:
    return bool(PROCESS.search(sentence) or CAVEAT.search(sentence))


def measure(path: str | Path) -> dict:
    """The teaching figures of one stored notebook (see the module docstring)."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    prose = printed = plots = code_lines = code_max = flagged = 0
    first_plot = None
    cell_words: list[int] = []
    for cell in nb["cells"]:
        source = _joined(cell.get("source"))
        if cell["cell_type"] == "markdown":
            text = prose_text(source)
            n = word_count(text)
            cell_words.append(n)
            prose += n
            flagged += sum(word_count(s) for s in SENTENCE_END.split(text) if is_process_or_caveat(s))
        elif cell["cell_type"] == "code":
            lines = [ln for ln in source.splitlines() if ln.strip()]
            code_lines += len(lines)
            code_max = max(code_max, len(lines))
            for output in cell.get("outputs", []):
                if any(key.startswith("image/") for key in output.get("data", {})):
                    plots += 1
                    if first_plot is None:
                        first_plot = prose
                    continue
                printed += min(char_count(output_text(output)), OUTPUT_CAP)
    return {
        "read_min": round(prose / 200 + printed / 1000 + 0.5 * plots, 1),
        "prose": prose, "printed": printed, "plots": plots,
        "first_plot": prose if first_plot is None else first_plot,
        "md_med": int(statistics.median(cell_words)) if cell_words else 0,
        "md_max": max(cell_words, default=0),
        "code_lines": code_lines, "code_max": code_max,
        "p+c": round(flagged / prose, 2) if prose else 0.0,
    }


def over_budget(figures: dict) -> list[str]:
    """One line per budget the figures exceed ('' if none)."""
    return [f"{key} {figures[key]} > {limit}" for key, limit in BUDGET.items() if figures[key] > limit]


COLUMNS = ["read_min", "prose", "printed", "plots", "first_plot", "md_med", "md_max", "code_lines", "code_max", "p+c"]


def main(argv: list[str]) -> int:
    check = "--budget" in argv
    paths = [a for a in argv if not a.startswith("--")]
    print(f"{'notebook':44s} " + " ".join(f"{c:>10s}" for c in COLUMNS))
    failed = 0
    for path in paths:
        figures = measure(path)
        print(f"{str(path)[-44:]:44s} " + " ".join(f"{figures[c]:>10}" for c in COLUMNS))
        over = over_budget(figures) if check else []
        if over:
            failed += 1
            print("   over the lesson budget: " + "; ".join(over))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
