"""The notebooks' analysis as a streaming pipeline over partitions of documents (runs on any engine).

Unit of work: a **partition** -- a few hundred documents. Each partition task
calls the very helpers the notebooks call, on its own documents only:
:func:`helpers.corpus.load_corpus` / :func:`~helpers.corpus.paragraphs` (load and
clean), :func:`helpers.text.sentences` and :func:`~helpers.text.tokens`,
:func:`helpers.sentiment.vader_scores` and :func:`~helpers.sentiment.actor_targets`
(the target scorer), :func:`helpers.framing.score_paragraphs` and
:func:`~helpers.wordcontext.kwic`, and the topic vectoriser's own tokenizer and stop
list (:mod:`helpers.topics`). It writes each table as one Parquet file per
partition (``<out>/<table>/part-NNNNN.parquet``) and returns only a small
summary, so memory does not grow with the corpus: only the partitions in
flight are held.

Every per-document table depends on its own document only -- except one rule
of the cleaner, which drops short lines that recur in other documents of the
corpus (site furniture): a first pass over the partitions counts those
candidate lines (:func:`candidate_line_counts`), and every partition is then
cleaned against the whole corpus's count. So the partitioned outputs are
exactly the in-memory tables, row for row (the order of rows differs; sort by
the ids). Corpus-wide steps are done in one pass:

* **vocabulary** -- each partition returns the document frequency of its
  terms; their sum gives the vocabulary with the same ``min_df``/``max_df``
  rules as :func:`helpers.topics.build_dtm` and the same idf, so the counts
  and tf-idf matrices equal the in-memory ones;
* **topic models** -- fitted incrementally, partition by partition in a fixed
  order: NMF by ``MiniBatchNMF.partial_fit`` (on tf-idf), LDA by online
  variational Bayes (``LatentDirichletAllocation.partial_fit``, on counts).
  These are other estimators than the notebooks' batch fits, so their topics
  are close to, not equal to, the batch topics (see :func:`topic_agreement`).

Input (:mod:`helpers.sources`): a corpus folder in the project's layout (``metadata.csv`` + ``raw/``)
read lazily, partition by partition, or a Parquet file written by
:func:`folder_to_parquet` (one row group per partition; columns: the metadata
columns plus ``raw``, the file's bytes). Run it with :func:`run`; read the
outputs with :func:`read_table` (pandas) or :func:`read_dask` (a lazy
``dask.dataframe``).
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd
from scipy import sparse

from helpers.corpus import cleaning
from helpers import corpus
from helpers.corpus import load as corpus_load
from helpers.framing import codebook as framing
from helpers.scale import parallel
from helpers import sentiment
from helpers.scale import sources
from helpers import text
from helpers import topics
from helpers.text import context as wordcontext
from helpers.scale.engine import InMemoryEngine
from helpers.topics.dtm import _stop_list
from helpers.topics.fit import _normalise_rows
from helpers.errors import DuplicateDocumentError
from helpers.scale.sources import (PARTITION_DOCS, Partition, candidate_line_counts, folder_partitions,  # noqa: F401
                      folder_to_parquet, parquet_partitions, partitions)

TABLES = ("documents", "paragraphs", "sentences", "tokens", "vader", "targets", "frames", "kwic")
"""The per-document tables written by every partition task."""

STAGES = ("load_clean", "segment", "tokenize", "vader_targets", "frames_kwic", "term_counts", "write")
"""The timed steps inside a partition task (seconds summed over all tasks)."""

NMF_BATCH, LDA_BATCH = 128, 1024
"""Units per update of the incremental models. MiniBatchNMF takes one step per call, so each partition is
fed in slices of :data:`NMF_BATCH`; LDA's ``partial_fit`` slices by its own ``batch_size``."""

AGREEMENT_MIN = {"nmf": 0.5, "lda": 0.9}
"""The stated tolerance for the incremental fits, checked on 1,000 generated documents (two passes, k = 5): the
mean matched cosine of their topics with the notebooks' batch fit (same k and seed) is at least this. For
scale: topics drawn at random score about 0.35 there, and two batch NMF fits with other seeds agree at about
0.8 -- batch NMF is itself unstable on this corpus, and the mini-batch NMF lands between about 0.55 and 0.8
depending on the order of the units; online LDA stays above 0.9."""

MIN_DF, MAX_DF = 2, 0.5
"""The vocabulary rules of :func:`helpers.topics.build_dtm` (its defaults): a term in at least 2 units and
at most half of them."""


