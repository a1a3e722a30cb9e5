"""The loader on small corpus folders written for the tests, including every error case."""
from __future__ import annotations

import os

import pandas as pd
import pytest

from helpers import corpus
from helpers.errors import (
    CorpusError,
    DataFolderError,
    DateError,
    DocumentEncodingError,
    DuplicateDocumentError,
    EmptyDocumentError,
    MetadataError,
    MissingFileError,
    UnlistedFileError,
)

from .conftest import article, write_corpus


def test_loads_one_row_per_document_with_metadata_and_clean_text(small_corpus):
    docs = corpus.load_corpus(small_corpus)
    assert list(docs["id"]) == ["a", "b"]
    assert docs.loc[0, "headline"] == "Leaders meet in Geneva"
    assert docs.loc[0, "text"].startswith("The two presidents met")
    assert "Leaders meet in Geneva" not in docs.loc[0, "text"]
    assert docs.loc[0, "n_paragraphs"] == 2
    assert docs.loc[0, "outlet"] == "unknown"  # empty optional field becomes "unknown", never a guess
    assert docs.loc[0, "date"] == pd.Timestamp("2012-01-15")


def test_rows_sorted_by_date_then_id(tmp_path):
    rows = [{"id": "late", "file": "late.txt", "title": "t", "date": "2021-06"},
            {"id": "early", "file": "early.txt", "title": "t", "date": "2009"}]
    root = write_corpus(tmp_path, {"late.txt": article(), "early.txt": article(headline="x")}, rows)
    docs = corpus.load_corpus(root)
    assert list(docs["id"]) == ["early", "late"]
    assert list(docs["date_precision"]) == ["year", "month"]


def test_paragraphs_are_joined_to_metadata_and_respect_filtering(small_corpus):
    docs = corpus.load_corpus(small_corpus)
    paras = corpus.paragraphs(docs[docs["id"] == "b"])
    assert set(paras["doc_id"]) == {"b"}
    assert list(paras["unit_id"]) == ["b:p00", "b:p01"]
    assert (paras["period"] == "2012").all()


def test_paragraphs_rejects_unknown_block_type(small_corpus):
    with pytest.raises(ValueError, match="unknown block type"):
        corpus.paragraphs(corpus.load_corpus(small_corpus), include=("bodies",))


def test_missing_data_folder(tmp_path):
    with pytest.raises(DataFolderError, match="does not exist"):
        corpus.load_corpus(tmp_path / "nowhere")


def test_missing_metadata_file(tmp_path):
    (tmp_path / "raw").mkdir()
    with pytest.raises(DataFolderError, match="metadata.csv"):
        corpus.load_corpus(tmp_path)


def test_file_without_metadata_row_is_named(small_corpus):
    (small_corpus / "raw" / "stray.txt").write_text(article(), encoding="utf-8")
    with pytest.raises(UnlistedFileError, match=r"raw/stray.txt has no row"):
        corpus.load_corpus(small_corpus)


def test_row_without_file_is_named(tmp_path):
    rows = [{"id": "a", "file": "a.txt", "title": "t", "date": "2012"},
            {"id": "ghost", "file": "ghost.txt", "title": "t", "date": "2012"}]
    root = write_corpus(tmp_path, {"a.txt": article()}, rows)
    with pytest.raises(MissingFileError, match=r"id 'ghost'.*raw/ghost.txt"):
        corpus.load_corpus(root)


@pytest.mark.parametrize("content", ["", "   \n\t\n  "])
def test_empty_or_whitespace_document_is_named(tmp_path, content):
    root = write_corpus(tmp_path, {"a.txt": article(), "blank.txt": content})
    with pytest.raises(EmptyDocumentError, match="blank.txt"):
        corpus.load_corpus(root)


def test_document_with_only_boilerplate_has_no_body(tmp_path):
    root = write_corpus(tmp_path, {"nav.txt": "Watch CBSN Live\n\nChrome Safari Continue\n"})
    with pytest.raises(EmptyDocumentError, match="nav.txt.*no body paragraph"):
        corpus.load_corpus(root)


def test_non_utf8_bytes_are_named_with_the_fix(tmp_path):
    root = write_corpus(tmp_path, {"latin.txt": article().encode("utf-8") + "café".encode("cp1252")})
    with pytest.raises(DocumentEncodingError, match=r"latin.txt.*not valid UTF-8.*Re-save"):
        corpus.load_corpus(root)


