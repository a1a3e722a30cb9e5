"""The findings notebook 01 (the lesson) and its evidence notebook state in prose, held true against their stored
outputs (and, where a finding sits in a plot title, against the same computation on the project's data)."""
from __future__ import annotations

import csv
import re
from pathlib import Path

from helpers import corpus, text
from helpers.corpus import report as cleaning_report

from .stored import cells, markdown

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "01_corpus.ipynb"
EVIDENCE = ROOT / "notebooks" / "evidence" / "01_corpus_evidence.ipynb"
SOLUTIONS = ROOT / "solutions" / "01_corpus_solutions.ipynb"


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


def code(path: Path) -> str:
    return "\n".join("".join(c["source"]) for c in cells(path) if c["cell_type"] == "code")


def row(rows: list[list[str]], first: str) -> list[str]:
    hits = [r for r in rows if r and r[0] == first]
    assert len(hits) == 1, (first, hits)
    return hits[0]


# ---------------------------------------------------------------- the lesson

def lesson_nearest() -> dict[str, list[int]]:
    """The stored table of section 2: per document, its first, last, closest and farthest day from its summit."""
    rows = table(LESSON, 'nearest = nearest.loc[docs["id"]')
    assert rows[0][-4:] == ["first", "last", "closest", "farthest"], rows[0]
    return {r[0]: [int(x) for x in r[-4:]] for r in rows if re.match(r"\w+_\d{4}$", r[0])}


def test_most_documents_were_written_within_a_month_of_a_summit_under_either_convention():
    near = lesson_nearest()
    could = {d for d, (_, _, closest, _) in near.items() if closest <= 31}
    sure = {d for d, (_, _, _, farthest) in near.items() if farthest <= 31}
    assert len(near) == 5 and len(could) == 4 and len(sure) == 3 > len(near) / 2
    # the plot title counts both, from these columns
    assert "could have been written within {NEAR_DAYS} days of a summit" in code(LESSON)
    assert 'f"{n_sure} on every day their metadata date allows"' in code(LESSON)
    # "where the two counts differ, a month-dated document straddles the edge of the band"
    precision = corpus.load_corpus().set_index("id")["date_precision"]
    assert could - sure == {"cbs_2009"} and precision["cbs_2009"] == "month"
    prose = flat(LESSON)
    assert ("Four of the five documents could have been written within a month of a summit, three on every day "
            "their metadata date allows; one of those dates, rga_2012's June, is the AI coder's, not the text's") in prose
    # "The three turn on one day of events.csv": London on 1 April (the presidents' meeting) makes cbs_2009's March
    # certainly near, as the evidence notebook's event-date table prints
    assert near["cbs_2009"][3] == 32  # farthest day of the whole month from London on 2 April: one day past
    sens = output(EVIDENCE, "intervals = dates.date_intervals(docs", 3).splitlines()
    assert "1 April 2009 (Obama–Medvedev meeting)" in sens[2] and int(sens[2].split()[-3]) == 31
    assert ("Three turns on `events.csv`'s London day: 1 April (the presidents' meeting), not 2 April, makes "
            "four.") in prose
    assert "rga_2012" in sure and precision["rga_2012"] == "month"
    assert "The choice of summits builds nearness in" in prose
    # "rga_2012's text places it after the Los Cabos summit of 18 June and before mid-November 2012"
    text_only = {r["id"]: r for r in csv.DictReader((ROOT / "data" / "date_intervals_text_only.csv").open(encoding="utf-8"))}
    assert (text_only["rga_2012"]["earliest"], text_only["rga_2012"]["latest"]) == ("2012-06-18", "2012-11-15")
    assert "rga_2012's text places it after the Los Cabos summit of 18 June and before mid-November 2012" in prose
    assert (precision == "month").sum() == 3 and "the months of the three undated ones were inferred" in prose


def test_the_events_are_shown():
    rows = table(LESSON, "events = corpus.load_events(events_file")
    assert rows[0] == ["event", "date", "place", "leaders"] and len(rows) == 4


def test_the_page_with_comments_keeps_the_least_article_body():
    sizes = corpus.block_type_sizes(corpus.load_blocks()).pivot(index="doc_id", columns="block_type", values="n_chars")
    share = sizes["body"] / sizes.sum(axis=1)
    assert (share > 0.5).all()  # "most of each file"
    assert share.idxmin() in set(sizes.index[sizes["comment"] > 0]) and (sizes["comment"] > 0).sum() == 1


def test_each_line_shows_its_rule_and_the_report_its_rows_per_rule():
    printed = output(LESSON, "for r in raw.itertuples():")
    assert re.search(r"(?m)^\s*19\s+boilerplate\s+related link\s+More from GPS:", printed)  # the example in §3
    rows = table(LESSON, 'report.loc[report["doc_id"] == example')
    assert rows[0][:4] == ["rule", "block_type", "n_lines", "line_nos"]
    assert any(r[1:4] == ["related", "link", "boilerplate"] for r in rows)


def test_no_document_has_a_flag():
    assert "No document has a flag." in output(LESSON, 'flags = report.loc[report["kind"] != "rule"')
    rows = table(LESSON, 'summary["flags"] =')
    assert [r[-1] for r in rows if re.match(r"\w+_\d{4}$", r[0])] == ["0"] * 5


def test_mt_2012_has_a_body_line_more_than_paragraphs_because_two_lines_were_joined():
    rows = table(LESSON, 'summary["flags"] =')
    body_lines = int(row(rows, "mt_2012")[rows[0].index("body") + 1])  # the layout value takes two fields
    paragraphs = int(row(table(LESSON, '"n_whitespace_words": paras.groupby'), "mt_2012")[1])
    assert (body_lines, paragraphs) == (10, 9)
    fired = cleaning_report.rule_firings(corpus.rules_table(), corpus.load_lines(), corpus.load_blocks(),
                                         list(corpus.load_corpus()["id"])).set_index("rule")
    assert fired.loc["body (joined broken paragraph)", "mt_2012"] == 2 and fired.loc[
        "body (joined broken paragraph)", "n_documents"] == 1
    assert "mt_2012 breaks one paragraph across two lines, which the cleaner joins" in flat(LESSON)


def test_the_two_word_counts_are_named_apart():
    rows = table(LESSON, '"n_whitespace_words": paras.groupby')
    assert rows[0] == ["n_paragraphs", "n_sentences", "n_whitespace_words", "n_tokens"]
    cnn = row(rows, "cnn_2012")
    assert int(cnn[3]) > int(cnn[4])  # 992 whitespace words, 967 tokens


