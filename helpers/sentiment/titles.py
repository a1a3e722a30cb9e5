"""Plot titles for notebook 03 that state the finding, built from the numbers (so they survive a rerun).

Each function takes the tidy table a plot draws and returns one string that names the result and the
number of units (n) behind it.
"""
from __future__ import annotations

import pandas as pd


def lexicon_hits_title(hits: pd.DataFrame, n_sentences: int) -> str:
    """Title of the lexicon-words bar chart: how many of the listed words are positive / negative."""
    pos, neg = int((hits["valence"] > 0).sum()), int((hits["valence"] < 0).sum())
    return (f"{pos} of the {len(hits)} most frequent lexicon words in {n_sentences} body sentences "
            f"are positive, {neg} negative")


def validation_title(valid: pd.DataFrame, n: int, metric: str = "Pearson r", note: str = "") -> str:
    """Title of the NYT validation plot: the method with the highest ``metric`` and its 95% interval (``note``
    is appended, e.g. that the estimate is a development result)."""
    t = valid[valid["metric"] == metric].sort_values(["value", "method"], ascending=[False, True])
    best = t.iloc[0]
    return (f"Against the mean of 20 raters (n = {n} sentences), {best['method']} correlates best "
            f"({metric} {best['value']:.2f} [{best['ci_low']:.2f}, {best['ci_high']:.2f}]{note})")


def confusion_title(reports: pd.DataFrame, n: int) -> str:
    """Title of the confusion matrices: the class with the lowest F1 averaged over the methods."""
    f1 = reports.xs("f1", axis=1).drop("macro", level=1, errors="ignore")
    hardest = f1.groupby(level=1).mean().sort_index().idxmin()
    return f"Held-out classes on {n} NYT sentences: the {hardest} class is the hardest for the methods on average"


def gold_difference_title(diff_r: pd.Series, diff_f1: pd.Series, lodo: pd.DataFrame, n: int) -> str:
    """Title of the gold-set plot from the paired differences of two methods (rows of
    :func:`helpers.sentiment_validation.paired_differences` for Spearman r and macro-F1) and the
    leave-one-document-out runs (:func:`helpers.sentiment_claims.lodo_differences`)."""
    def part(r, name):
        shown = "above 0" if r["ci_low"] > 0 else "below 0" if r["ci_high"] < 0 else "not distinguishable from 0"
        return f"{name} {r['difference']:+.2f} [{r['ci_low']:+.2f}, {r['ci_high']:+.2f}] ({shown})"
    up = int((lodo["difference"] > 0).sum())
    return (f"Gold set (n = {n} sentences), {diff_r['method_a']} − {diff_r['method_b']}: {part(diff_r, 'Spearman r')}, "
            f"> 0 in {up} of {len(lodo)} leave-one-document-out runs; {part(diff_f1, 'macro-F1')}")


def top_document_title(by_doc: pd.DataFrame, col: str = "z_vader_mean", name: str = "VADER") -> str:
    """Title of the per-document means: the document with the highest mean and its n sentences."""
    top = by_doc.sort_values([col, "doc_id"], ascending=[False, True]).iloc[0]
    return (f"{top['doc_id']} has the highest mean standardised {name} score (point estimate {top[col]:+.2f}, "
            f"n = {int(top['n_sentences'])} sentences; compare the intervals); {len(by_doc)} documents")


def arcs_title(arcs: pd.DataFrame) -> str:
    """Title of the sentiment arcs: for each score, where its lowest **rolling mean** lies (not a single sentence)."""
    parts = []
    for score, a in arcs.groupby("score", sort=False):
        low = a.sort_values(["rolling", "doc_id"], kind="stable").iloc[0]
        parts.append(f"{score} in {low['doc_id']} ({low['rolling']:+.2f}, {low['position']:.0%} of the way through)")
    return "Lowest rolling mean: " + "; ".join(parts)


def document_comparison_title(agreements: dict) -> str:
    """Title of the gold-vs-scores document plot: for each scorer (name -> a
    :func:`helpers.sentiment.rank_agreement` dict against the gold tone) its Spearman r and exact p."""
    parts = [f"{name} r = {a['spearman']:.2f} (p = {a['p_exact']:.2f})" for name, a in agreements.items()]
    n = next(iter(agreements.values()))["n"]
    return f"Rank agreement with the gold tone over {n} documents: " + ", ".join(parts)
