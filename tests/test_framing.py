"""Unit tests of helpers.framing and helpers.text.context on small texts and tables written here; checks of the
project's codebook and codings; the lesson's own code (regular expressions, the kappa bootstrap) against the helpers;
and the lesson's parameters stopping with an error that names them. Claims the notebooks make in prose are held by
tests/test_framing_claims.py."""
from __future__ import annotations

import ast
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import framing
from helpers.framing import codings, collocates, cv, keyness, node, quoting, validation
from helpers.text import context

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "04_reset_framing.ipynb"


def units(*texts: str, doc: str = "d1") -> pd.DataFrame:
    return pd.DataFrame({"doc_id": doc, "unit_id": [f"{doc}:p{i:02d}" for i in range(len(texts))],
                         "text": list(texts), "period": "2009"})


# ---------------------------------------------------------------- KWIC and quoting

def test_kwic_finds_every_form_and_nothing_else():
    u = units("Reset the ties. It resets. Resetting is hard; a re-set too.",
              "Resettle, preset and resetter are other words.")
    conc = context.kwic(u)
    assert list(conc["match"]) == ["Reset", "resets", "Resetting", "re-set"]
    assert list(conc["unit_id"].unique()) == ["d1:p00"]
    assert conc["position"].iloc[0] == 0


@pytest.mark.parametrize("sentence, quoted, style", [
    ('pressing the "reset" button', True, "straight"),
    ("to \u201creset\u201d bilateral ties", True, "curly"),
    ("a \u2018reset\u2019 of relations", True, "curly"),
    ('they want to "reset."', True, "straight"),
    ("to \u201creset,\u201d said", True, "curly"),
    ("the reset policy", False, ""),
    ('"the reset policy", he said', False, ""),
    ('the "reset policy"', False, ""),
    ("a 'reset' of relations", True, "straight"),
    ("the reset's key mechanism", False, ""),
    ("the reset’s key mechanism", False, ""),
    ("America's 'reset' policy", True, "straight"),
    ("ein „reset“ der Beziehungen", True, "low-9"),
    ("un «reset» des relations", True, "guillemet"),
    ("ein »reset« der Beziehungen", True, "guillemet"),
    ("Obama's reset' is not a quote", False, ""),
])
def test_kwic_marks_quoting(sentence, quoted, style):
    conc = context.kwic(units(sentence))
    assert len(conc) == 1
    assert conc["quoted"].dtype == bool and bool(conc["quoted"].iloc[0]) is quoted
    assert conc["quote_style"].iloc[0] == style


def test_quoting_rates_keep_groups_without_matches():
    u = pd.concat([units('a "reset" and a reset', doc="a"), units("no node word here", doc="b")])
    docs = pd.DataFrame({"id": ["a", "b"], "period": ["2009", "2012"]})
    rates = quoting.quoting_rates(context.kwic(u), docs, by="id").set_index("id")
    assert rates.loc["a", "matches"] == 2 and rates.loc["a", "quoted"] == 1
    assert rates.loc["a", "share_quoted"] == 0.5
    assert rates.loc["b", "matches"] == 0 and math.isnan(rates.loc["b", "share_quoted"])


# ---------------------------------------------------------------- collocates

def test_collocates_match_hand_counts():
    # unit 1 tokens: peace reset button peace ; unit 2: button war.  N = 6 tokens, node once.
    u = units("peace reset button peace", "button war")
    col = collocates.collocates(u, window=2, min_freq=1, stop_words=None).set_index("collocate")
    assert col.loc["peace", "cooc"] == 2          # both 'peace' tokens are within 2 of the node
    assert col.loc["button", "cooc"] == 1         # the second 'button' is in another unit
    assert "war" not in col.index                 # never near the node
    assert col.loc["peace", "freq"] == 2 and col.loc["button", "freq"] == 2
    expected = 1 * 2 * 2 * 2 / 6                  # node freq * span * word freq / N
    assert col.loc["peace", "expected"] == pytest.approx(expected)
    assert col.loc["peace", "pmi"] == pytest.approx(math.log2(2 / expected))


def test_collocates_window_does_not_cross_units_and_counts_both_sides():
    u = units("alpha beta reset", "gamma delta")
    col = collocates.collocates(u, window=5, min_freq=1, stop_words=None).set_index("collocate")
    assert set(col.index) == {"alpha", "beta"}
    u2 = units("alpha reset alpha resets alpha")
    col2 = collocates.collocates(u2, window=1, min_freq=1, stop_words=None).set_index("collocate")
    assert col2.loc["alpha", "cooc"] == 4          # left and right of each of the two node forms


# ---------------------------------------------------------------- codebook

GOOD = """
frames:
  - name: coop
    family: issue
    label: cooperation
    definition: Working together.
    indicators: [cooperat*, work together]
"""


def write(tmp_path, body: str):
    p = tmp_path / "cb.yaml"
    p.write_text(body, encoding="utf-8")
    return p


def test_codebook_loads_a_good_file(tmp_path):
    cb = framing.load_codebook(write(tmp_path, GOOD))
    assert list(cb["name"]) == ["coop"]
    assert cb["indicators"].iloc[0] == ("cooperat*", "work together")


@pytest.mark.parametrize("body, message", [
    ("frames: [unclosed", "not valid YAML"),
    ("- just a list", "non-empty list under 'frames:'"),
    ("frames: []", "non-empty list under 'frames:'"),
    (GOOD.replace("family: issue", "family: politics"), "'family' must be one of"),
    (GOOD.replace("[cooperat*, work together]", "[]"), "'indicators' must be a non-empty list"),
    (GOOD.replace("[cooperat*, work together]", "[yes, 2009]"), "'indicators' must be a non-empty list"),
    (GOOD.replace("definition: Working together.", "definition: ''"), "'definition' must be a non-empty"),
    (GOOD.replace("name: coop", "name: Co-op"), "'name' must be a lower-case identifier"),
    (GOOD.replace("[cooperat*, work together]", "['re:(unclosed']"), "not a valid pattern"),
    (GOOD + GOOD.replace("frames:\n", ""), "used twice"),
    (GOOD.replace("label: cooperation", "label: cooperation\n    colour: red"), "unknown field"),
    ("frames:\n  - !!python/object/apply:os.system ['echo hi']", "not valid YAML"),
])
def test_codebook_rejects_malformed_files_with_a_clear_error(tmp_path, body, message):
    with pytest.raises(framing.CodebookError, match=message):
        framing.load_codebook(write(tmp_path, body))


