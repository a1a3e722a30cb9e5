"""Topic models, part 5: reading topics -- labels kept as data, terms in context, quotes, printed sentences.

* :func:`load_labels` -- one row per **label** of ``data/topic_labels.csv`` (label, key terms, reason);
* :func:`assign_labels` -- one row per **topic**: the label whose key terms it holds (looked up by content,
  never by topic number), or none;
* :func:`term_contexts` -- one row per **occurrence** of a term (keyword in context);
* :func:`format_quotes` -- representative units as text; :func:`terms_in` which of a topic's terms a unit has;
* :func:`and_list`, :func:`solution_sentence`, :func:`k_sentence` -- sentences printed from the numbers.
"""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.paths import PROJECT_ROOT
from helpers.errors import CorpusError
from helpers.topics.dtm import content_words
from helpers.topics.solutions import hungarian

LABELS_FILE = PROJECT_ROOT / "data" / "topic_labels.csv"


def load_labels(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **label**: ``label``, ``key_terms`` (list of terms), ``reason``, ``written_by``.

    The file (default ``data/topic_labels.csv``) has the columns label, key_terms (space-separated),
    reason, written_by. A topic gets a label when enough of its top terms are key terms (:func:`assign_labels`).
    """
    path = Path(path) if path is not None else LABELS_FILE
    if not path.is_file():
        raise CorpusError(f"{path}: topic label file not found. Create it with the columns "
                          "label,key_terms,reason,written_by (see data/topic_labels.csv).")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"label", "key_terms", "reason", "written_by"} - set(df.columns)
    if missing:
        raise CorpusError(f"{path}: missing column(s) {sorted(missing)}; expected label,key_terms,reason,written_by.")
    if df["label"].duplicated().any():
        raise CorpusError(f"{path}: duplicated label(s) {sorted(set(df.loc[df['label'].duplicated(), 'label']))}.")
    return df.assign(key_terms=df["key_terms"].str.split())


def assign_labels(top: pd.DataFrame, labels: pd.DataFrame, min_overlap: int = 3) -> pd.DataFrame:
    """One row per **topic** of ``top`` (a :func:`top_terms` table): the label whose key terms overlap its top
    terms most, one label per topic at most (Hungarian assignment on the overlap counts), kept only if at
    least ``min_overlap`` key terms are among the topic's top terms.

    Columns ``topic``, ``label`` ("" if none), ``overlap``, ``matched_terms``, ``reason``, ``name`` (the label,
    or the topic's three top terms in brackets when unlabelled).
    """
    terms = {t: list(g.sort_values("rank")["term"]) for t, g in top.groupby("topic", sort=False)}
    topic_ids = list(terms)
    ov = np.array([[len(set(terms[t]) & set(kt)) for kt in labels["key_terms"]] for t in topic_ids], dtype=float)
    chosen = {}
    if len(labels):
        for i, j in hungarian(ov):
            if ov[i, j] >= min_overlap:
                chosen[topic_ids[i]] = j
    rows = []
    for t in topic_ids:
        if t in chosen:
            rec = labels.iloc[chosen[t]]
            matched = [w for w in terms[t] if w in set(rec["key_terms"])]
            rows.append({"topic": t, "label": rec["label"], "overlap": len(matched),
                         "matched_terms": ", ".join(matched), "reason": rec["reason"], "name": rec["label"]})
        else:
            rows.append({"topic": t, "label": "", "overlap": 0, "matched_terms": "", "reason": "",
                         "name": "(" + " / ".join(terms[t][:3]) + ")"})
    return pd.DataFrame(rows)


def term_contexts(ut: pd.DataFrame, terms: list[str], width: int = 45, max_per_term: int = 4,
                  names: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per **occurrence** of each term (whole word, any case; "_" in a term matches a space) in the
    units of a :func:`unit_topics` table, at most ``max_per_term`` per term (in unit order).

    Columns ``term``, ``unit_id``, ``top_topic`` (its name from ``names`` if given), ``left``, ``match``, ``right``.
    """
    rows = []
    for term in terms:
        rx = re.compile(r"(?<![\w-])" + re.escape(term).replace("_", r"[\s_-]") + r"(?![\w-])", re.IGNORECASE)
        found = 0
        for rec in ut.sort_values("unit_id").itertuples(index=False):
            for m in rx.finditer(rec.text):
                if found >= max_per_term:
                    break
                left = re.sub(r"\s+", " ", rec.text[max(0, m.start() - width):m.start()])
                right = re.sub(r"\s+", " ", rec.text[m.end():m.end() + width])
                rows.append({"term": term, "unit_id": rec.unit_id,
                             "top_topic": (names or {}).get(rec.top_topic, rec.top_topic),
                             "left": left.rjust(width), "match": m.group(0), "right": right})
                found += 1
    return pd.DataFrame(rows, columns=["term", "unit_id", "top_topic", "left", "match", "right"])


def terms_in(doc: str, terms: list[str]) -> list[str]:
    """The ``terms`` (single words or n-grams, in the given order) that occur in ``doc`` as tokens."""
    joined = " " + " ".join(content_words(doc)) + " "
    return [t for t in terms if f" {t} " in joined]


def format_quotes(rep: pd.DataFrame, names: dict[str, str], max_chars: int = 420, width: int = 100,
                  top_terms: pd.DataFrame | None = None) -> str:
    """The representative units as readable text: one block per **topic x rank**, cut at ``max_chars``.

    Each quote shows its share of the topic and how much of the unit the model reconstructs
    (``explained``, NMF); with ``top_terms``, which of the topic's top terms occur in the whole unit.
    """
    terms_of = ({t: list(g["term"]) for t, g in top_terms.groupby("topic", sort=False)}
                if top_terms is not None else {})
    out = []
    for topic, g in rep.groupby("topic", sort=False):
        out.append(f"=== {names.get(topic, topic)}")
        for rec in g.itertuples(index=False):
            body = rec.text if len(rec.text) <= max_chars else rec.text[:max_chars].rsplit(" ", 1)[0] + " …"
            fit = getattr(rec, "explained", np.nan)
            fit_txt = "" if fit != fit else f", model reconstructs {fit:.0%} of it"
            out.append(f"[{rec.rank}] {rec.unit_id} ({getattr(rec, 'period', '')}), share {rec.share:.2f}{fit_txt}")
            out.append(textwrap.fill(body, width=width, initial_indent="    ", subsequent_indent="    "))
            if topic in terms_of:
                found = terms_in(rec.text, terms_of[topic])
                out.append(f"    -> {len(found)} of the topic's top {len(terms_of[topic])} terms in this unit: "
                           + (", ".join(found) if found else "none"))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def and_list(items, limit: int = 6) -> str:
    """``a, b and c`` (at most ``limit`` items, then "and n more")."""
    items = [str(i) for i in items]
    if len(items) > limit:
        items = items[:limit] + [f"{len(items) - limit} more"]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else "none"


def solution_sentence(table: pd.DataFrame, k: int, n_runs: int, read: str, better: str) -> str:
    """A sentence on the distinct solutions found at k: how many, runs per solution, which one is read and why."""
    best = table.loc[table["best_fitting"]].iloc[0]
    modal = table.loc[table["modal"]].iloc[0]
    parts = [f"{r.solution}: {r.n_runs} run{'s' if r.n_runs != 1 else ''}, fit {r.fit_best:.4f}"
             for r in table.head(8).itertuples()]
    if len(table) > 8:
        parts.append(f"{len(table) - 8} more with {int(table['n_runs'].iloc[8:].sum())} runs")
    modal_tie = int((table["n_runs"] == table["n_runs"].max()).sum()) > 1
    which = best if read == "best" else modal
    if best["solution"] == modal["solution"] and not modal_tie:
        why = "it is both the best-fitting and the most frequent solution"
    elif read == "best":
        why = f"it fits best ({better} is better)" + (
            "; no solution is reached by more runs than the others" if modal_tie else
            f"; {modal['solution']} is the one most runs reach")
    else:
        why = "most runs reach it" + (" (a tie, broken by fit)" if modal_tie else "") + (
            f"; {best['solution']} fits best" if best["solution"] != modal["solution"] else "")
    return (f"At k = {k}, the {n_runs} runs fall into {len(table)} distinct solution{'s' if len(table) != 1 else ''} "
            f"({'; '.join(parts)}). The notebook reads {which['solution']} because {why}.")


def k_sentence(defensible: pd.DataFrame, grid: pd.DataFrame, k_read: int, from_rule: bool) -> str:
    """A sentence on the defensible k values: the k the rule picked across seed sets and k ranges, and the k read."""
    ks = [int(k) for k in defensible["k"]]
    counts = ", ".join(f"k = {r.k} in {r.n_picked}" for r in defensible.itertuples())
    span = f"k = {ks[0]}" if len(ks) == 1 else f"k = {and_list(ks)} (range {min(ks)}–{max(ks)})"
    return (f"Across {grid['seed_set'].nunique()} seed sets x {grid['k_range'].nunique()} k ranges "
            f"({len(grid)} applications of the rule) the rule picks {counts}: the defensible values are {span}. "
            f"This run reads k = {k_read}"
            + (" (the k picked most often; ties go to the smaller k)." if from_rule else " (set by hand in K).")
            + ("" if k_read in ks else " That k is outside the defensible values."))


def solutions_title(table: pd.DataFrame, k: int, n_runs: int, fit_name: str | None = None) -> str:
    """The title of the solutions plot: runs, k, what the fit is, number of solutions, range of their best fits."""
    fits = table["fit_best"].round(4)
    span = f"{fits.min():.4f}" if fits.min() == fits.max() else f"{fits.min():.4f}–{fits.max():.4f}"
    n = len(table)
    what = f" ({fit_name})" if fit_name else ""
    return (f"Fit of {n_runs} seeds at k = {k}{what}:\n{n} solution{'s' if n != 1 else ''}; "
            f"best fit{'s' if n != 1 else ''} {span}")


def surviving_names(units: pd.DataFrame, terms, min_share: float = 0.8, min_count: int = 1) -> pd.DataFrame:
    """One row per **vocabulary term** that is written with a capital letter in at least ``min_share`` of its
    occurrences in the units' raw text (not counting a sentence's first word) -- candidate names of people,
    places or organisations that the name filter missed. Columns ``term``, ``n``, ``capitalised``; sorted by
    count (descending), then term."""
    import re
    rows = []
    text = "\n".join(units["text"].astype(str))
    for t in terms:
        if "_" in t:
            continue
        hits = [m for m in re.finditer(rf"\b{re.escape(t)}\b", text, flags=re.I)]
        mid = [m for m in hits if not re.search(r"(^|[.!?\n]\s*|[“\"(]\s*)$", text[max(0, m.start() - 3):m.start()])]
        if len(mid) < min_count:
            continue
        cap = sum(m.group(0)[0].isupper() for m in mid)
        if cap / len(mid) >= min_share:
            rows.append({"term": t, "n": len(mid), "capitalised": round(cap / len(mid), 2)})
    out = pd.DataFrame(rows, columns=["term", "n", "capitalised"])
    return out.sort_values(["n", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
