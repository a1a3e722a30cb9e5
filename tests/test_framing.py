"""Unit tests for helpers.framing, on small texts and tables written here."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import framing


def units(*texts: str, doc: str = "d1") -> pd.DataFrame:
    return pd.DataFrame({"doc_id": doc, "unit_id": [f"{doc}:p{i:02d}" for i in range(len(texts))],
                         "text": list(texts), "period": "2009"})


# ---------------------------------------------------------------- KWIC and quoting

def test_kwic_finds_every_form_and_nothing_else():
    u = units("Reset the ties. It resets. Resetting is hard; a re-set too.",
              "Resettle, preset and resetter are other words.")
    conc = framing.kwic(u)
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
])
def test_kwic_marks_quoting(sentence, quoted, style):
    conc = framing.kwic(units(sentence))
    assert len(conc) == 1
    assert conc["quoted"].dtype == bool and bool(conc["quoted"].iloc[0]) is quoted
    assert conc["quote_style"].iloc[0] == style


def test_quoting_rates_keep_groups_without_matches():
    u = pd.concat([units('a "reset" and a reset', doc="a"), units("no node word here", doc="b")])
    docs = pd.DataFrame({"id": ["a", "b"], "period": ["2009", "2012"]})
    rates = framing.quoting_rates(framing.kwic(u), docs, by="id").set_index("id")
    assert rates.loc["a", "matches"] == 2 and rates.loc["a", "quoted"] == 1
    assert rates.loc["a", "share_quoted"] == 0.5
    assert rates.loc["b", "matches"] == 0 and math.isnan(rates.loc["b", "share_quoted"])


# ---------------------------------------------------------------- collocates

def test_collocates_match_hand_counts():
    # unit 1 tokens: peace reset button peace ; unit 2: button war.  N = 6 tokens, node once.
    u = units("peace reset button peace", "button war")
    col = framing.collocates(u, window=2, min_freq=1, stop_words=None).set_index("collocate")
    assert col.loc["peace", "cooc"] == 2          # both 'peace' tokens are within 2 of the node
    assert col.loc["button", "cooc"] == 1         # the second 'button' is in another unit
    assert "war" not in col.index                 # never near the node
    assert col.loc["peace", "freq"] == 2 and col.loc["button", "freq"] == 2
    expected = 1 * 2 * 2 * 2 / 6                  # node freq * span * word freq / N
    assert col.loc["peace", "expected"] == pytest.approx(expected)
    assert col.loc["peace", "pmi"] == pytest.approx(math.log2(2 / expected))


def test_collocates_window_does_not_cross_units_and_counts_both_sides():
    u = units("alpha beta reset", "gamma delta")
    col = framing.collocates(u, window=5, min_freq=1, stop_words=None).set_index("collocate")
    assert set(col.index) == {"alpha", "beta"}
    u2 = units("alpha reset alpha resets alpha")
    col2 = framing.collocates(u2, window=1, min_freq=1, stop_words=None).set_index("collocate")
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
    assert n_words == 8
    assert s.loc[("d1:p00", "sec"), "per_1000_words"] == pytest.approx(3000 / 8)


def test_profile_and_cooccurrence():
    cb = book(a=("alpha",), b=("beta",))
    u = units("alpha beta", "alpha", "gamma")
    s = framing.score_paragraphs(u, cb)
    co = framing.frame_cooccurrence(s)
    assert co.loc["a", "a"] == 2 and co.loc["a", "b"] == 1 and co.loc["b", "b"] == 1
    prof = framing.frame_profile(s, by="doc_id").set_index("frame")
    assert prof.loc["a", "share_present"] == pytest.approx(2 / 3)
    assert prof.loc["a", "per_1000_words"] == pytest.approx(1000 * 2 / 4)
    wn = framing.frames_with_node(s, units("alpha beta reset", "alpha", "gamma"), pattern="reset").set_index("frame")
    assert wn.loc["a", "with_node"] == 1.0 and wn.loc["a", "without_node"] == 0.5
    assert wn.loc["b", "with_minus_without"] == 1.0 and wn.loc["a", "n_with"] == 1


# ---------------------------------------------------------------- keyness

def test_log_odds_matches_a_hand_computation():
    toks = pd.DataFrame({"period": ["A"] * 4 + ["B"] * 2, "token": ["x", "x", "x", "y", "y", "y"]})
    lo = framing.log_odds(toks, group="period", prior_scale=1.0).set_index(["group", "token"])
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
    a = framing.split_halves(ids, seed=7)
    b = framing.split_halves(list(reversed(ids)), seed=7)
    assert a.equals(b)
    assert (a == "tuning").sum() == 6 and (a == "test").sum() == 5
    assert not a.equals(framing.split_halves(ids, seed=8))


def test_agreement_reports_undefined_kappa_as_nan_with_a_note():
    hand = pd.DataFrame({"unit_id": ["u1", "u2", "u3", "u4"], "split": "test", "text": "",
                         "f": [1, 1, 0, 0], "g": [0, 0, 0, 0]})
    scores = pd.DataFrame({"unit_id": ["u1", "u2", "u3", "u4"] * 2, "frame": ["f"] * 4 + ["g"] * 4,
                           "present": [1, 0, 0, 0, 0, 1, 0, 0]})
    ag = framing.agreement(hand, scores, ["f", "g"]).set_index("frame")
    assert ag.loc["f", "precision"] == 1.0 and ag.loc["f", "recall"] == 0.5
    assert ag.loc["f", "kappa"] == pytest.approx(0.5)
    assert np.isnan(ag.loc["g", "kappa"]) and np.isnan(ag.loc["g", "recall"])
    assert "absent" in ag.loc["g", "note"]
    dis = framing.disagreements(hand, scores, ["f", "g"])
    assert set(dis.loc[dis["n_disagree"] > 0, "unit_id"]) == {"u2"}
    assert dis.set_index("unit_id").loc["u2", "hand_only"] == "f"
    assert dis.set_index("unit_id").loc["u2", "dict_only"] == "g"


def test_handcoding_file_matches_corpus_and_codebook():
    from helpers import corpus
    cb = framing.load_codebook()
    frames = list(cb.loc[cb["family"] != "metaphor", "name"])
    hand = framing.load_handcoding(frames=frames)
    paras = corpus.paragraphs(corpus.load_corpus())
    assert sorted(hand["unit_id"]) == sorted(paras["unit_id"])
    assert hand.set_index("unit_id")["split"].equals(
        framing.split_halves(hand["unit_id"]).reindex(hand["unit_id"]))


# ---------------------------------------------------------------- titles that name every tied winner

def test_top_ties_names_every_item_tied_at_the_shown_precision():
    z = pd.Series({"biden": 1.8412, "russia-us": 1.8412, "stability": 1.8412, "sides": 1.8371, "upcoming": 1.60})
    assert framing.top_ties(z, 2) == ["biden", "russia-us", "stability", "sides"]
    assert framing.top_ties(z) == ["biden", "russia-us", "stability"]
    assert framing.top_ties(pd.Series({"a": np.nan, "b": 0.2})) == ["b"]
    assert framing.top_ties(pd.Series(dtype=float)) == []


def test_top_ties_on_cooccurrence_pairs():
    co = pd.DataFrame([[5, 3, 3], [3, 4, 1], [3, 1, 6]], index=list("xyz"), columns=list("xyz"))
    upper = co.where(np.triu(np.ones(co.shape, dtype=bool), k=1)).stack()
    assert framing.top_ties(upper) == [("x", "y"), ("x", "z")]


def test_and_list():
    assert framing.and_list(["a"]) == "a"
    assert framing.and_list(["a", "b"]) == "a and b"
    assert framing.and_list(["a", "b", "c"]) == "a, b and c"
    assert framing.and_list(list("abcde"), limit=4) == "a, b, c, d, …"
    assert framing.and_list([]) == ""
