"""The five seed documents clean exactly as they did before the layout/report work (snapshot taken before it).

tests/data/snapshot/ holds the blocks, the body paragraphs and the typed lines of the seeds as the cleaner produced
them at commit cd9568e. Any change to the cleaner that moves one seed line, block or character fails here, so the
downstream notebooks cannot move.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from helpers import corpus

SNAP = Path(__file__).resolve().parent / "data" / "snapshot"


def test_seed_body_paragraphs_are_unchanged():
    expected = json.loads((SNAP / "seed_body_paragraphs.json").read_text(encoding="utf-8"))["body"]
    b = corpus.load_blocks()
    body = b[b["block_type"] == "body"][["doc_id", "block_id", "text"]].values.tolist()
    assert body == expected


def test_seed_blocks_are_unchanged():
    expected = pd.read_csv(SNAP / "seed_blocks.csv", dtype=str, keep_default_na=False)
    got = corpus.load_blocks()[list(expected.columns)].astype(str)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected, check_dtype=False)


def test_seed_lines_are_unchanged():
    expected = pd.read_csv(SNAP / "seed_lines.csv", dtype=str, keep_default_na=False)
    got = corpus.load_lines()[list(expected.columns)].astype(str)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected, check_dtype=False)