# --------------------------------------------------------------------------- the partition task

def _write(frame: pd.DataFrame, out: Path, table: str, part: Partition) -> None:
    """One partition of one table as Parquet, written under a temporary name and then renamed (a retried task
    replaces its file; a half-written file is never visible)."""
    folder = out / table
    folder.mkdir(parents=True, exist_ok=True)
    frame = frame.reset_index(drop=True)
    frame.attrs = {}
    tmp = folder / f".{part.name}.{os.getpid()}.tmp"
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, folder / f"{part.name}.parquet")


def _term_counts(paras: pd.DataFrame, toks: pd.DataFrame) -> tuple[sparse.csr_matrix, list[str]]:
    """Unit x term counts of the paragraphs: what ``CountVectorizer(analyzer=topics.term_analyzer(...))`` gives
    with the topic vectoriser's stop list (no pruning), read off the paragraphs' :func:`helpers.text.tokens`
    table instead of tokenising every paragraph a second time (the analyser keeps the content tokens of the
    same :func:`helpers.text.tokenize`). Columns are the terms in sorted order, as scikit-learn's."""
    stop = frozenset(_stop_list(topics.DEFAULT_STOP_WORDS) or ())
    vocab = sorted(t for t in toks["token"].unique() if text.is_content_token(t, stop, 3))
    if not vocab:
        return sparse.csr_matrix((len(paras), 0), dtype=np.int64), []
    col = pd.Index(vocab).get_indexer(toks["token"])
    row = pd.Index(paras["unit_id"]).get_indexer(toks["unit_id"])
    keep = (col >= 0) & (row >= 0)
    counts = sparse.coo_matrix((np.ones(int(keep.sum()), dtype=np.int64), (row[keep], col[keep])),
                               shape=(len(paras), len(vocab))).tocsr()
    counts.sum_duplicates()
    return counts, vocab


class _ActorRows:
    """The actor table as :func:`helpers.sentiment.actor_targets` reads it (``itertuples()``), with the rows built
    once: that helper asks for them once per sentence, and pandas builds them anew each time (4 ms a call)."""

    def __init__(self, actors: pd.DataFrame):
        self._rows = list(actors.itertuples())

    def itertuples(self):
        return iter(self._rows)


def _actor_targets(sents: pd.DataFrame) -> pd.DataFrame:
    """:func:`helpers.sentiment.actor_targets` of the sentences (the same rows, found faster): it is given only
    the sentences that some actor pattern matches (the others yield no row there), and the actor rows prebuilt."""
    actors = text.load_actors()
    anyone = re.compile("|".join(f"(?:{p})" for p in actors["pattern"]))
    named = sents[[bool(anyone.search(t)) for t in sents["text"]]].reset_index(drop=True)
    return sentiment.actor_targets(named, _ActorRows(actors))[["doc_id", "unit_id", "actors_named", "target"]]


_INIT_LOCK = threading.Lock()
_LOAD_LOCK = threading.Lock()


@contextlib.contextmanager
def _corpus_wide_repeated(repeated: frozenset[str]) -> Iterator[None]:
    """While loading one partition, the cleaner's "line repeated in another document" rule looks at the whole
    corpus (``repeated``, counted over every partition), not just the partition: the same rule as in memory."""
    def lines(texts: list[str | None]) -> list[frozenset[str]]:
        return [frozenset(c for c in cleaning.candidate_lines(t) if c in repeated) if t else frozenset()
                for t in texts]

    with _LOAD_LOCK:
        original = corpus_load._repeated_lines
        corpus_load._repeated_lines = lines
        try:
            yield
        finally:
            corpus_load._repeated_lines = original


def _repeated_lines_file(path: str) -> frozenset[str]:
    """The corpus-wide repeated candidate lines written by :func:`run` (read once per process and file version)."""
    stat = os.stat(path)
    return _read_repeated(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=2)
def _read_repeated(path: str, mtime_ns: int, size: int) -> frozenset[str]:
    return frozenset(json.loads(Path(path).read_text(encoding="utf-8")))