def test_the_example_sentence_shows_u_s_as_one_token_and_the_phrase_list_is_shown():
    out = output(LESSON, "has_us = sents")
    plain, layer = [ln for ln in out.splitlines() if ln.startswith(("plain:", "phrase layer:"))]
    assert "| u.s |" in plain and "| united_states |" in layer and "united_states" not in plain
    assert f"{len(text.load_phrases())} listed phrases" in output(LESSON, "phrases = text.load_phrases()", 0)
    forms = {r[1] for r in table(LESSON, "phrases = text.load_phrases()", 1)[1:]}
    assert {"U.S.", "US", "USA", "United"} <= forms


def test_token_rules_stated_in_section_5():
    assert text.tokenize("Medvedev's") == ["medvedev"] and text.tokenize("it's") == ["it"]
    assert text.tokenize("won't") == ["won't"] and text.is_content_token("won't")
    assert text.tokenize("face-to-face") == ["face-to-face"]
    assert text.tokenize("US-Russia") == ["united_states", "russia"] and "us" in text.STOP_WORDS
    for phrase in ('"U.S.", "US" (in\ncapitals only)', "turns \"Medvedev's\"", 'also "it\'s" into *it*'):
        assert phrase.replace("\n", " ") in markdown(LESSON).replace("\n", " "), phrase


def test_the_highest_rate_of_the_heat_map_is_read_back_in_the_texts():
    out = output(LESSON, "doc, actor = per_1000.stack().idxmax()")
    assert out.startswith("Medvedev in cbs_2009: 8 mentions (14.5 per 1,000 tokens) in 8 sentences")
    quoted = [ln for ln in out.splitlines() if ln.startswith("· ")]
    assert len(quoted) == 3 and all("Medvedev" in ln for ln in quoted)
    sides = table(LESSON, 'display(actors["side"].value_counts()', 0)
    assert sides[0] == ["side", "United", "States", "Russia"] and int(sides[1][2]) > int(sides[1][3])


def test_the_chart_words_with_both_counts_and_where_the_first_word_came_from():
    out = output(LESSON, "plain_counts = plain.groupby")
    assert "the plain list is headed by 'russia' (53), the phrase layer's by 'united_states' (75)" in out
    rows = table(LESSON, "plain_counts = plain.groupby", 1)
    assert row(rows, "united_states")[1:] == ["75", "0", "75"]
    assert [r[0] for r in rows[2:]] == list(text.content_tokens(text.tokens(corpus.paragraphs(corpus.load_corpus())))[
        "token"].value_counts().sort_index().sort_values(ascending=False, kind="stable").index[:12])  # the chart's words
    # "russia, russian and putin gain a few tokens with the layer": plain tokens keep the compounds whole
    assert {w: row(rows, w)[3] for w in ("russia", "russian", "putin")} == {"russia": "5", "russian": "2", "putin": "2"}
    for compound in ("US-Russia", "Russian-US", "Putin-Biden"):
        assert len(text.tokenize(compound, phrases=False)) == 1 < len(text.tokenize(compound)), compound
    where = output(LESSON, 'where = forms.value_counts()')
    assert re.search(r"(?m)^U\.S\.\s+42\s+u\.s\s+nothing\s*$", where)
    assert re.search(r"(?m)^US\s+17\s+us\s+nothing\s*$", where)
    assert re.search(r"(?m)^United States\s+16\s+united \+ states\s+united \+ states\s*$", where)
    assert 'Without the layer, "U.S." and "US" count for nothing and "United States" for two other words' in flat(
        LESSON)


def lesson_lead() -> tuple[float, float, float, int]:
    out = output(LESSON, "first, second = counts.index[0]")
    m = re.search(r"'united_states' leads 'russia' by \+(\d+\.\d) per 1,000 tokens on average per document \(95% "
                  r"t-interval over 5 documents: ([-+]\d+\.\d) to ([-+]\d+\.\d)\); it leads in (\d) of 5", out)
    assert m, out
    return float(m.group(1)), float(m.group(2)), float(m.group(3)), int(m.group(4))


def test_the_lead_holds_in_four_of_five_documents_and_its_interval_includes_zero():
    lead, low, high, n = lesson_lead()
    assert low < 0 < high and n == 4
    assert "holds in four of the five documents, and its 95% interval over documents includes zero" in flat(LESSON)
    assert "The interval includes zero" in flat(LESSON)


def evidence_intervals() -> dict[str, list[str]]:
    rows = table(EVIDENCE, "intervals_table = inference.lead_intervals")
    return {r[0]: r for r in rows[1:]}


def test_the_lesson_and_the_evidence_read_the_same_lead():
    lead, low, high = lesson_lead()[:3]
    rows = evidence_intervals()
    mean, pooled = rows["0"], rows["3"]
    assert "over" in mean and "clustered" not in mean and "clustered" in pooled
    est, lo, hi = (float(x) for x in mean[-5:-2])
    assert (round(est, 1), round(lo, 1), round(hi, 1)) == (lead, low, high)
    p_est, p_lo, p_hi = (float(x) for x in pooled[-5:-2])
    assert p_est < est and p_lo < 0 < p_hi  # "a little smaller, and its interval also includes zero"
    assert "reads the same average lead with the same interval" in flat(LESSON)
    assert "it is a little smaller, and its interval also includes zero" in flat(LESSON)


def test_russia_and_russian_together_outnumber_united_states():
    rows = table(LESSON, "rates = doc_counts[top.index]")
    assert rows[0][:4] == ["token", "united_states", "russia", "russian"]
    counts = text.content_tokens(text.tokens(corpus.paragraphs(corpus.load_corpus())))["token"].value_counts()
    assert counts["russia"] + counts["russian"] > counts["united_states"] == 75


def test_putin_is_the_only_listed_actor_in_every_document():
    actors = text.load_actors()
    paras = corpus.paragraphs(corpus.load_corpus())
    body = paras.groupby("doc_id")["text"].apply(" ".join)
    everywhere = [a.actor for a in actors.itertuples() if (body.str.count(a.pattern) > 0).all()]
    assert everywhere == ["Putin"]


def test_limits_say_the_lists_miss_forms_on_both_sides_and_not_which_side_more():
    totals = table(EVIDENCE, 'totals["added"] =', 1)
    assert int(row(totals, "United")[2]) > 0 and int(row(totals, "Russia")[1]) > 0  # misses on both sides
    lesson = flat(LESSON)
    assert ("The lists miss forms on both sides (capitals used as actors, \"the U.S. administration\", \"START\" "
            "alone); whether they miss more on one side is not shown") in lesson
    assert "add more to the US side" not in lesson  # cut by the third blind review: the searches were uneven


