"""The topics evidence notebook: every answer its prose gives holds in its stored outputs (and in the stored
tables it reads), and the reviews' findings stay fixed (nulls over permutations and like for like, passes beside
chance, no one-sided flag, no label-shuffle null, the variational bound named as such, the tuning on these
paragraphs said once)."""
from __future__ import annotations

import json
import re
import sys

import pandas as pd
import pytest

from helpers import topics
from helpers.topics import check, coherence
from helpers.topics import nulls as topics_nulls
from tests.test_topics_lesson import EVIDENCE, LESSON, ROOT, block_with, blocks, markdown, outputs, prose, section

OUT = outputs(EVIDENCE)
PROSE = prose(EVIDENCE)


def _number(x: str):
    try:
        return float(x)
    except ValueError:
        return {"True": True, "False": False}.get(x, x)


def table(header: str, sep: str = r"\s+", cols: list[str] | None = None) -> pd.DataFrame:
    """A printed DataFrame of the evidence notebook (first column the index), parsed back; ``sep`` splits the
    rows' cells (runs of two or more spaces for cells with spaces in them), ``cols`` names the columns when the
    header cannot be split the same way."""
    for b in blocks(EVIDENCE):
        lines = b.splitlines()
        for i, ln in enumerate(lines):
            if re.search(header, ln):
                cols = cols or re.split(sep, ln.strip())
                rows = [[_number(x) for x in re.split(sep, r.strip())[1:1 + len(cols)]]
                        for r in lines[i + 1:] if r.strip()]
                return pd.DataFrame(rows, columns=cols)
    raise AssertionError(header)


def _derive():
    sys.path.insert(0, str(ROOT))
    from scripts import derive_topic_sweep
    return derive_topic_sweep


@pytest.fixture(scope="module")
def sweep():
    d = _derive()
    tables, stored = topics.cached_sweep(d.with_corpus(d.SETTINGS), lambda: pytest.fail("stored sweep not read"))
    return tables, topics.margin_summary(tables).set_index("k")


def comeback_tables():
    """From the stored sweep: the check by k and summed over k (each copy against the other copies' line), at the
    three thresholds."""
    d = _derive()
    tables, _ = topics.cached_sweep(d.with_corpus(d.SETTINGS), lambda: pytest.fail("stored sweep not read"))
    rates = {m: check.comeback_rates(tables["comeback"], m) for m in (0.7, 0.8, 0.9)}
    return ({m: check.comeback_by_k(r).set_index("k") for m, r in rates.items()},
            {m: check.chance_over_k(r, leave_one_out=True) for m, r in rates.items()})


@pytest.fixture(scope="module")
def stored_nulls():
    sys.path.insert(0, str(ROOT))
    from scripts.derive_topic_nulls import NULLS
    d = _derive()
    tables, stored = topics_nulls.cached_nulls({**d.with_corpus(d.SETTINGS), **NULLS},
                                               lambda: pytest.fail("stored nulls not read"))
    return tables


# ---- the notebook as a whole ----

def test_the_notebook_reads_the_stored_tables_and_links_the_lesson_and_provenance():
    assert "Sweep: read from data/derived/" in OUT and "Runs and nulls at K: read from data/derived/" in OUT
    assert "../02_topics.ipynb" in PROSE and "../../data/derived/TOPICS_PROVENANCE.md" in PROSE


def test_the_tuning_on_these_paragraphs_is_said_once():
    head = section(EVIDENCE, "# 02 · Topics: the evidence")
    assert "There are no held-out texts here" in head and "not new texts" in head
    assert "chosen on these same 53 paragraphs" in head and "changed after topics had been read" in head
    assert PROSE.count("not new texts") == 1 and PROSE.count("There are no held-out texts") == 1
    assert "fresh" not in PROSE.lower()


