"""Where the pipeline writes: an output location at any fsspec URL, committed by one manifest.

Layout of an output location ``out`` (a local path, ``s3://bucket/prefix``, ...)::

    out/manifest.json                the commit: which run's tables are the results (written last, in one put)
    out/runs/<run>/<table>/part.N.parquet

A **run** is named by a hash of its input (every file's size and version, the metadata, the extra cleaning
rules) and its settings (:func:`run_name`). Its tables are written under ``runs/<run>/``; nothing there is a
result until ``manifest.json`` names the run. So:

* writing into a location that holds results refuses with :class:`OutputExistsError`, unless ``overwrite``,
  and then the old results stay readable until the new manifest replaces them in one write (a single put on
  an object store, a rename on a local disk), after which the old run is deleted;
* an interrupted run leaves ``runs/<run>/`` without a manifest: the same input and settings give the same run
  name, so a rerun finds the partitions already written (:func:`done_partitions`: a partition is done when
  every per-document table holds its file and each file's Parquet footer reads) and computes only the rest;
  another input has another run name, so its partitions are never mixed in.
"""
from __future__ import annotations

import hashlib
import json
import uuid

import fsspec
import pyarrow.parquet as pq


class OutputExistsError(FileExistsError):
    """The output location already holds results (a ``manifest.json``) and ``overwrite`` was not given."""


def fs_path(url: str, storage_options: dict | None = None) -> tuple[fsspec.AbstractFileSystem, str]:
    """The fsspec file system and the path of ``url`` (relative local paths made absolute)."""
    fs, path = fsspec.core.url_to_fs(str(url), **(storage_options or {}))
    if fs.protocol in ("file", ("file", "local")) or "file" in fs.protocol:
        path = fs._strip_protocol(path)
    return fs, path.rstrip("/")


def run_name(fingerprint: str, settings: dict) -> str:
    """The name of a run: a hash of the input's fingerprint and the settings that change any table."""
    blob = json.dumps({"input": fingerprint, **settings}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def read_manifest(url: str, storage_options: dict | None = None) -> dict | None:
    """The committed manifest of an output location (None if it holds no results)."""
    fs, root = fs_path(url, storage_options)
    path = f"{root}/manifest.json"
    return json.loads(fs.cat_file(path)) if fs.exists(path) else None


def check_writable(url: str, overwrite: bool, storage_options: dict | None = None) -> dict | None:
    """Raise :class:`OutputExistsError` if ``url`` holds results and ``overwrite`` is False; return the old
    manifest (None if there is none)."""
    old = read_manifest(url, storage_options)
    if old is not None and not overwrite:
        raise OutputExistsError(
            f"'{url}' already holds the results of run {old['run']} ({old['sizes'].get('documents', '?')} "
            "documents). Pass overwrite=True to replace them (the old results stay readable until the new run "
            "is complete), or write to another location.")
    return old


def run_url(url: str, run: str) -> str:
    """Where a run's tables are written."""
    return f"{str(url).rstrip('/')}/runs/{run}"


def table_url(url: str, table: str, manifest: dict | None = None, storage_options: dict | None = None) -> str:
    """The folder of one committed table (read through the manifest)."""
    manifest = manifest or read_manifest(url, storage_options)
    if manifest is None:
        raise FileNotFoundError(f"'{url}' holds no results (no manifest.json): run pipeline.run() first.")
    if table not in manifest["tables"]:
        raise KeyError(f"table={table!r}: the results hold {sorted(manifest['tables'])}.")
    return f"{run_url(url, manifest['run'])}/{table}"


def part_file(index: int) -> str:
    """The file name of partition ``index`` in every table (the name Dask's ``to_parquet`` gives it)."""
    return f"part.{index}.parquet"


def done_partitions(url: str, run: str, tables: list[str], storage_options: dict | None = None) -> set[int]:
    """The partitions of an interrupted run whose files exist in every table and whose Parquet footers read."""
    fs, root = fs_path(run_url(url, run), storage_options)
    per_table = []
    for table in tables:
        try:
            names = {p.rsplit("/", 1)[-1] for p in fs.ls(f"{root}/{table}", detail=False)}
        except FileNotFoundError:
            return set()
        per_table.append({int(n.split(".")[1]) for n in names if n.startswith("part.") and n.endswith(".parquet")})
    candidates = set.intersection(*per_table) if per_table else set()
    done = set()
    for i in sorted(candidates):
        try:
            for table in tables:
                with fs.open(f"{root}/{table}/{part_file(i)}", "rb") as fh:
                    pq.read_metadata(fh)
        except Exception:  # noqa: BLE001 -- a file cut short by the interruption: recompute the partition
            continue
        done.add(i)
    return done


def commit(url: str, manifest: dict, storage_options: dict | None = None) -> None:
    """Make ``manifest`` the results of ``url`` in one write, then delete every other run's tables."""
    fs, root = fs_path(url, storage_options)
    blob = json.dumps(manifest, indent=1, sort_keys=True).encode()
    target = f"{root}/manifest.json"
    if "file" in fs.protocol or "local" in fs.protocol:
        tmp = f"{root}/.manifest.{uuid.uuid4().hex}.tmp"
        fs.pipe_file(tmp, blob)
        fs.mv(tmp, target)  # a rename within one folder: atomic on a local disk
    else:
        fs.pipe_file(target, blob)  # one put: atomic on an object store
    for path in fs.ls(f"{root}/runs", detail=False) if fs.exists(f"{root}/runs") else []:
        if path.rstrip("/").rsplit("/", 1)[-1] != manifest["run"]:
            fs.rm(path, recursive=True)