def test_the_lesson_links_its_evidence_and_provenance_and_the_evidence_its_lesson():
    assert "(evidence/01_corpus_evidence.ipynb)" in markdown(LESSON) and "(../data/PROVENANCE.md)" in markdown(LESSON)
    assert "../01_corpus.ipynb" in markdown(EVIDENCE) and "(../../data/PROVENANCE.md)" in markdown(EVIDENCE)
    provenance = re.sub(r"\s+", " ", (ROOT / "data" / "PROVENANCE.md").read_text(encoding="utf-8"))
    assert "**AI-coded**, by a single AI coder, checked by no second one" in provenance
    for path in (LESSON, EVIDENCE):
        assert "AI-coded" in markdown(path) and "written by hand" not in markdown(path)


def test_each_exercise_states_its_measured_run_time():
    times = {(r["notebook"], r["item"]): float(r["seconds"])
             for r in csv.DictReader((ROOT / "benchmarks" / "notebook_times.csv").open(encoding="utf-8"))}
    section = flat(LESSON)[flat(LESSON).index("## Exercises"):flat(LESSON).index("## Discussion")]
    items = re.split(r" (?=\d\. \*\*)", section)[1:]
    assert len(items) == 5
    for number, item in enumerate(items, start=1):
        rerun = re.search(r"\*Run time: one rerun, about (\d+) s\.\*", item)
        cell = re.search(r"\*Run time: one new cell, under 1 s\.\*", item)
        assert rerun or cell, item
        if rerun:  # as long as a rerun of the lesson (measured with EXAMPLE_DOC changed, exercise 1)
            measured, stated = times[("notebooks/01_corpus.ipynb", "rerun")], int(rerun.group(1))
            assert abs(measured - stated) <= max(5.0, stated / 2), (number, measured, stated)
        else:
            assert times[("solutions/01_corpus_solutions.ipynb", f"exercise {number}")] < 1.0, number


# ---------------------------------------------------------------- the evidence notebook

def test_two_documents_have_a_dateline_and_three_are_dated_to_a_month():
    rows = table(EVIDENCE, 'docs[["id", "date", "date_precision", "date_evidence"]]')
    precision = [r[3] for r in rows if len(r) > 3 and r[1] in {"cbs_2009", "rga_2012", "mt_2012", "cnn_2012", "anon_2021"}]
    assert sorted(precision) == ["day", "day", "month", "month", "month"]


def test_every_body_paragraph_is_in_its_raw_file_and_every_body_line_is_shown():
    assert "53 of 53 body paragraphs occur character for character" in output(EVIDENCE, "raw_files = {")
    shown = output(EVIDENCE, 'kept = lines.loc[lines["block_type"] == "body"').splitlines()
    n_body = int((corpus.load_lines()["block_type"] == "body").sum())
    assert len(shown) - 2 == n_body == 54  # two header lines, then one line per body line of every document


def test_the_rules_that_never_fired_here_on_the_realistic_documents():
    out = output(EVIDENCE, 'realistic = PROJECT_ROOT / "tests" / "data" / "realistic"')
    rows = [ln for ln in out.splitlines()[1:] if ln.strip()]
    status = [re.search(r"(fires|never fires|not loaded there)\s*$", ln).group(1) for ln in rows]
    assert len(rows) == 20 and "body (cleaning: none)" in rows[0] and status[0] == "fires"
    meta = (ROOT / "tests" / "data" / "realistic" / "metadata.csv").read_text(encoding="utf-8").splitlines()
    assert sum(ln.rstrip().endswith(",none") for ln in meta[1:]) == 1  # "it fires on the one test document marked so"
    assert meta[0].rstrip().endswith(",cleaning")
    assert [s for r, s in zip(rows, status) if "boilerplate.csv" in r] == ["not loaded there"] * 2
    generic = [s for r, s in zip(rows[1:], status[1:]) if "boilerplate.csv" not in r]
    assert generic.count("fires") > generic.count("never fires") > 0  # "most of them" (PROVENANCE.md)
    readme = re.sub(r"\s+", " ", (ROOT / "tests" / "data" / "realistic" / "README.md").read_text(encoding="utf-8"))
    quote = ("the generic rules were extended while these documents were written, so they measure how well the "
             "cleaner handles these genres, not how it does on truly unseen documents")
    assert quote in readme and quote in flat(EVIDENCE)
    # synthetic documents whose raw files are generated from their expected bodies (not hand-checked expectations)
    assert "`make_documents.py` writes raw/ and expected/ from the hand-written paragraphs" in readme
    said = ("synthetic documents written for the project, whose raw files are generated from their expected bodies, "
            "against which the cleaner is checked")
    assert said in flat(EVIDENCE) and said in re.sub(r"\s+", " ", (ROOT / "data" / "PROVENANCE.md").read_text(encoding="utf-8"))
    assert "hand-made expected bodies" not in flat(EVIDENCE)


def test_no_flags_and_the_comment_header_announces_more_than_the_copy_holds():
    flagged = output(EVIDENCE, "display(cleaning_report.flagged_documents(report))", 0)
    assert re.findall(r"(?m)^\d+\s+\w+_\d{4}\s+blank-line paragraphs\s+rules\s+(\d+)\s*$", flagged) == ["0"] * 5
    counts = table(EVIDENCE, "display(cleaning_report.flagged_documents(report))", 1)
    assert counts[0] == ["doc_id", "stated", "n_comments", "n_top_level", "n_replies", "missing"]
    cnn = row(counts, "0")
    assert cnn[1] == "cnn_2012" and int(cnn[2]) > int(cnn[3])  # stated 11 > held 8


def evidence_near_days() -> int:
    return int(re.search(r"(?m)^NEAR_DAYS = (\d+)", code(EVIDENCE)).group(1))


