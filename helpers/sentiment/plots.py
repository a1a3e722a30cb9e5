"""Plots for the sentiment evidence notebook and solutions (notebook 03): every function draws from a tidy table computed elsewhere and returns the figure/axes.

Grayscale-safe (markers and line styles, not colour); titles are passed in, built from the numbers by the
caller. Intervals are drawn wherever the table has ``ci_low``/``ci_high`` columns.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.plots.style import GRAYS, HATCHES, MARKERS


def _wrapped(title: str, width: int = 95) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(title, width))


def plot_validation(table: pd.DataFrame, title: str, reference: dict | None = None):
    """One panel per metric: each method's value with its bootstrap CI; ``reference`` draws labelled lines."""
    import matplotlib.pyplot as plt

    metrics = list(dict.fromkeys(table["metric"]))
    methods = list(dict.fromkeys(table["method"]))
    fig, axes = plt.subplots(1, len(metrics), figsize=(3.2 * len(metrics), 2.6 + 0.25 * len(methods)),
                             sharey=True, squeeze=False)
    for ax, m in zip(axes[0], metrics):
        t = table[table["metric"] == m].set_index("method").loc[methods]
        y = np.arange(len(methods))[::-1]
        for i, (yy, row) in enumerate(zip(y, t.itertuples())):
            ax.errorbar(row.value, yy, xerr=[[row.value - row.ci_low], [row.ci_high - row.value]], fmt=MARKERS[i],
                        color="black", capsize=3)
        drawn = False
        for k, (label, (metric, x)) in enumerate((reference or {}).items()):
            if metric == m:
                ax.axvline(x, color=GRAYS[k % 3], linestyle=["--", ":", "-."][k % 3], linewidth=1.0,
                           label=f"{label} ({x:.2f})")
                drawn = True
        if drawn:
            ax.legend(loc="upper left", fontsize=7)
        ax.set_yticks(y, methods)
        ax.set_xlabel(m)
        ax.set_ylim(-0.6, len(methods) - 0.1 + 0.5)
    axes[0, 0].set_ylabel("method")
    fig.suptitle(_wrapped(title), fontweight="bold", fontsize=11)
    fig.tight_layout()
    return fig


def plot_grouped_barh(table: pd.DataFrame, columns: dict, title: str, xlabel: str, ylabel: str, labels=None):
    """Horizontal bars, one group per row of ``table`` (first row on top), one hatched bar per column.

    ``columns`` maps a column of ``table`` to its legend label; ``labels`` replaces the row labels.
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 0.45 * len(table) + 1.5))
    y = np.arange(len(table))[::-1]
    h = 0.8 / len(columns)
    for i, (col, label) in enumerate(columns.items()):
        ax.barh(y + 0.4 - h * (i + 0.5), table[col], height=h, color=GRAYS[1 + i % 3], hatch=HATCHES[i % 6],
                edgecolor="black", linewidth=0.5, label=label)
    ax.set_yticks(y, list(labels) if labels is not None else [str(i) for i in table.index])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend()
    return ax


def plot_means_ci(table: pd.DataFrame, label: str, methods: dict, title: str, xlabel: str, ylabel: str,
                  n_col: str = "n_sentences", dodge: float = 0.25):
    """A dot plot of group means with 95% CIs: one row per row of ``table`` (first on top), one marker per method.

    ``methods`` maps a column prefix ``c`` (with ``c_mean``, ``c_ci_low``, ``c_ci_high`` in ``table``) to its
    legend label. Row labels are ``table[label]`` with ``n`` added from ``n_col``. Groups of one sentence have
    no interval and are drawn hollow.
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 0.5 * len(table) + 1.8))
    y = np.arange(len(table))[::-1].astype(float)
    offsets = np.linspace(dodge / 2, -dodge / 2, len(methods)) if len(methods) > 1 else [0.0]
    for i, (c, name) in enumerate(methods.items()):
        m, lo, hi = (table[f"{c}_{s}"].to_numpy(dtype=float) for s in ("mean", "ci_low", "ci_high"))
        ok = ~np.isnan(lo)
        err = np.vstack([m - np.where(ok, lo, m), np.where(ok, hi, m) - m])
        ax.errorbar(m, y + offsets[i], xerr=err, fmt=MARKERS[i % len(MARKERS)], color="black", capsize=3,
                    markerfacecolor=["black", "white", GRAYS[2]][i % 3], label=name, linestyle="none")
    ax.axvline(0, color=GRAYS[2], linewidth=0.8)
    ax.set_yticks(y, [f"{g} (n = {n})" for g, n in zip(table[label], table[n_col])])
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend(fontsize=8, title="95% bootstrap CI")
    fig.tight_layout()
    return ax


def plot_confusion(matrix: pd.DataFrame, title: str, ax=None):
    """A confusion matrix as a grayscale heat map with the counts written in each cell."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(4, 3.4))
    vals = matrix.to_numpy(dtype=float)
    ax.imshow(vals, cmap="Greys", vmin=0, vmax=max(vals.max(), 1))
    ax.grid(False)
    for (i, j), v in np.ndenumerate(vals):
        ax.text(j, i, f"{int(v)}", ha="center", va="center",
                color="white" if v > vals.max() / 2 else "black", fontsize=9)
    ax.set_xticks(range(matrix.shape[1]), list(matrix.columns), rotation=20)
    ax.set_yticks(range(matrix.shape[0]), list(matrix.index))
    ax.set(xlabel=matrix.columns.name or "predicted", ylabel=matrix.index.name or "true", title=title)
    return ax
