"""Where the graph runs: a local cluster of worker processes, or a cluster you already run.

:func:`client` returns a ``distributed.Client``; while it is open, every ``compute`` (and
:func:`helpers.scale.pipeline.run`) runs on its cluster. Its ``dashboard_link`` is the address of Dask's
dashboard (task stream, progress, each worker's memory).

* no address: a ``LocalCluster`` of :data:`WORKERS` worker **processes** with one thread each (Python text
  processing holds the GIL, so threads would take turns on one core);
* an address (the argument, or the environment variable :data:`SCHEDULER_ENV`, e.g. ``tcp://10.0.0.5:8786``):
  that cluster's scheduler. Its workers read the corpus and write the tables themselves, so the corpus and the
  output must be at URLs the workers can reach (an ``s3://`` bucket, a shared volume), not on this machine.
"""
from __future__ import annotations

import logging
import os

SCHEDULER_ENV = "RESET_DASK_SCHEDULER"
"""Environment variable with a scheduler address; :func:`client` connects to it when set."""
WORKERS, THREADS, MEMORY_LIMIT = 2, 1, "1.5GiB"
"""The local cluster: worker processes, threads per worker, memory limit per worker."""


class _ShutdownTimingFilter(logging.Filter):
    """Drops the nanny's 'Worker process still alive after 4.0 seconds, killing' message.

    When a local cluster closes, each nanny gives its worker process 4 s to exit and then kills it. On a busy
    machine the exit can take longer; the message then lands in a notebook's stderr, although every result was
    computed and the worker is stopped as asked. Only that message is dropped: every other warning (a worker
    over its memory limit, a lost worker) still shows."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Worker process still alive after")


def client(address: str | None = None, n_workers: int = WORKERS, memory_limit: str = MEMORY_LIMIT,
           dashboard: bool = True):
    """A ``distributed.Client``: of the cluster at ``address`` (default ``$RESET_DASK_SCHEDULER``), else of a new
    local cluster of ``n_workers`` single-threaded worker processes on 127.0.0.1. Close it when done
    (``client.close()``; a local cluster closes with it)."""
    from distributed import Client

    address = address or os.environ.get(SCHEDULER_ENV) or None
    if address:
        return Client(address, timeout="30s")
    if not isinstance(n_workers, int) or n_workers < 1:
        raise ValueError(f"n_workers={n_workers!r}: the number of worker processes must be at least 1.")
    nanny_log = logging.getLogger("distributed.nanny")
    if not any(isinstance(f, _ShutdownTimingFilter) for f in nanny_log.filters):
        nanny_log.addFilter(_ShutdownTimingFilter())
    # a Client given cluster keywords starts its own LocalCluster, and closes it when it closes
    return Client(n_workers=n_workers, threads_per_worker=THREADS, processes=True, memory_limit=memory_limit,
                  host="127.0.0.1", dashboard_address="127.0.0.1:0" if dashboard else None)
