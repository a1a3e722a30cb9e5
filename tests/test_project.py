"""Project-wide rules: the stored notebooks, offline code, the set-up commands."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CODE_FILES = sorted(list((ROOT / "helpers").rglob("*.py")) + list((ROOT / "scripts").rglob("*.py")) + NOTEBOOKS)


def code_cells(path: Path) -> list[dict]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS][:2] == ["00_start_here.ipynb", "01_corpus.ipynb"]


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


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if code_cells(p)], ids=lambda p: p.name)
def test_analysis_notebook_has_goals_exercises_discussion_and_a_plot(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    for heading in ("Learning goals", "Exercises", "Discussion questions", "Parameters"):
        assert heading in markdown, heading
    assert any("image/png" in out.get("data", {}) for c in code_cells(path) for out in c["outputs"])
    assert "SUMMARY_PLACEHOLDER" not in markdown


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
    for dep in deps:
        assert re.split(r"[<>=!~ ]", dep, maxsplit=1)[0].lower().replace("_", "-") in lock, dep