def test_rga_2012s_last_day_is_the_coders_and_cbs_2009_is_one_day_past_at_its_far_end():
    evidence = output(EVIDENCE, "intervals = dates.date_intervals(docs", 1)
    rga = next(ln for ln in evidence.splitlines() if ln.startswith("date_intervals.csv, rga_2012:"))
    assert "Magnitsky Act still pending" in rga and "June is the AI coder's reading" in rga
    rga_text = next(ln for ln in evidence.splitlines() if ln.startswith("date_intervals_text_only.csv, rga_2012:"))
    assert "before the Magnitsky Act passed the House on 16 November 2012" in rga_text and "will likely approve" in rga_text
    assert "so not after 15 November" in rga_text  # it still expects the vote, so it was written before that day
    raw = (ROOT / "data" / "raw" / "2012-06_russia-in-global-affairs_precarious-balance.txt").read_text(encoding="utf-8")
    assert "The U.S. Congress will likely approve legislation" in raw and "Magnitsky Act" in raw
    intervals = table(EVIDENCE, "intervals = dates.date_intervals(docs", 0)
    assert intervals[0][-2:] == ["earliest_text_only", "latest_text_only"]
    assert row(intervals, "1")[1:4] + row(intervals, "1")[-2:] == ["rga_2012", "month", "2012-06-18", "2012-06-18",
                                                                   "2012-11-15"]
    offsets = table(EVIDENCE, "intervals = dates.date_intervals(docs", 2)
    assert offsets[0][-6:] == ["days_from", "days_to", "closest_days", "midpoint_days", "farthest_days",
                               "farthest_days_text_only"]
    cbs, rga_row = row(offsets, "0"), row(offsets, "1")
    near_days = evidence_near_days()
    assert cbs[1] == "cbs_2009" and (int(cbs[-6]), int(cbs[-5])) == (-32, -2)  # "ends two days before"
    assert int(cbs[-2]) == near_days + 1 and int(cbs[-4]) <= near_days  # "its first day lies one day past the threshold"
    # "rga_2012 is near on every day of the coder's June, but its text allows days up to 150 days after Los Cabos"
    assert rga_row[1] == "rga_2012" and int(rga_row[-2]) <= near_days and int(rga_row[-1]) == 150
    prose = flat(EVIDENCE)
    assert "its text allows days up to 150 days after Los Cabos (`farthest_days_text_only`)" in prose
    assert "to 15 November 2012, the day before the Magnitsky Act, which the text still expects, passed" in prose
    assert "151" not in prose
    # the plot title counts from these columns: 4 could, 3 on the coder's dates, 2 on the texts' own evidence
    rows = [r for r in offsets if re.match(r"\w+_\d{4}$", r[1])]
    assert sum(int(r[-4]) <= near_days for r in rows) == 4
    assert sum(int(r[-2]) <= near_days for r in rows) == 3 and sum(int(r[-1]) <= near_days for r in rows) == 2
    assert "with London on 2 April (events.csv), {n_every} certainly were" in code(EVIDENCE)
    assert 'f"on the AI coder\'s dates, {n_text} on the texts\' own evidence; with London on 1 April "' in code(EVIDENCE)
    assert "{n_every_1apr} and {n_text_1apr}" in code(EVIDENCE)


def test_certainly_near_turns_on_one_day_of_events_csv():
    """Review 5: London dated 1 April (the presidents' first meeting, which cbs_2009 calls upcoming) instead of the
    G20 plenary of 2 April makes cbs_2009 certainly near: 4 and 3 instead of 3 and 2."""
    raw = (ROOT / "data" / "raw" / "2009-03_cbs-news_historic-opportunity.txt").read_text(encoding="utf-8")
    assert "The upcoming G20 summit in London, and the first face-to-face meeting between the U.S. and Russian presidents" in raw
    events = {r["event"]: r["date"] for r in csv.DictReader((ROOT / "data" / "events.csv").open(encoding="utf-8"))}
    assert events["London G20 summit"] == "2009-04-02"
    text_only = {r["id"]: r for r in csv.DictReader((ROOT / "data" / "date_intervals_text_only.csv").open(encoding="utf-8"))}
    assert text_only["cbs_2009"]["latest"] == "2009-03-31" and "so not after 31 March" in text_only["cbs_2009"]["evidence"]
    intervals = table(EVIDENCE, "intervals = dates.date_intervals(docs", 0)
    assert row(intervals, "0")[1] == "cbs_2009" and row(intervals, "0")[-2:] == ["2009-03-01", "2009-03-31"]
    sens = output(EVIDENCE, "intervals = dates.date_intervals(docs", 3).splitlines()
    assert sens[0].split() == ["London", "dated", "cbs_2009_farthest_days", "certainly_near_coder",
                               "certainly_near_text_only"]
    found = [[int(x) for x in ln.split()[-3:]] for ln in sens[1:]]
    assert "2 April 2009 (events.csv" in sens[1] and "1 April 2009 (Obama–Medvedev meeting)" in sens[2]
    assert found == [[32, 3, 2], [31, 4, 3]] and found[0][0] == evidence_near_days() + 1
    prose = flat(EVIDENCE)
    for claim in ("its first day lies one day past the threshold (its `farthest_days` above, 32)",
                  "that day is 31 days away and cbs_2009 is certainly near (the event-date table)",
                  "So \"certainly\" depends on the event dates: with London on 2 April, 3 documents are certainly near "
                  "on the coder's dates and 2 on the texts' own evidence; with London on 1 April, 4 and 3. cbs_2009's "
                  "verdict turns on one day of `events.csv`."):
        assert claim in prose, claim
    assert "just past the threshold" not in prose
    provenance = re.sub(r"\s+", " ", (ROOT / "data" / "PROVENANCE.md").read_text(encoding="utf-8"))
    assert "to 31 March 2009 (the day before the presidents' first face-to-face meeting in London, 1 April" in provenance


def test_cbs_2009s_start_is_the_coders_and_three_months_would_narrow_it():
    """The coder's choices push the two borderline documents in opposite directions (section 3's answer)."""
    raw = (ROOT / "data" / "raw" / "2009-03_cbs-news_historic-opportunity.txt").read_text(encoding="utf-8")
    assert "But three months ago – when negotiations with Ukraine broke down" in raw
    evidence = {r["id"]: r for r in csv.DictReader((ROOT / "data" / "date_intervals.csv").open(encoding="utf-8"))}
    text_only = {r["id"]: r for r in csv.DictReader((ROOT / "data" / "date_intervals_text_only.csv").open(encoding="utf-8"))}
    assert evidence["cbs_2009"]["earliest"] == text_only["cbs_2009"]["earliest"] == "2009-03-01"
    assert evidence["rga_2012"]["latest"] == "2012-06-30" != text_only["rga_2012"]["latest"]
    prose = flat(EVIDENCE)
    assert "cbs_2009's start was left at 1 March, although its \"three months ago\"" in prose
    assert "no row here varies that choice" in prose
    assert "`events.csv` was written for these texts, so nearness to a summit cannot fail and has no baseline" in prose


def summit_thresholds() -> tuple[list[int], dict[tuple[str, str], tuple[list[int], str]]]:
    """The stored long table of section 3: per (convention, rule), the counts at each threshold and ``far_ids``."""
    lines = output(EVIDENCE, "dates.summit_sensitivity(rules", 0).splitlines()
    days = [int(d) for d in re.findall(r"within_(\d+)_days", lines[0])]
    found, convention = {}, None
    for line in lines[2:]:
        m = re.match(r"(closest day|midpoint|every day)?\s*(.+?)" + r"\s+(\d+)" * len(days) + r"\s+(\S.*?)\s*$", line)
        assert m, line
        convention = m.group(1) or convention
        found[(convention, m.group(2))] = ([int(x) for x in m.groups()[2:-1]], m.groups()[-1])
    return days, found


