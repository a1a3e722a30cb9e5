"""The topics evidence notebook: every answer its prose gives holds in its stored outputs (and in the stored
tables it reads), and the review's findings stay fixed (nulls over permutations, no one-sided flag, no label
shuffle null, the variational bound named as such)."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers import topics
from helpers.topics import check, coherence
from helpers.topics import nulls as topics_nulls
from tests.test_topics_lesson import EVIDENCE, LESSON, block_with, blocks, outputs, prose

OUT = outputs(EVIDENCE)
PROSE = prose(EVIDENCE)


def _number(x: str):
    try:
        return float(x)
    except ValueError:
        return x


def table(header: str) -> pd.DataFrame:
    """A printed DataFrame of the evidence notebook (first column the index, one-word cells), parsed back."""
    for b in blocks(EVIDENCE):
        lines = b.splitlines()
        for i, ln in enumerate(lines):
            if re.search(header, ln):
                cols = ln.split()
                rows = [[_number(x) for x in r.split()[1:1 + len(cols)]] for r in lines[i + 1:] if r.strip()]
                return pd.DataFrame(rows, columns=cols)
    raise AssertionError(header)


@pytest.fixture(scope="module")
def sweep():
    import sys
    sys.path.insert(0, str(EVIDENCE.parents[2]))
    from scripts import derive_topic_sweep as d
    tables, stored = topics.cached_sweep(d.with_corpus(d.SETTINGS), lambda: pytest.fail("stored sweep not read"))
    return tables, topics.margin_summary(tables).set_index("k")


def test_the_notebook_reads_the_stored_tables_and_links_the_lesson_and_provenance():
    assert "Sweep: read from data/derived/" in OUT and "Nulls at K: read from data/derived/" in OUT
    assert "../02_topics.ipynb" in PROSE and "TOPICS_PROVENANCE.md" in PROSE


def test_every_null_has_at_least_20_permutations(sweep):
    tables, summary = sweep
    assert (summary["n_splits"] >= 20).all()
    assert tables["subsamples"]["repetition"].nunique() >= 20
    assert (tables["comeback"].query("shuffle >= 0").groupby("k")["shuffle"].nunique() >= 20).all()
    assert re.search(r"Permuted copies \(20\)", OUT) and "n_perm" in OUT
    assert all(int(n) >= 20 for n in re.findall(r"\s(\d+)\s*$", "\n".join(block_with(EVIDENCE, r"null\s+data\s+null_mean"))))


def test_answer_2_1_coherence_beats_the_permuted_copy_at_every_k(sweep):
    s = sweep[1]
    assert (s["coherence_margin"] > 2 * s["coherence_se"]).all()
    assert s["coherence_margin"].idxmax() == s.index.min()
    assert "at every k, by more than two standard errors" in PROSE


def test_answer_2_2_seed_stability_is_within_about_two_se_of_zero(sweep):
    s = sweep[1]
    assert (s["stability_margin"].abs() <= 2.1 * s["stability_se"]).all()


def test_answer_2_3_subsample_margin_largest_at_the_smallest_k_and_negative_from_three_to_seven(sweep):
    s = sweep[1]
    assert s["subsample_margin"].idxmax() == s.index.min()
    assert (s.loc[3:7, "subsample_margin"] < 0).all()


def test_answer_2_4_only_the_smallest_k_is_defensible_and_seeds_do_not_separate_there(sweep):
    s = sweep[1]
    assert "Defensible k: [2]; the rule reads k = 2 (acceptable on 3 of 3 criteria)." in OUT
    assert abs(s.loc[2, "stability_margin"]) < s.loc[2, "stability_se"]


def test_answer_2_5_the_grid_chooses_the_smallest_k_allowed():
    lines = block_with(EVIDENCE, r"k_range\s+2–6")
    for ln in lines[1:]:
        cells = re.split(r"\s{2,}", ln.strip())[1:]
        assert cells[:2] == ["2", "2"] and cells[2:] == ["3 (edge)", "3 (edge)"], ln


def test_answer_3_no_topic_comes_back_at_the_lessons_k_and_at_most_one_at_any_k(sweep):
    cb = sweep[0]["comeback"]
    for match in (0.7, 0.8, 0.9):
        by_k = check.comeback_by_k(check.comeback_rates(cb, match)).set_index("k")
        assert by_k["found"].max() <= 1, match
        if match == 0.8:
            assert by_k.loc[4, "found"] == 0 and (by_k["found"] > 0).sum() == 1
            assert (by_k["data_mean"] > by_k["null_mean"]).sum() > len(by_k) / 2   # "slightly more often at most k"
            assert ((by_k["seed_null"] >= by_k["seed_data"] - 0.1)).all()          # "about as often or more"
    assert "k values at which a topic comes back in half samples more often than 95% of shuffled topics " \
           "(cosine ≥ 0.8): [8] of" in OUT


def test_answer_4_solutions_and_the_lessons_run():
    m = re.search(r"Data: (\d+) solutions, (\d+) of 50 runs in the largest; the lesson's run is in (S\d)\. Permuted "
                  r"copies \((\d+)\): .*?; (\d+) of \d+ have a largest solution at least as large", OUT)
    n_sol, largest, sol, n_perm, as_large = int(m[1]), int(m[2]), m[3], int(m[4]), int(m[5])
    assert n_sol > 1 and 0.4 <= largest / 50 <= 0.6 and sol != "S1" and as_large > n_perm / 2
    fits = table(r"solution\s+n_runs\s+share_of_runs\s+fit_mean\s+fit_best")
    assert fits["fit_best"].max() - fits["fit_best"].min() < 0.001             # "differ in the fourth decimal"
    pairs = block_with(EVIDENCE, r"lesson\s+best_fitting\s+cosine")
    cos = [float(re.search(r"\s(0\.\d{3})\s", ln)[1]) for ln in pairs]
    assert sum(c >= 0.75 for c in cos) == 3 and sum(c < 0.7 for c in cos) == 1
    unmatched = next(ln for ln, c in zip(pairs, cos) if c < 0.7)
    name = re.split(r"\s{2,}", unmatched.strip())[1]
    assert re.search(rf"{re.escape(name)}\s+10%", outputs(LESSON))            # "one of the ten other seeds"


def test_answer_5_the_fit_beats_every_permutation_narrowly():
    fit = table(r"fit\s+chance_mean\s+chance_95th\s+ceiling\s+p_value\s+n_perm").iloc[0]
    assert fit["p_value"] == pytest.approx(1 / 21, abs=1e-4)
    assert 0 < fit["chance_mean"] - fit["fit"] < 0.01 and fit["fit"] - fit["ceiling"] < 0.02
    assert "LDA it is the **variational bound per word**" in markdown_raw()


def markdown_raw() -> str:
    from tests.test_topics_lesson import markdown
    return markdown(EVIDENCE)


def test_answer_6_coherence_beats_the_permuted_copy_not_the_within_document_null():
    lv = table(r"null\s+data\s+null_mean\s+null_95\s+difference\s+diff_low\s+diff_high\s+p_value\s+n_perm")
    lv = lv.set_index("null")
    assert lv.loc["permuted", "data"] > lv.loc["permuted", "null_95"]
    assert lv.loc["permuted", "p_value"] == pytest.approx(1 / 21, abs=1e-3)
    w = lv.loc["within_document"]
    assert w["p_value"] > 0.05 and w["diff_low"] < 0 < w["diff_high"]
    model = float(re.search(r"\(margin ([+-]\d\.\d{3})\)\.\nNo model", OUT)[1])
    frequent = float(re.search(r"most frequent words of each training half.*?\(margin ([+-]\d\.\d{3})\)", OUT)[1])
    assert frequent >= 3 * model > 0                                             # "several times as much"


def test_answer_7_each_topic_has_a_large_share_in_one_to_three_documents():
    line = re.search(r"Documents with a share of at least 0.25, per topic: (.*)\.", OUT)[1]
    counts = [int(x.rsplit(": ", 1)[1]) for x in line.split("; ")]
    assert all(1 <= c <= 3 for c in counts)


def test_answer_8_and_9_agreement_does_not_beat_both_models_on_permuted_matrices():
    ag = table(r"statistic\s+data\s+data_low\s+data_high\s+null_mean\s+null_95\s+p_value\s+n_perm").set_index(
        "statistic")
    assert (ag["data"] < ag["null_95"]).all() and (ag["p_value"] > 0.05).all()
    m = re.search(r"At k = 4, (\d+) of (\d+) statistics beat their null: (.*)\.", OUT)
    assert int(m[1]) == 3 and m[3] == "fit (lower is better), coherence vs permuted, coherence (sweep)"
    assert "Three statistics beat their null" in PROSE


def test_the_reviews_findings_stay_fixed():
    assert "no held-out support" not in PROSE and "no held-out support" not in OUT
    assert "1,000 shuffles" not in OUT and "variational bound per word" in PROSE
    assert "largely one article's vocabulary" not in PROSE
    assert "the rule would go lower" not in PROSE and "SE over 5 splits" not in OUT
    assert not hasattr(topics_nulls, "recovery_table") and hasattr(coherence, "coherence_levels")
