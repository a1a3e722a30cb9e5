"""Prose of notebook 02 and its solutions follows the stored outputs: no hard-coded topic numbers or values in
markdown, and every topic label the prose names is in the executed output."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import topics

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = [ROOT / "notebooks" / "02_topics.ipynb", ROOT / "solutions" / "02_topics_solutions.ipynb"]


def _cells(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _markdown(path: Path) -> str:
    return "\n".join("".join(c["source"]) for c in _cells(path) if c["cell_type"] == "markdown")


def _outputs(path: Path) -> str:
    out = []
    for c in _cells(path):
        for o in c.get("outputs", []):
            out.append("".join(o.get("text", "")))
            out.append("".join(o.get("data", {}).get("text/plain", "")))
            out.append("".join(o.get("data", {}).get("text/html", "")))
    return "\n".join(out)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_labels_named_in_prose_are_in_the_output(path):
    prose, output = _markdown(path).lower(), _outputs(path).lower()
    named = [lab for lab in topics.load_labels()["label"] if re.search(rf"\*{re.escape(lab.lower())}\*", prose)]
    missing = [lab for lab in named if lab.lower() not in output]
    assert not missing, f"{path.name}: the prose names topic(s) {missing} that the stored output does not have"


def test_notebook_prose_names_no_label_of_the_stored_run():
    """Label names of a run belong in printed output (the reading is printed from the outputs), not in prose."""
    prose = _markdown(NOTEBOOKS[0]).lower()
    assert not [lab for lab in topics.load_labels()["label"] if f"*{lab.lower()}*" in prose]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_topic_numbers_or_result_values_in_markdown(path):
    prose = _markdown(path)
    assert not re.findall(r"\bT\d+\b", prose), "topic numbers change between runs: name topics by label"
    assert not re.findall(r"\bk = \d", prose), "the k read comes from the rule: print it, do not write it"
    assert not re.findall(r"(?<![\w.])[01]\.\d{2,}", prose), "decimal results belong in printed output"


def test_solutions_claim_more_solutions_at_the_largest_k():
    """Solution 02-1 says there are more distinct solutions at the largest defensible k than at the smallest."""
    for cell in _cells(NOTEBOOKS[1]):
        for o in cell.get("outputs", []):
            plain = "".join(o.get("data", {}).get("text/plain", ""))
            if "n_solutions" in plain:
                rows = [list(map(int, re.findall(r"\d+", line)[:3])) for line in plain.splitlines()[1:]
                        if re.match(r"^\d+\s+\d+\s+\d+", line)]
                by_k = {k: n for _, k, n in rows}
                assert by_k[max(by_k)] > by_k[min(by_k)]
                return
    pytest.fail("the overview table of exercise 1 is missing from the stored solutions")


def test_reading_claims_about_held_out_support_hold_in_the_stored_output():
    """Each topic marked '(no held-out support)' has a printed line that names the failed criterion."""
    output = _outputs(NOTEBOOKS[0])
    for lab in topics.load_labels()["label"]:
        if f"{lab} (no held-out support)" in output:
            assert re.search(rf"{re.escape(lab)}: found in .* NO held-out support \(failed: ", output)