def test_the_count_near_a_summit_moves_with_the_rule_the_convention_and_the_threshold():
    days, found = summit_thresholds()
    near_days = evidence_near_days()
    assert days == sorted({7, 15, near_days, 45, 2 * near_days, 90}) and len(found) == 18
    at = days.index(near_days)
    closest = {r: v[0] for (c, r), v in found.items() if c == "closest day"}
    assert min(closest, key=lambda r: closest[r][at]) == "metadata date as a point"
    assert len({v[at] for v in closest.values()}) > 1
    # "By the closest day (the lesson's convention), the lesson's rule (the whole metadata month) and the evidence
    # interval give the same count at every threshold shown [...] and so do the texts' own evidence; by the closest
    # day the threshold moves it only when the metadata date is read as a point, bare or widened"
    moving = {r for r, v in closest.items() if len(set(v)) > 1}
    assert len(closest) == 6 and moving == {"metadata date as a point", "metadata date ± 7 days", "metadata date ± 15 days"}
    assert set(closest["evidence interval (date_intervals.csv)"]) == {4}
    assert set(closest["whole metadata period (e.g. the month)"]) == {4}
    # "the threshold moves the count more than the rule does: within one rule it moves by up to 3 documents by the
    # midpoint and up to 4 by every day, while at one threshold the rules differ by up to 2 and 3"
    printed = output(EVIDENCE, "dates.summit_sensitivity(rules", 2)
    for convention, (most, gap) in {"midpoint": (3, 2), "every day": (4, 3)}.items():
        counts = {r: v[0] for (c, r), v in found.items() if c == convention}
        by_threshold = max(max(v) - min(v) for v in counts.values())
        by_rule = max(max(v[i] for v in counts.values()) - min(v[i] for v in counts.values()) for i in range(len(days)))
        assert (by_threshold, by_rule) == (most, gap) and by_threshold > by_rule, convention
        assert (f"{convention}: within one rule the threshold moves the count by up to {most} documents; at one "
                f"threshold the rules differ by up to {gap}") in printed
    # "by every day, the evidence interval counts 1 document at 7 days and 4 from 45 days on, and the texts' own
    # evidence by its midpoint 1 at 7 days and 4 at 90"
    every = dict(zip(days, found[("every day", "evidence interval (date_intervals.csv)")][0]))
    assert every[7] == 1 and all(every[d] == 4 for d in days if d >= 45) and every[near_days] < 4
    mid = dict(zip(days, found[("midpoint", "text evidence only (date_intervals_text_only.csv)")][0]))
    assert mid[7] == 1 and mid[90] == 4 and all(mid[d] < 4 for d in days if d < 90)
    # cnn_2012 is far under every rule and convention (it is dated to the day); only the point drops cbs by its closest day
    assert all("cnn_2012" in v[1] for v in found.values())
    assert [r for r, v in found.items() if r[0] == "closest day" and "cbs_2009" in v[1]] == [
        ("closest day", "metadata date as a point")]
    conv = {}
    for line in output(EVIDENCE, "dates.summit_sensitivity(rules", 1).splitlines()[1:]:
        m = re.match(r"\s*\d+\s+(.+?)\s+(\d+)\s+(\d+)\s+(\d+)\s*(.*?)\s*$", line)
        conv[m.group(1)] = (int(m.group(2)), int(m.group(3)), int(m.group(4)), m.group(5))
    point = conv["metadata date as a point"][2]
    assert all(v[2] <= point for v in conv.values()) and conv["metadata date ± 15 days"][2] < point
    assert conv["evidence interval (date_intervals.csv)"][3] == "cbs_2009"
    assert all("cnn_2012" not in v[3] for v in conv.values())
    # "two count fewer: the widest point widening (± 15 days) and the texts' own evidence"
    fewer = {k for k, v in conv.items() if v[2] < point}
    assert fewer == {"metadata date ± 15 days", "text evidence only (date_intervals_text_only.csv)"}
    assert conv["text evidence only (date_intervals_text_only.csv)"][2:] == (2, "cbs_2009, rga_2012")
    assert {v[3] for v in conv.values()} == {"", "cbs_2009", "cbs_2009, rga_2012"}  # only these two are borderline
    prose = flat(EVIDENCE)
    for claim in ("By the closest day (the lesson's convention), the lesson's rule (the whole metadata month) and the "
                  "evidence interval give the same count at every threshold shown (the `within_…_days` columns), and so "
                  "do the texts' own evidence", "by the closest day the threshold moves it only when the metadata date "
                  "is read as a point, bare or widened by ± 7 or ± 15 days",
                  "Under the midpoint and every-day conventions the threshold moves the count more than the rule does: "
                  "within one rule it moves by up to 3 documents by the midpoint and up to 4 by every day, while at one "
                  "threshold the rules differ by up to 2 and 3 (printed under the tables). By every day, the evidence "
                  "interval counts 1 document at 7 days and 4 from 45 days on, and the texts' own evidence by its "
                  "midpoint 1 at 7 days and 4 at 90",
                  "a statement about the rule, the convention, the threshold and the coder's readings"):
        assert claim in prose, claim
    assert "the threshold matters less" not in prose
    assert "the threshold does not matter" not in prose and "as much as the rule does" not in prose
    assert "depends on three choices, and the count moves with each" not in prose
    assert "two count fewer: the widest point widening (± 15 days) and the texts' own evidence" in prose
    assert ("cbs_2009 and rga_2012 are borderline: cbs_2009 by its first day; rga_2012 on the texts' own evidence by an "
            "end date that the text does not give, and under ± 15 days by its start, 17 May; every day of that "
            "widening falls before the Los Cabos statement") in prose
    # the ± 15 row for rga_2012 starts on 17 May and ends before Los Cabos (18 June), after which the text was written
    from helpers.corpus import dates
    rules = dates.interval_rules(corpus.load_corpus(), ROOT / "data" / "date_intervals.csv", ks=(15,))
    wide = rules["metadata date ± 15 days"].set_index("id").loc["rga_2012"]
    text_only = {r["id"]: r for r in csv.DictReader((ROOT / "data" / "date_intervals_text_only.csv").open(encoding="utf-8"))}
    assert str(wide["earliest"])[:10] == "2012-05-17" and str(wide["latest"])[:10] < text_only["rga_2012"]["earliest"]
    assert "borderline document" not in prose


