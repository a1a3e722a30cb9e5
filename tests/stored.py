"""Reading stored notebooks in tests: the cells, the markdown a reader sees, the code. Unit: one **notebook** file."""
from __future__ import annotations

import json
from pathlib import Path


def cells(path: Path) -> list[dict]:
    """The notebook's cells, as stored."""
    return json.loads(Path(path).read_text(encoding="utf-8"))["cells"]


def markdown(path: Path) -> str:
    """All markdown cells' text, one cell after another."""
    return "\n".join("".join(c["source"]) for c in cells(path) if c["cell_type"] == "markdown")