def test_every_null_at_k_has_100_permutations_and_is_like_for_like(sweep, stored_nulls):
    tables, summary = sweep
    assert (summary["n_splits"] >= 20).all()
    assert tables["subsamples"]["repetition"].nunique() >= 20
    assert (tables["comeback"].query("shuffle >= 0").groupby("k")["shuffle"].nunique() >= 20).all()
    assert re.search(r"Permuted copies \(100\)", OUT)
    lv = table(r"null\s+data\s+null_mean\s+null_95\s+difference")
    assert (lv["n_perm"] == 100).all()
    assert "every null at the lesson's k is computed over 100 permutations" in PROSE
    ag = stored_nulls["agreement"]
    sizes = ag.groupby(["ref_seed", "perm"]).size()
    assert sizes.nunique() == 1 and sizes.iloc[0] == 50          # the data's median and each null's: 50 runs
    printed = table(r"statistic\s+data\s+data_low\s+data_high\s+null_mean\s+null_95\s+p_value\s+n_runs\s+n_perm")
    assert (printed["n_runs"] == 50).all() and (printed["n_perm"] == 100).all()


# ---- section 2: the sweep ----

def test_answer_2_1_coherence_beats_the_permuted_copy_in_most_splits_and_k2_leads_not_clearly(sweep):
    s = sweep[1]
    assert (s["coherence_margin"] > 0).all()
    assert (s["coherence_wins"] >= 11).all() and (s["coherence_wins"] < s["n_splits"]).all()   # most, never all
    assert s["coherence_margin"].idxmax() == 2
    m = re.search(r"Largest margin at k = 2; .*?: ([+-]\d\.\d{3}) \(SE (\d\.\d{3}), (-?\d\.\d) SE\)", OUT)
    assert abs(float(m[3])) < 1                                       # "within one SE of the paired difference"
    assert "in point estimate and in most splits (`coherence_wins`), though at no k in all 20" in PROSE
    assert "the margin is largest at the smallest k" not in PROSE.lower()
    # review 3, M3: the held-out half shaped the vocabulary and the tf-idf weights
    assert "the vocabulary (`min_df`, `max_df`) and the tf-idf weights are built on all 53 paragraphs" in PROSE
    # review 3, minor: 2.3 does resample paragraphs (80 % subsamples)
    assert "Nothing in this section resamples paragraphs" not in PROSE
    assert "only 2.3 resamples paragraphs (80 % subsamples" in PROSE


def test_answer_2_2_seed_stability_is_within_about_two_se_of_zero(sweep):
    s = sweep[1]
    assert (s["stability_margin"].abs() <= 2.1 * s["stability_se"].clip(lower=1e-9)).all()
    assert s.loc[1, "stability_margin"] == 0 and (s["stability_margin"] < 0).sum() == len(s) // 2
    assert "At no k do seeds agree more on the data than on the permuted copies by more than the precision of the split draws" in PROSE
    sweep_prose = section(EVIDENCE, "## 2.").replace("not detectably more pass than shuffled copies give (p =", "")
    assert "detectabl" not in sweep_prose          # review 2, A: the SE is precision only (section 3's test aside)
    assert "we read the SE as that precision only" in section(EVIDENCE, "## 2.")
    assert "about as much" not in PROSE


def test_answer_2_3_subsample_margins_and_the_null_that_beats_the_data(sweep):
    s = sweep[1]
    m = re.search(r"Margin more than 2 SE above zero at k = \[(.*?)\]; more than 2 SE below zero at k = \[(.*?)\]",
                  OUT)
    assert m[1] == "2, 10" and m[2] == "4, 5, 6"
    assert "more than two SE above zero at k = 2 and 10, more than two SE below zero at k = 4–6" in PROSE
    assert s.loc[4, "subsample_null"] > s.loc[4, "subsample"]       # "at the lesson's k they are more stable"
    assert "these outputs do not show why" in PROSE                  # review 2, item 4: the explanation is cut
    assert "frequency alone" not in PROSE and "frequency-driven" not in PROSE
    assert s.loc[4, "subsample_margin"] < -2 * s.loc[4, "subsample_se"]


def test_answer_2_4_only_k2_is_defensible_and_seeds_do_not_separate_there(sweep):
    s = sweep[1]
    assert "Defensible k: [2]; the rule reads k = 2 (acceptable on 3 of 3 criteria)." in OUT
    assert abs(s.loc[2, "stability_margin"]) < s.loc[2, "stability_se"]
    code = "".join("".join(c["source"]) for c in json.loads(EVIDENCE.read_text(encoding="utf-8"))["cells"])
    assert "subsample: repetitions)" in code
    assert "seeds agree no more on the data than on the permuted copies, within the precision of the split draws" in PROSE
    by_k, over = comeback_tables()
    assert all(over[m]["p_value"] > 0.05 for m in (0.7, 0.8, 0.9))
    # review 3, item 3: a non-significant test is "not detectably more", with its p-values
    ps = ", ".join(f"{over[m]['p_value']:.2f}" for m in (0.7, 0.8)) + f" and {over[0.9]['p_value']:.2f}"
    assert f"over all k not detectably more pass than shuffled copies give (p = {ps} at cosine 0.7, 0.8 and 0.9, over 20 copies" in PROSE
    assert "no more pass than shuffled copies give" not in PROSE
    assert "over all k fewer than by chance" not in PROSE
    assert "before any topic was read; its inputs have changed since" in PROSE


