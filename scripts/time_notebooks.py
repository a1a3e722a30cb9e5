"""Time the lessons as a student reruns them, and every exercise of the worked solutions.

    python3 run.py times                         # every lesson and every solutions notebook
    python3 run.py times notebooks/02_topics.ipynb solutions/02_topics_solutions.ipynb

For each lesson (``notebooks/01``-``05``) the Parameters cell is changed as :data:`RERUN_CHANGES` says, and the
notebook is run top to bottom in a fresh kernel (kernel start included: what *Restart and Run All* costs a
student). For each solutions notebook every code cell is timed and the times are summed per
``## Exercise N`` section. Results go to ``benchmarks/notebook_times.csv``, one row per measurement, with a hash
of the notebook's code so a test can tell a stale row from a current one (``tests/test_lesson_budgets.py``).
Times are wall-clock seconds on the machine that ran this; the load average before the run is recorded too.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT / "benchmarks" / "notebook_times.csv"
FIELDS = ["notebook", "item", "seconds", "change", "code_sha", "load_before"]

RERUN_CHANGES: dict[str, dict] = {
    "01_corpus": {"EXAMPLE_DOC": "mt_2012"},
    "02_topics": {"MODEL": "lda"},
    "03_sentiment": {"DOC_ID": "mt_2012"},
    "04_reset_framing": {"NODE": r"partner\w*"},
    "05_scaling_up": {"N_DOCS": 200},
}
"""The Parameters change each lesson is timed with (a value a student would try). A lesson issue sets its own."""

ACTORS_PLUS = "<a copy of data/actors.csv with NATO and Saakashvili added>"
DATA_COPY = "<a copy of data/>"
EXERCISE_RERUNS: dict[str, dict[str, dict]] = {
    "01_corpus": {"1": {"EXAMPLE_DOC": "mt_2012"}, "3": {"ACTORS_FILE": ACTORS_PLUS},
                  "4": {"DATA_DIR": DATA_COPY}},
    "02_topics": {"1": {"K": 6}, "2": {"DROP_NAMES": False}, "3": {"UNIT": "sentence"}, "4": {"MODEL": "lda"},
                  "5": {"MIN_DF": 4}, "6": {"SEED": 1}},
    "03_sentiment": {"2": {"MASK_NAMES": False}, "3": {"ACTORS_FILE": ACTORS_PLUS}},
    "04_reset_framing": {"1": {"NODE": r"trust\w*"}, "2": {"WINDOW": 10}, "3": {"PRIOR": 1.0},
                         "7": {"FRAMES": ["g_conflict"]}},
    "05_scaling_up": {"1": {"WORKERS": 2, "N_DOCS": 1000}},
}
"""The exercises a student answers by changing the Parameters cell and rerunning the lesson, with the change
(the largest when an exercise asks for several). Each is timed as a rerun of the whole lesson (row
``exercise N rerun``); the teaching guide gives these times beside the worked solutions' own run times."""


