"""Scaling up: generated corpora of any size, and the benchmark of the two engines as a table and a plot.

* :func:`generate_corpus` -- writes a corpus of ``n`` **documents** in the project's layout, recombined from
  the seed articles' paragraphs (what the benchmark and notebook 05 run on);
* :func:`benchmark_table` -- one row per **benchmark run x phase** (engine, documents, seconds, peak memory)
  from ``benchmarks/results_dask.csv``; :func:`plot_benchmark` draws it.
"""
from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from helpers import corpus
from helpers.plots import style as plotting
from helpers import text

BENCHMARK_CSV = corpus.PROJECT_ROOT / "benchmarks" / "results_dask.csv"
PHASE_LABELS = {"documents": "per-document stages", "vectorise": "vocabulary and DTM", "models": "NMF and LDA",
                "unit_topics": "topic shares per unit"}
"""The phases the benchmark table compares across engines (the in-memory stages are grouped into them)."""
MEMORY_GROUPS = {"documents": ("load_clean", "segment", "tokenize", "vader", "frames_kwic"),
                 "vectorise": ("vectorise",), "models": ("nmf_k10", "lda_k10"), "unit_topics": ()}
DASK_GROUPS = {"documents": ("documents",), "vectorise": ("vocabulary",), "models": ("fit_models",),
               "unit_topics": ("unit_topics",)}


def generate_corpus(n: int, out: Path, seed: int = 2026) -> Path:
    """Write a corpus of ``n`` **documents** in the project's layout (``metadata.csv`` + ``raw/``) under ``out``.

    Each document recombines 3-14 body paragraphs of the seed articles (sentences shuffled or dropped), with
    a headline, a byline, sometimes a banner or a photo caption, and one in ten a reader-comment section;
    dates are spread over 2009-2021. Deterministic for a given ``seed``.
    """
    out = Path(out)
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




def _runs(path: str | Path | None = None) -> pd.DataFrame:
    """The benchmark CSV, one row per **run** in the order run, with ``run`` (a label numbering the runs)."""
    path = Path(path or BENCHMARK_CSV)
    if not path.is_file():
        return pd.DataFrame(columns=["run", "engine", "documents", "total_s", "peak_mb", "note"])
    raw = pd.read_csv(path).reset_index(drop=True)
    raw["run"] = [f"#{i + 1} {e}, {int(d):,}" for i, (e, d) in enumerate(zip(raw["engine"], raw["documents"]))]
    return raw


def _phase(r: dict, phase: str) -> tuple[float | None, float | None]:
    """Seconds and peak MB of one phase of one run (None where the engine has no such phase)."""
    groups = MEMORY_GROUPS if r["engine"] == "memory" else DASK_GROUPS
    secs = [float(r[f"{p}_s"]) for p in groups[phase] if pd.notna(r.get(f"{p}_s"))]
    peaks = [float(r[f"{p}_peak_mb"]) for p in groups[phase] if pd.notna(r.get(f"{p}_peak_mb"))]
    return (sum(secs) if secs else None), (max(peaks) if peaks else None)