def test_codebook_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(framing.CodebookError, match="not found"):
        framing.load_codebook(tmp_path / "nope.yaml")


def test_project_codebook_has_the_three_families():
    cb = framing.load_codebook()
    assert set(cb["family"]) == set(framing.FAMILIES)


# ---------------------------------------------------------------- scoring

def book(**frames) -> pd.DataFrame:
    return framing.codebook_from_dict({"frames": [
        {"name": n, "family": "issue", "label": n, "definition": n, "indicators": list(t)}
        for n, t in frames.items()]})


def test_scoring_counts_overlapping_indicators_once_longest_first():
    cb = book(conf=("cold", "cold war"), temp=("cold",))
    s = framing.score_paragraphs(units("The Cold War left a cold peace, not a scold."), cb).set_index("frame")
    assert s.loc["conf", "matches"] == 2      # "Cold War" once (not also "cold"), then "cold"; not "scold"
    assert s.loc["temp", "matches"] == 2      # another frame may count the same word
    m = framing.frame_matches(units("The Cold War left a cold peace."), cb)
    assert list(m.loc[m["frame"] == "conf", "matched"]) == ["cold war", "cold"]


def test_scoring_multiword_wildcard_and_rates():
    cb = book(sec=("arms control", "missile defense"), coop=("cooperat*",))
    u = units("Arms-control talks and arms\ncontrol treaties; missile defense.",
              "Cooperation and a cooperative mood, no cooperatives? yes cooperatives.")
    s = framing.score_paragraphs(u, cb).set_index(["unit_id", "frame"])
    assert s.loc[("d1:p00", "sec"), "matches"] == 3
    assert s.loc[("d1:p01", "coop"), "matches"] == 4
    assert s.loc[("d1:p01", "sec"), "present"] == 0
    n_words = s.loc[("d1:p00", "sec"), "n_words"]
    assert n_words == 6      # text.tokenize joins "arms control" and "missile defense" into one token each
    assert s.loc[("d1:p00", "sec"), "per_1000_words"] == pytest.approx(3000 / 6)


# ---------------------------------------------------------------- keyness

def test_log_odds_matches_a_hand_computation():
    toks = pd.DataFrame({"period": ["A"] * 4 + ["B"] * 2, "token": ["x", "x", "x", "y", "y", "y"]})
    lo = keyness.log_odds(toks, group="period", prior_strength=1.0).set_index(["group", "token"])
    # counts: A x=3 y=1 (n=4); B x=0 y=2 (n=2); prior alpha = totals: x=3, y=3, a0=6
    d = math.log((3 + 3) / (4 + 6 - 3 - 3)) - math.log((0 + 3) / (2 + 6 - 0 - 3))
    z = d / math.sqrt(1 / (3 + 3) + 1 / (0 + 3))
    assert lo.loc[("A", "x"), "log_odds"] == pytest.approx(d)
    assert lo.loc[("A", "x"), "z"] == pytest.approx(z)
    assert lo.loc[("B", "x"), "log_odds"] == pytest.approx(-d)   # two groups: B vs rest is A reversed
    assert lo.loc[("A", "x"), "count"] == 3 and lo.loc[("A", "x"), "count_rest"] == 0


# ---------------------------------------------------------------- validation

def test_split_halves_is_fixed_and_order_free():
    ids = [f"d:p{i:02d}" for i in range(11)]
    a = codings.split_halves(ids, seed=7)
    b = codings.split_halves(list(reversed(ids)), seed=7)
    assert a.equals(b)
    assert (a == "tuning").sum() == 6 and (a == "test").sum() == 5
    assert not a.equals(codings.split_halves(ids, seed=8))


def test_handcoding_file_matches_corpus_and_codebook():
    from helpers import corpus
    cb = framing.load_codebook()
    frames = list(cb.loc[cb["family"] != "metaphor", "name"])
    hand = codings.load_handcoding(frames=frames)
    paras = corpus.paragraphs(corpus.load_corpus())
    assert sorted(hand["unit_id"]) == sorted(paras["unit_id"])
    assert hand.set_index("unit_id")["split"].equals(
        codings.split_halves(hand["unit_id"]).reindex(hand["unit_id"]))


# ---------------------------------------------------------------- new: quotation outside body, collocates signed

def test_matches_outside_body_lists_headline_matches():
    blocks = pd.DataFrame({"doc_id": ["a", "a"], "block_type": ["headline", "body"],
                           "text": ["\u201cResetting\u201d ties", "a reset here"]})
    out = context.matches_outside_body(blocks)
    assert list(out["block_type"]) == ["headline"] and bool(out["quoted"].iloc[0])


def test_collocates_are_signed_thresholded_and_count_documents():
    filler = " ".join(f"w{i}" for i in range(60))
    u = pd.concat([units("peace reset peace " + filler, doc="a"), units("peace reset x " + filler, doc="b"),
                   units(" ".join(["common"] * 80) + " zz reset common", doc="c")])
    col = collocates.collocates(u, window=1, min_freq=1, stop_words=None).set_index("collocate")
    assert col.loc["peace", "association"] == "attraction" and col.loc["peace", "n_docs"] == 2
    assert col.loc["peace", "signed_g2"] > 0
    assert col.loc["common", "association"] == "avoidance" and col.loc["common", "signed_g2"] < 0
    assert col["g2_pass"].equals(col["g2"] >= collocates.G2_CRITICAL)
    assert col["significant"].equals(col["q"] < 0.05)
    assert (col["q"] >= col["fisher_p"] - 1e-12).all()


