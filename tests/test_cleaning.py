"""The cleaning rules, on small raw texts written for the tests."""
from __future__ import annotations

from helpers import cleaning

RAW = """Watch XYZN Live

# A Warm Meeting in Geneva

By [Jane Doe](#)

June 16, 2021

The two presidents met for two hours and said that their talks had been constructive and
useful for both sides, despite the sanctions announced last month by the White House.

(AP Photo/Some Photographer)
Both leaders agreed to return their ambassadors to their posts, a first step after months of
expelled diplomats and closed consulates.

More from GPS: Something else entirely

The summit ended without a joint press conference, and each leader briefed the press on his own, which
analysts read as a sign that the New

START treaty talks will be slow.

Jane Doe is a correspondent in Geneva.

*The views expressed in opinion pieces do not necessarily reflect the position of the paper.*

Original url:

<https://example.org/story>
"""

COMMENTS = """Readers respond to the summit

The summit ended without a joint press conference, and each leader briefed the press on his own today.

soundoff (3 Responses)
  1. Maria Ivanova

    I think the meeting was a waste of time.

    June 17, 2021 at 9:15 am | Reply
    • Bob

      Maria, you are too pessimistic.
      Give it time.

      June 17, 2021 at 10:02 am | Reply
  2. Maria Ivanova

    Bob, time will tell.

    June 18, 2021 at 8:00 pm | Reply

Post a comment

CNN welcomes a lively and courteous discussion as long as you follow the Rules of Conduct.
"""


def types(raw, author="Jane Doe"):
    blocks, _ = cleaning.segment(raw, author)
    return blocks


def test_navigation_banner_caption_and_related_link_are_not_body():
    b = types(RAW)
    body = " ".join(b.loc[b.block_type == "body", "text"])
    for noise in ("Watch XYZN Live", "AP Photo", "More from GPS", "Original url", "example.org", "views expressed"):
        assert noise not in body
    assert b.set_index("text").loc["(AP Photo/Some Photographer)", "block_type"] == "caption"


def test_headline_byline_dateline_and_author_note():
    b = types(RAW).set_index("text")
    assert b.loc["A Warm Meeting in Geneva", "block_type"] == "headline"
    assert b.loc["By Jane Doe", "block_type"] == "byline"
    assert b.loc["June 16, 2021", "block_type"] == "dateline"
    assert b.loc["Jane Doe is a correspondent in Geneva.", "rule"] == "author note"


def test_broken_paragraph_is_joined():
    b = types(RAW)
    joined = b[b.rule == "body (joined broken paragraph)"]
    assert len(joined) == 3  # two hard-wrapped paragraphs and one broken across a blank line
    assert joined.iloc[2]["text"].endswith("which analysts read as a sign that the New START treaty talks will be slow.")
    assert (b.block_type == "body").sum() == 3


def test_hard_wrapped_paragraph_is_one_body_block():
    b = types(RAW)
    assert "constructive and useful for both sides, despite" in " ".join(b.loc[b.block_type == "body", "text"])


def test_plain_text_without_headline_is_all_body():
    raw = ("Relations between the two countries improved slowly over the year,\nbut the summit brought "
           "no breakthrough on arms control.\n\nA second paragraph follows here.\n")
    b = types(raw, "unknown")
    assert list(b.block_type) == ["body", "body"]


def test_sentence_starting_with_by_is_body_not_byline():
    raw = ("Headline here\n\nThe talks were long and difficult for everyone who took part in them, on both sides of the table.\n\n"
           "By contrast, during the election, the president generally pushed the country to the sidelines.\n")
    b = types(raw, "unknown")
    assert (b.block_type == "body").sum() == 2


def test_author_contact_block_is_boilerplate():
    raw = ("Title of column\nA. N. Author\nSome University\nORCID: 0000-0001-2345-6789\n"
           "E-mail: someone@example.org\nAddress: 1 Main St., Moscow\n\n"
           "The joint statement released by the two presidents is a masterpiece of diplomatic correctness.\n")
    b = types(raw, "A. N. Author").set_index("text")
    assert b.loc["ORCID: 0000-0001-2345-6789", "rule"] == "author contact"
    assert b.loc["E-mail: someone@example.org", "block_type"] == "boilerplate"
    assert b.loc["A. N. Author", "block_type"] == "byline"
    assert b.loc["Some University", "block_type"] == "boilerplate"


def test_short_text_falls_back_to_first_sentence_like_paragraph():
    b = types("Brief\n\nThe summit was short and cold.\n", "unknown")
    assert list(b.block_type) == ["headline", "body"]


def test_comments_are_separate_blocks_with_pseudonyms():
    b = types(COMMENTS, "unknown")
    com = b[b.block_type == "comment"]
    assert list(com["commenter"]) == ["reader-1", "reader-2", "reader-1"]
    assert list(com["is_reply"]) == [False, True, False]
    assert com.iloc[1]["text"] == "reader-1, you are too pessimistic.\nGive it time."
    assert com.iloc[2]["text"] == "reader-2, time will tell."
    assert com.iloc[0]["comment_stamp"].startswith("June 17, 2021 at 9:15 am")
    assert not (b.block_type == "body").any() or "pessimistic" not in " ".join(b.loc[b.block_type == "body", "text"])


def test_no_commenter_name_survives_in_blocks_or_lines():
    blocks, lines = cleaning.segment(COMMENTS, "unknown")
    everything = " ".join(blocks["text"]) + " ".join(lines["text"]) + " ".join(blocks["commenter"])
    for name in ("Maria Ivanova", "Maria", "Ivanova", "Bob"):
        assert name not in everything


def test_comment_policy_after_section_is_boilerplate():
    b = types(COMMENTS, "unknown")
    assert b[b.text.str.startswith("CNN welcomes")].iloc[0]["block_type"] == "boilerplate"


def test_pseudonyms_are_numbered_by_first_appearance():
    assert cleaning.pseudonym_map(["b", "a", "b", "c"]) == {"b": "reader-1", "a": "reader-2", "c": "reader-3"}


def test_every_rule_is_documented_in_the_rules_table():
    table = cleaning.rules_table()
    assert set(r.name for r in cleaning.LINE_RULES) <= set(table["rule"])
    assert table["example"].str.len().gt(0).all()
    for rule in cleaning.LINE_RULES:  # each rule's own example must match its pattern
        if not rule.example.endswith("..."):
            assert rule.regex.search(rule.example), rule.name