def process_partition(part: Partition, out: str | Path, repeated: frozenset[str] | str = frozenset()) -> dict:
    """Run every per-document stage on one partition and write its tables; return a small summary.

    The summary holds the partition's sizes, its document ids and content
    hashes (to check that no partition is lost or duplicated and no document
    repeated), the document frequency of every term (for the vocabulary) and
    the seconds spent in each of :data:`STAGES`. ``repeated``: the candidate boilerplate lines that occur in
    two or more documents of the whole corpus (see :func:`candidate_line_counts`), or the path of the JSON file
    :func:`run` wrote them to (so each task's arguments stay small: the scheduler keeps them for a while).
    """
    out = Path(out)
    if isinstance(repeated, (str, Path)):
        repeated = _repeated_lines_file(str(repeated))
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = seconds.get(stage, 0.0) + now - clock
        clock = now

    with _INIT_LOCK:  # build the cached analysers once per process, not in several threads at a time
        sentiment.vader_analyzer()
        text.sentence_splitter()
    with parallel.serial(), sources.partition_folder(part) as folder:
        with _corpus_wide_repeated(repeated):
            docs = corpus.load_corpus(folder)
            corpus.load_blocks(folder)
            paras = corpus.paragraphs(docs)
        lap("load_clean")
        sents = text.sentences(paras)
        lap("segment")
        toks = text.tokens(paras)
        lap("tokenize")
        vader = sents[["doc_id", "unit_id"]].join(sentiment.vader_scores(sents["text"]))
        targets = _actor_targets(sents)
        lap("vader_targets")
        n_tokens = toks["unit_id"].value_counts().reindex(paras["unit_id"], fill_value=0).tolist()
        frames = framing.score_paragraphs(paras, framing.load_codebook(), n_words=n_tokens)
        concordance = wordcontext.kwic(paras)
        lap("frames_kwic")
        counts, terms = _term_counts(paras, toks)
        lap("term_counts")
        tables = {"documents": docs, "paragraphs": paras, "sentences": sents, "tokens": toks, "vader": vader,
                  "targets": targets, "frames": frames, "kwic": concordance}
        for name, frame in tables.items():
            _write(frame, out, name, part)
        (out / "counts").mkdir(parents=True, exist_ok=True)
        sparse.save_npz(out / "counts" / f".{part.name}.tmp.npz", counts)
        os.replace(out / "counts" / f".{part.name}.tmp.npz", out / "counts" / f"{part.name}.npz")
        (out / "counts" / f"{part.name}.terms.json").write_text(json.dumps(terms))
        lap("write")
    corpus_load._parse_cached.cache_clear()  # the partition's parsed folder is gone; free its tables
    df = np.asarray((counts > 0).sum(axis=0)).ravel()
    return {"partition": part.index, "documents": len(docs), "paragraphs": len(paras), "sentences": len(sents),
            "tokens": len(toks), "ids": list(docs["id"]), "sha256": list(docs["sha256"]),
            "df": dict(zip(terms, df.tolist())), "seconds": seconds, "pid": os.getpid()}


def _document_keys(ids: list[str], digests: list[str]) -> np.ndarray:
    """Two 8-byte keys per document (rows: id key, content key): the first 64 bits of a BLAKE2 hash of its id
    and of its content's SHA-256. The run keeps only these, so what it holds to find repeated documents
    grows by 16 bytes per document, not by the ids and hashes themselves."""
    idk = [int.from_bytes(hashlib.blake2b(i.encode("utf-8"), digest_size=8).digest(), "big") for i in ids]
    shk = [int(d[:16], 16) for d in digests]
    return np.array([idk, shk], dtype=np.uint64).reshape(2, len(ids))


def _check_unique_documents(out: Path, keys: list[np.ndarray], names: list[str]) -> None:
    """Raise if a document id came back from two partitions, or two documents have the same content.

    Keys that repeat (:func:`_document_keys`) are looked up in the written ``documents`` tables, so the error
    names the documents (and a 64-bit key collision between different documents raises nothing)."""
    if not keys:
        return
    allk = np.concatenate(keys, axis=1)
    suspects = []
    for row in (0, 1):
        values, counts = np.unique(allk[row], return_counts=True)
        suspects.append(set(values[counts > 1].tolist()))
    if not suspects[0] and not suspects[1]:
        return
    docs = pd.concat([pd.read_parquet(out / "documents" / f"{n}.parquet", columns=["id", "sha256"]) for n in names],
                     ignore_index=True)
    by_id = docs[docs["id"].duplicated(keep=False)]
    if len(by_id):
        raise DuplicateDocumentError(f"document '{by_id['id'].iloc[0]}' came back from two partitions.")
    same = docs[docs["sha256"].duplicated(keep=False)].sort_values(["sha256", "id"])
    if len(same):
        first, second = same["id"].iloc[0], same["id"].iloc[1]
        raise DuplicateDocumentError(f"documents '{first}' and '{second}' have the same content. "
                                     "Remove one of them and its metadata row.")


