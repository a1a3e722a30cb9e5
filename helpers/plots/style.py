"""A shared plot style and a few plots used across notebooks.

Every plot is readable in print: grayscale colour maps, distinct hatches and
markers instead of colour alone, labelled axes, and a title that states the
finding (the caller writes it, from the numbers it shows).
"""
from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

GRAYS = ["#000000", "#555555", "#999999", "#cccccc"]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "++"]
MARKERS = ["o", "s", "^", "D", "v", "P"]
CMAP = "Greys"


def use_style() -> None:
    """Apply the collection's plot style (call once at the top of a notebook)."""
    mpl.rcParams.update({
        "figure.figsize": (8, 4.5),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "axes.labelsize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": mpl.cycler(color=GRAYS),
        "axes.grid": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        "legend.frameon": False,
        "image.cmap": CMAP,
        "svg.hashsalt": "reset-notebooks",
    })


def heatmap(table: pd.DataFrame, title: str, xlabel: str, ylabel: str, fmt: str = "{:.0f}",
            ax: plt.Axes | None = None, cbar_label: str | None = None) -> plt.Axes:
    """A grayscale heat map of a wide table, each cell annotated with its value."""
    if ax is None:
        _, ax = plt.subplots(figsize=(max(4, 0.7 * table.shape[1] + 2), max(2.5, 0.45 * table.shape[0] + 1.2)))
    values = table.to_numpy(dtype=float)
    vmax = np.nanmax(values) if np.isfinite(values).any() and np.nanmax(values) > 0 else 1.0
    im = ax.imshow(values, cmap=CMAP, vmin=0, vmax=vmax, aspect="auto")
    ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns], rotation=45, ha="right")
    ax.set_yticks(range(table.shape[0]), [str(i) for i in table.index])
    ax.grid(False)
    for (i, j), v in np.ndenumerate(values):
        if np.isfinite(v):
            ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=8,
                    color="white" if v > 0.55 * vmax else "black")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    cb = ax.figure.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
    if cbar_label:
        cb.set_label(cbar_label)
    return ax


def barh(values: pd.Series, title: str, xlabel: str, ylabel: str = "", ax: plt.Axes | None = None,
         color: str = GRAYS[1]) -> plt.Axes:
    """A horizontal bar chart of a Series, largest value on top."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, max(2.5, 0.3 * len(values) + 1)))
    ax.barh(range(len(values))[::-1], values.to_numpy(), color=color, edgecolor="black", linewidth=0.5)
    ax.set_yticks(range(len(values))[::-1], [str(i) for i in values.index])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", visible=False)
    return ax


def timeline(docs: pd.DataFrame, events: pd.DataFrame, title: str, ax: plt.Axes | None = None) -> plt.Axes:
    """Documents (one marker each, with their id) on a time axis, with events as dashed lines.

    A document dated only to the month (or year) gets a hollow marker, so the
    plot does not claim more precision than the metadata has. Rows are only
    staggered so that labels do not overlap; the vertical axis has no meaning.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.2))
    docs = docs.sort_values(["date", "id"]).reset_index(drop=True)
    for i, d in docs.iterrows():
        y = 1 + (i % 3) * 0.5
        start = d["date"]
        if d["date_precision"] == "month":
            end = start + pd.offsets.MonthBegin(1)
        elif d["date_precision"] == "year":
            end = start + pd.offsets.YearBegin(1)
        else:
            end = start
        ax.plot([start], [y], marker="o", color="black", markersize=8, linestyle="none",
                markerfacecolor="black" if end == start else "white")
        ax.annotate(d["id"], (start, y), textcoords="offset points", xytext=(4, 6), fontsize=8)
    for e in events.itertuples():
        ax.axvline(e.date, color=GRAYS[2], linestyle="--", linewidth=1)
        ax.annotate(e.event, (e.date, 2.75), fontsize=8, ha="center", va="bottom", color=GRAYS[1])
    ax.set_ylim(0.6, 3.0)
    ax.set_yticks([])
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("date of publication (filled = dated to the day, hollow = dated only to the month)")
    ax.set_title(title)
    return ax


def summit_offsets(offsets: pd.DataFrame, title: str, ax: plt.Axes | None = None) -> plt.Axes:
    """Each document's date interval in days from its nearest summit: one row per document.

    ``offsets`` comes from :func:`helpers.dates.days_from_summits`. A
    document dated to the day is a filled dot; a document dated to an interval
    (a month, or the part of it its evidence allows) is a bar from its first to
    its last possible day, with hollow dots at both ends. The summit is the
    dashed line at 0; each row is labelled with the summit it is measured from.
    """
    offsets = offsets.dropna(subset=["days_from"]).reset_index(drop=True)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, max(2.4, 0.5 * len(offsets) + 1.4)))
    ys = list(range(len(offsets)))[::-1]
    for y, r in zip(ys, offsets.itertuples()):
        lo, hi = int(r.days_from), int(r.days_to)
        if lo == hi:
            ax.plot([lo], [y], marker="o", color="black", markersize=7, linestyle="none")
        else:
            ax.plot([lo, hi], [y, y], color=GRAYS[1], linewidth=5, solid_capstyle="butt")
            ax.plot([lo, hi], [y, y], marker="o", color="black", markerfacecolor="white", markersize=6,
                    linestyle="none")
        ax.annotate(f"{r.nearest_event} ({lo:+d} to {hi:+d} d)" if lo != hi else f"{r.nearest_event} ({lo:+d} d)",
                    (hi, y), textcoords="offset points", xytext=(8, -3), fontsize=8, color=GRAYS[1])
    ax.axvline(0, color=GRAYS[2], linestyle="--", linewidth=1)
    lo_all = min(0, int(offsets["days_from"].min())) if len(offsets) else 0
    hi_all = max(0, int(offsets["days_to"].max())) if len(offsets) else 0
    span = max(hi_all - lo_all, 30)
    ax.set_xlim(lo_all - 0.05 * span, hi_all + 0.45 * span)
    ax.set_ylim(-0.7, len(offsets) - 0.3)
    ax.set_yticks(ys, list(offsets["id"]))
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("days from the nearest summit (dashed line; negative = before it)\n"
                  "dot = dated to the day; bar = every day the date can be, hollow ends")
    ax.set_ylabel("document")
    ax.set_title(title)
    return ax