def test_duplicate_ids(tmp_path):
    rows = [{"id": "same", "file": "a.txt", "title": "t", "date": "2012"},
            {"id": "same", "file": "b.txt", "title": "t", "date": "2012"}]
    root = write_corpus(tmp_path, {"a.txt": article(), "b.txt": article(headline="other")}, rows)
    with pytest.raises(DuplicateDocumentError, match=r"id 'same' appears on lines 2, 3"):
        corpus.load_corpus(root)


def test_duplicate_content_in_two_files(tmp_path):
    root = write_corpus(tmp_path, {"a.txt": article(), "copy.txt": article()})
    with pytest.raises(DuplicateDocumentError, match=r"raw/copy.txt has the same content as raw/a.txt"):
        corpus.load_corpus(root)


@pytest.mark.parametrize("date,precision,message", [
    ("14/12/2012", "day", "does not match precision"),
    ("2012-13", "month", "not a real calendar date"),
    ("2012-02-30", "day", "not a real calendar date"),
    ("2012", "week", "not one of day, month, year"),
])
def test_unparsable_dates_name_the_row(tmp_path, date, precision, message):
    rows = [{"id": "a", "file": "a.txt", "title": "t", "date": date, "date_precision": precision}]
    root = write_corpus(tmp_path, {"a.txt": article()}, rows)
    with pytest.raises(DateError, match=rf"line 2 \(id 'a'\).*{message}"):
        corpus.load_corpus(root)


def test_missing_required_column(tmp_path):
    root = write_corpus(tmp_path, {"a.txt": article()})
    text = (root / "metadata.csv").read_text(encoding="utf-8").replace("title,", "headline_text,", 1)
    (root / "metadata.csv").write_text(text, encoding="utf-8")
    with pytest.raises(MetadataError, match=r"lacks the column\(s\) \['title'\]"):
        corpus.load_corpus(root)


def test_empty_required_value(tmp_path):
    rows = [{"id": "a", "file": "a.txt", "title": "", "date": "2012"}]
    root = write_corpus(tmp_path, {"a.txt": article()}, rows)
    with pytest.raises(MetadataError, match="line 2: the required field 'title' is empty"):
        corpus.load_corpus(root)


def test_all_errors_share_one_base_class():
    for exc in (DataFolderError, DateError, DocumentEncodingError, DuplicateDocumentError,
                EmptyDocumentError, MetadataError, MissingFileError, UnlistedFileError):
        assert issubclass(exc, CorpusError)


def test_loading_never_writes_to_raw(small_corpus):
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (small_corpus / "raw").iterdir()}
    os.chmod(small_corpus / "raw", 0o555)
    try:
        corpus.load_corpus(small_corpus)
        corpus.load_blocks(small_corpus)
    finally:
        os.chmod(small_corpus / "raw", 0o755)
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (small_corpus / "raw").iterdir()}
    assert before == after


