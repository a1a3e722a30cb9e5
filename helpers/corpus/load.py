"""Load the corpus: metadata, raw files, cleaned text and the units of analysis.

A corpus folder has this layout (the project's own is ``data/``)::

    data/
      metadata.csv      one row per document (see data/README.md)
      raw/              one UTF-8 text file per document, never written to

Units of analysis, each a tidy DataFrame:

* :func:`load_corpus` -- one row per **document** (metadata + cleaned text);
* :func:`load_blocks` -- one row per **block** (headline, byline, body
  paragraph, caption, boilerplate, reader comment);
* :func:`load_lines` -- one row per non-empty **raw line**, with the rule
  that typed it (for auditing the cleaning);
* :func:`paragraphs` -- one row per **paragraph** (body by default, reader
  comments on request), joined to the document metadata, with the ``speaker``
  of a transcript paragraph;
* :func:`load_layouts` -- one row per **document**: its paragraph layout and
  the evidence for it;
* :func:`cleaning_report` -- one row per **document x rule** and **document x
  flag**: what the cleaner removed, by which rule, and what looks suspicious.

Sentences and tokens are in :mod:`helpers.text`. Any problem with the files
raises a :class:`~helpers.errors.CorpusError` that names the file or row.
"""
from __future__ import annotations

import csv
import hashlib
import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.corpus import cleaning
from helpers.corpus import report as _report
from helpers.errors import (
    DataFolderError,
    DateError,
    DocumentEncodingError,
    DuplicateDocumentError,
    EmptyDocumentError,
    MetadataError,
    MissingFileError,
    UnlistedFileError,
)

from helpers.paths import DATA_DIR as DEFAULT_DATA_DIR  # noqa: E402
from helpers.paths import PROJECT_ROOT  # noqa: E402,F401

REQUIRED_COLUMNS = ("id", "file", "title", "date")
OPTIONAL_COLUMNS = ("outlet", "author", "date_precision", "date_evidence", "genre",
                    "outlet_country", "leaders", "url")
METADATA_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
CLEANING_COLUMN = "cleaning"
"""Optional metadata column: ``rules`` (or empty, the default) applies the cleaning rules; ``none`` marks a text
that is already clean (every line is body; only the layout joins lines)."""
_DATE_FORMATS = {"day": (r"^\d{4}-\d{2}-\d{2}$", "%Y-%m-%d"),
                 "month": (r"^\d{4}-\d{2}$", "%Y-%m"),
                 "year": (r"^\d{4}$", "%Y")}
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def data_dir(path: str | Path | None = None) -> Path:
    """The corpus folder to use: ``path`` if given, else the project's ``data/``."""
    return Path(path) if path is not None else DEFAULT_DATA_DIR