# --------------------------------------------------------------------------- corpus-wide steps

@dataclass
class Vocabulary:
    """The corpus-wide vocabulary: ``terms`` (sorted), their document frequency ``df`` and ``idf``
    (scikit-learn's smoothed idf), over ``n_units`` units (paragraphs)."""

    terms: np.ndarray
    df: np.ndarray
    n_units: int

    @property
    def idf(self) -> np.ndarray:
        return np.log((1 + self.n_units) / (1 + self.df)) + 1.0


def vocabulary(df: Counter, n_units: int, min_df: int | float = MIN_DF, max_df: int | float = MAX_DF) -> Vocabulary:
    """Terms kept by :func:`helpers.topics.build_dtm`'s rules, from document frequencies summed over partitions."""
    high = max_df if isinstance(max_df, int) else max_df * n_units
    low = min_df if isinstance(min_df, int) else min_df * n_units
    terms = sorted(t for t, n in df.items() if low <= n <= high)
    if not terms:
        raise ValueError(f"No vocabulary left (min_df={min_df}, max_df={max_df}) on {n_units} units.")
    return Vocabulary(np.asarray(terms), np.asarray([df[t] for t in terms], dtype=float), n_units)


def partition_dtm(out: str | Path, name: str, vocab: Vocabulary, weighting: str = "count"
                  ) -> tuple[sparse.csr_matrix, np.ndarray]:
    """One partition's DTM on the corpus vocabulary (units with no term dropped, as ``build_dtm`` does) and the
    positions of the kept units in the partition's paragraph table."""
    folder = Path(out) / "counts"
    local = sparse.load_npz(folder / f"{name}.npz").tocsr()
    local_terms = json.loads((folder / f"{name}.terms.json").read_text())
    where = {t: i for i, t in enumerate(vocab.terms)}
    pairs = [(i, where[t]) for i, t in enumerate(local_terms) if t in where]
    select = sparse.csr_matrix((np.ones(len(pairs)), ([p[0] for p in pairs], [p[1] for p in pairs])),
                               shape=(len(local_terms), len(vocab.terms)))
    matrix = (local @ select).tocsr() if len(local_terms) else sparse.csr_matrix((local.shape[0], len(vocab.terms)))
    keep = np.flatnonzero(np.asarray(matrix.sum(axis=1)).ravel() > 0)
    matrix = matrix[keep]
    if weighting == "tfidf":
        from sklearn.preprocessing import normalize
        matrix = normalize(matrix.multiply(vocab.idf).tocsr(), norm="l2")
    elif weighting != "count":
        raise ValueError(f"weighting={weighting!r}: choose 'count' or 'tfidf'.")
    return matrix.tocsr(), keep


def incremental_models(out: str | Path, names: list[str], vocab: Vocabulary, k: int = 10, seed: int = 0,
                       passes: int = 1, n_jobs: int | None = None) -> dict:
    """NMF (``MiniBatchNMF.partial_fit`` on tf-idf) and LDA (online ``partial_fit`` on counts) fitted partition by
    partition in the order of ``names``; one partition in memory at a time. Returns {"nmf": est, "lda": est}.
    ``n_jobs`` splits LDA's E-step over processes (scikit-learn's option; the result does not depend on it)."""
    from sklearn.decomposition import LatentDirichletAllocation, MiniBatchNMF

    nmf = MiniBatchNMF(n_components=k, random_state=seed, init="random", batch_size=NMF_BATCH)
    lda = LatentDirichletAllocation(n_components=k, random_state=seed, learning_method="online",
                                    batch_size=LDA_BATCH, total_samples=vocab.n_units, n_jobs=n_jobs)
    for _ in range(passes):
        for name in names:
            counts, _ = partition_dtm(out, name, vocab, "count")
            if counts.shape[0] == 0:
                continue
            tfidf = partition_dtm(out, name, vocab, "tfidf")[0]
            for start in range(0, tfidf.shape[0], NMF_BATCH):
                nmf.partial_fit(tfidf[start:start + NMF_BATCH])
            lda.partial_fit(counts)
    lda.n_jobs = None  # transforms run inside engine tasks, which must not start processes of their own
    return {"nmf": nmf, "lda": lda}