def test_answer_2_5_the_choice_and_its_fragility():
    grid = table(r"seed_set\s+k_range\s+defensible\s+chosen_k\s+at_edge", sep=r"\s{2,}",
                 cols=["seed_set", "k_range", "defensible", "chosen_k", "at_edge"])
    assert (grid["chosen_k"] == 2).all()
    assert not grid.loc[grid["k_range"].str.startswith("1"), "at_edge"].any()
    assert grid.loc[grid["k_range"].str.startswith("2"), "at_edge"].all()
    assert (grid.loc[grid["seed_set"] == "seeds 0–4", "defensible"] == "none").all()
    reads = dict(x.rsplit(": ", 1) for x in re.search(r"k read: (.*)\.", OUT)[1].split(", "))
    fives = [reads[f"splits {a}–{a + 4}"] for a in (0, 5, 10, 15)]
    assert len(set(fives)) == 3                                      # "three different k"
    by = table(r"splits\s+defensible\s+chosen_k\s+n_ok", sep=r"\s{2,}",
               cols=["splits", "defensible", "chosen_k", "n_ok"]).set_index("splits")
    assert by.loc["splits 0–9", "defensible"] == "none" and by.loc["all 20 splits", "defensible"] == 2
    assert "the first ten splits no k is defensible" in PROSE
    assert "cannot score fewer than two topics" not in PROSE and "the rule would go lower" not in PROSE


# ---- section 3: the check at every k ----

def test_answer_3_no_more_topics_pass_than_chance_gives():
    by_k, over = comeback_tables()
    for m in (0.7, 0.8, 0.9):
        assert by_k[m]["found"].max() <= 1 and by_k[m].loc[4, "found"] == 0, m
        line = re.search(rf"Cosine ≥ {m}, k = 2–10: topics of the data that pass: (\d+); of a shuffled copy: "
                         rf"(\d\.\d\d) on average .*?; p = (\d\.\d\d)\)", OUT)
        assert int(line[1]) == over[m]["found"] and float(line[2]) == pytest.approx(over[m]["chance_mean"], abs=0.005)
    assert over[0.8]["found"] < over[0.8]["chance_mean"]
    assert all(over[m]["p_value"] > 0.1 for m in (0.7, 0.8, 0.9))   # "p above 0.1 at all three thresholds"
    for m in (0.7, 0.9):
        assert over[m]["found"] > over[m]["chance_mean"] and over[m]["p_value"] > 0.1
    b = by_k[0.8]
    assert (b["data_mean"] > b["null_mean"]).all()
    assert list(b.index[b["half_p"] < 0.05]) == [10]
    assert (b["best_p"] > 0.05).all() and (b["seed_p"] > 0.05).all()
    ps = ", ".join(f"{over[m]['p_value']:.2f}" for m in (0.7, 0.8)) + f" and {over[0.9]['p_value']:.2f}"
    assert f"the data give not detectably more passes than shuffled copies do (p = {ps} at 0.7, 0.8 and 0.9, over 20 copies" in PROSE
    assert "no more passes than shuffled copies do" not in PROSE
    for m in (0.7, 0.8, 0.9):                                        # the printed p is the leave-one-out count's
        assert f"Cosine ≥ {m}, k = 2–10: topics of the data that pass: {over[m]['found']}; of a shuffled copy: " \
               f"{over[m]['chance_mean']:.2f} on average" in OUT and f"p = {over[m]['p_value']:.2f})" in OUT
    # review 3, M2: each copy is judged against a line it did not help set; the in-sample column's bias is named
    assert "each copy is judged against the line of the other 19 copies" in PROSE
    # review 4, item 4: the in-sample column's bias is not slight; the per-k leave-one-out column is printed
    assert "slightly fewer" not in PROSE and "up to five times fewer at small k than `chance_loo`" in PROSE
    ck = table(r"k\s+n_topics\s+found\s+chance_found\s+chance_loo").set_index("k")
    assert ck["chance_loo"].sum() == pytest.approx(over[0.8]["chance_mean"], abs=0.05)   # the sum over k, per k
    assert list(ck["chance_found"]) == pytest.approx(list(b["chance_found"].round(2)), abs=1e-9)
    assert (ck["chance_loo"] >= ck["chance_found"]).all() and (ck["chance_loo"] / ck["chance_found"]).max() == pytest.approx(5)
    m = re.search(r"passes summed over k: (\d\.\d\d) against the other copies' line \(chance_loo\), (\d\.\d\d) against a "
                  r"line it helped set \(chance_found\); largest ratio (\d\.\d)\.", OUT)
    assert float(m[1]) == pytest.approx(over[0.8]["chance_mean"]) and float(m[2]) < float(m[1]) and m[3] == "5.0"
    # review 4: with 20 copies p < 0.05 means beating all 20
    assert "With 20 copies the smallest p is 1/21 = 0.048, so p < 0.05 means beating all 20." in PROSE
    assert "one comparison of nine, where the data beat all 20 copies" in PROSE
    assert (over[0.8]["chance_mean"], over[0.7]["chance_mean"]) == (pytest.approx(2.65), pytest.approx(2.25))
    # review 2, item 5: ties on the line make passes rarer than one in twenty
    assert "at most one shuffled topic in twenty passes that line too, and fewer" in PROSE
    code = "".join("".join(c["source"]) for c in json.loads(EVIDENCE.read_text(encoding="utf-8"))["cells"])
    assert "topics pass over k" not in code and "{'s' if over_k['found'] != 1 else ''}" in code   # no "1 topics"
    assert (b["chance_found"] / b["n_topics"] <= 0.05 + 1e-9).all()
    assert "reaches p < 0.05 only at k = 10 (`half_p`), one comparison of nine" in PROSE


