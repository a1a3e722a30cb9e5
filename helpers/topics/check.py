"""Topic models: the lesson's one check -- which topics come back with other seeds and in half of the units,
beside the same check on shuffled data.

This is lesson 02's check, written once for the evidence notebook and the scripts: the same scikit-learn
estimators, seeds, half samples and shuffles, so that at the lesson's settings the numbers agree
(``tests/test_topics_lesson.py`` checks it).

* A **reference** model is fitted to all units with ``seed``; its topics are the ones checked.
* **Other seeds**: the model refitted to all units with ``seed + 1 ... seed + n_seeds``.
* **Half samples**: the model (``seed``) refitted to ``n_halves`` random halves of the units (each half drawn
  without replacement, ``numpy.random.default_rng(seed)``).
* Each refit's topics are paired one to one with the reference topics (Hungarian algorithm on the cosine of
  their term weights); a topic *comes back* in a refit when its partner's cosine is at least ``match``.
* **Shuffled data**: each term's column permuted across the units (term frequencies kept, co-occurrence
  destroyed; tf-idf rows scaled back to length 1), permutation p with ``seed + 100 + p``; the same check.

* :func:`comeback` -- one row per **reference topic x refit** (kind ``seed`` / ``half``): the matched cosine;
* :func:`shuffled_comeback` -- the same on ``n_shuffles`` shuffled copies, with a ``shuffle`` column;
* :func:`comeback_rates` -- one row per **topic** (per shuffle): how often it comes back, with a Wilson interval.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.preprocessing import normalize

SHUFFLE_OFFSET = 100
"""Shuffle p uses the seed ``seed + SHUFFLE_OFFSET + p`` (as lesson 02 does)."""


def estimator(model: str, k: int, seed: int):
    """The scikit-learn model lesson 02 fits: NMF with a random start (so the seed matters) or batch LDA."""
    if model == "nmf":
        return NMF(n_components=k, init="random", random_state=seed, max_iter=2000)
    if model == "lda":
        return LatentDirichletAllocation(n_components=k, random_state=seed)
    raise ValueError(f"model={model!r}: choose 'nmf' or 'lda'.")


def components(x, model: str, k: int, seed: int) -> np.ndarray:
    """Topics x terms: ``components_`` of the model fitted to ``x`` (units x terms)."""
    return estimator(model, k, seed).fit(x).components_


def matched_cosines(ref: np.ndarray, other: np.ndarray) -> np.ndarray:
    """For each **reference topic** (row of ``ref``), the cosine of its partner among ``other``'s topics when the
    two sets are paired one to one with the largest total cosine (Hungarian algorithm)."""
    cos = normalize(ref) @ normalize(other).T
    rows, cols = linear_sum_assignment(-np.round(cos, 12))
    out = np.zeros(len(ref))
    out[rows] = cos[rows, cols]
    return out


def half_rows(n: int, n_halves: int, seed: int) -> list[np.ndarray]:
    """``n_halves`` random halves of ``n`` units (sorted indices, ``n // 2`` each), drawn with ``seed``."""
    rng = np.random.default_rng(seed)
    return [np.sort(rng.choice(n, n // 2, replace=False)) for _ in range(n_halves)]


def shuffled(x, model: str, seed: int):
    """The shuffled copy of ``x``: each term's column permuted across the units (``seed``); for NMF (tf-idf)
    each row scaled back to length 1, as the vectoriser does."""
    rng = np.random.default_rng(seed)
    xs = x.toarray() if sparse.issparse(x) else np.array(x, dtype=float)
    for j in range(xs.shape[1]):
        xs[:, j] = xs[rng.permutation(len(xs)), j]
    return normalize(xs) if model == "nmf" else xs


def top_words(h: np.ndarray, terms, n: int = 3) -> list[str]:
    """Each topic named by its ``n`` heaviest terms (ties in column order, i.e. alphabetical for a scikit-learn
    vocabulary), one name per **topic**, as the lesson names them."""
    terms = np.asarray(terms)
    return [" ".join(terms[np.argsort(-w, kind="stable")[:n]]) for w in h]


def comeback(x, model: str, k: int, seed: int = 0, n_seeds: int = 10, n_halves: int = 20,
             terms=None) -> pd.DataFrame:
    """One row per **reference topic x refit**: ``topic`` (0-based, the reference model's order), ``name``
    (its three heaviest terms, if ``terms`` are given), ``kind`` (``seed`` or ``half``), ``draw`` and
    ``cosine`` (its matched partner's cosine in that refit)."""
    ref = components(x, model, k, seed)
    names = top_words(ref, terms) if terms is not None else [str(t) for t in range(k)]
    rows = []
    refits = [("seed", i, components(x, model, k, seed + 1 + i)) for i in range(n_seeds)]
    refits += [("half", i, components(x[r], model, k, seed)) for i, r in enumerate(half_rows(x.shape[0], n_halves,
                                                                                            seed))]
    for kind, i, h in refits:
        for t, c in enumerate(matched_cosines(ref, h)):
            rows.append({"topic": t, "name": names[t], "kind": kind, "draw": i, "cosine": round(float(c), 6)})
    return pd.DataFrame(rows)


def shuffled_comeback(x, model: str, k: int, seed: int = 0, n_seeds: int = 10, n_halves: int = 20,
                      n_shuffles: int = 20) -> pd.DataFrame:
    """:func:`comeback` on ``n_shuffles`` shuffled copies of ``x`` (shuffle p: seed ``seed + 100 + p``), with a
    ``shuffle`` column; topics are numbered within each shuffle."""
    return pd.concat([comeback(shuffled(x, model, seed + SHUFFLE_OFFSET + p), model, k, seed, n_seeds, n_halves)
                      .assign(shuffle=p) for p in range(n_shuffles)], ignore_index=True)


def wilson(x: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion ``x`` of ``n`` (scipy's ``binomtest(...).proportion_ci``, as the
    lesson computes it; (nan, nan) when n = 0)."""
    from scipy.stats import binomtest
    if n == 0:
        return float("nan"), float("nan")
    ci = binomtest(int(x), int(n)).proportion_ci(confidence_level=level, method="wilson")
    return float(ci.low), float(ci.high)


def comeback_rates(table: pd.DataFrame, match: float = 0.8) -> pd.DataFrame:
    """One row per **topic** (per ``k`` and ``shuffle`` when the table has them): ``seeds_back`` of ``n_seeds`` and
    ``halves_back`` of ``n_halves`` refits in which it comes back (cosine >= ``match``), ``seed_rate``,
    ``half_rate`` and the 95 % Wilson interval of the half rate (``half_low``, ``half_high``; over the half
    samples drawn, which resample the same units)."""
    keys = [c for c in ("k", "shuffle", "topic", "name") if c in table.columns]
    back = table.assign(back=table["cosine"] >= match - 1e-9)
    rows = []
    for key, g in back.groupby(keys, sort=True):
        s, h = g[g["kind"] == "seed"]["back"], g[g["kind"] == "half"]["back"]
        lo, hi = wilson(int(h.sum()), len(h))
        rows.append({**dict(zip(keys, key if isinstance(key, tuple) else (key,))),
                     "seeds_back": int(s.sum()), "n_seeds": len(s), "halves_back": int(h.sum()), "n_halves": len(h),
                     "seed_rate": float(s.mean()) if len(s) else float("nan"),
                     "half_rate": float(h.mean()) if len(h) else float("nan"), "half_low": lo, "half_high": hi})
    return pd.DataFrame(rows)


def null_levels(null_rates: pd.DataFrame) -> dict:
    """What topics of shuffled data reach, over **shuffles x topics** of a :func:`comeback_rates` table:
    ``seed_mean``, ``seed_95`` (95th percentile), ``half_mean``, ``half_95``, ``n_shuffles``."""
    return {"seed_mean": float(null_rates["seed_rate"].mean()),
            "seed_95": float(null_rates["seed_rate"].quantile(0.95)),
            "half_mean": float(null_rates["half_rate"].mean()),
            "half_95": float(null_rates["half_rate"].quantile(0.95)),
            "n_shuffles": int(null_rates["shuffle"].nunique())}


def comeback_by_k(rates: pd.DataFrame) -> pd.DataFrame:
    """One row per **k** of a :func:`comeback_rates` table of :func:`comeback_sweep`: ``n_topics``, ``found``
    (data topics whose half rate exceeds the 95th percentile of the shuffled topics' half rates at that k),
    ``best`` and ``data_mean`` (the data topics' half rates), ``null_mean``, ``null_95`` (over shuffles x
    topics), ``seed_data`` and ``seed_null`` (mean rates with other seeds), ``n_shuffles``."""
    rows = []
    for k, g in rates.groupby("k", sort=True):
        d, n = g[g["shuffle"] == -1], g[g["shuffle"] >= 0]
        lv = null_levels(n)
        rows.append({"k": int(k), "n_topics": len(d), "found": int((d["half_rate"] > lv["half_95"] + 1e-9).sum()),
                     "best": float(d["half_rate"].max()), "data_mean": float(d["half_rate"].mean()),
                     "null_mean": lv["half_mean"], "null_95": lv["half_95"], "seed_data": float(d["seed_rate"].mean()),
                     "seed_null": lv["seed_mean"], "n_shuffles": lv["n_shuffles"]})
    return pd.DataFrame(rows)


def comeback_sweep(x, model: str, ks, seed: int = 0, n_seeds: int = 10, n_halves: int = 20, n_shuffles: int = 20,
                   terms=None) -> pd.DataFrame:
    """:func:`comeback` for every k in ``ks``, on the data (``shuffle`` = -1) and on ``n_shuffles`` shuffled
    copies: one row per **k x source x topic x refit**."""
    parts = []
    for k in ks:
        parts.append(comeback(x, model, k, seed, n_seeds, n_halves, terms).assign(k=int(k), shuffle=-1))
        parts.append(shuffled_comeback(x, model, k, seed, n_seeds, n_halves, n_shuffles).assign(k=int(k), name=""))
    out = pd.concat(parts, ignore_index=True)
    return out[["k", "shuffle", "topic", "name", "kind", "draw", "cosine"]]
