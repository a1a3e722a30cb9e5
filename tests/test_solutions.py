"""The teaching kit: every exercise of notebooks 01-04 has a worked solution in solutions/, stored executed."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ANALYSIS = sorted(p for p in (ROOT / "notebooks").glob("0[1-5]_*.ipynb"))


def markdown(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def exercise_section(path: Path) -> str:
    """A notebook's Exercises section: from its heading to the next second-level heading (or the end)."""
    text = markdown(path)
    start = text.index("## Exercises")
    end = text.find("\n## ", start + 1)
    return text[start:] if end < 0 else text[start:end]


def exercises(path: Path) -> list[str]:
    """The numbered exercise titles of a notebook's Exercises section, in order."""
    return re.findall(r"^\d+\. \*\*(.+?)\*\*", exercise_section(path), flags=re.M)


def solution_for(path: Path) -> Path:
    return ROOT / "solutions" / f"{path.stem}_solutions.ipynb"


def test_there_are_analysis_notebooks_with_exercises():
    assert len(ANALYSIS) >= 4
    assert all(exercises(p) for p in ANALYSIS)


@pytest.mark.parametrize("path", ANALYSIS, ids=lambda p: p.name)
def test_every_exercise_has_a_solution_section_in_order(path):
    sol = solution_for(path)
    assert sol.exists(), f"missing {sol.relative_to(ROOT)}"
    titles = re.findall(r"^## Exercise (\d+) · (.+)$", markdown(sol), flags=re.M)
    assert [int(n) for n, _ in titles] == list(range(1, len(exercises(path)) + 1))
    assert [t for _, t in titles] == [e.rstrip(".") for e in exercises(path)]


@pytest.mark.parametrize("path", ANALYSIS, ids=lambda p: p.name)
def test_exercises_name_the_cell_to_change_and_link_the_solutions(path):
    section = exercise_section(path)
    assert f"../solutions/{solution_for(path).name}" in section
    for item in re.split(r"\n(?=\d+\. \*\*)", section)[1:]:
        assert re.search(r"Parameters\* cell|new cell|`[\w/.]+\.(csv|yaml|py)`", item), item[:80]
        assert re.search(r"section \d|sections? \d", item), item[:80]


@pytest.mark.parametrize("path", ANALYSIS, ids=lambda p: p.name)
def test_solution_is_stored_executed_with_a_plot_and_no_paths_or_stderr(path):
    nb = json.loads(solution_for(path).read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    outs = [o for c in code for o in c["outputs"]]
    assert not [o for o in outs if o["output_type"] == "error" or o.get("name") == "stderr"]
    assert any("image/png" in o.get("data", {}) for o in outs)
    body = json.dumps(outs)
    assert str(ROOT) not in body and "/tmp" not in body and not re.search(r" at 0x[0-9a-f]{6,}", body)
    assert "ANSWER" not in markdown(solution_for(path)), "an answer placeholder was left in"
