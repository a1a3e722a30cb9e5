"""The lessons' analysis as Dask collections: one graph from the listed files to Parquet tables in any store.

Units: **document**, **paragraph**, **sentence**, **token**, **paragraph x frame**, **match** (KWIC),
**paragraph x term** -- one table each, as the lessons compute them (:mod:`helpers.scale.stages`).

:func:`collections` builds the lazy graph (nothing runs until ``compute``):

1. the corpus-wide repeated lines -- ``from_map`` over the partitions, a ``groupby().sum()`` reduction;
2. one load task per partition (:func:`helpers.scale.sources.load_part`, reading its own files from the store),
   giving three collections by ``from_delayed``: documents, paragraphs, paragraphs with reader comments;
3. ``map_partitions`` stages: sentences, VADER, tokens, frames, KWIC, term counts.

:func:`run` writes them with ``to_parquet`` under a run of the output location (:mod:`helpers.scale.store`),
then -- a second graph, on what the first wrote -- the vocabulary (a reduction), NMF and LDA (fitted side by
side on a fixed sample of paragraphs, :mod:`helpers.scale.models`) and every paragraph's topic shares, and commits
the manifest. ``scheduler="sync"`` runs
the same graph in this process, one task at a time (the in-memory reference); with a ``distributed.Client``
active (:func:`helpers.scale.engine.client`, or a cluster's address) it runs there.
"""
from __future__ import annotations

import functools
import pickle
import time
import warnings
from dataclasses import dataclass, field

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd

from helpers.errors import DuplicateDocumentError
from helpers.scale import models as topic_models
from helpers.scale import sources, stages, store

TABLES = ("documents", "paragraphs", "sentences", "vader", "tokens", "frames", "kwic", "terms")
"""The per-document tables, written for every partition."""

warnings.filterwarnings("ignore", message="The inplace keyword in DataFrame.reset_index")  # inside dask's writer
_S, _I, _T = "str", "int64", "datetime64[us]"
_DOC = {"id": _S, "title": _S, "outlet": _S, "author": _S, "date": _T, "date_precision": _S, "year": _I,
        "period": _S, "genre": _S, "outlet_country": _S, "leaders": _S, "date_evidence": _S, "url": _S, "file": _S,
        "headline": _S, "n_paragraphs": _I, "n_comments": _I, "raw_chars": _I, "clean_chars": _I, "sha256": _S,
        "text": _S}
_PARA = {"doc_id": _S, "para_id": _I, "unit_id": _S, "block_type": _S, "text": _S, "n_words": _I, "commenter": _S,
         "title": _S, "outlet": _S, "genre": _S, "date": _T, "year": _I, "period": _S, "outlet_country": _S,
         "leaders": _S, "speaker": _S}
META = {"documents": stages._meta(_DOC), "paragraphs": stages._meta(_PARA), **stages.META}


def _repeated(counts: pd.Series) -> frozenset[str]:
    return frozenset(counts.index[counts >= 2])


def collections(listing: sources.Listing, only: list[int] | None = None) -> dict[str, dd.DataFrame]:
    """The lazy tables of a listed corpus (:func:`helpers.scale.sources.list_corpus`), one Dask DataFrame each,
    one partition per listed partition (or only the partitions numbered in ``only``)."""
    lines = dd.from_map(sources.line_counts, list(listing.parts), meta=stages._meta({"line": _S, "documents": _I}),
                        enforce_metadata=False)
    repeated = dask.delayed(_repeated)(lines.groupby("line")["documents"].sum(split_out=1))
    parts = [p for p in listing.parts if only is None or p.index in only]
    # the partition bound to the function, not an argument: Dask walks arguments (every metadata row of a
    # partition) looking for collections, and a separate task per partition would change how the scheduler
    # queues the load tasks (they would no longer count as root tasks: workers loaded partitions ahead)
    loaded = [dask.delayed(functools.partial(sources.load_part, p), nout=3, pure=True)(repeated) for p in parts]
    docs = dd.from_delayed([d[0] for d in loaded], meta=META["documents"], verify_meta=False)
    paras = dd.from_delayed([d[1] for d in loaded], meta=META["paragraphs"], verify_meta=False)
    with_comments = dd.from_delayed([d[2] for d in loaded], meta=META["paragraphs"], verify_meta=False)
    sents = with_comments.map_partitions(stages.sentence_table, meta=META["sentences"])
    tokens = paras.map_partitions(stages.token_table, meta=META["tokens"])
    return {"documents": docs, "paragraphs": paras, "sentences": sents,
            "vader": sents.map_partitions(stages.vader_table, meta=META["vader"]),
            "tokens": tokens,
            "frames": dd.map_partitions(stages.frame_table, paras, tokens, meta=META["frames"],
                                        align_dataframes=False),
            "kwic": paras.map_partitions(stages.kwic_table, meta=META["kwic"]),
            "terms": dd.map_partitions(stages.term_table, paras, tokens, meta=META["terms"],
                                       align_dataframes=False)}


