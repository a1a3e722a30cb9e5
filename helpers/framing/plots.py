"""Plots for notebook 04 (concordance, collocates, frames, validation, keyness), and the small helpers that
build titles naming every tied winner. Compute elsewhere (:mod:`helpers.wordcontext`, :mod:`helpers.framing`,
:mod:`helpers.validation`); every function here takes a finished table, draws it and returns the axes or figure.
Grayscale-safe: series differ by marker and line style, not by colour alone.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.plots.style import GRAYS, MARKERS


# --------------------------------------------------------------------------------------------------------------
# Titles that name a winner: every tied item is named
# --------------------------------------------------------------------------------------------------------------

def top_ties(values: pd.Series, decimals: int | None = None) -> list:
    """The index labels of ``values`` (one value per **item**) that share the largest value, compared after
    rounding to ``decimals`` places (the precision a title shows), in the series' order. NaN is ignored;
    an empty list when nothing is left."""
    v = values.dropna()
    if decimals is not None:
        v = v.round(decimals)
    return list(v.index[v == v.max()]) if len(v) else []


def and_list(items: list[str], limit: int = 4) -> str:
    """``"a"``, ``"a and b"``, ``"a, b and c"``; more than ``limit`` items: the first ``limit`` and ``"…"``."""
    items = [str(i) for i in items]
    if not items:
        return ""
    if len(items) > limit:
        return ", ".join(items[:limit]) + ", …"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --------------------------------------------------------------------------------------------------------------
# Bars with n, dots with intervals
# --------------------------------------------------------------------------------------------------------------

def barh_n(values: pd.Series, labels: pd.Series, title: str, xlabel: str, ylabel: str = "", xlim=None,
           lo: pd.Series | None = None, hi: pd.Series | None = None):
    """A horizontal bar per **item** (largest on top, in the given order), with ``labels`` (e.g. "2 of 10")
    written at the end of each bar so that every bar carries its n; ``lo``/``hi`` (same index) draw an
    interval on each bar and the label goes after it. Returns the axes."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.5, max(2.5, 0.32 * len(values) + 1.1)))
    y = np.arange(len(values))[::-1]
    v = values.fillna(0).to_numpy(dtype=float)
    ax.barh(y, v, color=GRAYS[2], edgecolor="black", linewidth=0.5)
    end = v
    if lo is not None and hi is not None:
        a, b = lo.reindex(values.index).to_numpy(dtype=float), hi.reindex(values.index).to_numpy(dtype=float)
        ok = np.isfinite(a) & np.isfinite(b)
        ax.hlines(y[ok], a[ok], b[ok], color="black", linewidth=1.2)
        end = np.where(ok, b, v)
    for yi, vi, lab in zip(y, end, labels.reindex(values.index).astype(str)):
        ax.annotate(lab, (vi, yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(y, [str(i) for i in values.index])
    if xlim is not None:
        ax.set_xlim(*xlim)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.grid(axis="y", visible=False)
    return ax


def plot_intervals(table: pd.DataFrame, value: str, lo: str, hi: str, by: str, title: str, xlabel: str,
                   series: str | None = None, ref: float | None = 0.0, xlim=None, label: str | None = None):
    """A dot per **row** with its interval as a line (``lo`` to ``hi``), one row of the plot per ``by`` value,
    in table order; with ``series`` (e.g. before/after, first/second coding), the series are drawn side by
    side with different markers. ``label`` names a column written beside each dot (e.g. n). A reference line
    at ``ref``. Returns the axes."""
    import matplotlib.pyplot as plt

    items = list(dict.fromkeys(table[by]))
    groups = list(dict.fromkeys(table[series])) if series else [None]
    fig, ax = plt.subplots(figsize=(7, max(2.5, 0.38 * len(items) * max(1, len(groups) * 0.7) + 1.2)))
    step = 0.8 / max(1, len(groups))
    for k, g in enumerate(groups):
        d = table if g is None else table[table[series] == g]
        pos = {it: len(items) - 1 - i + (k - (len(groups) - 1) / 2) * step for i, it in enumerate(items)}
        yy = d[by].map(pos).to_numpy(dtype=float)
        ax.hlines(yy, d[lo], d[hi], color=GRAYS[k % 3], linewidth=1.4, linestyles=["-", "--", ":"][k % 3])
        ax.scatter(d[value], yy, marker=MARKERS[k % len(MARKERS)], color=GRAYS[k % 3] if k else "black",
                   zorder=3, label=str(g) if g is not None else None, s=22)
        if label:
            for xv, yv, lab in zip(d[hi].fillna(d[value]), yy, d[label].astype(str)):
                if np.isfinite(xv):
                    ax.annotate(lab, (xv, yv), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7)
    if ref is not None:
        ax.axvline(ref, color=GRAYS[1], linewidth=0.8)
    ax.set_yticks(range(len(items))[::-1], [str(i) for i in items])
    if xlim is not None:
        ax.set_xlim(*xlim)
    ax.set(title=title, xlabel=xlabel)
    if series:
        ax.legend(fontsize=8, loc="lower left", bbox_to_anchor=(1.0, 0.0))
    return ax


def plot_doc_dots(table: pd.DataFrame, value: str, series: str, title: str, xlabel: str,
                  doc: str = "doc_id", date: str = "date", label: str | None = None):
    """Dot plot per **document**: one row of the plot per document (in date order, label "doc (date)"), a dot
    per ``series`` value (e.g. metaphor family) with its own marker; no lines join unevenly spaced years.
    ``label`` names a column written beside each dot. Returns the axes."""
    import matplotlib.pyplot as plt

    order = table.drop_duplicates(doc).sort_values([date, doc], kind="stable")
    names = [f"{d} ({pd.Timestamp(t):%Y-%m})" for d, t in zip(order[doc], order[date])]
    pos = {d: len(order) - 1 - i for i, d in enumerate(order[doc])}
    groups = list(dict.fromkeys(table[series]))
    fig, ax = plt.subplots(figsize=(7.5, 0.55 * len(order) + 1.6))
    step = 0.7 / max(1, len(groups))
    for k, g in enumerate(groups):
        d = table[table[series] == g]
        yy = d[doc].map(pos).to_numpy(dtype=float) + (k - (len(groups) - 1) / 2) * step
        ax.scatter(d[value], yy, marker=MARKERS[k % len(MARKERS)], color=GRAYS[k % 3], label=str(g), s=24, zorder=3)
        if label:
            for xv, yv, lab in zip(d[value], yy, d[label].astype(str)):
                ax.annotate(lab, (xv, yv), xytext=(4, 0), textcoords="offset points", va="center", fontsize=7)
    ax.set_yticks(range(len(order))[::-1], names)
    ax.set(title=title, xlabel=xlabel)
    ax.set_xlim(left=min(0.0, float(np.nanmin(table[value]))), right=1.15 * float(np.nanmax(table[value])) + 0.5)
    if len(groups) > 1:
        ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return ax


def period_labels(docs: pd.DataFrame, words: pd.Series, by: str = "period") -> dict:
    """A label per **group** of documents naming its size: ``"2009 (1 doc, 551 words)"``; ``words`` is the
    word count per document id."""
    g = docs.assign(words=docs["id"].map(words)).groupby(by, sort=False)
    return {k: f"{k} ({len(d)} doc{'s' if len(d) != 1 else ''}, {int(d['words'].sum()):,} words)" for k, d in g}


def interval_overlap_title(shares: pd.Series, lo: pd.Series, hi: pd.Series, what: str) -> str:
    """A title for shares with intervals (one per **group**): whether every pair of intervals overlaps (then
    no group is shown to differ) or which groups' intervals are disjoint."""
    v = shares.dropna()
    a, b = lo.reindex(v.index), hi.reindex(v.index)
    apart = [(i, j) for i in v.index for j in v.index if i < j and (b[i] < a[j] or b[j] < a[i])]
    if not apart:
        return f"{what}: every 95 % interval overlaps, so no group is shown to differ"
    return f"{what}: intervals apart for " + and_list([f"{i} vs {j}" for i, j in apart], limit=3)


def cooccurrence_title(share: pd.DataFrame, n: pd.Series, min_n: int = 3) -> str:
    """A title naming the highest share of a :func:`helpers.framing.frame_cooccurrence` table among row
    frames with at least ``min_n`` paragraphs (``n``: paragraphs per **frame**), every tie named."""
    rows = [f for f in share.index if n.get(f, 0) >= min_n]
    pairs = top_ties(share.loc[rows].stack(), 2) if rows else []
    if not pairs:
        return f"No frame with {min_n}+ paragraphs occurs with another"
    best = share.loc[rows].stack().round(2).max()
    return (f"Of frames with {min_n}+ paragraphs, highest: "
            + and_list([f"{b} in {best:.0%} of {a} paragraphs ({n[a]})" for a, b in pairs], limit=2))


def plot_cooccurrence(share: pd.DataFrame, title: str, n: pd.Series | None = None):
    """Heat map of a :func:`helpers.framing.frame_cooccurrence` table (one row per **frame**): the share of
    the row frame's paragraphs that also carry the column frame; the masked diagonal is left blank. With
    ``n`` (paragraphs per frame) each row label carries its n."""
    from helpers.plots.style import heatmap

    if n is not None:
        share = share.rename(index=lambda f: f"{f} (n = {int(n.get(f, 0))})")
    ax = heatmap(share.round(2), title=title, xlabel="...also carry this frame",
                 ylabel="of the paragraphs with this frame", fmt="{:.2f}", cbar_label="share of the row frame's paragraphs")
    return ax


# --------------------------------------------------------------------------------------------------------------
# Collocates and keyness
# --------------------------------------------------------------------------------------------------------------

def plot_collocates(coll: pd.DataFrame, alpha: float, window: int, title: str, correction: str = "bh"):
    """Signed evidence per **collocate**: -log10 of the corrected one-sided Fisher p-value (``q``), to the
    right for attraction and to the left for avoidance, with the threshold q = ``alpha`` drawn at
    +-(-log10 alpha); dark bars pass it. Each bar carries observed and expected co-occurrences and the number
    of documents. Returns the axes."""
    import matplotlib.pyplot as plt

    c = coll.iloc[::-1]
    sign = np.where(c["association"] == "attraction", 1.0, -1.0)
    x = np.round(sign * -np.log10(c["q"].clip(lower=1e-12).to_numpy(dtype=float)), 3)
    cut = round(float(-np.log10(alpha)), 3)
    fig, ax = plt.subplots(figsize=(7, max(2.5, 0.32 * len(c) + 1.2)))
    colors = [GRAYS[0] if s else GRAYS[3] for s in c["significant"]]
    ax.barh(range(len(c)), x, color=colors, edgecolor="black", linewidth=0.5)
    for i, (xi, r) in enumerate(zip(x, c.itertuples())):
        ax.annotate(f"{r.cooc} obs / {r.expected:.2f} exp, {r.n_docs} doc{'s' if r.n_docs != 1 else ''}", (xi, i),
                    xytext=(3 if xi >= 0 else -3, 0), textcoords="offset points", va="center",
                    ha="left" if xi >= 0 else "right", fontsize=8)
    for v in (cut, -cut):
        ax.axvline(v, color="black", linestyle="--", linewidth=0.8)
    ax.axvline(0, color=GRAYS[1], linewidth=0.8)
    top = max(float(np.nanmax(np.abs(x))) if len(x) else 0.0, cut)
    ax.set_xlim(-1.1 * cut if (x >= 0).all() else -1.6 * top, 1.9 * top)
    ax.set_yticks(range(len(c)), list(c["collocate"]))
    name = {"bh": "Benjamini-Hochberg", "holm": "Holm", "none": "uncorrected"}[correction]
    ax.set(title=title, xlabel=f"-log10 q, Fisher's exact test one-sided ({name}); + attraction, - avoidance; "
           f"dashed: q = {alpha}", ylabel=f"within ±{window} tokens")
    ax.grid(axis="y", visible=False)
    return ax


def plot_keyness(lo: pd.DataFrame, n_label: int = 5, min_total: int = 2):
    """One panel per group, as Monroe, Colaresi & Quinn (2008) plot it: each term's z-score (weighted
    log-odds / its standard error, group vs rest) against its frequency in the whole corpus (log scale).
    The ``n_label`` terms with the highest z (seen at least ``min_total`` times) are labelled; a dotted
    line marks z = 1.96. Panel titles name the top term, or every term tied with it. Returns the figure."""
    import matplotlib.pyplot as plt

    groups = list(dict.fromkeys(lo["group"]))
    gap = 0.075 * (lo["z"].max() - lo["z"].min())
    fig, axes = plt.subplots(1, len(groups), figsize=(4.2 * len(groups), 4), sharey=True, squeeze=False)
    for ax, g in zip(axes[0], groups):
        d = lo[lo["group"] == g]
        ax.scatter(d["total"], d["z"], s=8, color=GRAYS[2], edgecolor="none")
        top = d[d["total"] >= min_total].head(n_label)
        ax.scatter(top["total"], top["z"], s=18, color="black", marker="o")
        labels = top.assign(zr=top["z"].round(6)).groupby(["total", "zr"], sort=False)["token"].agg(", ".join).reset_index()
        placed: list[tuple[float, float, float]] = []
        for rec in labels.sort_values(["zr", "total"], ascending=[False, True], kind="stable").itertuples():
            y_text, x0 = rec.zr, rec.total * 1.15
            x1 = x0 * 10 ** (0.025 * len(rec.token))
            for a, b, y in placed:
                if a < x1 and x0 < b and y_text > y - gap:
                    y_text = y - gap
            placed.append((x0, x1, y_text))
            moved = y_text < rec.zr - 1e-9
            ax.annotate(rec.token, (rec.total, rec.zr), xytext=(x0, y_text), textcoords="data", va="center",
                        fontsize=8, arrowprops={"arrowstyle": "-", "color": GRAYS[1], "linewidth": 0.6} if moved else None)
        ax.set_xscale("log")
        ax.axhline(0, color=GRAYS[1], linewidth=0.8)
        for y in (1.96, -1.96):
            ax.axhline(y, color=GRAYS[1], linewidth=0.6, linestyle=":")
        tied = top_ties(d[d["total"] >= min_total].set_index("token")["z"], 2)
        if not tied:
            ax.set_title(f"{g}: no term seen {min_total}+ times")
        elif len(tied) == 1:
            ax.set_title(f"{g}: '{tied[0]}' most distinctive (z = {top['z'].iloc[0]:.2f})")
        else:
            ax.set_title(f"{g}: {len(tied)} words tie for the highest z ({top['z'].iloc[0]:.2f}):\n" + and_list(tied))
        ax.set_xlabel("frequency in the whole corpus (log scale)")
    axes[0][0].set_ylabel("z-score of the weighted log-odds, group vs rest")
    fig.tight_layout()
    return fig
