"""The scaling benchmark: 100,000 documents through the Dask pipeline, the per-stage profile, the engine ratio.

    python3 run.py bench                     # everything below; appends to benchmarks/results.csv, profile.csv
    python3 run.py bench --only profile      # one part: profile, ratio or large
    python3 run.py bench --large 20000       # another size for the large run
    python3 run.py bench --only cpu --cpu 4000   # CPU inside the workers, per task prefix (not in the default run)

Corpora are generated in the project's layout under ``build/bench/`` (:func:`helpers.scale.generate.generate_corpus`:
seed-article paragraphs mixed with recombined NewsMTSC training sentences, so the vocabulary is a news
vocabulary; its size is recorded). Parts:

* **profile** -- CPU time (``time.process_time``, of this process only: less disturbed by other load than wall
  time) per document of each stage of :mod:`helpers.scale.stages` on :data:`PROFILE_DOCS` documents, partition
  by partition in the pipeline's order (so what a stage shares with the one before it on the same worker -- a
  sentence's phrases, found for its word count and reused to mask it for VADER -- is shared here too), beside
  the floor of that stage: what the libraries alone take (reading the files; NLTK's Punkt on the cleaned text;
  vaderSentiment on the unmasked sentences; a plain regular expression for tokens). Two rows more than the
  stages: the first pass over the files (the corpus-wide repeated lines, :func:`helpers.scale.sources.line_counts`)
  and writing the eight tables to Parquet (pyarrow, as ``to_parquet`` writes them). -> ``profile.csv``
* **ratio** -- :data:`RATIO_DOCS` documents through the same graph with the same estimators, once in this process
  (``scheduler="sync"``) and once on a local cluster of 2 worker processes; the ratio of the wall times.
* **large** -- :data:`LARGE_DOCS` documents on the local cluster: wall time, peak memory (``peak_gb``, in GiB: the
  largest sampled sum of PSS over this process and its workers, once a second; every sample, by process, in
  ``build/bench/timeline_<engine>_<n>.csv``) and the 1-minute load average before and after.

* **cpu** (only when asked) -- :data:`CPU_DOCS` documents through the document phase (``topics=False``) on the
  local cluster: CPU seconds of the workers (``time.process_time`` in each) and of this process (client,
  scheduler, nannies) per document, and each task prefix's ``thread-cpu`` from the workers' fine metrics, to set
  beside ``profile.csv``. The workers import the pipeline's modules first, outside the measurement (about 2 s of
  CPU per worker once, which at a few thousand documents would add about 1 ms per document). Printed, not stored.

Rows go to ``benchmarks/results.csv`` (one per run) with the commit.
"""
from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "build" / "bench"
RESULTS, PROFILE = ROOT / "benchmarks" / "results.csv", ROOT / "benchmarks" / "profile.csv"
PROFILE_DOCS, RATIO_DOCS, LARGE_DOCS, CPU_DOCS = 2000, 10_000, 100_000, 4000
PARTITION = 500


def corpus(n: int) -> Path:
    from helpers.scale import generate

    folder = OUT / f"corpus_{n}"
    if not (folder / "metadata.csv").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        generate.generate_corpus(n, folder)
    return folder


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip()


