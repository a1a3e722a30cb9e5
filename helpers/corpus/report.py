"""The per-document cleaning report: which rule removed which lines, and what looks suspicious in what was kept.

Units of analysis: :func:`cleaning_flags` -- one row per **flagged body block**; :func:`cleaning_report` -- one
row per **document x rule** (the lines each rule typed) plus one row per **document x flag**; :func:`comment_counts`
-- one row per **document with a comment section**. All take the frames :mod:`helpers.corpus` loads (the
wrappers ``corpus.cleaning_report(DATA_DIR)`` etc. load them for you).
"""
from __future__ import annotations

import re

import pandas as pd

from helpers.corpus.rules import ENGLISH_FUNCTION_WORDS, FOREIGN_WORDS, rules_table

SENTENCE_END = ('.', '!', '?', '"', '”', '’', ')', '…')
"""A kept body paragraph that does not end in one of these is flagged (it may be furniture the rules missed)."""

FLAGS = {
    "no sentence punctuation": "a body paragraph that does not end like a sentence: furniture, a heading or a "
                               "cut paragraph the rules missed?",
    "non-English words": "a body paragraph with 2+ function words of another language (or Cyrillic letters): "
                         "a foreign-language footer or quote?",
    "repeated across documents": "the same body paragraph in 2+ documents (outlets listed): site furniture, "
                                 "a shared wire paragraph, or a duplicated copy?",
    "repeated within document": "the same body paragraph twice in one document: a copy error or a running head?",
}
DOCUMENT_FLAGS = {
    "body fallback": "no paragraph ended like a sentence, so every unmatched line was kept as body",
    "layout uncertain": "the layout evidence is close to a threshold; check the blocks",
    "cleaning none": "the metadata says cleaning = none: no rule was applied, every line is body",
}

REPORT_COLUMNS = ["doc_id", "layout", "cleaning", "kind", "rule", "block_type", "n_lines", "line_nos", "example",
                  "explanation"]


def _foreign_words(text: str) -> int:
    words = re.findall(r"[^\W\d_]+", text.lower())
    foreign = sum(w in FOREIGN_WORDS for w in words)
    english = sum(w in ENGLISH_FUNCTION_WORDS for w in words)
    return foreign if foreign >= 2 and foreign * 4 >= english else 0


