"""Topic models: many seeds read as a few distinct solutions; matching topics.

A topic model is fitted by a local search from a random start, so each seed can end in another local
optimum. Here every seed is one **run**; runs whose topics match are one **solution**.

* :func:`match_topics` -- one row per **matched pair of topics** of two models (Hungarian algorithm);
* :func:`similarity_matrix` -- runs x runs (the worst matched topic pair's cosine);
* :func:`solutions` -- one row per **run**, with the solution it belongs to; :func:`solution_table` one
  row per **solution** (runs, fit);
* :func:`topic_recovery` -- one row per **topic** of the read run: in how many runs it is found;
* :func:`term_agreement` -- Greene, O'Callaghan & Cunningham's (2014) agreement of two top-term lists.
"""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.optimize import linear_sum_assignment
from scipy.spatial.distance import squareform

from helpers.topics.dtm import DTM
from helpers.topics.fit import TopicModel, fit_model, top_terms


def cosine_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity between every row of ``a`` and every row of ``b`` (topics x topics)."""
    na = np.linalg.norm(a, axis=1, keepdims=True)
    nb = np.linalg.norm(b, axis=1, keepdims=True)
    return (a / np.where(na > 0, na, 1)) @ (b / np.where(nb > 0, nb, 1)).T


def hungarian(sim: np.ndarray) -> list[tuple[int, int]]:
    """The one-to-one pairing of rows and columns of ``sim`` with the largest total, as sorted (row, col) pairs."""
    r, c = linear_sum_assignment(-np.round(sim, 12))
    return sorted(zip(map(int, r), map(int, c)))


def matched_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Mean cosine similarity of two sets of topic-term vectors after Hungarian matching (1 = same topics)."""
    sim = cosine_matrix(a, b)
    return float(np.mean([sim[i, j] for i, j in hungarian(sim)]))


def match_topics(a: TopicModel, b: TopicModel, n: int = 10) -> pd.DataFrame:
    """One row per **matched pair of topics**: the Hungarian assignment that maximises total cosine similarity
    of the topic-term vectors of two models fitted to the same vocabulary.

    Columns: ``topic_a``, ``topic_b``, ``cosine``, ``n_shared``, ``shared_terms`` (top-``n`` terms both have,
    in ``a``'s order). Sorted by ``topic_a``.
    """
    if list(a.dtm.terms) != list(b.dtm.terms):
        raise ValueError("the two models must share a vocabulary (build both DTMs with the same settings).")
    sim = cosine_matrix(a.topic_terms, b.topic_terms)
    ta, tb = top_terms(a, n), top_terms(b, n)
    rows = []
    for i, j in hungarian(sim):
        la, lb = a.labels[i], b.labels[j]
        terms_b = set(tb.loc[tb["topic"] == lb, "term"])
        shared = [t for t in ta.loc[ta["topic"] == la, "term"] if t in terms_b]
        rows.append({"topic_a": la, "topic_b": lb, "cosine": float(sim[i, j]), "n_shared": len(shared),
                     "shared_terms": ", ".join(shared)})
    return pd.DataFrame(rows).sort_values("topic_a", key=lambda s: s.str[1:].astype(int)).reset_index(drop=True)


def fit_seeds(dtm: DTM, model: str, k: int, seeds: list[int], rows=None) -> list[TopicModel]:
    """One fitted :class:`TopicModel` per seed (same DTM, model and k; ``rows`` as in :func:`fit_model`)."""
    return [fit_model(dtm, model, k, s, rows=rows) for s in seeds]


def similarity_matrix(models: list[TopicModel]) -> np.ndarray:
    """Runs x runs: the worst matched topic pair's cosine (1 on the diagonal).

    The *minimum* over matched pairs, not the mean: two runs are the same solution only if every topic of
    one has a close twin in the other.
    """
    n = len(models)
    out = np.ones((n, n))
    for i, j in itertools.combinations(range(n), 2):
        sim = cosine_matrix(models[i].topic_terms, models[j].topic_terms)
        out[i, j] = out[j, i] = min(sim[a, b] for a, b in hungarian(sim))
    return out