def code_sha(path: Path) -> str:
    """A hash of a notebook's code cells: a measurement is current while this is unchanged."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = "\n\x00".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    return hashlib.sha256(code.encode()).hexdigest()[:16]


def _with_change(nb: nbformat.NotebookNode, change: dict) -> nbformat.NotebookNode:
    """The notebook with ``change`` applied to its tagged parameters cell (each name must be declared there)."""
    import ast

    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    for name, value in change.items():
        found = [n for n in ast.parse(cell.source).body if isinstance(n, ast.Assign)
                 and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)]
        if not found:
            raise SystemExit(f"parameter {name} is not in the Parameters cell; edit RERUN_CHANGES")
        lines = cell.source.splitlines()                     # the whole assignment, over as many lines as it takes
        lines[found[0].lineno - 1:found[0].end_lineno] = [f"{name} = {value!r}"]
        cell.source = "\n".join(lines)
    return nb


def _execute(nb: nbformat.NotebookNode, cwd: Path, timing: bool = False) -> nbformat.NotebookNode:
    client = NotebookClient(nb, timeout=1800, kernel_name="python3", record_timing=timing,
                            resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return nb


def _files_for(change: dict, tmp: Path) -> dict:
    """``change`` with the file placeholders replaced by real files in ``tmp``."""
    import shutil

    out = {}
    for name, value in change.items():
        if value == ACTORS_PLUS:
            target = tmp / "my_actors.csv"
            text = (ROOT / "data" / "actors.csv").read_text(encoding="utf-8").rstrip("\n")
            header = text.splitlines()[0].split(",")
            extra = [{"actor": "NATO", "side": "other", "pattern": r"\bNATO\b", "note": "the alliance",
                      "type": "institution"},
                     {"actor": "Saakashvili", "side": "other", "pattern": r"\bSaakashvili\b", "note": "",
                      "type": "person"}]
            rows = [",".join(r.get(h, "") for h in header) for r in extra]
            target.write_text(text + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
            value = str(target)
        elif value == DATA_COPY:
            target = tmp / "my_corpus"
            shutil.copytree(ROOT / "data", target, ignore=shutil.ignore_patterns("derived", "external"))
            value = str(target)
        out[name] = value
    return out


def _time_run(path: Path, change: dict) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        nb = _with_change(nbformat.read(path, as_version=4), _files_for(change, Path(tmp)))
        t0 = time.perf_counter()
        _execute(nb, path.parent)
        return time.perf_counter() - t0


def time_lesson(path: Path) -> list[dict]:
    """The budget rerun, then one rerun per exercise answered from the Parameters cell."""
    change = RERUN_CHANGES.get(path.stem, {})
    rows = [{"notebook": str(path.relative_to(ROOT)), "item": "rerun", "seconds": round(_time_run(path, change), 1),
             "change": json.dumps(change, sort_keys=True)}]
    for number, ex_change in EXERCISE_RERUNS.get(path.stem, {}).items():
        rows.append({"notebook": str(path.relative_to(ROOT)), "item": f"exercise {number} rerun",
                     "seconds": round(_time_run(path, ex_change), 1), "change": json.dumps(ex_change, sort_keys=True)})
    return rows


def _cell_seconds(cell: nbformat.NotebookNode) -> float:
    ex = cell.metadata.get("execution", {})
    start, end = ex.get("iopub.execute_input"), ex.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    from datetime import datetime
    parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return (parse(end) - parse(start)).total_seconds()


def time_solutions(path: Path) -> list[dict]:
    """One row per exercise of a solutions notebook (cells before the first exercise count as 'setup')."""
    nb = _execute(nbformat.read(path, as_version=4), path.parent, timing=True)
    totals: dict[str, float] = {}
    section = "setup"
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^## Exercise (\d+)", cell.source, re.M)
            if m:
                section = f"exercise {m.group(1)}"
        elif cell.cell_type == "code":
            totals[section] = totals.get(section, 0.0) + _cell_seconds(cell)
    return [{"notebook": str(path.relative_to(ROOT)), "item": item, "seconds": round(s, 1), "change": ""}
            for item, s in totals.items()]


def default_targets() -> list[Path]:
    lessons = sorted((ROOT / "notebooks").glob("0[1-5]_*.ipynb"))
    return lessons + sorted((ROOT / "solutions").glob("*_solutions.ipynb"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*", type=Path)
    a = ap.parse_args(argv)
    targets = [p.resolve() for p in a.notebooks] or default_targets()
    rows = {(r["notebook"], r["item"]): r for r in (csv.DictReader(CSV.open()) if CSV.exists() else [])}
    for path in targets:
        load = round(os.getloadavg()[0], 2)
        measured = time_solutions(path) if path.parent.name == "solutions" else time_lesson(path)
        rows = {k: v for k, v in rows.items() if k[0] != str(path.relative_to(ROOT))}
        for r in measured:
            r.update(code_sha=code_sha(path), load_before=load)
            rows[(r["notebook"], r["item"])] = r
            print(f"{r['notebook']:48s} {r['item']:12s} {r['seconds']:7.1f} s  (load {load})", flush=True)
        _write(rows)                      # after every notebook: a later failure keeps what was measured
    return 0


def _write(rows: dict) -> None:
    CSV.parent.mkdir(exist_ok=True)
    with tempfile.NamedTemporaryFile("w", newline="", dir=CSV.parent, delete=False, suffix=".tmp") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS)
        w.writeheader()
        for key in sorted(rows):
            w.writerow({f: rows[key].get(f, "") for f in FIELDS})
    os.replace(fh.name, CSV)


if __name__ == "__main__":
    sys.exit(main())
