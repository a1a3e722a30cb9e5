"""Topic models, part 4: coherence against chance on held-out units, the k sweep, and nulls for comparisons.

Coherence. For two terms, with probabilities estimated as shares of *reference units* that contain them,
PMI(w1, w2) = log P(w1, w2) / (P(w1) P(w2)) and NPMI = PMI / -log P(w1, w2), from -1 (never in the same
unit) through 0 (independent) to 1 (always together); a pair that never co-occurs scores -1 (also when a
term is absent from the reference units). A term list's coherence is the mean NPMI of its pairs.
Counted on the units a model was fitted to, NPMI rewards topics that copy one unit's words; here the
reference units are always the *other half* of a random split (:func:`helpers.topics_dtm.split_units`):
models are fitted to half a and scored on half b, and the other way round. Chance is a random-term baseline
scored the same way: each top term replaced by a random vocabulary term of similar frequency.

* :func:`npmi_matrix` -- terms x terms NPMI in a set of reference units (optionally bootstrap-weighted);
* :func:`npmi_coherence` -- one number per **list of terms**; :func:`topic_coherence` one row per **topic**;
* :func:`sweep_k` -- a :class:`Sweep`: per **k x seed x half** fits, coherence, baseline, stabilities;
* :func:`summarise_sweep` -- one row per **k**; :func:`choose_k` the rule; :func:`selection_grid` one row
  per **seed set x k range**; :func:`coherence_vs_baseline` one row per **quantity** with bootstrap intervals;
* :func:`heldout_topic_coherence` -- one row per **topic** of a full-data model;
* :func:`cosine_null`, :func:`agreement_null` -- permutation nulls for comparing two models.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .topics_dtm import DTM
from .topics_fit import TopicModel, fit_model
from .topics_solutions import cosine_matrix, hungarian, matched_similarity, subsample_stability


def npmi_matrix(binary: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Terms x terms NPMI from a units x terms 0/1 array (``weights``: how often each unit counts, e.g. a
    bootstrap resample). Pairs that never co-occur score -1; the diagonal is 1."""
    b = np.asarray(binary, dtype=float)
    w = np.ones(b.shape[0]) if weights is None else np.asarray(weights, dtype=float)
    n = w.sum()
    p = (w @ b) / n
    joint = (b * w[:, None]).T @ b / n
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(joint / np.outer(p, p))
        out = pmi / -np.log(joint)
    out = np.where(joint <= 0, -1.0, out)
    out = np.where(joint >= 1, 1.0, out)
    np.fill_diagonal(out, 1.0)
    return out


def _set_scores(npmi: np.ndarray, sets: list[list[int]]) -> np.ndarray:
    out = []
    for cols in sets:
        pairs = list(itertools.combinations(cols, 2))
        out.append(np.mean([npmi[i, j] for i, j in pairs]) if pairs else np.nan)
    return np.array(out)


def npmi_coherence(terms: list[str], dtm: DTM) -> float:
    """Mean NPMI over all pairs of ``terms``, co-occurrence counted **within the units** of ``dtm`` (see the
    module docstring). Terms not in the vocabulary are ignored; NaN for fewer than two known terms."""
    index = {t: i for i, t in enumerate(dtm.terms)}
    cols = [index[t] for t in terms if t in index]
    if len(cols) < 2:
        return float("nan")
    return float(_set_scores(npmi_matrix(dtm.binary[:, cols].toarray()), [list(range(len(cols)))])[0])


def top_indices(tm: TopicModel, n: int = 10) -> list[list[int]]:
    """The column indices of each topic's top ``n`` terms (ties alphabetical), one list per **topic**."""
    terms = tm.dtm.terms
    return [sorted(range(len(w)), key=lambda j: (-round(float(w[j]), 12), terms[j]))[:n] for w in tm.topic_terms]


def topic_coherence(tm: TopicModel, n: int = 10, reference: DTM | None = None) -> pd.DataFrame:
    """One row per **topic**: ``topic``, ``coherence`` (mean NPMI of its top ``n`` terms in the units of
    ``reference``; default the model's own units, which is optimistic), ``top_terms``."""
    ref = tm.dtm if reference is None else reference
    npmi = npmi_matrix(ref.binary.toarray())
    idx = top_indices(tm, n)
    return pd.DataFrame({"topic": tm.labels, "coherence": _set_scores(npmi, idx),
                         "top_terms": [" ".join(tm.dtm.terms[j] for j in cols) for cols in idx]})


