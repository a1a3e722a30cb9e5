"""Project-wide rules: the stored notebooks, offline code, the set-up commands."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("0[1-5]_*.ipynb"))
EVIDENCE = sorted((ROOT / "notebooks" / "evidence").glob("*.ipynb"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + EVIDENCE
CODE_FILES = sorted(list((ROOT / "helpers").rglob("*.py")) + list((ROOT / "scripts").rglob("*.py")) + NOTEBOOKS)
METHOD_LESSONS = {"01_corpus": 21, "02_topics": 22, "03_sentiment": 23, "04_reset_framing": 24}
"""Each method lesson has an evidence notebook beside it; the issue that splits it (expected failures until then)."""
LESSON_ISSUES = {**METHOD_LESSONS, "05_scaling_up": 25}


def evidence_for(lesson: Path) -> Path:
    return ROOT / "notebooks" / "evidence" / f"{lesson.stem}_evidence.ipynb"


def open_issue(stem: str):
    """An expected failure naming the lesson issue, while that issue's work has not landed."""
    issue = LESSON_ISSUES.get(stem)
    return pytest.mark.xfail(reason=f"issue {issue} splits this notebook into a lesson and an evidence notebook",
                             strict=True) if issue in OPEN_LESSON_ISSUES else []


OPEN_LESSON_ISSUES: set[int] = set()
"""Lesson issues not landed yet; a lesson issue removes its number when its lesson and evidence notebook land."""


def code_cells(path: Path) -> list[dict]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS][:2] == ["00_start_here.ipynb", "01_corpus.ipynb"]
    assert [p.stem for p in LESSONS] == list(LESSON_ISSUES)


@pytest.mark.parametrize("path", CODE_FILES, ids=lambda p: p.name)
def test_nothing_downloads_at_run_time(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"nltk\.download\(|urlopen\(|requests\.get\(|hf_hub_download|from_pretrained\(", text)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_executed_in_order_without_errors_or_stderr(path):
    cells = code_cells(path)
    assert [c["execution_count"] for c in cells] == list(range(1, len(cells) + 1))
    for c in cells:
        for out in c["outputs"]:
            assert out["output_type"] != "error", "".join(c["source"])[:80]
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), "".join(out["text"])[:200]
            body = json.dumps(out)
            assert not re.search(r" at 0x[0-9a-f]{6,}", body), "memory address in output"
            assert str(ROOT) not in body and "site-packages" not in body, "machine path in output"
        assert "execution" not in c["metadata"], "timing metadata must be normalised away"


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if code_cells(p)], ids=lambda p: p.name)
def test_analysis_notebook_has_one_tagged_parameters_cell_near_the_top(path):
    cells = code_cells(path)
    tagged = [i for i, c in enumerate(cells) if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1 and tagged[0] <= 1
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["language_info"]["version"] == "3.11"


def markdown_of(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_has_parameters_exercises_and_a_plot(path):
    markdown = markdown_of(path)
    for heading in ("Exercises", "Parameters"):
        assert heading in markdown, heading
    assert any("image/png" in out.get("data", {}) for c in code_cells(path) for out in c["outputs"])


@pytest.mark.parametrize("path", [pytest.param(p, marks=open_issue(p.stem), id=p.name) for p in LESSONS])
def test_lesson_has_the_shape_of_the_lesson_contract(path):
    """LESSONS.md: a *What we found* box and one *Limits* section, after the content and before the exercises."""
    markdown = markdown_of(path)
    found, limits, exercises = (markdown.find(h) for h in ("What we found", "## Limits", "## Exercises"))
    assert 0 < found < exercises and 0 < limits < exercises, "What we found / Limits / Exercises missing or out of order"
    assert markdown.count("## Limits") == 1


@pytest.mark.parametrize("stem", [pytest.param(s, marks=open_issue(s), id=s) for s in METHOD_LESSONS])
def test_method_lesson_and_its_evidence_notebook_link_each_other(stem):
    lesson = ROOT / "notebooks" / f"{stem}.ipynb"
    evidence = evidence_for(lesson)
    assert evidence.is_file(), f"missing {evidence.relative_to(ROOT)}"
    assert f"evidence/{evidence.name}" in markdown_of(lesson), "the lesson does not link its evidence notebook"
    assert f"../{lesson.name}" in markdown_of(evidence), "the evidence notebook does not link its lesson"
    assert code_cells(evidence), "the evidence notebook has no code"


def test_every_evidence_notebook_belongs_to_a_method_lesson():
    assert {p.stem.removesuffix("_evidence") for p in EVIDENCE} <= set(METHOD_LESSONS)


def test_readme_gives_exactly_the_two_set_up_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [ln.split("#")[0].strip() for ln in quick.strip().splitlines()]
    assert commands == ["python3 run.py build", "python3 run.py test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 run.py test" in ci


def test_environment_yml_lists_every_dependency_of_pyproject():
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    env = (ROOT / "environment.yml").read_text(encoding="utf-8").lower()
    for dep in deps:
        name = re.split(r"[<>=!~ ]", dep, maxsplit=1)[0].lower()
        assert f"- {name}" in env, name


def test_lock_pins_every_dependency_of_pyproject():
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    lock = {ln.split("==")[0].lower().replace("_", "-") for ln in
            (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines() if "==" in ln}
    test_lock = {ln.split("==")[0].lower().replace("_", "-") for ln in
                 (ROOT / "requirements-test.lock").read_text(encoding="utf-8").splitlines() if "==" in ln}
    assert not lock & test_lock, "a package pinned twice"
    test_deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"]["test"]
    for dep in test_deps:
        assert re.split(r"[<>=!~ \[]", dep, maxsplit=1)[0].lower().replace("_", "-") in test_lock, dep
    for dep in deps:
        assert re.split(r"[<>=!~ ]", dep, maxsplit=1)[0].lower().replace("_", "-") in lock, dep
