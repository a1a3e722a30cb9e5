"""The project's own corpus: raw files intact, cleaning right, no commenter's name anywhere."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from helpers import corpus
from helpers import text

RAW = corpus.DEFAULT_DATA_DIR / "raw"
SEEDS = corpus.PROJECT_ROOT.parent / "shared" / "seeds"

# SHA-256 of the five seed documents as received (../shared/seeds); data/raw must hold them byte for byte.
SEED_SHA256 = {
    "2009-03_cbs-news_historic-opportunity.txt": "121a3da94cbcbb0b3ec6e475e39fb834570f34f12fd694571ab8aa806d846b4e",
    "2012-06_moscow-times_cold-but-promising-meeting.txt": "43a984618c9070be11c340e85aa3a663965500498cc3bcb089bf50686f5f9da4",
    "2012-12_cnn_ties-stuck-in-the-past.txt": "fbe29e5fb8f2dfcba9dedf1bdf23d239c4a92ee9fc681ab64e15b2eb6daa6b4f",
    "2012-06_russia-in-global-affairs_precarious-balance.txt": "5f024fd3e122bdfbeb452a2cd049e69ba2f9996bebf2427af615d15a565ae33d",
    "2021-06_unknown-outlet_resetting-relations.txt": "b77a446d0250897c9780a764bc98a8bdf45aec7b1d90addbd36a075f1104948e",
}

BOILERPLATE = ["Watch CBSN Live", "Chrome Safari Continue", "CBS News App Open", "ORCID", "0000-0003-1364-4094",
               "Malaya Ordynka", "Post a comment", "CNN welcomes a lively", "Original url", "More from GPS",
               "soundoff", "Subscribe to our distribution list", "AP Photo", "(Photo: Reuters)", "| RIA Novosti",
               "The views expressed in opinion pieces"]

BODY_SENTENCES = {  # one sentence per document that must survive cleaning, and the document it belongs to
    "Without trust, no issues can be resolved.": "cbs_2009",
    "it appears that Obama and Putin's commitment to nuclear nonproliferation will not give them this opportunity.": "mt_2012",
    "the New START treaty.": "mt_2012",
    "One of the most prominent legacy issues between the two countries is arms control.": "cnn_2012",
    "they followed the first rule of medicine: “Do no harm.”": "rga_2012",
    "This is also considered a move to “defrost”": "anon_2021",
}

COMMENTERS = ["Joseph McCarthy", "Amit-Atlanta-USA", "James Chen", "Andrey", "j. von hettlingen", "Hate Wins",
              "observer", "Dmitriy", "Joseph"]


@pytest.fixture(scope="module")
def docs():
    return corpus.load_corpus()


def test_raw_files_are_the_seeds_byte_for_byte():
    assert sorted(p.name for p in RAW.iterdir()) == sorted(SEED_SHA256)
    for name, digest in SEED_SHA256.items():
        assert hashlib.sha256((RAW / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_seed_folder_matches_data_raw():
    seed_hashes = sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS.glob("*.txt"))
    assert seed_hashes == sorted(SEED_SHA256.values())


def test_metadata_has_one_row_per_file_and_the_documented_fields(docs):
    meta = pd.read_csv(corpus.DEFAULT_DATA_DIR / "metadata.csv", dtype=str, keep_default_na=False)
    assert list(meta.columns) == ["id", "file", "title", "outlet", "author", "date", "date_precision",
                                  "date_evidence", "genre", "outlet_country", "leaders", "url"]
    assert (meta != "").all().all(), "unknown values are written 'unknown', never left empty"
    assert sorted(meta["file"]) == sorted(SEED_SHA256)
    assert len(docs) == len(meta)


@pytest.mark.parametrize("noise", BOILERPLATE)
def test_boilerplate_is_absent_from_article_text(docs, noise):
    assert not docs["text"].str.contains(noise, regex=False).any()


@pytest.mark.parametrize("sentence,doc_id", list(BODY_SENTENCES.items()))
def test_body_sentences_are_present_in_their_document(docs, sentence, doc_id):
    assert sentence in docs.set_index("id").loc[doc_id, "text"]


def test_comments_are_not_article_text(docs):
    assert "brainwashed" not in " ".join(docs["text"])
    blocks = corpus.load_blocks()
    comments = blocks[blocks["block_type"] == "comment"]
    assert len(comments) == 8
    assert comments["commenter"].str.fullmatch(r"reader-\d+").all()
    assert any("brainwashed" in t for t in comments["text"])


def test_no_commenter_name_appears_in_any_table(docs):
    paras = corpus.paragraphs(docs, include=("body", "comment"))
    tables = [docs, corpus.load_blocks(), corpus.load_lines(), paras, text.sentences(paras)]
    for table in tables:
        dump = table.astype(str).to_csv(index=False)
        for name in COMMENTERS:
            assert name not in dump, (name, list(table.columns))


def test_every_body_paragraph_ends_like_a_sentence(docs):
    paras = corpus.paragraphs(docs)
    ends = paras["text"].str.rstrip().str[-1]
    assert ends.isin(list(".!?\"”’)")).all(), paras.loc[~ends.isin(list(".!?\"”’)")), "text"].tolist()


def test_sentence_splitter_keeps_us_president_together(docs):
    sents = text.sentences(corpus.paragraphs(docs))
    assert sents["text"].str.startswith("U.S. President Barack Obama famously told").any()
    assert not sents["text"].isin(["U.S.", "Mr.", "Dec."]).any()
