"""Keyness between groups of documents: the weighted log-odds ratio with an informative Dirichlet prior
(Monroe, Colaresi & Quinn 2008), and the documents each key word comes from.

Units of analysis: :func:`log_odds` one row per **group x term**; :func:`counts_per_document` one row per **term**
(or **group x term**); :func:`keyness_table` one row per **group x top term**.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

DEFAULT_PRIOR_STRENGTH = 0.1
"""Total pseudo-counts of the Dirichlet prior as a fraction of the corpus size (see :func:`log_odds`)."""


def log_odds(toks: pd.DataFrame, group: str = "period", prior_strength: float = DEFAULT_PRIOR_STRENGTH,
             min_count: int = 1) -> pd.DataFrame:
    """One row per **group x term**: weighted log-odds ratio, group vs all other groups, with an
    informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words", eq. 16-22).

    ``toks`` is a token table with a ``token`` and a ``group`` column. The prior's total mass is
    ``alpha_0 = prior_strength * N`` (N = tokens in the table) and each term gets the share of it that
    it has in the whole table: ``alpha_w = alpha_0 * y_w / N = prior_strength * y_w``. ``prior_strength``
    = 1 makes the prior as strong as the data; larger values shrink every log-odds more. For group i
    against the rest j::

        delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
        var_w   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
        z_w     = delta_w / sqrt(var_w)

    Because the prior is proportional to each word's own count, it does not shrink every delta by one
    factor: a word seen only in group i gets a delta of about ``log((1 + s) / s)`` plus a term that barely
    moves with its count (``s`` = ``prior_strength``), so rare and frequent words of one group get nearly the
    same delta; its z, which divides by the standard error, grows with the count. Rank by z, not by delta. Columns: ``group``, ``token``, ``count`` (in the
    group), ``count_rest``, ``total``, ``log_odds`` (delta), ``se``, ``z``. Terms seen fewer than
    ``min_count`` times overall are dropped. Sorted by group, then z (descending), then token.
    """
    if prior_strength <= 0:
        raise ValueError(f"prior_strength must be positive, got {prior_strength!r}.")
    counts = toks.groupby([group, "token"]).size().unstack(group, fill_value=0)
    counts = counts[counts.sum(axis=1) >= min_count]
    total = counts.sum(axis=1)
    alpha = prior_strength * total
    a0 = alpha.sum()
    frames = []
    for g in counts.columns:
        y_i = counts[g]
        y_j = total - y_i
        n_i, n_j = y_i.sum(), y_j.sum()
        delta = (np.log((y_i + alpha) / (n_i + a0 - y_i - alpha))
                 - np.log((y_j + alpha) / (n_j + a0 - y_j - alpha)))
        se = np.sqrt(1 / (y_i + alpha) + 1 / (y_j + alpha))
        frames.append(pd.DataFrame({"group": g, "token": counts.index, "count": y_i.values,
                                    "count_rest": y_j.values, "total": total.values, "log_odds": delta.values,
                                    "se": se.values, "z": (delta / se).values}))
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["group", "z", "token"], ascending=[True, False, True], kind="stable").reset_index(drop=True)


def counts_per_document(toks: pd.DataFrame, terms: list[str] | None = None, group: str | None = None) -> pd.DataFrame:
    """One row per **term** (per **group x term** with ``group``): ``n_docs`` (documents using it; with
    ``group``, documents *of that group* using it, out of ``docs_in_group``) and ``by_document``
    (``doc:count`` for each such document, largest first). ``toks`` has ``doc_id`` and ``token`` columns
    (and ``group``)."""
    t = toks if terms is None else toks[toks["token"].isin(terms)]
    keys = ([group] if group else []) + ["token"]
    c = t.groupby(keys + ["doc_id"]).size().rename("n").reset_index()
    c = c.sort_values(keys + ["n", "doc_id"], ascending=[True] * len(keys) + [False, True], kind="stable")
    rows = []
    for key, g in c.groupby(keys, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(keys, key)), "n_docs": len(g),
                     "by_document": ", ".join(f"{d}:{n}" for d, n in zip(g["doc_id"], g["n"]))})
    out = pd.DataFrame(rows, columns=keys + ["n_docs", "by_document"])
    if group:
        out["docs_in_group"] = out[group].map(toks.groupby(group)["doc_id"].nunique())
    return out


def keyness_table(lo: pd.DataFrame, toks: pd.DataFrame, top_n: int = 5, group: str = "period") -> pd.DataFrame:
    """The ``top_n`` terms by z of each group of a :func:`log_odds` table (one row per **group x term**), with
    the term's counts per document **within its group** beside it (:func:`counts_per_document` with
    ``group``: ``n_docs`` of ``docs_in_group``, ``by_document``) and ``n_docs_corpus``, the documents of
    the whole corpus that use it."""
    top = lo.groupby("group", sort=False).head(top_n)
    within = counts_per_document(toks, list(top["token"].unique()), group=group).rename(columns={group: "group"})
    within["group"] = within["group"].astype(str)
    corpus_docs = counts_per_document(toks, list(top["token"].unique()))[["token", "n_docs"]].rename(
        columns={"n_docs": "n_docs_corpus"})
    out = top.assign(group=top["group"].astype(str)).merge(within, on=["group", "token"], how="left")
    return out.merge(corpus_docs, on="token", how="left")
