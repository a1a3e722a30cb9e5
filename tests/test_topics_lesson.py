"""Lesson 02 and its solutions: the lesson's visible code agrees with helpers.topics (the same matrix, the same
topics, the same check), and every finding its prose states holds in the stored outputs.

The lesson and the solutions are stored executed; these tests read their stored JSON (the pattern of the other
``*claims*`` tests) and, where a claim rests on numbers the lesson draws but does not print, recompute them with
``helpers.topics`` at the lesson's settings.
"""
from __future__ import annotations

import ast
import contextlib
import io
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import corpus, topics
from helpers.topics import check

from .stored import cells, markdown

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "02_topics.ipynb"
EVIDENCE = ROOT / "notebooks" / "evidence" / "02_topics_evidence.ipynb"
SOLUTIONS = ROOT / "solutions" / "02_topics_solutions.ipynb"


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


def stored_checks() -> pd.DataFrame:
    """The lesson's check after each exercise's change, as stored for the solutions (the lesson as stored among
    them); tests/test_topics_solutions.py recomputes a slice of it with helpers.topics.check."""
    sys.path.insert(0, str(ROOT))
    from scripts.derive_topic_exercises import CHANGES, SIZES
    paras = corpus.paragraphs(corpus.load_corpus())
    table, stored = check.cached_checks(paras, CHANGES, **SIZES)
    assert stored, "the stored exercise checks do not match the corpus or the changes"
    return table