def _pss_by_process(pid: int) -> dict[int, float]:
    """MB of PSS of a process and of each of its descendants (Linux), by process id."""
    out, todo = {}, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    out[p] = int(line.split()[1]) / 1024
            todo += [int(c) for t in Path(f"/proc/{p}/task").iterdir()
                     for c in (t / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return out


def _pss_tree(pid: int) -> float:
    """MB of PSS of a process and all its descendants (Linux)."""
    return sum(_pss_by_process(pid).values())


class PeakMemory:
    """The largest sampled sum of PSS (MB) over this process and its descendants, once a second; ``samples``: each
    sample's seconds since the start and MB by process (``--timeline`` writes them)."""

    def __enter__(self):
        self.peak, self._stop, self.samples, self._t0 = 0.0, threading.Event(), [], time.perf_counter()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.is_set():
            by = _pss_by_process(os.getpid())
            self.samples.append((round(time.perf_counter() - self._t0, 1), by))
            self.peak = max(self.peak, sum(by.values()))
            self._stop.wait(1.0)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _append(path: Path, row: dict) -> None:
    new = not path.is_file()
    with open(path, "a", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(row))
        if new:
            w.writeheader()
        w.writerow(row)


def profile(n: int = PROFILE_DOCS) -> list[dict]:
    """CPU milliseconds per document of each stage and of its floor, on ``n`` generated documents."""
    import pandas as pd

    from helpers import sentiment, text
    from helpers.scale import pipeline, sources, stages

    listing = sources.list_corpus(corpus(n), PARTITION)
    counts = pd.concat([sources.line_counts(p) for p in listing.parts])
    repeated = pipeline._repeated(counts.groupby("line")["documents"].sum())
    cpu: dict[str, float] = {}

    def timed(name, fn, *args):
        t = time.process_time()
        out = fn(*args)
        cpu[name] = cpu.get(name, 0.0) + time.process_time() - t
        return out

    regex = re.compile(text.TOKEN_PATTERN)
    sia = sentiment.vader_analyzer()
    n_sents = 0
    for part in listing.parts:
        data = timed("floor: read files", lambda: sources._contents(part))
        timed("repeated lines (first pass)", sources.line_counts, part)
        docs, paras, allp = timed("load and clean", sources.load_part, part, repeated)
        sents = timed("sentences", stages.sentence_table, allp)
        n_sents += len(sents)
        vader = timed("VADER (names masked)", stages.vader_table, sents)
        toks = timed("tokens", stages.token_table, paras)
        frames = timed("frames", stages.frame_table, paras, toks)
        kwic = timed("KWIC", stages.kwic_table, paras)
        terms = timed("term counts (names dropped)", stages.term_table, paras, toks)
        tables = [docs, paras, sents, vader, toks, frames, kwic, terms]
        with tempfile.TemporaryDirectory(prefix="profile-") as tmp:
            timed("Parquet writes", lambda: [t.to_parquet(f"{tmp}/{i}.parquet", index=False)
                                             for i, t in enumerate(tables)])
        del tables
        timed("floor: Punkt sentences", lambda: [text.sentence_splitter().tokenize(t) for t in allp["text"]])
        timed("floor: vaderSentiment", lambda: [sia.polarity_scores(t) for t in sents["text"]])
        timed("floor: regex tokens", lambda: [regex.findall(t) for t in paras["text"]])
        del data
    rows = [{"stage": k, "cpu_ms_per_doc": round(1000 * v / n, 3), "documents": n, "sentences": n_sents}
            for k, v in cpu.items()]
    stages_total = sum(v for k, v in cpu.items() if not k.startswith("floor"))
    floor_total = sum(v for k, v in cpu.items() if k.startswith("floor"))
    rows += [{"stage": "all stages", "cpu_ms_per_doc": round(1000 * stages_total / n, 3), "documents": n,
              "sentences": n_sents},
             {"stage": "floor: all", "cpu_ms_per_doc": round(1000 * floor_total / n, 3), "documents": n,
              "sentences": n_sents}]
    pd.DataFrame(rows).assign(commit=_commit()).to_csv(PROFILE, index=False)
    return rows


def _run(n: int, engine: str, note: str = "") -> dict:
    from helpers.scale import engine as eng
    from helpers.scale import pipeline

    folder = corpus(n)
    out = OUT / f"out_{engine}_{n}"
    shutil.rmtree(out, ignore_errors=True)  # a run of the same input and settings there would be resumed, not timed
    load_before = os.getloadavg()[0]
    client = eng.client(dashboard=False) if engine == "dask" else None
    try:
        with PeakMemory() as mem:
            t0 = time.perf_counter()
            result = pipeline.run(folder, out, size=PARTITION, k=10, overwrite=True,
                                  scheduler="sync" if engine == "memory" else None)
            wall = time.perf_counter() - t0
    finally:
        if client is not None:
            client.close()
    row = {"engine": engine, "documents": n, "partitions": result.partitions, "paragraphs": result.sizes["paragraphs"],
           "sentences": result.sizes["sentences"], "tokens": result.sizes["tokens"],
           "vocabulary": len(result.vocab.terms), "documents_s": round(result.seconds["documents"], 1),
           "topics_s": round(result.seconds["topics"], 1), "total_s": round(wall, 1), "peak_gb": round(mem.peak / 1024, 2),
           "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2), "commit": _commit(),
           "note": note}
    _append(RESULTS, row)
    with open(OUT / f"timeline_{engine}_{n}.csv", "w", encoding="utf-8") as fh:  # where the peak was
        fh.write("seconds,pid,pss_mb\n")
        fh.writelines(f"{t},{pid},{mb:.1f}\n" for t, by in mem.samples for pid, mb in sorted(by.items()))
    print(row, flush=True)
    return row


def _worker_imports() -> float:
    t = time.process_time()
    import helpers.scale.pipeline  # noqa: F401 -- and with it pandas, pyarrow, dask.dataframe, NLTK, the stages
    return time.process_time() - t


def _worker_cpu(dask_worker) -> dict:
    return {"cpu": time.process_time(), "metrics": {k: v for k, v in dask_worker.digests_total.items()
                                                    if isinstance(k, tuple) and k[-2:] == ("thread-cpu", "seconds")}}


def cpu(n: int = CPU_DOCS) -> dict:
    """CPU milliseconds per document inside the workers (and in this process) for the document phase."""
    from helpers.scale import engine as eng
    from helpers.scale import pipeline

    folder, out = corpus(n), OUT / f"out_cpu_{n}"
    shutil.rmtree(out, ignore_errors=True)
    client = eng.client(dashboard=False)
    try:
        imports = client.run(_worker_imports)  # once per worker, whatever the corpus size: kept apart
        before, here = client.run(_worker_cpu), time.process_time()
        result = pipeline.run(folder, out, size=PARTITION, topics=False, overwrite=True)
        after, here = client.run(_worker_cpu), time.process_time() - here
    finally:
        client.close()
    docs = result.sizes["documents"]
    per_prefix: dict[str, float] = {}
    for w, b in after.items():
        for key, v in b["metrics"].items():
            per_prefix[key[-3]] = per_prefix.get(key[-3], 0.0) + v - before[w]["metrics"].get(key, 0.0)
    workers = sum(b["cpu"] - before[w]["cpu"] for w, b in after.items())
    row = {"documents": docs, "workers_ms_per_doc": round(1000 * workers / docs, 3),
           "tasks_ms_per_doc": round(1000 * sum(per_prefix.values()) / docs, 3),
           "client_ms_per_doc": round(1000 * here / docs, 3),
           "worker_imports_s": round(sum(imports.values()) / len(imports), 2), "commit": _commit(),
           **{f"task {k}": round(1000 * v / docs, 3) for k, v in sorted(per_prefix.items(), key=lambda kv: -kv[1])
              if v / docs >= 1e-5}}
    print(row, flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", choices=["profile", "ratio", "large", "cpu"], action="append")
    ap.add_argument("--cpu", type=int, default=CPU_DOCS)
    ap.add_argument("--large", type=int, default=LARGE_DOCS)
    ap.add_argument("--ratio", type=int, default=RATIO_DOCS)
    ap.add_argument("--note", default="")
    args = ap.parse_args(argv)
    parts = args.only or ["profile", "ratio", "large"]
    if "profile" in parts:
        for r in profile():
            print(r, flush=True)
    if "ratio" in parts:
        mem = _run(args.ratio, "memory", args.note)
        dsk = _run(args.ratio, "dask", args.note)
        print(f"ratio dask / in-process at {args.ratio:,} documents: {dsk['total_s'] / mem['total_s']:.2f}")
    if "large" in parts:
        _run(args.large, "dask", args.note)
    if "cpu" in parts:
        cpu(args.cpu)
    return 0


if __name__ == "__main__":
    sys.exit(main())
