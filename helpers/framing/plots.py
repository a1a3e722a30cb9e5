"""Plots for notebook 04's evidence notebook (agreement with intervals, collocates). Compute elsewhere
(:mod:`helpers.framing.validation`, :mod:`~helpers.framing.collocates`); every
function here takes a finished table and a title written by the caller, draws it and returns the axes or figure.
Grayscale-safe: series differ by marker and line style, not by colour alone.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.plots.style import GRAYS, MARKERS


# --------------------------------------------------------------------------------------------------------------
# Dots with intervals
# --------------------------------------------------------------------------------------------------------------

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