def test_collocate_fisher_test_is_one_sided_in_the_direction_of_the_association():
    from scipy.stats import fisher_exact
    filler = " ".join(f"w{i}" for i in range(40))
    u = pd.concat([units("peace reset peace " + filler, doc="a"), units("peace reset x " + filler, doc="b")])
    col = collocates.collocates(u, window=1, min_freq=1, stop_words=None, correction="none").set_index("collocate")
    # peace: 3 of the 4 window slots (2 nodes x 2 sides), 3 occurrences in all; N = NLTK's token count
    n_all = round(4 * 3 / col.loc["peace", "expected"])
    table = [[3, 4 - 3], [3 - 3, n_all - 4 - 3 + 3]]
    assert col.loc["peace", "fisher_p"] == pytest.approx(fisher_exact(table, alternative="greater")[1])
    assert col.loc["x", "association"] == "attraction"
    less = collocates.collocates(pd.concat([u, units(" ".join(["common"] * 80) + " zz reset common", doc="c")]),
                                  window=1, min_freq=1, stop_words=None, correction="none").set_index("collocate")
    assert less.loc["common", "association"] == "avoidance"
    cells = [[1, 6 - 1], [81 - 1, round(6 * 81 / less.loc["common", "expected"]) - 6 - 81 + 1]]
    assert less.loc["common", "fisher_p"] == pytest.approx(fisher_exact(cells, alternative="less")[1])


def test_adjust_p_by_hand():
    p = np.array([0.01, 0.04, 0.03, np.nan])
    bh = collocates.adjust_p(p, "bh")          # sorted 0.01, 0.03, 0.04 -> 0.03, 0.04, 0.04
    assert bh[:3] == pytest.approx([0.03, 0.04, 0.04]) and np.isnan(bh[3])
    holm = collocates.adjust_p(p, "holm")      # 0.01*3, 0.03*2, 0.04*1 -> monotone 0.03, 0.06, 0.06
    assert holm[:3] == pytest.approx([0.03, 0.06, 0.06])


# ---------------------------------------------------------------- new: keyness prior

def test_log_odds_prior_strength_is_a_fraction_of_the_corpus():
    toks = pd.DataFrame({"period": ["A"] * 6 + ["B"] * 6, "token": list("xxyzzz") + list("yyzzzw")})
    strong = keyness.log_odds(toks, prior_strength=10).set_index(["group", "token"])
    weak = keyness.log_odds(toks, prior_strength=0.1).set_index(["group", "token"])
    assert abs(strong.loc[("A", "x"), "log_odds"]) < abs(weak.loc[("A", "x"), "log_odds"])
    assert (strong["se"] > 0).all()
    with pytest.raises(ValueError):
        keyness.log_odds(toks, prior_strength=0)


def test_counts_per_document():
    toks = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "token": ["x", "x", "x", "y"]})
    c = keyness.counts_per_document(toks).set_index("token")
    assert c.loc["x", "n_docs"] == 2 and c.loc["x", "by_document"] == "a:2, b:1"
    assert c.loc["y", "by_document"] == "b:1"
    g = keyness.counts_per_document(toks.assign(period=["A", "A", "B", "B"]), group="period")
    g = g.set_index(["period", "token"])
    assert g.loc[("A", "x"), "n_docs"] == 1 and g.loc[("A", "x"), "by_document"] == "a:2"   # within the group only
    assert g.loc[("B", "x"), "docs_in_group"] == 1


# ---------------------------------------------------------------- new: agreement statistics

def test_binary_stats_f1_is_zero_not_nan_when_nothing_found():
    st = validation.binary_stats(np.array([1, 1, 0, 0]), np.array([0, 0, 0, 0]))
    assert st["f1"] == 0 and np.isnan(st["precision"]) and st["recall"] == 0
    st2 = validation.binary_stats(np.array([0, 0, 0]), np.array([0, 0, 0]))
    assert np.isnan(st2["f1"]) and np.isnan(st2["kappa"])


def test_binary_stats_kappa_matches_sklearn():
    from sklearn.metrics import cohen_kappa_score
    rng = np.random.default_rng(1)
    for _ in range(20):
        y, x = rng.integers(0, 2, 30), rng.integers(0, 2, 30)
        assert validation.binary_stats(y, x)["kappa"] == pytest.approx(cohen_kappa_score(y, x))


def test_krippendorff_alpha_hand_computed():
    # 2 coders, 4 units: (1,1) (0,0) (1,0) (0,0). Coincidences: o11 = 2, o00 = 4, o01 = o10 = 1; n1 = 3, n0 = 5,
    # n = 8. alpha = 1 - (n - 1) * o01 / (n0 * n1) = 1 - 7 * 1 / 15.
    codes = np.array([[1, 1], [0, 0], [1, 0], [0, 0]])
    assert validation.krippendorff_alpha_nominal(codes) == pytest.approx(1 - 7 / 15)
    assert validation.binary_stats(codes[:, 0], codes[:, 1])["alpha"] == pytest.approx(1 - 7 / 15)
    assert validation.krippendorff_alpha_nominal(np.array([[1, 1], [0, 0]])) == 1.0
    assert np.isnan(validation.krippendorff_alpha_nominal(np.array([[1, 1], [1, 1]])))


