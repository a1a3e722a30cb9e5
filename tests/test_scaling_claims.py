"""Notebook 05's prose held true by its stored outputs (What we found, and the lines the sections state)."""
from __future__ import annotations

import json
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


def test_dask_means_equal_notebook_03s_pandas_means():
    assert "identical: True" in output_of('side = pd.DataFrame({"Dask"')
    assert "gives the same" not in output_of("ax.set_title")  # the title is built from the comparison, not typed


def test_the_graph_has_one_task_per_partition_per_stage_and_one_corpus_wide_sum():
    table = output_of("Counter(key_split")
    rows = dict(parts for parts in (line.split() for line in table.splitlines()) if len(parts) == 2)
    assert rows["load_part"] == rows["sentence_table"] == rows["vader_table"] == rows["line_counts"] == "3"
    assert rows["repeated"] == "1"


def test_a_second_run_into_the_results_is_refused():
    assert "already holds the results" in output_of("except store.OutputExistsError")
    assert "overwrite=True" in output_of("except store.OutputExistsError")
