"""Rates, document frequency, ties and actor checks on small texts written for the tests."""
from __future__ import annotations

import pandas as pd

from helpers.corpus import frequencies
from helpers import text


def units():
    return pd.DataFrame({"doc_id": ["d1", "d1", "d2"], "unit_id": ["d1:p00", "d1:p01", "d2:p00"],
                         "text": ["Trade and peace. Trade with the U.S. and Putin-Biden talks.",
                                  "Peace again; the United States and Putin.",
                                  "The US and Russia: trade, war, 2021."]})


def test_term_frequencies_give_rates_doc_frequency_and_ties():
    toks_all = text.tokens(units())
    freq = frequencies.term_frequencies(text.content_tokens(toks_all), n_words=len(toks_all)).set_index("token")
    assert freq.loc["united_states", "count"] == 3 and freq.loc["united_states", "doc_freq"] == 2
    assert freq.loc["trade", "count"] == 3 and freq.loc["trade", "tied"]
    assert freq.loc["united_states", "rank"] == freq.loc["trade", "rank"] == 1  # tied terms share the rank
    assert freq.loc["putin", "rank"] == 3  # min rank: 1, 1, 3
    assert freq.loc["trade", "per_1000_words"] == round(1000 * 3 / len(toks_all), 2)


def test_ties_sentence_names_a_split_tie_at_the_cutoff():
    freq = pd.DataFrame({"rank": [1, 2, 2, 2], "token": ["a", "b", "c", "d"], "count": [5, 2, 2, 2],
                         "per_1000_words": [0.0] * 4, "doc_freq": [1] * 4, "tied": [False, True, True, True]})
    s = frequencies.ties_sentence(freq, 2)
    assert "falls inside a tie: 3 terms occur 2 times, 1 shown, not shown: c, d" in s
    assert "does not split a tie" in frequencies.ties_sentence(freq, 4)


def test_document_terms_rates_use_each_documents_length():
    toks_all = text.tokens(units())
    lengths = toks_all.groupby("doc_id").size().rename("n_words").reset_index()
    per_doc = frequencies.document_terms(text.content_tokens(toks_all), lengths).set_index(["doc_id", "token"])
    n_d2 = int(lengths.set_index("doc_id").loc["d2", "n_words"])
    assert per_doc.loc[("d2", "trade"), "per_1000_words"] == round(1000 / n_d2, 1)
    wide = frequencies.document_terms_wide(per_doc.reset_index(), ["d2", "d1"])
    assert list(wide.columns) == ["d2", "d1"]


def test_filter_steps_account_for_every_token():
    toks_all = text.tokens(units())
    steps = frequencies.filter_steps(toks_all, min_length=3)
    assert steps["left"].iloc[0] == len(toks_all)
    assert steps["left"].iloc[-1] == len(text.content_tokens(toks_all))
    assert (steps["left"].iloc[:-1].to_numpy() - steps["removed"].iloc[1:].to_numpy()
            == steps["left"].iloc[1:].to_numpy()).all()
    assert "2021 (1)" in steps.set_index("step").loc["no digits or periods", "most_removed"]


def test_phrase_forms_and_before_after():
    forms = frequencies.phrase_forms(units()).set_index("canonical")
    assert forms.loc["united_states", "count"] == 3
    assert forms.loc["united_states", "forms"] == "U.S. (1), US (1), United States (1)"
    ba = frequencies.before_after(units(), n=3)
    assert "united_states" in set(ba["with"]) and "united_states" not in set(ba["without"])


def test_actor_rates_types_absence_and_mention_check():
    actors = pd.DataFrame({"actor": ["Putin", "Biden", "Yeltsin", "Kremlin"], "side": ["Russia", "US", "Russia", "Russia"],
                           "pattern": [r"\bPutin\b", r"\bBiden\b", r"\bYeltsin\b", r"\bKremlin\b"],
                           "note": [""] * 4, "type": ["person", "person", "person", "institution"]})
    rates = frequencies.actor_rates(units(), actors)
    people = frequencies.rate_table(rates, "person", ["d1", "d2"], actors)
    assert list(people.columns) == ["Putin", "Biden", "Yeltsin"]  # every listed person, mentioned or not
    assert frequencies.absent_actors(rates) == ["Kremlin", "Yeltsin"]
    check = frequencies.mention_check(units(), actors).set_index("actor")
    assert check.loc["Putin", "pattern_mentions"] == check.loc["Putin", "token_count"] == 2  # "Putin-Biden" split
    assert check["agree"].all()
    title = frequencies.actor_title(rates, "person")
    assert title.startswith("No person is in all 2 documents\nhighest: Putin in d1 (")
    assert title.endswith("\n2 of 3 listed in one document only, 1 in none")  # Yeltsin: listed, never mentioned
    assert frequencies.actor_title(rates, "institution") == "No institution from the actor list is mentioned"


def test_spread_title_names_both_ends():
    spread = pd.Series({"a": 0.5, "b": 0.1, "c": 1.2})
    assert frequencies.spread_title(spread) == ("'b' is the most evenly spread top term (CV 0.10), "
                                                "'c' the most concentrated (CV 1.20)")
