"""The cleaning rules, on small raw texts written for the tests."""
from __future__ import annotations

from helpers.corpus import cleaning

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


# ---- layout, generic signals, transcripts (issue 10) -------------------------------------------------------

from helpers.corpus import layout  # noqa: E402

FACT_SHEET = """THE WHITE HOUSE
Office of the Press Secretary
Key Facts about the Treaty
Treaty Structure: The treaty is made up of three tiers of increasing detail, from the text itself to the annexes.
Strategic Limits
Under the treaty, both countries will be limited to significantly fewer strategic arms within seven years of entry into force.
• A combined limit of 800 deployed and non-deployed launchers and heavy bombers equipped for nuclear armaments
• A separate limit of 700 deployed missiles and deployed heavy bombers equipped for nuclear armaments
For more information on the treaty, please visit:
http://www.example.gov/treaty
"""

WRAPPED = """A REVIEW OF THE RESET
    The administration argues that the policy has produced concrete
results, including a new treaty, cooperation on the transit of sup-
plies to Afghanistan, and support for sanctions on Iran in the
Security Council.
    Critics counter that the policy has required concessions from the
United States, while Russia has not changed its behavior toward its
- 2 -
neighbors, and that it pays too little attention to human rights.
"""

FOOTER = """Notes from Moscow

The summit was short, but both presidents said that their talks had been useful and that they would meet again soon.

A second paragraph explains what the two sides agreed on arms control and on trade.

Pubblicato da Marco alle 18:42
Nessun commento:
Posta un commento
Post più recente Post più vecchio Home page
Iscriviti a: Commenti sul post (Atom)
Links to this post
"""


def body_of(raw, author="unknown", **kw):
    b, _ = cleaning.segment(raw, author, **kw)
    return b[b.block_type == "body"]


def test_layout_is_decided_per_file_from_its_own_evidence():
    assert layout.detect_layout(RAW).layout == layout.BLANK
    assert layout.detect_layout(FACT_SHEET).layout == layout.PER_LINE
    assert layout.detect_layout(WRAPPED).layout == layout.WRAPPED
    assert "followed directly" in layout.detect_layout(FACT_SHEET).explanation()


def test_fact_sheet_one_paragraph_per_line_is_not_refused_and_lines_are_not_joined():
    body = body_of(FACT_SHEET)
    assert len(body) == 4  # two paragraphs and two bullets; subheadings, prompt and URL are not body
    assert body["text"].iloc[2].startswith("• A combined limit")
    assert not body["text"].str.contains("please visit|Strategic Limits").any()


def test_hard_wrapped_text_is_rejoined_across_a_page_number_with_hyphens_removed():
    body = body_of(WRAPPED)
    assert len(body) == 2
    assert "transit of supplies to Afghanistan" in body["text"].iloc[0]
    assert body["text"].iloc[1].endswith("toward its neighbors, and that it pays too little attention to human rights.")


def test_non_english_blog_footer_is_boilerplate():
    b, lines = cleaning.segment(FOOTER, "unknown")
    body = " ".join(b.loc[b.block_type == "body", "text"])
    assert "commento" not in body and "Pubblicato" not in body and "Home page" not in body
    rules = dict(zip(lines["text"], lines["rule"]))
    assert rules["Nessun commento:"] == "non-English line"
    assert rules["Posta un commento"] == "non-English line"
    assert rules["Post più recente Post più vecchio Home page"] == "non-English line"
    assert rules["Links to this post"] == "short edge line"


def test_non_english_signal_ignores_english_lines():
    from helpers.corpus.rules import is_non_english
    assert is_non_english("Nessun commento: Posta un commento")
    assert is_non_english("Iscriviti a: Commenti sul post (Atom)")
    assert not is_non_english("The summit in Geneva was a success for both sides.")
    assert not is_non_english("per capita income")


