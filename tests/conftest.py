"""Shared fixtures: small corpus folders written for the tests."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

HEADER = ["id", "file", "title", "outlet", "author", "date", "date_precision", "date_evidence", "genre",
          "outlet_country", "leaders", "url"]

LONG_BODY = ("The two presidents met for an hour and agreed that the relationship between their countries "
             "needs a fresh start after a difficult year.")


def article(body: str = LONG_BODY, headline: str = "Leaders meet in Geneva") -> str:
    return f"{headline}\n\n{body}\n\nA second paragraph says that talks will continue next month in Vienna.\n"


def write_corpus(root: Path, docs: dict[str, bytes | str], rows: list[dict] | None = None) -> Path:
    """Write ``root/raw/<file>`` for each entry of ``docs`` and a metadata.csv (one row per file unless given)."""
    (root / "raw").mkdir(parents=True, exist_ok=True)
    for name, content in docs.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (root / "raw" / name).write_bytes(data)
    if rows is None:
        rows = [{"id": Path(name).stem, "file": name, "title": f"Title {i}", "date": f"2012-0{i + 1}-15",
                 "date_precision": "day", "author": "Jane Doe"} for i, name in enumerate(sorted(docs))]
    with open(root / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=HEADER)
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in HEADER})
    return root


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", {"a.txt": article(), "b.txt": article(headline="Second story")})
