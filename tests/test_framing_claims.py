"""The claims notebook 04 (the lesson) and its evidence notebook make in prose, held true against their stored
outputs: each test reads the stored notebook JSON, finds the output a paragraph speaks of, and asserts the claim.
Where the lesson writes its own code, the stored output is also compared with the helpers that compute the same."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from helpers import corpus, framing
from helpers.framing import codings, collocates, keyness, quoting, validation
from helpers.text import context

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "04_reset_framing.ipynb"
EVIDENCE = ROOT / "notebooks" / "evidence" / "04_reset_framing_evidence.ipynb"
PROVENANCE = ROOT / "data" / "annotations" / "PROVENANCE_frames.md"
FOUR = ["cooperation", "confrontation", "g_conflict", "g_responsibility"]
TRUSTED = ["security", "regional_conflicts", "trust"]


# --------------------------------------------------------------------------- reading stored notebooks

def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def markdown(path: Path) -> str:
    return " ".join(" ".join("".join(c["source"]).split()) for c in cells(path) if c["cell_type"] == "markdown")


def outputs(path: Path, marker: str) -> list[dict]:
    """The outputs of the one code cell whose source contains ``marker``."""
    found = [c for c in cells(path) if c["cell_type"] == "code" and marker in "".join(c["source"])]
    assert len(found) == 1, f"{len(found)} cells contain {marker!r}"
    return found[0]["outputs"]


def printed(path: Path, marker: str) -> str:
    return "".join("".join(o["text"]) for o in outputs(path, marker) if o["output_type"] == "stream")


def plain(path: Path, marker: str) -> str:
    return "\n".join("".join(o["data"]["text/plain"]) for o in outputs(path, marker) if "text/plain" in o.get("data", {}))


class _Rows(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def table(path: Path, marker: str, k: int = -1) -> pd.DataFrame:
    """The ``k``-th HTML table among a cell's outputs, as strings, indexed by its first column; the header is the
    table's first row (a pivot's second header row, holding the index name, is dropped)."""
    html = ["".join(o["data"]["text/html"]) for o in outputs(path, marker) if "text/html" in o.get("data", {})][k]
    p = _Rows()
    p.feed(html)
    header, body = p.rows[0], [r for r in p.rows[1:] if len(r) == len(p.rows[0]) and any(r[1:])]
    return pd.DataFrame([r[1:] for r in body], index=[r[0] for r in body], columns=header[1:])


def ci(cell: str) -> tuple[float, float, float]:
    """``"0.38 [0.08, 0.71]"`` -> (0.38, 0.08, 0.71); a bare value has no interval (NaN, NaN)."""
    nums = [float(x) for x in re.findall(r"-?\d+\.\d+", cell)]
    return (nums[0], nums[1], nums[2]) if len(nums) >= 3 else (nums[0], float("nan"), float("nan"))


@pytest.fixture(scope="module")
def project():
    docs = corpus.load_corpus()
    paras = corpus.paragraphs(docs)
    book = framing.load_codebook()
    frames = list(book.loc[book["family"] != "metaphor", "name"])
    a = codings.matching_handcoding(codings.load_handcoding(frames=frames), paras)
    b = codings.load_second_coding(frames=frames)
    return docs, paras, book, frames, a, b


# --------------------------------------------------------------------------- the lesson

def test_lesson_corpus_is_five_articles_one_three_one():
    text = plain(LESSON, "paras = corpus.paragraphs")
    assert "The corpus is five articles: one from 2009, three from 2012 and one from 2021" in markdown(LESSON)
    assert re.search(r"period\s+2009\s+2012\s+2021", text)
    assert "cbs_2009 rga_2012 mt_2012 cnn_2012 anon_2021" in " ".join(text.split())


def test_lesson_quoting_claims_hold_and_match_the_careful_rule(project):
    docs, paras, *_ = project
    t = table(LESSON, 'per_doc["other_short_quotes"]').astype(int)
    assert len(re.findall(r"^\S+:p\d+ ", printed(LESSON, "kwic = pd.DataFrame"), flags=re.M)) == t["matches"].sum()
    md = markdown(LESSON)
    assert "The 2021 article puts every *reset* in quotation marks" in md
    assert t.loc["anon_2021", "quoted"] == t.loc["anon_2021", "matches"]
    assert "quotes more other short phrases than any other article" in md
    assert t["other_short_quotes"].idxmax() == "anon_2021" and (t["other_short_quotes"] == t["other_short_quotes"].max()).sum() == 1
    assert "The Moscow Times column of 2012 uses the word most and rarely quotes it" in md
    assert t["matches"].idxmax() == "mt_2012" and t.loc["mt_2012", "quoted"] <= 1
    in_2012 = t.loc[["rga_2012", "mt_2012", "cnn_2012"]]
    assert 2 * in_2012["quoted"].sum() < in_2012["matches"].sum()          # "the 2012 articles mostly use it plainly"
    # the lesson's simple rule gives what helpers.text.context and helpers.framing.quoting give
    careful = quoting.quoting_rates(context.kwic(paras), docs, by="id").set_index("id")
    assert (careful.loc[t.index, "quoted"] == t["quoted"]).all() and (careful.loc[t.index, "matches"] == t["matches"]).all()
    words = paras.groupby("doc_id")["n_words"].sum()
    base = quoting.quoting_baseline(careful.reset_index(), quoting.short_quoted_spans(paras), words).set_index("id")
    assert (base.loc[t.index, "other_spans"] == t["other_short_quotes"]).all()


def test_lesson_collocates_match_the_helper_and_are_phrases_of_one_or_two_writers(project):
    paras = project[1]
    helper = collocates.collocates(paras, window=5, min_freq=2).set_index("collocate")
    lesson = table(LESSON, "false_discovery_control(coll").set_index("collocate")
    assert list(lesson.index) == list(helper.index)
    for w, r in lesson.iterrows():
        assert int(r["cooc"]) == helper.loc[w, "cooc"] and float(r["q"]) == pytest.approx(helper.loc[w, "q"], abs=6e-5)
        assert float(r["g2"]) == pytest.approx(helper.loc[w, "g2"], abs=6e-3) and int(r["documents"]) == helper.loc[w, "n_docs"]
    passing = lesson[lesson["q"].astype(float) < 0.05]
    assert set(passing.index) == {"policy", "bilateral", "ties"}
    assert passing["documents"].astype(int).max() <= 2                     # "phrases of one or two writers"
    assert "*reset policy*, *reset bilateral ties*" in markdown(LESSON)


def test_lesson_key_words_match_the_helper(project):
    paras = project[1]
    from helpers import text
    toks = text.content_tokens(text.tokens(paras))
    top = keyness.log_odds(toks, prior_strength=0.1).groupby("group").head(5).groupby("group")["token"].agg(", ".join)
    shown = plain(LESSON, 'top.groupby("period")')
    for g, words in top.items():
        assert f"{g}" in shown and words in shown
    assert "(*medvedev*, *biden*, *summit*)" in markdown(LESSON)
    assert "medvedev" in top["2009"] and "biden" in top["2021"] and "summit" in top["2021"]


@pytest.fixture(scope="module")
def lesson_check() -> pd.DataFrame:
    return table(LESSON, "coder_B_positives=positives")


def test_lesson_check_table_reads_as_the_prose_says(lesson_check):
    t = lesson_check
    md = markdown(LESSON)
    assert list(t.index) == FOUR[:2] + ["trust", "security", "regional_conflicts"] + FOUR[2:] + ["g_human_interest"]
    assert "Too rare to check (fewer than 5 held-out paragraphs coded by coder B): economy, human_rights, energy, " \
           "g_economic, g_morality" in printed(LESSON, "coder_B_positives=positives")
    for f in TRUSTED:                              # "the gap's interval reaches 0, and the strict dictionary stays above chance"
        _, lo, hi = ci(t.loc[f, "gap"])
        assert lo <= 0 <= hi, f
        assert ci(t.loc[f, "strict dictionary vs coder B"])[1] > 0, f
    for f in FOUR:                                 # "the gap's interval lies above 0"
        assert ci(t.loc[f, "gap"])[1] > 0, f
        assert ci(t.loc[f, "coder A vs coder B"])[0] - ci(t.loc[f, "dictionary vs coder B"])[0] >= 0.35   # "far better"
    for f in ("cooperation", "confrontation"):     # "On cooperation and confrontation it agrees better with coder A"
        assert ci(t.loc[f, "dictionary vs coder A"])[0] > ci(t.loc[f, "dictionary vs coder B"])[0]
    # "it pulls confrontation and human interest down to chance"
    assert ci(t.loc["confrontation", "strict dictionary vs coder B"])[1] <= 0
    assert ci(t.loc["g_human_interest", "strict dictionary vs coder B"])[0] == 0
    _, lo, hi = ci(t.loc["g_human_interest", "gap"])
    assert lo < 0 < hi and hi - lo > 1                                   # "too wide an interval to place"
    assert "For **security, regional conflicts and trust** it agrees with coder B about as well as coder A does" in md
    assert "The coders agree better than the dictionary on: " not in md   # that is the plot's title, built in the cell


def test_lesson_check_points_match_the_evidence_helpers(project, lesson_check):
    docs, paras, book, frames, a, b = project
    test = list(a.loc[a["split"] == "test", "unit_id"])
    dictionary = framing.score_paragraphs(paras, book).pivot(index="unit_id", columns="frame", values="present")
    codes = {"dictionary": dictionary, "coder A": a.set_index("unit_id"), "coder B": b.set_index("unit_id")}
    k = validation.pair_kappas(codes, [("dictionary", "coder A"), ("dictionary", "coder B"), ("coder A", "coder B")],
                               frames, test, n_boot=10).set_index(["frame", "pair"])["kappa"]
    for f in lesson_check.index:
        for pair in ("dictionary vs coder A", "dictionary vs coder B", "coder A vs coder B"):
            assert ci(lesson_check.loc[f, pair])[0] == pytest.approx(k[(f, pair)], abs=0.006), (f, pair)


def test_lesson_strict_dictionary_drops_the_18_indicators_the_audit_keeps(project):
    docs, paras, book, frames, a, b = project
    audit = validation.leak_audit(framing.indicator_hits(paras, book), a, codings.guide_definitions())
    kept = audit[audit["status"] == "current"]
    line = printed(LESSON, "strict_drop = {")
    assert f"drops {len(kept)} indicators" in line and len(kept) == 18
    for f, t in zip(kept["frame"], kept["indicator"]):
        assert re.search(rf"{f}: [^;]*\b{re.escape(t)}", line), (f, t)


def test_lesson_back_to_the_texts(project):
    paras = project[1].set_index("unit_id")["text"]
    out = printed(LESSON, "differ = [u for u in held_out")
    assert "cbs_2009:p08: dictionary 1, coder B 0; indicators: partner" in out
    assert "rga_2012:p01: dictionary 1, coder B 0; indicators: cooperate" in out
    assert "mt_2012:p05: dictionary 0, coder B 1; indicators: none" in out
    md = markdown(LESSON)
    for quote, uid in (("Bush would not cooperate on this", "rga_2012:p01"), ("a reliable energy partner", "cbs_2009:p08"),
                       ("recognized by both the United States and Russia as an asset", "mt_2012:p05")):
        assert quote in md and quote in paras[uid]


def test_lesson_limits_hold():
    md = markdown(LESSON)
    assert "a quoted *Resetting* in the 2021 headline is not counted" in md
    out = context.matches_outside_body(corpus.load_blocks())
    assert list(zip(out["doc_id"], out["block_type"], out["match"], out["quoted"])) == [("anon_2021", "headline", "Resetting", True)]
    assert "confrontation's gap then reaches 0" in md
    gap = table(EVIDENCE, "gap_documents=")
    assert ci(gap.loc["confrontation", "gap_documents"])[1] <= 0 < ci(gap.loc["confrontation", "gap"])[1]
    assert "26 held-out paragraphs give wide intervals" in md
    assert "26 held-out paragraphs" in printed(LESSON, "held_out = list(")


def test_lesson_what_we_found_matches_the_sections():
    md = markdown(LESSON)
    found = md[md.index("## What we found"):md.index("## Limits")]
    for claim in ("Every *reset* in the 2021 article stands in quotation marks",
                  "phrases of one or two writers (*reset policy*, *bilateral ties*)",
                  "finds security, regional conflicts and trust about as well as a second reader",
                  "It does not find cooperation, confrontation, conflict or responsibility"):
        assert claim in found, claim


# --------------------------------------------------------------------------- the evidence notebook

def test_evidence_links_lesson_and_provenance():
    md = markdown(EVIDENCE)
    assert "../04_reset_framing.ipynb" in md and "`data/annotations/PROVENANCE_frames.md`" in md
    prov = PROVENANCE.read_text(encoding="utf-8")
    assert "The git history does not" in prov and "order of commits, not the order in which the work was done" in prov
    guide = (ROOT / "data" / "annotations" / "CODING_GUIDE.md").read_text(encoding="utf-8")
    assert "git" not in guide.lower() and "PROVENANCE_frames.md" in guide


def test_evidence_1_coder_agreement():
    t = table(EVIDENCE, "between = pd.concat(")
    est = t[t["estimable"] == "True"]
    for group in ("all 53", "test half 26"):
        g = est[est["paragraphs"] == group]
        assert (g["alpha"].astype(float) >= 0.8).mean() > 0.5                 # "at or above 0.8 on most"
    th = t[t["paragraphs"] == "test half 26"].set_index("frame")
    assert float(th.loc["cooperation", "alpha"]) == 0.77 and float(th.loc["security", "alpha"]) == 0.79
    al = t[t["paragraphs"] == "all 53"].set_index("frame")
    assert float(al.loc["g_human_interest", "alpha_lo_doc"]) < 0.667 - 0.1


def test_evidence_2_the_reference_is_coder_b():
    out = printed(EVIDENCE, "adj_table = validation.adjudication_table")
    assert "16 disputed cells. Sided with coder B: blind 14, informed 14." in out
    assert "differ on 2" in out
    line = printed(EVIDENCE, "reference = validation.pair_kappas")
    assert "agrees with coder B at kappa 1.00 on 12 of 13 frames" in line
    ref = table(EVIDENCE, "reference = validation.pair_kappas")
    assert list(ref.index[ref["adjudicated vs coder B"].astype(float) < 1]) == ["security"]
    assert "in 14 of the 16 disputed cells" in markdown(EVIDENCE) and "12 of 13 frames (all but security)" in markdown(EVIDENCE)


def test_evidence_3_gaps(project):
    t = table(EVIDENCE, "gap_documents=")
    for f in FOUR:
        gap, lo, _ = ci(t.loc[f, "gap"])
        assert lo > 0 and 0.35 <= gap <= 0.65, f                    # "by about 0.4 to 0.6"
    for f in ("cooperation", "g_conflict", "g_responsibility"):
        assert ci(t.loc[f, "gap_documents"])[1] > 0, f
    assert ci(t.loc["confrontation", "gap_documents"])[1] <= 0
    for f in TRUSTED:
        _, lo, hi = ci(t.loc[f, "gap"])
        assert lo <= 0 <= hi, f
    assert ci(t.loc["security", "dictionary vs coder B"])[0] == 1.0 and ci(t.loc["security", "coder A vs coder B"])[0] == 0.79
    _, _, _, _, a, b = project
    test = a["split"] == "test"
    sa, sb = a.loc[test, "security"].to_numpy(), b.set_index("unit_id").loc[a.loc[test, "unit_id"], "security"].to_numpy()
    assert (sa != sb).sum() == 2 and ((sa == 1) & (sb == 0)).sum() == 2  # "the two test paragraphs coder A codes and B not"


def test_evidence_4_leak_audit_and_removals():
    out = printed(EVIDENCE, "audit = validation.leak_audit")
    assert re.search(r"current\s+0\s+18", out) and re.search(r"removed\s+20\s+0", out)
    t = table(EVIDENCE, "removal = validation.pair_kappas")
    k = {(f, c): ci(t.loc[f, c])[0] for f in t.index for c in t.columns}
    for f, lenient, strict in (("confrontation", 0.50, 0.17), ("regional_conflicts", 1.00, 0.66), ("security", 0.88, 0.75),
                               ("g_human_interest", 0.52, 0.00)):
        assert k[(f, "lenient vs adjudicated")] == lenient and k[(f, "strict vs adjudicated")] == strict, f
    for f in ("cooperation", "g_conflict", "g_responsibility", "trust"):
        assert abs(k[(f, "lenient vs adjudicated")] - k[(f, "strict vs adjudicated")]) <= 0.02 + 1e-9
    for f in FOUR:
        assert k[(f, "lenient vs adjudicated")] <= 0.5 and k[(f, "strict vs adjudicated")] <= 0.5
    for f in ("confrontation", "g_conflict"):
        assert 0.55 <= k[(f, "before vs adjudicated")] <= 0.65
    top = printed(EVIDENCE, "Highest test-half kappa")
    assert "lenient: regional_conflicts 1.00" in top and re.search(r"strict: (security|trust) 0\.75 .*; (security|trust) 0\.75", top)
    lo = float(re.search(r"strict: security 0\.75 \[(\S+),", top).group(1))
    assert lo < float(k[("regional_conflicts", "strict vs adjudicated")])        # "with intervals that overlap"


def test_evidence_5_lodo_cannot_tell():
    out = printed(EVIDENCE, "against = cv.lodo_against_seeds")
    assert "the 20-seed stratified range has width for 5 of them, and LODO equals its minimum for 4 of those" in out
    t = table(EVIDENCE, "against = cv.lodo_against_seeds").set_index("frame")
    wide = t[t["width"].astype(float) > 0]
    assert list(wide.index[wide["at_min"] == "False"]) == ["security"]
    s = table(EVIDENCE, "cv.side_by_side(designs")
    for f in FOUR:
        assert all(ci(v)[0] <= 0.5 for v in s.loc[f]), f
    assert "**Answer: we cannot tell.**" in markdown(EVIDENCE)


def test_evidence_6_collocates():
    shown = plain(EVIDENCE, "by_window = {w: collocates.collocates")
    assert re.search(r"10\s+0\s+bilateral", shown) and re.search(r"1\s+policy\s+3\s+0\.559\s+1\s+6\.298\s+0\.014\s+0\.054", shown)
    by = {w: collocates.collocates(corpus.paragraphs(corpus.load_corpus()), window=w).set_index("collocate") for w in (5, 10)}
    assert set(by[5].index[by[5]["significant"]]) == {"policy", "bilateral", "ties"}
    assert list(by[10].index[by[10]["significant"]]) == ["bilateral"] and len(by[10]) == 9
    assert round(by[10].loc["policy", "fisher_p"], 3) == 0.014 and round(by[10].loc["ties", "fisher_p"], 3) == 0.018
    assert round(by[10].loc["policy", "q"], 3) == round(by[10].loc["ties", "q"], 3) == 0.054
    assert (by[10].loc[["policy", "ties"], "g2"] >= 3.84).all()
    lines = plain(EVIDENCE, "collocates.cooccurrences(paras, sig")
    assert lines.count("rga_2012") == 3 * 2 and lines.count("anon_2021") >= 2 * 2
    assert max(int(c["n_docs"]) for c in [by[5].loc[w] for w in ("policy", "bilateral", "ties")]) <= 2


def test_evidence_7_quoting_test_respects_documents():
    out = printed(EVIDENCE, "p_docs = ")
    assert "2021: 3 of 3 quoted; 2012: 2 of 10." in out and "p = 0.035" in out
    assert "4 assignments, p = 0.25 (the smallest p possible: 0.25)" in out
    t = table(EVIDENCE, "per_doc = quoting.quoting_rates").set_index("id")
    assert int(t.loc["mt_2012", "matches"]) == 6 and int(t.loc["anon_2021", "other_spans"]) == 7
    assert "its p-value cannot fall below 0.25" in markdown(EVIDENCE)


def test_evidence_8_prior():
    t = table(EVIDENCE, "tops = {s: keyness.keyness_table")
    assert [int(v) for v in t["single_document"]] == [7, 1, 0]
    for g, w in (("2009", "medvedev"), ("2009", "friendly"), ("2012", "obama"), ("2021", "sides")):
        assert all(w in v for v in t[g]), (g, w)
    ratio = plain(EVIDENCE, "ratio = (lo1")
    assert re.search(r"min\s+0\.13", ratio) and re.search(r"max\s+0\.33", ratio)
    assert "shrinks every log-odds by the same factor\" is false" in markdown(EVIDENCE)


def test_evidence_9_no_frame_travels_with_the_word():
    assert "Newcombe interval excludes 0 for: no frame" in printed(EVIDENCE, "travel = node.frames_with_node")
    t = table(EVIDENCE, "travel = node.frames_with_node", k=0)
    first = t.iloc[0]
    assert first["frame"] == "cooperation" and float(first["with_minus_without"]) == 0.269 and float(first["lo_doc"]) > 0
    per = table(EVIDENCE, "travel = node.frames_with_node", k=-1)
    share = lambda s: (lambda a, b: int(a) / int(b))(*re.findall(r"\d+", s))   # noqa: E731
    higher = sum(share(r["with_node"]) > share(r["without_node"]) for _, r in per.iterrows())
    lower = sum(share(r["with_node"]) < share(r["without_node"]) for _, r in per.iterrows())
    assert (higher, lower) == (3, 2)


# --------------------------------------------------------------------------- the worked solutions

SOLUTIONS = ROOT / "solutions" / "04_reset_framing_solutions.ipynb"


def test_solutions_answers_hold():
    md = markdown(SOLUTIONS)
    t = table(SOLUTIONS, "compare = pd.DataFrame(rows)")                                   # exercise 1
    assert t.loc["partner", "quoted"] == t.loc["trust", "quoted"] == "0" and int(t.loc["reset", "quoted"]) > 0
    assert t.loc["partner", "q < 0.05"] == t.loc["trust", "q < 0.05"] == "none"
    out = printed(SOLUTIONS, "by_window = {w: collocates.collocates")                     # exercise 2
    assert "WINDOW =  5: 8 candidates; q < 0.05: policy, bilateral, ties" in out
    assert "WINDOW = 10: 9 candidates; q < 0.05: bilateral; uncorrected p < 0.05: bilateral, policy, ties" in out
    assert "p-values of 0.014 and 0.018" in md and "(q = 0.054)" in md
    w10 = table(SOLUTIONS, 'by_window[10][["collocate"').set_index("collocate").astype({"pmi": float, "g2": float})
    assert w10["pmi"].idxmax() == "ties" and w10["g2"].idxmax() == "bilateral"
    k = table(SOLUTIONS, "tops = {s: keyness.keyness_table")                              # exercise 3
    assert [int(v) for v in k["single-document words"]] == [7, 1, 0]
    z = [float(v) for v in k["highest z"]]
    assert z[0] < z[1] < z[2]
    assert "*medvedev* and *friendly* for 2009, *obama* for 2012, *sides* for 2021" in md
    assert "2009: friendly, medvedev; 2012: obama; 2021: sides" in printed(SOLUTIONS, "tops = {s: keyness.keyness_table")
    out = printed(SOLUTIONS, 'extra = dict(indicators')                                    # exercise 4
    assert "not hand-coded, so not checked: sanctions" in out and "visas" in out
    assert "ValueError: FRAMES: ['cooperaton']" in printed(SOLUTIONS, '"cooperaton"')
    out = printed(SOLUTIONS, "flipped = mine.copy()")                                      # exercise 5
    assert "{'dictionary': 0.55, 'coder A': 1.0, 'coder B': 1.0}" in out and "kappa with coder A: 0.80" in out
    assert "moves κ by about 0.2" in md
    d = table(SOLUTIONS, "drops = pd.DataFrame(rows)").set_index("dropped").astype(float)   # exercise 6
    assert (d.loc["none", "kappa_held_out"], d.loc["partner*", "kappa_held_out"]) == (0.38, 0.46)
    assert d.loc["partner*", "kappa_tuning"] < d.loc["none", "kappa_tuning"] == d.loc["dialog*", "kappa_tuning"]
    assert d.loc["dialog*", "kappa_held_out"] == 0.46
