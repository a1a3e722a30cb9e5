"""Parameter runs: papermill reruns a notebook with other values into another folder; the stored one is untouched."""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import run_with_params  # noqa: E402

NOTEBOOK = ROOT / "notebooks" / "01_corpus.ipynb"


def test_parameter_run_injects_values_and_leaves_the_stored_notebook_alone(tmp_path):
    before = hashlib.sha256(NOTEBOOK.read_bytes()).hexdigest()
    out = run_with_params.run(NOTEBOOK, {"TOP_N_TERMS": 5, "EXAMPLE_DOC": "mt_2012"}, tmp_path)
    assert hashlib.sha256(NOTEBOOK.read_bytes()).hexdigest() == before
    assert out.name == "01_corpus__TOP_N_TERMS-5__EXAMPLE_DOC-mt_2012.ipynb"
    assert out.with_suffix(".html").is_file()
    nb = nbformat.read(out, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "TOP_N_TERMS = 5" in injected[0].source
    outputs = "".join(str(o) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "mt_2012" in outputs and "Error" not in outputs


def test_unknown_parameter_is_refused_with_the_list_of_parameters(tmp_path):
    with pytest.raises(SystemExit, match=r"no parameter\(s\) \['K'\].*TOP_N_TERMS"):
        run_with_params.run(NOTEBOOK, {"K": 8}, tmp_path)


def test_values_are_read_as_python_literals():
    assert run_with_params.parse_value("8") == 8
    assert run_with_params.parse_value("None") is None
    assert run_with_params.parse_value('"lda"') == "lda"
    assert run_with_params.parse_value("lda") == "lda"
