"""Where the project's files are: the project root and its data folder (nothing else lives here)."""
from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The project folder (the parent of ``helpers/``)."""
DATA_DIR = PROJECT_ROOT / "data"
"""The project's own corpus folder and data files."""
