"""A real Dask cluster on loopback: `dask scheduler` and two `dask worker` processes started here.

The pipeline runs against it and must give the in-memory engine's results; then a worker is killed mid-run
and the job must still complete, with every partition written once and every document present once.
Everything is shut down by the fixture, also when a test fails.
"""
from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.scale import engine
from helpers.scale import pipeline

ROOT = Path(__file__).resolve().parent.parent
DASK = Path(sys.executable).parent / "dask"
START_TIMEOUT = 60


def _generate(n: int, out: Path) -> Path:
    spec = importlib.util.spec_from_file_location("run_benchmark", ROOT / "benchmarks" / "run_benchmark.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(n, out)


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    deadline = time.monotonic() + 10
    for p in procs:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two single-threaded workers (memory limit 1 GB each, no nanny) on 127.0.0.1, random ports."""
    from distributed import Client

    tmp = tmp_path_factory.mktemp("cluster")
    file = tmp / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False", "OMP_NUM_THREADS": "1"}
    procs: list[subprocess.Popen] = []
    client = None
    try:
        procs.append(subprocess.Popen(
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", str(file)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=open(tmp / "scheduler.log", "wb")))
        deadline = time.monotonic() + START_TIMEOUT
        while not file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert file.exists(), (tmp / "scheduler.log").read_text()
        for i in range(2):
            procs.append(subprocess.Popen(
                [str(DASK), "worker", "--scheduler-file", str(file), "--host", "127.0.0.1", "--nthreads", "1",
                 "--memory-limit", "1GB", "--no-nanny", "--no-dashboard", "--name", f"w{i}"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(tmp / f"worker{i}.log", "wb")))
        address = json.loads(file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        client = Client(address, timeout="30s")
        client.wait_for_workers(2, timeout=START_TIMEOUT)
        yield {"client": client, "address": address, "workers": procs[1:], "tmp": tmp}
    finally:
        if client is not None:
            client.close()
        _stop(procs)


@pytest.fixture(scope="module")
def corpus_80(tmp_path_factory):
    return _generate(80, tmp_path_factory.mktemp("gen") / "corpus")


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    keys = {"documents": ["id"], "paragraphs": ["unit_id"], "sentences": ["unit_id"], "vader": ["unit_id"],
            "frames": ["unit_id", "frame"], "tokens": ["unit_id", "position"]}
    out_tables = {}
    for name, k in keys.items():
        frame = pipeline.read_table(out, name).sort_values(k, kind="stable").reset_index(drop=True)
        out_tables[name] = frame
    return out_tables


def test_cluster_run_equals_in_memory(cluster, corpus_80, tmp_path, monkeypatch):
    monkeypatch.setenv(engine.SCHEDULER_ENV, cluster["address"])
    with engine.DaskEngine() as eng:  # the address comes from RESET_DASK_SCHEDULER
        assert eng.client is not None
        result = pipeline.run(corpus_80, tmp_path / "cluster", engine=eng, size=10, k=3)
    ref = pipeline.run(corpus_80, tmp_path / "memory", engine=engine.InMemoryEngine(), size=10, k=3)
    assert len(result.worker_pids) == 2 and os.getpid() not in result.worker_pids  # both workers did work
    got, expected = _tables(tmp_path / "cluster"), _tables(tmp_path / "memory")
    for name in expected:
        pd.testing.assert_frame_equal(expected[name], got[name], check_exact=True)
    for model in ("nmf", "lda"):
        np.testing.assert_allclose(result.topic_terms(model), ref.topic_terms(model), rtol=0, atol=1e-9)


def test_worker_killed_mid_run_job_completes(cluster, corpus_80, tmp_path):
    victim = cluster["workers"][1]
    done: list[int] = []

    def kill_after_first(summary):
        done.append(summary["partition"])
        if len(done) == 1:
            victim.send_signal(signal.SIGKILL)

    with engine.DaskEngine(client=cluster["client"]) as eng:
        result = pipeline.run(corpus_80, tmp_path / "out", engine=eng, size=4, models=False,
                              on_result=kill_after_first)
    victim.wait(timeout=10)
    assert victim.returncode == -signal.SIGKILL
    assert sorted(done) == list(range(20))  # every partition reported exactly once
    files = sorted(p.name for p in (tmp_path / "out" / "documents").iterdir())
    assert files == [f"part-{i:05d}.parquet" for i in range(20)]  # no stray temporary files either
    docs = pipeline.read_table(tmp_path / "out", "documents")
    assert len(docs) == 80 and docs["id"].is_unique and result.sizes["documents"] == 80
    paras = pipeline.read_table(tmp_path / "out", "paragraphs")
    assert paras["unit_id"].is_unique and set(paras["doc_id"]) == set(docs["id"])