def test_apostrophes_and_hyphens_behave_as_the_answer_says():
    body = table(EVIDENCE, "display(frequencies.apostrophe_forms(paras))", 0)
    com = table(EVIDENCE, "display(frequencies.apostrophe_forms(paras))", 1)
    assert ["won't", "1", "won't", "True"] in [r[1:] for r in body]
    # read in context: "White House's" is the phrase's token, not house
    assert ["White", "House's", "1", "white_house", "True"] in [r[1:] for r in body]
    assert not any(r[-2] == "house" for r in body[1:])
    assert '"White House\'s" is `white_house`, not `house`' in flat(EVIDENCE)
    assert ["Russia's", "8", "russia", "True"] in [r[1:] for r in body]
    assert ["it's", "1", "it", "False"] in [r[1:] for r in com] and ["don't", "3", "don't", "True"] in [r[1:] for r in com]
    assert ["1990's", "1", "1990", "False"] in [r[1:] for r in com]
    assert "['the', 'partners', 'and', 'the', 'countries', 'views']" in output(
        EVIDENCE, "display(frequencies.apostrophe_forms(paras))", 2)
    gains = table(EVIDENCE, "from_hyphen_compounds")
    for word, plain, layer, gain in (r for r in gains if r[0] in {"russia", "russian", "putin"}):
        assert int(plain) + int(gain) == int(layer)
    assert {r[0]: int(r[3]) for r in gains if r[0] in {"russia", "russian", "putin"}} == {"russia": 5, "russian": 2,
                                                                                          "putin": 2}
    heads = output(EVIDENCE, "headline_splits = frequencies.hyphen_splits", 1)
    assert "Obama-Putin" in heads and "Obama-Putin" not in output(EVIDENCE, "headline_splits = frequencies", 0)
    splits = output(EVIDENCE, "headline_splits = frequencies.hyphen_splits", 0)
    assert re.search(r"Jackson-Vanik Amendment .*jackson-vanik \+ amendment\s+jackson_vanik", splits)  # re-joined
    assert re.search(r"post-Cold War .*post-cold \+ war\s+post \+ cold_war", splits)


def test_filters_and_word_counts():
    out = output(EVIDENCE, "with_layer = frequencies.filter_steps")
    assert re.search(r"(?m)^3\s+phrase layer\s+length\s+0\s+", out)  # with the layer the length filter removes nothing
    assert re.search(r"(?m)^1\s+plain\s+no digits or periods\s+\d+\s+\d+\s+u\.s \(40\)", out)
    us = re.search(r"tokens 'us' \(all removed as stop words\): \{'phrase layer': (\d+), 'plain': (\d+)\}", out)
    body = " ".join(corpus.paragraphs(corpus.load_corpus())["text"])
    assert int(us.group(1)) == len(re.findall(r"\bus\b", body)) == len(re.findall(r"\bus administration\b", body))
    assert int(us.group(2)) - int(us.group(1)) == len(re.findall(r"(?<![\w-])US(?![\w-])", body))  # "US" alone
    parts = table(EVIDENCE, "parts = frequencies.word_count_parts(paras)")
    assert parts[0] == ["doc_id", "n_whitespace_words", "no_token", "split_pieces", "plain_tokens", "phrases_joined",
                        "compounds_split", "n_tokens"]
    for r in parts[1:]:
        ws, none, split, plain, joined, compounds, n = (int(x) for x in r[2:])
        assert ws - none + split == plain and plain - joined + compounds == n and ws != n
    total = row(parts, "5")
    assert total[1] == "all" and total[2] == "3596" and total[-1] == "3509"
    assert all(int(x) > 0 for x in total[3:8])  # both directions: fewer (no token, joined) and more (split) tokens


def test_misses_are_counted_on_both_sides_and_the_sides_were_not_searched_alike():
    cands = output(EVIDENCE, "candidates = misses.capital_candidates")
    assert "not read" not in cands
    missed = misses_table()
    assert missed["Washington (the capital as an actor)"] == 7 and missed["Moscow (the capital as an actor)"] == 6
    assert missed["START on its own (the 2010 treaty)"] == 1 and missed["National Security Advisor"] == 1
    totals = table(EVIDENCE, 'totals["added"] =', 1)
    russia, us = row(totals, "Russia"), row(totals, "United")
    assert float(us[-1]) > float(russia[-1]) > 0
    wide = table(EVIDENCE, 'totals["added"] =', 0)
    docs = [r for r in wide if re.match(r"\w+_\d{4}$", r[0])]
    assert len(docs) == 5
    for r in docs:  # added and added_once: the US share is larger in every document
        assert float(r[6]) > float(r[5]) and float(r[8]) > float(r[7]), r
    # anon_2021: without its one double count, 3 misses on 12 listed US mentions against 2 on 9 Russian ones
    anon = [int(x) for x in row(wide, "anon_2021")[1:5]]
    assert anon == [9, 12, 11, 16] and (anon[3] - anon[1] - 1, anon[2] - anon[0]) == (3, 2)
    assert 2 / 9 * 12 > 2  # the margin is less than one mention: 3 against the 2.67 that would tie
    assert (3 + 1) / 12 == (2 + 1) / 9  # "the two Presidents", once for each side, ties them
    prose = flat(EVIDENCE)
    assert ("As coded, the misses add a larger share to the US side's count than to Russia's in every document "
            "(`added`, `added_once`), but in anon_2021, without its double count, by less than one mention (3 misses on "
            "12 listed US mentions against 2 on 9 Russian ones), and \"the two Presidents\", counted once for each "
            "side, would close it to a tie (4 on 12 against 3 on 9)") in prose
    assert "That does not show that the lists miss more on the US side" in prose
    assert "the actor list misses mentions on both sides, and more on the US side" not in prose
    paras = corpus.paragraphs(corpus.load_corpus())
    anon_text = re.sub(r"\s+", " ", " ".join(paras.loc[paras["doc_id"] == "anon_2021", "text"]))
    assert anon_text.count("the two Presidents") == 1 and anon_text.count("White House press secretary Jen Psaki") == 1
    # "the systematic search finds 7 US misses and 4 Russian ones": a match counts as the search's only where the
    # search counted it (not opening a sentence, as written: "Moscow has shown" and "Moscow's" are reading's)
    split = {r[0]: (int(r[-2]), int(r[-1])) for r in table(EVIDENCE, "by_search = [k in counted", 1)
             if r[0] in {"Russia", "United"}}
    assert split == {"Russia": (8, 4), "United": (16, 7)}
    assert '~found["sentence_initial"]' in "".join(c for c in code(EVIDENCE).split("\n") if "counted = found[" in c)
    skipped = output(EVIDENCE, "candidates = misses.capital_candidates", 0)
    assert re.search(r"skipped, opening a sentence:.* Moscow \(1\)", skipped)
    assert re.search(r"skipped, occurring once:.* Moscow's,", skipped)
    assert output(EVIDENCE, "by_search = [k in counted", 0).strip() == (
        "systematic search, 7 US against 4 Russian: two-sided exact binomial p against an even split 0.55")
    assert ("the systematic search, finds 7 US misses and 4 Russian ones, too few to tell the sides apart (against an "
            "even split, two-sided exact binomial p = 0.55; the test compares how often the texts' authors use the "
            "two capitals as subjects, not how well the lists do, and it treats the 11 mentions as independent, which "
            "they are not, since some share a document and an author, so its p-value is if anything too small); the "
            "rest were found by reading") in prose
    assert '"Republicans" counts for the US side, "Many hardliners in Moscow" (mt_2012) for neither' in prose
    assert "No second coder checked any of it" in prose
    mt_text = re.sub(r"\s+", " ", " ".join(paras.loc[paras["doc_id"] == "mt_2012", "text"]))
    assert "Many hardliners in Moscow" in mt_text
    from helpers.corpus import misses
    matches = misses.miss_matches(paras)
    assert not matches["context"].str.contains("hardliners in Moscow").any()  # counted for neither side
    assert missed["Republicans"] == 2
    assert re.search(r"Republicans\s+United States\s+actor not listed", output(EVIDENCE, "missed = misses.miss_counts"))
    provenance = re.sub(r"\s+", " ", (ROOT / "data" / "PROVENANCE.md").read_text(encoding="utf-8"))
    assert "US-side forms or forms of no side, none on Russia's side" in provenance
    assert "no longer says that the lists miss more on the US side" in provenance
    assert (f"by the search alone the sides stand at {split['United'][1]} US misses against {split['Russia'][1]} Russian "
            f"ones") in provenance and f"({split['United'][0]} US against {split['Russia'][0]} Russian)" in provenance
    # the miss table's make-up (item 4 of the third review): forms found by reading, mostly lower-case, one-off, or
    # covered by the phrase list ("State Department", capitalised, is joined by the phrase list)
    assert ("and forms found by reading, mostly lower-case, one-off, or covered by the phrase list") in prose
    assert "joined as state_department by the phrase list" in output(EVIDENCE, "missed = misses.miss_counts")


