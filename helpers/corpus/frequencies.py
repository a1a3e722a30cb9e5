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

from helpers import text

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


def filter_steps(toks: pd.DataFrame, min_length: int = 3) -> pd.DataFrame:
    """One row per **token filter**, in the order applied: what each removes from a :func:`helpers.text.tokens`
    frame on the way to :func:`helpers.text.content_tokens`.

    Columns: ``step``, ``rule``, ``removed`` (tokens), ``left`` (tokens after
    the step), ``most_removed`` (the five most frequent removed words, with
    counts; ties alphabetical). Phrase tokens pass every filter.
    """
    phrase = toks["token"].isin(text.canonical_terms())
    steps = [("no digits or periods", "drop tokens with digits or inner periods (2009, 45, u.s without the phrase "
                                      "layer); inner hyphens and apostrophes stay (re-establish)",
              ~toks["is_alpha"] & ~phrase),
             ("stop words", f"drop the {len(text.STOP_WORDS)} stop words (scikit-learn's list + "
                            f"{', '.join(sorted(text.EXTRA_STOP_WORDS))})", toks["is_stop"] & ~phrase),
             ("length", f"drop words shorter than {min_length} letters",
              (toks["token"].str.len() < min_length) & ~phrase)]
    alive = pd.Series(True, index=toks.index)
    rows = [{"step": "all tokens", "rule": "body paragraphs, phrase layer applied", "removed": 0,
             "left": int(len(toks)), "most_removed": ""}]
    for name, rule, mask in steps:
        gone = toks.loc[alive & mask, "token"]
        alive &= ~mask
        vc = gone.value_counts().rename_axis("token").reset_index(name="n").sort_values(
            ["n", "token"], ascending=[False, True], kind="stable").head(5)
        rows.append({"step": name, "rule": rule, "removed": int(len(gone)), "left": int(alive.sum()),
                     "most_removed": ", ".join(f"{t} ({n})" for t, n in vc.itertuples(index=False))})
    return pd.DataFrame(rows)


def phrase_forms(units: pd.DataFrame) -> pd.DataFrame:
    """One row per **canonical term** the phrase layer made in ``units``: ``canonical``, ``kind``, ``count`` and
    ``forms`` (each surface form found, with its count, whitespace normalised). Sorted by count, then term."""
    spans = [text.phrase_spans(t) for t in units["text"]]
    spans = [s for s in spans if len(s)]
    cols = ["canonical", "kind", "count", "forms"]
    if not spans:
        return pd.DataFrame(columns=cols)
    allspans = pd.concat(spans, ignore_index=True)
    allspans["form"] = allspans["matched"].str.replace(r"\s+", " ", regex=True)
    per_form = allspans.groupby(["canonical", "form"]).size().rename("n").reset_index().sort_values(
        ["canonical", "n", "form"], ascending=[True, False, True], kind="stable")
    out = per_form.groupby("canonical", sort=False)["n"].sum().rename("count").reset_index()
    kinds = allspans.groupby("canonical")["kind"].agg(lambda k: "/".join(sorted(set(k))))
    out["kind"] = out["canonical"].map(kinds)
    out["forms"] = [", ".join(f"{r.form} ({r.n})" for r in per_form[per_form["canonical"] == c].itertuples())
                    for c in out["canonical"]]
    return out.sort_values(["count", "canonical"], ascending=[False, True], kind="stable").reset_index(drop=True)[cols]


def before_after(units: pd.DataFrame, n: int, min_length: int = 3) -> pd.DataFrame:
    """The top ``n`` content words without and with the phrase layer, side by side (one row per **place**):
    ``without`` / ``count_without`` and ``with`` / ``count_with``."""
    out = {}
    for label, on in (("without", False), ("with", True)):
        toks = text.content_tokens(text.tokens(units, phrases=on), min_length=min_length)
        top = text.term_counts(toks, n=n)
        out[label] = top["token"].tolist()
        out[f"count_{label}"] = top["count"].tolist()
    frame = pd.DataFrame({k: pd.Series(v) for k, v in out.items()})
    frame.index = range(1, len(frame) + 1)
    return frame.rename_axis("place")[["without", "count_without", "with", "count_with"]]