def transform_partition(name: str, out: str | Path, vocab: Vocabulary, models: dict) -> dict:
    """Topic shares of one partition's units (rows sum to 1) under each model, written as
    ``unit_topics_<model>/<name>.parquet`` (columns ``unit_id``, ``doc_id``, ``c0``.. in the estimator's order);
    returns each model's summed shares (for ordering topics by prevalence)."""
    out = Path(out)
    paras = pd.read_parquet(out / "paragraphs" / f"{name}.parquet", columns=["unit_id", "doc_id"])
    sums = {}
    with parallel.serial():
        for kind, est in models.items():
            matrix, keep = partition_dtm(out, name, vocab, "tfidf" if kind == "nmf" else "count")
            k = est.components_.shape[0]
            shares = _normalise_rows(np.asarray(est.transform(matrix), dtype=float)) if len(keep) else \
                np.zeros((0, k))
            frame = paras.iloc[keep].reset_index(drop=True)
            frame = pd.concat([frame, pd.DataFrame(shares, columns=[f"c{j}" for j in range(k)])], axis=1)
            _write(frame, out, f"unit_topics_{kind}", Partition(int(name.split("-")[1]), "", ""))
            sums[kind] = shares.sum(axis=0).tolist()
    return {"name": name, "sums": sums}


def _prevalence_order(sums: np.ndarray) -> list[int]:
    return sorted(range(len(sums)), key=lambda j: (-round(float(sums[j]), 9), j))


# --------------------------------------------------------------------------- the whole run

@dataclass
class RunResult:
    """What :func:`run` did: sizes, the vocabulary, the fitted models (topics in prevalence order),
    wall-clock ``seconds`` per phase, task ``stage_seconds`` summed over partitions, and where the output is."""

    out: Path
    engine: str
    partitions: int
    sizes: dict
    vocab: Vocabulary | None
    models: dict
    topic_order: dict
    seconds: dict
    stage_seconds: dict
    worker_pids: list = field(default_factory=list)

    def topic_terms(self, model: str) -> np.ndarray:
        """Topics x terms (rows sum to 1), topics numbered by prevalence like :func:`helpers.topics.fit_model`."""
        comp = np.asarray(self.models[model].components_, dtype=float)
        return _normalise_rows(comp)[self.topic_order[model]]


def run(source: str | Path, out: str | Path, engine=None, size: int = PARTITION_DOCS, k: int = 10,
        seed: int = 0, passes: int = 1, models: bool = True, on_result=None, on_phase=None,
        n_jobs: int | None = None) -> RunResult:
    """Run the pipeline on a corpus folder or Parquet corpus ``source``, writing every table under ``out``.

    ``engine``: where partition tasks run (default :class:`helpers.engine.InMemoryEngine`; a
    :class:`helpers.engine.DaskEngine` for Dask). Phases: (1) the candidate boilerplate lines counted over the
    corpus, then the per-document stages, one task per partition; (2) the vocabulary from the summed document frequencies; (3) NMF and LDA fitted
    incrementally in this process, one partition at a time (``passes`` over the corpus; ``n_jobs`` processes
    for LDA's E-step); (4) topic shares
    of every unit, one task per partition. ``on_result(summary)`` is called after each partition of
    phase 1 (progress, or tests); ``on_phase(name)`` when a phase starts ("documents", "vocabulary",
    "fit_models", "unit_topics"; the benchmark measures memory per phase). Raises if a partition is missing or repeated, or a document repeats.
    """
    engine = engine or InMemoryEngine()
    on_phase = on_phase or (lambda name: None)
    on_phase("documents")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    parts = sources.spill_rows(partitions(source, size), out / "_partitions")
    df: Counter = Counter()
    sizes = Counter()
    stage_seconds: Counter = Counter()
    seen_parts: list[int] = []
    keys: list[np.ndarray] = []  # 8-byte keys of every document's id and content: 16 bytes per document
    pids = set()
    lines: Counter = Counter()
    for counts in engine.map_unordered(candidate_line_counts, parts):
        lines.update(counts)
    repeated_file = out / "_partitions" / "repeated_lines.json"
    repeated_file.parent.mkdir(parents=True, exist_ok=True)
    repeated_file.write_text(json.dumps(sorted(line for line, n in lines.items() if n >= 2)), encoding="utf-8")
    del lines
    seconds["repeated_lines"] = time.perf_counter() - t0
    task = partial(process_partition, out=str(out), repeated=str(repeated_file.resolve()))
    for summary in engine.map_unordered(task, parts):
        seen_parts.append(summary["partition"])
        keys.append(_document_keys(summary["ids"], summary["sha256"]))
        df.update(summary["df"])
        sizes.update({c: summary[c] for c in ("documents", "paragraphs", "sentences", "tokens")})
        stage_seconds.update(summary["seconds"])
        pids.add(summary["pid"])
        if on_result is not None:
            on_result(summary)
    if sorted(seen_parts) != list(range(len(parts))):
        raise RuntimeError(f"partitions lost or repeated: got {sorted(seen_parts)} for {len(parts)} partitions.")
    _check_unique_documents(out, keys, [p.name for p in parts])
    del keys
    seconds["documents"] = time.perf_counter() - t0
    names = [p.name for p in parts]
    vocab, fitted, order = None, {}, {}
    if models:
        on_phase("vocabulary")
        t1 = time.perf_counter()
        vocab = vocabulary(df, sizes["paragraphs"])
        seconds["vocabulary"] = time.perf_counter() - t1
        on_phase("fit_models")
        t1 = time.perf_counter()
        fitted = incremental_models(out, names, vocab, k=k, seed=seed, passes=passes, n_jobs=n_jobs)
        seconds["fit_models"] = time.perf_counter() - t1
        on_phase("unit_topics")
        t1 = time.perf_counter()
        totals = {kind: np.zeros(k) for kind in fitted}
        for res in engine.map_unordered(partial(transform_partition, out=str(out), vocab=vocab, models=fitted), names):
            for kind, s in res["sums"].items():
                totals[kind] += np.asarray(s)
        order = {kind: _prevalence_order(s) for kind, s in totals.items()}
        seconds["unit_topics"] = time.perf_counter() - t1
    seconds["total"] = time.perf_counter() - t0
    result = RunResult(out, engine.name, len(parts), dict(sizes), vocab, fitted, order,
                       {k_: round(v, 3) for k_, v in seconds.items()},
                       {k_: round(v, 3) for k_, v in stage_seconds.items()}, sorted(pids))
    (out / "manifest.json").write_text(json.dumps({"partitions": names, "sizes": dict(sizes), "k": k, "seed": seed,
                                                   "topic_order": order}, indent=1))
    return result


