"""Documents the rules were not written for: body-line precision and recall against hand-made expected bodies.

tests/data/realistic/ is a corpus folder (metadata.csv, raw/, boilerplate.csv) of 15 documents in other genres and
layouts (see its make_documents.py for provenance); expected/<file> holds the body paragraphs, one per line, and
expected/<stem>.speakers the speaker of each paragraph of a transcript.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from helpers import corpus
from helpers import text

REAL = Path(__file__).resolve().parent / "data" / "realistic"
THRESHOLD = 0.95


def expected_body(file: str) -> list[str]:
    return (REAL / "expected" / file).read_text(encoding="utf-8").splitlines()


def precision_recall(got: list[str], want: list[str]) -> tuple[float, float]:
    """Body-line precision and recall: paragraphs matched exactly (whitespace-normalised), as multisets."""
    norm = lambda xs: Counter(" ".join(x.split()) for x in xs)  # noqa: E731
    g, w = norm(got), norm(want)
    hit = sum((g & w).values())
    return (hit / max(1, sum(g.values())), hit / max(1, sum(w.values())))


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    docs = corpus.load_corpus(REAL)
    blocks = corpus.load_blocks(REAL)
    layouts = corpus.load_layouts(REAL).set_index("doc_id")
    rows = []
    for d in docs.sort_values("file").itertuples():
        got = blocks[(blocks["doc_id"] == d.id) & (blocks["block_type"] == "body")]["text"].tolist()
        want = expected_body(d.file)
        p, r = precision_recall(got, want)
        rows.append({"doc_id": d.id, "genre": d.genre, "layout": layouts.loc[d.id, "layout"], "n_expected": len(want),
                     "n_found": len(got), "precision": round(p, 3), "recall": round(r, 3)})
    table = pd.DataFrame(rows)
    print("\n" + table.to_string(index=False), file=sys.stderr)
    return table


def test_there_are_at_least_twelve_documents_in_several_layouts(scores):
    assert len(scores) >= 12
    assert set(scores["layout"]) == {"blank-line paragraphs", "one paragraph per line", "hard-wrapped"}


def test_body_line_precision_and_recall_per_document(scores):
    bad = scores[(scores["precision"] < THRESHOLD) | (scores["recall"] < THRESHOLD)]
    assert bad.empty, "\n" + bad.to_string(index=False)


def test_speaker_labels_become_a_column_and_leave_the_text():
    blocks = corpus.load_blocks(REAL)
    docs = corpus.load_corpus(REAL).set_index("id")
    for path in sorted((REAL / "expected").glob("*.speakers")):
        file = path.stem + ".txt"
        doc_id = docs.index[docs["file"] == file][0]
        body = blocks[(blocks["doc_id"] == doc_id) & (blocks["block_type"] == "body")]
        assert body["speaker"].tolist() == path.read_text(encoding="utf-8").splitlines(), doc_id
        assert not body["text"].str.match(r"^(?:PRESIDENT|MR\.|Q\b|President \w+\.|Question\.)").any(), doc_id


def test_speaker_is_carried_to_sentences_and_empty_for_other_documents():
    docs = corpus.load_corpus(REAL)
    paras = corpus.paragraphs(docs)
    assert paras.columns[-1] == "speaker"
    sents = text.sentences(paras)
    assert "speaker" in sents.columns
    gibbs = sents[sents["doc_id"] == "rl_wh_briefing_2010"]
    assert set(gibbs["speaker"]) == {"MR. GIBBS", "Q"}
    assert set(sents.loc[sents["doc_id"] == "rl_wire_2009", "speaker"]) == {""}
    by_speaker = sents[sents["speaker"] != ""].groupby("speaker").size()
    assert by_speaker.get("PRESIDENT OBAMA", 0) > 0


def test_italian_blog_footer_is_boilerplate_not_body():
    blocks = corpus.load_blocks(REAL)
    blog = blocks[blocks["doc_id"] == "rl_blog_2010"]
    body = " ".join(blog.loc[blog["block_type"] == "body", "text"])
    for footer in ("Nessun commento", "Posta un commento", "Pubblicato da", "Iscriviti", "Home page"):
        assert footer not in body
    lines = corpus.load_lines(REAL)
    rules = lines[(lines["doc_id"] == "rl_blog_2010") & lines["text"].str.contains("commento")]["rule"]
    assert set(rules) == {"non-English line"}


def test_pdf_page_furniture_and_hyphenation():
    blocks = corpus.load_blocks(REAL)
    for doc_id in ("rl_crs_2011", "rl_journal_2012"):
        body = " ".join(blocks.loc[(blocks["doc_id"] == doc_id) & (blocks["block_type"] == "body"), "text"])
        assert "CRS-" not in body and "- 1 -" not in body and "Test Journal of Arms Control" not in body
        assert not any(w.endswith("-") for w in body.split())
    lines = corpus.load_lines(REAL)
    assert "running head" in set(lines.loc[lines["doc_id"] == "rl_journal_2012", "rule"])
    assert "page number" in set(lines.loc[lines["doc_id"] == "rl_crs_2011", "rule"])


def test_clean_text_column_applies_no_rule():
    blocks = corpus.load_blocks(REAL)
    clean = blocks[blocks["doc_id"] == "rl_clean_2013"]
    assert set(clean["block_type"]) == {"body"}
    assert clean["text"].iloc[0].startswith("More from Moscow:")  # a related-link rule would have removed it
    report = corpus.cleaning_report(REAL)
    assert ((report["doc_id"] == "rl_clean_2013") & (report["rule"] == "cleaning none")).any()


def test_corpus_boilerplate_file_removes_the_site_footer_and_is_reported():
    report = corpus.cleaning_report(REAL)
    footer = report[report["rule"] == "State Department site footer"]
    assert set(footer["doc_id"]) == {"rl_state_factsheet_2010", "rl_state_statement_2012"}
    assert (footer["block_type"] == "boilerplate").all()


def test_every_rule_in_the_audit_is_in_the_rules_table():
    from helpers.corpus import cleaning
    table = cleaning.rules_table(cleaning.extra_rules(REAL))
    for folder in (REAL, None):
        lines, blocks = corpus.load_lines(folder), corpus.load_blocks(folder)
        used = set(lines["rule"]) | set(blocks["rule"])
        assert used <= set(table["rule"]), used - set(table["rule"])


HOLDOUT = Path(__file__).resolve().parent / "data" / "holdout"


def test_held_out_documents_are_measured():
    """Documents written after the rules were frozen (tests/data/holdout/README.md): a measure, not a target.

    Precision and recall are printed. Measured when written: furniture the rules do not know stays in the body
    ("A version of this article appears in print ...", "You are receiving this email ..."), a "The PRESIDING
    OFFICER." label is not recognised, and a photo caption without a closing period is joined to the next
    paragraph (so that paragraph no longer matches). Only a floor is asserted (recall >= 0.5: most article text
    kept), so a regression shows; the rest is what the cleaning report and boilerplate.csv are for.
    """
    docs = corpus.load_corpus(HOLDOUT)
    blocks = corpus.load_blocks(HOLDOUT)
    rows = []
    for d in docs.sort_values("file").itertuples():
        got = blocks[(blocks["doc_id"] == d.id) & (blocks["block_type"] == "body")]["text"].tolist()
        want = (HOLDOUT / "expected" / d.file).read_text(encoding="utf-8").splitlines()
        p, r = precision_recall(got, want)
        rows.append({"doc_id": d.id, "genre": d.genre, "precision": round(p, 3), "recall": round(r, 3)})
    table = pd.DataFrame(rows)
    print("\nheld-out documents:\n" + table.to_string(index=False), file=sys.stderr)
    assert (table["recall"] >= 0.5).all(), table.to_string(index=False)


def test_speaker_sizes_group_a_transcript_by_speaker():
    sizes = corpus.speaker_sizes(corpus.paragraphs(corpus.load_corpus(REAL)))
    gibbs = sizes[sizes["doc_id"] == "rl_wh_briefing_2010"].set_index("speaker")
    assert list(gibbs.index) == ["MR. GIBBS", "Q"]
    assert list(gibbs["n_paragraphs"]) == [4, 2]
    assert "rl_wire_2009" not in set(sizes["doc_id"])
