"""Lesson 02 and its solutions: the lesson's visible code agrees with helpers.topics (the same matrix, the same
topics, the same check), and every finding its prose states holds in the stored outputs.

The lesson and the solutions are stored executed; these tests read their stored JSON (the pattern of the other
``*claims*`` tests) and, where a claim rests on numbers the lesson draws but does not print, recompute them with
``helpers.topics`` at the lesson's settings.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import corpus, topics
from helpers.topics import check

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "02_topics.ipynb"
EVIDENCE = ROOT / "notebooks" / "evidence" / "02_topics_evidence.ipynb"
SOLUTIONS = ROOT / "solutions" / "02_topics_solutions.ipynb"


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def markdown(path: Path) -> str:
    return "\n".join("".join(c["source"]) for c in cells(path) if c["cell_type"] == "markdown")


def blocks(path: Path) -> list[str]:
    """The text of every output of a stored notebook, one string per output."""
    return ["".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
            for c in cells(path) for o in c.get("outputs", [])]


def outputs(path: Path) -> str:
    return "\n".join(blocks(path))


def block_with(path: Path, header: str) -> list[str]:
    """The lines after the header line of the first output table whose header matches ``header``."""
    for b in blocks(path):
        lines = b.splitlines()
        for i, ln in enumerate(lines):
            if re.search(header, ln):
                return [x for x in lines[i + 1:] if x.strip()]
    raise AssertionError(f"no output with {header!r}")


def parameters(path: Path) -> dict:
    ns: dict = {}
    exec(next("".join(c["source"]) for c in cells(path) if "parameters" in c["metadata"].get("tags", [])), ns)
    return ns


def prose(path: Path) -> str:
    """The markdown with every run of whitespace as one space (claims are looked up across line breaks)."""
    return re.sub(r"\s+", " ", markdown(path))


def section(path: Path, heading: str) -> str:
    text = markdown(path)
    start = text.index(heading)
    end = text.find("\n## ", start + 1)
    return re.sub(r"\s+", " ", text[start:] if end < 0 else text[start:end])


@pytest.fixture(scope="module")
def lesson():
    """The lesson's settings, matrix, reference topics and check, recomputed with helpers.topics."""
    p = parameters(LESSON)
    paras = corpus.paragraphs(corpus.load_corpus(p["DATA_DIR"]))
    assert p["UNIT"] == "paragraph"
    dtm = topics.build_dtm(paras, weighting="tfidf" if p["MODEL"] == "nmf" else "count", min_df=p["MIN_DF"],
                           drop_names=p["DROP_NAMES"])
    rates = check.comeback_rates(check.comeback(dtm.matrix, p["MODEL"], p["K"], p["SEED"], 10, 20, dtm.terms), 0.8)
    null = check.comeback_rates(check.shuffled_comeback(dtm.matrix, p["MODEL"], p["K"], p["SEED"], 10, 20, 10), 0.8)
    return {"p": p, "dtm": dtm, "rates": rates, "null": check.null_levels(null),
            "ref": check.components(dtm.matrix, p["MODEL"], p["K"], p["SEED"])}


# ---- the lesson's code and helpers.topics agree ----

def test_the_lesson_drops_the_names_helpers_topics_drops():
    code = "\n".join("".join(c["source"]) for c in cells(LESSON) if c["cell_type"] == "code")
    literal = re.search(r"PLACES = (\{.*?\})", code, flags=re.S).group(1)
    assert frozenset(ast.literal_eval(literal)) == topics.PLACE_WORDS


def test_the_lesson_prints_the_matrix_helpers_topics_builds(lesson):
    n, v = lesson["dtm"].shape
    assert f"X: {n} paragraphs × {v} words" in outputs(LESSON)
    assert f"X: {n} paragraphs × {v} words" in outputs(EVIDENCE)


def test_the_lesson_prints_the_topics_and_the_check_of_helpers_topics(lesson):
    out = outputs(LESSON)
    for name in check.top_words(lesson["ref"], lesson["dtm"].terms):
        assert f"'{name}'" in out
    for r in lesson["rates"].itertuples():
        assert re.search(rf"{re.escape(r.name)}\s+{r.seed_rate:.0%}\s+{r.half_rate:.0%}\s+{r.half_low:.0%}–"
                         rf"{r.half_high:.0%}", out), r.name
    lv = lesson["null"]
    assert (f"come back with other seeds in {lv['seed_mean']:.0%} of refits (95th percentile {lv['seed_95']:.0%}) "
            f"and in half samples in {lv['half_mean']:.0%} (95th percentile {lv['half_95']:.0%})") in out


def test_a_mistyped_parameter_stops_the_lesson_with_its_name():
    code = "".join("".join(c["source"]) for c in cells(LESSON) if c["cell_type"] == "code")
    for name in ("UNIT", "MODEL", "K", "MIN_DF", "DROP_NAMES"):
        assert f'f"{name} = {{{name}!r}}' in code, name


# ---- what the lesson's prose says, held against its outputs ----

def central_line() -> tuple[int, int]:
    m = re.search(r"Topics that come back in more half samples than 95% of shuffled topics: (\d+) of (\d+)\.",
                  outputs(LESSON))
    return int(m.group(1)), int(m.group(2))


def test_what_we_found_no_topic_comes_back_more_often_than_shuffled_topics(lesson):
    found, k = central_line()
    assert found == 0 and k == lesson["p"]["K"]
    assert "No topic comes back in half of the paragraphs more often than topics of shuffled data" in prose(LESSON)