@dataclass
class RunResult:
    """What :func:`run` did: where the results are, the run's name, sizes, the vocabulary and fitted models
    (topics in prevalence order), and wall-clock seconds per phase."""

    out: str
    run: str
    partitions: int
    resumed: int
    sizes: dict
    vocab: topic_models.Vocabulary | None
    models: dict
    topic_order: dict
    seconds: dict = field(default_factory=dict)

    def topic_terms(self, model: str) -> np.ndarray:
        """Topics x terms (rows sum to 1), numbered by prevalence."""
        return topic_models.topic_terms(self.models[model], self.topic_order[model])


def _write(frame: dd.DataFrame, url: str, indices: list[int], storage_options: dict | None):
    return frame.to_parquet(url, write_index=False, write_metadata_file=False, compute=False,
                            name_function=lambda i: store.part_file(indices[i]), storage_options=storage_options)


def _rows(url: str, table: str, storage_options: dict | None) -> int:
    """Rows of one written table, from its Parquet footers."""
    import pyarrow.parquet as pq

    fs, root = store.fs_path(f"{url}/{table}", storage_options)
    total = 0
    for path in fs.ls(root, detail=False):
        with fs.open(path, "rb") as fh:
            total += pq.read_metadata(fh).num_rows
    return total


def run(source: str, out: str, size: int = sources.PARTITION_DOCS, k: int = 10, seed: int = 0, passes: int = 1,
        fit_units: int = topic_models.FIT_UNITS, topics: bool = True, overwrite: bool = False,
        scheduler: str | None = None, storage_options: dict | None = None) -> RunResult:
    """Run the lessons' analysis on the corpus folder ``source`` and write every table under ``out``.

    ``source`` and ``out`` are local paths or fsspec URLs (``s3://bucket/corpus``); ``storage_options`` go to
    fsspec for both. ``size`` documents per partition; ``k``, ``seed``, ``passes``: the incremental topic
    models, fitted on a fixed sample of at most ``fit_units`` paragraphs (:mod:`helpers.scale.models`; every
    paragraph gets its topic shares; ``topics=False`` skips them). ``out`` holding results raises
    :class:`~helpers.scale.store.OutputExistsError` unless ``overwrite``. A run interrupted before its commit is
    resumed by the same call. ``scheduler``: None (Dask's default: the active ``distributed.Client`` if there is
    one), ``"sync"`` (this process, one task at a time), ``"threads"`` or ``"processes"``."""
    t0 = time.perf_counter()
    seconds: dict[str, float] = {}
    fs, root = store.fs_path(out, storage_options)
    out = root if "file" in fs.protocol or "local" in fs.protocol else fs.unstrip_protocol(root)
    listing = sources.list_corpus(source, size, storage_options)
    settings = {"size": size, "k": k, "seed": seed, "passes": passes, "fit_units": fit_units, "topics": topics}
    name = store.run_name(listing.fingerprint, settings)
    store.check_writable(out, overwrite, storage_options)
    where = store.run_url(out, name)
    done = store.done_partitions(out, name, list(TABLES), storage_options)
    todo = [p.index for p in listing.parts if p.index not in done]
    compute = {"scheduler": scheduler} if scheduler else {}
    if todo:
        tables = collections(listing, only=todo)
        dask.compute(*[_write(tables[t], f"{where}/{t}", todo, storage_options) for t in TABLES], **compute)
    seconds["documents"] = time.perf_counter() - t0
    sizes = {t: _rows(where, t, storage_options) for t in ("documents", "paragraphs", "sentences", "tokens")}
    ids = dd.read_parquet(f"{where}/documents", columns=["id", "sha256"], storage_options=storage_options)
    repeats = ids["sha256"].value_counts(split_out=1)
    terms = dd.read_parquet(f"{where}/terms", storage_options=storage_options)
    df = terms.groupby("term")["unit_id"].count(split_out=1)
    repeats, df = dask.compute(repeats[repeats > 1], df, **compute)
    if len(repeats):
        same = ids[ids["sha256"] == repeats.index[0]]["id"].compute(**compute).sort_values().tolist()
        raise DuplicateDocumentError(f"documents '{same[0]}' and '{same[1]}' have the same content. "
                                     "Remove one of them and its metadata row.")
    vocab, fitted, order = None, {}, {}
    t1 = time.perf_counter()
    if topics:
        vocab = topic_models.vocabulary(df, sizes["paragraphs"])
        v = dask.delayed(vocab, name=f"vocabulary-{name}")
        fitted_d = topic_models.fit(terms, vocab, k=k, seed=seed, passes=passes, fit_units=fit_units,
                                    vocab_task=v)
        indices = sorted(p.index for p in listing.parts)
        files = [f"{where}/terms/{store.part_file(i)}" for i in indices]
        shares = topic_models.shares(files, fitted_d, v, k, storage_options)
        writes = [_write(s, f"{where}/unit_topics_{kind}", indices, storage_options) for kind, s in shares.items()]
        sums = {kind: s[[f"c{j}" for j in range(k)]].sum() for kind, s in shares.items()}
        with warnings.catch_warnings():  # the model chain is Delayed, the tables are expressions: one graph still
            warnings.filterwarnings("ignore", message="Computing mixed collections", category=UserWarning)
            fitted, sums, _ = dask.compute(fitted_d, sums, writes, **compute)
        order = {kind: topic_models.prevalence_order(s.to_numpy()) for kind, s in sums.items()}
        with fs.open(f"{store.fs_path(where, storage_options)[1]}/models.pkl", "wb") as fh:
            pickle.dump({"vocabulary": vocab, "models": fitted}, fh)
    seconds["topics"] = time.perf_counter() - t1
    manifest = {"run": name, "input": listing.fingerprint, "source": str(source), "settings": settings,
                "partitions": len(listing.parts), "sizes": sizes, "topic_order": order,
                "tables": list(TABLES) + ([f"unit_topics_{m}" for m in ("nmf", "lda")] if topics else [])}
    store.commit(out, manifest, storage_options)
    seconds["total"] = time.perf_counter() - t0
    return RunResult(out, name, len(listing.parts), len(done), sizes, vocab, fitted, order,
                     {key: round(v, 3) for key, v in seconds.items()})


