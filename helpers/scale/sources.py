"""Reading a corpus lazily, partition by partition: a folder in the project's layout, or a Parquet file.

Unit: a **partition** -- the documents of one pipeline task (:class:`Partition`). Nothing here reads the
documents' text except inside a task: :func:`folder_partitions` reads only ``metadata.csv`` and the file
names; :func:`parquet_partitions` only the Parquet footer. A task turns its partition into a small corpus
folder (:func:`partition_folder`) that :func:`helpers.corpus.load_corpus` loads like any other, and
:func:`candidate_line_counts` gives what the cleaner's corpus-wide rule needs from it.
"""
from __future__ import annotations

import contextlib
import csv
import dataclasses
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pandas as pd

from helpers.corpus import cleaning
from helpers.corpus import load as corpus
from helpers.errors import DataFolderError, MissingFileError, UnlistedFileError

PARTITION_DOCS = 500
"""Documents per partition (per task): small enough that a task needs well under 1 GB."""


@dataclass(frozen=True)
class Partition:
    """One task's documents: rows of a folder's metadata.csv, or one row group of a Parquet corpus."""

    index: int
    source: str
    kind: str                      # "folder" or "parquet"
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    row_group: int = -1
    extra: str = ""                # the corpus's boilerplate.csv (extra cleaning rules), if it has one
    rows_file: str = ""            # where ``rows`` were spilled (:func:`spill_rows`); then ``rows`` is empty

    @property
    def name(self) -> str:
        return f"part-{self.index:05d}"


def folder_partitions(folder: str | Path, size: int = PARTITION_DOCS) -> list[Partition]:
    """The partitions of a corpus folder: its metadata rows in id order, ``size`` at a time.

    Reads metadata.csv and lists raw/ (no document is read here). Checks what
    needs the whole corpus -- unique ids and files, every file listed and
    present -- and raises the loader's errors; each partition task then checks
    its own files exactly as :func:`helpers.corpus.load_corpus` does.
    """
    root = Path(folder)
    meta = corpus._read_metadata(root)
    corpus._check_unique_ids_and_files(meta)
    on_disk = {p.name for p in (root / "raw").iterdir() if p.is_file() and not p.name.startswith(".")}
    unlisted = sorted(on_disk - set(meta["file"]))
    if unlisted:
        raise UnlistedFileError(f"raw/{unlisted[0]} has no row in metadata.csv. Add a row for it "
                                "(template in data/README.md) or move the file out of raw/.")
    for doc_id, file, line in zip(meta["id"], meta["file"], meta["_line"]):
        if file not in on_disk:
            raise MissingFileError(f"metadata.csv line {line} (id '{doc_id}') names raw/{file}, "
                                   "which does not exist. Add the file or delete the row.")
    header = tuple(c for c in meta.columns if c != "_line")
    meta = meta.sort_values("id", kind="stable")
    rows = [tuple(r) for r in meta[list(header)].itertuples(index=False, name=None)]
    extra = root / "boilerplate.csv"
    extra = str(extra.resolve()) if extra.is_file() else ""
    return [Partition(i, str(root.resolve()), "folder", header, tuple(rows[s:s + size]), extra=extra)
            for i, s in enumerate(range(0, len(rows), size))]


