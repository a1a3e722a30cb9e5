"""Commenters' names replaced by stable pseudonyms (reader-1, reader-2, ...), numbered per document in order of
first appearance. Unit: one document's comment authors and text."""
from __future__ import annotations

import re


def _name_pattern(name: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])")


def pseudonym_map(names: list[str]) -> dict[str, str]:
    """Map each distinct commenter name to ``reader-N`` in order of first appearance."""
    out: dict[str, str] = {}
    for n in names:
        if n and n not in out:
            out[n] = f"reader-{len(out) + 1}"
    return out


def _pseudonymise(text: str, mapping: dict[str, str], parts: bool) -> str:
    """Replace full names (longest first); with ``parts``, also name parts of 4+ letters."""
    for name in sorted(mapping, key=len, reverse=True):
        text = _name_pattern(name).sub(mapping[name], text)
    if parts:
        for name in sorted(mapping, key=len, reverse=True):
            tokens = [t.strip(".,") for t in re.split(r"[\s]+", name)]
            if len(tokens) < 2:
                continue
            for tok in tokens:
                if len(tok) >= 4 and tok[0].isupper():
                    text = _name_pattern(tok).sub(mapping[name], text)
    return text
