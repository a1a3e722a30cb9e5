"""The teaching guide's times and exercises are the measured ones: each session's reading and rerun time, and for
every exercise its title, how it is answered, the lesson rerun it costs and its worked solution's run time."""
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

GUIDE = (ROOT / "docs" / "teaching_guide.md").read_text(encoding="utf-8")
LESSONS = sorted((ROOT / "notebooks").glob("0[1-5]_*.ipynb"))
TIMES = {(r["notebook"], r["item"]): r for r in csv.DictReader(time_notebooks.CSV.open(encoding="utf-8"))}


def exercises_of(lesson: Path) -> list[str]:
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    md = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    section = md[md.index("## Exercises"):]
    end = section.find("\n## ", 3)
    section = section if end < 0 else section[:end]
    return [t.rstrip(".") for t in re.findall(r"^\d+\. \*\*(.+?)\*\*", section, flags=re.M)]


def glance_rows() -> list[list[str]]:
    block = GUIDE[GUIDE.index("## Exercises at a glance"):]
    rows = [[c.strip() for c in ln.strip("|").split("|")] for ln in block.splitlines() if ln.startswith("|")]
    return rows[2:]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_session_reading_and_rerun_times_are_measured(lesson):
    number = lesson.stem[:2]
    session = GUIDE[GUIDE.index(f"## Session {int(number)} ·"):]
    m = re.search(r"\*\*Reading time (\d+) min; rerun (\d+) s", session)
    assert m, f"session {number} gives no reading and rerun time"
    assert int(m.group(1)) == round(lesson_metrics.measure(lesson)["read_min"])
    assert int(m.group(2)) == round(float(TIMES[(str(lesson.relative_to(ROOT)), "rerun")]["seconds"]))


def test_every_exercise_is_in_the_table_with_its_title():
    listed = [(r[0], r[1]) for r in glance_rows()]
    expected = [(f"{lesson.stem[:2]}-{i}", title) for lesson in LESSONS
                for i, title in enumerate(exercises_of(lesson), start=1)]
    assert listed == expected


@pytest.mark.parametrize("row", glance_rows(), ids=lambda r: r[0])
def test_exercise_run_times_are_the_measured_ones(row):
    number, k = row[0].split("-")
    lesson = next(p for p in LESSONS if p.stem.startswith(number))
    rerun_key = (str(lesson.relative_to(ROOT)), f"exercise {k} rerun")
    by_parameters = k in time_notebooks.EXERCISE_RERUNS.get(lesson.stem, {})
    assert (row[2] == "Parameters cell") == by_parameters
    if by_parameters:
        assert rerun_key in TIMES, f"{row[0]}: no measured rerun; run `python3 run.py times {lesson.relative_to(ROOT)}`"
        assert TIMES[rerun_key]["code_sha"] == time_notebooks.code_sha(lesson), f"{row[0]}: the rerun time is stale"
        assert row[3] == f"{round(float(TIMES[rerun_key]['seconds']))} s"
    else:
        assert row[3] == "—"
    solution = ROOT / "solutions" / f"{lesson.stem}_solutions.ipynb"
    assert row[4] == f"{float(TIMES[(str(solution.relative_to(ROOT)), f'exercise {k}')]['seconds']):.1f} s"
