"""Compare stored notebook outputs the way they matter: text exactly, pictures as pictures.

Floating-point results differ in their last bits between machines (CPU kernels of the BLAS, thread counts).
Every number the notebooks *print* is rounded, so text outputs come out identical everywhere and are compared
byte for byte (nbval strict does the same). A *plot* can still move by a pixel: an axis limit computed from a
last-bit float lands a tick label one pixel over. Comparing PNGs by bytes would then fail on every machine but
the one that stored them, and rebuilding would leave ``git status`` dirty.

So two PNGs count as **the same picture** when they have the same size and every pixel of each has a match in
the other within :data:`SHIFT` pixels and :data:`LEVELS` intensity levels (per channel, 0-255), except at most
:data:`MAX_UNMATCHED` pixels. A one-pixel shift of a label or of antialiased edges passes; a dot moved by two
pixels or more, a different bar, another colour or another size does not. (Measured on a 600 x 400 dot plot:
scaling the data by 1 + 3e-4 leaves 0 pixels unmatched, far above last-bit noise of about 1e-15; moving one dot by
1.7 pixels leaves 16.)

Used by ``scripts/execute_notebooks.py`` (a rebuild keeps the stored PNG when the new one is the same picture,
so it does not rewrite it) and by ``run.py test`` (the integrity check names each real difference).

    python scripts/stored_outputs.py notebooks/03_sentiment.ipynb   # real differences vs git HEAD
"""
from __future__ import annotations

import base64
import io
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
from PIL import Image

SHIFT = 1
"""Largest displacement (pixels, in x and y) that still counts as the same picture."""
LEVELS = 48
"""Largest per-channel intensity difference (of 255) between matched pixels (antialiasing)."""
MAX_UNMATCHED = 8
"""Largest number of pixels allowed without a match within SHIFT pixels and LEVELS levels."""

ROOT = Path(__file__).resolve().parent.parent


def _pixels(png_b64: str | list) -> np.ndarray:
    data = "".join(png_b64) if isinstance(png_b64, list) else png_b64
    with Image.open(io.BytesIO(base64.b64decode(data))) as im:
        return np.asarray(im.convert("RGBA"), dtype=np.int16)


def _unmatched(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Boolean mask of the pixels of ``a`` with no pixel of ``b`` within SHIFT pixels and LEVELS levels."""
    h, w = a.shape[:2]
    pad = np.pad(b, ((SHIFT, SHIFT), (SHIFT, SHIFT), (0, 0)), mode="edge")
    best = np.full((h, w), np.iinfo(np.int16).max, dtype=np.int16)
    for dy in range(2 * SHIFT + 1):
        for dx in range(2 * SHIFT + 1):
            diff = np.abs(a - pad[dy:dy + h, dx:dx + w]).max(axis=2)
            np.minimum(best, diff, out=best)
    return best > LEVELS


def picture_difference(png_a: str | list, png_b: str | list) -> int:
    """Number of pixels without a match in the other image (the larger of both ways); every pixel when the
    sizes differ."""
    a, b = _pixels(png_a), _pixels(png_b)
    if a.shape != b.shape:
        return max(a.shape[0] * a.shape[1], b.shape[0] * b.shape[1])
    if np.array_equal(a, b):
        return 0
    return int(max(_unmatched(a, b).sum(), _unmatched(b, a).sum()))


def same_picture(png_a: str | list, png_b: str | list) -> bool:
    """True when two base64 PNGs are the same picture up to one-pixel shifts (see module docstring)."""
    return picture_difference(png_a, png_b) <= MAX_UNMATCHED


def _cells_by_key(nb: nbformat.NotebookNode) -> dict:
    return {cell.get("id", str(i)): cell for i, cell in enumerate(nb.cells) if cell.cell_type == "code"}


def keep_same_pictures(stored: nbformat.NotebookNode, fresh: nbformat.NotebookNode) -> int:
    """In ``fresh``, put back each stored PNG that the new one draws as the same picture; return how many.

    Outputs are matched by cell id and position within the cell. Nothing else is touched."""
    kept = 0
    old_cells = _cells_by_key(stored)
    for key, cell in _cells_by_key(fresh).items():
        old = old_cells.get(key)
        if old is None or len(old.get("outputs", [])) != len(cell.get("outputs", [])):
            continue
        for new_out, old_out in zip(cell.outputs, old.outputs):
            new_png = new_out.get("data", {}).get("image/png")
            old_png = old_out.get("data", {}).get("image/png")
            if new_png is None or old_png is None or new_png == old_png:
                continue
            if same_picture(old_png, new_png):
                new_out["data"]["image/png"] = old_png
                kept += 1
    return kept


def real_differences(stored: nbformat.NotebookNode, fresh: nbformat.NotebookNode) -> list[str]:
    """What differs between two versions of a notebook, pictures compared as pictures, text exactly."""
    found = []
    if [c.cell_type for c in stored.cells] != [c.cell_type for c in fresh.cells]:
        return ["the cells differ (added, removed or reordered)"]
    for i, (old, new) in enumerate(zip(stored.cells, fresh.cells), start=1):
        if old.source != new.source:
            found.append(f"cell {i}: source differs")
        if old.cell_type != "code":
            continue
        if len(old.outputs) != len(new.outputs):
            found.append(f"cell {i}: {len(old.outputs)} outputs stored, {len(new.outputs)} now")
            continue
        for j, (a, b) in enumerate(zip(old.outputs, new.outputs)):
            a_png, b_png = a.get("data", {}).get("image/png"), b.get("data", {}).get("image/png")
            if a_png is not None and b_png is not None:
                unmatched = picture_difference(a_png, b_png)
                if unmatched > MAX_UNMATCHED:
                    found.append(f"cell {i} output {j}: a different picture ({unmatched} pixels unmatched)")
                a = {k: v for k, v in a.items() if k != "data"} | {"data": {k: v for k, v in a.get("data", {}).items()
                                                                          if k != "image/png"}}
                b = {k: v for k, v in b.items() if k != "data"} | {"data": {k: v for k, v in b.get("data", {}).items()
                                                                          if k != "image/png"}}
            if a != b:
                found.append(f"cell {i} output {j}: text or HTML differs")
    return found


def differences_from_head(path: Path) -> list[str]:
    """Real differences between a notebook in the working tree and its version at git HEAD."""
    rel = path.resolve().relative_to(ROOT).as_posix()
    shown = subprocess.run(["git", "show", f"HEAD:{rel}"], cwd=ROOT, capture_output=True, text=True)
    if shown.returncode != 0:
        return ["not in git HEAD (a new notebook)"]
    return real_differences(nbformat.reads(shown.stdout, as_version=4), nbformat.read(path, as_version=4))


def main(argv: list[str]) -> int:
    problems = 0
    for name in argv:
        for line in differences_from_head(Path(name)):
            print(f"{name}: {line}")
            problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
