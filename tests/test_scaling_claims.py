"""Notebook 05's prose held true by its stored outputs (What we found, and the lines the sections state)."""
from __future__ import annotations

import json
import re
from pathlib import Path

NB = Path(__file__).resolve().parent.parent / "notebooks" / "05_scaling_up.ipynb"


def outputs() -> list[tuple[str, str]]:
    """(source, text of its outputs) of every code cell."""
    nb = json.loads(NB.read_text(encoding="utf-8"))
    out = []
    for c in nb["cells"]:
        if c["cell_type"] != "code":
            continue
        texts = []
        for o in c["outputs"]:
            texts.append("".join(o.get("text", "")))
            texts.append("".join(o.get("data", {}).get("text/plain", "")))
        out.append(("".join(c["source"]), "\n".join(texts)))
    return out


def output_of(fragment: str) -> str:
    return next(text for src, text in outputs() if fragment in src)


def graph_sizes() -> dict[str, list[str]]:
    """The rows of section 1's table of tasks per step (printed transposed: one column per partition count)."""
    lines = output_of("graph_sizes = pd.DataFrame(rows)").strip().splitlines()
    header = lines[0].split()
    assert header[0] == "partitions"
    n = len(header) - 1
    return {"partitions": header[1:], **{" ".join(line.split()[:-n]): line.split()[-n:] for line in lines[1:]}}


def test_the_collection_is_lazy_it_shows_partitions_and_types_not_values():
    shown = output_of("ddf = dd.from_pandas(sents")
    assert "Dask DataFrame Structure" in shown and "npartitions=" in shown
    assert "..." in shown and "string" in shown


def test_the_hand_built_graph_gives_pandas_means_for_every_partition_count_from_1_to_8():
    assert "same to 12 decimals: True" in output_of('side = pd.DataFrame({"Dask"')
    rows = graph_sizes()
    assert rows["partitions"] == [str(n) for n in range(1, 9)]
    assert rows["same means as pandas"] == ["True"] * 8


def test_each_partition_adds_one_read_one_score_and_two_mean_tasks_and_the_mean_two_at_the_end():
    rows = graph_sizes()
    parts = [int(n) for n in rows["partitions"]]
    assert [int(v) for v in rows["read (from_pandas)"]] == parts
    assert [int(v) for v in rows["score (map_partitions)"]] == parts
    assert [int(v) for v in rows["mean (groupby)"]] == [2 * n + 2 for n in parts]
    src = next(src for src, _ in outputs() if "ax.set_title" in src and "per_partition" in src)
    assert "{per_partition}" in src and "{fixed}" in src  # the title is built from the table, not typed


def test_the_pipeline_gives_the_pandas_means_on_the_articles_and_on_the_generated_corpus():
    assert "identical to section 1's pandas means: True" in output_of("dask.compute(vader_means")
    assert "documents per partition: [2, 2, 1]" in output_of("dask.compute(vader_means")
    assert re.search(r"[\d,]+ documents; identical to pandas: True", output_of("pandas_gen = score(gen_sents)"))


def test_the_pipeline_writes_one_parquet_file_per_partition_and_table():
    shown = output_of("run = pipeline.run(")
    partitions = re.search(r"documents in (\d+) partitions", shown).group(1)
    counts = re.findall(r"^(\w+)\s+(\d+)$", shown, flags=re.M)
    assert {t for t, _ in counts} == {"documents", "paragraphs", "sentences", "vader", "tokens", "frames", "kwic",
                                      "terms"}
    assert all(n == partitions for _, n in counts)


def test_no_cluster_address_or_timing_is_stored():
    text = "\n".join(t for _, t in outputs())
    assert "127.0.0.1" not in text and "dashboard:" not in text
    assert not re.search(r"\d+(\.\d+)? ?s\b|seconds", text)


def test_the_benchmark_figures_the_lesson_cites_are_the_last_benchmark_runs():
    import csv

    root = NB.parent.parent
    rows = list(csv.DictReader(open(root / "benchmarks" / "results.csv", encoding="utf-8")))
    large = [r for r in rows if r["engine"] == "dask" and r["documents"] == "100000"][-1]
    memory, dask = ([r for r in rows if r["engine"] == e and r["documents"] == "10000"][-1] for e in ("memory", "dask"))
    ratio = f"{float(dask['total_s']) / float(memory['total_s']):.2f}"
    profile = {r["stage"]: float(r["cpu_ms_per_doc"]) for r in csv.DictReader(
        open(root / "benchmarks" / "profile.csv", encoding="utf-8"))}
    lesson = "".join("".join(c["source"]) for c in json.loads(NB.read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "markdown")
    assert f"{float(large['total_s']):.1f} s with a peak of {float(large['peak_gb']):.2f} GiB" in lesson
    assert f"took {ratio} of the time" in lesson
    assert f"{profile['all stages']:.2f} ms per document" in lesson
    assert f"about {profile['all stages'] * 0.5:.1f} s of CPU per partition" in lesson
    assert f"about {profile['KWIC'] * 0.5:.2f} s (keyword in context)" in lesson
    assert f"{profile['sentences'] * 0.5:.1f} s (sentences)" in lesson
    solutions = (root / "solutions" / "05_scaling_up_solutions.ipynb").read_text(encoding="utf-8")
    assert f"took {ratio} of the time of one process" in solutions
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert f"**{float(large['total_s']):.1f} s**" in readme and f"**{float(large['peak_gb']):.2f}**" in readme
    assert f"({ratio} × in-process)" in readme
