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
LOCAL_CONFIG = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "500ms",
                "distributed.admin.system-monitor.interval": "2s",
                "distributed.nanny.pre-spawn-environ": {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1,
                                                         "OPENBLAS_NUM_THREADS": 1}}
"""Dask settings of the local cluster (its scheduler and workers), against Dask's bookkeeping CPU on a small
machine: no statistical profiler in the workers (every 10 ms it samples the task thread's stack; the dashboard's
*Profile* page stays empty, ``client(profile=True)`` turns it on), the event-loop health check every 500 ms instead
of 20 ms (it warns when the loop stalls for 3 s) and the system monitor every 2 s instead of 0.5 s
(``python3 run.py bench --only cpu`` prints the workers' CPU outside their tasks).

The worker processes start with one BLAS/OpenMP thread each (as Dask starts them) but without Dask's
``MALLOC_TRIM_THRESHOLD_=65536``: setting any of glibc's malloc thresholds switches off its dynamic mmap threshold,
so every array over 128 KiB is mapped and unmapped afresh, page by page, in the topic phase's array work
(building the matrices, fitting, the batched LDA step). The benchmark's topic phase at 100,000 documents went
from 67.6 to 55.2 s with this change alone (``benchmarks/results.csv``). glibc's default returns less memory to
the system between tasks; the benchmark's peak (``python3 run.py bench``) stays within its limit. No result
depends on these settings."""


class _ShutdownTimingFilter(logging.Filter):
    """Drops the nanny's 'Worker process still alive after 4.0 seconds, killing' message.

    When a local cluster closes, each nanny gives its worker process 4 s to exit and then kills it. On a busy
    machine the exit can take longer; the message then lands in a notebook's stderr, although every result was
    computed and the worker is stopped as asked. Only that message is dropped: every other warning (a worker
    over its memory limit, a lost worker) still shows."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Worker process still alive after")


def client(address: str | None = None, n_workers: int = WORKERS, memory_limit: str = MEMORY_LIMIT,
           dashboard: bool = True, profile: bool = False):
    """A ``distributed.Client``: of the cluster at ``address`` (default ``$RESET_DASK_SCHEDULER``), else of a new
    local cluster of ``n_workers`` single-threaded worker processes on 127.0.0.1, with :data:`LOCAL_CONFIG`
    (``profile=True``: with the workers' statistical profiler, for the dashboard's *Profile* page). Close it when
    done (``client.close()``; a local cluster closes with it)."""
    import dask
    from distributed import Client

    address = address or os.environ.get(SCHEDULER_ENV) or None
    if address:
        return Client(address, timeout="30s")
    if not isinstance(n_workers, int) or n_workers < 1:
        raise ValueError(f"n_workers={n_workers!r}: the number of worker processes must be at least 1.")
    nanny_log = logging.getLogger("distributed.nanny")
    if not any(isinstance(f, _ShutdownTimingFilter) for f in nanny_log.filters):
        nanny_log.addFilter(_ShutdownTimingFilter())
    settings = dict(LOCAL_CONFIG, **({"distributed.worker.profile.enabled": True} if profile else {}))
    # a Client given cluster keywords starts its own LocalCluster, and closes it when it closes; the scheduler
    # and the nannies read the settings when they start, and each nanny passes them on to its worker process
    with dask.config.set(settings):
        return Client(n_workers=n_workers, threads_per_worker=THREADS, processes=True, memory_limit=memory_limit,
                      host="127.0.0.1", dashboard_address="127.0.0.1:0" if dashboard else None)