@pytest.fixture(scope="module")
def lesson():
    """The lesson's settings, matrix, reference topics and check (helpers.topics at the lesson's settings; the
    check read from the stored table of the lesson as stored)."""
    p = parameters(LESSON)
    paras = corpus.paragraphs(corpus.load_corpus(p["DATA_DIR"]))
    assert p["UNIT"] == "paragraph" and {k: p[k.upper()] for k in check.LESSON if k != "unit"} == {
        k: v for k, v in check.LESSON.items() if k != "unit"}
    dtm = topics.build_dtm(paras, weighting="tfidf" if p["MODEL"] == "nmf" else "count", min_df=p["MIN_DF"],
                           drop_names=p["DROP_NAMES"])
    table = stored_checks()
    rates = check.comeback_rates(table[table["setting"] == "as stored"], 0.8)
    data, null = rates[rates["shuffle"] == -1].reset_index(drop=True), rates[rates["shuffle"] >= 0]
    return {"p": p, "dtm": dtm, "rates": data, "null": check.null_levels(null),
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


def test_the_lessons_own_code_builds_the_vocabulary_helpers_topics_builds(lesson):
    """The evidence notebook says so: the lesson's cells up to its matrix, run here, give build_dtm's words."""
    code = [("".join(c["source"])) for c in cells(LESSON) if c["cell_type"] == "code"]
    upto = next(i for i, c in enumerate(code) if "get_feature_names_out" in c)
    ns: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for c in code[:upto + 1]:
            exec(c.replace("plotting.use_style()", ""), ns)
    assert list(ns["words"]) == list(lesson["dtm"].terms)
    assert abs(ns["X"] - lesson["dtm"].matrix).max() < 1e-12


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
    assert f"(topics of a shuffled copy over the same line): {lv['chance_found']:.1f} of 4." in out


def test_a_mistyped_parameter_stops_the_lesson_with_its_name():
    code = "".join("".join(c["source"]) for c in cells(LESSON) if c["cell_type"] == "code")
    for name in ("UNIT", "MODEL", "K", "MIN_DF", "DROP_NAMES", "SEED"):
        assert f'f"{name} = {{{name}!r}}' in code, name
    assert 'f"MIN_DF = {MIN_DF}: at most' in code and "lower K or MIN_DF" in code


def test_each_half_sample_is_refitted_from_its_own_seed():
    code = "".join("".join(c["source"]) for c in cells(LESSON) if c["cell_type"] == "code")
    assert "topic_model(SEED + 1 + i).fit(X[half])" in code
    assert "each from its own random start" in prose(LESSON)


# ---- what the lesson's prose says, held against its outputs ----

def central_line() -> tuple[int, int, float]:
    m = re.search(r"Topics that come back in more half samples than 95% of shuffled topics: (\d+) of (\d+)\. "
                  r"Passes to expect by chance \(.*?\): (\d\.\d) of", outputs(LESSON))
    return int(m.group(1)), int(m.group(2)), float(m.group(3))


def test_what_we_found_no_topic_comes_back_in_more_halves_than_95_percent_of_shuffled_topics(lesson):
    found, k, chance = central_line()
    assert found == 0 and k == lesson["p"]["K"] and chance < 1
    assert not (lesson["rates"]["half_rate"] > lesson["null"]["half_95"] + 1e-9).any()
    assert "No topic comes back in more half samples than 95 % of shuffled topics (section 5)" in prose(LESSON)
    assert "use them as a guide for reading the paragraphs, and test them on more texts" in prose(LESSON)


def test_what_we_found_two_topics_come_back_with_one_other_seed_in_ten_and_shuffled_topics_do_too(lesson):
    seeds = lesson["rates"]["seed_rate"]
    assert (seeds.round(2) == 0.1).sum() == 2 and len(seeds) == 4
    assert "Two of the four topics come back with only one other seed in ten" in prose(LESSON)
    assert lesson["null"]["seed_mean"] >= 0.8          # "topics of shuffled data come back with other seeds too"
    assert "Topics of shuffled data come back with other seeds too" in prose(LESSON)


def test_what_we_found_names_the_word_groups_the_stored_run_has(lesson):
    dtm, ref = lesson["dtm"], lesson["ref"]
    top10 = [set(dtm.terms[np.argsort(-h, kind="stable")[:10]]) for h in ref]
    for words in ({"summit", "upcoming"}, {"diplomatic", "set"}, {"reset", "policy", "president"}, {"trade", "wto"}):
        assert any(words <= t for t in top10), words


def _by_doc(lesson) -> pd.DataFrame:
    p, dtm = lesson["p"], lesson["dtm"]
    est = check.estimator(p["MODEL"], p["K"], p["SEED"])
    w = est.fit_transform(dtm.matrix)
    mix = w * est.components_.sum(axis=1)
    names = check.top_words(est.components_, dtm.terms)
    return pd.DataFrame(mix / mix.sum(axis=1, keepdims=True), columns=names).groupby(
        dtm.units["doc_id"].to_numpy()).mean()


def test_what_we_found_the_summit_group_is_one_articles_and_the_others_are_shared(lesson):
    by_doc = _by_doc(lesson)
    for name in by_doc.columns:
        first, second = sorted(by_doc[name], reverse=True)[:2]
        if name.startswith("summit"):
            assert round(first / second) == 5 and by_doc[name].idxmax() == "anon_2021"   # "about five times"
            assert (corpus.paragraphs(corpus.load_corpus())["doc_id"] == "anon_2021").sum() == 7   # "seven paragraphs"
        else:
            assert second > first / 2                                           # "shared by two or more"
    assert "In this run the summit group is concentrated in one article" in prose(LESSON)
    assert "the evidence notebook finds a topic held by one article only in this run's solution, a minority of seeds" in prose(LESSON)
    several = re.search(r"Topics with at least three times their next largest share in one document: (.*)\.", outputs(EVIDENCE))[1]
    assert several.startswith("S2 (") and ";" not in several            # only in this run's solution
    assert int(re.match(r"S2 \((\d+) of 50 runs\)", several)[1]) < 25  # a minority of seeds
    assert "the other three are shared by two or more articles" in prose(LESSON)


def test_the_section_4_sentence_is_not_a_claim_of_fact():
    assert "cannot be told apart from that article's vocabulary" in section(LESSON, "## 4.")
    assert "is that article's vocabulary" not in prose(LESSON)


def test_the_lines_on_the_evidence_notebook_hold_there():
    text = section(LESSON, "## 5.")
    assert "evidence/02_topics_evidence.ipynb" in text
    ev = outputs(EVIDENCE)
    assert "at no k does more than one topic pass" in text
    from tests.test_topics_evidence import comeback_tables
    by_k, over = comeback_tables()
    assert by_k[0.8]["found"].max() <= 1
    assert "over all k together no more topics pass than in shuffled copies" in text
    assert all(over[m]["p_value"] > 0.05 for m in (0.7, 0.8, 0.9))
    assert "Its rule picks two topics, but the pick moves with the random splits it uses" in text
    assert "Defensible k: [2]; the rule reads k = 2" in ev
    reads = re.search(r"k read: (.*)\.", ev).group(1)
    assert len({x.rsplit(": ", 1)[1] for x in reads.split(", ") if x.startswith("splits")}) > 1
    assert "you may see a topic or two pass here" in text


def test_lesson_markdown_types_no_result_of_the_stored_run():
    text = markdown(LESSON)
    assert not re.findall(r"(?<![\w.])0\.\d{2,}", text), "results belong in printed output"
    assert not re.findall(r"\b\d{1,3} ?%", text.replace("95 %", "")), "percentages belong in printed output"


def test_caveats_are_said_once_in_limits():
    text = prose(LESSON)
    assert text.count("a period is one to three") == 1 and text.count("not other articles") == 1
    assert "are not fully independent" in section(LESSON, "## Limits")
    fit = re.search(r"fit\s+chance_mean.*\n0\s+(\d\.\d+)", outputs(EVIDENCE))
    assert 1 - float(fit[1]) < 0.2 and "NMF reproduces less than a fifth" in section(LESSON, "## Limits")


# ---- the solutions answer the questions, and their answers hold in their outputs ----

SOL = outputs(SOLUTIONS)
SOL_PROSE = prose(SOLUTIONS)


def sol_rows(header: str) -> list[list[str]]:
    """A printed table of the solutions, each row split at runs of two or more spaces (names keep their spaces)."""
    return [re.split(r"\s{2,}", ln.strip()) for ln in block_with(SOLUTIONS, header)]


def line(label: str) -> re.Match:
    m = re.search(rf"{re.escape(label)}: shuffled: seeds (\d+)% \(95th (\d+)%\), halves (\d+)% \(95th (\d+)%\); "
                  rf"topics back in more halves than 95% of shuffled topics: (\d+) of (\d+) \(by chance: (\d\.\d)\)", SOL)
    assert m, label
    return m


def test_solutions_read_the_stored_checks_and_agree_with_the_lesson(lesson):
    assert "The checks: read from data/derived/" in SOL
    m = line("The lesson as stored (K = 4)")
    lv = lesson["null"]
    assert (int(m[3]), int(m[4]), int(m[5])) == (round(lv["half_mean"] * 100), round(lv["half_95"] * 100), 0)
    assert f"(topics of a shuffled copy over the same line): {float(m[7]):.1f} of 4." in outputs(LESSON)


def test_solution_1_pairs_the_topics_and_reads_the_check():
    rows = sol_rows(r"topic\s+closest stored topic\s+cosine")
    k2 = [r for r in rows if r[0] == "K = 2"]
    k6 = [r for r in rows if r[0] == "K = 6"]
    assert [(r[2], float(r[3])) for r in k2] == [("summit meeting upcoming", 0.80), ("countries issues wto", 0.96)]
    assert sum(float(r[3]) >= 0.9 for r in k6) == 3                       # three groups return at K = 6
    assert {r[2] for r in k6 if float(r[3]) >= 0.9} == {"summit meeting upcoming", "new set relations",
                                                       "policy reset president"}
    assert all(float(r[3]) < 0.8 for r in k6 if r[2] == "countries issues wto")   # it splits, no close partner
    assert int(line("K = 2")[5]) == 0 and int(line("K = 6")[5]) == 1
    assert [r[1] for r in k6 if r[-1] == "True"] == ["wto trade countries"]
    assert float(line("K = 6")[7]) < 1 and "a few tenths of a pass" in SOL_PROSE


def test_solution_2_names_and_concentration():
    m = re.search(r"names dropped (\d\.\d\d), names kept (\d\.\d\d)", SOL)
    assert abs(float(m.group(1)) - float(m.group(2))) < 0.05                 # "about the same"
    assert int(line("K = 4, names kept")[5]) == 0
    names = block_with(SOLUTIONS, r"name\s+names_in_top_10")
    assert len(names) == 4 and all(len(ln.split()) > 5 for ln in names)     # a name in every topic's top 10
    assert "putin bush president" in names[0]
    rows = [r for r in sol_rows(r"topic\s+largest document share\s+in") if len(r) > 2]
    assert {r[0] for r in rows} == {"names dropped", "names kept"} and len(rows) == 8
    assert "cast of characters" not in SOL_PROSE and "pulls a topic" not in prose(LESSON)


def test_solution_3_sentences_and_the_size_of_the_halves():
    m = re.search(r"Paragraphs: (\d+) rows .*?; sentences: (\d+) rows", SOL)
    assert 2.5 <= int(m.group(2)) / int(m.group(1)) <= 3.5                  # "about three times as many rows"
    sent, para, small = line("Sentences, K = 4"), line("Paragraphs, K = 4"), line("Sentences, halves of 26")
    assert int(sent[3]) > int(para[3]) and int(sent[5]) == 0                 # shuffled topics come back more
    rows = sol_rows(r"topic\s+halves of 75\s+halves of 26")
    data_75, data_26 = [float(r[2]) for r in rows], [float(r[3]) for r in rows]
    para_rates = [float(r[3]) for r in sol_rows(r"name\s+seed_rate\s+half_rate\s+half_low\s+half_high$")]
    assert max(data_75) > max(para_rates)                                   # "and so do the data's topics"
    assert int(small[3]) < int(para[3]) and max(data_26) == 0               # "few halves", "in none"
    assert "the rise came from the larger halves" in SOL_PROSE


def test_solution_4_lda():
    lda = line("LDA, K = 4")
    assert int(lda[5]) == 0 and int(lda[1]) <= 20 and int(lda[3]) <= 10     # shuffled: rarely back, few halves
    rows = sol_rows(r"NMF topic\s+LDA topic")
    assert sum("relations" in r[2] for r in rows) == 3                      # "relations names three of its four"
    seeds = sorted(float(r[3]) for r in rows)
    assert seeds[-1] == 0.5 and all(x <= 0.1 for x in seeds[:-1])          # one in half the starts, others 1 or 0
    assert max(float(r[4]) for r in rows) <= 0.05                           # "almost nothing"


def test_solution_5_smaller_vocabulary():
    m = re.search(r"Words: (\d+) with MIN_DF = 2, (\d+) with MIN_DF = 4", SOL)
    assert 0.15 <= int(m.group(2)) / int(m.group(1)) <= 0.25                # "about a fifth"
    assert int(line("MIN_DF = 4")[5]) == 1                                  # "this time the verdict changes"
    rows = {r[1]: r for r in sol_rows(r"topic\s+closest stored topic\s+cosine\s+half samples\s+passes\s+interval")}
    assert rows["relations countries trade"][2:4] == ["countries issues wto", "0.84"]
    assert rows["meeting presidents summit"][2:4] == ["summit meeting upcoming", "0.80"]
    for name in ("missile_defense policy reset", "president relations counterpart"):
        assert rows[name][2] == "policy reset president" and float(rows[name][3]) < 0.7
    passing = rows["president relations counterpart"]
    assert passing[5] == "True" and [r[5] for r in rows.values()].count("True") == 1
    assert float(passing[6].split("–")[0]) < float(passing[7])               # interval reaches below the 95th


def test_solution_6_another_start():
    seed1 = [b for b in blocks(SOLUTIONS) if "meeting presidents set" in b][-1]
    rows = [re.split(r"\s{2,}", ln.strip()) for ln in seed1.splitlines()[1:] if ln.strip()]
    cos = {}
    for r in rows:
        cos[r[2]] = max(cos.get(r[2], 0), float(r[3]))
    assert cos["policy reset president"] == 0.96 and cos["countries issues wto"] == 0.89
    assert cos["new set relations"] == 0.78 and "summit meeting upcoming" not in cos
    assert int(line("SEED = 1")[5]) == 0
    ev = outputs(EVIDENCE)
    assert re.search(r"S1\s+28\s+0\.56.*1, 2, 4", ev)                       # seed 1 is in the largest solution


def test_all_checks_together():
    m = re.search(r"(\d+) settings, (\d+) topics: (\d+) pass; (\d\.\d) passes to expect by chance", SOL)
    assert int(m[3]) == 2 and float(m[4]) > 1
    assert "two topics pass, and the topics of a shuffled copy give more than one pass by chance" in SOL_PROSE
