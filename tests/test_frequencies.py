"""What the tokeniser and its filters do, on small texts written for the tests (helpers.corpus.frequencies)."""
from __future__ import annotations

import pandas as pd

from helpers import text
from helpers.corpus import frequencies


def units():
    return pd.DataFrame({"doc_id": ["d1", "d1", "d2"], "unit_id": ["d1:p00", "d1:p01", "d2:p00"],
                         "text": ["Trade and peace. Trade with the U.S. and Putin-Biden talks; Putin's word.",
                                  "Peace again; the United States and Putin. It's late, they won't wait.",
                                  "The US and Russia: trade, war, 2021. U.S.-Russia ties and the post-Cold War era."]})


def test_filter_steps_account_for_every_token():
    toks_all = text.tokens(units())
    steps = frequencies.filter_steps(toks_all, min_length=3)
    assert steps["left"].iloc[0] == len(toks_all)
    assert steps["left"].iloc[-1] == len(text.content_tokens(toks_all))
    assert (steps["left"].iloc[:-1].to_numpy() - steps["removed"].iloc[1:].to_numpy()
            == steps["left"].iloc[1:].to_numpy()).all()
    assert "2021 (1)" in steps.set_index("step").loc["no digits or periods", "most_removed"]
    plain = frequencies.filter_steps(text.tokens(units(), phrases=False), min_length=3).set_index("step")
    assert "u.s (2)" in plain.loc["no digits or periods", "most_removed"]  # without the layer "U.S." is dropped


def test_hyphen_splits_separate_compounds_kept_whole_without_the_layer():
    splits = frequencies.hyphen_splits(units()).set_index("form")
    assert splits.loc["Putin-Biden", "plain"] == "putin-biden"
    assert splits.loc["Putin-Biden", "with_layer"] == "putin + biden"
    assert splits.loc["Putin-Biden", "kept_whole_without_layer"]
    assert splits.loc["U.S.-Russia", "plain"] == "u.s + russia"  # split by both: the period ends the plain token
    assert not splits.loc["U.S.-Russia", "kept_whole_without_layer"]
    assert splits.loc["post-Cold War", "with_layer"] == "post + cold_war"  # the whole phrase, not only "post-Cold"
    assert list(splits["kept_whole_without_layer"]) == sorted(splits["kept_whole_without_layer"], reverse=True)


def test_apostrophe_forms_show_what_the_tokeniser_does():
    forms = frequencies.apostrophe_forms(units()).set_index("form")
    assert forms.loc["Putin's", "token"] == "putin"
    assert forms.loc["It's", "token"] == "it" and not forms.loc["It's", "content_word"]  # 's dropped as if possessive
    assert forms.loc["won't", "token"] == "won't" and forms.loc["won't", "content_word"]  # kept whole, counted
    in_phrase = frequencies.apostrophe_forms(pd.DataFrame({"text": ["The White House's view and the house's roof."]}))
    assert dict(zip(in_phrase["form"], in_phrase["token"])) == {"White House's": "white_house", "house's": "house"}
    years = frequencies.apostrophe_forms(pd.DataFrame({"text": ["In the 1990's the partners' views changed."]}))
    assert list(years["form"]) == ["1990's"] and years["token"].iloc[0] == "1990"  # a final apostrophe is no form


def test_mention_check_with_and_without_the_phrase_layer():
    actors = pd.DataFrame({"actor": ["Putin", "Biden"], "side": ["Russia", "US"],
                           "pattern": [r"\bPutin\b", r"\bBiden\b"], "note": ["", ""], "type": ["person", "person"]})
    check = frequencies.mention_check(units(), actors).set_index("actor")
    assert check.loc["Putin", "pattern_mentions"] == check.loc["Putin", "token_count"] == 3
    assert check["agree"].all()
    plain = frequencies.mention_check(units(), actors, phrases=False).set_index("actor")
    assert plain.loc["Putin", "token_count"] == 2 and not plain.loc["Putin", "agree"]  # "Putin-Biden" stays whole


def test_word_count_parts_lead_from_whitespace_words_to_tokens():
    frame = pd.DataFrame({"doc_id": ["d1", "d1"], "unit_id": ["d1:p00", "d1:p01"],
                          "text": ["Vladimir Putin met the U.S. envoy – briefly.", "U.S.-Russia and Russia-US ties."]})
    parts = frequencies.word_count_parts(frame).set_index("doc_id").loc["d1"]
    assert parts["n_whitespace_words"] == 12 and parts["no_token"] == 1  # the dash
    assert parts["split_pieces"] == 1  # "U.S.-Russia": u.s + russia
    assert parts["phrases_joined"] == 1 and parts["compounds_split"] == 1  # "Vladimir Putin"; "Russia-US"
    assert parts["n_whitespace_words"] - parts["no_token"] + parts["split_pieces"] == parts["plain_tokens"]
    assert parts["plain_tokens"] - parts["phrases_joined"] + parts["compounds_split"] == parts["n_tokens"]
    assert parts["n_tokens"] == len(text.tokenize(frame["text"][0])) + len(text.tokenize(frame["text"][1]))
    assert parts["n_whitespace_words"] == sum(len(t.split()) for t in frame["text"])
