"""The benchmark code (benchmarks/run_benchmark.py) on a 20-document corpus, so that it cannot rot."""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from helpers import corpus
from helpers.scale import parallel

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


# ---------------------------------------------------------------- notebook 05's benchmark tables (every round)

_HEAD = ("engine,documents,load_clean_s,segment_s,tokenize_s,vader_s,frames_kwic_s,vectorise_s,nmf_k10_s,lda_k10_s,"
         "total_s,vectorise_peak_mb,peak_mb,load_before,load_after,complete,documents_s,vocabulary_s,fit_models_s,"
         "unit_topics_s,documents_peak_mb,note\n")


def _csv(tmp_path, rows):
    p = tmp_path / "results.csv"
    p.write_text(_HEAD + "".join(r + "\n" for r in rows), encoding="utf-8")
    return p


def _mem(total, load):
    return f"memory,100,1,1,1,1,1,1,1,1,{total},1000,1024,{load},{load},,,,,,,in-memory"


def _dask(n, total, peak, load):
    return f"dask,{n},,,,,,,,,{total},,{peak},{load},{load},True,{total - 2},0.0,1,1,{peak},dask"


def test_benchmark_keeps_every_run_and_shows_absent_phases_as_nan(tmp_path):
    from helpers.scale import scaling
    p = _csv(tmp_path, [_mem(100, 1.0), _dask(100, 60, 512, 1.0), _dask(1000, 600, 1024, 2.0),
                        _mem(120, 3.0), _dask(100, 90, 512, 3.0), _dask(1000, 900, 768, 3.0)])
    runs = scaling.benchmark_runs(p)
    assert len(runs) == 6 and list(runs["note"])[:2] == ["in-memory", "dask"]
    assert runs["topic shares per unit"].isna().sum() == 2          # the in-memory runs have no such phase
    assert {"load_before", "load_after"} <= set(runs.columns)
    table = scaling.benchmark_table(p)
    assert table["run"].nunique() == 6
    assert scaling.benchmark_seconds(table).shape == (6, 4)
    assert "15 min" in scaling.benchmark_title(table)               # the last Dask run at the largest size
    rounds = scaling.benchmark_rounds(p)
    assert list(rounds["round"]) == [1, 2]
    assert list(rounds["ratio_dask_to_memory"]) == [0.6, 0.75]
    assert list(rounds["growth_mb_per_1000_docs"]) == [568.9, 284.4]
    text = scaling.benchmark_sentences(rounds)
    assert text.count("Round") == 2 and "missed" in text and "met" in text
    import matplotlib.pyplot as plt
    plt.close(scaling.plot_benchmark(table, "t"))


def test_notebook05_memory_claim_holds_on_the_recorded_benchmark():
    """Notebook 05 says memory grows with the corpus, but far less than the corpus: at ten times the documents
    the peak is far less than ten times larger."""
    from helpers.scale import scaling
    rounds = scaling.benchmark_rounds()
    if rounds.empty:
        pytest.skip("no benchmark rounds recorded")
    ratio = rounds["peak_large_gb"] / rounds["peak_small_gb"]
    assert (ratio < 3).all()


def test_agreement_sentences_read_incremental_against_another_seed():
    import pandas as pd

    from helpers.scale import scaling
    table = pd.DataFrame({"comparison": ["incremental vs batch (same seed)", "incremental vs batch (another seed)",
                                         "batch vs batch (another seed)", "random topics vs batch (chance)"],
                          "nmf": [0.6, 0.8, 0.6, 0.3], "lda": [0.99, 0.45, 0.6, 0.35]})
    text = scaling.agreement_sentences(table).splitlines()
    assert "about as close as two batch seeds" in text[0]
    assert "above chance but less close" in text[1]
