"""Notebook 00 holds true to the collection: every figure of its findings table is printed in the lesson or the
evidence notebook its row links, the route's reading and rerun times are the measured ones, and its map is there."""
from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import lesson_metrics  # noqa: E402
import time_notebooks  # noqa: E402

START = ROOT / "notebooks" / "00_start_here.ipynb"
NUMBER = re.compile(r"(?<![\w.])[+-]?\d+(?:\.\d+)?%?")


def markdown_cells() -> list[str]:
    nb = json.loads(START.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def table_after(heading: str) -> list[list[str]]:
    """The rows (cells stripped) of the first Markdown table after ``heading``."""
    text = "\n".join(markdown_cells())
    block = text[text.index(heading):]
    rows = [ln for ln in block.splitlines() if ln.startswith("|")]
    out, started = [], False
    for ln in block.splitlines():
        if ln.startswith("|"):
            started = True
            out.append([c.strip() for c in ln.strip("|").split("|")])
        elif started:
            break
    assert rows, f"no table after {heading!r}"
    return [r for r in out[2:]]  # header and rule dropped


def outputs_text(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append("".join(out["text"]))
            for key in ("text/plain", "text/html"):
                if key in out.get("data", {}):
                    parts.append("".join(out["data"][key]))
    return "\n".join(parts)


def linked_notebooks(cell: str) -> list[Path]:
    return [(START.parent / href).resolve() for href in re.findall(r"\]\(([\w/.]+\.ipynb)\)", cell)]


FINDINGS = table_after("## Findings at a glance")


@pytest.mark.parametrize("row", FINDINGS, ids=lambda r: r[0])
def test_every_figure_of_the_findings_table_is_printed_in_its_notebooks(row):
    books = linked_notebooks(row[-1])
    assert books and all(b.is_file() for b in books), f"{row[0]}: broken links {row[-1]}"
    printed = "\n".join(outputs_text(b) for b in books)
    missing = []
    for cell in row[1:-1]:
        for number in NUMBER.findall(cell.replace(",", "")):
            if number.lstrip("+") not in printed.replace(",", ""):
                missing.append(number)
    assert not missing, f"{row[0]}: figures no output of {[b.name for b in books]} shows: {missing}"


def test_every_method_lesson_has_a_row_linking_lesson_and_evidence():
    lessons = sorted(p.name for p in (ROOT / "notebooks").glob("0[1-5]_*.ipynb"))
    linked = {p.name for row in FINDINGS for p in linked_notebooks(row[-1])}
    assert set(lessons) <= linked
    evidence = {p.name for p in (ROOT / "notebooks" / "evidence").glob("*.ipynb")}
    assert evidence <= linked, f"evidence notebooks without a row: {evidence - linked}"


ROUTE = table_after("## The route")


@pytest.mark.parametrize("row", ROUTE, ids=lambda r: r[0])
def test_route_times_are_the_measured_ones(row):
    (lesson,) = linked_notebooks(row[1])
    minutes = int(re.match(r"(\d+) min", row[3]).group(1))
    assert minutes == round(lesson_metrics.measure(lesson)["read_min"]), f"{lesson.name}: reading time"
    times = {(r["notebook"], r["item"]): r for r in csv.DictReader(time_notebooks.CSV.open(encoding="utf-8"))}
    rerun = float(times[(str(lesson.relative_to(ROOT)), "rerun")]["seconds"])
    assert int(re.match(r"(\d+) s", row[4]).group(1)) == round(rerun), f"{lesson.name}: rerun time"
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    md = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    section = md[md.index("## Exercises"):]
    section = section[:section.find("\n## ", 3)] if "\n## " in section[3:] else section
    assert int(row[5]) == len(re.findall(r"^\d+\. \*\*", section, flags=re.M)), f"{lesson.name}: exercises"


def test_route_lists_every_lesson_in_order():
    assert [linked_notebooks(r[1])[0].name for r in ROUTE] == \
        sorted(p.name for p in (ROOT / "notebooks").glob("0[1-5]_*.ipynb"))


def test_the_map_is_stored_with_its_description():
    nb = json.loads(START.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "attachment:collection_map.png" in "".join(c["source"]))
    assert cell["attachments"]["collection_map.png"]["image/png"].startswith("iVBOR")
    alt = re.search(r"!\[([^\]]+)\]\(attachment:collection_map.png\)", "".join(cell["source"])).group(1)
    assert all(w in alt for w in ("helpers.corpus", "helpers.text", "lessons", "evidence"))
