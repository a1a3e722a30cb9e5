"""Sentences, tokens, term counts and actor mentions on small texts written for the tests."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers import text


@pytest.mark.parametrize("sample,expected", [
    ("U.S. President Barack Obama met Mr. Putin. They talked.", 2),
    ("On Dec. 14 the U.S. Congress voted. Dr. Smith and Mrs. Jones disagreed.", 2),
    ("He lives in Washington D.C. and works there. She does not.", 2),
    ("Is it over? No! It has just begun.", 3),
])
def test_sentence_splitting_knows_abbreviations(sample, expected):
    assert len(text.split_sentences(sample)) == expected


def test_split_sentences_of_empty_text_is_empty():
    assert text.split_sentences("   \n ") == []


def test_tokenize_keeps_inner_punctuation_and_drops_possessive():
    assert text.tokenize("Russia's U.S.-backed re-set, 2009!") == ["russia", "u.s", "backed", "re-set", "2009"]
    assert text.tokenize("Obama’s plan", lowercase=False) == ["Obama", "plan"]


def paras_frame():
    return pd.DataFrame({"doc_id": ["d1", "d1", "d2"], "para_id": [0, 1, 0],
                         "unit_id": ["d1:p00", "d1:p01", "d2:p00"],
                         "text": ["Mr. Putin spoke. Obama listened.", "The reset failed.", "Trade and trade again."],
                         "n_words": [5, 3, 4], "period": ["2009", "2009", "2012"], "block_type": ["body"] * 3})


def test_sentences_table_numbers_sentences_within_document():
    s = text.sentences(paras_frame())
    assert list(s["sent_id"]) == [0, 1, 2, 0]
    assert list(s["unit_id"]) == ["d1:p00:s00", "d1:p00:s01", "d1:p01:s00", "d2:p00:s00"]
    assert s.loc[0, "text"] == "Mr. Putin spoke."
    assert (s["period"] == ["2009", "2009", "2009", "2012"]).all()


def test_tokens_and_term_counts_by_group():
    toks = text.content_tokens(text.tokens(paras_frame()))
    counts = text.term_counts(toks, by="doc_id")
    d2 = counts[counts.doc_id == "d2"].set_index("token")
    assert d2.loc["trade", "count"] == 2 and d2.loc["trade", "rank"] == 1
    assert d2["share"].sum() == pytest.approx(1.0)
    assert "the" not in set(counts["token"])  # stop word


def test_term_counts_breaks_ties_alphabetically():
    toks = pd.DataFrame({"token": ["zeta", "alpha", "mid", "mid"]})
    assert list(text.term_counts(toks)["token"]) == ["mid", "alpha", "zeta"]


def test_actor_mentions_counts_every_document_and_actor():
    actors = pd.DataFrame({"actor": ["Putin", "Obama", "Biden"], "side": ["Russia", "United States", "United States"],
                           "pattern": [r"\bPutin\b", r"\bObama\b", r"\bBiden\b"]})
    m = text.actor_mentions(paras_frame(), actors).set_index(["doc_id", "actor"])
    assert m.loc[("d1", "Putin"), "mentions"] == 1
    assert m.loc[("d2", "Biden"), "mentions"] == 0
    assert len(m) == 6


def test_load_actors_rejects_bad_pattern(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text("actor,side,pattern\nX,Russia,(unclosed\n", encoding="utf-8")
    with pytest.raises(ValueError, match="actor 'X'.*not a valid regular expression"):
        text.load_actors(path)


def test_document_lengths():
    lengths = text.document_lengths(paras_frame()).set_index("doc_id")
    assert lengths.loc["d1", "n_sentences"] == 3
    assert lengths.loc["d1", "n_words"] == 8
    assert lengths.loc["d2", "n_paragraphs"] == 1