def test_speaker_labels_become_the_speaker_column():
    raw = ("Remarks at a press availability\n\nPRESIDENT OBAMA: Thank you very much. We had a very good "
           "meeting today, and we agreed to keep talking.\n\nWe will meet again in the autumn in Moscow.\n\n"
           "Q: Mr. President, what about missile defense?\n\nMR. GIBBS: We will take one more question.\n")
    body = body_of(raw)
    assert body["speaker"].tolist() == ["PRESIDENT OBAMA", "PRESIDENT OBAMA", "Q", "MR. GIBBS"]
    assert body["text"].iloc[0].startswith("Thank you very much.")
    assert not body["text"].str.contains("PRESIDENT OBAMA:|MR. GIBBS:").any()


def test_one_label_like_line_in_prose_is_left_alone():
    raw = ("Headline\n\nNATO: the alliance said on Monday that it would review its plans for missile defense "
           "in Europe after the talks.\n\nA second paragraph follows with more detail on the talks.\n")
    body = body_of(raw)
    assert body["text"].iloc[0].startswith("NATO:")
    assert set(body["speaker"]) == {""}


def test_a_document_without_sentence_like_paragraphs_is_kept_and_flagged():
    raw = "List of participants\n\nBarack Obama\n\nDmitry Medvedev\n\nHillary Clinton\n"
    blocks, lines, info = cleaning.segment_document(raw)
    assert any(b[1] == "body" for b in blocks)
    assert dict(zip(cleaning.LAYOUT_COLUMNS, info))["body_fallback"] is True


def test_cleaning_none_applies_no_rule():
    raw = "More from Moscow: the ministry said the ambassador would return before the summer.\n\nWatch CBSN Live\n"
    assert len(body_of(raw)) == 0  # the rules take the first line for a related link and the second for a banner
    body = body_of(raw, mode="none")
    assert len(body) == 2 and set(body["rule"]) == {"body (cleaning: none)"}


def test_extra_rules_are_tried_first():
    extra = (cleaning.Rule("site footer", "boilerplate", r"^The two presidents met", "The two presidents met"),)
    b, _ = cleaning.segment(RAW, "Jane Doe", extra=extra)
    assert b[b.text.str.startswith("The two presidents met")].iloc[0]["rule"] == "site footer"


def test_rules_table_lists_every_rule_in_order_with_full_patterns():
    table = cleaning.rules_table()
    assert list(table["order"]) == list(range(1, len(table) + 1))
    for name in ("first header line", "repeated headline", "comment text", "body (joined broken paragraph)",
                 "non-English line", "speaker label (own line)", "short edge line", "subheading"):
        assert name in set(table["rule"]), name
    assert (table["explanation"].str.len() > 0).all()
    assert table.set_index("rule").loc["comment stamp", "pattern"] == cleaning.COMMENT_STAMP
    generic = list(table["rule"]).index("page number")
    assert list(table["rule"]).index("dateline") < generic < list(table["rule"]).index("header zone")


def test_regex_primer_covers_the_constructs_the_rules_use():
    primer = cleaning.regex_primer()
    assert list(primer.columns) == ["construct", "meaning", "example"]
    assert len(primer) >= 8 and primer["construct"].str.contains(r"\(\?:").any()


def test_windows_line_endings_and_no_break_spaces_clean_like_plain_text():
    plain, _ = cleaning.segment(RAW, "Jane Doe")
    crlf, _ = cleaning.segment(RAW.replace("\n", "\r\n").replace("two presidents", "two\u00a0presidents"), "Jane Doe")
    pd_cols = ["block_type", "rule", "text"]
    assert crlf[pd_cols].equals(plain[pd_cols])


def test_a_byte_order_mark_is_not_text():
    plain, _ = cleaning.segment(RAW, "Jane Doe")
    bom, _ = cleaning.segment("\ufeff" + RAW, "Jane Doe")
    assert bom["text"].tolist() == plain["text"].tolist()


import pytest  # noqa: E402


