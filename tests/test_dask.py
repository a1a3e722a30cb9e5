"""The Dask pipeline (helpers/scale) against the lessons' own functions, and its output location's rules.

Equality: every table the pipeline writes equals what the lessons compute on the same documents -- notebook 01's
documents, paragraphs, sentences and tokens, notebook 03's VADER on sentences with names masked, notebook 04's
frame scores and KWIC, notebook 02's count and tf-idf matrices with names dropped -- on the five articles and
on generated documents in several partitions (the cleaner's corpus-wide rule crosses partitions there).
Output location: results are never mixed (refuse, or replace in one commit), an interrupted run resumes
without recomputing its finished partitions, and another input never reuses them.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import corpus, sentiment, text, topics
from helpers.framing import codebook as framing
from helpers.scale import generate, models, pipeline, sources, store
from helpers.text import context as wordcontext

KEYS = {"documents": ["id"], "paragraphs": ["unit_id"], "sentences": ["unit_id"], "vader": ["unit_id"],
        "tokens": ["unit_id", "position"], "frames": ["unit_id", "frame"], "kwic": ["unit_id", "position"]}


def lesson_tables(folder) -> dict[str, pd.DataFrame]:
    """The tables as the lessons compute them, on the whole corpus at once."""
    docs = corpus.load_corpus(folder)
    paras = corpus.paragraphs(docs)
    sents = text.sentences(corpus.paragraphs(docs, include=("body", "comment")))
    sia = sentiment.vader_analyzer()
    vader = pd.DataFrame([sia.polarity_scores(text.mask_names(t)) for t in sents["text"]])
    vader.insert(0, "unit_id", sents["unit_id"])
    return {"documents": docs, "paragraphs": paras, "sentences": sents, "vader": vader,
            "tokens": text.tokens(paras), "frames": framing.score_paragraphs(paras, framing.load_codebook()),
            "kwic": wordcontext.kwic(paras)}


def assert_same_tables(folder, out) -> None:
    for name, expected in lesson_tables(folder).items():
        got = pipeline.read_table(out, name)
        cols = [c for c in got.columns if c in expected.columns]
        a = expected[cols].sort_values(KEYS[name]).reset_index(drop=True)
        b = got[cols].sort_values(KEYS[name]).reset_index(drop=True)
        a.attrs = b.attrs = {}
        assert len(a) == len(b), name
        pd.testing.assert_frame_equal(a, b, check_dtype=False, check_exact=True, obj=name)


def assert_same_dtm(folder, out, vocab) -> None:
    paras = corpus.paragraphs(corpus.load_corpus(folder))
    terms = pipeline.read_table(out, "terms")
    for weighting in ("count", "tfidf"):
        lesson = topics.build_dtm(paras, weighting=weighting, drop_names=True)
        matrix, units = models.partition_matrix(terms, vocab, weighting)
        assert list(vocab.terms) == list(lesson.terms)
        a = lesson.matrix[np.argsort(lesson.units["unit_id"].to_numpy())]
        b = matrix[np.argsort(units["unit_id"].to_numpy())]
        assert sorted(lesson.units["unit_id"]) == sorted(units["unit_id"])
        assert abs(a - b).max() < 1e-12


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return generate.generate_corpus(60, tmp_path_factory.mktemp("gen") / "corpus")


def test_five_articles_equal_the_lessons(tmp_path):
    result = pipeline.run(corpus.data_dir(), tmp_path / "out", size=2, k=3, scheduler="sync")
    assert result.partitions == 3 and result.sizes["documents"] == 5
    assert_same_tables(corpus.data_dir(), tmp_path / "out")
    assert_same_dtm(corpus.data_dir(), tmp_path / "out", result.vocab)
    stored = pipeline.read_models(tmp_path / "out")                  # what the store holds is what the run fitted
    assert list(stored["vocabulary"].terms) == list(result.vocab.terms)
    for kind in ("nmf", "lda"):
        assert (stored["models"][kind].components_ == result.models[kind].components_).all()


def test_generated_documents_equal_the_lessons_on_threads(generated, tmp_path):
    result = pipeline.run(generated, tmp_path / "out", size=15, k=4, passes=2, scheduler="threads")
    assert result.partitions == 4
    assert_same_tables(generated, tmp_path / "out")
    assert_same_dtm(generated, tmp_path / "out", result.vocab)
    shares = pipeline.read_table(tmp_path / "out", "unit_topics_lda")
    np.testing.assert_allclose(shares[[f"T{i}" for i in range(1, 5)]].sum(axis=1), 1.0, atol=1e-9)
    again = pipeline.run(generated, tmp_path / "sync", size=15, k=4, passes=2, scheduler="sync")
    for model in ("nmf", "lda"):  # the same chain of partial_fit tasks, whatever runs it
        np.testing.assert_allclose(result.topic_terms(model), again.topic_terms(model), rtol=0, atol=1e-12)


def test_output_with_results_is_refused_or_replaced_whole(tmp_path):
    out = tmp_path / "out"
    first = pipeline.run(corpus.data_dir(), out, size=1, topics=False, scheduler="sync")
    assert first.partitions == 5
    with pytest.raises(store.OutputExistsError, match="overwrite=True"):
        pipeline.run(corpus.data_dir(), out, size=3, topics=False, scheduler="sync")
    # the old silent mix-up: fewer partitions into the same place gave 7 document rows; now one run's rows
    second = pipeline.run(corpus.data_dir(), out, size=3, topics=False, overwrite=True, scheduler="sync")
    assert second.partitions == 2 and second.run != first.run
    docs = pipeline.read_table(out, "documents")
    assert len(docs) == 5 and docs["id"].is_unique
    assert sorted(p.name for p in (out / "runs").iterdir()) == [second.run]  # the old run is gone


def test_interrupted_replacement_leaves_the_old_results_and_resumes(generated, tmp_path, monkeypatch):
    out = tmp_path / "out"
    pipeline.run(corpus.data_dir(), out, size=5, topics=False, scheduler="sync")
    real, calls = sources.load_part, []

    def failing(part, repeated):
        calls.append(part.index)
        if part.index == 3:
            raise RuntimeError("worker lost")
        return real(part, repeated)

    monkeypatch.setattr(sources, "load_part", failing)
    with pytest.raises(RuntimeError, match="worker lost"):
        pipeline.run(generated, out, size=10, topics=False, overwrite=True, scheduler="sync")
    assert len(pipeline.read_table(out, "documents")) == 5  # still the committed, older results
    monkeypatch.setattr(sources, "load_part", lambda part, repeated: calls.append(part.index) or real(part, repeated))
    first_try = set(calls) - {3}
    calls.clear()
    result = pipeline.run(generated, out, size=10, topics=False, overwrite=True, scheduler="sync")
    assert result.resumed == len(first_try) > 0 and set(calls) == set(range(6)) - first_try
    assert_same_tables(generated, out)


def test_another_input_never_reuses_partitions(generated, tmp_path, monkeypatch):
    copy = tmp_path / "corpus"
    import shutil
    shutil.copytree(generated, copy)
    real = sources.load_part
    monkeypatch.setattr(sources, "load_part",
                        lambda p, r: (_ for _ in ()).throw(RuntimeError("stop")) if p.index == 2 else real(p, r))
    with pytest.raises(RuntimeError):
        pipeline.run(copy, tmp_path / "out", size=20, topics=False, scheduler="sync")
    path = copy / "raw" / "gen_000000.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("By Author 0", "By Author Zero"), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    monkeypatch.setattr(sources, "load_part", real)
    result = pipeline.run(copy, tmp_path / "out", size=20, topics=False, scheduler="sync")
    assert result.resumed == 0  # the edited corpus is another input: every partition computed afresh
    assert_same_tables(copy, tmp_path / "out")


def test_relative_out_and_bad_parameters(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = pipeline.run(corpus.data_dir(), "rel/out", size=5, topics=False, scheduler="sync")
    assert Path(result.out).is_absolute() and len(pipeline.read_table(tmp_path / "rel" / "out", "documents")) == 5
    with pytest.raises(ValueError, match="size=0"):
        pipeline.run(corpus.data_dir(), "x", size=0)
    with pytest.raises(ValueError, match="k=1"):
        models.new_models(1, 0, 10)
    with pytest.raises(Exception, match="does not exist"):
        pipeline.run(tmp_path / "no_such_corpus", "y")


def test_duplicate_content_across_partitions_is_refused(tmp_path):
    import shutil
    folder = tmp_path / "corpus"
    shutil.copytree(corpus.data_dir(), folder, ignore=shutil.ignore_patterns("derived", "external", "annotations"))
    meta = pd.read_csv(folder / "metadata.csv", dtype=str, keep_default_na=False)
    first = meta.sort_values("id").iloc[0]
    shutil.copy(folder / "raw" / first["file"], folder / "raw" / "zz_copy.txt")
    meta = pd.concat([meta, first.to_frame().T.assign(id="zz_copy", file="zz_copy.txt")])
    meta.to_csv(folder / "metadata.csv", index=False)
    from helpers.errors import DuplicateDocumentError
    with pytest.raises(DuplicateDocumentError, match="same content"):
        pipeline.run(folder, tmp_path / "out", size=1, topics=False, scheduler="sync")
    assert store.read_manifest(tmp_path / "out") is None  # nothing committed


def test_local_cluster_drops_only_the_nanny_shutdown_timing_message():
    import logging

    from helpers.scale.engine import _ShutdownTimingFilter

    f = _ShutdownTimingFilter()
    rec = lambda msg: logging.LogRecord("distributed.nanny", logging.WARNING, "", 0, msg, None, None)  # noqa: E731
    assert not f.filter(rec("Worker process still alive after %.1f seconds, killing"))
    assert f.filter(rec("Worker exceeded 95% memory budget. Restarting..."))


def test_local_cluster_starts_with_the_quiet_settings_and_leaves_the_config_as_it_was(monkeypatch):
    import dask
    import distributed

    from helpers.scale import engine

    seen = []
    monkeypatch.delenv(engine.SCHEDULER_ENV, raising=False)
    monkeypatch.setattr(distributed, "Client", lambda **kw: seen.append(
        {k: dask.config.get(k) for k in engine.LOCAL_CONFIG}))
    before = {k: dask.config.get(k) for k in engine.LOCAL_CONFIG}
    engine.client(dashboard=False)
    engine.client(dashboard=False, profile=True)
    assert seen[0]["distributed.worker.profile.enabled"] is False
    assert seen[0]["distributed.admin.tick.interval"] == "500ms"
    assert seen[1]["distributed.worker.profile.enabled"] is True
    assert {k: dask.config.get(k) for k in engine.LOCAL_CONFIG} == before


def _malloc_env() -> dict:
    import os

    return {k: os.environ.get(k) for k in ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}


def test_local_workers_get_one_blas_thread_and_glibcs_own_malloc_thresholds(monkeypatch):
    from helpers.scale import engine

    monkeypatch.delenv(engine.SCHEDULER_ENV, raising=False)
    client = engine.client(n_workers=1, dashboard=False)
    try:
        (env,) = client.run(_malloc_env).values()
    finally:
        client.close()
    assert env == {"MALLOC_TRIM_THRESHOLD_": None, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


def test_partitions_are_tokenized_by_their_listing_not_row_by_row(generated):
    import dask

    from helpers.scale import sources

    a, again = sources.list_corpus(generated, 15), sources.list_corpus(generated, 15)
    other = sources.list_corpus(generated, 12)
    tokens = [dask.base.tokenize(p) for p in a.parts]
    assert tokens == [dask.base.tokenize(p) for p in again.parts]          # the same partitions, the same token
    assert len(set(tokens)) == len(tokens)                                 # one per partition
    assert not set(tokens) & {dask.base.tokenize(p) for p in other.parts}  # another partitioning, other tokens
    assert all(p.key.startswith(a.fingerprint) and p.key.endswith(p.rows[0][p.header.index("id")]) for p in a.parts)