# ---- section 4: solutions and the reference run ----

def test_answer_4_solutions_and_the_lessons_run():
    m = re.search(r"Data: (\d+) solutions, (\d+) of 50 runs in the largest; the lesson's run is in (S\d)\. Permuted "
                  r"copies \((\d+)\): .*?; (\d+) of \d+ have a largest solution at least as large", OUT)
    n_sol, largest, sol, n_perm, as_large = int(m[1]), int(m[2]), m[3], int(m[4]), int(m[5])
    assert n_sol > 1 and 0.4 <= largest / 50 <= 0.6 and sol == "S2" and as_large > n_perm / 2
    fits = table(r"solution\s+n_runs\s+share_of_runs\s+fit_mean\s+fit_best").set_index("solution")
    assert bool(fits.loc["S1", "best_fitting"]) and fits["n_runs"].idxmax() == "S1"
    gap = re.search(r"best fits span (\d\.\d{5}); .*? mean by (\d\.\d{5}); (\d+) of the (\d+) copies fit", OUT)
    assert 0.15 < float(gap[1]) / float(gap[2]) < 0.25                # "about a fifth of the margin"
    assert "about a fifth of the margin by which the lesson's run beats the permuted copies' mean fit" in PROSE
    assert "(seed 1, S1): matched topics" in OUT
    pairs = table(r"lesson\s+best_fitting\s+cosine\s+match\s+same_solution", sep=r"\s{2,}",
                  cols=["lesson", "best_fitting", "cosine", "match", "same_solution", "shared_terms"])
    cos = sorted(pairs["cosine"], reverse=True)
    assert cos[0] >= 0.9 > cos[1] >= 0.8 > cos[2] >= 0.7 > cos[3]
    low = set(pairs.loc[pairs["cosine"] < 0.8, "lesson"])
    lesson_rows = [ln for ln in block_with(LESSON, r"topic\s+other seeds\s+half samples") if " 10% " in ln]
    assert {re.split(r"\s{2,}", ln.strip())[1] for ln in lesson_rows} == low   # "the same two topics"
    # review 3, item 4: this notebook prints the lesson's run's seed rate per topic (section 4.1)
    line = re.search(r"The lesson's run \(seed 0\), other seeds in which each topic comes back: (.*)\.", OUT)[1]
    back = {x.rsplit(" ", 3)[0]: int(x.rsplit(" ", 3)[1]) for x in line.split("; ")}
    assert {t for t, n in back.items() if n == 1} == low and all(n == 10 for t, n in back.items() if t not in low)
    assert "they come back with only one of its ten other seeds (section 4.1, first printed line)" in PROSE
    assert "the data do not choose between them" not in PROSE