@pytest.mark.parametrize("footer", [
    "Nessun commento: Posta un commento",             # Italian Blogger
    "No hay comentarios: Publicar un comentario",     # Spanish
    "Aucun commentaire: Enregistrer un commentaire",  # French
    "Keine Kommentare: Kommentar veröffentlichen",    # German
    "Nenhum comentário: Postar um comentário",        # Portuguese
    "Iscriviti a: Commenti sul post (Atom)",
])
def test_blog_platform_footers_in_other_languages_are_boilerplate(footer):
    raw = ("A post about the summit\n\nThe two presidents met in Geneva and agreed that their experts would "
           "continue the talks on arms control next month.\n\n" + footer + "\n")
    b, lines = cleaning.segment(raw, "unknown")
    assert footer not in " ".join(b.loc[b.block_type == "body", "text"])
    assert lines.set_index("text").loc[footer, "rule"] == "non-English line"


def test_a_list_of_lines_without_blank_lines_inside_a_blank_line_file_still_finds_its_body():
    raw = ("Key facts\n\nOffice of the Spokesperson\n\nUpdated weekly\n\n"
           "The treaty limits each side to 1,550 deployed strategic warheads within seven years of entry.\n"
           "Inspections resumed in 2011 after a pause of more than a year, according to the two governments.\n"
           "For the full text of the treaty please see the website of the State Department\n")
    blocks, _, info = cleaning.segment_document(raw)
    assert dict(zip(cleaning.LAYOUT_COLUMNS, info))["body_fallback"] is False
    assert [b[3][:14] for b in blocks if b[1] == "body"][:2] == ["The treaty lim", "Inspections re"]


def test_rule_firings_count_lines_per_rule_and_zero_for_rules_that_never_fire():
    from helpers.corpus import report as cleaning_report
    blocks, lines = cleaning.segment(COMMENTS, "unknown")
    blocks, lines = blocks.assign(doc_id="d1"), lines.assign(doc_id="d1")
    fired = cleaning_report.rule_firings(cleaning.rules_table(), lines, blocks, ["d1"]).set_index("rule")
    cols = list(fired.columns)
    assert cols[cols.index("block_type") + 1:cols.index("block_type") + 4] == ["d1", "lines_total", "n_documents"]
    assert fired.loc["comment author", "lines_total"] == 3 and fired.loc["comment stamp", "d1"] == 3
    # a comment's lines count for their line rule and for the block rule 'comment'
    assert fired.loc["comment", "lines_total"] == (fired.loc["comment author", "lines_total"]
                                                   + fired.loc["comment stamp", "lines_total"]
                                                   + fired.loc["comment text", "lines_total"])
    assert fired.loc["running head", "lines_total"] == 0 and fired.loc["running head", "n_documents"] == 0
    assert list(cleaning_report.fired_rules(fired.reset_index())["rule"]) == list(fired.index[fired["lines_total"] > 0])
    wide = cleaning_report.rule_firings(cleaning.rules_table(), lines, blocks, ["d1"], max_doc_columns=0)
    assert "d1" not in wide.columns and "lines_total" in wide.columns


def _candidate_lines_reference(raw_text: str) -> frozenset[str]:
    """candidate_lines as first written: every line through _strip_markup, then the word count."""
    from helpers.corpus.blocks import _is_sentence_end, _words
    from helpers.corpus.cleaning import BODY_MIN_WORDS, _strip_markup

    return frozenset(t for t in (_strip_markup(r) for r in raw_text.splitlines())
                     if t and _words(t) < BODY_MIN_WORDS and not _is_sentence_end(t))


def test_candidate_lines_equal_the_line_by_line_definition_on_odd_lines():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from helpers.corpus.cleaning import candidate_lines

    odd = ("Share this\n\u00a0Share\u2003this \n# Heading here\n**Bold** line\n[link](http://x)\n"
           "A full sentence here.\n" + "\t\x1c tab\x1f sep \u2028 line\nword " * 3 + "\n" + "many words " * 20
           + "\n\n  \n_under_ score\nPage 2 of 3")
    assert candidate_lines(odd) == _candidate_lines_reference(odd)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.text(alphabet=st.sampled_from(list("ab #[*_.!?\u00a0\u2003\t\x1c\u2028\r\n")), max_size=40),
                    max_size=8))
    def check(lines):
        text = "\n".join(lines)
        assert candidate_lines(text) == _candidate_lines_reference(text)

    check()
