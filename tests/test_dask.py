"""The pipeline on Dask gives the in-memory helpers' answers (five articles; 200 generated documents from Parquet in
8 partitions; the incremental topics' stated tolerance on 1,000 generated documents)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import corpus
from helpers.scale import engine
from helpers import framing
from helpers.scale import parallel
from helpers.scale import pipeline
from helpers import sentiment
from helpers import text
from helpers import topics
from helpers.text import context as wordcontext

ROOT = Path(__file__).resolve().parent.parent


def generate(n: int, out: Path) -> Path:
    """A generated corpus of ``n`` documents (the benchmark's generator)."""
    spec = importlib.util.spec_from_file_location("run_benchmark", ROOT / "benchmarks" / "run_benchmark.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(n, out)


MODEL_ATOL = 1e-9
"""Tolerance for topic-term weights between two engines (same partitions, same order: same fits up to float noise)."""


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    frame = frame.sort_values(keys, kind="stable").reset_index(drop=True)
    frame.attrs = {}
    return frame


def _assert_same(expected: pd.DataFrame, got: pd.DataFrame, keys: list[str]) -> None:
    expected, got = _sorted(expected, keys), _sorted(got[list(expected.columns)], keys)
    assert len(got) == len(expected)
    pd.testing.assert_frame_equal(expected, got, check_dtype=False, check_exact=True)


def in_memory_tables(folder) -> dict[str, pd.DataFrame]:
    """The per-document tables as the notebooks compute them, on the whole corpus at once."""
    docs = corpus.load_corpus(folder)
    paras = corpus.paragraphs(docs)
    sents = text.sentences(paras)
    vader = sents[["doc_id", "unit_id"]].join(sentiment.vader_scores(sents["text"]))
    return {"documents": docs, "paragraphs": paras, "sentences": sents, "tokens": text.tokens(paras),
            "vader": vader,
            "targets": sentiment.actor_targets(sents, text.load_actors())[["doc_id", "unit_id", "actors_named",
                                                                             "target"]],
            "frames": framing.score_paragraphs(paras, framing.load_codebook()), "kwic": wordcontext.kwic(paras)}


KEYS = {"documents": ["id"], "paragraphs": ["unit_id"], "sentences": ["unit_id"], "tokens": ["unit_id", "position"],
        "vader": ["unit_id"], "targets": ["unit_id"], "frames": ["unit_id", "frame"], "kwic": ["unit_id", "position"]}


def assert_same_tables(folder, out) -> None:
    for name, expected in in_memory_tables(folder).items():
        _assert_same(expected, pipeline.read_table(out, name), KEYS[name])


def assert_same_dtm(folder, out, result) -> dict:
    """The pipeline's count and tf-idf matrices equal build_dtm's; returns the in-memory DTMs by weighting."""
    paras = corpus.paragraphs(corpus.load_corpus(folder))
    dtms = {}
    for weighting in ("count", "tfidf"):
        mem = dtms[weighting] = topics.build_dtm(paras, weighting=weighting)
        got = pipeline.dtm(out, result, weighting)
        assert list(got.terms) == list(mem.terms)
        order_mem = np.argsort(mem.units["unit_id"].to_numpy(), kind="stable")
        order_got = np.argsort(got.units["unit_id"].to_numpy(), kind="stable")
        a, b = mem.matrix[order_mem].toarray(), got.matrix[order_got].toarray()
        if weighting == "count":
            assert np.array_equal(a, b)
        else:
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
    return dtms


def test_five_articles_dask_equals_in_memory(tmp_path):
    out = tmp_path / "dask"
    with engine.DaskEngine(scheduler="threads") as eng:
        result = pipeline.run(corpus.DEFAULT_DATA_DIR, out, engine=eng, size=2, k=3)
    assert result.partitions == 3 and result.sizes["documents"] == 5
    assert_same_tables(corpus.DEFAULT_DATA_DIR, out)
    assert_same_dtm(corpus.DEFAULT_DATA_DIR, out, result)
    ref = pipeline.run(corpus.DEFAULT_DATA_DIR, tmp_path / "memory", engine=engine.InMemoryEngine(), size=2, k=3)
    for model in ("nmf", "lda"):
        np.testing.assert_allclose(result.topic_terms(model), ref.topic_terms(model), rtol=0, atol=MODEL_ATOL)
        shares = pipeline.read_table(out, f"unit_topics_{model}")
        np.testing.assert_allclose(shares[["T1", "T2", "T3"]].sum(axis=1), 1.0, atol=1e-9)


@pytest.fixture(scope="module")
def gen1000(tmp_path_factory) -> Path:
    return generate(1000, tmp_path_factory.mktemp("gen") / "corpus")


AGREEMENT_MIN = pipeline.AGREEMENT_MIN


def test_generated_from_parquet_in_many_partitions_equals_in_memory(tmp_path):
    """Equality of every table and of the count and tf-idf DTMs, from a Parquet corpus read as 8 partitions of 25
    generated documents (the partition boundaries are what could break it, not the number of documents)."""
    folder = generate(200, tmp_path / "corpus")
    source = pipeline.folder_to_parquet(folder, tmp_path / "corpus.parquet", size=25)
    out = tmp_path / "out"
    with engine.DaskEngine(scheduler="threads") as eng:
        result = pipeline.run(source, out, engine=eng, k=5, passes=2)
    assert result.partitions == 8 and result.sizes["documents"] == 200
    assert_same_tables(folder, out)
    assert_same_dtm(folder, out, result)


def test_generated_1000_incremental_topics_agree_with_batch_fits(gen1000, tmp_path):
    """The stated tolerance (pipeline.AGREEMENT_MIN), on the corpus it is stated for: 1,000 generated documents
    from Parquet in 4 partitions, two passes, k = 5. The pipeline's DTMs equal build_dtm's here too; its tables
    are compared with the in-memory ones on 200 documents in 8 partitions above."""
    folder = gen1000
    source = pipeline.folder_to_parquet(folder, tmp_path / "corpus.parquet", size=250)
    out = tmp_path / "out"
    with engine.DaskEngine(scheduler="threads") as eng:
        result = pipeline.run(source, out, engine=eng, k=5, passes=2)
    assert result.partitions == 4 and result.sizes["documents"] == 1000
    dtms = assert_same_dtm(folder, out, result)
    # the incremental fits: topics close to the notebooks' batch fits, within the stated tolerance
    for model, weighting in (("nmf", "tfidf"), ("lda", "count")):
        batch = topics.fit_model(dtms[weighting], model, k=5, seed=0)
        assert pipeline.topic_agreement(result.topic_terms(model), batch.topic_terms) > AGREEMENT_MIN[model]


def test_partitions_cover_folder_once():
    parts = pipeline.folder_partitions(corpus.DEFAULT_DATA_DIR, size=2)
    ids = [row[parts[0].header.index("id")] for p in parts for row in p.rows]
    assert sorted(ids) == sorted(corpus.load_corpus()["id"]) and len(ids) == len(set(ids))


def test_parallel_is_serial_inside_tasks(monkeypatch):
    calls = []
    monkeypatch.setattr(parallel, "MIN_PARALLEL_ITEMS", 1)
    with parallel.serial():
        out = parallel.map_chunks(lambda xs: [calls.append(1) or x * 2 for x in xs], list(range(10)), min_items=1)
    assert out == [x * 2 for x in range(10)] and len(calls) == 10  # ran here: a lambda cannot be pickled


def test_engine_from_environment(monkeypatch):
    monkeypatch.delenv(engine.SCHEDULER_ENV, raising=False)
    assert engine.DaskEngine().client is None
    with pytest.raises(ValueError, match="choose 'memory' or 'dask'"):
        engine.get_engine("spark")


def test_partition_size_does_not_change_any_table(tmp_path):
    """What notebook 05's exercise 1 and its solution state: one document per partition, still identical tables."""
    from helpers.scale import scaling

    pipeline.run(corpus.DEFAULT_DATA_DIR, tmp_path / "out", engine=engine.InMemoryEngine(), size=1, models=False)
    table = scaling.same_answers(None, tmp_path / "out")
    assert table["identical"].all() and len(table) == len(pipeline.TABLES)


def test_realistic_documents_with_extra_rules_dask_equals_in_memory(tmp_path):
    """15 documents of other layouts (transcripts, PDF text, wire copy ...) with the corpus's boilerplate.csv and
    lines repeated across documents: the cleaner's corpus-wide rules hold across partitions too."""
    folder = ROOT / "tests" / "data" / "realistic"
    with engine.DaskEngine(scheduler="threads") as eng:
        pipeline.run(folder, tmp_path / "out", engine=eng, size=4, models=False)
    assert_same_tables(folder, tmp_path / "out")


def test_repeated_document_across_partitions_is_named(tmp_path):
    """Two files with the same content in different partitions: the run stops and names both documents."""
    import shutil

    from helpers.errors import DuplicateDocumentError

    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "data" / "raw", folder / "raw")
    meta = pd.read_csv(ROOT / "data" / "metadata.csv", dtype=str, keep_default_na=False)
    first = meta.iloc[0].copy()
    shutil.copyfile(folder / "raw" / first["file"], folder / "raw" / ("zz_copy_" + first["file"]))
    first["id"], first["file"] = "zz_copy", "zz_copy_" + first["file"]
    pd.concat([meta, first.to_frame().T]).to_csv(folder / "metadata.csv", index=False)
    with pytest.raises(DuplicateDocumentError, match=f"'{meta.iloc[0]['id']}' and 'zz_copy' have the same content"):
        pipeline.run(folder, tmp_path / "out", size=1, models=False)


def test_cluster_engine_holds_a_bounded_window_of_tasks():
    """On a cluster, the engine submits a new task only as one completes: at most ``window`` are in flight, so
    the scheduler never holds every partition's arguments (its memory does not grow with the corpus)."""
    from distributed import Client

    with Client(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None) as client:
        eng = engine.DaskEngine(client=client, batch=3)
        submitted, real = [], client.submit

        def counting_submit(*args, **kwargs):
            submitted.append(1)
            return real(*args, **kwargs)

        client.submit = counting_submit
        seen = []
        for result in eng.map_unordered(lambda x: x * x, range(20)):
            seen.append(result)
            assert len(submitted) - len(seen) <= eng.window
        assert eng.window == 3 and len(submitted) == 20
        assert sorted(seen) == [x * x for x in range(20)]