def read_dask(out: str, table: str, columns: list[str] | None = None, storage_options: dict | None = None):
    """A committed table as a lazy Dask DataFrame (one partition per file)."""
    return dd.read_parquet(store.table_url(out, table, storage_options=storage_options), columns=columns,
                           storage_options=storage_options)


def read_table(out: str, table: str, columns: list[str] | None = None, storage_options: dict | None = None
               ) -> pd.DataFrame:
    """A committed table as one pandas DataFrame, partitions in order (small corpora and tests).
    ``unit_topics_nmf``/``unit_topics_lda`` get columns ``T1``.. numbered by prevalence."""
    manifest = store.read_manifest(out, storage_options)
    url = store.table_url(out, table, manifest, storage_options)
    fs, root = store.fs_path(url, storage_options)
    files = sorted(fs.ls(root, detail=False), key=lambda p: int(p.rsplit("/", 1)[-1].split(".")[1]))
    frames = []
    for path in files:
        with fs.open(path, "rb") as fh:
            frames.append(pd.read_parquet(fh, columns=columns))
    frame = pd.concat(frames, ignore_index=True)
    if table.startswith("unit_topics_"):
        order = manifest["topic_order"][table.rsplit("_", 1)[1]]
        frame = frame.rename(columns={f"c{j}": f"T{i + 1}" for i, j in enumerate(order)})
        frame = frame[["doc_id", "unit_id"] + [f"T{i + 1}" for i in range(len(order))]]
    return frame


def read_models(out: str, storage_options: dict | None = None) -> dict:
    """The committed run's vocabulary and fitted models: ``{"vocabulary": ..., "models": {"nmf": .., "lda": ..}}``."""
    manifest = store.read_manifest(out, storage_options)
    fs, root = store.fs_path(store.run_url(out, manifest["run"]), storage_options)
    with fs.open(f"{root}/models.pkl", "rb") as fh:
        return pickle.load(fh)
