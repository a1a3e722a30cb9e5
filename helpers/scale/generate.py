"""Generated corpora of any size in the project's layout, for the benchmark, the tests and notebook 05.

Unit: the **document**. :func:`generate_corpus` writes ``n`` documents (``metadata.csv`` + ``raw/``) whose body
paragraphs mix two pools: paragraphs of the five seed articles (sentences shuffled or dropped; they carry the
reset vocabulary, the frames and the node word) and paragraphs recombined from the 7,758 rated news sentences of
NewsMTSC's training file (``data/external/newsmtsc/train.jsonl``: sentences of many US outlets' articles, so
the topic models see a news vocabulary, not only the seed articles' few thousand words).
Around them: a headline, a byline, sometimes a banner or a photo caption, one document in ten a reader-comment
section, dates spread over 2009-2021. Deterministic for a given ``seed``. The numbers a generated corpus gives
describe the generator, not the news.
"""
from __future__ import annotations

import csv
import json
import random
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from helpers import corpus, text
from helpers.paths import PROJECT_ROOT

NEWSMTSC_TRAIN = PROJECT_ROOT / "data" / "external" / "newsmtsc" / "train.jsonl"
NEWS_SHARE = 0.6
"""Share of body paragraphs drawn from NewsMTSC sentences (the rest from the seed articles)."""


@lru_cache(maxsize=1)
def _pools() -> tuple[list[str], list[str], list[str], list[str]]:
    docs = corpus.load_corpus()
    paras = corpus.paragraphs(docs, include=("body", "comment"))
    body = [p for p, t in zip(paras["text"], paras["block_type"]) if t == "body"]
    comments = [p for p, t in zip(paras["text"], paras["block_type"]) if t == "comment"]
    with open(NEWSMTSC_TRAIN, encoding="utf-8") as fh:
        news = sorted({json.loads(line)["sentence_normalized"].strip() for line in fh if line.strip()})
    return body, comments, news, list(docs["title"])


def _paragraph(rng: random.Random, body: list[str], news: list[str]) -> str:
    if rng.random() < NEWS_SHARE:
        return " ".join(rng.choice(news) for _ in range(rng.randint(2, 5)))
    sents = text.split_sentences(rng.choice(body))
    if len(sents) > 2 and rng.random() < 0.5:
        sents.pop(rng.randrange(len(sents)))
    if rng.random() < 0.5:
        rng.shuffle(sents)
    return " ".join(sents)


def generate_corpus(n: int, out: str | Path, seed: int = 2026) -> Path:
    """Write a corpus of ``n`` **documents** (3-14 body paragraphs each) under ``out``; returns ``out``."""
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n={n!r}: the number of documents must be a whole number of at least 1.")
    out = Path(out)
    rng = random.Random(seed)
    body, comments, news, titles = _pools()
    raw = out / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    start, span = date(2009, 1, 1), (date(2021, 12, 31) - date(2009, 1, 1)).days
    rows = []
    for i in range(n):
        chosen = [_paragraph(rng, body, news) for _ in range(rng.randint(3, 14))]
        lines = [f"{rng.choice(titles)} (no. {i})", "", f"By Author {i % 97}", ""]
        if rng.random() < 0.3:
            lines += ["Watch CBSN Live", ""]
        for j, p in enumerate(chosen):
            lines += [p, ""]
            if j == 1 and rng.random() < 0.3:
                lines += ["(AP Photo/Photographer)", ""]
        if rng.random() < 0.1 and comments:
            k = rng.randint(1, 4)
            lines += [f"soundoff ({k} Responses)"]
            for c in range(k):
                lines += [f"  {c + 1}. Commenter {rng.randint(1, 500)}", "", "    " + rng.choice(comments), "",
                          "    June 17, 2021 at 9:15 am | Reply"]
            lines += ["", "Post a comment"]
        name = f"gen_{i:06d}.txt"
        (raw / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        day = start + timedelta(days=rng.randint(0, span))
        rows.append({"id": f"gen_{i:06d}", "file": name, "title": lines[0], "author": f"Author {i % 97}",
                     "date": day.isoformat(), "date_precision": "day"})
    with open(out / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "file", "title", "author", "date", "date_precision"])
        w.writeheader()
        w.writerows(rows)
    return out