def test_edited_file_is_reloaded_not_served_from_cache(small_corpus):
    assert "Vienna" in corpus.load_corpus(small_corpus).loc[0, "text"]
    path = small_corpus / "raw" / "a.txt"
    path.write_text(article().replace("Vienna", "Helsinki"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert "Helsinki" in corpus.load_corpus(small_corpus).loc[0, "text"]


def test_block_type_sizes_has_every_type_for_every_document(small_corpus):
    sizes = corpus.block_type_sizes(corpus.load_blocks(small_corpus))
    assert len(sizes) == 2 * 7
    assert sizes.set_index(["doc_id", "block_type"]).loc[("a", "comment"), "n_blocks"] == 0


# ---- correcting the cleaning without code, and the cleaning report (issue 10) ----------------------------

from helpers.errors import BoilerplateFileError  # noqa: E402


def with_column(root, column, values):
    """Rewrite root/metadata.csv with an extra column (values in row order)."""
    meta = pd.read_csv(root / "metadata.csv", dtype=str, keep_default_na=False)
    meta[column] = values
    meta.to_csv(root / "metadata.csv", index=False)
    return root


def test_cleaning_column_is_optional_and_none_keeps_every_line(tmp_path):
    raw = "Watch CBSN Live\n\nMore from Moscow: the ministry said the ambassador would return before the summer.\n"
    root = write_corpus(tmp_path, {"a.txt": article(), "b.txt": raw})
    with pytest.raises(EmptyDocumentError, match="b.txt.*cleaning = none"):
        corpus.load_corpus(root)  # without the column, the rules remove every line of b.txt
    with_column(root, "cleaning", ["", "none"])
    docs = corpus.load_corpus(root).set_index("id")
    assert docs.loc["b", "n_paragraphs"] == 2
    assert docs.loc["a", "n_paragraphs"] == 2  # an empty value means: apply the rules
    assert list(corpus.load_layouts(root)["cleaning"]) == ["rules", "none"]


def test_bad_cleaning_value_names_the_row(tmp_path):
    root = with_column(write_corpus(tmp_path, {"a.txt": article()}), "cleaning", ["sometimes"])
    with pytest.raises(MetadataError, match="line 2: cleaning 'sometimes'.*none"):
        corpus.load_corpus(root)


def test_boilerplate_file_adds_patterns_and_bad_patterns_name_the_line(tmp_path):
    root = write_corpus(tmp_path, {"a.txt": article() + "\nShared by our partners at Example Wire.\n"})
    assert "Example Wire" in corpus.load_corpus(root)["text"].iloc[0]
    (root / "boilerplate.csv").write_text("pattern,name\n^Shared by our partners,partner credit\n", encoding="utf-8")
    assert "Example Wire" not in corpus.load_corpus(root)["text"].iloc[0]
    assert "partner credit" in set(corpus.load_lines(root)["rule"])
    assert "partner credit" in set(corpus.rules_table(root)["rule"])
    (root / "boilerplate.csv").write_text("pattern\n^Shared by (our\n", encoding="utf-8")
    with pytest.raises(BoilerplateFileError, match="boilerplate.csv' line 2.*not a valid regular expression"):
        corpus.load_corpus(root)
    (root / "boilerplate.csv").write_text("regex\nfoo\n", encoding="utf-8")
    with pytest.raises(BoilerplateFileError, match="'pattern' column"):
        corpus.load_corpus(root)


def test_a_document_the_heuristics_cannot_read_is_kept_and_flagged(tmp_path):
    odd = "Participants\n\nBarack Obama\n\nDmitry Medvedev\n\nHillary Clinton\n"
    root = write_corpus(tmp_path, {"a.txt": article(), "odd.txt": odd})
    docs = corpus.load_corpus(root).set_index("id")
    assert docs.loc["odd", "n_paragraphs"] >= 3
    report = corpus.cleaning_report(root)
    assert ((report["doc_id"] == "odd") & (report["rule"] == "body fallback")).any()


def test_cleaning_report_is_tidy_and_names_every_removed_line(tmp_path):
    root = write_corpus(tmp_path, {"a.txt": "Watch CBSN Live\n\n" + article(), "b.txt": article(headline="Other")})
    report = corpus.cleaning_report(root)
    assert list(report.columns) == ["doc_id", "layout", "cleaning", "kind", "rule", "block_type", "n_lines",
                                    "line_nos", "example", "explanation"]
    row = report[(report["doc_id"] == "a") & (report["rule"] == "live-tv banner")].iloc[0]
    assert (row["n_lines"], row["line_nos"], row["example"]) == (1, "1", "Watch CBSN Live")
    lines = corpus.load_lines(root)
    assert report.loc[report["kind"] == "rule", "n_lines"].sum() == len(lines)  # every line accounted for
    # the same body paragraph in two documents is flagged, with the documents named
    flags = corpus.cleaning_flags(root)
    rep = flags[flags["flag"] == "repeated across documents"]
    assert len(rep) == 4 and rep["detail"].iloc[0].startswith("a (unknown); b (unknown)")  # 2 paragraphs x 2 documents


def test_short_lines_repeated_across_documents_are_boilerplate(tmp_path):
    a = "Diplomacy in Action\n\n" + article()
    b = "Diplomacy in Action\n\n" + article(headline="Second story").replace("two presidents", "two ministers")
    root = write_corpus(tmp_path, {"a.txt": a, "b.txt": b})
    lines = corpus.load_lines(root)
    assert set(lines.loc[lines["text"] == "Diplomacy in Action", "rule"]) == {"repeated across documents"}


def test_comment_counts_state_the_header_against_the_file():
    counts = corpus.comment_counts().set_index("doc_id")
    assert counts.loc["cnn_2012", "stated"] == 11
    assert counts.loc["cnn_2012", "n_comments"] == 8
    assert counts.loc["cnn_2012", "missing"] == 3 and "11 Responses" in counts.loc["cnn_2012", "header"]


def test_seed_layouts_are_blank_line_paragraphs_with_no_flags():
    layouts = corpus.load_layouts()
    assert set(layouts["layout"]) == {"blank-line paragraphs"}
    assert not layouts["body_fallback"].any()
    assert (corpus.cleaning_report()["kind"] == "rule").all()