def test_answer_4_1_the_verdict_does_not_depend_on_the_reference_run(stored_nulls):
    ref = table(r"reference seed\s+solution\s+found 0.7", cols=["reference seed", "solution", "found 0.7",
                "chance 0.7", "found 0.8", "chance 0.8", "found 0.9", "chance 0.9", "seed_data", "seed_null", "seed_p"])
    assert set(ref["solution"]) == {"S1", "S2", "S3", "S4"}
    for m in ("0.7", "0.8", "0.9"):
        assert (ref[f"found {m}"] == 0).all() and (ref[f"chance {m}"] < 1).all()
    # review 4, item 4: the "fraction of a pass" reads the leave-one-out count (each copy against the others' line)
    n = stored_nulls["reference"]
    for r, g in n.groupby("ref_seed"):
        rt = check.comeback_rates(g.assign(k=4), 0.8)
        loo = check.chance_over_k(rt, leave_one_out=True)["chance_mean"]
        assert ref.set_index("reference seed").loc[r, "chance 0.8"] == pytest.approx(round(loo, 2)) and loo < 1
    assert "where a shuffled copy gives a fraction of a pass" in PROSE
    assert "over 20 copies, p < 0.05 would need the data to beat all 20" in PROSE
    seed = ref.set_index("solution")["seed_data"]
    assert 0.4 <= seed["S2"] <= 0.6 and seed["S1"] >= 0.9 and (ref["seed_p"] > 0.05).all()


def test_answer_4_2_the_positive_control_passes_strong_planted_topics_only_and_not_reliably():
    assert "Control: read from data/derived/" in OUT
    ctl = table(r"strength\s+match\s+found_mean\s+found_min\s+found_max\s+replicates_all").set_index(
        ["strength", "match"])
    at = ctl.xs(0.8, level="match")
    assert (at.loc[[0.75, 1.0], "units_found"] >= 0.95).all()                 # "nearly every paragraph"
    assert (at.loc[[0.75, 1.0], "found_mean"].between(2, 3)).all()           # "two to three of the four"
    assert (0 < at.loc[[0.75, 1.0], "replicates_all"]).all() and (at.loc[[0.75, 1.0], "replicates_all"] < 5).all()
    assert at.loc[0.5, "found_mean"] == 1.0 and at.loc[0.5, "units_found"] > 0.5   # "about one"; "most paragraphs"
    assert at.loc[0.25, "found_mean"] <= 0.2                                  # "hardly any"
    assert at["line_mean"].is_monotonic_increasing                            # "the line rises with the strength"
    assert at.loc[0.0, "found_max"] >= 1 and at.loc[0.0, "found_mean"] < 1    # "now and then"
    assert "Only for strong topics, and not reliably." in PROSE and "is not known" in PROSE
    assert "rules out little beyond topics as strong and as cleanly separated" in PROSE
    assert "so they do not calibrate the check's false-pass rate" in PROSE       # review 3, M4


# ---- sections 5-7 ----

def test_answer_5_the_fit_beats_every_permutation_narrowly():
    fit = table(r"fit\s+chance_mean\s+chance_5th_pct\s+ceiling\s+p_value\s+n_perm").iloc[0]   # review 4: 5th pct of the error
    assert fit["p_value"] == pytest.approx(5 / 101, abs=1e-4) and fit["n_perm"] == 100   # "only just"
    few = re.search(r"(\d+) of the 100 copies fit at least as well", OUT)
    assert 0 < int(few[1]) <= 5                                        # "a few of the permuted copies"
    assert "Only just, at the line the tally draws (p below 0.05)" in PROSE
    assert 0 < fit["chance_mean"] - fit["fit"] < 0.01 and fit["fit"] - fit["ceiling"] < 0.015
    assert "LDA it is the **variational bound per word**" in markdown(EVIDENCE)


