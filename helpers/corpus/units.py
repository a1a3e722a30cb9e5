"""Units of analysis built from a loaded corpus: paragraphs (with their document's metadata), sizes per speaker
and per block type, and the events a document is dated against.

Unit of analysis of each function: see its docstring. Loading itself is :mod:`helpers.corpus.load`.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers.corpus import cleaning
from helpers.corpus.load import _parse_date, load_blocks, load_corpus
from helpers.errors import DataFolderError, MetadataError
from helpers.paths import DATA_DIR

PARAGRAPH_META = ["title", "outlet", "genre", "date", "year", "period", "outlet_country", "leaders"]


def paragraphs(docs: pd.DataFrame | None = None, include: tuple[str, ...] = ("body",)) -> pd.DataFrame:
    """One row per **paragraph** (a body paragraph or, on request, a reader comment).

    ``docs`` is a frame from :func:`load_corpus` (possibly filtered); its rows
    decide which documents are included. ``include`` chooses the block types
    (``("body",)`` by default; ``("body", "comment")`` adds reader comments as
    their own paragraphs, typed ``comment``). Columns: ``doc_id``, ``para_id``
    (position among the document's included paragraphs), ``unit_id``
    (``doc_id:pNN``), ``block_type``, ``text``, ``n_words``, ``commenter``, then
    the document metadata (:data:`PARAGRAPH_META`), then ``speaker`` (a
    transcript's speaker label, "" elsewhere; :func:`helpers.text.sentences`
    carries it to every sentence).
    """
    if docs is None:
        docs = load_corpus()
    unknown = set(include) - set(cleaning.BLOCK_TYPES)
    if unknown:
        raise ValueError(f"include={include!r}: unknown block type(s) {sorted(unknown)}; "
                         f"choose from {cleaning.BLOCK_TYPES}.")
    return paragraphs_of_blocks(docs, load_blocks(docs.attrs.get("data_dir")), include)


def paragraphs_of_blocks(docs: pd.DataFrame, blocks: pd.DataFrame, include: tuple[str, ...] = ("body",)
                         ) -> pd.DataFrame:
    """:func:`paragraphs` given the corpus's blocks (:func:`helpers.corpus.load_blocks`) rather than reading them."""
    missing = set(docs["id"]) - set(blocks["doc_id"])
    if missing:
        raise ValueError(f"documents {sorted(missing)} are not in the corpus folder "
                         f"{docs.attrs.get('data_dir', 'data/')}; pass the frame load_corpus() returned.")
    sel = blocks[blocks["block_type"].isin(include) & blocks["doc_id"].isin(docs["id"])].copy()
    order = {d: i for i, d in enumerate(docs["id"])}
    sel = sel.sort_values(["doc_id", "block_id"], key=lambda s: s.map(order) if s.name == "doc_id" else s,
                          kind="stable")
    sel["para_id"] = sel.groupby("doc_id", sort=False).cumcount()
    sel["unit_id"] = sel["doc_id"] + ":p" + sel["para_id"].map("{:02d}".format)
    sel["n_words"] = np.array([len(t.split()) for t in sel["text"].tolist()], dtype=np.int64)  # = .str.split().str.len()
    meta = docs.set_index("id")[PARAGRAPH_META]
    sel = sel.join(meta, on="doc_id")
    cols = ["doc_id", "para_id", "unit_id", "block_type", "text", "n_words", "commenter"] + PARAGRAPH_META + ["speaker"]
    out = sel[cols].reset_index(drop=True)
    out.attrs["data_dir"] = docs.attrs.get("data_dir")
    return out


def speaker_sizes(paras: pd.DataFrame) -> pd.DataFrame:
    """One row per **document x speaker** of a transcript: ``n_paragraphs`` and ``n_words``, in order of first
    appearance. ``paras`` is a frame from :func:`paragraphs`; documents without speaker labels are left out."""
    labelled = paras[paras["speaker"] != ""]
    out = (labelled.groupby(["doc_id", "speaker"], sort=False)
           .agg(n_paragraphs=("para_id", "size"), n_words=("n_words", "sum")).reset_index())
    return out


def block_type_sizes(blocks: pd.DataFrame) -> pd.DataFrame:
    """One row per **document x block type**: ``n_blocks`` and ``n_chars`` (all types present for every document).

    ``blocks`` is a frame from :func:`load_blocks`. Shows what cleaning kept
    (``body``) and what it set aside, and how much of each.
    """
    sizes = (blocks.assign(n_chars=blocks["text"].str.len())
             .groupby(["doc_id", "block_type"], sort=False)
             .agg(n_blocks=("block_id", "size"), n_chars=("n_chars", "sum")))
    full = pd.MultiIndex.from_product([blocks["doc_id"].unique(), list(cleaning.BLOCK_TYPES)],
                                      names=["doc_id", "block_type"])
    return sizes.reindex(full, fill_value=0).reset_index()


DEFAULT_EVENTS = DATA_DIR / "events.csv"


def load_events(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **event** (e.g. a summit): ``event``, ``date`` (Timestamp), ``place``, ``leaders``."""
    path = Path(path) if path is not None else DEFAULT_EVENTS
    if not path.is_file():
        raise DataFolderError(f"events file '{path}' not found; pass a CSV with columns event, date, place, leaders.")
    events = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"event", "date"} - set(events.columns)
    if missing:
        raise MetadataError(f"events file '{path.name}' lacks column(s) {sorted(missing)}.")
    for i, value in enumerate(events["date"], start=2):
        _parse_date(value, "day", f"{path.name} line {i}")
    events["date"] = pd.to_datetime(events["date"], format="%Y-%m-%d")
    return events.sort_values(["date", "event"]).reset_index(drop=True)
