"""A pytest plugin: nbval compares plots too, as pictures.

nbval leaves ``image/png`` out of its comparison (PNG bytes differ between machines). The stored notebooks' plots
are still checked here, the way the build keeps them (``scripts/stored_outputs.py``): the same number of plots per
cell, and each the same picture as the stored one up to one-pixel shifts. A moved dot, another bar or another
size fails the cell, with the number of pixels that differ. Text and HTML outputs stay compared exactly by nbval.
Loaded for every pytest run (``pyproject.toml``: ``-p tests.nbval_pictures``).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from stored_outputs import MAX_UNMATCHED, picture_difference  # noqa: E402


def _pngs(outputs) -> list:
    return [o["data"]["image/png"] for o in outputs if "image/png" in o.get("data", {})]


def compare_pictures(test_outputs, ref_outputs) -> list[str]:
    """Problems between the plots of a fresh run and the stored ones ([] when they are the same pictures)."""
    new, old = _pngs(test_outputs), _pngs(ref_outputs)
    if len(new) != len(old):
        return [f"the cell drew {len(new)} plot(s); the stored notebook has {len(old)}"]
    problems = []
    for i, (a, b) in enumerate(zip(old, new), start=1):
        n = picture_difference(a, b)
        if n > MAX_UNMATCHED:
            problems.append(f"plot {i} is another picture: {n} pixels have no match within one pixel "
                            f"(at most {MAX_UNMATCHED} allowed); rerun `python3 run.py build` if the change is meant")
    return problems


def pytest_configure(config):
    try:
        from nbval.plugin import IPyNbCell
    except ImportError:  # nbval not installed: nothing to extend
        return
    if getattr(IPyNbCell.compare_outputs, "_compares_pictures", False):
        return
    text_compare = IPyNbCell.compare_outputs

    def compare_outputs(self, test, ref, skip_compare=None):
        if not text_compare(self, test, ref, skip_compare):
            return False
        problems = compare_pictures(test, ref)
        self.comparison_traceback = getattr(self, "comparison_traceback", []) + problems
        return not problems

    compare_outputs._compares_pictures = True
    IPyNbCell.compare_outputs = compare_outputs
