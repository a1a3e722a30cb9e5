"""Topic models: the lesson's one check -- which topics come back with other seeds and in half of the units,
beside the same check on shuffled data.

This is lesson 02's check, written once for the evidence notebook and the scripts: the same scikit-learn
estimators, seeds, half samples and shuffles, so that at the lesson's settings the numbers agree
(``tests/test_topics_lesson.py`` checks it).

* A **reference** model is fitted to all units with ``seed``; its topics are the ones checked.
* **Other seeds**: the model refitted to all units with ``seed + 1 ... seed + n_seeds``.
* **Half samples**: the model refitted to ``n_halves`` random halves of the units (each half drawn without
  replacement, ``numpy.random.default_rng(seed)``), half i from its own random start ``seed + 1 + i`` (refitted
  from the reference's own start, a model that hardly moves from its start -- LDA with ten passes -- would
  "come back" from the start alone).
* Each refit's topics are paired one to one with the reference topics (Hungarian algorithm on the cosine of
  their term weights); a topic *comes back* in a refit when its partner's cosine is at least ``match``.
* **Shuffled data**: each term's column permuted across the units (term frequencies kept, co-occurrence
  destroyed; tf-idf rows scaled back to length 1), permutation p with ``seed + 100 + p``; the same check.

* :func:`comeback` -- one row per **reference topic x refit** (kind ``seed`` / ``half``): the matched cosine;
* :func:`shuffled_comeback` -- the same on ``n_shuffles`` shuffled copies, with a ``shuffle`` column;
* :func:`comeback_rates` -- one row per **topic** (per shuffle): how often it comes back, with a Wilson interval;
* :func:`null_levels`, :func:`comeback_by_k` -- what shuffled topics reach, and how many topics pass at each k
  beside how many pass by chance (a shuffled copy's topics against the same line).
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


def half_rows(n: int, n_halves: int, seed: int, size: int | None = None) -> list[np.ndarray]:
    """``n_halves`` random halves of ``n`` units (sorted indices, ``n // 2`` each, or ``size``), drawn with
    ``seed``."""
    rng = np.random.default_rng(seed)
    size = n // 2 if size is None else int(size)
    if not 1 <= size <= n:
        raise ValueError(f"size={size}: a half sample holds between 1 and {n} units.")
    return [np.sort(rng.choice(n, size, replace=False)) for _ in range(n_halves)]


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
             terms=None, half_size: int | None = None) -> pd.DataFrame:
    """One row per **reference topic x refit**: ``topic`` (0-based, the reference model's order), ``name``
    (its three heaviest terms, if ``terms`` are given), ``kind`` (``seed`` or ``half``), ``draw`` and
    ``cosine`` (its matched partner's cosine in that refit). Half i is refitted from seed ``seed + 1 + i``;
    ``half_size`` units per half (default: half of the units)."""
    ref = components(x, model, k, seed)
    names = top_words(ref, terms) if terms is not None else [str(t) for t in range(k)]
    rows = []
    refits = [("seed", i, components(x, model, k, seed + 1 + i)) for i in range(n_seeds)]
    refits += [("half", i, components(x[r], model, k, seed + 1 + i))
               for i, r in enumerate(half_rows(x.shape[0], n_halves, seed, half_size))]
    for kind, i, h in refits:
        for t, c in enumerate(matched_cosines(ref, h)):
            rows.append({"topic": t, "name": names[t], "kind": kind, "draw": i, "cosine": round(float(c), 6)})
    return pd.DataFrame(rows)


def shuffled_comeback(x, model: str, k: int, seed: int = 0, n_seeds: int = 10, n_halves: int = 20,
                      n_shuffles: int = 20, half_size: int | None = None) -> pd.DataFrame:
    """:func:`comeback` on ``n_shuffles`` shuffled copies of ``x`` (shuffle p: seed ``seed + 100 + p``), with a
    ``shuffle`` column; topics are numbered within each shuffle."""
    return pd.concat([comeback(shuffled(x, model, seed + SHUFFLE_OFFSET + p), model, k, seed, n_seeds, n_halves,
                               half_size=half_size).assign(shuffle=p) for p in range(n_shuffles)],
                     ignore_index=True)


def wilson(x, n, level: float = 0.95):
    """Wilson score interval for a proportion ``x`` of ``n`` (the interval of scipy's
    ``binomtest(x, n).proportion_ci(method="wilson")``, which the lesson calls; vectorised; nan when n = 0)."""
    from scipy.stats import norm
    x, n = np.asarray(x, dtype=float), np.asarray(n, dtype=float)
    z = norm.ppf(0.5 + level / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        centre = (x + z * z / 2) / (n + z * z)
        half = z * np.sqrt(n) / (n + z * z) * np.sqrt(p * (1 - p) + z * z / (4 * n))
        low, high = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    bad = n == 0
    return np.where(bad, np.nan, low), np.where(bad, np.nan, high)


def comeback_rates(table: pd.DataFrame, match: float = 0.8) -> pd.DataFrame:
    """One row per **topic** (per ``k`` and ``shuffle`` when the table has them): ``seeds_back`` of ``n_seeds`` and
    ``halves_back`` of ``n_halves`` refits in which it comes back (cosine >= ``match``), ``seed_rate``,
    ``half_rate`` and the 95 % Wilson interval of the half rate (``half_low``, ``half_high``; over the half
    samples drawn, which resample the same units)."""
    keys = [c for c in ("setting", "k", "shuffle", "topic", "name") if c in table.columns]
    t = table.assign(back=(table["cosine"] >= match - 1e-9).astype(int), one=1)
    g = t.pivot_table(index=keys, columns="kind", values=["back", "one"], aggfunc="sum", fill_value=0,
                      sort=True)
    out = pd.DataFrame(index=g.index)
    for kind, col in (("seed", "seeds"), ("half", "halves")):
        out[f"{col}_back"] = g[("back", kind)].astype(int) if ("back", kind) in g.columns else 0
        out[f"n_{col}"] = g[("one", kind)].astype(int) if ("one", kind) in g.columns else 0
    with np.errstate(invalid="ignore", divide="ignore"):
        out["seed_rate"] = out["seeds_back"] / out["n_seeds"].replace(0, np.nan)
        out["half_rate"] = out["halves_back"] / out["n_halves"].replace(0, np.nan)
    out["half_low"], out["half_high"] = wilson(out["halves_back"], out["n_halves"])
    return out.reset_index()


def _found(rates: pd.DataFrame, line: float) -> int:
    return int((rates["half_rate"] > line + 1e-9).sum())


def null_levels(null_rates: pd.DataFrame) -> dict:
    """What topics of shuffled data reach, over **shuffles x topics** of a :func:`comeback_rates` table:
    ``seed_mean``, ``seed_95`` (95th percentile), ``half_mean``, ``half_95``, ``n_shuffles``, and
    ``chance_found``: how many topics of one shuffled copy come back in more half samples than ``half_95`` (the
    line a topic of the data must pass), on average over the copies -- the number of passes to expect by
    chance; ``chance_found_95``: its 95th percentile over copies."""
    half_95 = float(null_rates["half_rate"].quantile(0.95))
    per_copy = null_rates.groupby("shuffle").apply(lambda g: _found(g, half_95), include_groups=False)
    return {"seed_mean": float(null_rates["seed_rate"].mean()),
            "seed_95": float(null_rates["seed_rate"].quantile(0.95)),
            "half_mean": float(null_rates["half_rate"].mean()), "half_95": half_95,
            "chance_found": float(per_copy.mean()), "chance_found_95": float(per_copy.quantile(0.95)),
            "n_shuffles": int(null_rates["shuffle"].nunique())}


def _p(null_values, value: float) -> float:
    """(1 + shuffles at least as high as ``value``) / (1 + shuffles)."""
    v = np.asarray(null_values, dtype=float)
    return float((1 + (v >= value - 1e-9).sum()) / (1 + len(v)))


def comeback_by_k(rates: pd.DataFrame) -> pd.DataFrame:
    """One row per **k** of a :func:`comeback_rates` table of :func:`comeback_sweep`: ``n_topics``, ``found``
    (data topics whose half rate exceeds the 95th percentile of the shuffled topics' half rates at that k),
    ``chance_found`` (the same count for a shuffled copy's topics, mean over copies: passes to expect by chance),
    ``best`` (the data's best topic) against ``best_null_mean``/``best_null_95``/``best_p`` (each copy's best
    topic), ``data_mean`` (mean half rate of the data's topics) against ``null_mean``/``null_95`` (over shuffles x
    topics) and ``half_p`` (over the copies' mean rates), ``seed_data``/``seed_null``/``seed_p`` (the same for
    other seeds), ``n_shuffles``. p-values: (1 + copies at least as high) / (1 + copies)."""
    rows = []
    for k, g in rates.groupby("k", sort=True):
        d, n = g[g["shuffle"] == -1], g[g["shuffle"] >= 0]
        lv = null_levels(n)
        per = n.groupby("shuffle")[["half_rate", "seed_rate"]]
        best, mean = per.max()["half_rate"], per.mean()
        rows.append({"k": int(k), "n_topics": len(d), "found": _found(d, lv["half_95"]),
                     "chance_found": lv["chance_found"], "best": float(d["half_rate"].max()),
                     "best_null_mean": float(best.mean()), "best_null_95": float(best.quantile(0.95)),
                     "best_p": _p(best, float(d["half_rate"].max())), "data_mean": float(d["half_rate"].mean()),
                     "null_mean": lv["half_mean"], "null_95": lv["half_95"],
                     "half_p": _p(mean["half_rate"], float(d["half_rate"].mean())),
                     "seed_data": float(d["seed_rate"].mean()), "seed_null": lv["seed_mean"],
                     "seed_p": _p(mean["seed_rate"], float(d["seed_rate"].mean())), "n_shuffles": lv["n_shuffles"]})
    return pd.DataFrame(rows)


def chance_over_k(rates: pd.DataFrame, leave_one_out: bool = False) -> dict:
    """Over every k of a :func:`comeback_rates` table of :func:`comeback_sweep`: ``found`` (topics of the data
    that pass, summed over k) beside the same sum for each shuffled copy (its topics against each k's line):
    ``chance_mean``, ``chance_95`` (95th percentile over copies), ``chance_min``, ``chance_max``, ``p_value``
    ((1 + copies with at least as many passes) / (1 + copies)) and ``n_shuffles``. With ``leave_one_out`` each
    copy is judged against the line of the other copies only (the data against all copies' line), so that no
    copy helps set the line it must pass."""
    found, per_copy = 0, None
    for _, g in rates.groupby("k", sort=True):
        d, n = g[g["shuffle"] == -1], g[g["shuffle"] >= 0]
        line = float(n["half_rate"].quantile(0.95))
        found += _found(d, line)
        c = pd.Series({s: _found(h, float(n.loc[n["shuffle"] != s, "half_rate"].quantile(0.95)) if leave_one_out
                                 else line) for s, h in n.groupby("shuffle", sort=True)})
        per_copy = c if per_copy is None else per_copy.add(c, fill_value=0)
    return {"found": found, "chance_mean": float(per_copy.mean()), "chance_95": float(per_copy.quantile(0.95)),
            "chance_min": int(per_copy.min()), "chance_max": int(per_copy.max()), "p_value": _p(per_copy, found),
            "n_shuffles": int(len(per_copy))}


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


LESSON = {"unit": "paragraph", "model": "nmf", "k": 4, "min_df": 2, "drop_names": True, "seed": 0}
"""The lesson's Parameters (its stored run); an exercise changes some of them."""
EXERCISE_FILE, EXERCISE_SETTINGS = "topics_exercises_comeback.csv", "topics_exercises_settings.json"


def lesson_matrix(paras: pd.DataFrame, setting: dict):
    """The lesson's matrix (:func:`helpers.topics.dtm.build_dtm`) for ``setting`` (the keys of :data:`LESSON`)."""
    from helpers import text
    from helpers.topics.dtm import build_dtm
    s = {**LESSON, **setting}
    units = paras if s["unit"] == "paragraph" else text.sentences(paras)
    return build_dtm(units, weighting="tfidf" if s["model"] == "nmf" else "count", min_df=s["min_df"],
                     drop_names=s["drop_names"])


def lesson_checks(paras: pd.DataFrame, changes: dict[str, dict], n_seeds: int = 10, n_halves: int = 20,
                  n_shuffles: int = 10) -> pd.DataFrame:
    """The lesson's check after each change of its Parameters (``changes``: a name -> the changed values, e.g.
    ``{"K = 2": {"k": 2}}``; ``half_size`` may be given too): one row per **change x source x topic x refit**
    (``setting``, ``shuffle`` = -1 for the data, then :func:`comeback`'s columns)."""
    parts = []
    for name, change in changes.items():
        s = {**LESSON, **change}
        x = lesson_matrix(paras, s)
        args = (s["model"], s["k"], s["seed"], n_seeds, n_halves)
        parts += [comeback(x.matrix, *args, terms=x.terms, half_size=s.get("half_size")).assign(shuffle=-1,
                                                                                                 setting=name),
                  shuffled_comeback(x.matrix, *args, n_shuffles, half_size=s.get("half_size")).assign(name="",
                                                                                                     setting=name)]
    return pd.concat(parts, ignore_index=True)[["setting", "shuffle", "topic", "name", "kind", "draw", "cosine"]]


def cached_checks(paras: pd.DataFrame, changes: dict[str, dict], n_seeds: int = 10, n_halves: int = 20,
                  n_shuffles: int = 10, folder=None) -> tuple[pd.DataFrame, bool]:
    """:func:`lesson_checks`, read from ``data/derived/`` (``scripts/derive_topic_exercises.py``) when it was
    computed with exactly these changes, sizes and corpus (fingerprint of the paragraphs), else computed (a
    minute or more). Returns the table and whether it was read from the store."""
    import json
    from pathlib import Path

    from helpers.topics.dtm import corpus_fingerprint
    from helpers.topics.select import DERIVED
    folder = Path(folder) if folder is not None else DERIVED
    settings = json.loads(json.dumps({"changes": changes, "n_seeds": n_seeds, "n_halves": n_halves,
                                      "n_shuffles": n_shuffles, "corpus": corpus_fingerprint(paras)}))
    path = folder / EXERCISE_SETTINGS
    if path.is_file() and json.loads(path.read_text(encoding="utf-8")) == settings:
        table = pd.read_csv(folder / EXERCISE_FILE, keep_default_na=False, dtype={"setting": str, "name": str,
                                                                                  "kind": str})
        return table, True
    return lesson_checks(paras, changes, n_seeds, n_halves, n_shuffles), False


def write_checks(table: pd.DataFrame, paras: pd.DataFrame, changes: dict[str, dict], n_seeds: int = 10,
                 n_halves: int = 20, n_shuffles: int = 10, folder=None) -> None:
    """Store a :func:`lesson_checks` table and the settings :func:`cached_checks` compares."""
    import json
    from pathlib import Path

    from helpers.topics.dtm import corpus_fingerprint
    from helpers.topics.select import DERIVED
    folder = Path(folder) if folder is not None else DERIVED
    table.to_csv(folder / EXERCISE_FILE, index=False, encoding="utf-8")
    settings = {"changes": changes, "n_seeds": n_seeds, "n_halves": n_halves, "n_shuffles": n_shuffles,
                "corpus": corpus_fingerprint(paras)}
    (folder / EXERCISE_SETTINGS).write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")
