"""A corpus folder at any fsspec URL, listed on the client and read, partition by partition, by the workers.

Unit: a **partition** -- the documents one task loads (:class:`Part`). A corpus folder has the project's layout
(``metadata.csv`` + ``raw/``, optionally ``boilerplate.csv``) at a local path, ``s3://bucket/prefix`` or any
URL fsspec opens. The client reads only ``metadata.csv`` and the listing of ``raw/``
(:func:`list_corpus`); each task reads its own files from the store (:func:`load_part`), so client and workers
share no disk. Loading calls the lessons' loader, :func:`helpers.corpus.load_corpus` and
:func:`helpers.corpus.paragraphs`, on the partition's documents, with the one corpus-wide rule of the cleaner
(a short line repeated in another document is furniture) given the whole corpus's repeated lines.
"""
from __future__ import annotations

import contextlib
import hashlib
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import fsspec
import pandas as pd

from helpers.corpus import cleaning
from helpers.corpus import load as corpus_load
from helpers.corpus import units
from helpers.errors import DataFolderError, MissingFileError, UnlistedFileError

PARTITION_DOCS = 500
"""Documents per partition (one task each): well under 1 GB of memory per task."""


@dataclass(frozen=True)
class Part:
    """One partition: the corpus URL, its index, and its metadata rows (the header and one tuple per document)."""

    url: str
    index: int
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    storage_options: tuple = ()
    key: str = ""
    """What identifies the partition (the listing's fingerprint, the partition's place and first document),
    set by :func:`list_corpus`: Dask tokenizes the partition by it instead of walking every metadata row."""

    def __dask_tokenize__(self):
        if self.key:
            return ("reset-corpus-part", self.key, self.url, self.storage_options)
        return (self.url, self.index, self.header, self.rows, self.storage_options)


@dataclass(frozen=True)
class Listing:
    """A listed corpus: its partitions and a fingerprint of everything the run reads (metadata, every file's
    size and version, the extra cleaning rules)."""

    url: str
    parts: tuple[Part, ...]
    fingerprint: str
    documents: int


def _fs(url: str, storage_options: dict | None = None) -> tuple[fsspec.AbstractFileSystem, str]:
    fs, path = fsspec.core.url_to_fs(str(url), **(storage_options or {}))
    return fs, path.rstrip("/")


def _basename(name: str) -> str:
    """The last part of an fsspec path (fsspec joins with "/" on every file system)."""
    return name.rstrip("/").rsplit("/", 1)[-1]


def _version(info: dict) -> str:
    """What changes when a stored file changes: its size and ETag (object stores) or modification time."""
    stamp = info.get("ETag") or info.get("etag") or info.get("mtime") or info.get("LastModified") or ""
    return f"{info.get('size')}:{stamp}"


def list_corpus(url: str, size: int = PARTITION_DOCS, storage_options: dict | None = None) -> Listing:
    """The partitions of the corpus folder at ``url`` (``size`` documents each, in id order).

    Reads ``metadata.csv`` and lists ``raw/`` only. Checks what needs the whole corpus -- the metadata is
    valid, ids and files are unique, every file is listed and present -- and raises the loader's errors
    (:mod:`helpers.errors`), naming the file or row."""
    if size < 1:
        raise ValueError(f"size={size!r}: documents per partition must be a positive whole number.")
    fs, root = _fs(url, storage_options)
    if not fs.isdir(root):
        raise DataFolderError(f"corpus folder '{url}' does not exist (or is not a folder): pass the folder that "
                              "holds metadata.csv and raw/.")
    with tempfile.TemporaryDirectory(prefix="reset-listing-") as tmp:
        (Path(tmp) / "raw").mkdir()
        if fs.isfile(f"{root}/metadata.csv"):
            (Path(tmp) / "metadata.csv").write_bytes(fs.cat_file(f"{root}/metadata.csv"))
        meta = corpus_load._read_metadata(Path(tmp))  # the loader's own checks and messages
    corpus_load._check_unique_ids_and_files(meta)
    infos = {_basename(i["name"]): i for i in fs.ls(f"{root}/raw", detail=True)
             if i.get("type") == "file" and not _basename(i["name"]).startswith(".")}
    unlisted = sorted(set(infos) - set(meta["file"]))
    if unlisted:
        raise UnlistedFileError(f"raw/{unlisted[0]} has no row in metadata.csv. Add a row for it "
                                "(template in data/README.md) or move the file out of raw/.")
    for doc_id, file, line in zip(meta["id"], meta["file"], meta["_line"]):
        if file not in infos:
            raise MissingFileError(f"metadata.csv line {line} (id '{doc_id}') names raw/{file}, "
                                   "which does not exist. Add the file or delete the row.")
    extra = fs.cat_file(f"{root}/boilerplate.csv") if fs.isfile(f"{root}/boilerplate.csv") else b""
    header = tuple(c for c in meta.columns if c != "_line")
    meta = meta.sort_values("id", kind="stable")
    rows = list(zip(*(meta[c].tolist() for c in header)))  # = itertuples(index=False, name=None), faster
    digest = hashlib.sha256(fs.cat_file(f"{root}/metadata.csv") + b"\0" + extra)
    for name in sorted(infos):
        digest.update(f"\0{name}\0{_version(infos[name])}".encode())
    opts = tuple(sorted((storage_options or {}).items()))
    fingerprint = digest.hexdigest()[:16]
    first = header.index("id")
    parts = tuple(Part(str(url), i, header, tuple(rows[s:s + size]), opts,
                       f"{fingerprint}:{i}:{len(rows[s:s + size])}:{rows[s][first]}")
                  for i, s in enumerate(range(0, len(rows), size)))
    return Listing(str(url), parts, fingerprint, len(rows))


