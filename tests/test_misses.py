"""What the word lists miss (helpers.corpus.misses), on small texts written for the tests."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers.corpus import misses


def units():
    return pd.DataFrame({"doc_id": ["d1", "d1", "d2"], "unit_id": ["d1:p00", "d1:p01", "d2:p00"],
                         "text": ["Moscow decided that Washington had lied. Obama came to Moscow in May.",
                                  "The Carnegie Moscow Center says the U.S. administration and Putin agree.",
                                  "In Washington, Putin spoke; Moscow's readiness surprised the Kremlin."]})


def actors():
    return pd.DataFrame({"actor": ["Obama", "Putin", "Kremlin"], "side": ["United States", "Russia", "Russia"],
                         "pattern": [r"\bObama\b", r"\bPutin\b", r"\bKremlin\b"], "note": [""] * 3,
                         "type": ["person", "person", "institution"]})


def test_the_shipped_list_loads_and_every_pattern_compiles():
    table = misses.load_misses()
    assert list(table.columns) == misses.MISS_COLUMNS
    assert {"United States", "Russia"} <= set(table["side"])
    assert (table["kind"] == misses.ACTOR_MISS).any()


def test_a_bad_miss_file_names_the_row(tmp_path):
    bad = tmp_path / "known_misses.csv"
    bad.write_text("label,side,kind,pattern,effect\nbroken,Russia,actor not listed,(unclosed,none\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 2 \('broken'\)"):
        misses.load_misses(bad)
    bad.write_text("label,side\nx,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lacks column"):
        misses.load_misses(bad)


def test_capitals_count_as_actors_unless_a_place_or_part_of_a_name():
    counts = misses.miss_counts(units()).set_index("label")["count"]
    # Moscow decided / Moscow's readiness count; "to Moscow" and "Carnegie Moscow Center" do not
    assert counts["Moscow (the capital as an actor)"] == 2
    # "Washington had lied" counts; "In Washington" does not (a place, even capitalised at a sentence start)
    assert counts["Washington (the capital as an actor)"] == 1
    assert counts["administration (the U.S., Bush, next)"] == 1


def test_side_mentions_add_the_actor_misses_to_the_listed_counts():
    sides = misses.side_mentions(units(), actors()).set_index(["doc_id", "side"])
    assert sides.loc[("d1", "Russia"), "listed"] == 1 and sides.loc[("d1", "Russia"), "missed"] == 1
    assert sides.loc[("d1", "United States"), "missed"] == 2  # Washington, the U.S. administration
    assert (sides["with_misses"] == sides["listed"] + sides["missed"]).all()
    assert sides.loc[("d2", "Russia"), "with_misses"] == 3  # Putin, Kremlin, Moscow's


def test_capital_candidates_skip_listed_words_and_sentence_starts():
    cands = misses.capital_candidates(units(), actors(), min_count=1).set_index("word")
    assert "Putin" not in cands.index and "Kremlin" not in cands.index  # covered by the actor list
    assert "The" not in cands.index and "In" not in cands.index  # first words of sentences
    assert cands.loc["Washington", "count"] == 2  # "In Washington": "In" starts the sentence, not "Washington"
    assert "Moscow's" in cands.index


def test_capital_matches_flag_sentence_openers_and_candidates_show_an_example():
    found = misses.capital_matches(units(), actors())
    opening = found[found["sentence_initial"]]
    assert {"Moscow", "The", "In"} <= set(opening["word"])  # "Moscow decided ...", "The Carnegie ...", "In Washington"
    assert not found.loc[found["word"] == "Putin"].shape[0]  # covered by the actor list
    cands = misses.capital_candidates(units(), actors(), min_count=1).set_index("word")
    assert cands.loc["Washington", "count"] == len(found[(found["word"] == "Washington") & ~found["sentence_initial"]])
    assert "Washington had lied" in cands.loc["Washington", "example"]
    assert list(misses.capital_candidates(units(), actors(), min_count=2)["word"]) == ["Moscow", "Washington"]
