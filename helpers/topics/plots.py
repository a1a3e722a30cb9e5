"""Topic models: the evidence notebook's plots (compute and draw apart: every function here takes finished tables).

Grayscale-safe, labelled axes; the caller passes a title built from the numbers shown.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.plots.style import GRAYS, MARKERS


def plot_solutions(runs: pd.DataFrame, title: str, better: str = "lower", levels: dict | None = None,
                   fit_name: str = "fit"):
    """One dot per **run**: its fit (x) by solution (y; dots are spread vertically within a row only so that
    equal fits do not hide each other), so the number of runs per solution and their fit are both visible.
    ``levels`` (from :func:`helpers.topics.nulls.fit_levels`) adds vertical lines for the chance mean, the
    chance line on the better side (5th percentile of an error, 95th of a bound) and the ceiling; ``better`` says
    which direction of fit is better."""
    import matplotlib.pyplot as plt
    sols = sorted(runs["solution"].unique(), key=lambda s: int(s[1:]))
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(sols) + 2.2))
    for i, sol in enumerate(sols):
        f = np.sort(runs.loc[runs["solution"] == sol, "fit"].round(5).to_numpy())
        jitter = (np.arange(len(f)) % 5 - 2) * 0.06
        ax.scatter(f, np.full(len(f), i) + jitter, marker=MARKERS[i % len(MARKERS)], color=GRAYS[i % 3],
                   edgecolor="black", linewidth=0.4, s=30)
        ax.annotate(f"{len(f)} run{'s' if len(f) != 1 else ''}", (1.01, i), xycoords=("axes fraction", "data"),
                    va="center", fontsize=9)
    if levels is not None:
        for key, style, lab in (("chance_mean", ":", "chance (permuted matrices, mean)"),
                                ("chance_95", "-.", "chance, " + ("5th" if better == "lower" else "95th") + " percentile"), ("ceiling", "--", "ceiling")):
            ax.axvline(round(levels[key], 4), color="black", linestyle=style, linewidth=1, label=lab)
        ax.legend(fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False)
    ax.set_yticks(range(len(sols)), sols)
    ax.set_ylim(len(sols) - 0.5, -0.5)
    ax.set_xlabel(f"{fit_name} of the run ({better} is better)")
    ax.set_ylabel("solution (S1, S2 ...: groups of runs\nwith the same topics; dots spread vertically)", fontsize=8)
    ax.set_title(title, pad=28)
    fig.tight_layout()
    return fig


def plot_doc_dots(intervals: pd.DataFrame, docs: pd.DataFrame, names: dict[str, str], title: str,
                  n_cols: int = 3, level: float = 0.95):
    """One panel per **topic**, one dot per **document** (x: documents in date order, labelled with their
    period; y: mean share of the document's units, bar: ``level`` bootstrap interval). No lines join documents:
    the periods are unevenly spaced and hold one to three articles each. With two topics the shares of a unit
    sum to 1, so only the first topic is drawn (the other is 1 minus it, said in the y label)."""
    import matplotlib.pyplot as plt
    order = list(docs.sort_values(["date", "id"])["id"]) if "date" in docs.columns else list(docs["id"])
    period = dict(zip(docs["id"], docs["period"].astype(str))) if "period" in docs.columns else {}
    topic_ids = list(dict.fromkeys(intervals["topic"]))
    mirror = len(topic_ids) == 2
    if mirror:
        topic_ids = topic_ids[:1]
    n_cols = max(1, min(n_cols, len(topic_ids)))
    n_rows = int(np.ceil(len(topic_ids) / n_cols))
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(max(4.2 * n_cols, 0.9 * len(order) * n_cols, 6.5),
                                                      2.9 * n_rows + (0.4 if mirror else 0)), squeeze=False)
    for ax, t in zip(axes.ravel(), topic_ids):
        g = intervals[intervals["topic"] == t].set_index("doc_id").reindex(order).round(3)
        x = np.arange(len(order))
        ax.errorbar(x, g["share"], yerr=[(g["share"] - g["low"]).clip(lower=0), (g["high"] - g["share"]).clip(lower=0)],
                    fmt="o", color=GRAYS[0], capsize=3, markersize=5)
        ax.set_xticks(x, [f"{d}\n({period.get(d, '')}, n={int(n)})" for d, n in zip(order, g["n_units"])],
                      fontsize=7, rotation=0)
        ax.set_ylim(0, 1)
        ax.set_title(names.get(t, t), fontsize=9)
        other = [names.get(o, o) for o in dict.fromkeys(intervals["topic"]) if o != t]
        ax.set_ylabel(f"mean share of units\n({level:.0%} bootstrap interval)"
                      + (f"\nother topic = 1 minus this" if mirror and other else ""), fontsize=8)
        ax.tick_params(labelleft=True)
    for ax in axes.ravel()[len(topic_ids):]:
        ax.set_visible(False)
    fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig


def plot_margins(summary: pd.DataFrame, rule: pd.DataFrame, k_read: int, title: str):
    """Three panels against k: each criterion's margin over its null (mean ± 1 SE over splits), a zero line
    (= chance), the one-SE band under the best k (dashed), the k acceptable on that criterion filled, the k
    read dotted."""
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.9))
    s = summary.round(4)
    panels = (("coherence", "held-out NPMI minus\nthe permuted copy's model"),
              ("stability", "seed stability minus\nthe permuted copy's"),
              ("subsample", "subsample stability minus\nthe permuted copy's"))
    for ax, (c, label) in zip(axes, panels):
        ok = rule[f"ok_{c}"].to_numpy()
        ax.errorbar(s["k"], s[f"{c}_margin"], yerr=s[f"{c}_se"], fmt="none", ecolor=GRAYS[1], capsize=3)
        ax.scatter(s["k"][ok], s[f"{c}_margin"][ok], marker=MARKERS[0], color=GRAYS[0], zorder=3,
                   label="within 1 SE of best")
        ax.scatter(s["k"][~ok], s[f"{c}_margin"][~ok], marker=MARKERS[1], facecolor="white", edgecolor=GRAYS[0],
                   zorder=3, label="not within 1 SE")
        best = int(s[f"{c}_margin"].idxmax())
        ax.axhline(float(s.loc[best, f"{c}_margin"] - s.loc[best, f"{c}_se"]), color=GRAYS[1], linestyle="--",
                   linewidth=1)
        ax.axhline(0, color="black", linewidth=0.8)
        ax.axvline(k_read, color=GRAYS[1], linestyle=":", linewidth=1.5)
        ax.set_xticks(list(s["k"]))
        ax.set_xlabel("k (dotted: read)")
        ax.set_ylabel(label)
        ax.set_title(c if c != "subsample" else "subsample stability")
    axes[0].legend(fontsize=8, loc="best")
    fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig


def plot_comeback_by_k(data: pd.DataFrame, null: pd.DataFrame, title: str, match: float):
    """One column per **k**: each data topic's share of half samples in which it comes back (dots; ``data``: a
    table with ``k`` and ``half_rate``, one row per topic), beside what topics of shuffled data reach (``null``:
    one row per k with ``half_mean`` and ``half_95``; a bar from the mean to the 95th percentile)."""
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(8, 3.8))
    n = null.sort_values("k").round(4)
    ax.vlines(n["k"], n["half_mean"], n["half_95"], color=GRAYS[2], linewidth=9, zorder=1,
              label="shuffled data: mean to 95th percentile")
    d = data.round(4)
    offsets = d.groupby("k").cumcount() - d.groupby("k")["k"].transform("size").sub(1) / 2
    ax.scatter(d["k"] + 0.08 * offsets, d["half_rate"], marker=MARKERS[0], color=GRAYS[0], s=18, zorder=3,
               label="a topic of the data")
    ax.set_xticks(list(n["k"]))
    ax.set_ylim(0, 1)
    ax.set_xlabel("k (number of topics)")
    ax.set_ylabel(f"share of half samples in which\nthe topic comes back (cosine ≥ {match})")
    ax.set_title(title)
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


def plot_against_nulls(null: pd.DataFrame, data: pd.DataFrame, title: str, n_cols: int = 3):
    """One panel per **statistic**: its value on each permutation (``null``: columns ``statistic``, ``value``;
    grey dots) and on the data (``data``: columns ``statistic``, ``value``, ``better`` = "higher"/"lower"; a black
    line), so a reader sees where the data fall in the spread over permutations."""
    import matplotlib.pyplot as plt
    stats_ = list(dict.fromkeys(data["statistic"]))
    n_rows = int(np.ceil(len(stats_) / n_cols))
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(4 * n_cols, 1.9 * n_rows + 0.6), squeeze=False)
    for ax, st in zip(axes.ravel(), stats_):
        v = np.sort(null.loc[null["statistic"] == st, "value"].round(4).to_numpy())
        ax.scatter(v, (np.arange(len(v)) % 4) * 0.15, marker=MARKERS[1], facecolor="white", edgecolor=GRAYS[1], s=22,
                   label="permutations")
        row = data[data["statistic"] == st].iloc[0]
        ax.axvline(round(float(row["value"]), 4), color="black", linewidth=1.5, label="data")
        ax.set_yticks([])
        ax.set_ylim(-0.3, 0.75)
        ax.set_title(f"{st} ({row['better']} is better)", fontsize=9)
        ax.tick_params(axis="x", labelsize=8)
    for ax in axes.ravel()[len(stats_):]:
        ax.set_visible(False)
    axes[0, 0].legend(fontsize=7, loc="upper left")
    fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig
