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
processes together (proportional set size, sampled every 0.2 s). Stages are timed separately, in pipeline order, with the
helpers' own defaults, except LDA above ``LDA_BATCH_MAX_UNITS`` paragraphs,
which uses ``topics.LARGE_CORPUS_LDA`` (online learning; see its docstring).
Per-document work in the helpers runs on all cores for inputs of 5,000 items or
more (``helpers.parallel``; ``RESET_WORKERS=1`` switches that off).

    python3 run.py bench --replot       # redraw results.png from results.csv
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "build" / "bench"
RESULTS = ROOT / "benchmarks" / "results.csv"
PLOT = ROOT / "benchmarks" / "results.png"
SIZES = (100, 1000, 10000)
LDA_BATCH_MAX_UNITS = 20_000
"""Up to this many paragraphs LDA runs with the helper's defaults; above, with ``topics.LARGE_CORPUS_LDA``."""
STAGES = ("load_clean", "segment", "tokenize", "vader", "frames_kwic", "vectorise", "nmf_k10", "lda_k10")


def generate(n: int, out: Path, seed: int = 2026) -> Path:
    """Write a corpus of ``n`` documents (project layout) built from the seeds' paragraphs."""
    from helpers import corpus, text

    rng = random.Random(seed)
    docs = corpus.load_corpus()
    paras = corpus.paragraphs(docs, include=("body", "comment"))
    body = [p for p, t in zip(paras["text"], paras["block_type"]) if t == "body"]
    comments = [p for p, t in zip(paras["text"], paras["block_type"]) if t == "comment"]
    titles = list(docs["title"])
    raw = out / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    start, span = date(2009, 1, 1), (date(2021, 12, 31) - date(2009, 1, 1)).days
    rows = []
    for i in range(n):
        chosen = []
        for p in rng.choices(body, k=rng.randint(3, 14)):
            sents = text.split_sentences(p)
            if len(sents) > 2 and rng.random() < 0.5:
                sents.pop(rng.randrange(len(sents)))
            if rng.random() < 0.5:
                rng.shuffle(sents)
            chosen.append(" ".join(sents))
        lines = [f"{rng.choice(titles)} (no. {i})", "", f"By Author {i % 97}", ""]
        if rng.random() < 0.3:
            lines += ["Watch CBSN Live", ""]
        for j, p in enumerate(chosen):
            lines += [p, ""]
            if j == 1 and rng.random() < 0.3:
                lines += ["(AP Photo/Photographer)", ""]
        if rng.random() < 0.1 and comments:
            k = rng.randint(1, 4)
            lines += [f"soundoff ({k} Responses)"]
            for c in range(k):
                lines += [f"  {c + 1}. Commenter {rng.randint(1, 500)}", "", "    " + rng.choice(comments), "",
                          "    June 17, 2021 at 9:15 am | Reply"]
            lines += ["", "Post a comment"]
        name = f"gen_{i:05d}.txt"
        (raw / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        day = start + timedelta(days=rng.randint(0, span))
        rows.append({"id": f"gen_{i:05d}", "file": name, "title": lines[0], "author": f"Author {i % 97}",
                     "date": day.isoformat(), "date_precision": "day"})
    with open(out / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "file", "title", "author", "date", "date_precision"])
        w.writeheader()
        w.writerows(rows)
    return out


def _tree_pss_mb(pid: int) -> float:
    """Proportional set size (MB) of a process and all its descendants (Linux; shared pages split fairly)."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
                    break
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


class _TreeMemory:
    """Samples the memory of this process and its worker processes (every 0.2 s) and keeps the peak."""

    def __init__(self):
        import threading
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.available = Path(f"/proc/{os.getpid()}/smaps_rollup").exists()
        if self.available:
            self._thread.start()

    def _run(self):
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, _tree_pss_mb(os.getpid()))

    def stop(self) -> float | None:
        if not self.available:
            return None
        self._stop.set()
        self._thread.join()
        return round(max(self.peak, _tree_pss_mb(os.getpid())), 1)


def run_stages(folder: Path) -> dict:
    """Time each stage of the pipeline on one corpus folder (in this process)."""
    from helpers import corpus, framing, sentiment, text, topics, wordcontext

    times: dict[str, float] = {}
    memory = _TreeMemory()

    def timed(name, fn):
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
    return {"documents": len(docs), "paragraphs": len(paras), "sentences": len(sents), "tokens": len(toks),
            **times, "total_s": round(sum(times.values()), 3),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "peak_tree_pss_mb": memory.stop()}


def plot(results: list[dict], path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers import plotting

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
    ap.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # internal: time one folder, print JSON
    ap.add_argument("--replot", action="store_true", help="redraw results.png from results.csv only")
    a = ap.parse_args(argv)
    if a.replot:
        with open(RESULTS, newline="", encoding="utf-8") as fh:
            plot(list(csv.DictReader(fh)), PLOT)
        return 0
    if a.one:
        print(json.dumps(run_stages(a.one)))
        return 0
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