def solutions(models: list[TopicModel], threshold: float = 0.9) -> pd.DataFrame:
    """One row per **run**: ``seed``, ``fit``, ``solution`` (S1, S2 ... by number of runs, then by best fit).

    Runs are clustered by complete linkage on 1 - (worst matched-topic cosine, :func:`similarity_matrix`),
    cut at 1 - ``threshold``: within a solution every pair of runs has all topics matched at cosine >=
    ``threshold``. Solutions are numbered by size (most runs first), ties by better fit.
    """
    seeds = [m.seed for m in models]
    fits = np.array([m.fit for m in models])
    if len(models) == 1:
        cluster = np.array([1])
    else:
        dist = np.clip(1 - np.round(similarity_matrix(models), 9), 0, None)
        np.fill_diagonal(dist, 0)
        cluster = fcluster(linkage(squareform(dist, checks=False), method="complete"), t=1 - threshold + 1e-9,
                           criterion="distance")
    out = pd.DataFrame({"seed": seeds, "fit": fits, "cluster": cluster})
    sign = 1 if models[0].better_fit == "lower" else -1
    stats = out.groupby("cluster").agg(n=("seed", "size"), best=("fit", lambda f: sign * f.min() if sign > 0
                                                                   else sign * f.max()), first=("seed", "min"))
    stats["best"] = stats["best"].round(9)
    ranked = stats.sort_values(["n", "best", "first"], ascending=[False, True, True]).index
    names = {c: f"S{i + 1}" for i, c in enumerate(ranked)}
    out["solution"] = out["cluster"].map(names)
    return out.drop(columns="cluster")


def solution_table(runs: pd.DataFrame, better: str = "lower", decimals: int = 4) -> pd.DataFrame:
    """One row per **solution**: ``solution``, ``n_runs``, ``share_of_runs``, ``fit_mean``, ``fit_best``,
    ``seeds`` (up to eight, ascending), ``best_fitting`` (True for the solution with the best fit, rounded to
    ``decimals``; ties to more runs), ``modal`` (True for the solution with the most runs)."""
    g = runs.groupby("solution", sort=False)
    best_fn = "min" if better == "lower" else "max"
    out = pd.DataFrame({"n_runs": g.size(), "fit_mean": g["fit"].mean(), "fit_best": g["fit"].agg(best_fn),
                        "seeds": g["seed"].agg(lambda s: ", ".join(map(str, sorted(s)[:8]))
                                                + (" …" if len(s) > 8 else ""))})
    out = out.reset_index()
    out = out.assign(_n=out["solution"].str[1:].astype(int)).sort_values("_n").drop(columns="_n").reset_index(drop=True)
    out["share_of_runs"] = out["n_runs"] / out["n_runs"].sum()
    key = out["fit_best"].round(decimals) * (1 if better == "lower" else -1)
    out["best_fitting"] = False
    out.loc[out.assign(_k=key).sort_values(["_k", "n_runs", "solution"], ascending=[True, False, True]).index[0],
            "best_fitting"] = True
    out["modal"] = out.index == 0
    return out[["solution", "n_runs", "share_of_runs", "fit_mean", "fit_best", "best_fitting", "modal", "seeds"]]


def topic_recovery(tm: TopicModel, models: list[TopicModel], threshold: float = 0.9) -> pd.DataFrame:
    """One row per **topic** of ``tm``: ``n_runs`` (runs in ``models`` in which the Hungarian-matched topic has
    cosine >= ``threshold``), ``share_runs`` and ``median_cosine`` (of the matched topic over all runs)."""
    cos = np.zeros((len(models), tm.k))
    for r, m in enumerate(models):
        sim = cosine_matrix(tm.topic_terms, m.topic_terms)
        for i, j in hungarian(sim):
            cos[r, i] = sim[i, j]
    return pd.DataFrame({"topic": tm.labels, "n_runs": (cos >= threshold).sum(axis=0),
                         "share_runs": (cos >= threshold).mean(axis=0), "median_cosine": np.median(cos, axis=0)})


def average_jaccard(a: list[str], b: list[str]) -> float:
    """Greene et al.'s average Jaccard of two ranked term lists: the mean over depths d = 1..n of the Jaccard
    index of their top-d terms (1 = same terms in the same order, 0 = nothing shared)."""
    n = min(len(a), len(b))
    return float(np.mean([len(set(a[:d]) & set(b[:d])) / len(set(a[:d]) | set(b[:d])) for d in range(1, n + 1)]))


def term_agreement(a: TopicModel, b: TopicModel, n: int = 10) -> float:
    """Agreement of two models' top-``n`` term lists: Hungarian matching on :func:`average_jaccard`, mean of
    the matched pairs (Greene et al. 2014)."""
    la = [list(g["term"]) for _, g in top_terms(a, n).groupby("topic", sort=False)]
    lb = [list(g["term"]) for _, g in top_terms(b, n).groupby("topic", sort=False)]
    sim = np.array([[average_jaccard(x, y) for y in lb] for x in la])
    return float(np.mean([sim[i, j] for i, j in hungarian(sim)]))