def test_the_misses_named_but_not_listed_occur_and_no_pattern_matches_them():
    from helpers.corpus import misses
    paras = corpus.paragraphs(corpus.load_corpus())
    joined = {d: re.sub(r"\s+", " ", " ".join(t)) for d, t in paras.groupby("doc_id")["text"]}
    for doc, phrase in [("cbs_2009", "his counterpart's"), ("anon_2021", "the two Presidents"),
                        ("cnn_2012", "the United States and Russians have been talking"),
                        ("rga_2012", "Bush Administration"), ("anon_2021", "White House press secretary Jen Psaki")]:
        assert phrase in joined[doc], phrase
    for phrase in ("study his counterpart's track record", "the upcoming meeting between the two Presidents"):
        assert not any(re.search(pattern, phrase) for pattern in misses.load_misses()["pattern"]), phrase
    for phrase in ("his counterpart's\" for Medvedev in cbs_2009", "the two Presidents", "Moscow decided"):
        assert phrase in flat(EVIDENCE), phrase


def test_the_capital_search_shows_its_blind_spots_and_its_readings_in_context():
    skipped = output(EVIDENCE, "candidates = misses.capital_candidates")
    assert "Moscow (1)" in skipped.split("skipped, opening a sentence:")[1].split("\n")[0]
    assert "Rosoboronexport (1)" in skipped and "skipped, occurring once:" in skipped
    prose = flat(EVIDENCE)
    assert "it skips every word that opens a sentence (\"Moscow has shown\", \"Rosoboronexport has been accused\")" in prose
    paras = corpus.paragraphs(corpus.load_corpus())
    body = re.sub(r"\s+", " ", " ".join(paras["text"]))
    assert ". Moscow has shown" in body and ". Rosoboronexport has been accused" in body
    # "Presidents": once a title before listed names, once both leaders by office, once their office
    assert ('"Presidents": "once a title before listed names, once both leaders by office, once their office"'
            in code(EVIDENCE))
    contexts = [ln for ln in output(EVIDENCE, "in_context = found[").splitlines() if re.search(r"\sPresidents\s", ln)]
    assert len(contexts) == 3
    assert [any(s in ln for ln in contexts) for s in ("between Presidents Barack Obama and Vladimir",
                                                      "(as Presidents)", "between the two Presidents")] == [True] * 3
    assert "Presidents  " in skipped or re.search(r"Presidents\s+3\s+2", skipped)


def test_the_cleaner_changes_no_body_line_but_strips_markup_and_pseudonymises():
    out = output(EVIDENCE, "raw_files = {")
    changed = re.search(r"raw lines changed beyond spacing, by type: (\{.*\})", out).group(1)
    assert "'body'" not in changed and "'comment'" in changed
    assert "By [Andrei Kortunov](#)" in out and "By Andrei Kortunov" in out
    prose = flat(EVIDENCE)
    assert "it strips light Markdown (a heading mark, a link, bold or italics)" in prose
    assert "it replaces commenters' names with pseudonyms (`reader-1`)" in prose
    assert "never rewrites" not in prose


def misses_table() -> dict[str, int]:
    from helpers.corpus import misses
    counts = misses.miss_counts(corpus.paragraphs(corpus.load_corpus()))
    stored = output(EVIDENCE, "missed = misses.miss_counts(paras)")
    for label in counts["label"]:
        assert label in stored
    return dict(zip(counts["label"], counts["count"]))


def test_names_agree_with_the_layer_and_not_without_it():
    out = output(EVIDENCE, "check = frequencies.mention_check")
    assert "Of the 14 listed actors that occur, 14 agree with the phrase layer and 11 without it; in no text: " \
           "Yeltsin." in out
    rows = table(EVIDENCE, "check = frequencies.mention_check")
    disagree = {r[1] if r[1] != "White" else "White House" for r in rows if r[-1] == "False"}
    assert disagree == {"Biden", "Putin", "White House"}


def test_the_lead_intervals_tests_and_bootstrap_as_the_answer_says():
    out = output(EVIDENCE, "ranking = text.content_tokens(toks_all)")
    assert out.startswith("top ten content words: united_states (75), russia (58), russian (36), relations (31)")
    rows = evidence_intervals()
    assert rows["0"][-5:-2] == ["5.068", "-1.321", "11.457"] and "mean" in rows["0"]
    assert rows["3"][-5:-2] == ["4.845", "-1.114", "10.803"] and "pooled" in rows["3"]
    assert rows["1"][-2] == "0.188" and rows["2"][-2] == "0.094"
    assert all(float(rows[k][-2]) > 0.05 for k in ("1", "2"))  # "neither reaches 0.05"
    boot = rows["4"]
    assert float(boot[-4]) > 0 and boot[-1] == "0.997"
    leads = table(EVIDENCE, "leads = inference.document_leads", 1)
    assert all(float(r[-1]) > 0 for r in leads[1:])  # leave-one-out keeps the lead positive
    assert sum(float(r[-2]) > 0 for r in leads[1:]) == 4
    answer = flat(EVIDENCE)
    for claim in ("one-sided p = 0.188", "one-sided p = 0.094", "with 0.997 of its resamples above zero",
                  "even so neither reaches 0.05"):
        assert claim in answer, claim
    # "all 3,125 possible resamples, enumerated, give 0.995 and an interval still above zero"
    exact = re.fullmatch(r"all (\d+) resamples: share above zero ([\d.]+); 2\.5th and 97\.5th percentiles "
                         r"(-?[\d.]+) and (-?[\d.]+)", output(EVIDENCE, "draws = np.array(list(itertools.product(").strip())
    assert exact and int(exact.group(1)) == 5 ** 5 == 3125 and exact.group(2) == "0.995"
    assert 0 < float(exact.group(3)) < float(exact.group(4))
    assert ("all 3,125 possible resamples, enumerated, give 0.995 and an interval still above zero, so the seed does "
            "not matter") in answer
    assert "four other seeds" not in answer
    # whom the interval speaks for: the choice of the five is not recorded
    provenance = re.sub(r"\s+", " ", (ROOT / "data" / "PROVENANCE.md").read_text(encoding="utf-8"))
    assert "The repository does not record who chose them or why" in provenance
    assert "nobody recorded why these five were chosen" in answer



