"""Where the pipeline's partition tasks run: in this process, or on Dask (local scheduler or a cluster).

:mod:`helpers.pipeline` describes the work as one function applied to each
**partition** of documents. An engine applies it and hands back the results
as they complete:

* :class:`InMemoryEngine` -- one partition after another in this process
  (the reference: no Dask involved);
* :class:`DaskEngine` -- the same function as Dask tasks. Without a
  scheduler address it uses Dask's local scheduler (threads of this
  process, no ports opened); with an address -- the ``address`` argument or
  the environment variable :data:`SCHEDULER_ENV` (``RESET_DASK_SCHEDULER``,
  e.g. ``tcp://10.0.0.5:8786``) -- or a ``distributed.Client`` passed in, the
  same call runs on that cluster. Failed tasks (a worker that dies) are
  retried by Dask; a task writes its outputs under a name fixed by its
  partition number, so a retried task replaces, never duplicates, them.

Engines are selected by :func:`get_engine` (``"memory"`` or ``"dask"``).
"""
from __future__ import annotations

import os
from typing import Any, Callable, Iterator, Sequence

SCHEDULER_ENV = "RESET_DASK_SCHEDULER"
"""Environment variable with a Dask scheduler address; when set, :class:`DaskEngine` runs on that cluster."""

RETRIES = 3
"""How many times Dask retries a partition task that failed (e.g. because its worker died)."""


_END = object()


class InMemoryEngine:
    """Runs each partition task in this process, in partition order (the reference engine)."""

    name = "memory"
    dashboard_link = None

    def map_unordered(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[Any]:
        """``fn(item)`` for every item, yielded one by one (here in input order)."""
        for item in items:
            yield fn(item)

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class DaskEngine:
    """Runs each partition task on Dask: the local scheduler, or a cluster given by address or client.

    ``address``: a scheduler address (default: ``$RESET_DASK_SCHEDULER``; unset
    means the local scheduler). ``client``: an existing ``distributed.Client``
    (e.g. of a ``LocalCluster``); it is not closed by :meth:`close`.
    ``scheduler``: the local scheduler to use without a cluster (``"threads"``
    by default; ``"sync"`` runs tasks one by one). ``batch``: how many tasks
    the local scheduler holds at once (bounded memory).
    """

    name = "dask"

    def __init__(self, address: str | None = None, client=None, scheduler: str = "threads",
                 batch: int | None = None, retries: int = RETRIES):
        self.address = address if address is not None else (os.environ.get(SCHEDULER_ENV) or None)
        self.scheduler, self.retries = scheduler, retries
        self.batch = batch or 2 * (os.cpu_count() or 1)
        self._own_client = False
        self.client = client
        if self.client is None and self.address:
            from distributed import Client
            self.client = Client(self.address, timeout="30s")
            self._own_client = True

    @property
    def dashboard_link(self) -> str | None:
        """The address of the cluster's dashboard (None with the local scheduler)."""
        return getattr(self.client, "dashboard_link", None) if self.client is not None else None

    def map_unordered(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[Any]:
        """``fn(item)`` for every item as Dask tasks; results yielded as they complete (any order).

        On a cluster at most :attr:`window` tasks are in flight: a new task is submitted as one completes, so
        the scheduler never holds every partition's arguments and its memory does not grow with the corpus.
        With the local scheduler, tasks run :attr:`batch` at a time.
        """
        items = iter(items)
        if self.client is not None:
            from itertools import islice

            from distributed import as_completed
            first = [self.client.submit(fn, item, pure=False, retries=self.retries)
                     for item in islice(items, self.window)]
            pending = as_completed(first, with_results=True)
            del first
            for future, result in pending:
                future.release()
                nxt = next(items, _END)
                if nxt is not _END:
                    pending.add(self.client.submit(fn, nxt, pure=False, retries=self.retries))
                yield result
            return
        import dask
        from itertools import islice
        while True:
            chunk = list(islice(items, self.batch))
            if not chunk:
                return
            tasks = [dask.delayed(fn, pure=False)(item) for item in chunk]
            yield from dask.compute(*tasks, scheduler=self.scheduler)

    @property
    def window(self) -> int:
        """Tasks in flight on a cluster: :attr:`batch`, or twice the cluster's worker threads if that is more."""
        try:
            threads = sum(self.client.nthreads().values())
        except Exception:  # noqa: BLE001 -- a client without workers yet
            threads = 0
        return max(self.batch, 2 * threads)

    def close(self) -> None:
        """Disconnect from the cluster if this engine opened the connection."""
        if self._own_client and self.client is not None:
            self.client.close()
            self.client = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def get_engine(name: str = "dask", **kwargs):
    """An engine by name: ``"memory"`` (:class:`InMemoryEngine`) or ``"dask"`` (:class:`DaskEngine`, kwargs passed on)."""
    if name == "memory":
        return InMemoryEngine()
    if name == "dask":
        return DaskEngine(**kwargs)
    raise ValueError(f"engine={name!r}: choose 'memory' or 'dask'.")