def test_krippendorff_alpha_known_example_with_missing_values():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", nominal example: 3 coders, 12 units,
    # missing values; the published alpha is 0.743 (values 1-5 as categories, unit 12 coded once).
    nan = np.nan
    data = np.array([[1, 1, nan, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
                     [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [nan, 5, 5, 5], [nan, nan, 1, 1], [nan, nan, 3, nan]])
    assert validation.krippendorff_alpha_nominal(data) == pytest.approx(0.743, abs=0.001)


def test_load_handcoding_without_a_frame_column_does_not_stop(tmp_path):
    p = tmp_path / "h.csv"
    p.write_text("unit_id,split,text,f\nu1,test,a,1\n", encoding="utf-8")
    h = codings.load_handcoding(p, frames=["f", "sanctions"])
    assert codings.coded_frames(h, ["f", "sanctions"]) == ["f"]
    p.write_text("unit_id,split,text,f\nu1,test,a,2\n", encoding="utf-8")
    with pytest.raises(codings.HandcodingError, match="not 0 or 1"):
        codings.load_handcoding(p, frames=["f"])


def test_coder_agreement_and_disagreements():
    a = pd.DataFrame({"unit_id": ["u1", "u2", "u3", "u4"], "f": [1, 0, 1, 0], "note": ""})
    b = pd.DataFrame({"unit_id": ["u4", "u3", "u2", "u1"], "f": [0, 1, 1, 1], "note": "x"})
    ca = validation.coder_agreement(a, b, ["f"], n_boot=100).set_index("frame")
    assert ca.loc["f", "agree"] == 0.75 and ca.loc["f", "n"] == 4
    d = validation.coder_disagreements(a, b, ["f"])
    assert list(d["unit_id"]) == ["u2"] and d["second"].iloc[0] == 1
    adj = pd.DataFrame({"unit_id": ["u2"], "frame": ["f"], "decision": [1], "reason": ["r"]})
    assert codings.adjudicated_coding(a, adj, ["f"]).set_index("unit_id").loc["u2", "f"] == 1


def test_difference_interval_handles_zero_shares():
    lo, hi = node.difference_interval(0, 13, 8, 40)
    assert lo < -0.2 / 2 and hi > 0       # 0/13 vs 8/40: not a clear difference
    lo, hi = node.difference_interval(10, 10, 0, 10)
    assert lo > 0.5


# ---------------------------------------------------------------- new: codebook fields and exercises

def test_project_codebook_names_a_pfc_dimension_or_topic_for_every_entry():
    cb = framing.load_codebook()
    assert cb["pfc"].isin(framing.PFC_VALUES).all()
    assert (cb.loc[cb["family"] == "metaphor", "pfc"] == "none (metaphor family)").all()
    assert (cb.loc[cb["family"] != "metaphor", "pfc"] != "none (metaphor family)").all()


# ---------------------------------------------------------------- the project's data

@pytest.fixture(scope="module")
def seed():
    from helpers import corpus
    paras = corpus.paragraphs(corpus.load_corpus())
    book = framing.load_codebook()
    frames = list(book.loc[book["family"] != "metaphor", "name"])
    hand = codings.matching_handcoding(codings.load_handcoding(frames=frames), paras)
    return paras, book, frames, hand


def test_removed_indicators_are_exactly_the_test_only_ones_not_in_the_guide(seed):
    paras, book, frames, hand = seed
    audit = validation.leak_audit(framing.indicator_hits(paras, book), hand, codings.guide_definitions())
    removed = {(f, t) for f, ts in zip(book["name"], book["removed_indicators"]) for t in ts}
    assert set(zip(audit.loc[~audit["in_guide"], "frame"], audit.loc[~audit["in_guide"], "indicator"])) == removed
    for named in ("reliable", "protectionis*", "joint declaration", "common position*"):
        assert any(t == named for _, t in removed)


@pytest.fixture(scope="module")
def primary(seed):
    paras, book, frames, hand = seed
    final = codings.adjudicated_coding(hand, codings.load_adjudication(), frames)
    informed = codings.adjudicated_coding(hand, codings.load_adjudication(codings.DEFAULT_ADJUDICATION_INFORMED),
                                             frames)
    return final, informed


def test_load_adjudication_reads_both_layouts_and_names_the_file(tmp_path):
    a = codings.load_adjudication()
    b = codings.load_adjudication(codings.DEFAULT_ADJUDICATION_INFORMED)
    assert list(a.columns) == list(b.columns) == ["unit_id", "frame", "first", "second", "decision", "reason"]
    bad = tmp_path / "adj.csv"
    bad.write_text("unit_id,frame\nu1,f\n")
    with pytest.raises(codings.HandcodingError, match="adj.csv"):
        codings.load_adjudication(bad)


def test_pair_stats_intervals_and_not_estimable_frames():
    y = np.array([1, 1, 1, 0, 0, 0, 0, 1])
    x = np.array([1, 1, 0, 0, 0, 1, 0, 1])
    docs = np.array(list("aabbccdd"))
    ok = validation.pair_stats(y, x, docs, n_boot=200, min_positive=3)
    assert ok["precision"] == 0.75 and ok["recall"] == 0.75 and ok["estimable"]
    assert ok["kappa_lo"] <= ok["kappa"] <= ok["kappa_hi"] and ok["kappa_lo_doc"] <= ok["kappa_hi_doc"]
    few = validation.pair_stats(y, x, docs, n_boot=200, min_positive=5)
    assert not few["estimable"] and np.isnan(few["kappa_lo"]) and few["kappa"] == ok["kappa"]
    none = validation.pair_stats(np.zeros(4, dtype=int), np.zeros(4, dtype=int), np.array(list("abcd")), n_boot=10)
    assert np.isnan(none["kappa"]) and np.isnan(none["precision"])


def test_f1_all_positive_is_the_f1_of_marking_everything():
    row = validation.pair_stats(np.array([1, 1, 0, 0]), np.array([1, 0, 0, 0]), np.array(["a"] * 4), n_boot=10)
    everything = validation.binary_stats(np.array([1, 1, 0, 0]), np.ones(4, dtype=int))["f1"]
    assert row["prevalence"] == 0.5 and row["f1_all_positive"] == pytest.approx(float(everything))


def test_short_quoted_spans_and_base_rate():
    u = units('He called it a \u201cfrank\u201d talk and a "reset". "We will do all of this," he said. It\'s the reset\'s end.')
    sp = quoting.short_quoted_spans(u, max_words=3)
    assert list(sp["span"]) == ["frank", "reset"] and list(sp["is_node"]) == [False, True]
    conc = context.kwic(u)
    rates = quoting.quoting_rates(conc, pd.DataFrame({"id": ["d1"], "period": ["2009"]}), by="id")
    assert 0 < rates["lo"].iloc[0] < rates["share_quoted"].iloc[0] < rates["hi"].iloc[0]
    base = quoting.quoting_baseline(rates, sp, pd.Series({"d1": 20}))
    assert base["other_spans"].iloc[0] == 1 and base["per_1000_words"].iloc[0] == 50.0


def test_collocate_windows_stop_at_sentence_boundaries_and_lines_show_them():
    u = units("They reset. Policy matters. A reset policy works.")
    by_sent = collocates.collocates(u, window=3, min_freq=1, stop_words=frozenset())
    assert by_sent.set_index("collocate").loc["policy", "cooc"] == 1
    across = collocates.collocates(u, window=3, min_freq=1, stop_words=frozenset(), by_sentence=False)
    assert across.set_index("collocate").loc["policy", "cooc"] == 3
    lines = collocates.cooccurrences(u, ["policy"], window=3)
    assert list(lines["line"]) == ["reset policy"]


def test_frames_with_node_cluster_interval_and_per_document_breakdown():
    u = pd.concat([units("reset a", "b", "c", doc="x"), units("reset d", "e", doc="y")])
    pres = pd.DataFrame({"unit_id": list(u["unit_id"]), "frame": "f", "present": [1, 0, 0, 1, 1]})
    t = node.frames_with_node(pres, u, n_boot=100).iloc[0]
    assert t["docs_with"] == 2 and t["n_with"] == 2 and {"lo_doc", "hi_doc"} <= set(t.index)
    by = node.node_frame_by_document(pres, u, "f").set_index("doc_id")
    assert by.loc["x", "with_node"] == "1 of 1" and by.loc["y", "without_node"] == "1 of 1"


def test_tuning_rule_prunes_imprecise_indicators_and_picks_a_threshold():
    # indicators: a (precise), b (hits negatives only), c (matches no tuning paragraph)
    m = np.array([[1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 1, 0], [1, 0, 1]])
    y = np.array([1, 1, 0, 0, 1])
    train = np.array([True, True, True, True, False])
    kept, k = cv.tune(m, y, train, min_precision=0.5)
    assert list(kept) == [True, False, True] and k == 1        # b: precision 1/3 < 0.5; c: no evidence, kept
    assert list(cv.predict(m, kept, k)) == [1, 1, 0, 0, 1]


def test_stratified_folds_balance_every_frame():
    y = np.zeros((20, 3), dtype=int)
    y[:6, 0] = 1
    y[5:9, 1] = 1
    y[15:17, 2] = 1
    f = cv.stratified_folds(y, 2, seed=1)
    assert (f == 0).sum() == 10 and (f == 1).sum() == 10
    for j in range(3):
        assert abs(y[f == 0, j].sum() - y[f == 1, j].sum()) <= 1
    assert (cv.stratified_folds(y, 2, seed=1) == f).all()


def test_lodo_tunes_without_the_held_out_document():
    hand = pd.DataFrame({"unit_id": ["a:p0", "a:p1", "b:p0", "b:p1", "c:p0", "c:p1"],
                         "split": ["tuning", "test"] * 3, "f": [1, 0, 1, 0, 0, 1]})
    hits = pd.DataFrame({"frame": "f", "indicator": ["x", "x", "y"], "status": "current",
                         "unit_id": ["a:p0", "b:p0", "c:p1"]})
    pred, log = cv.cross_fitted(hand, hits, ["f"])
    lodo = log[log["design"].str.startswith("leave")].set_index("fold")
    assert lodo.loc["c", "tuning_positives"] == 2 and lodo.loc["a", "tuning_positives"] == 2
    p = pred[pred["design"].str.startswith("leave")]
    assert sorted(p["unit_id"]) == sorted(hand["unit_id"])      # every paragraph predicted once
    assert set(pred["design"]) >= {"stratified 2-fold (pooled)", "stored split: test half"}
    tab = cv.design_agreement(pred, n_boot=50, min_positive=1)
    assert {"kappa_lo_doc", "f1", "estimable"} <= set(tab.columns)



# ---------------------------------------------------------------- new helpers of issue 24

def test_without_moves_indicators_to_removed_and_an_empty_frame_matches_nothing():
    cb = book(a=("alpha", "beta"), b=("gamma",))
    strict = framing.without(cb, {("a", "beta"), ("b", "gamma")})
    assert strict.set_index("name").loc["a", "indicators"] == ("alpha",)
    assert strict.set_index("name").loc["a", "removed_indicators"] == ("beta",)
    s = framing.score_paragraphs(units("alpha beta gamma", "nothing here"), strict).set_index(["unit_id", "frame"])
    assert s.loc[("d1:p00", "a"), "matches"] == 1 and s["present"].loc[(slice(None), "b")].sum() == 0


def test_document_permutation_moves_whole_documents():
    per_doc = pd.DataFrame({"id": ["a", "b", "c", "d"], "period": ["x", "y", "y", "y"],
                            "matches": [3, 3, 6, 1], "quoted": [3, 0, 1, 1]})
    perm = quoting.document_permutation(per_doc, "period", "x", "y")
    assert len(perm) == 4 and perm["observed"].sum() == 1          # one document of four to group x: 4 ways
    obs = perm.loc[perm["observed"], "difference"].iloc[0]
    assert obs == pytest.approx(3 / 3 - 2 / 10)
    assert (perm["difference"].abs() >= abs(obs) - 1e-12).mean() == 0.25   # the smallest p possible here


def test_pair_kappas_and_differences_are_paired_and_match_sklearn():
    from sklearn.metrics import cohen_kappa_score
    ids = [f"d{i % 3}:p{i:02d}" for i in range(12)]
    a = pd.DataFrame({"f": [1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0]}, index=ids)
    b = pd.DataFrame({"f": [1, 1, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0]}, index=ids)
    d = pd.DataFrame({"f": [1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]}, index=ids)
    codes = {"dictionary": d, "coder A": a, "coder B": b}
    k = validation.pair_kappas(codes, [("dictionary", "coder B"), ("coder A", "coder B")], ["f"], ids,
                               n_boot=300, seed=1, min_positive=3).set_index("pair")
    assert k.loc["coder A vs coder B", "kappa"] == pytest.approx(cohen_kappa_score(a["f"], b["f"]))
    assert k.loc["dictionary vs coder B", "kappa"] == pytest.approx(cohen_kappa_score(d["f"], b["f"]))
    assert k.loc["dictionary vs coder B", "pos_x"] == 3 and k.loc["dictionary vs coder B", "estimable"]
    g = validation.kappa_differences(codes, ("coder A", "coder B"), ("dictionary", "coder B"), ["f"], ids,
                                     n_boot=300, seed=1, min_positive=3).iloc[0]
    assert g["difference"] == pytest.approx(k.loc["coder A vs coder B", "kappa"] - k.loc["dictionary vs coder B", "kappa"])
    assert g["diff_lo"] <= g["difference"] <= g["diff_hi"] and g["diff_lo_doc"] <= g["diff_hi_doc"]
    rare = validation.pair_kappas(codes, [("coder A", "coder B")], ["f"], ids, n_boot=50, min_positive=6)
    assert not rare["estimable"].iloc[0] and np.isnan(rare["kappa_lo"].iloc[0])


def test_lone_disagreements_exact_test_and_one_document_left_out():
    from scipy.stats import binomtest
    ids = ["d0:p00", "d0:p01", "d0:p02", "d1:p00", "d1:p01", "d2:p00", "d2:p01", "d2:p02"]
    b = pd.DataFrame({"f": [1, 0, 1, 0, 1, 0, 1, 0]}, index=ids)            # the reference
    a = pd.DataFrame({"f": [1, 0, 1, 0, 1, 1, 1, 0]}, index=ids)            # one lone disagreement, in d2
    d = pd.DataFrame({"f": [0, 1, 1, 1, 1, 1, 0, 0]}, index=ids)            # d0: 2, d1: 1, d2: 1 lone (d2:p00 shared)
    codes = {"dictionary": d, "coder A": a, "coder B": b}
    lone = validation.lone_disagreements(codes, "dictionary", "coder A", "coder B", ["f"], ids)
    assert list(lone["doc_id"]) == ["d0", "d1", "d2"]
    assert list(lone["only_one"]) == [2, 1, 1] and list(lone["only_other"]) == [0, 0, 0]
    e = validation.paired_exact(lone).iloc[0]
    assert (e["only_one"], e["only_other"]) == (4, 0) and e["p"] == pytest.approx(binomtest(4, 4).pvalue)
    assert e["docs_with_one"] == 3 and e["most_in_one_doc"] == 2 and e["more_without_any_doc"]
    assert e["p_without_doc_max"] == pytest.approx(binomtest(2, 2).pvalue) and e["p_holm"] == pytest.approx(e["p"])
    two = validation.paired_exact(pd.concat([lone, lone.assign(frame="g", only_one=[0, 0, 1])]))
    assert list(two["p_holm"]) == pytest.approx([min(1, 2 * two["p"].iloc[0]), 1.0])
    assert not two.set_index("frame").loc["g", "more_without_any_doc"]       # without d2 nothing is left
    gaps = validation.gap_without_each_document(codes, ("coder A", "coder B"), ("dictionary", "coder B"), ["f"], ids)
    keep = [i for i in ids if not i.startswith("d0")]
    from sklearn.metrics import cohen_kappa_score
    want = cohen_kappa_score(a.loc[keep, "f"], b.loc[keep, "f"]) - cohen_kappa_score(d.loc[keep, "f"], b.loc[keep, "f"])
    assert gaps.set_index("left_out").loc["d0", "difference"] == pytest.approx(want)


def test_pair_kappas_count_the_draws_where_kappa_is_undefined():
    ids = [f"d{i % 2}:p{i:02d}" for i in range(6)]
    x = pd.DataFrame({"f": [1, 0, 0, 0, 0, 0]}, index=ids)
    y = pd.DataFrame({"f": [1, 0, 0, 0, 0, 1]}, index=ids)               # a resample without p00 and p05: both constant
    k = validation.pair_kappas({"x": x, "y": y}, [("x", "y")], ["f"], ids, n_boot=400, seed=2, min_positive=1).iloc[0]
    draws = validation.binary_stats(y["f"].to_numpy(), x["f"].to_numpy(),
                                    validation.bootstrap_weights(6, 400, 2))["kappa"]
    assert k["undefined"] == int(np.isnan(draws).sum()) > 0

    filled = {v: validation.pair_kappas({"x": x, "y": y}, [("x", "y")], ["f"], ids, n_boot=400, seed=2, min_positive=1,
                                        undefined_as=v).iloc[0] for v in (0.0, 1.0)}
    assert filled[0.0]["undefined"] == filled[1.0]["undefined"] == k["undefined"]   # still counted, not left out
    want = {v: np.percentile(np.where(np.isnan(draws), v, draws), [2.5, 97.5]) for v in (0.0, 1.0)}
    for v, row in filled.items():
        assert (row["kappa_lo"], row["kappa_hi"]) == pytest.approx(tuple(want[v]))
    g = validation.kappa_differences({"x": x, "y": y, "w": x}, ("x", "y"), ("w", "y"), ["f"], ids, n_boot=400, seed=2,
                                     min_positive=1, undefined_as=0.0).iloc[0]
    assert g["undefined"] == k["undefined"] and g["diff_lo"] == g["diff_hi"] == pytest.approx(g["difference"])


def test_chance_exact_is_fishers_test_with_holm_and_one_document_left_out():
    from scipy.stats import fisher_exact
    from sklearn.metrics import cohen_kappa_score
    ids = [f"d{i % 3}:p{i:02d}" for i in range(12)]
    ref = pd.DataFrame({"f": [1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0], "g": [1, 0] * 6}, index=ids)
    one = pd.DataFrame({"f": [1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1], "g": [0, 1] * 6}, index=ids)
    c = validation.chance_exact({"one": one, "ref": ref}, "one", "ref", ["f", "g"], ids).set_index("frame")
    f = c.loc["f"]
    assert f["kappa"] == pytest.approx(cohen_kappa_score(one["f"], ref["f"]))
    assert f["p"] == pytest.approx(fisher_exact([[5, 1], [0, 6]])[1])
    assert list(c["p_holm"]) == pytest.approx(list(validation.adjust_p(c["p"].to_numpy(), "holm")))
    keep = [i for i in ids if not i.startswith("d2")]                       # d2 holds the one disagreement
    assert f["kappa_min_without_doc"] == pytest.approx(min(
        cohen_kappa_score(one.loc[[i for i in ids if not i.startswith(d)], "f"], ref.loc[[i for i in ids if not i.startswith(d)], "f"])
        for d in ("d0", "d1", "d2")))
    assert cohen_kappa_score(one.loc[keep, "f"], ref.loc[keep, "f"]) == pytest.approx(1.0)
    assert f["above_without_any_doc"]
    g = c.loc["g"]                                                           # every paragraph the other way round
    assert g["kappa"] == pytest.approx(-1.0) and not g["above_without_any_doc"] and g["p"] < 0.01


def test_collocate_candidates_fixed_in_advance_by_corpus_frequency():
    u = units("reset alpha beta", "gamma gamma gamma delta", "reset gamma")
    by_cooc = collocates.collocates(u, window=1, min_freq=1, stop_words=None)
    fixed = collocates.collocates(u, window=1, min_corpus_freq=2, stop_words=None)
    assert set(by_cooc["collocate"]) == {"alpha", "gamma"}
    assert list(fixed["collocate"]) == ["gamma"]                              # freq 4; alpha, beta, delta seen once
    never = collocates.collocates(units("reset a", "zeta zeta zeta"), window=1, min_corpus_freq=3, stop_words=None)
    assert list(never["collocate"]) == ["zeta"] and never["cooc"].iloc[0] == 0 and np.isnan(never["pmi"].iloc[0])


def test_lodo_against_seeds_marks_the_minimum():
    table = pd.DataFrame({"design": ["leave one document out: test-half paragraphs"] * 2, "frame": ["a", "b"],
                          "kappa": [0.31, 0.80], "hand_pos": [9, 6]})
    rep = pd.DataFrame({"frame": ["a", "b"], "min_test": [0.31, 0.75], "max_test": [0.38, 0.88]})
    t = cv.lodo_against_seeds(table, rep, ["a", "b"]).set_index("frame")
    assert t.loc["a", "at_min"] and not t.loc["b", "at_min"] and t["inside"].all()
    assert t.loc["a", "width"] == pytest.approx(0.07)


# ---------------------------------------------------------------- the lesson's own code against the helpers

def lesson_cells() -> list[str]:
    nb = json.loads(LESSON.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def lesson_definitions(*names: str) -> dict:
    """The lesson's top-level functions and constants of these names, executed on their own."""
    env: dict = {"re": __import__("re"), "np": np}
    for src in lesson_cells():
        for stmt in ast.parse(src).body:
            targets = [stmt.name] if isinstance(stmt, ast.FunctionDef) else [
                t.id for t in getattr(stmt, "targets", []) if isinstance(t, ast.Name)] + [
                e.id for t in getattr(stmt, "targets", []) if isinstance(t, ast.Tuple) for e in t.elts]
            if set(targets) & set(names):
                exec(compile(ast.Module([stmt], []), "lesson", "exec"), env)
    return env


def test_lesson_frame_regex_finds_what_the_codebook_helper_finds(seed):
    paras, book_, frames, _ = seed
    env = lesson_definitions("term_pattern", "frame_regex")
    helper = framing.score_paragraphs(paras, book_).pivot(index="unit_id", columns="frame", values="present")
    for name, inds in zip(book_["name"], book_["indicators"]):
        mine = paras["text"].str.contains(env["frame_regex"](list(inds))).astype(int).to_numpy()
        assert (mine == helper.loc[paras["unit_id"], name].to_numpy()).all(), name
    tricky = units("Arms-control talks", "a cooperative mood", "the cold war", "a coldness", "strategic  stability")
    for terms in (["arms control"], ["cooperat*"], ["re:cold(?![\\s-]+war)"], ["strategic stability"]):
        mine = tricky["text"].str.contains(env["frame_regex"](terms)).tolist()
        theirs = tricky["text"].str.contains(framing.indicator_regex(terms)).tolist()
        assert mine == theirs, terms


def test_lesson_quote_rule_agrees_with_the_careful_rule():
    env = lesson_definitions("OPENING", "CLOSING", "is_quoted")
    for sentence in ['pressing the "reset" button', "to \u201creset\u201d ties", "a \u2018reset\u2019 of", 'to "reset."',
                     "the reset policy", "the \"reset policy\"", "the reset's key", "the reset\u2019s key",
                     "America's 'reset' policy", "ein \u201ereset\u201c der", "un \u00abreset\u00bb des"]:
        c = context.kwic(units(sentence), width=45).iloc[0]
        assert env["is_quoted"](c["left"], c["right"]) == bool(c["quoted"]), sentence


def test_lesson_kappa_matches_sklearn_and_the_helper():
    from sklearn.metrics import cohen_kappa_score
    from helpers.stats.reliability import binary_stats, bootstrap_weights
    env = lesson_definitions("kappa")
    rng = np.random.default_rng(3)
    x, y = rng.integers(0, 2, 26), rng.integers(0, 2, 26)
    w = bootstrap_weights(26, 50, 5)
    assert env["kappa"](x, y, np.ones((1, 26)))[0] == pytest.approx(cohen_kappa_score(x, y))
    assert np.allclose(env["kappa"](x, y, w), binary_stats(y, x, w)["kappa"], equal_nan=True)


# ---------------------------------------------------------------- a mistyped parameter stops the lesson

def run_lesson(overrides: dict, until: str) -> None:
    """Execute the lesson's code cells in order with ``overrides`` applied after the Parameters cell, up to and
    including the first cell whose source contains ``until``."""
    import matplotlib
    matplotlib.use("Agg")
    env: dict = {}
    for i, src in enumerate(lesson_cells()):
        exec(compile(src, f"cell {i}", "exec"), env)
        if i == 0:
            env.update(overrides)
        if until in src:
            return


@pytest.mark.parametrize("overrides, until, message", [
    ({"NODE": "re(set"}, "node = re.compile", "NODE"),
    ({"WINDOW": 0}, "node = re.compile", "WINDOW"),
    ({"PRIOR": 0}, "node = re.compile", "PRIOR"),
    ({"N_BOOT": 2.5}, "node = re.compile", "N_BOOT"),
    ({"FRAMES": "trust"}, "node = re.compile", "FRAMES"),
    ({"NODE": r"zzzz\w*"}, "kwic = pd.DataFrame", "NODE"),
    ({"FRAMES": ["cooperaton", "trust"]}, "yaml.safe_load", "FRAMES: ['cooperaton']"),
])
def test_a_mistyped_parameter_stops_the_lesson_with_its_name(overrides, until, message):
    with pytest.raises(ValueError, match=message.replace("[", "\\[").replace("]", "\\]")):
        run_lesson(overrides, until)


# ---------------------------------------------------------------- section 5 on frames or corpora it cannot check

def _data_copy(tmp_path, keep: set[str], codings: bool) -> str:
    """A copy of data/ with only the articles ``keep`` (metadata rows and raw files), with or without the codings."""
    import csv
    import shutil
    root = Path(__file__).resolve().parent.parent / "data"
    dst = tmp_path / "data"
    dst.mkdir()
    for name in ("metadata.csv", "boilerplate.csv", "framing_codebook.yaml"):
        shutil.copy2(root / name, dst / name)
    if codings:
        shutil.copytree(root / "annotations", dst / "annotations")
    rows = list(csv.DictReader((root / "metadata.csv").open(encoding="utf-8")))
    with (dst / "metadata.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows([r for r in rows if r["id"] in keep])
    (dst / "raw").mkdir()
    for r in rows:
        if r["id"] in keep:
            shutil.copy2(root / "raw" / r["file"], dst / "raw" / r["file"])
    return str(dst)


def _own_corpus(tmp_path) -> str:
    """A student's own corpus: the three documents of tests/data/byoc, nothing of the project's."""
    import shutil
    byoc = Path(__file__).resolve().parent / "data" / "byoc"
    dst = tmp_path / "own"
    shutil.copytree(byoc / "raw", dst / "raw")
    shutil.copy2(byoc / "metadata_rows.csv", dst / "metadata.csv")
    return str(dst)


@pytest.mark.parametrize("case", ["frame not hand-coded", "rare frames only", "one article, no codings",
                                  "one article, with codings", "another corpus", "three articles, with codings"])
def test_section_5_says_what_it_cannot_check_and_never_claims_a_verdict_it_cannot_support(case, tmp_path, capsys):
    """FRAMES = ["machine"] (a metaphor entry nobody coded), ["economy", "energy"] (coded, but too rare on the
    held-out half) and a DATA_DIR without the coded articles or the coding files: the lesson runs to the end, prints
    one sentence saying section 5 has nothing to check, and computes no verdict. With three articles it checks what
    it can, and its rule cannot call a frame above chance or below the second coder unless the result holds with
    any one article left out."""
    import matplotlib.pyplot as plt
    overrides = {"N_BOOT": 50, **{
        "frame not hand-coded": lambda: {"FRAMES": ["machine"]},
        "rare frames only": lambda: {"FRAMES": ["economy", "energy"]},
        "one article, no codings": lambda: {"DATA_DIR": _data_copy(tmp_path, {"cbs_2009"}, codings=False)},
        "one article, with codings": lambda: {"DATA_DIR": _data_copy(tmp_path, {"rga_2012"}, codings=True)},
        "another corpus": lambda: {"DATA_DIR": _own_corpus(tmp_path)},
        "three articles, with codings": lambda: {"DATA_DIR": _data_copy(tmp_path, {"rga_2012", "mt_2012", "cnn_2012"},
                                                                        codings=True)},
    }[case]()}
    env: dict = {}
    import matplotlib
    matplotlib.use("Agg")
    for i, src in enumerate(lesson_cells()):
        exec(compile(src, f"cell {i}", "exec"), env)
        if i == 0:
            env.update(overrides)
    plt.close("all")
    out = capsys.readouterr().out
    if case == "three articles, with codings":
        assert env["checked"] and "Nothing to check" not in out
        tests, shown = env["tests"], env["shown"]
        for column, held in (("below a second coder", "more without any one article"),
                             ("above chance", "kappa > 0 without any one article")):
            for f in shown.index[shown[column]]:
                assert (tests.loc[tests["frame"] == f, held]).all(), (column, f)
        return
    assert env["checked"] == [] and env["shown"].empty and env["check"].empty and env["tests"].empty
    assert "Nothing to check, so the cells below show nothing." in out
    assert "second coder" not in out and "The strict dictionary drops" not in out
    if case == "frame not hand-coded":
        assert "Not in the codings: machine." in out
    if case == "rare frames only":
        assert "with the entry, or fewer than 5 without): economy, energy." in out
    if case == "one article, no codings":
        assert "0 held-out paragraphs." in out
