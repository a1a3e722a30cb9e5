"""Benchmark the helpers on generated corpora of 100, 1,000 and 10,000 documents.

    python3 run.py bench                 # all sizes; writes benchmarks/results.csv and results.png
    python3 run.py bench --sizes 100     # one size

Corpora are generated in the project's own layout (``metadata.csv`` + ``raw/``)
under ``build/bench/``, by recombining and perturbing paragraphs of the seed
documents with a fixed seed: each document gets a headline, 3-14 body
paragraphs (sentences shuffled or dropped), sometimes a photo caption or a
navigation banner, and one in ten a reader-comment section; dates are spread
over 2009-2021. Each size runs in a fresh process, so the peak memory (max RSS)
is that size's own: ``peak_rss_mb`` is the main process's maximum resident set,
``peak_tree_pss_mb`` the largest memory of the main process plus its worker
processes together (proportional set size, sampled every second). Stages are timed separately, in pipeline order, with the
helpers' own defaults, except LDA above ``LDA_BATCH_MAX_UNITS`` paragraphs,
which uses ``topics.LARGE_CORPUS_LDA`` (online learning; see its docstring).
Per-document work in the helpers runs on all cores for inputs of 5,000 items or
more (``helpers.parallel``; ``RESET_WORKERS=1`` switches that off).

    python3 run.py bench --replot       # redraw results.png from results.csv

The Dask engine (:mod:`helpers.pipeline` on :mod:`helpers.engine`)::

    python3 run.py bench --engine dask --sizes 10000 100000

runs, for each size, the in-memory path above (sizes up to :data:`MEMORY_MAX_DOCS`) and the partitioned
pipeline on a ``LocalCluster`` of :data:`DASK_WORKERS` worker processes (one thread each, memory limit
:data:`DASK_MEMORY_LIMIT`), each in a fresh process, and appends one row per run to
``benchmarks/results_dask.csv``: wall-clock seconds and peak memory (PSS of the scheduler -- this
process -- plus its workers, sampled every second) per phase, the seconds the tasks spent in each step summed
over partitions, and the load average of the machine before and after (other jobs share it).
``--replot`` with ``--engine dask`` redraws ``benchmarks/results_dask.png`` from that CSV.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "build" / "bench"
RESULTS = ROOT / "benchmarks" / "results.csv"
PLOT = ROOT / "benchmarks" / "results.png"
SIZES = (100, 1000, 10000)
LDA_BATCH_MAX_UNITS = 20_000
"""Up to this many paragraphs LDA runs with the helper's defaults; above, with ``topics.LARGE_CORPUS_LDA``."""
DASK_RESULTS = ROOT / "benchmarks" / "results_dask.csv"
DASK_PLOT = ROOT / "benchmarks" / "results_dask.png"
MEMORY_MAX_DOCS = 10_000
"""The in-memory path is run beside the Dask engine up to this many documents (its memory grows with the corpus)."""
DASK_WORKERS, DASK_MEMORY_LIMIT = 2, "1.5GiB"
SAMPLE_S = 1.0
"""Seconds between two memory samples."""
PHASES = ("documents", "vocabulary", "fit_models", "unit_topics")
STAGES = ("load_clean", "segment", "tokenize", "vader", "frames_kwic", "vectorise", "nmf_k10", "lda_k10")


def generate(n: int, out: Path, seed: int = 2026) -> Path:
    """Write a corpus of ``n`` documents (project layout) built from the seeds' paragraphs
    (:func:`helpers.scaling.generate_corpus`)."""
    from helpers.scale import scaling

    return scaling.generate_corpus(n, out, seed)


def _pss_by_process(pid: int) -> dict[int, float]:
    """Proportional set size (MB) of a process and of each of its descendants (Linux; shared pages split fairly)."""
    out, todo = {}, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    out[p] = int(line.split()[1]) / 1024
                    break
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return out


def _tree_pss_mb(pid: int) -> float:
    """Proportional set size (MB) of a process and all its descendants together."""
    return sum(_pss_by_process(pid).values())