def half_sample_fits(dtm: DTM, kind: str, k: int, seeds: list[int], splits: list[pd.Series]):
    """For every **split x half x seed**: the model fitted to one half, with what scoring it on the other half
    needs. Yields ``(r, hi, half, ref, df, seed, model)``: the split's index, the half's index (0 for ``a``,
    1 for ``b``) and name, the NPMI matrix of the *other* half (:func:`npmi_matrix`), the term document
    frequencies of the fitted half (for :func:`random_sets`), the seed and the fitted model. ``splits`` hold
    ``a``/``b`` per unit_id."""
    binary = dtm.binary.toarray()
    for r, halves in enumerate(splits):
        half_of = halves.reindex(dtm.units["unit_id"].astype(str)).to_numpy()
        for hi, (h, other) in enumerate((("a", "b"), ("b", "a"))):
            ref = npmi_matrix(binary[half_of == other])
            df = binary[half_of == h].sum(axis=0)
            for s in seeds:
                yield r, hi, h, ref, df, s, fit_model(dtm, kind, k, s, rows=half_of == h)


def random_sets(sets: list[list[int]], df: np.ndarray, rng: np.random.Generator, n_bins: int = 5) -> list[list[int]]:
    """Each term list with every term replaced by a random term of the same document-frequency bin
    (``n_bins`` quantile bins of ``df``, the training units' document frequencies); no repeats within a list."""
    order = np.argsort(np.argsort(df, kind="stable"), kind="stable")
    bins = np.minimum(order * n_bins // len(df), n_bins - 1)
    members = [np.flatnonzero(bins == b) for b in range(n_bins)]
    out = []
    for cols in sets:
        chosen: list[int] = []
        for c in cols:
            pool = [j for j in members[bins[c]] if j not in chosen]
            chosen.append(int(rng.choice(pool)))
        out.append(chosen)
    return out


@dataclass
class Sweep:
    """The k sweep. ``runs``: one row per **k x seed x half** (``k``, ``seed``, ``half`` the model was fitted
    to, ``coherence`` of its topics on the other half, ``baseline`` of random term sets on that half);
    ``pairs``: one row per **k x half x pair of seeds** (``similarity``: matched cosine);
    ``subsamples``: one row per **k x subsample** (Greene agreement); ``models``: k -> list of
    (seed, half, TopicModel, per-topic held-out NPMI)."""

    model: str
    runs: pd.DataFrame
    pairs: pd.DataFrame
    subsamples: pd.DataFrame
    models: dict = field(default_factory=dict)


def sweep_k(dtm: DTM, model: str, ks, seeds: list[int], halves: pd.Series, n_terms: int = 10,
            n_subsamples: int = 5, seed: int = 0) -> Sweep:
    """Fit ``model`` for every k in ``ks`` and seed in ``seeds`` on each half of ``halves`` (see
    :func:`helpers.topics_dtm.split_units`) and score it; Greene subsample stability with ``n_subsamples``
    80 % subsamples of all units (model seed ``seed``). See :class:`Sweep`."""
    half_of = halves.reindex(dtm.units["unit_id"].astype(str)).to_numpy()
    masks = {h: half_of == h for h in ("a", "b")}
    binary = dtm.binary.toarray()
    npmi = {h: npmi_matrix(binary[masks[h]]) for h in masks}
    df = {h: binary[masks[h]].sum(axis=0) for h in masks}
    rng = np.random.default_rng(seed)
    runs, pairs, subs, models = [], [], [], {}
    for k in ks:
        models[k] = []
        for h, other in (("a", "b"), ("b", "a")):
            fitted = []
            for s in seeds:
                tm = fit_model(dtm, model, k, s, rows=masks[h])
                idx = top_indices(tm, n_terms)
                per_topic = _set_scores(npmi[other], idx)
                base = _set_scores(npmi[other], random_sets(idx, df[h], rng))
                runs.append({"k": int(k), "seed": s, "half": h, "coherence": float(per_topic.mean()),
                             "baseline": float(base.mean()), "fit": tm.fit})
                models[k].append((s, h, tm, per_topic))
                fitted.append(tm)
            for x, y in itertools.combinations(fitted, 2):
                pairs.append({"k": int(k), "half": h, "seed_a": x.seed, "seed_b": y.seed,
                              "similarity": matched_similarity(x.topic_terms, y.topic_terms)})
        sub = subsample_stability(dtm, model, k, n_subsamples=n_subsamples, seed=seed, n_terms=n_terms)
        subs += [{"k": int(k), **r} for r in sub.to_dict("records")]
    return Sweep(model, pd.DataFrame(runs), pd.DataFrame(pairs), pd.DataFrame(subs), models)


def summarise_sweep(sweep: Sweep, seeds: list[int] | None = None, ks=None) -> pd.DataFrame:
    """One row per **k**: ``coherence`` (held-out, mean over seeds and halves), ``coherence_sd``, ``baseline``,
    ``above_baseline`` (coherence - baseline), ``stability`` / ``stability_min`` (matched cosine between seeds
    fitted to the same half: mean / worst pair), ``subsample`` / ``subsample_min`` (Greene agreement),
    ``n_seeds``. ``seeds`` and ``ks`` restrict the summary to a seed set / a k range."""
    runs, pairs = sweep.runs, sweep.pairs
    if seeds is not None:
        runs = runs[runs["seed"].isin(seeds)]
        pairs = pairs[pairs["seed_a"].isin(seeds) & pairs["seed_b"].isin(seeds)]
    if ks is not None:
        runs, pairs = runs[runs["k"].isin(list(ks))], pairs[pairs["k"].isin(list(ks))]
    out = runs.groupby("k").agg(coherence=("coherence", "mean"), coherence_sd=("coherence", "std"),
                                baseline=("baseline", "mean"), n_seeds=("seed", "nunique"))
    out["above_baseline"] = out["coherence"] - out["baseline"]
    st = pairs.groupby("k")["similarity"].agg(["mean", "min"]).rename(columns={"mean": "stability",
                                                                             "min": "stability_min"})
    sub = sweep.subsamples.groupby("k")["agreement"].agg(["mean", "min"]).rename(
        columns={"mean": "subsample", "min": "subsample_min"})
    out = out.join(st).join(sub).reset_index()
    return out[["k", "coherence", "coherence_sd", "baseline", "above_baseline", "stability", "stability_min",
                "subsample", "subsample_min", "n_seeds"]]


RULE_CRITERIA = ("coherence", "stability", "subsample")
"""The criteria the k rule ranks on (held-out coherence, seed stability, subsample stability)."""


def choose_k(summary: pd.DataFrame, decimals: int = 3) -> tuple[int, pd.DataFrame]:
    """The k that the documented rule picks from :func:`summarise_sweep`, and one row per **k** showing why.

    Rule: rank the k values on each of :data:`RULE_CRITERIA` (1 = best; values rounded to ``decimals``,
    equal values share the better rank), take the mean rank, choose the lowest; a tie goes to the higher
    seed stability, then to the smaller k.
    """
    t = summary[["k", *RULE_CRITERIA]].copy()
    for c in RULE_CRITERIA:
        t[c] = t[c].round(decimals)
        t[f"{c}_rank"] = t[c].rank(ascending=False, method="min").astype(int)
    t["mean_rank"] = t[[f"{c}_rank" for c in RULE_CRITERIA]].mean(axis=1).round(6)
    t = t.sort_values(["mean_rank", "stability", "k"], ascending=[True, False, True], kind="stable")
    t = t.reset_index(drop=True)
    t["chosen"] = t.index == 0
    return int(t.loc[0, "k"]), t


def selection_grid(sweep: Sweep, seed_sets: dict[str, list[int]], k_ranges: dict[str, list[int]]) -> pd.DataFrame:
    """One row per **seed set x k range**: the k the rule (:func:`choose_k`) picks on that part of the sweep.

    Columns ``seed_set``, ``k_range``, ``chosen_k``, ``runner_up``."""
    rows = []
    for (sname, seeds), (rname, ks) in itertools.product(seed_sets.items(), k_ranges.items()):
        _, why = choose_k(summarise_sweep(sweep, seeds, ks))
        rows.append({"seed_set": sname, "k_range": rname, "chosen_k": int(why.loc[0, "k"]),
                     "runner_up": int(why.loc[1, "k"]) if len(why) > 1 else np.nan})
    return pd.DataFrame(rows)


def defensible_ks(grid: pd.DataFrame) -> pd.DataFrame:
    """One row per **k** the rule picked anywhere in ``grid``: ``k``, ``n_picked``, ``share`` (of the grid's
    rows); sorted by k. The modal k is the one with the largest ``n_picked`` (ties: smaller k)."""
    c = grid["chosen_k"].value_counts().sort_index()
    return pd.DataFrame({"k": c.index.astype(int), "n_picked": c.to_numpy(), "share": (c / len(grid)).to_numpy()})


def modal_k(defensible: pd.DataFrame) -> int:
    """The k picked most often in :func:`defensible_ks` (ties: the smaller k)."""
    return int(defensible.sort_values(["n_picked", "k"], ascending=[False, True]).iloc[0]["k"])


def coherence_vs_baseline(sweep: Sweep, k: int, dtm: DTM, halves: pd.Series, n_terms: int = 10,
                          n_boot: int = 200, seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """One row per **quantity** (``topics``, ``random baseline``, ``difference``) at one k: the held-out mean
    NPMI over all topics of all half-fitted runs, with a bootstrap interval (percentile, ``level``).

    Each of ``n_boot`` replicates resamples the runs (seed x half) with replacement and reweights the
    reference units with a Bayesian bootstrap (Rubin 1981: Dirichlet(1) weights instead of resampling,
    so that no unit, and none of its co-occurrences, drops out of a replicate; resampling units would
    bias NPMI down). The baseline term sets are drawn once per run (frequency-matched, as in
    :func:`sweep_k`) and rescored on every replicate; the difference is computed within each replicate.
    """
    half_of = halves.reindex(dtm.units["unit_id"].astype(str)).to_numpy()
    binary = dtm.binary.toarray()
    ref = {h: binary[half_of == h] for h in ("a", "b")}
    rng = np.random.default_rng(seed)
    runs = []  # (scored-on half, topic sets, baseline sets)
    for _, h, tm, _ in sweep.models[k]:
        idx = top_indices(tm, n_terms)
        runs.append(("b" if h == "a" else "a", idx, random_sets(idx, binary[half_of == h].sum(axis=0), rng)))

    def score(weights, pick):
        mats = {h: npmi_matrix(ref[h], weights[h]) for h in ref}
        t = np.concatenate([_set_scores(mats[runs[i][0]], runs[i][1]) for i in pick])
        b = np.concatenate([_set_scores(mats[runs[i][0]], runs[i][2]) for i in pick])
        return t.mean(), b.mean()

    est = score({h: None for h in ref}, range(len(runs)))
    boot = np.array([score({h: len(r) * rng.dirichlet(np.ones(len(r))) for h, r in ref.items()},
                           rng.integers(0, len(runs), len(runs))) for _ in range(n_boot)])
    q = [(1 - level) / 2, (1 + level) / 2]
    rows = []
    for name, e, b in (("topics", est[0], boot[:, 0]), ("random baseline", est[1], boot[:, 1]),
                       ("difference", est[0] - est[1], boot[:, 0] - boot[:, 1])):
        lo, hi = np.quantile(b, q)
        rows.append({"quantity": name, "npmi": float(e), "low": float(lo), "high": float(hi)})
    return pd.DataFrame(rows)


def heldout_topic_coherence(tm: TopicModel, sweep: Sweep, threshold: float = 0.7) -> pd.DataFrame:
    """One row per **topic** of a full-data model ``tm``: ``n_half_runs`` (half-fitted runs at tm's k in which
    its Hungarian-matched topic has cosine >= ``threshold``), ``of`` (all half-fitted runs), ``median_cosine``
    (of the matched topic, over all half-fitted runs), ``heldout_npmi``
    (median held-out coherence of those matched topics; NaN if none)."""
    vals = {t: [] for t in tm.labels}
    cos = {t: [] for t in tm.labels}
    runs = sweep.models.get(tm.k, [])
    for _, _, m, per_topic in runs:
        sim = cosine_matrix(tm.topic_terms, m.topic_terms)
        for i, j in hungarian(sim):
            cos[tm.labels[i]].append(sim[i, j])
            if sim[i, j] >= threshold:
                vals[tm.labels[i]].append(per_topic[j])
    return pd.DataFrame({"topic": tm.labels, "n_half_runs": [len(vals[t]) for t in tm.labels],
                         "of": len(runs), "median_cosine": [float(np.median(cos[t])) if cos[t] else np.nan
                                                            for t in tm.labels],
                         "heldout_npmi": [float(np.median(vals[t])) if vals[t] else np.nan for t in tm.labels]})


def cosine_null(a: TopicModel, b: TopicModel, n_perm: int = 500, seed: int = 0) -> pd.DataFrame:
    """One row per **statistic** comparing the topics of two models on one vocabulary: the mean cosine of
    Hungarian-matched pairs and of unmatched pairs, and the matched mean expected by chance (``b``'s term
    columns permuted, one permutation for all its topics, ``n_perm`` times). Columns ``statistic``,
    ``value``, ``null_mean``, ``null_95``, ``p_value`` (one-sided, (1 + #null >= value) / (1 + n_perm))."""
    sim = cosine_matrix(a.topic_terms, b.topic_terms)
    pairs = hungarian(sim)
    matched = float(np.mean([sim[i, j] for i, j in pairs]))
    mask = np.ones_like(sim, dtype=bool)
    for i, j in pairs:
        mask[i, j] = False
    unmatched = float(sim[mask].mean()) if mask.any() else np.nan
    rng = np.random.default_rng(seed)
    null = np.array([matched_similarity(a.topic_terms, b.topic_terms[:, rng.permutation(b.topic_terms.shape[1])])
                     for _ in range(n_perm)])
    return pd.DataFrame([
        {"statistic": "matched pairs, mean cosine", "value": matched, "null_mean": float(null.mean()),
         "null_95": float(np.quantile(null, 0.95)),
         "p_value": float((1 + (null >= matched - 1e-12).sum()) / (1 + n_perm))},
        {"statistic": "unmatched pairs, mean cosine", "value": unmatched, "null_mean": np.nan, "null_95": np.nan,
         "p_value": np.nan}])


def unit_agreement(ua: pd.DataFrame, ub: pd.DataFrame, matches: pd.DataFrame) -> float:
    """Share of **units** whose top topic in model a is matched (:func:`match_topics`) to their top topic in b."""
    mapping = dict(zip(matches["topic_a"], matches["topic_b"]))
    joined = ua[["unit_id", "top_topic"]].merge(ub[["unit_id", "top_topic"]], on="unit_id", suffixes=("_a", "_b"))
    return float((joined["top_topic_a"].map(mapping) == joined["top_topic_b"]).mean())


def agreement_null(ua: pd.DataFrame, ub: pd.DataFrame, matches: pd.DataFrame, n_perm: int = 1000,
                   seed: int = 0) -> dict:
    """Unit agreement (:func:`unit_agreement`) and what chance gives: ``b``'s top topics shuffled over the units
    (topic sizes kept), ``n_perm`` times. Returns ``value``, ``null_mean``, ``null_95``, ``p_value``."""
    obs = unit_agreement(ua, ub, matches)
    rng = np.random.default_rng(seed)
    ub = ub[["unit_id", "top_topic"]].sort_values("unit_id").reset_index(drop=True)
    null = []
    for _ in range(n_perm):
        null.append(unit_agreement(ua, ub.assign(top_topic=rng.permutation(ub["top_topic"].to_numpy())), matches))
    null = np.array(null)
    return {"value": obs, "null_mean": float(null.mean()), "null_95": float(np.quantile(null, 0.95)),
            "p_value": float((1 + (null >= obs - 1e-12).sum()) / (1 + n_perm))}