def _read_metadata(root: Path) -> pd.DataFrame:
    meta_path = root / "metadata.csv"
    if not root.is_dir():
        raise DataFolderError(f"Data folder '{root}' does not exist. Pass the folder that holds "
                              "metadata.csv and raw/ (or None for the project's data/).")
    if not meta_path.is_file():
        raise DataFolderError(f"'{meta_path}' is missing. Every corpus folder needs a metadata.csv "
                              "with one row per file in raw/ (template in data/README.md).")
    if not (root / "raw").is_dir():
        raise DataFolderError(f"'{root / 'raw'}' is missing. Put one UTF-8 .txt file per document there.")
    try:
        text = meta_path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentEncodingError(f"'{meta_path}' is not UTF-8 (byte {exc.start}). "
                                    "Save it as UTF-8 and load again.") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise MetadataError(f"'{meta_path}' is empty. Its first line must be the header: "
                            + ",".join(METADATA_COLUMNS))
    header = [h.strip() for h in rows[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise MetadataError(f"'{meta_path}' lacks the column(s) {missing}. The header must include "
                            f"{list(REQUIRED_COLUMNS)}; optional: {list(OPTIONAL_COLUMNS)}.")
    if len(set(header)) != len(header):
        raise MetadataError(f"'{meta_path}' repeats a column name in its header: {header}.")
    records = []
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line in a CSV is not a row
        if len(row) != len(header):
            raise MetadataError(f"'{meta_path}' line {line_no} has {len(row)} fields but the header has "
                                f"{len(header)}. Quote fields that contain commas.")
        rec = {h: cell.strip() for h, cell in zip(header, row)}
        for col in REQUIRED_COLUMNS:
            if not rec[col]:
                raise MetadataError(f"'{meta_path}' line {line_no}: the required field '{col}' is empty.")
        for col in OPTIONAL_COLUMNS:
            if not rec.get(col):
                rec[col] = "unknown"
        mode = (rec.get(CLEANING_COLUMN) or "rules").lower()
        if mode in ("unknown", "yes", "default"):
            mode = "rules"
        if mode not in cleaning.CLEANING_MODES:
            raise MetadataError(f"'{meta_path}' line {line_no}: cleaning '{rec[CLEANING_COLUMN]}' is not one of "
                                f"{list(cleaning.CLEANING_MODES)}. Write 'none' for a text that is already clean, "
                                "or leave the field empty to apply the rules.")
        rec[CLEANING_COLUMN] = mode
        rec["_line"] = line_no
        records.append(rec)
    if not records:
        raise MetadataError(f"'{meta_path}' has a header but no rows. Add one row per file in raw/.")
    return pd.DataFrame(records)


def _parse_date(value: str, precision: str, where: str) -> pd.Timestamp:
    if precision == "unknown":
        precision = next((p for p, (rx, _) in _DATE_FORMATS.items() if re.match(rx, value)), "")
    if precision not in _DATE_FORMATS:
        raise DateError(f"{where}: date_precision '{precision}' is not one of day, month, year "
                        f"(date '{value}'). Write the date as YYYY-MM-DD, YYYY-MM or YYYY.")
    rx, fmt = _DATE_FORMATS[precision]
    if not re.match(rx, value):
        raise DateError(f"{where}: date '{value}' does not match precision '{precision}'. "
                        f"Write it as {fmt.replace('%Y', 'YYYY').replace('%m', 'MM').replace('%d', 'DD')}.")
    try:
        return pd.Timestamp(datetime.strptime(value, fmt))
    except (ValueError, OverflowError):
        raise DateError(f"{where}: date '{value}' is not a real calendar date.") from None


def _decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentEncodingError(
            f"'{path.name}' is not valid UTF-8 (bad byte at offset {exc.start}). Re-save the file "
            "as UTF-8 (e.g. `iconv -f cp1252 -t utf-8`) into raw/; the loader never rewrites it.") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise EmptyDocumentError(f"'{path.name}' is empty or whitespace only. Put the article text "
                                 "in it, or remove the file and its metadata row.")
    return text


def _folder_signature(root: Path) -> tuple:
    raw = root / "raw"
    files = sorted(p for p in raw.iterdir()) if raw.is_dir() else []
    meta, extra = root / "metadata.csv", root / "boilerplate.csv"
    stat = lambda p: (p.name, p.stat().st_size, p.stat().st_mtime_ns)  # noqa: E731
    return ((stat(meta) if meta.is_file() else None, stat(extra) if extra.is_file() else None)
            + tuple(stat(p) for p in files if p.is_file()))


def _parse(root: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return _parse_cached(str(root.resolve()), _folder_signature(root))


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _text_or_none(data: bytes | None) -> str | None:
    """The decoded text of a file (BOM removed), or None if it does not decode (raised later, in order)."""
    if data is None:
        return None
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return raw[1:] if raw.startswith("\ufeff") else raw


def _segment_or_none(items: list[tuple]) -> list[tuple | None]:
    """:func:`helpers.cleaning.segment_document` of each (text, author, extra rules, repeated lines, mode); None
    where the text is missing or segmenting fails (the caller then raises the proper error in document order)."""
    out = []
    for raw, author, extra, repeated, mode in items:
        if raw is None or not raw.strip():
            out.append(None)
            continue
        try:
            out.append(cleaning.segment_document(raw, author, extra, repeated, mode))
        except Exception:  # noqa: BLE001 -- re-raised in order by the caller's own call
            out.append(None)
    return out


def _repeated_lines(texts: list[str | None]) -> list[frozenset[str]]:
    """For each document, its short unpunctuated lines that also occur in another document of the corpus."""
    cands = [cleaning.candidate_lines(t) if t else frozenset() for t in texts]
    seen: dict[str, int] = {}
    for c in cands:
        for line in c:
            seen[line] = seen.get(line, 0) + 1
    return [frozenset(line for line in c if seen[line] >= 2) for c in cands]


def _check_unique_ids_and_files(meta: pd.DataFrame, meta_name: str = "metadata.csv") -> None:
    """Raise if two metadata rows share an id or a file (naming the lines and the fix)."""
    for col in ("id", "file"):
        dup = meta[meta[col].duplicated(keep=False)]
        if len(dup):
            lines = ", ".join(str(x) for x in dup["_line"])
            raise DuplicateDocumentError(f"{meta_name}: {col} '{dup[col].iloc[0]}' appears on lines {lines}. "
                                         f"Each document needs its own {col}; remove or rename the duplicate.")


@lru_cache(maxsize=8)
def _parse_cached(root_str: str, _signature: tuple) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    root = Path(root_str)
    raw_dir = root / "raw"
    meta = _read_metadata(root)
    on_disk = sorted(p.name for p in raw_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    records = _checked_records(meta, on_disk)
    contents = [_read_or_none(raw_dir / rec["file"]) for rec in records]
    return _documents(records, contents, cleaning.extra_rules(root), raw_dir)


def parse_with_files(root: Path, files: dict[str, bytes]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame,
                                                                   pd.DataFrame]:
    """What :func:`_parse` returns for the corpus folder ``root`` (its ``metadata.csv`` and ``boilerplate.csv``)
    if its ``raw/`` held ``files`` (name -> bytes): the same checks, the same tables, no file written.
    (Documents, blocks, lines, layouts; not cached.)"""
    meta = _read_metadata(root)
    records = _checked_records(meta, sorted(f for f in files if not f.startswith(".")))
    contents = [files.get(rec["file"]) for rec in records]
    return _documents(records, contents, cleaning.extra_rules(root), root / "raw")


def _checked_records(meta: pd.DataFrame, on_disk: list[str], meta_name: str = "metadata.csv") -> list[dict]:
    """The metadata rows in id order, once ids, files and the raw folder's listing ``on_disk`` are checked."""
    _check_unique_ids_and_files(meta, meta_name)
    for doc_id, line in zip(meta["id"], meta["_line"]):
        if not _ID_RE.match(doc_id):
            raise MetadataError(f"{meta_name} line {line}: id '{doc_id}' may use only letters, digits, "
                                "'_', '-' and '.'.")
    # every file has a row, every row has a file
    listed = set(meta["file"])
    unlisted = [f for f in on_disk if f not in listed]
    if unlisted:
        raise UnlistedFileError(f"raw/{unlisted[0]} has no row in {meta_name}"
                                + (f" (nor do {len(unlisted) - 1} more)" if len(unlisted) > 1 else "")
                                + ". Add a row for it (template in data/README.md) or move the file out of raw/.")
    on_disk_set = set(on_disk)
    for doc_id, file, line in zip(meta["id"], meta["file"], meta["_line"]):
        if file not in on_disk_set:
            raise MissingFileError(f"{meta_name} line {line} (id '{doc_id}') names raw/{file}, "
                                   "which does not exist. Add the file or delete the row.")
    return meta.sort_values("id", kind="stable").to_dict("records")


def _documents(records: list[dict], contents: list[bytes | None], extra: tuple, raw_dir: Path,
               meta_name: str = "metadata.csv") -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Documents, blocks, lines and layouts of the checked metadata rows, given each file's bytes."""
    docs, block_rows, line_rows = [], [], []
    seen_hashes: dict[str, str] = {}
    texts = [_text_or_none(data) for data in contents]
    repeated = _repeated_lines(texts)
    # segment every decodable file up front (in parallel on a large corpus); the loop below checks the
    # files in id order exactly as before and re-segments (raising there) any file this step skipped
    items = [(t, rec["author"], extra, rep_, rec[CLEANING_COLUMN]) for t, rec, rep_ in zip(texts, records, repeated)]
    segmented = _segment_or_none(items)
    layout_rows = []
    for rec, data, pre, item in zip(records, contents, segmented, items):
        where = f"{meta_name} line {rec['_line']} (id '{rec['id']}')"
        path = raw_dir / rec["file"]
        data = path.read_bytes() if data is None else data  # an unreadable file raises here, in order
        raw = _decode(path, data)
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen_hashes:
            raise DuplicateDocumentError(f"raw/{rec['file']} has the same content as raw/{seen_hashes[digest]}. "
                                         "Remove one of them and its metadata row.")
        seen_hashes[digest] = rec["file"]
        date = _parse_date(rec["date"], rec["date_precision"], where)
        blocks, lines, info = pre if pre is not None else cleaning.segment_document(raw, *item[1:])
        body = [b[3] for b in blocks if b[1] == "body"]
        if not body:
            raise EmptyDocumentError(f"raw/{rec['file']}: the cleaner found no body paragraph (every line "
                                     "matched a boilerplate rule: the file holds no article text). Check the file; "
                                     "if its text is article text, set cleaning = none in its metadata row "
                                     "(data/README.md), or see helpers.cleaning.rules_table() for the rules.")
        layout_rows.append((rec["id"],) + info)
        headlines = [b[3] for b in blocks if b[1] == "headline"]
        doc = {c: rec[c] for c in METADATA_COLUMNS}
        doc["date_precision"] = next(p for p, (rx, _) in _DATE_FORMATS.items() if re.match(rx, rec["date"]))
        doc.update({
            "date": date,
            "year": int(date.year),
            "headline": headlines[0] if headlines else rec["title"],
            "text": "\n\n".join(body),
            "n_paragraphs": len(body),
            "n_comments": sum(1 for b in blocks if b[1] == "comment"),
            "raw_chars": len(raw),
            "clean_chars": sum(len(t) for t in body),
            "sha256": digest,
        })
        docs.append(doc)
        block_rows += [(rec["id"],) + b for b in blocks]
        line_rows += [(rec["id"],) + ln for ln in lines]
    blocks_df = pd.DataFrame(block_rows, columns=["doc_id"] + cleaning.BLOCK_COLUMNS)
    lines_df = pd.DataFrame(line_rows, columns=["doc_id"] + cleaning.LINE_COLUMNS)
    docs_df = pd.DataFrame(docs)
    docs_df["period"] = docs_df["year"].astype(str)
    docs_df = docs_df.sort_values(["date", "id"], kind="stable").reset_index(drop=True)
    order = {d: i for i, d in enumerate(docs_df["id"])}
    blocks_df = blocks_df.sort_values(["doc_id", "block_id"], key=lambda s: s.map(order) if s.name == "doc_id" else s,
                                      kind="stable").reset_index(drop=True)
    lines_df = lines_df.sort_values(["doc_id", "line_no"], key=lambda s: s.map(order) if s.name == "doc_id" else s,
                                    kind="stable").reset_index(drop=True)
    layouts_df = pd.DataFrame(layout_rows, columns=["doc_id"] + cleaning.LAYOUT_COLUMNS)
    layouts_df = layouts_df.sort_values("doc_id", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    return docs_df, blocks_df, lines_df, layouts_df


DOC_COLUMNS = ["id", "title", "outlet", "author", "date", "date_precision", "year", "period", "genre",
               "outlet_country", "leaders", "date_evidence", "url", "file", "headline", "n_paragraphs",
               "n_comments", "raw_chars", "clean_chars", "sha256", "text"]


def load_corpus(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **document**: its metadata and cleaned article text.

    ``text`` holds the body paragraphs only (no headline, bylines, captions,
    boilerplate or reader comments), separated by blank lines. ``date`` is the
    first day of the period that ``date_precision`` allows (a month-precise
    date of 2009-03 becomes 2009-03-01); ``period`` is the year as a label.
    Rows are sorted by date, then id. ``path`` is a corpus folder (default:
    the project's ``data/``). Raises a :class:`~helpers.errors.CorpusError`
    subclass naming the file or row for any problem; never writes to disk.
    """
    docs, _, _, _ = _parse(data_dir(path))
    out = docs[DOC_COLUMNS].copy()
    out.attrs["data_dir"] = str(data_dir(path))
    return out


def load_blocks(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **block** of every document, in reading order.

    Columns: ``doc_id``, ``block_id`` (position in the document), ``block_type``
    (see :data:`helpers.cleaning.BLOCK_TYPES`), ``rule`` (which cleaning rule
    typed it), ``text`` (commenters pseudonymised), ``first_line``/``last_line``
    in the raw file, for comments ``commenter`` (reader-N), ``is_reply``
    and ``comment_stamp``, and ``speaker`` (the label of a transcript
    paragraph, e.g. "PRESIDENT OBAMA"; "" where the document has no labels).
    """
    _, blocks, _, _ = _parse(data_dir(path))
    return blocks.copy()


def load_lines(path: str | Path | None = None) -> pd.DataFrame:
    """One row per non-empty **raw line**: ``doc_id``, ``line_no``, ``text``, ``block_type``, ``rule``, ``block_id``."""
    _, _, lines, _ = _parse(data_dir(path))
    return lines.copy()


def load_layouts(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **document**: the paragraph layout the cleaner decided from the file's own evidence, the
    evidence (:data:`helpers.cleaning.LAYOUT_COLUMNS`), whether no body start was found (``body_fallback``: every
    unmatched line kept as body) and the metadata's ``cleaning`` mode."""
    _, _, _, layouts = _parse(data_dir(path))
    return layouts.copy()


def rules_table(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **cleaning rule** in the order the rules apply, including the corpus folder's own
    ``boilerplate.csv`` patterns (first); see :func:`helpers.corpus.rules.rules_table` for the columns."""
    return cleaning.rules_table(cleaning.extra_rules(data_dir(path)))


def cleaning_report(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **document x rule** (the raw lines each cleaning rule typed) and per **document x flag**
    (suspicious body paragraphs kept, documents to check). See :func:`helpers.corpus.report.cleaning_report`
    for the columns; ``path`` is a corpus folder (default: the project's ``data/``)."""
    docs, blocks, lines, layouts = _parse(data_dir(path))
    return _report.cleaning_report(lines, blocks, layouts, docs, cleaning.extra_rules(data_dir(path)))


def cleaning_flags(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **flagged body paragraph** of the corpus (see :func:`helpers.corpus.report.cleaning_flags`)."""
    docs, blocks, _, _ = _parse(data_dir(path))
    return _report.cleaning_flags(blocks, docs)


def comment_counts(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **document with a comment section**: the count its header states against the comments the
    file holds (see :func:`helpers.corpus.report.comment_counts`)."""
    _, blocks, lines, _ = _parse(data_dir(path))
    return _report.comment_counts(lines, blocks)
