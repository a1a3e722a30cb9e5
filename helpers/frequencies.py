"""Frequencies that can be compared: counts with rates per 1,000 words, document frequency, ties made visible.

Raw counts grow with a document's length, so every count here comes with a
**rate per 1,000 words** (words = :func:`helpers.text.tokenize` tokens of the
body paragraphs, a listed phrase counting as one word) and, over the corpus,
with its **document frequency** (in how many documents the term occurs).
Terms with equal counts share a rank (``rank`` is the "min" rank: 1, 2, 2, 4);
within a rank they are listed alphabetically, which is a display order, not
a finding.

Units of analysis: :func:`term_frequencies` one row per **term**;
:func:`document_terms` one row per **document x term**; :func:`actor_rates`
one row per **document x actor**; :func:`mention_check` one row per **actor**.
"""
from __future__ import annotations

import pandas as pd

from . import text

PEOPLE, INSTITUTIONS = "person", "institution"


def _ranked(counts: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    """Sort by group, count (descending), token; add ``rank`` (min rank) and ``tied`` (shares its count)."""
    counts = counts.sort_values(groups + ["count", "token"], ascending=[True] * len(groups) + [False, True],
                                kind="stable").reset_index(drop=True)
    keys = groups + ["count"]
    if groups:
        counts["rank"] = counts.groupby(groups)["count"].rank(method="min", ascending=False).astype(int)
    else:
        counts["rank"] = counts["count"].rank(method="min", ascending=False).astype(int)
    counts["tied"] = counts.groupby(keys)["token"].transform("size") > 1
    return counts


def term_frequencies(toks: pd.DataFrame, n_words: int) -> pd.DataFrame:
    """One row per **term** over all documents: ``rank``, ``token``, ``count``, ``per_1000_words``,
    ``doc_freq`` (documents containing it), ``tied`` (another term has the same count).

    ``toks`` is a (filtered) :func:`helpers.text.tokens` frame; ``n_words`` the
    number of words the rates are relative to (all tokens, before filtering).
    """
    counts = toks.groupby("token").agg(count=("token", "size"), doc_freq=("doc_id", "nunique")).reset_index()
    counts = _ranked(counts, [])
    counts["per_1000_words"] = (1000 * counts["count"] / max(int(n_words), 1)).round(2)
    return counts[["rank", "token", "count", "per_1000_words", "doc_freq", "tied"]]


def top_with_ties(freq: pd.DataFrame, n: int, by: str | None = None) -> pd.DataFrame:
    """The first ``n`` rows (per ``by`` group), in the frame's order, so that ties at the cut-off are visible
    through :func:`cutoff_ties`."""
    return freq.groupby(by, sort=False).head(n) if by else freq.head(n)


def cutoff_ties(freq: pd.DataFrame, n: int) -> dict:
    """What the cut-off at ``n`` terms hides: the count at place n, how many terms have it, how many are shown."""
    if len(freq) <= n or n <= 0:
        return {"count": None, "tied": 0, "shown": 0, "hidden": []}
    c = int(freq["count"].iloc[n - 1])
    same = freq[freq["count"] == c]
    shown = same.index[same.index < n]
    return {"count": c, "tied": len(same), "shown": len(shown),
            "hidden": list(freq.loc[same.index[same.index >= n], "token"])}


def ties_sentence(freq: pd.DataFrame, n: int) -> str:
    """A sentence stating the ties in the top ``n`` of a :func:`term_frequencies` frame and at its cut-off."""
    top = freq.head(n)
    groups = top[top["tied"]].groupby("count", sort=False)["token"].apply(list)
    inside = "; ".join(f"{', '.join(t)} ({c} each)" for c, t in groups.items())
    cut = cutoff_ties(freq, n)
    out = (f"Tied counts in the top {n}: {inside}. " if inside else f"No two terms in the top {n} share a count. ")
    out += "Tied terms share a rank and are listed alphabetically. "
    if cut["hidden"]:
        hidden = cut["hidden"]
        listed = ", ".join(hidden[:8]) + (f" and {len(hidden) - 8} more" if len(hidden) > 8 else "")
        out += (f"The cut-off at {n} falls inside a tie: {cut['tied']} terms occur {cut['count']} times, "
                f"{cut['shown']} shown, not shown: {listed}.")
    else:
        out += f"The cut-off at {n} does not split a tie."
    return out


def document_terms(toks: pd.DataFrame, lengths: pd.DataFrame, n: int | None = None) -> pd.DataFrame:
    """One row per **document x term**: ``doc_id``, ``rank`` (within the document, min rank), ``token``,
    ``count``, ``per_1000_words`` (per 1,000 words of that document), ``tied``.

    ``lengths`` has ``doc_id`` and ``n_words`` (e.g.
    :func:`helpers.text.document_lengths`). ``n`` keeps the first n rows per
    document; rows tied with the n-th are not added (see :func:`cutoff_ties`).
    """
    counts = toks.groupby(["doc_id", "token"]).size().rename("count").reset_index()
    counts = _ranked(counts, ["doc_id"])
    words = lengths.set_index("doc_id")["n_words"]
    counts["per_1000_words"] = (1000 * counts["count"] / counts["doc_id"].map(words).clip(lower=1)).round(1)
    if n is not None:
        counts = counts.groupby("doc_id", sort=False).head(n)
    return counts[["doc_id", "rank", "token", "count", "per_1000_words", "tied"]].reset_index(drop=True)


def document_terms_wide(per_doc: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """A display table: one row per place, one column per document, cells "term count (rate)"; "=" marks a tie."""
    cell = (per_doc["token"] + " " + per_doc["count"].astype(str) + " (" + per_doc["per_1000_words"].map("{:.1f}".format)
            + ")" + per_doc["tied"].map({True: " =", False: ""}))
    wide = per_doc.assign(place=per_doc.groupby("doc_id").cumcount() + 1, cell=cell).pivot(
        index="place", columns="doc_id", values="cell")
    return wide[[d for d in order if d in wide.columns]].fillna("")


def actor_rates(units: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """One row per **document x actor**: :func:`helpers.text.actor_mentions` plus the actor's ``type``
    (``person`` or ``institution``, from the actor list; ``person`` if the list has no ``type`` column)."""
    m = text.actor_mentions(units, actors)
    kinds = dict(zip(actors["actor"], actors["type"] if "type" in actors.columns else [PEOPLE] * len(actors)))
    m["type"] = m["actor"].map(kinds).replace("", PEOPLE)
    m["per_1000_words"] = m["per_1000_words"].round(2)
    return m


def rate_table(rates: pd.DataFrame, kind: str, order: list[str], actors: pd.DataFrame) -> pd.DataFrame:
    """Wide table of mentions per 1,000 words for one ``type`` of actor: documents in ``order`` x actors in list
    order (every listed actor of that type, mentioned or not)."""
    sub = rates[rates["type"] == kind]
    cols = [a for a in actors["actor"] if a in set(sub["actor"])]
    return sub.pivot(index="doc_id", columns="actor", values="per_1000_words").loc[order, cols]


def absent_actors(rates: pd.DataFrame) -> list[str]:
    """Listed actors with no mention in any document (sorted)."""
    totals = rates.groupby("actor")["mentions"].sum()
    return sorted(totals[totals == 0].index)


def mention_check(units: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """One row per **actor**: mentions found by its pattern vs tokens equal to its canonical form.

    Columns: ``actor``, ``pattern_mentions`` (:func:`helpers.text.actor_mentions`),
    ``token``, ``token_count`` (tokens of :func:`helpers.text.tokenize` equal to
    the phrase layer's canonical form of the actor's name; NaN if the name is
    not in the phrase list), ``agree``.
    """
    pattern = text.actor_mentions(units, actors).groupby("actor", sort=False)["mentions"].sum()
    layer = text.phrase_layer()
    canon = dict(zip(layer.table["phrase"], layer.table["canonical"]))
    counts = pd.Series([t for s in units["text"] for t in text.tokenize(s)], dtype=str).value_counts()
    rows = []
    for a in actors["actor"]:
        tok = canon.get(a, a.lower().replace(" ", "_"))
        n_tok = int(counts.get(tok, 0)) if tok else None
        rows.append({"actor": a, "pattern_mentions": int(pattern[a]), "token": tok or "",
                     "token_count": n_tok, "agree": n_tok == int(pattern[a]) if tok else False})
    return pd.DataFrame(rows)