def test_four_documents_lie_near_one_of_three_summits_and_the_fifth_half_a_year_from_any():
    offsets = table(EVIDENCE, "intervals = dates.date_intervals(docs", 2)
    rows = {r[1]: (" ".join(r[2:-6]), int(r[-4])) for r in offsets if re.match(r"\w+_\d{4}$", r[1])}
    near = {d: v for d, v in rows.items() if v[1] <= 31}  # "within a month", by the closest day (the lesson's)
    assert len(rows) == 5 and len(near) == 4 and len({e for e, _ in near.values()}) == 3
    (far_doc, (_, far_days)), = ((d, v) for d, v in rows.items() if d not in near)
    assert far_doc == "cnn_2012" and 170 <= far_days <= 190  # "half a year from any"
    said = "four of the five could have been written within a month of one of three summits; the fifth is half a year from any"
    assert said in flat(EVIDENCE) and "cluster at three summits" not in flat(EVIDENCE) and "lie within a month" not in flat(EVIDENCE)
    provenance = re.sub(r"\s+", " ", (ROOT / "data" / "PROVENANCE.md").read_text(encoding="utf-8"))
    assert ("four of the five could have been written within a month of one of the three summits of `events.csv`; the "
            "fifth (cnn_2012) is half a year from any") in provenance and "cluster" not in provenance
    assert "lie within a month" not in provenance


def test_the_t_test_p_values_and_the_direction_chosen_after_the_counts():
    out = output(EVIDENCE, "intervals_table = inference.lead_intervals")
    assert "one-sample t-test of the five document leads against zero: two-sided p 0.092, one-sided p 0.046" in out
    prose = flat(EVIDENCE)
    assert ("The t-test behind the t-interval gives two-sided p = 0.092 and one-sided p = 0.046: reading the lead as not "
            "shown rests on not taking its direction as fixed in advance, since the pair was chosen as the top two") in prose


def test_the_lead_is_a_lead_of_the_token_and_the_russian_side_leads_in_four_documents():
    rows = table(EVIDENCE, "sides_tokens = (toks_all", 1)
    assert rows[0] == ["token", "russia", "russian", "united_states", "russia", "+", "russian", "russian_side_leads"]
    body = {r[0]: (int(r[1]), int(r[2]), int(r[3]), int(r[4]), r[5]) for r in rows[2:]}
    assert body["all"] == (58, 36, 75, 94, "True")
    docs = {d: v for d, v in body.items() if d != "all"}
    assert len(docs) == 5 and all(v[0] + v[1] == v[3] and (v[3] > v[2]) == (v[4] == "True") for v in docs.values())
    assert sum(v[4] == "True" for v in docs.values()) == 4 and docs["mt_2012"][4] == "False"
    prose = flat(EVIDENCE)
    # the mean per-document lead of united_states over russia + russian, with its t-interval (4 df)
    printed = output(EVIDENCE, "sides_tokens = (toks_all", 0)
    m = re.search(r"russia \+ russian: (-?\d+\.\d) per 1,000 tokens, 95% t-interval (-?\d+\.\d) to (-?\d+\.\d) \(4 df\)", printed)
    assert m and [float(x) for x in m.groups()] == [-4.9, -11.2, 1.3]
    assert float(m.group(2)) < 0 < float(m.group(3))  # "that comparison is not shown either"
    assert ("Added up, `russia` and `russian` outnumber `united_states` in the five documents together (94 to 75) and "
            "in four of them, but that comparison is not shown either: the mean per-document lead of `united_states` "
            "over `russia` + `russian` is −4.9 per 1,000 tokens, with a 95% t-interval from −11.2 to 1.3 (printed "
            "above the table). Five documents show no lead of one country's name over the other in either "
            "direction.") in prose
    assert "not of one country named over the other" not in prose


def test_two_cleaning_rules_are_exercised_nowhere():
    out = output(EVIDENCE, 'realistic = PROJECT_ROOT / "tests" / "data" / "realistic"')
    nowhere = sorted(re.sub(r"^\s*\d+\s+\d+\s+.+?\s{2,}", "", ln).rsplit("never fires", 1)[0].strip()
                     for ln in out.splitlines() if ln.rstrip().endswith("never fires"))
    assert nowhere == ["body (fallback: no sentence-like paragraph)", "speaker label (own line)"]
    assert ("Two rules, `body (fallback: no sentence-like paragraph)` and `speaker label (own line)`, fire neither on "
            "this corpus nor on the test documents: nothing here exercises them") in flat(EVIDENCE)


# ---------------------------------------------------------------- the solutions

def test_solution_answers_hold():
    both = output(SOLUTIONS, "both = sides.assign(")
    sides = re.findall(r"(?m)^\w+_\d{4}(?:\s+\d+){4}\s+(United States|Russia|tie)\s+(United States|Russia|tie)\s*$", both)
    assert len(sides) == 5 and all(a == b for a, b in sides)  # "the capitals change no document's answer"
    mt = row(table(EVIDENCE, 'totals["added"] =', 0), "mt_2012")
    assert mt[3] == mt[4] == "7" and "tied in mt_2012, 7 to 7" in flat(SOLUTIONS)
    assert "the text search finds what the heat map counts: True" in output(SOLUTIONS, "search = pd.DataFrame(")
    assert "actors3 = pd.concat([actors, new_rows]" in code(SOLUTIONS)  # the two new columns come last
    other = output(SOLUTIONS, "other_names = ")
    assert other.startswith("other names found: 1") and "[Georgian President] Mikheil Saakashvili" in other
    pairs = table(SOLUTIONS, "top_pairs = (pairs.groupby")
    joint = row(pairs, "joint")
    assert joint[1] == "statement" and int(joint[3]) >= 2
    assert row(pairs, "meeting")[1] == "presidents" and row(pairs, "obama")[1:] == ["putin", "3", "1"]
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