class _TreeMemory:
    """Samples the memory of this process and its worker processes (every :data:`SAMPLE_S` s) and keeps the peak.

    Reading ``smaps_rollup`` walks a process's page tables (about 8 ms for a 400 MB process), so sampling
    four processes every 0.2 s took about 15 % of a core from the run it measured; once a second costs about 3 %.
    """

    def __init__(self):
        import threading
        self.peak = 0.0
        self.phase, self.phase_peaks = None, {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.available = Path(f"/proc/{os.getpid()}/smaps_rollup").exists()
        if self.available:
            self._thread.start()

    def _run(self):
        while not self._stop.wait(SAMPLE_S):
            now = _tree_pss_mb(os.getpid())
            self.peak = max(self.peak, now)
            if self.phase is not None:
                self.phase_peaks[self.phase] = max(self.phase_peaks.get(self.phase, 0.0), now)

    def mark(self, phase: str) -> None:
        """From now on, samples also count towards the peak of ``phase``."""
        if self.available:
            self.phase_peaks[phase] = _tree_pss_mb(os.getpid())
        self.phase = phase

    def stop(self) -> float | None:
        if not self.available:
            return None
        self._stop.set()
        self._thread.join()
        return round(max(self.peak, _tree_pss_mb(os.getpid())), 1)


def run_stages(folder: Path) -> dict:
    """Time each stage of the pipeline on one corpus folder (in this process)."""
    from helpers import corpus
    from helpers import framing
    from helpers import sentiment
    from helpers import text
    from helpers import topics
    from helpers.text import context as wordcontext

    times: dict[str, float] = {}
    memory = _TreeMemory()

    def timed(name, fn):
        memory.mark(name)
        t0 = time.perf_counter()
        result = fn()
        times[name] = round(time.perf_counter() - t0, 3)
        return result

    docs = timed("load_clean", lambda: (corpus.load_corpus(folder), corpus.load_blocks(folder))[0])
    paras, sents = timed("segment", lambda: (lambda p: (p, text.sentences(p)))(corpus.paragraphs(docs)))
    toks = timed("tokenize", lambda: text.tokens(paras))
    timed("vader", lambda: sentiment.vader_scores(sents["text"]))
    codebook = framing.load_codebook()
    timed("frames_kwic", lambda: (framing.score_paragraphs(paras, codebook), wordcontext.kwic(paras)))
    tfidf, counts = timed("vectorise", lambda: (topics.build_dtm(paras, weighting="tfidf"),
                                                topics.build_dtm(paras, weighting="count")))
    timed("nmf_k10", lambda: topics.fit_model(tfidf, "nmf", k=10, seed=0))
    # LDA: the notebooks' default (batch variational Bayes, 10 passes) up to LDA_BATCH_MAX_UNITS units;
    # above that, online learning in mini-batches over two processes (topics.LARGE_CORPUS_LDA).
    lda_options = None if len(paras) <= LDA_BATCH_MAX_UNITS else topics.LARGE_CORPUS_LDA
    timed("lda_k10", lambda: topics.fit_model(counts, "lda", k=10, seed=0, options=lda_options))
    peak = memory.stop()
    return {"documents": len(docs), "paragraphs": len(paras), "sentences": len(sents), "tokens": len(toks),
            **times, "total_s": round(sum(times.values()), 3),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "peak_tree_pss_mb": peak, "stage_peak_mb": {k: round(v, 1) for k, v in memory.phase_peaks.items()}}


class _TimeUp(Exception):
    """Raised from the progress callback when a run passes its time limit."""


def run_dask(folder: Path, out: Path, time_limit: float | None = None) -> dict:
    """Time the partitioned pipeline (:func:`helpers.pipeline.run`) on a local Dask cluster of worker processes.

    With ``time_limit`` (seconds), a run still in its per-document phase at that point stops after the
    partitions done so far and is recorded as incomplete (``complete`` False), with the partitions done and
    the phase's time projected linearly to all partitions (``documents_projected_s``)."""
    import shutil

    from distributed import Client, LocalCluster

    from helpers.scale import engine
    from helpers.scale import pipeline

    memory = _TreeMemory()
    load_before = os.getloadavg()
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    with LocalCluster(n_workers=DASK_WORKERS, threads_per_worker=1, processes=True, memory_limit=DASK_MEMORY_LIMIT,
                      dashboard_address=None, host="127.0.0.1") as cluster, Client(cluster) as client:
        client.run(_warm_up)  # import the helpers on every worker before the clock starts for the stages
        startup = time.perf_counter() - t0
        log = OUT_DIR / f"progress_dask_{folder.name}.log"
        t1 = time.perf_counter()

        done: list[dict] = []

        def progress(summary):
            done.append({k: summary[k] for k in ("documents", "paragraphs", "sentences", "tokens")})
            elapsed = time.perf_counter() - t1
            by_process = _pss_by_process(os.getpid()) if len(done) % 10 == 1 else {}
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"partitions_done": len(done), "seconds": round(elapsed, 1),
                                     "peak_mb": round(memory.peak, 1), "load": os.getloadavg()[0],
                                     **({"client_mb": round(by_process.pop(os.getpid(), 0.0), 1),
                                         "other_processes_mb": sorted(round(v, 1) for v in by_process.values())}
                                        if by_process else {})}) + "\n")
            if time_limit is not None and elapsed > time_limit:
                raise _TimeUp

        log.write_text("")
        try:
            result = pipeline.run(folder, out, engine=engine.DaskEngine(client=client), k=10, seed=0,
                                  on_phase=memory.mark, on_result=progress, n_jobs=DASK_WORKERS)
        except _TimeUp:
            elapsed = time.perf_counter() - t1
            total = len(pipeline.partitions(folder))
            peak = memory.stop()
            return {"engine": "dask", "documents": sum(1 for _ in open(folder / "metadata.csv")) - 1,
                    "complete": False, "partitions_done": len(done), "partitions_total": total,
                    **{k: sum(d[k] for d in done) for k in ("paragraphs", "sentences", "tokens")},
                    "cluster_start_s": round(startup, 3), "documents_s": round(elapsed, 3),
                    "documents_projected_s": round(elapsed * total / len(done), 1),
                    "documents_peak_mb": round(memory.phase_peaks.get("documents", 0.0), 1), "peak_mb": peak,
                    "load_before": round(load_before[0], 2), "load_after": round(os.getloadavg()[0], 2)}
    peak = memory.stop()
    return {"engine": "dask", "documents": result.sizes["documents"], "complete": True,
            "partitions_done": result.partitions, "partitions_total": result.partitions,
            "paragraphs": result.sizes["paragraphs"],
            "sentences": result.sizes["sentences"], "tokens": result.sizes["tokens"],
            "cluster_start_s": round(startup, 3), **{f"{k}_s": v for k, v in result.seconds.items()},
            **{f"task_{k}_s": v for k, v in result.stage_seconds.items()},
            **{f"{k}_peak_mb": round(v, 1) for k, v in memory.phase_peaks.items()},
            "peak_mb": peak, "load_before": round(load_before[0], 2), "load_after": round(os.getloadavg()[0], 2)}