def partition_rows(part: Partition) -> tuple[tuple[str, ...], ...]:
    """A folder partition's metadata rows: held in the partition, or read back from the file they were spilled to."""
    if not part.rows_file:
        return part.rows
    with open(part.rows_file, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        return tuple(tuple(row) for row in reader)


def spill_rows(parts: list[Partition], folder: str | Path) -> list[Partition]:
    """The same partitions with each one's metadata rows written to a small CSV file under ``folder``.

    A task's argument is then a file name, not a few hundred metadata rows: the Dask scheduler keeps the
    arguments of submitted tasks for a while after they finish (measured: about 1.8 KB per document), and
    the run's client then holds no copy of the corpus's metadata either. Parquet partitions are returned as
    they are (they hold only a row-group number).
    """
    folder = Path(folder)
    out = []
    for part in parts:
        if part.kind != "folder" or part.rows_file:
            out.append(part)
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{part.name}.csv"
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(part.header)
            writer.writerows(part.rows)
        out.append(dataclasses.replace(part, rows=(), rows_file=str(path.resolve())))
    return out


def folder_to_parquet(folder: str | Path, path: str | Path, size: int = PARTITION_DOCS) -> Path:
    """Write a corpus folder as one Parquet file: one row per **document** (metadata + ``raw`` bytes),
    one row group per ``size`` documents, written group by group (bounded memory)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if (Path(folder) / "boilerplate.csv").is_file():
        shutil.copyfile(Path(folder) / "boilerplate.csv", _extra_rules_file(path))
    writer = None
    try:
        for part in folder_partitions(folder, size):
            table = pd.DataFrame(list(partition_rows(part)), columns=list(part.header))
            table["raw"] = [(Path(part.source) / "raw" / f).read_bytes() for f in table["file"]]
            arrow = pa.Table.from_pandas(table, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(path, arrow.schema)
            writer.write_table(arrow, row_group_size=len(table))
    finally:
        if writer is not None:
            writer.close()
    return path


def _extra_rules_file(parquet: Path) -> Path:
    """Where a Parquet corpus keeps its folder's ``boilerplate.csv`` (extra cleaning rules): beside it."""
    return parquet.with_name(parquet.stem + ".boilerplate.csv")


def parquet_partitions(path: str | Path) -> list[Partition]:
    """The partitions of a Parquet corpus (:func:`folder_to_parquet`): one per row group (read lazily by the task)."""
    import pyarrow.parquet as pq

    path = Path(path)
    if not path.is_file():
        raise DataFolderError(f"Parquet corpus '{path}' not found; write one with pipeline.folder_to_parquet().")
    n = pq.ParquetFile(path).num_row_groups
    extra = str(_extra_rules_file(path).resolve()) if _extra_rules_file(path).is_file() else ""
    return [Partition(i, str(path.resolve()), "parquet", row_group=i, extra=extra) for i in range(n)]


def partitions(source: str | Path, size: int = PARTITION_DOCS) -> list[Partition]:
    """Partitions of a corpus folder or of a ``.parquet`` corpus file."""
    source = Path(source)
    return parquet_partitions(source) if source.suffix == ".parquet" else folder_partitions(source, size)


@contextlib.contextmanager
def partition_folder(part: Partition) -> Iterator[Path]:
    """A temporary corpus folder holding just this partition's documents (links to the files, or the bytes)."""
    tmp = Path(tempfile.mkdtemp(prefix=f"reset-{part.name}-"))
    try:
        (tmp / "raw").mkdir()
        if part.kind == "folder":
            header, rows = list(part.header), [list(r) for r in partition_rows(part)]
            for row in rows:
                name = row[header.index("file")]
                os.symlink(Path(part.source) / "raw" / name, tmp / "raw" / name)
        else:
            import pyarrow.parquet as pq
            table = pq.ParquetFile(part.source).read_row_group(part.row_group).to_pandas()
            header = [c for c in table.columns if c != "raw"]
            rows = table[header].astype(str).values.tolist()
            for name, data in zip(table["file"], table["raw"]):
                (tmp / "raw" / name).write_bytes(data)
            del table
        pd.DataFrame(rows, columns=header).to_csv(tmp / "metadata.csv", index=False)
        if part.extra:
            shutil.copyfile(part.extra, tmp / "boilerplate.csv")
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def candidate_line_counts(part: Partition) -> dict[str, int]:
    """In how many of the partition's documents each candidate boilerplate line occurs
    (:func:`helpers.cleaning.candidate_lines`: short lines without sentence punctuation)."""
    counts: Counter = Counter()
    if part.kind == "folder":
        files = [row[list(part.header).index("file")] for row in partition_rows(part)]
        contents = (corpus._read_or_none(Path(part.source) / "raw" / f) for f in files)
    else:
        import pyarrow.parquet as pq
        contents = pq.ParquetFile(part.source).read_row_group(part.row_group, columns=["raw"]).column(0).to_pylist()
    for data in contents:
        raw = corpus._text_or_none(data)
        if raw:
            counts.update(cleaning.candidate_lines(raw))
    return dict(counts)
