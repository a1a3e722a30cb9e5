"""Bring your own corpus: every notebook runs on a corpus with other documents, and shows them.

The project is copied to a temporary folder, the documents in tests/data/byoc/ (three short fictional texts) and
tests/data/realistic/ (15 documents in other genres and layouts: transcripts, fact sheets, PDF-to-text, a blog
with a non-English footer, Windows line endings, a BOM...) are added the documented way (a file in data/raw/ plus
a row in data/metadata.csv, with the optional ``cleaning`` column; the realistic folder's boilerplate.csv rows
appended to data/boilerplate.csv), and every notebook is executed there, importing the copy's helpers (so the
copy's data/ is the default corpus).

The runs check that the notebooks work on the new corpus and show its documents, not their statistics, so a
few resampling counts that cost minutes and no code path are lowered the way papermill would (a cell tagged
``injected-parameters`` after the Parameters cell); every other parameter keeps its stored value.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
BYOC = Path(__file__).resolve().parent / "data" / "byoc"
REAL = Path(__file__).resolve().parent / "data" / "realistic"
BYOC_ROWS = list(csv.DictReader((BYOC / "metadata_rows.csv").open(encoding="utf-8")))
REAL_ROWS = list(csv.DictReader((REAL / "metadata.csv").open(encoding="utf-8")))
NEW_IDS = [row["id"] for row in BYOC_ROWS + REAL_ROWS]


def add_rows(metadata: Path, rows: list[dict]) -> None:
    """Append rows to a metadata.csv, adding any new (optional) column to its header; old rows leave it empty."""
    with metadata.open(encoding="utf-8", newline="") as fh:
        old = list(csv.DictReader(fh))
    header = list(old[0].keys())
    for r in rows:
        header += [c for c in r if c not in header]
    with metadata.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        for r in old + rows:
            w.writerow({k: r.get(k, "") for k in header})


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    dst = tmp_path_factory.mktemp("byoc") / "project"
    ignore = shutil.ignore_patterns(".venv", ".git", "build", "__pycache__", "*.egg-info", ".ipynb_checkpoints")
    for name in ("helpers", "notebooks", "data", "scripts"):
        shutil.copytree(ROOT / name, dst / name, ignore=ignore)
    for folder in (BYOC, REAL):
        for f in (folder / "raw").iterdir():
            shutil.copy2(f, dst / "data" / "raw" / f.name)
    add_rows(dst / "data" / "metadata.csv", BYOC_ROWS + REAL_ROWS)
    extra = (REAL / "boilerplate.csv").read_text(encoding="utf-8").splitlines()[1:]
    with open(dst / "data" / "boilerplate.csv", "a", encoding="utf-8") as fh:
        fh.write("\n".join(extra) + "\n")
    return dst


SMALL_PARAMETERS = {
    "03_sentiment": {"N_BOOT": 200},                    # bootstrap resamples (1,000): same intervals' code
    "05_scaling_up": {"N_DOCS": 60},                    # generated corpus (120 documents): 60, 2 partitions
}
"""Per notebook: parameters set smaller for these runs. Notebook 02 (the lesson) needs none: it fits everything it
shows in the run and reads nothing from data/derived/ (its evidence notebook keys its stored sweep and nulls by
the corpus's fingerprint, tests/test_topics_select.py). Notebook 03 fits its target scorer afresh for the new
corpus's actor mentions (the stored predictions hold for the project corpus only)."""


def with_parameters(nb, values: dict) -> None:
    """Insert a cell setting ``values`` after the notebook's Parameters cell, as papermill does."""
    if not values:
        return
    at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", []))
    for name in values:
        assert f"\n{name} = " in "\n" + nb.cells[at].source, f"{name} is not a parameter of this notebook"
    cell = nbformat.v4.new_code_cell("\n".join(f"{k} = {v!r}" for k, v in values.items()))
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(at + 1, cell)


def outputs_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out["text"])
            for key in ("text/plain", "text/html"):
                if key in out.get("data", {}):
                    parts.append(out["data"][key])
    return "\n".join(parts)


def analysis_notebooks() -> list[Path]:
    return [p for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
            if any(c["cell_type"] == "code" for c in json.loads(p.read_text(encoding="utf-8"))["cells"])]


@pytest.mark.parametrize("notebook", analysis_notebooks(), ids=lambda p: p.stem)
def test_notebook_runs_on_a_new_corpus_and_shows_the_new_documents(project_copy, notebook, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(project_copy) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    path = project_copy / "notebooks" / notebook.name
    nb = nbformat.read(path, as_version=4)
    with_parameters(nb, SMALL_PARAMETERS.get(notebook.stem, {}))
    t0 = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    print(f"{notebook.name} on the extended corpus: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    text = outputs_text(nb)
    assert str(project_copy) not in text, "a machine path leaked into the outputs"
    shown = [i for i in NEW_IDS if i in text]
    assert shown, f"none of the new documents {NEW_IDS} appears in the outputs of {notebook.name}"
    assert "byo_blog_2010" in text or notebook.stem != "01_corpus"
    if notebook.stem == "02_topics":  # the lesson reads no stored table: its check ran on the new corpus
        assert "data/derived" not in text and "data/derived" not in "".join(c.source for c in nb.cells)
        assert "Topics that come back in more half samples than 95% of shuffled topics:" in text


def test_new_documents_load_with_their_comments_and_periods(project_copy, monkeypatch):
    monkeypatch.syspath_prepend(str(project_copy))
    from helpers import corpus as copied_corpus  # noqa: F401  (imported from the installed project)
    from helpers.corpus.load import load_blocks, load_corpus

    docs = load_corpus(project_copy / "data")
    assert set(NEW_IDS) <= set(docs["id"])
    assert "2014" in set(docs["period"])
    blocks = load_blocks(project_copy / "data")
    comments = blocks[(blocks["doc_id"] == "byo_blog_2010") & (blocks["block_type"] == "comment")]
    assert list(comments["commenter"]) == ["reader-1", "reader-2", "reader-3"]
    assert "Test Reader" not in " ".join(blocks["text"])
    assert "reset" not in docs.set_index("id").loc["byo_brief_2014", "text"].lower()
    # the realistic documents clean in the copy as they do on their own (the seeds' rows have no cleaning value)
    own = load_blocks(REAL)
    here = blocks[blocks["doc_id"].isin(own["doc_id"])]
    assert here[here["block_type"] == "body"]["text"].tolist() == own[own["block_type"] == "body"]["text"].tolist()
    assert (docs.set_index("id").loc[[r["id"] for r in REAL_ROWS], "n_paragraphs"] > 0).all()
