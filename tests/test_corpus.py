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


def test_nearest_event_counts_from_the_whole_month(tmp_path):
    docs = pd.DataFrame({"id": ["m", "d"], "date": pd.to_datetime(["2009-03-01", "2012-06-20"]),
                         "date_precision": ["month", "day"]})
    events = pd.DataFrame({"event": ["London", "Los Cabos"], "date": pd.to_datetime(["2009-04-02", "2012-06-18"])})
    out = corpus.nearest_events(docs, events).set_index("id")
    assert out.loc["m", "days_from_event"] == -2  # 31 March is two days before 2 April
    assert out.loc["d", "days_from_event"] == 2
    assert out.loc["d", "nearest_event"] == "Los Cabos"


def test_block_type_sizes_has_every_type_for_every_document(small_corpus):
    sizes = corpus.block_type_sizes(corpus.load_blocks(small_corpus))
    assert len(sizes) == 2 * 7
    assert sizes.set_index(["doc_id", "block_type"]).loc[("a", "comment"), "n_blocks"] == 0