def test_what_we_found_shuffled_topics_come_back_with_other_seeds_at_least_as_often(lesson):
    assert lesson["null"]["seed_mean"] >= lesson["rates"]["seed_rate"].mean()
    assert "Topics of shuffled data come back with other seeds at least as often as ours" in prose(LESSON)
    assert lesson["null"]["seed_mean"] >= 0.8   # section 5: "shuffled data pass that test too"


def test_what_we_found_names_the_word_groups_the_stored_run_has(lesson):
    dtm, ref = lesson["dtm"], lesson["ref"]
    top10 = [set(dtm.terms[np.argsort(-h, kind="stable")[:10]]) for h in ref]
    for words in ({"summit", "upcoming"}, {"diplomatic", "set"}, {"reset", "policy", "president"}, {"trade", "wto"}):
        assert any(words <= t for t in top10), words


def test_what_we_found_each_topic_is_concentrated_in_one_to_three_documents(lesson):
    p, dtm, ref = lesson["p"], lesson["dtm"], lesson["ref"]
    est = check.estimator(p["MODEL"], p["K"], p["SEED"])
    w = est.fit_transform(dtm.matrix)
    mix = w * est.components_.sum(axis=1)
    shares = pd.DataFrame(mix / mix.sum(axis=1, keepdims=True)).groupby(dtm.units["doc_id"].to_numpy()).mean()
    n_docs = (shares >= 0.25).sum(axis=0)
    assert ((1 <= n_docs) & (n_docs <= 3)).all()
    assert "a share of at least 0.25 in one to three of the five" in prose(LESSON)


def test_the_one_line_on_the_evidence_notebook_holds_there():
    line = section(LESSON, "## 5.")
    assert "evidence/02_topics_evidence.ipynb" in line
    assert "supports only the smallest number of topics it tries, two" in line
    ev = outputs(EVIDENCE)
    assert "Defensible k: [2]; the rule reads k = 2" in ev
    found = re.search(r"k values at which a topic comes back .*?: \[(.*?)\] of", ev).group(1)
    assert len([x for x in found.split(",") if x.strip()]) <= 1
    assert "at no k does more than one topic come back" in line


def test_lesson_markdown_types_no_result_of_the_stored_run():
    prose = markdown(LESSON)
    assert not re.findall(r"(?<![\w.])0\.\d{2,}", prose.replace("0.25", "")), "results belong in printed output"
    assert not re.findall(r"\b\d{1,3} ?%", prose.replace("80 %", "")), "percentages belong in printed output"


# ---- the solutions answer the questions, and their answers hold in their outputs ----

SOL = outputs(SOLUTIONS)


def test_solution_1_runs_the_check_at_both_k_and_no_topic_passes():
    for k in (2, 6):
        assert re.search(rf"K = {k}: shuffled: .*?: 0 of {k}\b", SOL), k
    rows = [ln.split() for ln in block_with(SOLUTIONS, r"K\s+topic\s+closest K = 4 topic\s+cosine")]
    k6 = [r for r in rows if r[1] == "6"]
    assert sum(float(r[-3]) >= 0.9 for r in k6) == 3                       # three groups return at K = 6
    assert all("False" == r[-1] for r in rows)
    assert "countries issues wto" not in [" ".join(r[2:-3]).split("  ")[0] for r in k6 if float(r[-3]) >= 0.8]


def test_solution_2_answer_agrees_with_its_output():
    m = re.search(r"names dropped (\d\.\d\d), names kept (\d\.\d\d)", SOL)
    assert abs(float(m.group(1)) - float(m.group(2))) < 0.05                 # "about the same"
    assert re.search(r"K = 4, names kept: .*?: 0 of 4", SOL)
    names = block_with(SOLUTIONS, r"name\s+names_in_top_10")
    assert len(names) == 4 and all(len(ln.split()) > 5 for ln in names)     # a name in every topic's top 10
    assert "putin bush president" in names[0]


def test_solution_3_answer_agrees_with_its_output():
    m = re.search(r"Paragraphs: (\d+) rows .*?; sentences: (\d+) rows", SOL)
    assert 2.5 <= int(m.group(2)) / int(m.group(1)) <= 3.5                  # "about three times as many rows"
    half = dict(re.findall(r"(Sentences|Paragraphs), K = 4: shuffled: seeds \d+% \(95th \d+%\), halves (\d+)%", SOL))
    assert int(half["Sentences"]) > int(half["Paragraphs"])
    assert re.search(r"Sentences, K = 4: .*?: 0 of 4", SOL)


def test_solution_4_answer_agrees_with_its_output():
    m = re.search(r"LDA, K = 4: shuffled: seeds (\d+)% \(95th \d+%\), halves (\d+)% .*?: 0 of 4", SOL)
    assert int(m.group(2)) > int(m.group(1))       # the same start, not the data, brings halves back
    lda_names = [" ".join(ln.split()[4:7]) for ln in block_with(SOLUTIONS, r"NMF topic\s+LDA topic")]
    assert sum("relations" in n for n in lda_names) >= 3            # the most frequent word, shared by several LDA topics


def test_solution_5_answer_agrees_with_its_output():
    m = re.search(r"Words: (\d+) with MIN_DF = 2, (\d+) with MIN_DF = 4", SOL)
    assert 0.15 <= int(m.group(2)) / int(m.group(1)) <= 0.25                # "about a fifth"
    assert re.search(r"MIN_DF = 4: shuffled: .*?: 1 of 4", SOL)             # "this time the verdict changes"
    row = next(ln for ln in SOL.splitlines() if ln.rstrip().endswith("True") and "–" in ln)
    low, null95 = float(re.search(r"(\d\.\d\d)–", row).group(1)), float(row.split()[-2])
    assert low < null95                            # "its interval reaches below the shuffled 95th percentile"