def phrase_list_table(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The phrase list, one row per **canonical term**: ``canonical``, ``kind`` (kinds "/"-joined where its
    forms differ, e.g. ``acronym/place``), ``phrases`` (every listed form; forms matched only in the capitals
    shown are marked *). Sorted by kind, then term."""
    table = text.load_phrases() if table is None else table
    forms = table.assign(form=table["phrase"] + table["case_sensitive"].map({True: "*", False: ""}))
    out = forms.groupby("canonical", sort=False).agg(kind=("kind", lambda k: "/".join(sorted(set(k)))),
                                                     phrases=("form", " | ".join)).reset_index()
    return out.sort_values(["kind", "canonical"], kind="stable").reset_index(drop=True)[["canonical", "kind", "phrases"]]


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def actor_title(rates: pd.DataFrame, kind: str) -> str:
    """A heat-map title for one ``type`` of actor that states the finding: which listed actors of that type are
    in every document, which cell has the highest rate, and how many actors appear in one document only."""
    sub = rates[rates["type"] == kind]
    if sub.empty or sub["mentions"].sum() == 0:
        return f"No {kind} from the actor list is mentioned"
    n_docs = sub["doc_id"].nunique()
    present = sub[sub["mentions"] > 0].groupby("actor")["doc_id"].nunique()
    everywhere = sorted(present[present == n_docs].index)
    single = sorted(present[present == 1].index)
    peak = sub.sort_values(["per_1000_words", "doc_id", "actor"], ascending=[False, True, True], kind="stable").iloc[0]
    absent = int(sub["actor"].nunique() - len(present))
    first = (f"{_names(everywhere)} {'is' if len(everywhere) == 1 else 'are'} in all {n_docs} documents"
             if everywhere else f"No {kind} is in all {n_docs} documents")
    last = f"{len(single)} of {sub['actor'].nunique()} listed in one document only" + (
        f", {absent} in none" if absent else "")
    return (f"{first}\nhighest: {peak['actor']} in {peak['doc_id']} ({peak['per_1000_words']:.1f} per 1,000)"
            f"\n{last}")


def top_terms_title(freq: pd.DataFrame) -> str:
    """A bar-chart title naming the most frequent term, its count, rate and document frequency."""
    if freq.empty:
        return "No content words"
    r = freq.iloc[0]
    lead = f"'{r['token']}' is the most frequent content word" if not r["tied"] else \
        f"'{r['token']}' shares the top count"
    return f"{lead} ({r['count']} times, {r['per_1000_words']:.1f} per 1,000 words, in {r['doc_freq']} documents)"


UNIT_NAMES = {"unit_id": "paragraphs", "doc_id": "whole documents"}


def rate_difference(toks_all: pd.DataFrame, a: str, b: str, n_boot: int = 2000, seed: int = 0,
                    level: float = 0.95, unit: str = "unit_id") -> dict:
    """The difference in rate per 1,000 words between terms ``a`` and ``b`` over the whole corpus, with a
    bootstrap interval that resamples ``unit`` with replacement: **paragraphs** (``unit_id``, the default) or
    whole **documents** (``doc_id``, which respects that paragraphs of one document are not independent).

    ``toks_all`` is an unfiltered :func:`helpers.text.tokens` frame (its rows
    are the words the rates are relative to). Returns ``a``, ``b``,
    ``rate_a``, ``rate_b``, ``difference`` (a minus b), ``low``, ``high``,
    ``n_units``, ``n_boot``, ``share_above_zero`` (bootstrap replicates with
    a positive difference). The interval describes how much the difference
    depends on which paragraphs these few documents happen to contain; it is
    not a sampling interval for "the media".
    """
    import numpy as np
    per_unit = toks_all.groupby(unit, sort=True)["token"].agg(
        n="size", na=lambda t: int((t == a).sum()), nb=lambda t: int((t == b).sum()))
    n, na, nb = (per_unit[c].to_numpy() for c in ("n", "na", "nb"))
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(per_unit), size=(n_boot, len(per_unit)))
    diffs = 1000 * (na[idx].sum(axis=1) - nb[idx].sum(axis=1)) / n[idx].sum(axis=1)
    tail = (1 - level) / 2
    return {"a": a, "b": b, "rate_a": round(1000 * na.sum() / n.sum(), 2), "rate_b": round(1000 * nb.sum() / n.sum(), 2),
            "difference": round(1000 * (na.sum() - nb.sum()) / n.sum(), 2),
            "low": round(float(np.quantile(diffs, tail)), 2), "high": round(float(np.quantile(diffs, 1 - tail)), 2),
            "n_units": int(len(per_unit)), "unit": UNIT_NAMES.get(unit, unit), "n_boot": n_boot,
            "share_above_zero": round(float((diffs > 0).mean()), 3)}


def difference_sentence(d: dict) -> str:
    """A sentence reporting :func:`rate_difference`."""
    return (f"'{d['a']}' {d['rate_a']:.1f} vs '{d['b']}' {d['rate_b']:.1f} per 1,000 words: difference "
            f"{d['difference']:+.1f} (95% bootstrap interval over {d['n_units']} {d.get('unit', 'paragraphs')}, {d['n_boot']} resamples: "
            f"{d['low']:+.1f} to {d['high']:+.1f}; {d['share_above_zero']:.0%} of resamples above zero)")


def spread_title(spread: pd.Series) -> str:
    """A heat-map title from the coefficient of variation of each **term**'s rate across documents (``spread``,
    indexed by term): the most evenly spread and the most concentrated term, with their values."""
    ordered = spread.sort_values(kind="stable")
    even, peaked = ordered.index[0], ordered.index[-1]
    return (f"'{even}' is the most evenly spread top term (CV {ordered.iloc[0]:.2f}), "
            f"'{peaked}' the most concentrated (CV {ordered.iloc[-1]:.2f})")


def document_leads(toks_all: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """One row per **document**: the rates per 1,000 words of terms ``a`` and ``b`` in it (``rate_a``,
    ``rate_b``), their difference ``lead`` (a minus b) and the difference of the whole corpus with that document
    left out (``lead_without``). ``toks_all`` is an unfiltered :func:`helpers.text.tokens` frame."""
    def rates(t: pd.DataFrame) -> tuple[float, float]:
        return 1000 * (t["token"] == a).sum() / len(t), 1000 * (t["token"] == b).sum() / len(t)
    rows = []
    for doc, t in toks_all.groupby("doc_id", sort=False):
        ra, rb = rates(t)
        oa, ob = rates(toks_all[toks_all["doc_id"] != doc])
        rows.append({"doc_id": doc, "rate_a": round(ra, 2), "rate_b": round(rb, 2), "lead": round(ra - rb, 2),
                     "lead_without": round(oa - ob, 2)})
    return pd.DataFrame(rows)


def lead_sentence(leads: pd.DataFrame, a: str, b: str) -> str:
    """A sentence on :func:`document_leads`: in how many documents ``a`` has the higher rate, where it does not,
    how likely that many or more would be if each document were a coin flip, and whether the corpus difference
    keeps its sign when any one document is left out."""
    from math import comb
    n, k = len(leads), int((leads["lead"] > 0).sum())
    p = sum(comb(n, i) for i in range(k, n + 1)) / 2 ** n
    other = leads.loc[leads["lead"] <= 0, "doc_id"]
    where = (f"; not in {', '.join(other)}" if len(other) else "")
    keeps = bool((leads["lead_without"] > 0).all())
    return (f"'{a}' has a higher rate than '{b}' in {k} of {n} documents{where}; {k} or more of {n} would happen "
            f"with probability {p:.2f} if each document were a coin flip. Leaving out one document at a time, the "
            f"corpus difference runs from {leads['lead_without'].min():+.1f} to {leads['lead_without'].max():+.1f} "
            f"per 1,000 words ({'positive every time' if keeps else 'not always positive'})")


def concentrated_actors(rates: pd.DataFrame, docs: pd.DataFrame, min_mentions: int = 3,
                        share: float = 0.5) -> pd.DataFrame:
    """One row per **actor** with at least ``min_mentions`` mentions of which more than ``share`` fall in one
    document: ``actor``, ``mentions``, ``top_doc``, ``in_top_doc``, ``period`` (the top document's period).
    ``rates`` is :func:`actor_rates` output; ``docs`` the corpus table (``id``, ``period``)."""
    m = rates[rates["mentions"] > 0]
    total = m.groupby("actor")["mentions"].sum()
    top = m.sort_values(["actor", "mentions", "doc_id"], ascending=[True, False, True], kind="stable") \
        .groupby("actor").head(1).set_index("actor")
    out = pd.DataFrame({"mentions": total, "top_doc": top["doc_id"], "in_top_doc": top["mentions"]})
    out = out[(out["mentions"] >= min_mentions) & (out["in_top_doc"] > share * out["mentions"])].reset_index()
    out["period"] = out["top_doc"].map(docs.set_index("id")["period"]).astype(str)
    return out.sort_values("actor", kind="stable").reset_index(drop=True)


def concentrated_sentence(table: pd.DataFrame) -> str:
    """A sentence on :func:`concentrated_actors`."""
    if table.empty:
        return "No actor has most of its mentions in one document"
    parts = [f"{r.actor} ({r.in_top_doc} of {r.mentions} in {r.top_doc}, {r.period})" for r in table.itertuples()]
    return "Actors with most of their mentions in one document: " + "; ".join(parts)


KNOWN_MISSES = [
    ("U.S-", r"\bU\.S-", "form of united_states not in data/phrases.csv"),
    ("Group of 20", r"\bGroup of 20\b", "form of g20 not in data/phrases.csv"),
    ("lower-case 'us' for the country", r"\bus (?:administration|government|president|officials)\b",
     "read as the pronoun (a stop word); not listed, since lower-case 'us' is usually the pronoun"),
    ("State Department", r"\bState Department\b", "US institution not in data/actors.csv"),
    ("Pentagon", r"\bPentagon\b", "US institution not in data/actors.csv"),
    ("Psaki", r"\bPsaki\b", "US person not in data/actors.csv (surname alone not in data/phrases.csv)"),
    ("Sullivan", r"\bSullivan\b", "US person not in data/actors.csv (surname alone not in data/phrases.csv)"),
]
"""Forms and actors the phrase and actor lists are known to miss (found by a reviewer reading the seed texts):
(label, regular expression, what is missed). Kept as a list of limits rather than added to the shared lists,
whose changes would move every later notebook's counts."""


def known_misses(units: pd.DataFrame, misses: list[tuple[str, str, str]] | None = None) -> pd.DataFrame:
    """One row per **known miss** (:data:`KNOWN_MISSES`): how often its pattern occurs in ``units["text"]`` and in
    which documents (``count``, ``documents``). ``units`` is a paragraph table."""
    import re
    rows = []
    for label, pattern, what in (KNOWN_MISSES if misses is None else misses):
        hits = units.assign(n=units["text"].map(lambda t, p=pattern: len(re.findall(p, t))))
        hits = hits[hits["n"] > 0]
        rows.append({"form": label, "missed_as": what, "count": int(hits["n"].sum()),
                     "documents": ", ".join(dict.fromkeys(hits["doc_id"]))})
    return pd.DataFrame(rows)


def unused_terms_sentence(units: pd.DataFrame, comments: pd.DataFrame) -> str:
    """A sentence: the listed **canonical terms** of ``data/phrases.csv`` found in no unit of ``units`` (body
    paragraphs), and which of those occur only in ``comments`` (a table with a ``text`` column)."""
    listed = sorted(set(text.canonical_terms()))
    in_body = set(phrase_forms(units)["canonical"])
    in_comments = set(phrase_forms(comments)["canonical"]) if len(comments) else set()
    unused = [t for t in listed if t not in in_body]
    only_comments = [t for t in unused if t in in_comments]
    return (f"{len(unused)} of {len(listed)} listed terms occur in no body paragraph"
            + (f"; of these, only in reader comments: {', '.join(only_comments)}" if only_comments else ""))


def absent_sentence(rates: pd.DataFrame, actors: pd.DataFrame, comments: pd.DataFrame) -> str:
    """A sentence naming the listed **actors** with no mention in any body paragraph, marking those whose
    pattern matches a reader comment (``comments``: a table with a ``text`` column)."""
    import re
    absent = absent_actors(rates)
    if not absent:
        return "Listed but mentioned in no document: none"
    pat = dict(zip(actors["actor"], actors["pattern"]))
    def where(a: str) -> str:
        hit = any(re.search(pat[a], t) for t in comments["text"]) if len(comments) else False
        return f"{a} (only in a reader comment)" if hit else a
    return "Listed but mentioned in no document: " + ", ".join(where(a) for a in absent)