# --------------------------------------------------------------------------- reading the outputs

def read_table(out: str | Path, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    """A whole output table as one pandas DataFrame (for small corpora; see :func:`read_dask` for large ones).
    ``unit_topics_nmf``/``unit_topics_lda`` come with columns ``T1``.. numbered by prevalence."""
    folder = Path(out) / table
    files = sorted(folder.glob("part-*.parquet"))
    if not files:
        raise FileNotFoundError(f"no table '{table}' under '{out}'; run pipeline.run() first.")
    frame = pd.concat([pd.read_parquet(f, columns=columns) for f in files], ignore_index=True)
    if table.startswith("unit_topics_"):
        order = json.loads((Path(out) / "manifest.json").read_text())["topic_order"][table.rsplit("_", 1)[1]]
        frame = frame.rename(columns={f"c{j}": f"T{i + 1}" for i, j in enumerate(order)})
        frame = frame[["unit_id", "doc_id"] + [f"T{i + 1}" for i in range(len(order))]]
    return frame


def read_dask(out: str | Path, table: str, columns: list[str] | None = None):
    """An output table as a lazy ``dask.dataframe`` (one partition per file); nothing is read until computed."""
    import dask.dataframe as dd

    return dd.read_parquet(str(Path(out) / table / "part-*.parquet"), columns=columns)


def dtm(out: str | Path, result: RunResult, weighting: str = "count") -> topics.DTM:
    """The whole DTM assembled from the partitions, as a :class:`helpers.topics.DTM` (small corpora and tests)."""
    mats, units = [], []
    for name in json.loads((Path(out) / "manifest.json").read_text())["partitions"]:
        matrix, keep = partition_dtm(out, name, result.vocab, weighting)
        mats.append(matrix)
        units.append(pd.read_parquet(Path(out) / "paragraphs" / f"{name}.parquet").iloc[keep])
    return topics.DTM(sparse.vstack(mats).tocsr(), result.vocab.terms, pd.concat(units, ignore_index=True),
                      weighting, {"min_df": MIN_DF, "max_df": MAX_DF, "source": "pipeline"})


def topic_agreement(a: np.ndarray, b: np.ndarray) -> float:
    """Mean cosine similarity of the topics of two topic-term matrices over the same terms, matched one to one
    (Hungarian algorithm; :func:`helpers.topics.matched_similarity`)."""
    return float(topics.matched_similarity(a, b))