def _contents(part: Part) -> tuple[list[bytes | None], bytes]:
    """The raw bytes of the partition's files (None where unreadable) and the corpus's boilerplate.csv."""
    fs, root = _fs(part.url, dict(part.storage_options))
    files = [row[part.header.index("file")] for row in part.rows]
    paths = [f"{root}/raw/{f}" for f in files]
    got = fs.cat(paths, on_error="return") if paths else {}
    norm = {fs._strip_protocol(k).rstrip("/"): v for k, v in got.items()}
    data = [norm.get(fs._strip_protocol(p)) for p in paths]
    data = [d if isinstance(d, bytes) else None for d in data]
    extra = fs.cat_file(f"{root}/boilerplate.csv") if fs.isfile(f"{root}/boilerplate.csv") else b""
    return data, extra


def line_counts(part: Part) -> pd.DataFrame:
    """One row per **candidate boilerplate line** of the partition (:func:`helpers.corpus.cleaning.candidate_lines`:
    short lines without sentence punctuation): ``line`` and ``documents``, how many of its documents hold it."""
    counts: dict[str, int] = {}
    for data in _contents(part)[0]:
        text = corpus_load._text_or_none(data)
        for line in cleaning.candidate_lines(text) if text else ():
            counts[line] = counts.get(line, 0) + 1
    return pd.DataFrame({"line": list(counts), "documents": list(counts.values())},
                        columns=["line", "documents"]).astype({"line": "str", "documents": "int64"})


_PATCH_LOCK = threading.Lock()


@contextlib.contextmanager
def _corpus_wide(repeated: frozenset[str]):
    """While one partition loads, the cleaner's "line repeated in another document" rule sees the whole
    corpus's repeated lines (counted over every partition), as it does when the whole corpus loads at once."""
    def lines(texts):
        return [frozenset(c for c in cleaning.candidate_lines(t) if c in repeated) if t else frozenset()
                for t in texts]

    with _PATCH_LOCK:
        original = corpus_load._repeated_lines
        corpus_load._repeated_lines = lines
        try:
            yield
        finally:
            corpus_load._repeated_lines = original


def load_part(part: Part, repeated: frozenset[str]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The partition loaded as the lessons load a corpus: ``(documents, paragraphs, paragraphs_and_comments)``,
    i.e. :func:`helpers.corpus.load_corpus`, :func:`helpers.corpus.paragraphs` (body, notebooks 01, 02, 04)
    and ``paragraphs(include=("body", "comment"))`` (notebook 03's sentences). The files are read from the
    store into memory: the loader reads them as if they were the ``raw/`` files of a folder holding the
    partition's ``metadata.csv`` (a scratch folder of this worker, deleted afterwards)."""
    data, extra = _contents(part)
    files = {row[part.header.index("file")]: blob for row, blob in zip(part.rows, data) if blob is not None}
    tmp = Path(tempfile.mkdtemp(prefix=f"reset-part{part.index}-"))
    try:
        (tmp / "raw").mkdir()  # the files stay in memory (corpus_load.parse_with_files: as if they were here)
        pd.DataFrame(list(part.rows), columns=list(part.header)).to_csv(tmp / "metadata.csv", index=False)
        if extra:
            (tmp / "boilerplate.csv").write_bytes(extra)
        with _corpus_wide(frozenset(repeated)):
            docs, blocks, _, _ = corpus_load.parse_with_files(tmp, files)
        docs = docs[corpus_load.DOC_COLUMNS].copy()
        paras = units.paragraphs_of_blocks(docs, blocks)
        with_comments = units.paragraphs_of_blocks(docs, blocks, include=("body", "comment"))
        for frame in (docs, paras, with_comments):
            frame.attrs = {}
        return docs, paras, with_comments
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
