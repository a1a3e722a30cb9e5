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
    assert text.tokenize("Russia's U.S.-backed re-set, 2009!") == ["russia", "united_states", "backed", "re-set",
                                                                   "2009"]
    assert text.tokenize("Russia's U.S.-backed re-set", phrases=False) == ["russia", "u.s", "backed", "re-set"]
    assert text.tokenize("the plan’s end", lowercase=False) == ["the", "plan", "end"]
    assert text.tokenize("Obama’s plan", lowercase=False) == ["obama", "plan"]  # canonical forms are lower case


@pytest.mark.parametrize("sample", ["the U.S. economy", "the u.s. economy", "the US economy", "the United States economy",
                                    "the United States of America economy", "the USA economy", "the U.S.A. economy",
                                    "the United\n   States economy"])
def test_every_form_of_the_united_states_is_one_term(sample):
    assert text.tokenize(sample) == ["the", "united_states", "economy"]


def test_lower_case_us_is_the_pronoun_and_a_stop_word():
    assert text.tokenize("Let us talk to the US.") == ["let", "us", "talk", "to", "the", "united_states"]
    assert text.analyzer()("Let us talk to the US.") == ["let", "talk", "united_states"]
    assert "us" in text.STOP_WORDS


def test_hyphenated_compounds_split_only_where_a_part_is_listed():
    assert text.tokenize("U.S.-Russian ties") == ["united_states", "russian", "ties"]
    assert text.tokenize("US-Russia and Russia-US relations") == ["united_states", "russia", "and", "russia",
                                                                  "united_states", "relations"]
    assert text.tokenize("an Obama-Putin meeting") == ["an", "obama", "putin", "meeting"]
    assert text.tokenize("then-US Vice President Joe Biden") == ["then", "united_states", "vice_president", "biden"]
    # neither part listed: one token
    assert text.tokenize("Russian-American trade, re-establish") == ["russian-american", "trade", "re-establish"]
    assert text.tokenize("the Jackson–Vanik Amendment") == ["the", "jackson_vanik"]  # en dash for the hyphen


def test_phrases_join_across_line_breaks_and_spaces():
    assert text.tokenize("the Cold\nWar, the White   House and\r\nGreat\tBritain") == [
        "the", "cold_war", "the", "white_house", "and", "great_britain"]


def test_names_become_one_term_and_case_decides_where_needed():
    assert text.tokenize("Vladimir Putin met Putin's aides") == ["putin", "met", "putin", "aides"]
    assert text.tokenize("New START is not a new start") == ["new_start", "is", "not", "a", "new", "start"]
    assert text.tokenize("Bush and a bush; Trump will trump") == ["bush", "and", "a", "bush", "trump", "will",
                                                                  "trump"]
    assert text.tokenize("G8, G-20, EU, NATO, the Soviet Union and the USSR") == [
        "g8", "g20", "european_union", "nato", "the", "soviet_union", "and", "the", "soviet_union"]


def test_listed_phrases_are_not_found_inside_words():
    assert text.tokenize("USB sticks and BUSH") == ["usb", "sticks", "and", "bush"]
    assert text.phrase_spans("Obamacare and Putinism").empty


def test_phrase_spans_offsets_point_at_the_matched_text():
    sample = "Talks in the United\nStates: Great Britain, the U.S. and NATO."
    spans = text.phrase_spans(sample)
    assert list(spans.columns) == ["start", "end", "phrase", "canonical", "kind", "matched"]
    assert list(spans["canonical"]) == ["united_states", "great_britain", "united_states", "nato"]
    assert list(spans["kind"]) == ["place", "place", "acronym", "acronym"]
    for rec in spans.itertuples():
        assert sample[rec.start:rec.end] == rec.matched
    assert sample[spans["start"][0]:spans["end"][0]] == "United\nStates"
    assert text.phrase_spans("no phrase here").empty


def test_mask_names_leaves_no_name_for_a_lexicon_to_score():
    masked = text.mask_names("Great Britain and the United States praised Putin during the Cold War.")
    assert "Great" not in masked and "United" not in masked and "Putin" not in masked
    assert "Cold War" in masked  # a concept, not a name: kept
    assert masked.endswith("during the Cold War.")
    from textblob import TextBlob
    from helpers import sentiment
    sia = sentiment.vader_analyzer()
    assert sia.polarity_scores("Great Britain")["compound"] > 0  # why masking is needed
    for name in ["Great Britain", "the United States", "the White House"]:
        assert sia.polarity_scores(text.mask_names(name))["compound"] == 0
        assert TextBlob(text.mask_names(name)).sentiment.polarity == 0


def test_analyzer_works_in_countvectorizer_and_keeps_phrases():
    import pickle
    from sklearn.feature_extraction.text import CountVectorizer
    docs = ["The U.S. and the EU met in the White House.", "The US and us: a G8 talk about missile defense."]
    vec = CountVectorizer(analyzer=text.analyzer())
    dtm = vec.fit_transform(docs)
    vocab = list(vec.get_feature_names_out())
    assert vocab == ["european_union", "g8", "met", "missile_defense", "talk", "united_states", "white_house"]
    assert dtm[:, vocab.index("united_states")].toarray().ravel().tolist() == [1, 1]
    assert pickle.loads(pickle.dumps(text.analyzer()))("Cold War") == ["cold_war"]
    assert text.analyzer(stop_words=None, min_length=1)("a US") == ["a", "united_states"]


def test_no_canonical_form_is_a_stop_word_and_phrase_tokens_are_content():
    assert not (text.canonical_terms() & text.STOP_WORDS)
    toks = text.tokens(pd.DataFrame({"doc_id": ["d"], "unit_id": ["d:p00"], "text": ["The G8 and the US met."]}))
    assert list(text.content_tokens(toks)["token"]) == ["g8", "united_states", "met"]
    assert toks.set_index("token").loc["g8", "is_alpha"]


def test_load_phrases_rejects_bad_rows(tmp_path):
    path = tmp_path / "phrases.csv"
    path.write_text("phrase,canonical,kind\nCold War,Cold War,concept\n", encoding="utf-8")
    with pytest.raises(ValueError, match="phrases.csv', line 2.*canonical form"):
        text.load_phrases(path)
    path.write_text("phrase,canonical,kind\nCold War,cold_war,idea\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kind 'idea'"):
        text.load_phrases(path)
    path.write_text("phrase,kind\nCold War,concept\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lacks column"):
        text.load_phrases(path)
    with pytest.raises(FileNotFoundError, match="phrase list"):
        text.load_phrases(tmp_path / "missing.csv")


def test_the_project_phrase_list_loads_and_covers_the_required_terms():
    table = text.load_phrases()
    canon = dict(zip(table["phrase"], table["canonical"]))
    for phrase, expected in [("United States", "united_states"), ("U.S.", "united_states"), ("US", "united_states"),
                             ("White House", "white_house"), ("Great Britain", "great_britain"),
                             ("missile defense", "missile_defense"), ("Cold War", "cold_war"),
                             ("New START", "new_start"), ("great powers", "great_powers"),
                             ("Vladimir Putin", "putin"), ("Barack Obama", "obama"), ("Dmitry Medvedev", "medvedev"),
                             ("Joe Biden", "biden"), ("Sergei Lavrov", "lavrov"), ("European Union", "european_union"),
                             ("EU", "european_union"), ("NATO", "nato"), ("G20", "g20"), ("G8", "g8"),
                             ("Soviet Union", "soviet_union"), ("USSR", "soviet_union")]:
        assert canon[phrase] == expected


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
