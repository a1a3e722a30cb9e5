"""The findings notebook 01 (the lesson) and its evidence notebook state in prose, held true against their stored
outputs (and, where a finding sits in a plot title, against the same computation on the project's data)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import corpus, text

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "01_corpus.ipynb"
EVIDENCE = ROOT / "notebooks" / "evidence" / "01_corpus_evidence.ipynb"
SOLUTIONS = ROOT / "solutions" / "01_corpus_solutions.ipynb"


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def markdown(path: Path) -> str:
    return "\n".join("".join(c["source"]) for c in cells(path) if c["cell_type"] == "markdown")


def flat(path: Path) -> str:
    """The markdown with line breaks, quote marks at line starts and runs of spaces read as one space."""
    return re.sub(r"\s*\n[>\s]*", " ", markdown(path))


def output(path: Path, snippet: str, index: int = -1) -> str:
    """The text/plain (or stream) outputs of the code cell whose source contains ``snippet``: all joined, or one."""
    found = [c for c in cells(path) if c["cell_type"] == "code" and snippet in "".join(c["source"])]
    assert len(found) == 1, f"{len(found)} code cells contain {snippet!r}"
    parts = []
    for o in found[0]["outputs"]:
        if "text" in o:
            parts.append("".join(o["text"]))
        elif "text/plain" in o.get("data", {}):
            parts.append("".join(o["data"]["text/plain"]))
    return "\n".join(parts) if index < 0 else parts[index]


def table(path: str | Path, snippet: str, index: int = -1) -> list[list[str]]:
    """A printed DataFrame as rows of whitespace-separated fields (the header rows included)."""
    return [line.split() for line in output(Path(path), snippet, index).splitlines() if line.strip()]


def row(rows: list[list[str]], first: str) -> list[str]:
    hits = [r for r in rows if r and r[0] == first]
    assert len(hits) == 1, (first, hits)
    return hits[0]


# ---------------------------------------------------------------- the lesson

def test_most_documents_were_written_within_a_month_of_a_summit():
    rows = table(LESSON, 'nearest = nearest.loc[docs["id"]')
    days = [int(r[-1]) for r in rows if re.match(r"\w+_\d{4}$", r[0])]
    assert len(days) == 5 and sum(d <= 31 for d in days) > len(days) / 2
    assert "by construction, since the summits were picked for these documents" in flat(LESSON)


def test_the_page_with_comments_keeps_the_least_article_body():
    sizes = corpus.block_type_sizes(corpus.load_blocks()).pivot(index="doc_id", columns="block_type", values="n_chars")
    share = sizes["body"] / sizes.sum(axis=1)
    assert (share > 0.5).all()  # "most of each file"
    assert share.idxmin() in set(sizes.index[sizes["comment"] > 0]) and (sizes["comment"] > 0).sum() == 1


def test_no_document_has_a_flag():
    assert "No document has a flag." in output(LESSON, 'flags = report.loc[report["kind"] != "rule"')
    rows = table(LESSON, 'summary["flags"] =')
    assert [r[-1] for r in rows if re.match(r"\w+_\d{4}$", r[0])] == ["0"] * 5
    assert "No flags is what we expect here" in markdown(LESSON)


def test_the_two_word_counts_are_named_apart():
    rows = table(LESSON, '"n_whitespace_words": paras.groupby')
    assert rows[0] == ["n_paragraphs", "n_sentences", "n_whitespace_words", "n_tokens"]
    cnn = row(rows, "cnn_2012")
    assert int(cnn[3]) > int(cnn[4])  # 992 whitespace words, 967 tokens


def test_the_example_sentence_shows_u_s_as_one_token():
    out = output(LESSON, "has_us = sents")
    plain, layer = [ln for ln in out.splitlines() if ln.startswith(("plain:", "phrase layer:"))]
    assert "| u.s |" in plain and "| united_states |" in layer and "united_states" not in plain


def test_token_rules_stated_in_section_5():
    assert text.tokenize("Medvedev's") == ["medvedev"] and text.tokenize("it's") == ["it"]
    assert text.tokenize("won't") == ["won't"] and text.is_content_token("won't")
    assert text.tokenize("face-to-face") == ["face-to-face"]
    assert text.tokenize("US-Russia") == ["united_states", "russia"]
    for phrase in ('"U.S.", "US" (in\ncapitals only)', "turns \"Medvedev's\"", 'also "it\'s" into *it*'):
        assert phrase.replace("\n", " ") in markdown(LESSON).replace("\n", " "), phrase


def test_united_states_heads_the_list_only_with_the_phrase_layer():
    out = output(LESSON, "plain_counts = plain.groupby")
    assert "the plain list is headed by 'russia' (53), the phrase layer's by 'united_states' (75)" in out
    rows = table(LESSON, "plain_counts = plain.groupby")
    assert row(rows, "united_states")[1:] == ["75", "0", "75"]
    assert "Plain tokens: 'united_states' 0" in output(LESSON, "first, second = counts.index[0]")


def test_the_lead_holds_in_four_of_five_documents_and_its_interval_includes_zero():
    out = output(LESSON, "first, second = counts.index[0]")
    m = re.search(r"leads 'russia' by \+(\d+\.\d) per 1,000 tokens on average per document \(95% t-interval over 5 "
                  r"documents: ([-+]\d+\.\d) to ([-+]\d+\.\d)\); it leads in (\d) of 5", out)
    assert m, out
    assert float(m.group(2)) < 0 < float(m.group(3)) and m.group(4) == "4"
    assert "holds in four of the five documents, and its 95% interval over documents includes zero" in flat(LESSON)


def test_russia_and_russian_together_outnumber_united_states():
    rows = table(LESSON, "rates = doc_counts[top.index]")
    assert rows[0][:4] == ["token", "united_states", "russia", "russian"]
    counts = text.content_tokens(text.tokens(corpus.paragraphs(corpus.load_corpus())))["token"].value_counts()
    assert counts["russia"] + counts["russian"] > counts["united_states"] == 75


def test_putin_is_the_only_listed_actor_in_every_document_and_the_list_has_more_us_names():
    actors = text.load_actors()
    paras = corpus.paragraphs(corpus.load_corpus())
    body = paras.groupby("doc_id")["text"].apply(" ".join)
    everywhere = [a.actor for a in actors.itertuples() if (body.str.count(a.pattern) > 0).all()]
    assert everywhere == ["Putin"]
    sides = actors["side"].value_counts()
    assert sides["United States"] > sides["Russia"]


def test_the_lesson_links_its_evidence_and_the_evidence_its_lesson_and_provenance():
    assert "evidence/01_corpus_evidence.ipynb" in markdown(LESSON)
    assert "../01_corpus.ipynb" in markdown(EVIDENCE) and "`data/PROVENANCE.md`" in markdown(EVIDENCE)
    assert (ROOT / "data" / "PROVENANCE.md").is_file()


# ---------------------------------------------------------------- the evidence notebook

def test_two_documents_have_a_dateline_and_three_are_dated_to_a_month():
    rows = table(EVIDENCE, 'docs[["id", "date", "date_precision", "date_evidence"]]')
    precision = [r[3] for r in rows if len(r) > 3 and r[1] in {"cbs_2009", "rga_2012", "mt_2012", "cnn_2012", "anon_2021"}]
    assert sorted(precision) == ["day", "day", "month", "month", "month"]


def test_every_body_paragraph_is_in_its_raw_file():
    assert "53 of 53 body paragraphs occur character for character" in output(EVIDENCE, "raw_files = {")


def test_no_flags_and_the_comment_header_announces_more_than_the_copy_holds():
    flagged = output(EVIDENCE, "display(cleaning_report.flagged_documents(report))", 0)
    assert re.findall(r"(?m)^\d+\s+\w+_\d{4}\s+blank-line paragraphs\s+rules\s+(\d+)\s*$", flagged) == ["0"] * 5
    counts = table(EVIDENCE, "display(cleaning_report.flagged_documents(report))", 1)
    assert counts[0] == ["doc_id", "stated", "n_comments", "n_top_level", "n_replies", "missing"]
    cnn = row(counts, "0")
    assert cnn[1] == "cnn_2012" and int(cnn[2]) > int(cnn[3])  # stated 11 > held 8


def test_only_month_dated_documents_move_and_a_month_read_as_its_first_day_counts_least():
    out = output(EVIDENCE, "dates.summit_sensitivity(rules")
    within_31 = {}
    for line in out.splitlines():
        m = re.match(r"\s*\d+\s+(.+?)\s+5\s+(\d+)\s+(\d+)\s+(\d+)\s*\\?$", line)
        if m:
            within_31[m.group(1)] = int(m.group(3))
    assert min(within_31, key=within_31.get) == "metadata date as a point" and len(set(within_31.values())) > 1
    far = [ln for ln in out.splitlines() if re.search(r"cnn_2012\s*$", ln)]
    assert len(far) == 5  # cnn_2012 is far under every rule (it is dated to the day)


def test_apostrophes_and_hyphens_behave_as_the_answer_says():
    body = table(EVIDENCE, "display(frequencies.apostrophe_forms(paras))", 0)
    com = table(EVIDENCE, "display(frequencies.apostrophe_forms(paras))", 1)
    assert row(body, "15")[1:] == ["won't", "1", "won't", "True"]
    assert ["Russia's", "8", "russia", "True"] in [r[1:] for r in body]
    assert ["it's", "1", "it", "False"] in [r[1:] for r in com] and ["don't", "3", "don't", "True"] in [r[1:] for r in com]
    gains = table(EVIDENCE, "from_hyphen_compounds")
    for word, plain, layer, gain in (r for r in gains if r[0] in {"russia", "russian", "putin"}):
        assert int(plain) + int(gain) == int(layer)
    assert {r[0]: int(r[3]) for r in gains if r[0] in {"russia", "russian", "putin"}} == {"russia": 5, "russian": 2,
                                                                                          "putin": 2}
    heads = output(EVIDENCE, "headline_splits = frequencies.hyphen_splits", 1)
    assert "Obama-Putin" in heads and "Obama-Putin" not in output(EVIDENCE, "headline_splits = frequencies", 0)


def test_filters_and_word_counts():
    out = output(EVIDENCE, "with_layer = frequencies.filter_steps")
    assert re.search(r"(?m)^3\s+phrase layer\s+length\s+0\s+", out)  # with the layer the length filter removes nothing
    assert re.search(r"(?m)^1\s+plain\s+no digits or periods\s+\d+\s+\d+\s+u\.s \(40\)", out)
    counts = table(EVIDENCE, "lengths = frequencies.word_counts(paras)")
    assert all(int(r[-1]) != 0 for r in counts[1:])
    assert row(counts, "5")[1:] == ["all", "3596", "3509", "87"]


def test_misses_are_counted_on_both_sides_and_add_more_to_the_us_side():
    cands = output(EVIDENCE, "candidates = misses.capital_candidates")
    assert "not read" not in cands
    missed = misses_table()
    assert missed["Washington (the capital as an actor)"] == 7 and missed["Moscow (the capital as an actor)"] == 6
    assert missed["START on its own (the 2010 treaty)"] == 1 and missed["National Security Advisor"] == 1
    totals = table(EVIDENCE, 'totals["added"] =', 1)
    russia, us = row(totals, "Russia"), row(totals, "United")
    assert float(us[-1]) > float(russia[-1]) > 0
    wide = table(EVIDENCE, 'totals["added"] =', 0)
    mt = row(wide, "mt_2012")
    assert int(mt[1]) > int(mt[2]) and mt[3] == mt[4]  # Russia ahead on the listed names, tied with the misses


def misses_table() -> dict[str, int]:
    from helpers.corpus import misses
    counts = misses.miss_counts(corpus.paragraphs(corpus.load_corpus()))
    stored = output(EVIDENCE, "missed = misses.miss_counts(paras)")
    for label in counts["label"]:
        assert label in stored
    return dict(zip(counts["label"], counts["count"]))


def test_names_agree_with_the_layer_and_not_without_it():
    out = output(EVIDENCE, "check = frequencies.mention_check")
    assert "Agree with the phrase layer: 15 of 15 actors; without it: 12 of 15." in out
    rows = table(EVIDENCE, "check = frequencies.mention_check")
    disagree = {r[1] if r[1] != "White" else "White House" for r in rows if r[-1] == "False"}
    assert disagree == {"Biden", "Putin", "White House"}


def test_the_lead_interval_tests_and_bootstrap_as_the_answer_says():
    rows = table(EVIDENCE, "intervals_table = inference.lead_intervals")
    t_row = row(rows, "0")
    assert t_row[-5:-2] == ["4.845", "-1.114", "10.803"] and "clustered" in t_row
    assert row(rows, "1")[-2] == "0.188" and row(rows, "2")[-2] == "0.094"
    boot = row(rows, "3")
    assert float(boot[-4]) > 0 and boot[-1] == "0.997"
    leads = table(EVIDENCE, "leads = inference.document_leads")
    assert all(float(r[-1]) > 0 for r in leads[1:])  # leave-one-out keeps the lead positive
    assert sum(float(r[-2]) > 0 for r in leads[1:]) == 4
    answer = markdown(EVIDENCE)
    for claim in ("one-sided p = 0.188", "one-sided p = 0.094", "with 0.997 of its resamples above zero"):
        assert claim in answer.replace("\n# ", " ").replace("\n", " ")


# ---------------------------------------------------------------- the solutions

def test_solution_answers_hold():
    both = output(SOLUTIONS, "both = sides.assign(")
    sides = re.findall(r"(?m)^\w+_\d{4}(?:\s+\d+){4}\s+(United States|Russia|tie)\s+(United States|Russia|tie)\s*$", both)
    assert len(sides) == 5 and all(a == b for a, b in sides)  # "the capitals change no document's answer"
    assert "the text search finds what the heat map counts: True" in output(SOLUTIONS, "search = pd.DataFrame(")
    pairs = table(SOLUTIONS, "top_pairs = (pairs.groupby")
    joint = row(pairs, "joint")
    assert joint[1] == "statement" and int(joint[3]) >= 2
    lines = output(SOLUTIONS, 'for r in corpus.load_lines(tmp).query("doc_id == @mine")')
    assert re.search(r"13\s+boilerplate\s+short edge line\s+Share this article", lines)


def test_no_commenter_name_in_the_lists_or_stored_notebooks():
    from tests.test_real_corpus import COMMENTERS
    names = [n for n in COMMENTERS if " " in n or "-" in n]  # full display names, not common first names
    files = [ROOT / "data" / "phrases.csv", ROOT / "data" / "actors.csv", ROOT / "data" / "known_misses.csv",
             *sorted((ROOT / "notebooks").rglob("*.ipynb")), *sorted((ROOT / "solutions").glob("*.ipynb"))]
    for f in files:
        body = f.read_text(encoding="utf-8").lower()
        for name in names:
            assert name.lower() not in body, (f.name, name)


def test_most_rules_that_never_fire_here_fire_on_the_realistic_documents():
    out = output(EVIDENCE, 'realistic = PROJECT_ROOT / "tests" / "data" / "realistic"')
    flags = re.findall(r"(?m)\s(True|False)\s*$", out)
    assert len(flags) == 20 and flags.count("True") > flags.count("False")  # "most of them" (PROVENANCE.md)