def benchmark_table(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **benchmark run x phase**: ``run`` (run number, engine and size), ``engine``, ``documents``,
    ``phase``, ``seconds`` (wall clock; NaN where the engine has no such phase) and ``peak_gb`` (the largest
    sampled sum of PSS of the process and its workers in that phase), plus the run's ``load_before``.
    Every run in ``benchmarks/results_dask.csv`` is kept, in the order run."""
    raw = _runs(path)
    if raw.empty:  # e.g. a copy of the notebooks without benchmarks/: an empty table, said in the title
        return pd.DataFrame(columns=["run", "engine", "complete", "documents", "phase", "seconds", "peak_gb"])
    rows = []
    for r in raw.to_dict("records"):
        complete = str(r.get("complete", True)) != "False"
        for phase in PHASE_LABELS:
            secs, peak = _phase(r, phase)
            rows.append({"run": r["run"] + ("" if complete else " (partial)"), "engine": r["engine"],
                         "complete": complete, "partitions_done": r.get("partitions_done"),
                         "partitions_total": r.get("partitions_total"), "projected_s": r.get("documents_projected_s"),
                         "documents": int(r["documents"]), "phase": PHASE_LABELS[phase],
                         "seconds": round(secs, 1) if secs is not None else float("nan"),
                         "peak_gb": round(peak / 1024, 2) if peak is not None else None,
                         "load_before": r.get("load_before")})
    return pd.DataFrame(rows)


def benchmark_seconds(table: pd.DataFrame) -> pd.DataFrame:
    """One row per **benchmark run**, one column per phase: wall-clock seconds (whole seconds; NaN where the
    engine has no such phase)."""
    if table.empty:
        return pd.DataFrame(columns=list(PHASE_LABELS.values()))
    return table.pivot_table(index="run", columns="phase", values="seconds", sort=False, dropna=False).round(0)


def benchmark_runs(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **benchmark run**, in the order run: engine, documents, seconds per phase (NaN where the engine
    has no such phase), total seconds, peak memory (GB), the 1-minute load average before and after, and the
    run's note (which round, which commit)."""
    raw = _runs(path)
    if raw.empty:
        return pd.DataFrame(columns=["run", "engine", "documents", "total_s", "peak_gb", "note"])
    rows = []
    for r in raw.to_dict("records"):
        row = {"run": r["run"], "engine": r["engine"], "documents": int(r["documents"])}
        for phase, label in PHASE_LABELS.items():
            secs = _phase(r, phase)[0]
            row[label] = round(secs) if secs is not None else float("nan")
        row.update({"total_s": round(float(r["total_s"])), "peak_gb": round(float(r["peak_mb"]) / 1024, 2),
                    "load_before": r.get("load_before"), "load_after": r.get("load_after"),
                    "note": r.get("note") if pd.notna(r.get("note")) else ""})
        rows.append(row)
    return pd.DataFrame(rows).set_index("run")


TIME_TARGET_MIN = 15
"""The time target: 100,000 documents in under 15 minutes."""
RATIO_TARGET = 1.3
"""The speed target at 10,000 documents: Dask within 1.3 times the in-memory time."""


def benchmark_rounds(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **round**: each Dask run at the largest size, with the last in-memory and the last Dask run
    at the smallest size before it in the file. Time ratio Dask / in-memory at the small size (target
    :data:`RATIO_TARGET`), minutes at the large size (target :data:`TIME_TARGET_MIN`), peak memory at both
    sizes and its growth in MB per 1,000 documents."""
    raw = _runs(path)
    cols = ["round", "small_docs", "ratio_dask_to_memory", "large_docs", "large_minutes", "peak_small_gb",
            "peak_large_gb", "growth_mb_per_1000_docs", "load_before_large"]
    if raw.empty or "dask" not in set(raw["engine"]):
        return pd.DataFrame(columns=cols)
    raw = raw[raw["complete"].astype(str) != "False"] if "complete" in raw else raw
    small, large = int(raw["documents"].min()), int(raw["documents"].max())
    rows = []
    for i in range(len(raw)):
        r = raw.iloc[i]
        if r["engine"] != "dask" or int(r["documents"]) != large or small == large:
            continue
        before = raw.iloc[:i]
        mem = before[(before["engine"] == "memory") & (before["documents"] == small)]
        dsk = before[(before["engine"] == "dask") & (before["documents"] == small)]
        if mem.empty or dsk.empty:
            continue
        m, d = mem.iloc[-1], dsk.iloc[-1]
        growth = (float(r["peak_mb"]) - float(d["peak_mb"])) / ((large - small) / 1000)
        rows.append({"round": len(rows) + 1, "small_docs": small,
                     "ratio_dask_to_memory": round(float(d["total_s"]) / float(m["total_s"]), 2),
                     "large_docs": large, "large_minutes": round(float(r["total_s"]) / 60, 1),
                     "peak_small_gb": round(float(d["peak_mb"]) / 1024, 2),
                     "peak_large_gb": round(float(r["peak_mb"]) / 1024, 2),
                     "growth_mb_per_1000_docs": round(growth, 1), "load_before_large": r["load_before"]})
    return pd.DataFrame(rows, columns=cols)


def benchmark_sentences(rounds: pd.DataFrame) -> str:
    """Plain sentences on the targets and the memory growth, one per round, from :func:`benchmark_rounds`."""
    if rounds.empty:
        return "No complete round (in-memory and Dask at the small size, Dask at the large size) recorded."
    out = []
    for r in rounds.to_dict("records"):
        ratio_ok = "met" if r["ratio_dask_to_memory"] <= RATIO_TARGET else "missed"
        time_ok = "met" if r["large_minutes"] < TIME_TARGET_MIN else "missed"
        out.append(f"Round {r['round']}: at {r['small_docs']:,} documents Dask took {r['ratio_dask_to_memory']:.2f}x "
                   f"the in-memory time (target at most {RATIO_TARGET}x: {ratio_ok}); {r['large_docs']:,} documents "
                   f"took {r['large_minutes']:.1f} min at load {r['load_before_large']} (target under "
                   f"{TIME_TARGET_MIN} min: {time_ok}); Dask peak memory {r['peak_small_gb']:.2f} -> "
                   f"{r['peak_large_gb']:.2f} GB, {r['growth_mb_per_1000_docs']:+.1f} MB per 1,000 documents.")
    return "\n".join(out)


def plot_benchmark(table: pd.DataFrame, title: str):
    """Two panels: wall-clock minutes per phase (stacked) and peak memory (GB) of every run, one bar per run,
    with the targets (15 minutes, 4 GB) as dashed lines."""
    runs = list(dict.fromkeys(table["run"]))
    if not runs:
        fig, ax = plt.subplots(figsize=(8, 2))
        ax.text(0.5, 0.5, "no benchmark results in benchmarks/results_dask.csv", ha="center", va="center")
        ax.set_axis_off()
        ax.set_title(title)
        return fig
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 2.6 + 0.32 * len(runs)), gridspec_kw={"width_ratios": [3, 2]})
    left = [0.0] * len(runs)
    for i, phase in enumerate(PHASE_LABELS.values()):
        minutes = [round(float(table[(table["run"] == r) & (table["phase"] == phase)]["seconds"].sum()) / 60, 1)
                   for r in runs]
        ax1.barh(runs, minutes, left=left, color=plotting.GRAYS[i % len(plotting.GRAYS)],
                 hatch=plotting.HATCHES[i % len(plotting.HATCHES)], edgecolor="black", label=phase)
        left = [a + b for a, b in zip(left, minutes)]
    ax1.axvline(TIME_TARGET_MIN, color="black", linestyle="--", linewidth=1.5,
                label=f"target: {TIME_TARGET_MIN} min at the largest size")
    ax1.set_xlim(0, max(TIME_TARGET_MIN + 2, round(max(left)) + 2))
    ax1.set_xlabel("minutes (wall clock, machine shared with other jobs)")
    ax1.set_ylabel("run (number in the CSV), engine, documents")
    ax1.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2)
    ax1.invert_yaxis()
    peaks = [round(float(table[table["run"] == r]["peak_gb"].max()), 1) for r in runs]
    ax2.barh(runs, peaks, color=plotting.GRAYS[2], edgecolor="black")
    ax2.set_xlabel("peak memory (GB, process + workers)")
    ax2.set_yticks(range(len(runs)), [""] * len(runs))
    ax2.invert_yaxis()
    ax2.set_xlim(0, max(4.0, max(peaks) + 0.5))
    ax2.axvline(4.0, color="black", linestyle="--", linewidth=1.5, label="target: 4 GB")
    ax2.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.15))
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def benchmark_title(table: pd.DataFrame) -> str:
    """A title stating the latest Dask run at the largest size: its time and peak memory."""
    dask = table[table["engine"] == "dask"]
    if dask.empty:
        return "No Dask benchmark recorded here: run python3 run.py bench --engine dask"
    n = int(dask["documents"].max())
    last = dask[dask["documents"] == n]["run"].iloc[-1]
    big = dask[dask["run"] == last]
    minutes, peak = float(big["seconds"].sum()) / 60, float(big["peak_gb"].max())
    if not bool(big["complete"].iloc[0]):
        first = big.iloc[0]
        return (f"Dask, {n:,} documents: {int(first['partitions_done'])} of {int(first['partitions_total'])} "
                f"partitions in {minutes:.0f} min (projected {float(first['projected_s']) / 60:.0f} min), "
                f"peak {peak:.1f} GB")
    return (f"The latest Dask run took {minutes:.0f} min for {n:,} documents with a peak of {peak:.1f} GB "
            "(2 shared cores)")


# --------------------------------------------------------------------------- the two engines side by side

TABLE_KEYS = {"documents": ["id"], "paragraphs": ["unit_id"], "sentences": ["unit_id"],
              "tokens": ["unit_id", "position"], "vader": ["unit_id"], "targets": ["unit_id"],
              "frames": ["unit_id", "frame"], "kwic": ["unit_id", "position"]}
"""The key that identifies a row of each per-document table (the tables are compared sorted by it)."""


def in_memory_tables(folder: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """The per-document tables as the notebooks compute them, on the whole corpus at once (the reference)."""
    from helpers.framing import codebook as framing
    from helpers import sentiment
    from helpers.text import context as wordcontext

    docs = corpus.load_corpus(folder)
    paras = corpus.paragraphs(docs)
    sents = text.sentences(paras)
    targets = sentiment.actor_targets(sents, text.load_actors())
    return {"documents": docs, "paragraphs": paras, "sentences": sents, "tokens": text.tokens(paras),
            "vader": sents[["doc_id", "unit_id"]].join(sentiment.vader_scores(sents["text"])),
            "targets": targets[["doc_id", "unit_id", "actors_named", "target"]],
            "frames": framing.score_paragraphs(paras, framing.load_codebook()), "kwic": wordcontext.kwic(paras)}


def _same(expected: pd.DataFrame, got: pd.DataFrame, keys: list[str]) -> bool:
    a = expected.sort_values(keys, kind="stable").reset_index(drop=True)
    b = got[list(expected.columns)].sort_values(keys, kind="stable").reset_index(drop=True)
    a.attrs, b.attrs = {}, {}
    try:
        pd.testing.assert_frame_equal(a, b, check_dtype=False, check_exact=True)
    except AssertionError:
        return False
    return True


def same_answers(folder: str | Path | None, out: str | Path) -> pd.DataFrame:
    """One row per **table**: rows computed in memory, rows written by the pipeline, and whether every value
    is identical (rows sorted by the table's key; floats compared exactly)."""
    from helpers.scale import pipeline

    rows = []
    for name, expected in in_memory_tables(folder).items():
        got = pipeline.read_table(out, name)
        rows.append({"table": name, "rows_in_memory": len(expected), "rows_pipeline": len(got),
                     "identical": len(got) == len(expected) and _same(expected, got, TABLE_KEYS[name])})
    return pd.DataFrame(rows)


def document_summary(out: str | Path) -> pd.DataFrame:
    """One row per **document**: paragraphs, sentences and mean VADER compound of its sentences, computed by
    Dask from the pipeline's Parquet tables (lazily, partition by partition; pandas only at the end)."""
    from helpers.scale import pipeline

    paras = pipeline.read_dask(out, "paragraphs", columns=["doc_id", "unit_id"])
    vader = pipeline.read_dask(out, "vader", columns=["doc_id", "compound"])
    n_paras = paras.groupby("doc_id")["unit_id"].count().rename("paragraphs")
    by_doc = vader.groupby("doc_id")["compound"]
    summary = pd.concat([n_paras.compute(), by_doc.count().rename("sentences").compute(),
                         by_doc.mean().rename("mean_vader").compute()], axis=1)
    return summary.round({"mean_vader": 3}).sort_index().rename_axis("doc_id").reset_index()


def period_profile(out: str | Path) -> pd.DataFrame:
    """One row per **period**: documents, sentences, mean VADER of the sentences and the share of paragraphs
    with any frame indicator, computed by Dask from the Parquet tables."""
    from helpers.scale import pipeline

    docs = pipeline.read_dask(out, "documents", columns=["id", "period"]).compute().set_index("id")["period"]
    vader = pipeline.read_dask(out, "vader", columns=["doc_id", "compound"])
    vader["period"] = vader["doc_id"].map(docs, meta=("period", "str"))
    frames = pipeline.read_dask(out, "frames", columns=["unit_id", "period", "present"])
    any_frame = frames.groupby(["period", "unit_id"])["present"].max().compute().groupby("period").mean()
    out_ = pd.DataFrame({"documents": docs.value_counts(),
                         "sentences": vader.groupby("period")["compound"].count().compute(),
                         "mean_vader": vader.groupby("period")["compound"].mean().compute(),
                         "share_paragraphs_framed": any_frame})
    return out_.round({"mean_vader": 3, "share_paragraphs_framed": 3}).sort_index().rename_axis("period").reset_index()


def topic_agreement_table(result, folder: str | Path | None, k: int, seed: int = 0) -> pd.DataFrame:
    """One row per **comparison** of topic-term matrices (mean matched cosine, 1 = the same topics): the
    incremental fit against the notebooks' batch fit with the same seed and with another seed (``seed + 1``),
    and two baselines -- two batch fits with these two seeds (how much batch fits themselves vary) and topics
    drawn at random (chance). One pair of seeds: no interval."""
    import numpy as np

    from helpers.scale import pipeline
    from helpers import topics
    from helpers.topics import fit as topics_fit

    paras = corpus.paragraphs(corpus.load_corpus(folder))
    rows = {}
    for model, weighting in (("nmf", "tfidf"), ("lda", "count")):
        dtm = topics.build_dtm(paras, weighting=weighting)
        batch = topics.fit_model(dtm, model, k=k, seed=seed)
        other = topics.fit_model(dtm, model, k=k, seed=seed + 1)
        noise = topics_fit._normalise_rows(np.random.default_rng(seed).random(batch.topic_terms.shape))
        inc = result.topic_terms(model)
        rows[model] = {"incremental vs batch (same seed)": pipeline.topic_agreement(inc, batch.topic_terms),
                       "incremental vs batch (another seed)": pipeline.topic_agreement(inc, other.topic_terms),
                       "batch vs batch (another seed)": pipeline.topic_agreement(other.topic_terms,
                                                                                 batch.topic_terms),
                       "random topics vs batch (chance)": pipeline.topic_agreement(noise, batch.topic_terms)}
    return pd.DataFrame(rows).round(2).rename_axis("comparison").reset_index()


def top_terms_table(result, model: str, n: int = 8) -> pd.DataFrame:
    """One row per **topic** of an incremental fit (numbered by prevalence): its ``n`` heaviest terms."""
    tt = result.topic_terms(model)
    terms = result.vocab.terms
    rows = []
    for i, row in enumerate(tt):
        order = sorted(range(len(row)), key=lambda j: (-round(float(row[j]), 12), terms[j]))[:n]
        rows.append({"topic": f"T{i + 1}", "top_terms": ", ".join(terms[j] for j in order)})
    return pd.DataFrame(rows)


def agreement_by_passes(result, folder: str | Path | None, k: int, passes: list[int], seed: int = 0) -> pd.DataFrame:
    """One row per **model x number of passes**: mean matched cosine of the incremental fit's topics with the
    batch fit's (same k and seed), refitting only the models on the pipeline's stored partitions."""
    import json

    from helpers.scale import pipeline
    from helpers import topics
    from helpers.topics import fit as topics_fit

    names = json.loads((Path(result.out) / "manifest.json").read_text())["partitions"]
    paras = corpus.paragraphs(corpus.load_corpus(folder))
    batch = {m: topics.fit_model(topics.build_dtm(paras, weighting=w), m, k=k, seed=seed).topic_terms
             for m, w in (("nmf", "tfidf"), ("lda", "count"))}
    rows = []
    for n in passes:
        fitted = pipeline.incremental_models(result.out, names, result.vocab, k=k, seed=seed, passes=n)
        for model, est in fitted.items():
            tt = topics_fit._normalise_rows(est.components_)
            rows.append({"model": model, "passes": n,
                         "agreement_with_batch": round(pipeline.topic_agreement(tt, batch[model]), 2)})
    return pd.DataFrame(rows)


def plot_agreement_by_passes(table: pd.DataFrame, title: str):
    """Dots: agreement with the batch fit (y) by passes (x), one marker per model."""
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for i, (model, part) in enumerate(table.groupby("model", sort=True)):
        ax.plot(part["passes"], part["agreement_with_batch"], marker=plotting.MARKERS[i], linestyle="",
                color=plotting.GRAYS[i], markersize=8, label=model.upper())
    ax.set_xticks(sorted(table["passes"].unique()))
    ax.set_ylim(0, 1)
    ax.set_xlabel("passes over the corpus (incremental fit)")
    ax.set_ylabel("mean matched cosine with batch fit")
    ax.set_title(title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def benchmark_markdown(path: str | Path | None = None) -> str:
    """The benchmark as a Markdown table (one row per run, in the order run: seconds and peak GB per phase, load
    average, note), for the README. An incomplete run shows the partitions it finished and its per-document time projected."""
    raw = pd.read_csv(path or BENCHMARK_CSV)
    head = ("| engine | documents | per-document stages | vocabulary/DTM | NMF + LDA | topic shares | total | "
            "peak memory | load avg (before/after) | run |\n|---|---|---|---|---|---|---|---|---|---|")
    lines = [head]
    for r in raw.sort_values(["documents"], kind="stable").to_dict("records"):
        groups = MEMORY_GROUPS if r["engine"] == "memory" else DASK_GROUPS
        cells = []
        for phase, parts in groups.items():
            secs = [float(r[f"{p}_s"]) for p in parts if pd.notna(r.get(f"{p}_s"))]
            peaks = [float(r[f"{p}_peak_mb"]) for p in parts if pd.notna(r.get(f"{p}_peak_mb"))]
            cells.append(f"{sum(secs):,.0f} s ({max(peaks) / 1024:.2f} GB)" if secs and peaks else
                         (f"{sum(secs):,.0f} s" if secs else "—"))
        complete = str(r.get("complete", True)) != "False"
        if not complete:
            cells[0] = (f"{float(r['documents_s']):,.0f} s for {int(r['partitions_done'])} of "
                        f"{int(r['partitions_total'])} partitions ({float(r['documents_peak_mb']) / 1024:.2f} GB); "
                        f"projected {float(r['documents_projected_s']) / 60:,.0f} min")
            cells[1:] = ["not reached"] * 3
        total = f"{float(r['total_s']):,.0f} s" if complete else "—"
        lines.append(f"| {r['engine']} | {int(r['documents']):,} | " + " | ".join(cells) +
                     f" | {total} | {float(r['peak_mb']) / 1024:.2f} GB | {r['load_before']} / {r['load_after']} | "
                     f"{r.get('note', '') if pd.notna(r.get('note')) else ''} |")
    return "\n".join(lines)


def dtm_difference(result, folder: str | Path | None) -> pd.DataFrame:
    """One row per **weighting** (count, tf-idf): paragraphs x terms of the pipeline's DTM (assembled from its
    partitions) and of ``topics.build_dtm`` on the whole corpus, whether the terms are the same, and the largest
    absolute difference of any cell (rows matched by paragraph id; rounded to 12 decimals)."""
    import numpy as np

    from helpers.scale import pipeline
    from helpers import topics

    paras = corpus.paragraphs(corpus.load_corpus(folder))
    rows = []
    for weighting in ("count", "tfidf"):
        mem = topics.build_dtm(paras, weighting=weighting)
        got = pipeline.dtm(result.out, result, weighting)
        same_terms = list(got.terms) == list(mem.terms)
        diff = float("nan")
        if same_terms and mem.matrix.shape == got.matrix.shape:
            a = mem.matrix[np.argsort(mem.units["unit_id"].to_numpy(), kind="stable")]
            b = got.matrix[np.argsort(got.units["unit_id"].to_numpy(), kind="stable")]
            diff = round(float(abs(a - b).max()), 12)
        rows.append({"weighting": weighting, "shape_in_memory": f"{mem.matrix.shape[0]:,} x {mem.matrix.shape[1]:,}",
                     "shape_pipeline": f"{got.matrix.shape[0]:,} x {got.matrix.shape[1]:,}",
                     "same_terms": same_terms, "max_abs_difference": diff})
    return pd.DataFrame(rows)


def agreement_sentences(table: pd.DataFrame, margin: float = 0.05) -> str:
    """One sentence per **model**: the incremental fit against the batch fit with *another* seed, read against
    two batch fits with different seeds (within ``margin`` = about as close; from :func:`topic_agreement_table`)."""
    t = table.set_index("comparison")
    out = []
    for model in [c for c in t.columns]:
        inc = float(t.loc["incremental vs batch (another seed)", model])
        base = float(t.loc["batch vs batch (another seed)", model])
        chance = float(t.loc["random topics vs batch (chance)", model])
        if inc >= base - margin:
            verdict = "about as close as two batch seeds, or closer"
        elif inc > chance + margin:
            verdict = "above chance but less close than two batch seeds"
        else:
            verdict = "no closer than chance"
        out.append(f"{model.upper()}: incremental vs batch with another seed {inc:.2f}, two batch seeds {base:.2f}, "
                   f"chance {chance:.2f}: {verdict} (margin {margin}).")
    return "\n".join(out)
