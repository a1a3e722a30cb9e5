"""Tests of helpers.rated_lexicons on short sentences written for them."""
from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from helpers.sentiment import lexicons
from helpers.sentiment import rated_lexicons as rl


def _one(text: str) -> pd.Series:
    return rl.rated_lexicon_features([text]).iloc[0]


def test_every_lexicon_loads_from_its_package():
    src = rl.lexicon_sources().set_index("lexicon")
    assert src.loc["labMT 1.0", "entries"] == 10222
    assert src.loc["Warriner norms", "entries"] == 13915
    assert src["entries"].min() > 5000
    assert src["licence"].str.len().gt(0).all() and src["citation"].str.len().gt(0).all()
    assert rl.labmt()["laughter"] > 8 and rl.warriner_ratings("valence")["abandon"] < 3
    assert "good" in rl.opinion_lexicon()["positive"] and "awful" in rl.opinion_lexicon()["negative"]
    assert rl.mpqa()["abandon"] == ("weak", "negative")
    assert "fear" in rl.nrc()["abandon"]


def test_columns_and_an_empty_or_neutral_text_give_zeros():
    out = rl.rated_lexicon_features(["", "The meeting is on the fourth floor."])
    assert list(out.columns) == rl.RATED_COLUMNS and len(out) == 2
    assert (out.iloc[0] == 0).all()
    assert out.loc[1, ["ol_pos", "ol_neg", "lab_n"]].tolist() == [0.0, 0.0, 0.0]


def test_positive_and_negative_sentences_are_told_apart():
    pos, neg = _one("A wonderful, happy success for peace."), _one("A terrible, cruel failure and a disaster.")
    for col in ("lab_mean", "wk_mean", "wk_negmean"):
        assert pos[col] > 0 > neg[col]
    assert pos["ol_pos"] >= 2 and pos["ol_neg"] == 0
    assert neg["ol_neg"] >= 3 and neg["nrc_negative"] >= 2


def test_inflected_forms_find_their_lemma():
    assert rl.lexicon_entry("abandoned", rl.warriner_ratings("valence")) == "abandon"
    assert rl.lexicon_entry("cities", {"city": 5.0}) == "city"
    assert rl.lexicon_entry("zzzz", rl.warriner_ratings("valence")) is None
    assert _one("They abandoned the talks.")["wk_n"] >= 1


def test_negation_flips_only_the_negated_mean():
    plain, negated = _one("The summit was a success."), _one("The summit was not a success.")
    assert plain["wk_mean"] > 0 and negated["wk_mean"] > 0
    assert negated["wk_negmean"] < 0 < plain["wk_negmean"]
    assert negated["ol_pos"] == 0 and negated["ol_pos_negated"] == 1
    assert rl.negated_flags(["it", "isn't", "a", "good", "deal", "at", "all"]).tolist() == [
        False, False, True, True, True, False, False]


def test_masked_names_carry_no_lexicon_value():
    text = "Great Britain and the United States agreed."
    split = dict(zip(rl.RATED_COLUMNS, rl.token_features(text.lower().rstrip(".").split())))
    assert split["ol_pos"] >= 1                          # split naively, "great" reads as praise
    assert _one(text)["ol_pos"] == 0                     # the phrase layer joins the name into one token
    assert _one(lexicons.names_masked(text))["ol_pos"] == 0


def test_a_missing_package_names_the_fix(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "nrclex" else real(name, *a))
    with pytest.raises(ModuleNotFoundError, match="nrclex.*requirements.lock"):
        rl.package_data("nrclex")