def test_answer_6_coherence_beats_the_permuted_copy_not_shown_against_the_within_document_null():
    lv = table(r"null\s+data\s+null_mean\s+null_95\s+difference\s+null_spread_low\s+null_spread_high\s+p_value")
    lv = lv.set_index("null")
    perm = lv.loc["permuted"]
    assert perm["data"] > perm["null_95"] and perm["p_value"] < 0.05 and perm["n_perm"] == 100   # "all but a few"
    assert perm["halves_won"] > perm["n_halves"] / 2                                        # "most of the halves"
    w = lv.loc["within_document"]
    assert w["p_value"] > 0.05 and w["null_spread_low"] < 0 < w["null_spread_high"]
    # review 2, B: the null's spread is not called an interval for the difference
    assert "the null's spread, not an interval for the difference" in PROSE and "interval for the difference that" not in PROSE
    # review 2, E: held-out coherence is close to a co-occurrence count, and the topics lose to frequency alone
    third = dict((m[0], (float(m[1]), float(m[2]))) for m in re.findall(r"(\w+) (\d\.\d\d), (\d\.\d\d)[;.]",
                 re.search(r"Share of top-word pairs that never share .*", OUT)[0]))
    assert third["data"][0] > 0.5                                                        # "most top-word pairs"
    assert abs(third["permuted"][1] - third["data"][1]) < 0.05 * third["data"][1]           # "about as frequent"
    data_npmi = float(re.search(r"Data: held-out NPMI (-?\d\.\d{3})", OUT)[1])
    freq_npmi = float(re.search(r"most frequent words of each training half, (-?\d\.\d{3})", OUT)[1])
    assert freq_npmi > data_npmi                                                         # "score higher than the topics"
    assert "most top-word pairs never share a held-out paragraph" in PROSE
    model = float(re.search(r"\(margin ([+-]\d\.\d{3})\)\.\nNo model", OUT)[1])
    frequent = float(re.search(r"most frequent words of each training half.*?\(margin ([+-]\d\.\d{3})\)", OUT)[1])
    assert frequent >= 3 * model > 0                                             # "several times as much"
    assert "Against the within-document null, not shown" in PROSE
    assert "section 6 did not show the topics' coherence to exceed" in PROSE


def test_answer_7_shares_without_a_threshold():
    counts = {}
    for cut in ("0.2", "0.25"):
        line = re.search(rf"Documents with a share of at least {cut}, per topic: (.*)\.", OUT)[1]
        counts[cut] = dict(x.rsplit(": ", 1) for x in line.split("; "))
    assert sum(counts["0.2"][t] != counts["0.25"][t] for t in counts["0.2"]) == 2   # "differ for two of the four"
    head = block_with(EVIDENCE, r"^topic\s+countries issues wto")
    rows = [ln.split() for ln in head[1:]]
    names = ["countries issues wto", "policy reset president", "new set relations", "summit meeting upcoming"]
    data = pd.DataFrame({r[0]: [float(x) for x in r[1:]] for r in rows}, index=names).T
    for name in names:
        first, second = sorted(data[name], reverse=True)[:2]
        if name.startswith("summit"):
            assert data[name].idxmax() == "anon_2021" and first >= 3 * second
        else:
            assert second > first / 2
    assert "several times its share in any other document" not in PROSE       # review 3, item 1
    m = re.search(r"Lesson's run, summit meeting upcoming in anon_2021 \((\d+) paragraphs\): (\d\.\d\d) times its largest "
                  r"share in another document; bootstrap over paragraphs within documents \(too narrow\), 95 %: "
                  r"(\d+\.\d)–(\d+\.\d); (\d+)% of 2000 resamples below 3\.", OUT)
    assert int(m[1]) == 7 and 4.5 <= float(m[2]) <= 5.5                          # "about five times", "7 paragraphs"
    assert float(m[3]) < 3 < float(m[4]) and 25 <= int(m[5]) <= 40             # "about a third ... below 3"
    assert (f"about five times its share in any other document in point estimate (bootstrap over paragraphs, too "
            f"narrow: {m[3]}–{m[4]}; last printed line), from its {m[1]} paragraphs") in PROSE
    assert "inherits that weakness: about a third of the resamples fall below 3" in PROSE
    # review 2, item 1: the one-article topic is the lesson's run's (S2) only
    conc = table(r"solution\s+seed\s+n_runs\s+topic\s+largest_in", sep=r"\s{2,}",
                 cols=["solution", "seed", "n_runs", "topic", "largest_in", "largest", "next", "ratio"])
    assert set(conc["solution"]) == {"S1", "S2", "S3", "S4"}
    assert (conc.loc[conc["solution"] != "S2", "largest"] < 2 * conc.loc[conc["solution"] != "S2", "next"]).all()
    assert conc.loc[conc["solution"] != "S2", "ratio"].max() <= 1.63
    s2 = conc[conc["solution"] == "S2"]
    assert ((s2["largest"] >= 3 * s2["next"]) & (s2["largest_in"] == "anon_2021")).sum() == 1
    assert int(s2["n_runs"].iloc[0]) < 25 and int(s2["seed"].iloc[0]) == 0       # "a minority"; the lesson's run
    assert "That concentration appears only in solution S2 (a minority of the seeds)" in PROSE
    assert "in point estimate (second table; one seed each, no interval)" in PROSE


