"""Unit tests for helpers.wordcontext, helpers.framing, helpers.validation and helpers.framing_plots, on small
texts and tables written here, plus checks that the claims notebook 04 makes in prose hold on the seed corpus."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import framing
from helpers.framing import validation
from helpers.text import context as wordcontext
from helpers.framing import plots as fplots


def units(*texts: str, doc: str = "d1") -> pd.DataFrame:
    return pd.DataFrame({"doc_id": doc, "unit_id": [f"{doc}:p{i:02d}" for i in range(len(texts))],
                         "text": list(texts), "period": "2009"})


# ---------------------------------------------------------------- KWIC and quoting

def test_kwic_finds_every_form_and_nothing_else():
    u = units("Reset the ties. It resets. Resetting is hard; a re-set too.",
              "Resettle, preset and resetter are other words.")
    conc = wordcontext.kwic(u)
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
    conc = wordcontext.kwic(units(sentence))
    assert len(conc) == 1
    assert conc["quoted"].dtype == bool and bool(conc["quoted"].iloc[0]) is quoted
    assert conc["quote_style"].iloc[0] == style


def test_quoting_rates_keep_groups_without_matches():
    u = pd.concat([units('a "reset" and a reset', doc="a"), units("no node word here", doc="b")])
    docs = pd.DataFrame({"id": ["a", "b"], "period": ["2009", "2012"]})
    rates = wordcontext.quoting_rates(wordcontext.kwic(u), docs, by="id").set_index("id")
    assert rates.loc["a", "matches"] == 2 and rates.loc["a", "quoted"] == 1
    assert rates.loc["a", "share_quoted"] == 0.5
    assert rates.loc["b", "matches"] == 0 and math.isnan(rates.loc["b", "share_quoted"])


# ---------------------------------------------------------------- collocates

def test_collocates_match_hand_counts():
    # unit 1 tokens: peace reset button peace ; unit 2: button war.  N = 6 tokens, node once.
    u = units("peace reset button peace", "button war")
    col = wordcontext.collocates(u, window=2, min_freq=1, stop_words=None).set_index("collocate")
    assert col.loc["peace", "cooc"] == 2          # both 'peace' tokens are within 2 of the node
    assert col.loc["button", "cooc"] == 1         # the second 'button' is in another unit
    assert "war" not in col.index                 # never near the node
    assert col.loc["peace", "freq"] == 2 and col.loc["button", "freq"] == 2
    expected = 1 * 2 * 2 * 2 / 6                  # node freq * span * word freq / N
    assert col.loc["peace", "expected"] == pytest.approx(expected)
    assert col.loc["peace", "pmi"] == pytest.approx(math.log2(2 / expected))


def test_collocates_window_does_not_cross_units_and_counts_both_sides():
    u = units("alpha beta reset", "gamma delta")
    col = wordcontext.collocates(u, window=5, min_freq=1, stop_words=None).set_index("collocate")
    assert set(col.index) == {"alpha", "beta"}
    u2 = units("alpha reset alpha resets alpha")
    col2 = wordcontext.collocates(u2, window=1, min_freq=1, stop_words=None).set_index("collocate")
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


def test_profile_and_cooccurrence():
    cb = book(a=("alpha",), b=("beta",))
    u = units("alpha beta", "alpha", "gamma")
    s = framing.score_paragraphs(u, cb)
    co = framing.frame_cooccurrence(s)
    assert np.isnan(co.loc["a", "a"]) and np.isnan(co.loc["b", "b"])      # diagonal masked
    assert co.loc["a", "b"] == 0.5 and co.loc["b", "a"] == 1.0            # share of the row frame's paragraphs
    prof = framing.frame_profile(s, by="doc_id").set_index("frame")
    assert prof.loc["a", "share_present"] == pytest.approx(2 / 3)
    assert prof.loc["a", "per_1000_words"] == pytest.approx(1000 * 2 / 4)
    wn = framing.frames_with_node(s, units("alpha beta reset", "alpha", "gamma"), pattern="reset").set_index("frame")
    assert wn.loc["a", "with_node"] == 1.0 and wn.loc["a", "without_node"] == 0.5
    assert wn.loc["b", "with_minus_without"] == 1.0 and wn.loc["a", "n_with"] == 1
    assert wn.loc["b", "lo"] < 1.0 <= wn.loc["b", "hi"] + 1e-9 and 0 <= wn.loc["b", "fisher_p"] <= 1


# ---------------------------------------------------------------- keyness

def test_log_odds_matches_a_hand_computation():
    toks = pd.DataFrame({"period": ["A"] * 4 + ["B"] * 2, "token": ["x", "x", "x", "y", "y", "y"]})
    lo = wordcontext.log_odds(toks, group="period", prior_strength=1.0).set_index(["group", "token"])
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
    a = validation.split_halves(ids, seed=7)
    b = validation.split_halves(list(reversed(ids)), seed=7)
    assert a.equals(b)
    assert (a == "tuning").sum() == 6 and (a == "test").sum() == 5
    assert not a.equals(validation.split_halves(ids, seed=8))


def test_agreement_reports_undefined_kappa_as_nan_with_a_note():
    hand = pd.DataFrame({"unit_id": ["u1", "u2", "u3", "u4"], "split": "test", "text": "",
                         "f": [1, 1, 0, 0], "g": [0, 0, 0, 0]})
    scores = pd.DataFrame({"unit_id": ["u1", "u2", "u3", "u4"] * 2, "frame": ["f"] * 4 + ["g"] * 4,
                           "present": [1, 0, 0, 0, 0, 1, 0, 0]})
    ag = validation.agreement(hand, scores, ["f", "g"]).set_index("frame")
    assert ag.loc["f", "precision"] == 1.0 and ag.loc["f", "recall"] == 0.5
    assert ag.loc["f", "kappa"] == pytest.approx(0.5)
    assert np.isnan(ag.loc["g", "kappa"]) and np.isnan(ag.loc["g", "recall"])
    assert "absent" in ag.loc["g", "note"]
    dis = validation.disagreements(hand, scores, ["f", "g"])
    assert set(dis.loc[dis["n_disagree"] > 0, "unit_id"]) == {"u2"}
    assert dis.set_index("unit_id").loc["u2", "hand_only"] == "f"
    assert dis.set_index("unit_id").loc["u2", "dict_only"] == "g"


def test_handcoding_file_matches_corpus_and_codebook():
    from helpers import corpus
    cb = framing.load_codebook()
    frames = list(cb.loc[cb["family"] != "metaphor", "name"])
    hand = validation.load_handcoding(frames=frames)
    paras = corpus.paragraphs(corpus.load_corpus())
    assert sorted(hand["unit_id"]) == sorted(paras["unit_id"])
    assert hand.set_index("unit_id")["split"].equals(
        validation.split_halves(hand["unit_id"]).reindex(hand["unit_id"]))


# ---------------------------------------------------------------- titles that name every tied winner

def test_top_ties_names_every_item_tied_at_the_shown_precision():
    z = pd.Series({"biden": 1.8412, "russia-us": 1.8412, "stability": 1.8412, "sides": 1.8371, "upcoming": 1.60})
    assert fplots.top_ties(z, 2) == ["biden", "russia-us", "stability", "sides"]
    assert fplots.top_ties(z) == ["biden", "russia-us", "stability"]
    assert fplots.top_ties(pd.Series({"a": np.nan, "b": 0.2})) == ["b"]
    assert fplots.top_ties(pd.Series(dtype=float)) == []


def test_top_ties_on_cooccurrence_pairs():
    co = pd.DataFrame([[5, 3, 3], [3, 4, 1], [3, 1, 6]], index=list("xyz"), columns=list("xyz"))
    upper = co.where(np.triu(np.ones(co.shape, dtype=bool), k=1)).stack()
    assert fplots.top_ties(upper) == [("x", "y"), ("x", "z")]


def test_and_list():
    assert fplots.and_list(["a"]) == "a"
    assert fplots.and_list(["a", "b"]) == "a and b"
    assert fplots.and_list(["a", "b", "c"]) == "a, b and c"
    assert fplots.and_list(list("abcde"), limit=4) == "a, b, c, d, …"
    assert fplots.and_list([]) == ""


# ---------------------------------------------------------------- new: quotation outside body, collocates signed

def test_matches_outside_body_lists_headline_matches():
    blocks = pd.DataFrame({"doc_id": ["a", "a"], "block_type": ["headline", "body"],
                           "text": ["\u201cResetting\u201d ties", "a reset here"]})
    out = wordcontext.matches_outside_body(blocks)
    assert list(out["block_type"]) == ["headline"] and bool(out["quoted"].iloc[0])


def test_collocates_are_signed_thresholded_and_count_documents():
    filler = " ".join(f"w{i}" for i in range(60))
    u = pd.concat([units("peace reset peace " + filler, doc="a"), units("peace reset x " + filler, doc="b"),
                   units(" ".join(["common"] * 80) + " zz reset common", doc="c")])
    col = wordcontext.collocates(u, window=1, min_freq=1, stop_words=None).set_index("collocate")
    assert col.loc["peace", "association"] == "attraction" and col.loc["peace", "n_docs"] == 2
    assert col.loc["peace", "signed_g2"] > 0
    assert col.loc["common", "association"] == "avoidance" and col.loc["common", "signed_g2"] < 0
    assert col["g2_pass"].equals(col["g2"] >= wordcontext.G2_CRITICAL)
    assert col["significant"].equals(col["q"] < 0.05)
    assert (col["q"] >= col["fisher_p"] - 1e-12).all()


def test_collocate_fisher_test_is_one_sided_in_the_direction_of_the_association():
    from scipy.stats import fisher_exact
    filler = " ".join(f"w{i}" for i in range(40))
    u = pd.concat([units("peace reset peace " + filler, doc="a"), units("peace reset x " + filler, doc="b")])
    col = wordcontext.collocates(u, window=1, min_freq=1, stop_words=None, correction="none").set_index("collocate")
    # peace: 3 of the 4 window slots (2 nodes x 2 sides), 3 occurrences in all; N = NLTK's token count
    n_all = round(4 * 3 / col.loc["peace", "expected"])
    table = [[3, 4 - 3], [3 - 3, n_all - 4 - 3 + 3]]
    assert col.loc["peace", "fisher_p"] == pytest.approx(fisher_exact(table, alternative="greater")[1])
    assert col.loc["x", "association"] == "attraction"
    less = wordcontext.collocates(pd.concat([u, units(" ".join(["common"] * 80) + " zz reset common", doc="c")]),
                                  window=1, min_freq=1, stop_words=None, correction="none").set_index("collocate")
    assert less.loc["common", "association"] == "avoidance"
    cells = [[1, 6 - 1], [81 - 1, round(6 * 81 / less.loc["common", "expected"]) - 6 - 81 + 1]]
    assert less.loc["common", "fisher_p"] == pytest.approx(fisher_exact(cells, alternative="less")[1])


def test_adjust_p_by_hand():
    p = np.array([0.01, 0.04, 0.03, np.nan])
    bh = wordcontext.adjust_p(p, "bh")          # sorted 0.01, 0.03, 0.04 -> 0.03, 0.04, 0.04
    assert bh[:3] == pytest.approx([0.03, 0.04, 0.04]) and np.isnan(bh[3])
    holm = wordcontext.adjust_p(p, "holm")      # 0.01*3, 0.03*2, 0.04*1 -> monotone 0.03, 0.06, 0.06
    assert holm[:3] == pytest.approx([0.03, 0.06, 0.06])


# ---------------------------------------------------------------- new: keyness prior

def test_log_odds_prior_strength_is_a_fraction_of_the_corpus():
    toks = pd.DataFrame({"period": ["A"] * 6 + ["B"] * 6, "token": list("xxyzzz") + list("yyzzzw")})
    strong = wordcontext.log_odds(toks, prior_strength=10).set_index(["group", "token"])
    weak = wordcontext.log_odds(toks, prior_strength=0.1).set_index(["group", "token"])
    assert abs(strong.loc[("A", "x"), "log_odds"]) < abs(weak.loc[("A", "x"), "log_odds"])
    assert (strong["se"] > 0).all()
    with pytest.raises(ValueError):
        wordcontext.log_odds(toks, prior_strength=0)


def test_counts_per_document():
    toks = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "token": ["x", "x", "x", "y"]})
    c = wordcontext.counts_per_document(toks).set_index("token")
    assert c.loc["x", "n_docs"] == 2 and c.loc["x", "by_document"] == "a:2, b:1"
    assert c.loc["y", "by_document"] == "b:1"
    g = wordcontext.counts_per_document(toks.assign(period=["A", "A", "B", "B"]), group="period")
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


def test_agreement_intervals_and_not_validated_frames():
    hand = pd.DataFrame({"unit_id": [f"u{i}" for i in range(8)], "split": "test", "text": "",
                         "f": [1, 1, 1, 0, 0, 0, 0, 1]})
    scores = pd.DataFrame({"unit_id": [f"u{i}" for i in range(8)] * 2, "frame": ["f"] * 8 + ["new"] * 8,
                           "present": [1, 1, 0, 0, 0, 1, 0, 1] + [0] * 8})
    ag = validation.agreement(hand, scores, ["f", "new"], n_boot=200, min_positive=3).set_index("frame")
    assert ag.loc["f", "kappa_lo_doc"] <= ag.loc["f", "kappa_hi_doc"]
    few = validation.agreement(hand, scores, ["f"], n_boot=200, min_positive=5).set_index("frame")
    assert not few.loc["f", "estimable"] and np.isnan(few.loc["f", "kappa_lo"]) and "not estimable" in few.loc["f", "note"]
    assert "not estimable: 4 positive" in validation.interval_lines(few.reset_index(), "kappa")[0]
    assert ag.loc["f", "kappa_lo"] <= ag.loc["f", "kappa"] <= ag.loc["f", "kappa_hi"]
    assert ag.loc["f", "recall_lo"] <= ag.loc["f", "recall"] <= ag.loc["f", "recall_hi"]
    assert "not validated" in ag.loc["new", "note"] and np.isnan(ag.loc["new", "kappa"])


def test_load_handcoding_without_a_frame_column_does_not_stop(tmp_path):
    p = tmp_path / "h.csv"
    p.write_text("unit_id,split,text,f\nu1,test,a,1\n", encoding="utf-8")
    h = validation.load_handcoding(p, frames=["f", "sanctions"])
    assert validation.coded_frames(h, ["f", "sanctions"]) == ["f"]
    p.write_text("unit_id,split,text,f\nu1,test,a,2\n", encoding="utf-8")
    with pytest.raises(validation.HandcodingError, match="not 0 or 1"):
        validation.load_handcoding(p, frames=["f"])


def test_coder_agreement_and_disagreements():
    a = pd.DataFrame({"unit_id": ["u1", "u2", "u3", "u4"], "f": [1, 0, 1, 0], "note": ""})
    b = pd.DataFrame({"unit_id": ["u4", "u3", "u2", "u1"], "f": [0, 1, 1, 1], "note": "x"})
    ca = validation.coder_agreement(a, b, ["f"], n_boot=100).set_index("frame")
    assert ca.loc["f", "agree"] == 0.75 and ca.loc["f", "n"] == 4
    d = validation.coder_disagreements(a, b, ["f"])
    assert list(d["unit_id"]) == ["u2"] and d["second"].iloc[0] == 1
    adj = pd.DataFrame({"unit_id": ["u2"], "frame": ["f"], "decision": [1], "reason": ["r"]})
    assert validation.adjudicated_coding(a, adj, ["f"]).set_index("unit_id").loc["u2", "f"] == 1


def test_difference_interval_handles_zero_shares():
    lo, hi = framing.difference_interval(0, 13, 8, 40)
    assert lo < -0.2 / 2 and hi > 0       # 0/13 vs 8/40: not a clear difference
    lo, hi = framing.difference_interval(10, 10, 0, 10)
    assert lo > 0.5


# ---------------------------------------------------------------- new: codebook fields and exercises

def test_add_frames_validates_and_with_removed_restores():
    cb = framing.codebook_from_dict({"frames": [{"name": "a", "family": "issue", "pfc": "Economic", "label": "a",
                                                 "definition": "a", "indicators": ["x"], "removed_indicators": ["y"]}]})
    assert framing.with_removed(cb)["indicators"].iloc[0] == ("x", "y")
    cb2 = framing.add_frames(cb, {"sanctions": {"family": "issue", "indicators": ["sanction*"]}})
    assert list(cb2["name"]) == ["a", "sanctions"] and cb2["pfc"].iloc[1] == "topic"
    with pytest.raises(framing.CodebookError, match="family"):
        framing.add_frames(cb, {"s": {"family": "sports", "indicators": ["x"]}})
    with pytest.raises(framing.CodebookError, match="pfc"):
        framing.add_frames(cb, {"s": {"family": "issue", "pfc": "Foreign", "indicators": ["x"]}})


def test_project_codebook_names_a_pfc_dimension_or_topic_for_every_entry():
    cb = framing.load_codebook()
    assert cb["pfc"].isin(framing.PFC_VALUES).all()
    assert (cb.loc[cb["family"] == "metaphor", "pfc"] == "none (metaphor family)").all()
    assert (cb.loc[cb["family"] != "metaphor", "pfc"] != "none (metaphor family)").all()


# ---------------------------------------------------------------- claims notebook 04 makes in prose

@pytest.fixture(scope="module")
def seed():
    from helpers import corpus
    paras = corpus.paragraphs(corpus.load_corpus())
    book = framing.load_codebook()
    frames = list(book.loc[book["family"] != "metaphor", "name"])
    hand = validation.matching_handcoding(validation.load_handcoding(frames=frames), paras)
    return paras, book, frames, hand


def test_removed_indicators_are_exactly_the_test_only_ones_not_in_the_guide(seed):
    paras, book, frames, hand = seed
    audit = validation.leak_audit(framing.indicator_hits(paras, book), hand, validation.guide_definitions())
    removed = {(f, t) for f, ts in zip(book["name"], book["removed_indicators"]) for t in ts}
    assert set(zip(audit.loc[~audit["in_guide"], "frame"], audit.loc[~audit["in_guide"], "indicator"])) == removed
    for named in ("reliable", "protectionis*", "joint declaration", "common position*"):
        assert any(t == named for _, t in removed)


@pytest.fixture(scope="module")
def primary(seed):
    paras, book, frames, hand = seed
    final = validation.adjudicated_coding(hand, validation.load_adjudication(), frames)
    informed = validation.adjudicated_coding(hand, validation.load_adjudication(validation.DEFAULT_ADJUDICATION_INFORMED),
                                             frames)
    return final, informed


def test_notebook_claims_on_agreement_hold(seed, primary):
    from helpers.framing import report as vr
    paras, book, frames, hand = seed
    final, informed = primary
    scores = framing.score_paragraphs(paras, book)
    after = validation.agreement(final, scores, frames, n_boot=200)
    before = validation.agreement(final, framing.score_paragraphs(paras, framing.with_removed(book)), frames, n_boot=200)
    a, b = after.set_index("frame")["kappa"].round(2), before.set_index("frame")["kappa"].round(2)
    assert (a > b).any() and (a < b).any()                              # "moves kappas both ways ... neither a bound"
    assert "neither a bound" in vr.removal_sentence(before, after)
    assert not after["f1"].isna().any()
    first = validation.agreement(hand, scores, frames, n_boot=50).set_index("frame")["kappa"]
    est = after.set_index("frame")["estimable"].astype(bool)
    assert ((first - a).abs()[est] >= 0.1).any()                        # "for some frames the kappa moves visibly"
    # "where an interval's lower end lies near 0": cooperation, the frame section 6's title names
    coop = after.set_index("frame").loc["cooperation"]
    assert coop["kappa_lo"] < 0.1


def test_notebook_claims_on_the_second_coding_hold(seed, primary):
    from helpers.framing import report as vr
    paras, book, frames, hand = seed
    second = validation.load_second_coding(frames=frames)
    ca = validation.coder_agreement(hand, second, frames, n_boot=200)
    est = ca[ca["estimable"]]
    assert (est["alpha"] >= 0.8).mean() > 0.5                          # "agree well on most estimable frames"
    assert (est[["alpha_lo", "alpha_lo_doc"]].min(axis=1) < 0.667).any()   # "... but not uniformly"
    dis = validation.coder_disagreements(hand, second, frames)
    for path in (None, validation.DEFAULT_ADJUDICATION_INFORMED):      # every disputed cell decided, by both
        adj = validation.load_adjudication(path)
        assert set(zip(dis["unit_id"], dis["frame"])) == set(zip(adj["unit_id"], adj["frame"]))
    assert "below 0.667" in vr.reliability_sentence(ca, ca)


def test_load_adjudication_reads_both_layouts_and_names_the_file(tmp_path):
    a = validation.load_adjudication()
    b = validation.load_adjudication(validation.DEFAULT_ADJUDICATION_INFORMED)
    assert list(a.columns) == list(b.columns) == ["unit_id", "frame", "first", "second", "decision", "reason"]
    bad = tmp_path / "adj.csv"
    bad.write_text("unit_id,frame\nu1,f\n")
    with pytest.raises(validation.HandcodingError, match="adj.csv"):
        validation.load_adjudication(bad)


def test_validation_report_sentences():
    from helpers.framing import report as vr
    dis = pd.DataFrame({"unit_id": ["u1", "u2"], "frame": ["f", "f"], "first": [1, 0], "second": [0, 1]})
    blind = pd.DataFrame({"unit_id": ["u1", "u2"], "frame": "f", "decision": ["0", "1"], "reason": ["r1", "r2"]})
    informed = blind.assign(decision=["1", "1"])
    scores = pd.DataFrame({"unit_id": ["u1", "u2"], "frame": "f", "present": [1, 1]})
    t = vr.adjudication_table(dis, blind, informed, scores)
    s = vr.adjudication_sentence(t)
    assert "blind (primary) adjudication sided with the second coding in 2 and matches the dictionary in 1" in s
    assert "differ on 1: u1 f (blind 0, informed 1)" in s
    d = pd.DataFrame({"frame": ["a", "b"], "kappa": [0.9, 0.5], "kappa_lo": [0.7, 0.1], "kappa_hi": [1.0, 0.8],
                      "hand_pos": [6, 6], "estimable": [True, True]})
    c = pd.DataFrame({"frame": ["a", "b"], "alpha": [0.8, 0.9], "alpha_lo": [0.5, 0.7], "alpha_hi": [1.0, 1.0],
                      "pos_first": [6, 6], "estimable": [True, True]})
    ceil = vr.ceiling_table(d, c)
    assert list(ceil["above_ceiling"]) == [True, False] and "for 1 (a)" in vr.ceiling_sentence(ceil)
    assert "overlap" in vr.extremes_sentence(d)
    f = d.assign(f1=[0.70, 0.9], f1_all_positive=[0.67, 0.5])
    assert vr.f1_baseline_sentence(f).endswith("for 1 of 2 estimable frames: a (0.70 vs 0.67).")


def test_f1_all_positive_is_the_f1_of_marking_everything():
    row = validation.pair_stats(np.array([1, 1, 0, 0]), np.array([1, 0, 0, 0]), np.array(["a"] * 4), n_boot=10)
    everything = validation.binary_stats(np.array([1, 1, 0, 0]), np.ones(4, dtype=int))["f1"]
    assert row["prevalence"] == 0.5 and row["f1_all_positive"] == pytest.approx(float(everything))


def test_short_quoted_spans_and_base_rate():
    u = units('He called it a \u201cfrank\u201d talk and a "reset". "We will do all of this," he said. It\'s the reset\'s end.')
    sp = wordcontext.short_quoted_spans(u, max_words=3)
    assert list(sp["span"]) == ["frank", "reset"] and list(sp["is_node"]) == [False, True]
    conc = wordcontext.kwic(u)
    rates = wordcontext.quoting_rates(conc, pd.DataFrame({"id": ["d1"], "period": ["2009"]}), by="id")
    assert 0 < rates["lo"].iloc[0] < rates["share_quoted"].iloc[0] < rates["hi"].iloc[0]
    base = wordcontext.quoting_baseline(rates, sp, pd.Series({"d1": 20}))
    assert base["other_spans"].iloc[0] == 1 and base["per_1000_words"].iloc[0] == 50.0


def test_collocate_windows_stop_at_sentence_boundaries_and_lines_show_them():
    u = units("They reset. Policy matters. A reset policy works.")
    by_sent = wordcontext.collocates(u, window=3, min_freq=1, stop_words=frozenset())
    assert by_sent.set_index("collocate").loc["policy", "cooc"] == 1
    across = wordcontext.collocates(u, window=3, min_freq=1, stop_words=frozenset(), by_sentence=False)
    assert across.set_index("collocate").loc["policy", "cooc"] == 3
    lines = wordcontext.collocate_lines(u, ["policy"], window=3)
    assert list(lines["line"]) == ["reset policy"]
    assert "1 of 1 significant" in wordcontext.phrase_sentence(by_sent.assign(significant=by_sent["collocate"] == "policy"),
                                                               lines)


def test_frames_with_node_cluster_interval_and_per_document_breakdown():
    u = pd.concat([units("reset a", "b", "c", doc="x"), units("reset d", "e", doc="y")])
    pres = pd.DataFrame({"unit_id": list(u["unit_id"]), "frame": "f", "present": [1, 0, 0, 1, 1]})
    t = framing.frames_with_node(pres, u, n_boot=100).iloc[0]
    assert t["docs_with"] == 2 and t["n_with"] == 2 and {"lo_doc", "hi_doc"} <= set(t.index)
    by = framing.node_frame_by_document(pres, u, "f").set_index("doc_id")
    assert by.loc["x", "with_node"] == "1 of 1" and by.loc["y", "without_node"] == "1 of 1"
    assert "higher with the word in 1, lower in 0" in framing.node_frame_doc_sentence(pres, u, "f")


def test_period_labels_and_overlap_title():
    docs = pd.DataFrame({"id": ["a", "b", "c"], "period": ["2009", "2012", "2012"]})
    lab = fplots.period_labels(docs, pd.Series({"a": 551, "b": 1000, "c": 200}))
    assert lab == {"2009": "2009 (1 doc, 551 words)", "2012": "2012 (2 docs, 1,200 words)"}
    s = pd.Series({"x": 1.0, "y": 0.2})
    assert "every 95 % interval overlaps" in fplots.interval_overlap_title(s, pd.Series({"x": 0.2, "y": 0.05}),
                                                                           pd.Series({"x": 1.0, "y": 0.5}), "Share")
    assert "x vs y" in fplots.interval_overlap_title(s, pd.Series({"x": 0.6, "y": 0.05}), pd.Series({"x": 1.0, "y": 0.5}), "S")


def test_notebook_claims_on_quoting_and_collocates_hold(seed):
    from helpers import corpus
    from helpers import text
    paras = seed[0]
    docs = corpus.load_corpus()
    rates = wordcontext.quoting_rates(wordcontext.kwic(paras), docs, by="id")
    assert ((rates["share_quoted"] == 1.0) & (rates["matches"] == 1)).any()   # "a share of 1.0 may rest on one match"
    coll = wordcontext.collocates(paras)
    lines = wordcontext.collocate_lines(paras, list(coll.loc[coll["significant"], "collocate"]))
    assert lines.groupby("collocate")["doc_id"].nunique().min() == 1        # "repeat one writer's fixed phrase"
    words = text.document_lengths(paras).set_index("doc_id")["n_words"]
    base = wordcontext.quoting_baseline(rates, wordcontext.short_quoted_spans(paras), words)
    assert base["other_spans"].max() > 0                                    # some writer quotes other short phrases


def test_notebook_claim_on_the_keyness_prior_holds(seed):
    from helpers import text
    paras = seed[0]
    toks = text.content_tokens(text.tokens(paras))
    single = {s: int((wordcontext.keyness_table(wordcontext.log_odds(toks, prior_strength=s), toks, top_n=5)[
        "n_docs_corpus"] == 1).sum()) for s in (1.0, 0.1)}
    assert single[1.0] > single[0.1]            # "fill more of each period's top five than at the default"
    assert single[0.1] <= 15 // 2               # "keeps most of them down"


def test_solution_claims_hold(seed):
    paras, book, frames, hand = seed
    colls = {w: wordcontext.collocates(paras, window=w) for w in (2, 5, 10)}
    always = set.intersection(*(set(c.loc[c["significant"], "collocate"]) for c in colls.values()))
    assert always == {"bilateral"}                                           # exercise 3
    assert {"policy", "ties"} <= set(colls[2].loc[colls[2]["significant"], "collocate"])   # "a narrow window ..."
    wide = colls[10]
    assert not wide.loc[wide["collocate"].isin(["united_states", "putin", "russia"]), "significant"].any()
    assert wide["g2_pass"].sum() > wide["significant"].sum()                # "G2 passes words the exact test does not"
    ten = hand[hand["split"] == "test"].head(10)                             # exercise 2
    d = framing.score_paragraphs(ten, book).query("frame == 'trust'").set_index("unit_id")["present"]
    missed = set(ten.loc[(ten["trust"] == 1).to_numpy() & (d.reindex(ten["unit_id"]).to_numpy() == 0), "unit_id"])
    assert missed == {"cbs_2009:p08", "cbs_2009:p13"}


def test_cooccurrence_title_ignores_tiny_rows_and_names_ties():
    share = pd.DataFrame([[np.nan, 0.5, 1.0], [0.5, np.nan, 0.25], [1.0, 1.0, np.nan]], index=list("abc"), columns=list("abc"))
    n = pd.Series({"a": 4, "b": 4, "c": 1})
    assert fplots.cooccurrence_title(share, n) == "Of frames with 3+ paragraphs, highest: c in 100% of a paragraphs (4)"
    assert "No frame" in fplots.cooccurrence_title(share, pd.Series({"a": 1, "b": 1, "c": 1}))


def test_tuning_rule_prunes_imprecise_indicators_and_picks_a_threshold():
    from helpers.framing import cv
    # indicators: a (precise), b (hits negatives only), c (matches no tuning paragraph)
    m = np.array([[1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 1, 0], [1, 0, 1]])
    y = np.array([1, 1, 0, 0, 1])
    train = np.array([True, True, True, True, False])
    kept, k = cv.tune(m, y, train, min_precision=0.5)
    assert list(kept) == [True, False, True] and k == 1        # b: precision 1/3 < 0.5; c: no evidence, kept
    assert list(cv.predict(m, kept, k)) == [1, 1, 0, 0, 1]


def test_stratified_folds_balance_every_frame():
    from helpers.framing import cv
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
    from helpers.framing import cv
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


def test_notebook_claims_on_the_folds_hold(seed, primary):
    from helpers.framing import cv
    paras, book, frames, hand = seed
    final, _ = primary
    hits = framing.indicator_hits(paras, book)
    pred, _ = cv.cross_fitted(final, hits, frames)
    pred = pd.concat([cv.as_written(final, hits, frames), pred, cv.on_test_half(pred, final)], ignore_index=True)
    tab = cv.design_agreement(pred, n_boot=100)
    k = tab.set_index(["design", "frame"])["kappa"]
    test_ids = set(final.loc[final["split"] == "test", "unit_id"])
    th = pred[pred["design"].isin(cv.TEST_HALF_DESIGNS.values())]
    assert set(th["unit_id"]) == test_ids                                 # test-half designs: test paragraphs only
    # "as written ... equals the test-half kappa of section 8"
    sec8 = validation.agreement(final, framing.score_paragraphs(paras, book), frames, n_boot=20).set_index("frame")
    for f in frames:
        x, y = k[("as written: test half", f)], sec8.at[f, "kappa"]
        assert (pd.isna(x) and pd.isna(y)) or round(x, 6) == round(y, 6)
    # "pooled figures are flattered": pooled kappa above the test-half kappa for most estimable frames
    est = tab[(tab["design"] == "leave one document out (pooled)") & tab["estimable"]]["frame"]
    pooled = k.loc["leave one document out (pooled)"].reindex(est)
    held = k.loc["leave one document out: test-half paragraphs"].reindex(est)
    assert (pooled > held).mean() > 0.5
    rep = cv.repeated_stratified(final, hits, frames, n_repeats=5)
    title = cv.lodo_title(tab, rep, frames)
    assert "lose" not in title and "inside the stratified seed range" in title
    assert "seed range" in cv.lodo_sentence(tab, rep, frames, test_half=True) or "outside" not in title


def test_lodo_sentence_names_frames_outside_the_seed_range():
    from helpers.framing import cv
    tab = pd.DataFrame({"design": ["leave one document out (pooled)"] * 2, "frame": ["a", "b"], "kappa": [0.2, 0.7],
                        "estimable": [True, True]})
    rep = pd.DataFrame({"frame": ["a", "b"], "min": [0.5, 0.6], "max": [0.7, 0.8], "repeats": 20})
    s = cv.lodo_sentence(tab, rep, ["a", "b"])
    assert "1 have a LODO kappa below the range" in s and "a (LODO 0.20, seeds 0.50 to 0.70)" in s
    s2 = cv.lodo_sentence(tab.assign(kappa=[0.6, 0.7]), rep, ["a", "b"])
    assert "no frame falls outside the stratified split's seed range" in s2
