"""Run a pure per-item function over the CPU cores, for large corpora only.

:func:`map_chunks` splits a list of items (documents, paragraphs, sentences)
into one contiguous chunk per worker, applies a function to each chunk in a
worker process and concatenates the results **in the input order**, so the
output is exactly what ``fn(items)`` gives in one process. Below
:data:`MIN_PARALLEL_ITEMS` items (every seminar corpus) it simply calls
``fn(items)``: no process is started and nothing changes.

The number of workers is the number of cores this process may use, capped by
the environment variable ``RESET_WORKERS`` (``RESET_WORKERS=1`` switches
parallelism off). Workers are forked, so they inherit the loaded modules and
caches; on a platform without ``fork`` everything runs in one process.

Inside a task of the Dask pipeline (:mod:`helpers.pipeline`) Dask already
spreads partitions over the cores or the cluster, so a process pool inside a
task would only compete with it: :func:`serial` switches :func:`map_chunks`
off for the calling thread, and it is off in any Dask worker process too.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from typing import Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_PARALLEL_ITEMS = 5000
"""Fewer items than this are processed in the calling process (starting workers would cost more)."""


_LOCAL = threading.local()


@contextlib.contextmanager
def serial() -> Iterator[None]:
    """Within this block (in this thread) :func:`map_chunks` runs ``fn(items)`` in the calling process."""
    before = getattr(_LOCAL, "serial", False)
    _LOCAL.serial = True
    try:
        yield
    finally:
        _LOCAL.serial = before


def _in_dask_worker() -> bool:
    """True in a Dask worker process (its tasks are already spread over the cluster)."""
    import sys
    if "distributed" not in sys.modules:
        return False
    try:
        from distributed import get_worker
        get_worker()
        return True
    except (ImportError, ValueError):
        return False


def n_workers() -> int:
    """How many worker processes :func:`map_chunks` uses (cores available, capped by ``RESET_WORKERS``)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    cap = os.environ.get("RESET_WORKERS", "")
    if cap.strip().isdigit() and int(cap) >= 1:
        cores = min(cores, int(cap))
    return max(1, cores)


def _chunks(items: Sequence[T], n: int) -> list[Sequence[T]]:
    size, extra = divmod(len(items), n)
    out, start = [], 0
    for i in range(n):
        stop = start + size + (1 if i < extra else 0)
        out.append(items[start:stop])
        start = stop
    return [c for c in out if len(c)]


def map_chunks(fn: Callable[[Sequence[T]], list[R]], items: Sequence[T],
               min_items: int = MIN_PARALLEL_ITEMS) -> list[R]:
    """``fn(items)`` computed chunk by chunk on the available cores; results concatenated in input order.

    ``fn`` must take a list of items and return one result per item (a list),
    depend only on its input, and be defined at module level (it is pickled by
    name). With fewer than ``min_items`` items, one worker, or no ``fork``,
    this is exactly ``fn(items)``.
    """
    items = list(items)
    if getattr(_LOCAL, "serial", False) or (len(items) >= min_items and _in_dask_worker()):
        return list(fn(items))
    workers = n_workers()
    if len(items) < min_items or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return list(fn(items))
    chunks = _chunks(items, workers)
    with multiprocessing.get_context("fork").Pool(len(chunks)) as pool:
        parts = pool.map(fn, chunks, chunksize=1)
    out: list[R] = []
    for part in parts:
        out.extend(part)
    return out