def cleaning_flags(blocks: pd.DataFrame, docs: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per **flagged body block** (a suspicious leftover): ``doc_id``, ``block_id``, ``first_line``,
    ``flag`` (a key of :data:`FLAGS`), ``detail``, ``text`` (in full).

    ``blocks`` is a frame from :func:`helpers.corpus.load_blocks`; ``docs`` (from ``load_corpus``) adds the outlets
    to the detail of lines repeated across documents. Flags never change the cleaning: they point at what to check.
    """
    body = blocks[blocks["block_type"] == "body"]
    outlet = dict(zip(docs["id"], docs["outlet"])) if docs is not None else {}
    where = body.groupby("text")["doc_id"].agg(lambda s: sorted(set(s)))
    per_doc = body.groupby(["doc_id", "text"]).size()
    rows = []
    for b in body.itertuples(index=False):
        text = b.text
        if not text.rstrip().endswith(SENTENCE_END):
            rows.append((b.doc_id, b.block_id, b.first_line, "no sentence punctuation", "", text))
        n_foreign = _foreign_words(text)
        if n_foreign or re.search(r"[\u0400-\u04FF]", text):
            detail = f"{n_foreign} non-English function words" if n_foreign else "Cyrillic letters"
            rows.append((b.doc_id, b.block_id, b.first_line, "non-English words", detail, text))
        others = where[text]
        if len(others) > 1:
            detail = "; ".join(f"{d} ({outlet.get(d, 'unknown')})" for d in others)
            rows.append((b.doc_id, b.block_id, b.first_line, "repeated across documents", detail, text))
        if per_doc[(b.doc_id, text)] > 1:
            rows.append((b.doc_id, b.block_id, b.first_line, "repeated within document",
                         f"{per_doc[(b.doc_id, text)]} times", text))
    return pd.DataFrame(rows, columns=["doc_id", "block_id", "first_line", "flag", "detail", "text"])


def _line_nos(numbers) -> str:
    return ", ".join(str(n) for n in numbers)


def cleaning_report(lines: pd.DataFrame, blocks: pd.DataFrame, layouts: pd.DataFrame,
                    docs: pd.DataFrame | None = None, extra: tuple = ()) -> pd.DataFrame:
    """One row per **document x rule** and per **document x flag**: how each document was cleaned, and why.

    Columns (:data:`REPORT_COLUMNS`): ``doc_id``; ``layout`` (blank-line paragraphs / one paragraph per line /
    hard-wrapped, see :mod:`helpers.layout`); ``cleaning`` (``rules`` or ``none``, from the metadata); ``kind``
    (``rule``: the lines one rule typed; ``flag``: suspicious body paragraphs kept, see :data:`FLAGS`;
    ``document``: a flag on the whole document, see :data:`DOCUMENT_FLAGS`); ``rule`` (a rule of
    :func:`helpers.corpus.rules.rules_table`, or the flag); ``block_type``; ``n_lines`` (raw lines, or flagged
    paragraphs); ``line_nos`` (raw line numbers, all of them); ``example`` (the first line's full text);
    ``explanation``. Rows: documents in corpus order, rules in the order they apply, then flags. ``extra``: the
    corpus's own patterns (:func:`helpers.cleaning.extra_rules`), so their rows are explained and ordered too.
    """
    order = {d: i for i, d in enumerate(layouts["doc_id"])}
    table = rules_table(extra)
    rule_order = {r: i for i, r in enumerate(table["rule"])}
    explain = dict(zip(table["rule"], table["explanation"]))
    info = layouts.set_index("doc_id")
    rows = []
    for (doc_id, rule, block_type), grp in lines.groupby(["doc_id", "rule", "block_type"], sort=False):
        rows.append({"doc_id": doc_id, "kind": "rule", "rule": rule, "block_type": block_type,
                     "n_lines": len(grp), "line_nos": _line_nos(grp["line_no"]), "example": grp["text"].iloc[0],
                     "explanation": explain.get(rule, ""),
                     "_o": (1, rule_order.get(rule, -1), int(grp["line_no"].iloc[0]))})
    flags = cleaning_flags(blocks, docs)
    for (doc_id, flag), grp in flags.groupby(["doc_id", "flag"], sort=False):
        first = grp.iloc[0]
        rows.append({"doc_id": doc_id, "kind": "flag", "rule": flag, "block_type": "body", "n_lines": len(grp),
                     "line_nos": _line_nos(grp["first_line"]), "example": first["text"],
                     "explanation": FLAGS[flag] + (f" [{first['detail']}]" if first["detail"] else ""),
                     "_o": (2, list(FLAGS).index(flag), 0)})
    for doc_id, rec in info.iterrows():
        doc_flags = [("body fallback", rec["body_fallback"]), ("layout uncertain", rec["layout_uncertain"]),
                     ("cleaning none", rec["cleaning"] == "none")]
        for name, on in doc_flags:
            if on:
                rows.append({"doc_id": doc_id, "kind": "document", "rule": name, "block_type": "", "n_lines": 0,
                             "line_nos": "", "example": "", "_o": (0, list(DOCUMENT_FLAGS).index(name), 0),
                             "explanation": DOCUMENT_FLAGS[name] + ". Layout evidence: " + rec["layout_evidence"]})
    if not rows:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    out = pd.DataFrame(rows)
    out["layout"] = out["doc_id"].map(info["layout"])
    out["cleaning"] = out["doc_id"].map(info["cleaning"])
    out["_d"] = out["doc_id"].map(order)
    out = out.sort_values(["_d", "_o"], kind="stable")
    return out[REPORT_COLUMNS].reset_index(drop=True)


def flagged_documents(report: pd.DataFrame) -> pd.DataFrame:
    """One row per **document** of a :func:`cleaning_report`: ``layout``, ``cleaning``, ``n_flags`` (flag and
    document rows) and ``flags`` (their names), so a reader sees at once which documents to check."""
    flagged = report[report["kind"] != "rule"]
    base = report.drop_duplicates("doc_id")[["doc_id", "layout", "cleaning"]]
    agg = flagged.groupby("doc_id", sort=False)["rule"].agg(n_flags="size", flags=lambda s: "; ".join(s))
    out = base.join(agg, on="doc_id")
    out["n_flags"] = out["n_flags"].fillna(0).astype(int)
    out["flags"] = out["flags"].fillna("")
    return out.reset_index(drop=True)


_STATED = re.compile(r"\((\d+) Responses?\)|^(\d+) (?:Comments|Responses)$|^(?:Reader )?Comments \((\d+)\)$")


def comment_counts(lines: pd.DataFrame, blocks: pd.DataFrame) -> pd.DataFrame:
    """One row per **document with a comment section**: ``stated`` (the count its header line gives, e.g. the
    11 of "soundoff (11 Responses)"; -1 if it gives none), ``n_comments`` in the file, ``n_top_level``,
    ``n_replies`` and ``missing`` (stated minus found, at least 0: responses the copy does not hold)."""
    starts = lines[lines["rule"] == "comment-section start"]
    rows = []
    for doc_id, grp in starts.groupby("doc_id", sort=False):
        header = grp["text"].iloc[0]
        m = _STATED.search(header)
        stated = int(next(g for g in m.groups() if g)) if m else -1
        com = blocks[(blocks["doc_id"] == doc_id) & (blocks["block_type"] == "comment")]
        n, replies = len(com), int(com["is_reply"].sum())
        rows.append({"doc_id": doc_id, "header": header, "stated": stated, "n_comments": n,
                     "n_top_level": n - replies, "n_replies": replies, "missing": max(0, stated - n)})
    cols = ["doc_id", "header", "stated", "n_comments", "n_top_level", "n_replies", "missing"]
    return pd.DataFrame(rows, columns=cols)


def rule_firings(table: pd.DataFrame, lines: pd.DataFrame, blocks: pd.DataFrame, order: list[str] | None = None,
                 max_doc_columns: int = 8) -> pd.DataFrame:
    """The rules table with, for every **rule**, the number of raw lines it typed in each document and in total.

    ``table`` is a rules table (:func:`helpers.corpus.rules_table`), ``lines`` and ``blocks`` the frames of
    :func:`helpers.corpus.load_lines` / ``load_blocks``. A line counts for a rule when the rule typed the line,
    or typed the block the line belongs to (a joined paragraph, a whole comment), so one line can count for two
    rules. Adds one column per document (in ``order``; only when there are at most ``max_doc_columns``
    documents), then ``lines_total`` and ``n_documents`` (documents in which the rule typed at least one line),
    right after ``block_type``; a rule with ``lines_total`` 0 never fired on this corpus.
    """
    order = list(order) if order is not None else list(dict.fromkeys(lines["doc_id"]))
    block_rule = blocks.set_index(["doc_id", "block_id"])["rule"]
    by_block = lines.join(block_rule.rename("block_rule"), on=["doc_id", "block_id"])
    touched = pd.concat([by_block[["doc_id", "rule"]],
                         by_block.loc[by_block["block_rule"] != by_block["rule"], ["doc_id", "block_rule"]]
                         .rename(columns={"block_rule": "rule"})])
    counts = (touched.groupby(["rule", "doc_id"]).size().unstack("doc_id", fill_value=0)
              .reindex(index=table["rule"], columns=order, fill_value=0).fillna(0).astype(int))
    out = table.copy()
    at = list(out.columns).index("block_type") + 1
    new = {}
    if len(order) <= max_doc_columns:
        new.update({d: counts[d].to_numpy() for d in order})
    new["lines_total"] = counts.sum(axis=1).to_numpy()
    new["n_documents"] = (counts > 0).sum(axis=1).to_numpy()
    for i, (name, values) in enumerate(new.items()):
        out.insert(at + i, name, values)
    return out


def fired_rules(fired: pd.DataFrame) -> pd.DataFrame:
    """The rows of a :func:`rule_firings` table for the **rules** that typed at least one line (without the
    ``explanation`` column, to keep the table narrow)."""
    return fired.loc[fired["lines_total"] > 0].drop(columns=["explanation"], errors="ignore").reset_index(drop=True)


def audit_text(lines: pd.DataFrame, doc_id: str, width: int = 100) -> str:
    """Every non-empty raw **line** of one document as left-aligned text: line number, block type, the rule
    that typed it, and the line (cut at ``width`` characters, marked with …)."""
    d = lines[lines["doc_id"] == doc_id]
    w_type, w_rule = d["block_type"].str.len().max(), d["rule"].str.len().max()
    out = [f"{'line':>4}  {'block_type':<{w_type}}  {'rule':<{w_rule}}  text"]
    for r in d.itertuples():
        t = r.text if len(r.text) <= width else r.text[:width - 1] + "…"
        out.append(f"{r.line_no:>4}  {r.block_type:<{w_type}}  {r.rule:<{w_rule}}  {t}")
    return "\n".join(out)
