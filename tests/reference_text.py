"""Straightforward reference implementations of the text layer and the cleaner's screens, for the differential
tests (``tests/test_fast_text.py``).

These are the functions as they stood before they were made fast (commit 856dc12): one regular expression per
question, one pass per use, no memo. The helpers must return exactly what these return.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from helpers import corpus
from helpers.corpus import rules
from helpers.text import phrases, segment
from helpers.text.phrases import _ASCII_LOWER, _POSSESSIVE, _TOKEN_RE, STOP_WORDS, canonical_terms

_LEADING_POSSESSIVE = re.compile(r"^['’]s(?![A-Za-z0-9])")


def spans(layer: phrases.PhraseLayer, text: str) -> list[tuple[int, int, int]]:
    """Candidates on the ASCII-lower-cased text (``str.translate``), the whole alternation tried at each."""
    if layer.regex is None:
        return []
    out, end = [], 0
    lowered = text.lower() if text.isascii() else text.translate(_ASCII_LOWER)
    for w in layer.candidates.finditer(lowered):
        if w.start() < end:
            continue
        m = layer.regex.match(text, w.start())
        if m:
            out.append((m.start(), m.end(), int(m.lastgroup[1:])))
            end = m.end()
    return out


def _plain_tokens(text: str, lowercase: bool) -> list[str]:
    if lowercase:
        return [(t[:-2] if t[-2:] in _POSSESSIVE else t).lower() for t in _TOKEN_RE.findall(text)]
    return [t[:-2] if t[-2:] in _POSSESSIVE else t for t in _TOKEN_RE.findall(text)]


def tokenize(text: str, lowercase: bool = True, phrases_: bool = True) -> list[str]:
    """Phrases first, then each gap between them split by the token pattern."""
    if not phrases_:
        return _plain_tokens(text, lowercase)
    layer = phrases.phrase_layer()
    out: list[str] = []
    pos = 0
    for start, end, row in spans(layer, text):
        gap = text[pos:start]
        if pos and out:
            gap = _LEADING_POSSESSIVE.sub("", gap)
        out.extend(_plain_tokens(gap, lowercase))
        out.append(layer.canonical_of[row])
        pos = end
    gap = text[pos:]
    if pos:
        gap = _LEADING_POSSESSIVE.sub("", gap)
    out.extend(_plain_tokens(gap, lowercase))
    return out


def mask_names(text: str) -> str:
    layer = phrases.phrase_layer()
    out, pos = [], 0
    for start, end, row in spans(layer, text):
        if layer.kind_of[row] not in ("name", "place"):
            continue
        out.append(text[pos:start])
        out.append(phrases.MASK_PREFIX + layer.canonical_of[row].replace("_", ""))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def split_sentences(text: str) -> list[str]:
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return []
    return [s.strip() for s in segment.sentence_splitter().tokenize(text) if s.strip()]


def sentences(paras: pd.DataFrame) -> pd.DataFrame:
    """One row dict per sentence, numbered by pandas afterwards."""
    rows = []
    meta_cols = [c for c in paras.columns if c not in ("para_id", "unit_id", "text", "n_words", "doc_id")]
    split = [[(s, len(tokenize(s))) for s in split_sentences(t)] for t in paras["text"]]
    for rec, sents in zip(paras.itertuples(index=False), split):
        if not sents:
            continue
        rec = rec._asdict()
        meta = {c: rec[c] for c in meta_cols}
        for j, (sent, n_words) in enumerate(sents):
            row = {"doc_id": rec["doc_id"], "para_id": rec["para_id"], "sent_in_para": j, "text": sent,
                   "n_words": n_words}
            row.update(meta)
            rows.append(row)
    cols = ["doc_id", "para_id", "sent_id", "sent_in_para", "unit_id", "text", "n_words"] + meta_cols
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(rows)
    out["sent_id"] = out.groupby("doc_id", sort=False).cumcount()
    out["unit_id"] = (out["doc_id"] + ":p" + out["para_id"].map("{:02d}".format)
                      + ":s" + out["sent_in_para"].map("{:02d}".format))
    return out[cols]


def tokens(units: pd.DataFrame, lowercase: bool = True, stop_words: frozenset[str] | None = STOP_WORDS,
           phrases_: bool = True) -> pd.DataFrame:
    """Token by token, every column a list of Python values."""
    keep = [c for c in ("period", "block_type") if c in units.columns]
    cols = ["doc_id", "unit_id", "position", "token", "is_alpha", "is_stop"] + keep
    stops = stop_words or frozenset()
    canon = canonical_terms() if phrases_ else frozenset()
    per_unit = []
    for t in units["text"]:
        toks = tokenize(t, lowercase, phrases_)
        per_unit.append((toks, [tok in canon or tok.replace("-", "").replace("'", "").replace("’", "").isalpha()
                                for tok in toks],
                         [tok not in canon and tok.lower() in stops for tok in toks]))
    lengths = [len(toks) for toks, _, _ in per_unit]
    if not any(lengths):
        return pd.DataFrame([], columns=cols)

    def repeat(values):
        return [v for v, n in zip(values.tolist(), lengths) for _ in range(n)]

    columns = {"doc_id": repeat(units["doc_id"]), "unit_id": repeat(units["unit_id"]),
               "position": [i for n in lengths for i in range(n)],
               "token": [t for toks, _, _ in per_unit for t in toks],
               "is_alpha": [a for _, alpha, _ in per_unit for a in alpha],
               "is_stop": [x for _, _, stop in per_unit for x in stop]}
    for c in keep:
        columns[c] = repeat(units[c])
    return pd.DataFrame(columns, columns=cols)


def analyze(doc: str, stop_words: frozenset[str] = STOP_WORDS, min_length: int = 3) -> list[str]:
    return [t for t in tokenize(doc) if phrases.is_content_token(t, stop_words, min_length)]


def any_rule_matches(line: str) -> bool:
    """One search of the alternation of every line rule."""
    return bool(re.compile("|".join(f"(?:{r.pattern})" for r in rules.LINE_RULES + rules.GENERIC_RULES))
                .search(line))


def is_non_english(line: str) -> bool:
    words = re.findall(r"[^\W\d_]+", line.lower())
    n = len(words)
    foreign = sum(w in rules.FOREIGN_WORDS for w in words)
    english = sum(w in rules.ENGLISH_FUNCTION_WORDS for w in words)
    return n >= 2 and foreign > english and foreign / n >= 0.3


def load_part(part, repeated: frozenset[str]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The partition's files written to a scratch folder and loaded by the lessons' loader."""
    from helpers.scale import sources

    data, extra = sources._contents(part)
    tmp = Path(tempfile.mkdtemp(prefix="reference-part-"))
    try:
        (tmp / "raw").mkdir()
        for row, blob in zip(part.rows, data):
            if blob is not None:
                (tmp / "raw" / row[part.header.index("file")]).write_bytes(blob)
        pd.DataFrame(list(part.rows), columns=list(part.header)).to_csv(tmp / "metadata.csv", index=False)
        if extra:
            (tmp / "boilerplate.csv").write_bytes(extra)
        with sources._corpus_wide(frozenset(repeated)):
            docs = corpus.load_corpus(tmp)
            paras = corpus.paragraphs(docs)
            with_comments = corpus.paragraphs(docs, include=("body", "comment"))
        for frame in (docs, paras, with_comments):
            frame.attrs = {}
        return docs, paras, with_comments
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