# ---- section 8: NMF against LDA ----

def test_answer_8_matched_cosine_narrowly_and_not_robustly_unit_agreement_not():
    ag = table(r"statistic\s+data\s+data_low\s+data_high\s+null_mean\s+null_95\s+p_value\s+n_runs").set_index(
        "statistic")
    c, u = ag.loc["matched_cosine"], ag.loc["unit_agreement"]
    assert c["p_value"] < 0.05 and abs(c["data"] - c["null_95"]) < 0.005   # "level with the null's 95th percentile"
    assert c["n_perm"] == 100
    assert u["p_value"] > 0.05
    rows = [re.split(r"\s{2,}", ln.strip()) for ln in block_with(EVIDENCE, r"^runs\s*$")]
    p_cos = {r[0]: float(r[5]) for r in rows}
    p_unit = {r[0]: float(r[6]) for r in rows}
    blocks10 = [k for k in p_cos if k.startswith("LDA seeds")]
    assert len(blocks10) == 5 and sum(p_cos[k] < 0.05 for k in blocks10) == 1
    assert p_cos["all, NMF seed 1 (S1)"] > 0.05 and all(p > 0.05 for p in p_unit.values())
    assert p_cos["all, NMF seed 14 (S3)"] < 0.05 and p_cos["all, NMF seed 16 (S4)"] > 0.05
    assert "For matched cosine, at the line and not robustly; for unit agreement, no." in PROSE
    assert "the median is below 0.05" not in PROSE and "p is below 0.05 only from S3's" in PROSE   # review 3, item 5
    assert "label" not in PROSE.lower()                              # the label-shuffle null is not used or argued


# ---- section 9: the tally ----