def _warm_up() -> None:
    """Import what the partition tasks use (run once on each worker)."""
    from helpers.scale import pipeline
    from helpers import sentiment
    from helpers import text  # noqa: F401
    sentiment.vader_analyzer()
    text.sentence_splitter()


def _memory_row(r: dict, load_before: float) -> dict:
    """A row of :func:`run_stages` in the Dask CSV's layout."""
    row = {"engine": "memory", **{k: r[k] for k in ("documents", "paragraphs", "sentences", "tokens")},
           **{f"{k}_s": r[k] for k in STAGES}, "total_s": r["total_s"],
           **{f"{k}_peak_mb": v for k, v in r["stage_peak_mb"].items()},
           "peak_mb": r["peak_tree_pss_mb"], "load_before": round(load_before, 2),
           "load_after": round(os.getloadavg()[0], 2)}
    return row


def _run_child(args: list[str]) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_dask(sizes: list[int], time_limit: float | None = None) -> int:
    """The in-memory path (up to MEMORY_MAX_DOCS) and the Dask engine at each size; rows appended to DASK_RESULTS."""
    rows = []
    for n in sizes:
        folder = OUT_DIR / f"corpus_{n}"
        if not (folder / "metadata.csv").is_file():
            t0 = time.perf_counter()
            generate(n, folder)
            print(f"generated {n} documents in {time.perf_counter() - t0:.1f} s", flush=True)
        limit = ["--time-limit", str(time_limit)] if time_limit else []
        runs = ([["--one", str(folder)]] if n <= MEMORY_MAX_DOCS else []) + [["--one-dask", str(folder), *limit]]
        for args in runs:
            load = os.getloadavg()[0]
            r = _run_child(args)
            row = _memory_row(r, load) if args[0] == "--one" else r
            row["memory_limit_per_worker"] = DASK_MEMORY_LIMIT if args[0] != "--one" else ""
            row["uptime"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
            rows.append(row)
            print(json.dumps(row), flush=True)
            _append(DASK_RESULTS, row)
    return 0


def _append(path: Path, row: dict) -> None:
    """Append a row to a CSV whose columns may grow (rewrites the file with the union of columns)."""
    old = []
    if path.is_file():
        with open(path, newline="", encoding="utf-8") as fh:
            old = list(csv.DictReader(fh))
    rows = old + [row]
    fields: list[str] = []
    for r in rows:
        fields += [k for k in r if k not in fields]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


def plot(results: list[dict], path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers import plots as plotting

    plotting.use_style()
    fig, ax = plt.subplots(figsize=(9, 5))
    sizes = [int(r["documents"]) for r in results]
    styles = ["-", "--", ":", "-."]
    for i, stage in enumerate(STAGES):
        ax.plot(sizes, [max(float(r[stage]), 1e-3) for r in results], marker=plotting.MARKERS[i % len(plotting.MARKERS)],
                color=plotting.GRAYS[i % 3], linestyle=styles[i % len(styles)], linewidth=1.2, label=stage)
    ax.plot(sizes, [float(r["total_s"]) for r in results], marker="*", markersize=10, color="black", linewidth=2.5,
            label="total")
    last = results[-1]
    ref = float(last["total_s"]) * sizes[0] / sizes[-1]
    ax.plot([sizes[0], sizes[-1]], [ref, float(last["total_s"])], color="#aaaaaa", linewidth=6, alpha=0.4,
            label="linear growth (reference)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("documents in the corpus (log scale)")
    ax.set_ylabel("seconds (log scale)")
    peak = max(float(last["peak_rss_mb"]), float(last.get("peak_tree_pss_mb") or 0))
    ax.set_title(f"The whole pipeline takes {float(last['total_s']):.0f} s on {int(last['documents']):,} documents "
                 f"(peak memory {peak / 1024:.1f} GB)")
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    fig.text(0.01, -0.04, f"lda_k10: batch learning (the notebooks' default) up to {LDA_BATCH_MAX_UNITS:,} paragraphs, "
             "online learning (topics.LARGE_CORPUS_LDA) above.", fontsize=8)
    fig.savefig(path, bbox_inches="tight", metadata={"Software": None})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    ap.add_argument("--engine", choices=("memory", "dask"), default="memory",
                    help="dask: the partitioned pipeline on a local Dask cluster, beside the in-memory path")
    ap.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # internal: time one folder, print JSON
    ap.add_argument("--one-dask", type=Path, help=argparse.SUPPRESS)  # internal: the Dask engine on one folder
    ap.add_argument("--time-limit", type=float, default=None,
                    help="dask: stop a run's per-document phase after this many seconds and record it as incomplete")
    ap.add_argument("--replot", action="store_true", help="redraw results.png from results.csv only")
    a = ap.parse_args(argv)
    if a.replot:
        with open(RESULTS, newline="", encoding="utf-8") as fh:
            plot(list(csv.DictReader(fh)), PLOT)
        return 0
    if a.one:
        print(json.dumps(run_stages(a.one)))
        return 0
    if a.one_dask:
        print(json.dumps(run_dask(a.one_dask, OUT_DIR / f"out_dask_{a.one_dask.name}", a.time_limit)))
        return 0
    if a.engine == "dask":
        return bench_dask(a.sizes, a.time_limit)
    results = []
    for n in a.sizes:
        folder = OUT_DIR / f"corpus_{n}"
        if not (folder / "metadata.csv").is_file():
            t0 = time.perf_counter()
            generate(n, folder)
            print(f"generated {n} documents in {time.perf_counter() - t0:.1f} s", flush=True)
        done = subprocess.run([sys.executable, __file__, "--one", str(folder)], capture_output=True, text=True)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return done.returncode
        r = json.loads(done.stdout.strip().splitlines()[-1])
        r.pop("stage_peak_mb", None)
        results.append(r)
        print(" ".join(f"{k}={v}" for k, v in r.items()), flush=True)
    if len(results) == len(SIZES):
        with open(RESULTS, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(results[0]))
            w.writeheader()
            w.writerows(results)
        plot(results, PLOT)
        print(f"wrote {RESULTS.relative_to(ROOT)} and {PLOT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
