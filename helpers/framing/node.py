"""Which frames travel with the node word: the share of paragraphs carrying a frame, with and without the word.

Units of analysis: :func:`node_paragraphs` one bool per **paragraph**; :func:`frames_with_node` one row per
**frame** (shares, their difference with a Newcombe interval, Fisher's exact test, a document-cluster bootstrap
interval); :func:`node_frame_by_document` one row per **document** (the same shares for one frame).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.framing.quoting import wilson_interval
from helpers.text.context import DEFAULT_NODE, node_regex


def node_paragraphs(units: pd.DataFrame, pattern: str = DEFAULT_NODE) -> pd.Series:
    """One bool per **paragraph** (indexed by unit_id): does it contain the node word?"""
    rx = node_regex(pattern)
    return units.set_index("unit_id")["text"].map(lambda t: bool(rx.search(t)))


def difference_interval(k1: int, n1: int, k2: int, n2: int, z: float = 1.96) -> tuple[float, float]:
    """95 % interval for the **difference of two proportions** k1/n1 - k2/n2 by Newcombe's hybrid score method
    (Newcombe 1998, method 10: built from the two Wilson intervals). Unlike a percentile bootstrap it stays
    honest when a share is 0 or 1 (a bootstrap of 0 of 13 is always 0)."""
    if n1 == 0 or n2 == 0:
        return float("nan"), float("nan")
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson_interval(k1, n1, z)
    l2, u2 = wilson_interval(k2, n2, z)
    d = p1 - p2
    return float(d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)), float(d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))


def frames_with_node(presence: pd.DataFrame, units: pd.DataFrame, pattern: str = DEFAULT_NODE, n_boot: int = 0,
                     seed: int = 2026) -> pd.DataFrame:
    """One row per **frame**: share of paragraphs with the node that carry it, share of those without, the
    difference (``with_minus_without``), its 95 % interval (``lo``, ``hi``; :func:`difference_interval`) and
    Fisher's exact test p-value (two-sided, ``fisher_p``).

    ``presence`` is one row per paragraph x frame with ``unit_id``, ``frame``, ``present`` (0/1): the
    dictionary's :func:`score_paragraphs` or a hand coding in long form
    (:func:`helpers.framing.codings.long_codes`). Paragraph counts are in ``n_with`` / ``n_without``; ``docs_with``
    is the number of documents the paragraphs with the node come from. With ``n_boot`` > 0, ``lo_doc`` /
    ``hi_doc`` is a 95 % document-cluster bootstrap interval for the difference (whole documents resampled,
    their paragraphs kept together), because paragraphs of one article are not independent."""
    from helpers.stats.reliability import bootstrap_weights, percentile_interval
    from scipy.stats import fisher_exact

    has = node_paragraphs(units, pattern)
    p = presence[presence["unit_id"].isin(has.index)]
    rows = []
    for fr in dict.fromkeys(p["frame"]):
        s = p[p["frame"] == fr].set_index("unit_id")["present"].astype(int)
        mask = has.reindex(s.index).to_numpy(dtype=bool)
        w, wo = s[mask].to_numpy(), s[~mask].to_numpy()
        k1, n1, k2, n2 = int(w.sum()), len(w), int(wo.sum()), len(wo)
        lo, hi = difference_interval(k1, n1, k2, n2)
        pval = fisher_exact([[k1, n1 - k1], [k2, n2 - k2]])[1] if n1 and n2 else np.nan
        docs = s.index.str.split(":").str[0].to_numpy()
        row = {"frame": fr, "with_node": k1 / n1 if n1 else np.nan, "without_node": k2 / n2 if n2 else np.nan,
               "with_minus_without": (k1 / n1 - k2 / n2) if n1 and n2 else np.nan,
               "lo": lo, "hi": hi, "fisher_p": float(pval), "n_with": n1, "n_without": n2,
               "docs_with": len(set(docs[mask]))}
        if n_boot:
            wts = bootstrap_weights(len(s), n_boot, seed, groups=docs)
            y, m = s.to_numpy(dtype=float), mask.astype(float)
            with np.errstate(invalid="ignore", divide="ignore"):
                d = (wts @ (y * m)) / (wts @ m) - (wts @ (y * (1 - m))) / (wts @ (1 - m))
            row["lo_doc"], row["hi_doc"] = percentile_interval(d, 0.95, min_defined=0.5)
        rows.append(row)
    return pd.DataFrame(rows)


def node_frame_by_document(presence: pd.DataFrame, units: pd.DataFrame, frame: str,
                           pattern: str = DEFAULT_NODE) -> pd.DataFrame:
    """One row per **document**: for one ``frame``, paragraphs with the node word and how many of them carry
    the frame, and the same for paragraphs without it (``presence`` as in :func:`frames_with_node`). Shows
    whether a difference rests on one or two articles."""
    has = node_paragraphs(units, pattern)
    p = presence[(presence["frame"] == frame) & presence["unit_id"].isin(has.index)].copy()
    p["doc_id"] = p["unit_id"].str.split(":").str[0]
    p["with_node"] = p["unit_id"].map(has).astype(bool)
    g = p.groupby(["doc_id", "with_node"])["present"].agg(["size", "sum"]).unstack(fill_value=0)
    out = pd.DataFrame({"doc_id": g.index,
                        "with_node": [f"{int(a)} of {int(b)}" for a, b in zip(g[("sum", True)], g[("size", True)])]
                        if ("sum", True) in g else "0 of 0",
                        "without_node": [f"{int(a)} of {int(b)}" for a, b in zip(g[("sum", False)], g[("size", False)])]
                        if ("sum", False) in g else "0 of 0"})
    order = list(dict.fromkeys(units["doc_id"]))
    return out.set_index("doc_id").reindex([d for d in order if d in out["doc_id"].values]).reset_index()