def test_answer_9_the_tally(sweep):
    m = re.search(r"At k = 4, (\d+) of (\d+) statistics beat their null at p < 0.05, unadjusted: (.*); with Holm's "
                  r"adjustment for 7 tests, (\d+) \(smallest p_holm (\d\.\d\d)\)\.", OUT)
    assert (int(m[1]), int(m[2])) == (3, 7)
    assert m[3] == "fit (lower is better), coherence vs permuted, matched cosine"
    assert int(m[4]) == 0 and float(m[5]) > 0.05                       # review 3, M1: none survives Holm
    assert "Unadjusted, three statistics beat their null" in PROSE
    # review 4, item 1: at 100 permutations no statistic can survive Holm: the adjusted tally is undecided
    assert "none does (`p_holm`" not in PROSE
    floor = re.search(r"Smallest attainable p: (\d\.\d{4}) at 100 permutations, (\d\.\d{3}) for the check's 20 copies; "
                      r"smallest attainable p_holm: (\d\.\d{3}), so no statistic can beat its null after Holm", OUT)
    assert float(floor[1]) == pytest.approx(1 / 101, abs=5e-5) and float(floor[2]) == pytest.approx(1 / 21, abs=5e-4)
    assert float(floor[3]) == pytest.approx(7 / 101, abs=5e-4) and float(floor[3]) > 0.05
    assert (f"at 100\npermutations no `p_holm` can fall below {floor[3]} (`p_holm_floor`, printed lines)".replace("\n", " ")
            in PROSE and "The adjusted tally is undecided, not negative." in PROSE)
    assert "Holm: none can pass at {N_PERM} permutations" in "".join(
        "".join(c["source"]) for c in json.loads(EVIDENCE.read_text(encoding="utf-8"))["cells"])
    tally = [re.split(r"\s{2,}", ln.strip()) for ln in block_with(EVIDENCE, r"statistic\s+data\s+null_mean\s+null_line")]
    assert all(float(r[10]) == pytest.approx(float(floor[3])) for r in tally)
    assert sorted(float(r[9]) for r in tally) == pytest.approx([1 / 101] * 6 + [1 / 21], abs=5e-5)
    assert "`null_line` is the null's 95th percentile, and for the fit, where lower is better, the 5th percentile" in PROSE
    assert {r[1] for r in tally if r[7] == "False"} == {
        "runs in the largest solution", "best topic's share of half samples", "coherence vs within document",
        "unit agreement"}
    rows = {r[1]: r for r in tally}
    p = sorted(float(r[5]) for r in tally)                                # Holm recomputed from the printed p
    holm = [min(1, max(p[j] * (7 - j) for j in range(i + 1))) for i in range(7)]
    assert sorted(float(r[6]) for r in tally) == pytest.approx([round(h, 2) for h in holm], abs=0.006)
    for stat in ("fit (lower is better)", "matched cosine"):             # "at the line": one more draw and p > 0.05
        p, as_good = float(rows[stat][5]), int(rows[stat][8])
        assert p < 0.05 and (as_good + 2) / 101 > 0.05
    # review 2, item 3: the sweep's rows are out of the tally, reported as margin, SE and wins
    assert not any("(sweep)" in r[1] for r in tally)
    s = sweep[1].loc[4]
    line = re.search(r"The sweep at k = 4: (.*)\.", OUT)[1]
    for c in topics.CRITERIA:
        assert (f"{c} margin {s[c + '_margin']:+.3f} (SE {s[c + '_se']:.3f}, {s[c + '_margin'] / s[c + '_se']:+.1f} SE), "
                f"{int(s[c + '_wins'])} of 20 splits won, p = {s[c + '_p']:.3f} by the split standard") in line
    assert s["coherence_wins"] == s["n_splits"] - 1 == 19                   # "19 of 20 splits"
    # review 4, item 3: the sweep is robustness to split draws on the same paragraphs, not separate support
    cohp = float(next(r for r in tally if r[1] == "coherence vs permuted")[5])
    assert round(cohp, 2) == 0.03 and int(next(r for r in tally if r[1] == "coherence vs permuted")[8]) == 2
    assert f"+{s['coherence_margin'] / s['coherence_se']:.1f} SE), 19 of 20 splits won, p = {s['coherence_p']:.3f}" in line
    assert s["coherence_p"] == pytest.approx(2 / 21)
    assert ("the permuted copy (p = 0.03, 2 of 100 permutations as coherent)" in PROSE and
            f"(margin {s['coherence_margin'] / s['coherence_se']:.1f} SE over split draws, 19 of 20 splits; p = "
            f"{s['coherence_p']:.3f} by the split standard; last printed line): robustness to split draws, not separate "
            "support." in PROSE)
    assert "has support apart from the tally" not in PROSE
    assert s["stability_margin"] < 0 and s["subsample_margin"] < 0          # "do not favour the data"
    # review 3, item 2: frequency-only nulls and the article-vocabulary null told apart
    assert "Nothing that would show a topic to be more than frequent words" not in PROSE
    assert ("Beyond word frequency, which every permuted copy keeps, coherence beats its null unadjusted, and the fit "
            "and the matched cosine reach it only at the line; the best topic's comeback in half samples and unit agreement "
            "between NMF and LDA do not. Beyond each article's vocabulary only coherence was tested") in PROSE
    assert "so that every row is judged by the same standard" not in PROSE
    assert "none of its topics is a finding about the reset debate" in PROSE


def test_the_reviews_findings_stay_fixed():
    assert "no held-out support" not in PROSE and "no held-out support" not in OUT
    assert "1,000 shuffles" not in OUT and "variational bound per word" in PROSE
    assert "largely one article's vocabulary" not in PROSE
    assert "SE over 5 splits" not in OUT and "mean ± 1 SE over 20 splits)" not in OUT
    assert not hasattr(topics_nulls, "recovery_table") and hasattr(coherence, "coherence_levels")
    assert not hasattr(topics_nulls, "agreement_null")               # the null of 10 runs against a median of 50