def heatmap_panels(tables: list[pd.DataFrame], titles: list[str], xlabels: list[str], ylabel: str,
                   cbar_label: str, fmt: str = "{:.1f}", row_n: pd.Series | None = None,
                   n_label: str = "words") -> plt.Figure:
    """Grayscale heat maps side by side on **one shared colour scale** (0 to the largest cell of any panel,
    rounded up), with one labelled colour bar, so that equal greys mean equal values across panels.

    ``tables`` are wide tables with the same rows (e.g. documents); ``row_n`` (indexed like the rows) adds
    "(n = ... words)" to each row label, so a reader sees what each rate is relative to. Panels without
    columns are skipped. Returns the figure.
    """
    shown = [(t, ti, xl) for t, ti, xl in zip(tables, titles, xlabels) if t.shape[1]]
    if not shown:
        raise ValueError("heatmap_panels: every table is empty; nothing to draw.")
    values = [t.to_numpy(dtype=float) for t, _, _ in shown]
    top = max((np.nanmax(v) for v in values if np.isfinite(v).any()), default=0.0)
    vmax = float(np.ceil(round(top, 6))) if top > 0 else 1.0
    widths = [max(t.shape[1], 2) for t, _, _ in shown]
    n_rows = shown[0][0].shape[0]
    fig, axes = plt.subplots(1, len(shown), figsize=(min(16, 0.75 * sum(widths) + 4.5), max(3, 0.5 * n_rows + 2.2)),
                             gridspec_kw={"width_ratios": widths}, squeeze=False)
    im = None
    for ax, (table, title, xlabel), vals in zip(axes[0], shown, values):
        im = ax.imshow(vals, cmap=CMAP, vmin=0, vmax=vmax, aspect="auto")
        ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns], rotation=45, ha="right")
        labels = [str(i) if row_n is None else f"{i} (n = {int(row_n.loc[i]):,} {n_label})" for i in table.index]
        ax.set_yticks(range(table.shape[0]), labels if ax is axes[0][0] else [""] * table.shape[0])
        ax.grid(False)
        for (i, j), v in np.ndenumerate(vals):
            if np.isfinite(v):
                ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=8,
                        color="white" if v > 0.55 * vmax else "black")
        ax.set_title(title, fontsize=9)
        ax.set_xlabel(xlabel)
    axes[0][0].set_ylabel(ylabel)
    cb = fig.colorbar(im, ax=list(axes[0]), fraction=0.03, pad=0.02)
    cb.set_label(cbar_label)
    return fig


def block_shares(chars: pd.DataFrame, block_types: list[str], title: str, min_label: float = 4.0,
                 ax: plt.Axes | None = None) -> plt.Axes:
    """Each **document**'s characters by block type as shares (%) of its file, one stacked bar per document;
    body in grey, the rest white with a hatch, and every segment of at least ``min_label`` % labelled directly
    with its block type and share (smaller ones are left to the table)."""
    share = chars[block_types].div(chars[block_types].sum(axis=1), axis=0).mul(100).round(1)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.55 * len(share) + 1.4))
    y = range(len(share))[::-1]
    left = pd.Series(0.0, index=share.index)
    hatches = iter(HATCHES[1:] + ["--", "||", "**"])
    for kind in block_types:
        body = kind == "body"
        ax.barh(list(y), share[kind].to_numpy(), left=left.to_numpy(), color=GRAYS[3] if body else "white",
                hatch="" if body else next(hatches), edgecolor="black", linewidth=0.5,
                label=kind)
        for yi, doc in zip(y, share.index):
            if share.loc[doc, kind] >= min_label:
                ax.text(left[doc] + share.loc[doc, kind] / 2, yi, f"{kind} {share.loc[doc, kind]:.0f}%",
                        ha="center", va="center", fontsize=8,
                        bbox=dict(facecolor="white", edgecolor="none", pad=1) if not body else None)
        left += share[kind]
    ax.set_yticks(list(y), [str(i) for i in share.index])
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"share of the file's characters (%); segments under {min_label:.0f}% are unlabelled (see the table)")
    ax.set_ylabel("document")
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    ax.legend(ncol=len(block_types), loc="upper center", bbox_to_anchor=(0.5, -0.22), fontsize=8)
    return ax
