"""Author a notebook from a percent-format script (a convenience for writing new notebooks).

    python scripts/py2nb.py draft.py notebooks/05_new.ipynb

Cells start with ``# %%`` (code) or ``# %% [markdown]`` (markdown, each line
prefixed by ``# ``). ``# %% tags=["parameters"]`` tags a code cell. Cell ids
are derived from the notebook name and position, so they are stable. The
notebook written is unexecuted: run ``python3 run.py build`` afterwards. Once
written, the .ipynb is the source of truth; edit it in JupyterLab.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat

HEADER = re.compile(r"^# %%(?P<md> \[markdown\])?(?: tags=(?P<tags>\[.*\]))?\s*$")


def convert(src: str, stem: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cells: list[tuple[str, list[str], list[str]]] = []
    for line in src.splitlines():
        m = HEADER.match(line)
        if m:
            cells.append(("markdown" if m.group("md") else "code", json.loads(m.group("tags") or "[]"), []))
        elif cells:
            cells[-1][2].append(line)
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:20]
    for i, (kind, tags, lines) in enumerate(cells):
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        if kind == "markdown":
            text = "\n".join(re.sub(r"^# ?", "", ln) for ln in lines)
            cell = nbformat.v4.new_markdown_cell(text)
        else:
            cell = nbformat.v4.new_code_cell("\n".join(lines))
        cell.id = f"{slug}-{i:03d}"
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    return nb


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    src, out = Path(argv[0]), Path(argv[1])
    nb = convert(src.read_text(encoding="utf-8"), out.stem)
    out.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(nb.cells)} cells)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
