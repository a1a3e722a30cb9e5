"""Execute notebooks top to bottom and store them in place.

Usage (normally through ``python3 run.py build``, which then builds the site)::

    python scripts/execute_notebooks.py [NOTEBOOK ...] [--jobs 2]

Stored notebooks must not change when nothing in the analysis changed, so
execution records no timing, the metadata that varies between machines
(cell ``execution`` timestamps, the Python patch version) is normalised, and a
plot that comes out as the same picture as the stored one (up to a one-pixel
shift from last-bit float differences; see ``scripts/stored_outputs.py``) keeps
its stored bytes.
"""
from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stored_outputs import keep_same_pictures  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIRS = [ROOT / "notebooks", ROOT / "notebooks" / "evidence", ROOT / "solutions"]

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": "3.11",
}


def all_notebooks() -> list[Path]:
    found = []
    for d in NOTEBOOK_DIRS:
        found += [p for p in d.glob("*.ipynb")]
    return sorted(found)


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop volatile metadata so that re-executing an unchanged notebook leaves no diff."""
    keep = {k: v for k, v in nb.metadata.items() if k not in ("kernelspec", "language_info", "widgets")}
    nb.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO, **keep})
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
    return nb


def execute(path: Path, timeout: int = 900) -> float:
    """Execute one notebook in place (working directory: its folder); return seconds taken."""
    nb = nbformat.read(path, as_version=4)
    stored = nbformat.read(path, as_version=4)
    t0 = time.perf_counter()
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False, coalesce_streams=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    nb = normalise(nb)
    keep_same_pictures(stored, nb)
    text = nbformat.writes(nb) + "\n"
    if path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return time.perf_counter() - t0


def _run_one(path: str) -> tuple[str, float]:
    return path, execute(Path(path))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*", type=Path)
    ap.add_argument("--jobs", type=int, default=2, help="notebooks executed in parallel (default 2)")
    a = ap.parse_args(argv)
    books = [p.resolve() for p in a.notebooks] or all_notebooks()
    jobs = [str(p) for p in books]
    with ProcessPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        for path, secs in pool.map(_run_one, jobs):
            shown = Path(path).relative_to(ROOT) if Path(path).is_relative_to(ROOT) else Path(path).name
            print(f"executed {shown} in {secs:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
