"""The benchmark code (benchmarks/run_benchmark.py) on a 20-document corpus, so that it cannot rot."""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from helpers import corpus, parallel

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("run_benchmark", ROOT / "benchmarks" / "run_benchmark.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def small(bench, tmp_path_factory):
    return bench.generate(20, tmp_path_factory.mktemp("bench") / "corpus_20")


def test_generated_corpus_loads_in_project_layout(small):
    docs = corpus.load_corpus(small)
    assert len(docs) == 20
    assert docs["year"].between(2009, 2021).all()
    assert (docs["n_paragraphs"] >= 1).all()
    with open(small / "metadata.csv", encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 20


def test_generation_is_deterministic(bench, small, tmp_path):
    again = bench.generate(20, tmp_path / "again")
    for f in sorted((small / "raw").iterdir()):
        assert (again / "raw" / f.name).read_bytes() == f.read_bytes()
    assert (again / "metadata.csv").read_bytes() == (small / "metadata.csv").read_bytes()


def test_every_stage_is_timed_and_plotted(bench, small, tmp_path):
    r = bench.run_stages(small)
    assert r["documents"] == 20 and r["paragraphs"] > 20 and r["sentences"] > r["paragraphs"] and r["tokens"] > 0
    for stage in bench.STAGES:
        assert r[stage] >= 0, stage
    assert r["total_s"] == pytest.approx(sum(r[s] for s in bench.STAGES), abs=0.01)
    assert r["peak_rss_mb"] > 0
    assert r["peak_tree_pss_mb"] is None or r["peak_tree_pss_mb"] > 0
    png = tmp_path / "results.png"
    bench.plot([r, dict(r, documents=40)], png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_large_corpus_lda_settings_run(bench, small, monkeypatch):
    monkeypatch.setattr(bench, "LDA_BATCH_MAX_UNITS", 0)  # take the large-corpus branch on 20 documents
    r = bench.run_stages(small)
    assert r["lda_k10"] >= 0


def test_map_chunks_keeps_order_and_equals_one_process(monkeypatch):
    items = [f"text {i}" for i in range(50)]
    assert parallel.map_chunks(_upper, items, min_items=10) == _upper(items)
    monkeypatch.setenv("RESET_WORKERS", "1")
    assert parallel.n_workers() == 1
    assert parallel.map_chunks(_upper, items, min_items=10) == _upper(items)


def _upper(texts):
    return [t.upper() for t in texts]
