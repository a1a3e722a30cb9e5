"""Another machine: last-bit float differences must not break the suite, and a real change must.

A notebook is stored executed on "machine A". "Machine B" re-executes it with another BLAS thread count and
core type and with small noise injected into the plotted series (the size of noise that moves an axis limit
and a tick label by a pixel). Then:

* the build keeps the stored PNG (same picture), so the stored file is byte-identical and ``git status`` stays
  clean, and nbval strict passes (printed numbers are rounded);
* a real change (a number in a text output, a different plot) still changes the stored file, is named by the
  integrity check, and fails nbval.
"""
from __future__ import annotations

import base64
import io
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import stored_outputs  # noqa: E402

PLOT_CELL = """\
import os
import numpy as np
import matplotlib.pyplot as plt
noise = float(os.environ.get("SIMULATED_NOISE", "0"))      # relative noise added to the plotted series
shift = float(os.environ.get("SIMULATED_CHANGE", "0"))     # a real change of one value
y = np.array([0.31, 0.52, 0.47, 0.66, 0.58]) * (1 + noise)
y[2] += shift
print(f"mean score: {y.mean():.3f}")
fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(range(5), y, "o")
ax.set(title="scores by document", xlabel="document", ylabel="score")
plt.show()"""


def _png(values, dpi: int = 100) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(range(len(values)), values, "o")
    ax.set(title="t", xlabel="x", ylabel="y")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


BASE = np.array([0.31, 0.52, 0.47, 0.66, 0.58])


def test_same_picture_tolerates_subpixel_noise_and_one_pixel_shifts():
    a = _png(BASE)
    assert stored_outputs.picture_difference(a, a) == 0
    noisy = _png(BASE * (1 + 3e-4))          # far more than last-bit noise (~1e-15)
    assert noisy != a and stored_outputs.same_picture(a, noisy)
    pixels = stored_outputs._pixels(a)
    rolled = np.roll(pixels, 1, axis=1).astype(np.uint8)
    from PIL import Image
    buf = io.BytesIO()
    Image.fromarray(rolled, "RGBA").save(buf, format="PNG")
    assert stored_outputs.same_picture(a, base64.b64encode(buf.getvalue()).decode())


@pytest.mark.parametrize("change", [0.01, 0.1])
def test_a_moved_dot_is_a_different_picture(change):
    moved = BASE.copy()
    moved[2] += change
    assert not stored_outputs.same_picture(_png(BASE), _png(moved))


def test_another_size_is_a_different_picture():
    assert not stored_outputs.same_picture(_png(BASE), _png(BASE, dpi=101))


def _execute(path: Path, **env_extra: str) -> None:
    env = dict(os.environ)
    env.pop("SIMULATED_NOISE", None)
    env.pop("SIMULATED_CHANGE", None)
    env.update({"MPLBACKEND": "module://matplotlib_inline.backend_inline", "PYTHONHASHSEED": "0", **env_extra})
    subprocess.run([sys.executable, str(ROOT / "scripts" / "execute_notebooks.py"), str(path), "--jobs", "1"],
                   check=True, env=env, capture_output=True, cwd=ROOT)


def _nbval(path: Path, **env_extra: str) -> int:
    env = dict(os.environ)
    env.update({"MPLBACKEND": "module://matplotlib_inline.backend_inline", "PYTHONHASHSEED": "4242", **env_extra})
    (path.parent / "pytest.ini").write_text("[pytest]\n")
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                           "--nbval-current-env", "--rootdir", str(path.parent), "-c", str(path.parent / "pytest.ini"),
                           str(path)], env=env, capture_output=True, cwd=path.parent).returncode


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    """A notebook stored executed on 'machine A' (one BLAS thread, no noise)."""
    path = tmp_path_factory.mktemp("machine") / "plot.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(PLOT_CELL)]
    nb.cells[0]["id"] = "plot-cell"
    nbformat.write(nb, path)
    _execute(path, OPENBLAS_NUM_THREADS="1")
    return path


MACHINE_B = {"OPENBLAS_NUM_THREADS": "2", "OPENBLAS_CORETYPE": "Haswell", "SIMULATED_NOISE": "3e-4"}


def test_machine_b_draws_other_bytes_but_the_build_keeps_the_stored_file(stored, tmp_path):
    before = stored.read_bytes()
    fresh = tmp_path / "fresh.ipynb"
    fresh.write_bytes(before)
    nb = nbformat.read(fresh, as_version=4)
    nb.cells[0].outputs = []          # no stored picture to keep: shows what machine B really draws
    nbformat.write(nb, fresh)
    _execute(fresh, **MACHINE_B)
    png_a = nbformat.read(stored, as_version=4).cells[0].outputs[-1]["data"]["image/png"]
    png_b = nbformat.read(fresh, as_version=4).cells[0].outputs[-1]["data"]["image/png"]
    assert png_a != png_b, "the simulation must move pixels, or it tests nothing"
    _execute(stored, **MACHINE_B)
    assert stored.read_bytes() == before, "a same-picture rebuild must leave the stored notebook untouched"
    assert _nbval(stored, **MACHINE_B) == 0


def test_a_real_change_still_fails(stored, tmp_path):
    changed = tmp_path / "changed.ipynb"
    changed.write_bytes(stored.read_bytes())
    _execute(changed, SIMULATED_CHANGE="0.1")
    old, new = nbformat.read(stored, as_version=4), nbformat.read(changed, as_version=4)
    found = stored_outputs.real_differences(old, new)
    assert any("text or HTML differs" in f for f in found), found
    assert any("different picture" in f for f in found), found
    assert _nbval(stored, SIMULATED_CHANGE="0.1") != 0, "nbval must fail on a changed printed number"
