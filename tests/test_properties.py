"""Property-based tests (hypothesis) of the loader and the text helpers.

For any bytes, any Unicode (combining marks, right-to-left text, zero-width characters, very long lines, no
newlines) and any metadata, the result is a valid table or one of the documented exceptions
(:class:`helpers.errors.CorpusError` subclasses): never another exception, never a silently dropped document.
"""
from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.corpus import cleaning
from helpers import corpus
from helpers import text
from helpers.errors import CorpusError

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

TRICKY = st.sampled_from(["\u0301", "\u200b", "\u200f", "\u202e", "שלום", "مرحبا", "\ufeff", "\u2028", "\r",
                          "\t", "«", "»", "“", "”", "—", "U.S.", "Mr.", "reset", "\x00", "🙂"])
UNICODE_TEXT = st.lists(st.one_of(st.text(min_size=0, max_size=40), TRICKY), max_size=40).map("".join)
LONG_LINE = st.integers(min_value=1, max_value=3000).map(lambda n: ("word " * n).strip() + ".")
ANY_TEXT = st.one_of(UNICODE_TEXT, LONG_LINE, st.text(max_size=400))


def write(root: Path, files: dict[str, bytes], rows: list[dict]) -> None:
    if root.exists():
        shutil.rmtree(root)
    (root / "raw").mkdir(parents=True)
    for name, data in files.items():
        (root / "raw" / name).write_bytes(data)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["id", "file", "title", "date", "date_precision", "author"])
    w.writeheader()
    for r in rows:
        w.writerow(r)
    (root / "metadata.csv").write_text(buf.getvalue(), encoding="utf-8")


def check_loads_or_documented_error(root: Path, expected_ids: set[str]) -> None:
    try:
        docs = corpus.load_corpus(root)
    except CorpusError as exc:
        assert str(exc)  # every documented error carries a message
        return
    assert set(docs["id"]) == expected_ids  # nothing dropped silently
    assert docs["text"].str.strip().str.len().gt(0).all()
    paras = corpus.paragraphs(docs)
    assert set(paras["doc_id"]) == expected_ids
    text.sentences(paras)


@SETTINGS
@given(contents=st.lists(st.binary(max_size=300), min_size=1, max_size=3))
def test_random_bytes_load_or_raise_a_documented_error(contents):
    with tempfile.TemporaryDirectory() as tmp:
        files = {f"doc{i}.txt": c for i, c in enumerate(contents)}
        rows = [{"id": f"d{i}", "file": f"doc{i}.txt", "title": "t", "date": "2012-06-01"} for i in range(len(contents))]
        write(Path(tmp) / "c", files, rows)
        check_loads_or_documented_error(Path(tmp) / "c", {r["id"] for r in rows})


@SETTINGS
@given(texts=st.lists(ANY_TEXT, min_size=1, max_size=3))
def test_random_unicode_loads_or_raises_a_documented_error(texts):
    with tempfile.TemporaryDirectory() as tmp:
        files = {f"doc{i}.txt": t.encode("utf-8", "surrogatepass") for i, t in enumerate(texts)}
        rows = [{"id": f"d{i}", "file": f"doc{i}.txt", "title": "t", "date": "2021"} for i in range(len(texts))]
        write(Path(tmp) / "c", files, rows)
        check_loads_or_documented_error(Path(tmp) / "c", {r["id"] for r in rows})


METADATA_VALUE = st.one_of(st.text(max_size=20), st.sampled_from(["", " ", "2012", "2012-06", "2012-06-31",
                                                                 "day", "month", "year", "unknown", "a,b", '"q"']))


@SETTINGS
@given(rows=st.lists(st.fixed_dictionaries({"id": METADATA_VALUE, "file": st.sampled_from(["a.txt", "b.txt", "c.txt"]),
                                            "title": METADATA_VALUE, "date": METADATA_VALUE,
                                            "date_precision": METADATA_VALUE, "author": METADATA_VALUE}),
                     max_size=4))
def test_random_metadata_loads_or_raises_a_documented_error(rows):
    body = "The presidents met and agreed that the talks between the two countries should continue next year.\n"
    with tempfile.TemporaryDirectory() as tmp:
        files = {"a.txt": ("Alpha\n\n" + body).encode(), "b.txt": ("Beta\n\n" + body + body).encode()}
        write(Path(tmp) / "c", files, rows)
        try:
            docs = corpus.load_corpus(Path(tmp) / "c")
        except CorpusError:
            return
        listed = {r["id"].strip() for r in rows if any(str(v).strip() for v in r.values())}
        assert set(docs["id"]) == listed
        assert set(docs["file"]) == set(files)  # every file on disk is a document


@SETTINGS
@given(raw=ANY_TEXT, author=st.one_of(st.just("unknown"), st.text(max_size=20)))
def test_segment_types_every_line_and_keeps_all_body_text(raw, author):
    blocks, lines = cleaning.segment(raw, author)
    assert set(blocks["block_type"]) <= set(cleaning.BLOCK_TYPES)
    assert set(lines["block_type"]) <= set(cleaning.BLOCK_TYPES)
    assert (lines["block_id"] >= 0).all()  # every line belongs to a block
    assert blocks["block_id"].tolist() == list(range(len(blocks)))


@SETTINGS
@given(sample=ANY_TEXT)
def test_sentences_and_tokens_never_fail_and_lose_no_words(sample):
    sents = text.split_sentences(sample)
    assert sum(len(text.tokenize(s)) for s in sents) == len(text.tokenize(" ".join(sample.split())))
    paras = pd.DataFrame({"doc_id": ["d"], "para_id": [0], "unit_id": ["d:p00"], "text": [sample], "n_words": [0]})
    s = text.sentences(paras)
    toks = text.tokens(s)
    assert len(toks) == s["n_words"].sum()
