"""Re-tuning the frame dictionary inside cross-validation folds: stored split, stratified split, LODO.

The hand-written indicator lists of ``data/framing_codebook.yaml`` are fixed; what is *tuned* is defined
here, once, and re-run inside every fold on that fold's tuning paragraphs only:

1. **pruning** -- an indicator that matches at least one tuning paragraph is dropped when fewer than
   ``min_precision`` of the tuning paragraphs it matches are hand coded with its frame (its precision on the
   tuning paragraphs). An indicator that matches no tuning paragraph is kept: there is no evidence on it;
2. **threshold** -- a paragraph is predicted to carry the frame when at least ``k`` different kept
   indicators match it; ``k`` is chosen from ``thresholds`` to maximise F1 on the tuning paragraphs (ties:
   the smallest k; k = 1 when the tuning paragraphs have no positive).

Designs (:func:`cross_fitted`): the stored tuning/test split; a split *stratified by frame* (iterative
multilabel stratification, Sechidis, Tsoumakas & Vlahavas 2011, two folds, fixed seed), each half predicted
from the other and the predictions pooled; and *leave-one-document-out* (LODO: tune on four documents'
paragraphs, predict the fifth, pool over the five folds). Units of analysis: :func:`cross_fitted` one row per
**design x paragraph x frame**, :func:`design_agreement` one row per **design x frame**, :func:`tuning_log`
one row per **design x fold x frame**, :func:`repeated_stratified` one row per **frame**.

Limit: the indicator lists were drafted by a coder who had read every paragraph and were adjusted on the
stored tuning half; they are not re-drafted per fold. Only the two automatic steps above are re-run, so
the LODO and stratified figures measure how well the *tuning* generalises, not the drafting.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.stats.reliability import binary_stats
from helpers.framing.validation import BOOT_SEED, MIN_POSITIVE, N_BOOT, doc_of, pair_stats

MIN_PRECISION = 0.5
"""Pruning: an indicator whose precision on the tuning paragraphs is below this is dropped."""
THRESHOLDS = (1, 2, 3)
"""Candidate numbers of distinct matching indicators needed to predict a frame."""
STRAT_SEED = 2026
"""Seed of the stratified split."""


# --------------------------------------------------------------------------------------------------------------
# The indicator matrix and the tuning rule
# --------------------------------------------------------------------------------------------------------------

def indicator_matrices(hits: pd.DataFrame, unit_ids: list[str], frames: list[str]) -> dict:
    """Per **frame**: (indicators, a paragraphs x indicators 0/1 matrix) from :func:`helpers.framing.
    indicator_hits` (current indicators only), rows in the order of ``unit_ids``."""
    h = hits[hits["status"] == "current"]
    pos = {u: i for i, u in enumerate(unit_ids)}
    out = {}
    for fr in frames:
        d = h[(h["frame"] == fr) & h["unit_id"].isin(pos)]
        inds = sorted(d["indicator"].unique())
        col = {t: j for j, t in enumerate(inds)}
        m = np.zeros((len(unit_ids), len(inds)), dtype=int)
        m[d["unit_id"].map(pos).to_numpy(dtype=int), d["indicator"].map(col).to_numpy(dtype=int)] = 1
        out[fr] = (inds, m)
    return out


def tune(m: np.ndarray, y: np.ndarray, train: np.ndarray, min_precision: float = MIN_PRECISION,
         thresholds: tuple[int, ...] = THRESHOLDS) -> tuple[np.ndarray, int]:
    """The tuning rule on one frame: ``(kept, k)``. ``m`` is paragraphs x indicators (0/1), ``y`` the hand
    codes, ``train`` a bool mask of the tuning paragraphs. See the module docstring."""
    mt, yt = m[train], y[train]
    n_hit = mt.sum(axis=0)
    prec = np.where(n_hit > 0, (mt * yt[:, None]).sum(axis=0) / np.maximum(n_hit, 1), 1.0)
    kept = prec >= min_precision
    counts = mt[:, kept].sum(axis=1)
    best, best_k = -1.0, thresholds[0]
    if yt.sum() > 0:
        for k in thresholds:
            f1 = float(binary_stats(yt, (counts >= k).astype(int))["f1"])
            if f1 > best + 1e-12:
                best, best_k = f1, k
    return kept, best_k


def predict(m: np.ndarray, kept: np.ndarray, k: int) -> np.ndarray:
    """0/1 per **paragraph**: at least ``k`` of the kept indicators match."""
    return (m[:, kept].sum(axis=1) >= k).astype(int)


# --------------------------------------------------------------------------------------------------------------
# Folds
# --------------------------------------------------------------------------------------------------------------

def stratified_folds(y: np.ndarray, n_folds: int = 2, seed: int = STRAT_SEED) -> np.ndarray:
    """One fold number per **paragraph**, by iterative multilabel stratification (Sechidis et al. 2011):
    ``y`` is paragraphs x frames (0/1). The frame with the fewest unassigned positives is placed first, each
    of its paragraphs into the fold that still needs most of that frame (ties: the fold that needs most
    paragraphs, then the lower number after a seeded shuffle); paragraphs without any frame fill the folds
    up at the end. Deterministic for a given seed."""
    y = np.asarray(y, dtype=int)
    n, n_lab = y.shape
    rng = np.random.default_rng(seed)
    order = rng.permutation(n)
    fold_rank = rng.permutation(n_folds)          # seeded tie-break between folds
    need = np.full(n_folds, n / n_folds)
    need_lab = np.tile(y.sum(axis=0) / n_folds, (n_folds, 1))
    fold = np.full(n, -1)
    while (fold < 0).any():
        left = order[fold[order] < 0]
        remaining = y[left].sum(axis=0)
        if remaining.sum() == 0:
            for i in left:
                f = max(range(n_folds), key=lambda j: (need[j], -fold_rank[j]))
                fold[i], need[f] = f, need[f] - 1
            break
        lab = min((c, j) for j, c in enumerate(remaining) if c > 0)[1]
        for i in left[y[left, lab] == 1]:
            f = max(range(n_folds), key=lambda j: (need_lab[j, lab], need[j], -fold_rank[j]))
            fold[i] = f
            need[f] -= 1
            need_lab[f] -= y[i]
    return fold


def design_folds(hand: pd.DataFrame, frames: list[str], seed: int = STRAT_SEED) -> dict[str, np.ndarray]:
    """Per **design**, a fold label per paragraph of ``hand`` (row order); paragraphs labelled ``None`` are
    never predicted, ``"all"`` means tune on every labelled paragraph and predict the same ones."""
    split = hand["split"].to_numpy()
    return {"stored split: tuning half (in-sample)": np.where(split == "tuning", "all", None),
            "stored split: test half": np.where(split == "test", "test", None),
            "stratified 2-fold (pooled)": stratified_folds(hand[frames].to_numpy(), 2, seed).astype(str),
            "leave one document out (pooled)": doc_of(hand["unit_id"])}


def cross_fitted(hand: pd.DataFrame, hits: pd.DataFrame, frames: list[str], seed: int = STRAT_SEED,
                 min_precision: float = MIN_PRECISION, thresholds: tuple[int, ...] = THRESHOLDS,
                 folds: dict[str, np.ndarray] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Out-of-fold predictions and the tuning decisions, for every design of :func:`design_folds`.

    Returns ``(pred, log)``: ``pred`` one row per **design x paragraph x frame** (``design``, ``unit_id``,
    ``frame``, ``fold``, ``hand``, ``predicted``); ``log`` one row per **design x fold x frame** (``k``,
    ``kept``, ``dropped`` indicators, ``tuning_positives``). In the stored-split test design the tuning
    paragraphs are the tuning half; in the pooled designs they are all paragraphs outside the fold."""
    ids = list(hand["unit_id"])
    mats = indicator_matrices(hits, ids, frames)
    folds = folds or design_folds(hand, frames, seed)
    split = hand["split"].to_numpy()
    preds, logs = [], []
    for design, lab in folds.items():
        for f in sorted({v for v in lab if v is not None}):
            test = lab == f
            train = (split == "tuning") if f in ("all", "test") else (lab != f) & (lab != None)  # noqa: E711
            for fr in frames:
                inds, m = mats[fr]
                y = hand[fr].to_numpy(dtype=int)
                kept, k = tune(m, y, train, min_precision, thresholds)
                p = predict(m, kept, k)
                preds += [(design, ids[i], fr, f, int(y[i]), int(p[i])) for i in np.flatnonzero(test)]
                logs.append({"design": design, "fold": f, "frame": fr, "k": k, "kept": int(kept.sum()),
                             "dropped": ", ".join(t for t, kk in zip(inds, kept) if not kk),
                             "tuning_positives": int(y[train].sum())})
    pred = pd.DataFrame(preds, columns=["design", "unit_id", "frame", "fold", "hand", "predicted"])
    return pred, pd.DataFrame(logs)


def as_written(hand: pd.DataFrame, hits: pd.DataFrame, frames: list[str]) -> pd.DataFrame:
    """The dictionary as it stands (every current indicator, k = 1, nothing tuned), in the shape of
    :func:`cross_fitted`'s ``pred`` with design ``"as written: test half"`` (one row per **paragraph x frame**)."""
    ids = list(hand["unit_id"])
    mats = indicator_matrices(hits, ids, frames)
    test = hand["split"].to_numpy() == "test"
    rows = []
    for fr in frames:
        _, m = mats[fr]
        p = (m.sum(axis=1) >= 1).astype(int)
        y = hand[fr].to_numpy(dtype=int)
        rows += [("as written: test half", ids[i], fr, "test", int(y[i]), int(p[i])) for i in np.flatnonzero(test)]
    return pd.DataFrame(rows, columns=["design", "unit_id", "frame", "fold", "hand", "predicted"])


# --------------------------------------------------------------------------------------------------------------
# Scores
# --------------------------------------------------------------------------------------------------------------

def design_agreement(pred: pd.DataFrame, n_boot: int = N_BOOT, seed: int = BOOT_SEED,
                     min_positive: int = MIN_POSITIVE) -> pd.DataFrame:
    """One row per **design x frame**: pooled out-of-fold predictions against the hand coding, with
    :func:`helpers.framing.validation.pair_stats` (precision, recall, F1, kappa; paragraph and document-cluster
    bootstrap intervals; ``estimable``). The intervals hold the tuning fixed: they resample the pooled
    predictions, not the tuning."""
    rows = []
    for (design, fr), d in pred.groupby(["design", "frame"], sort=False):
        st = pair_stats(d["hand"].to_numpy(), d["predicted"].to_numpy(), doc_of(d["unit_id"]), n_boot, seed,
                        min_positive)
        if st["hand_pos"] == 0:
            st["kappa"] = np.nan
        rows.append({"design": design, "frame": fr, **st})
    return pd.DataFrame(rows)


def _cell(r: pd.Series, stat: str) -> str:
    if pd.isna(r[stat]):
        return "undefined"
    if not r["estimable"]:
        return f"{r[stat]:.2f} (n.e., {int(r['hand_pos'])}+)"
    if pd.isna(r[f"{stat}_lo"]):
        return f"{r[stat]:.2f}"
    lo, hi = round(float(r[f"{stat}_lo"]), 2), round(float(r[f"{stat}_hi"]), 2)
    return f"{r[stat]:.2f} [{lo:.2f}, {hi:.2f}]" + ("†" if lo == hi else "")


def side_by_side(table: pd.DataFrame, stat: str = "kappa", frames: list[str] | None = None) -> pd.DataFrame:
    """One row per **frame**, one column per design: ``stat [lo, hi]`` (paragraph bootstrap), or the value
    marked ``n.e.`` (not estimable) with its number of positive paragraphs (``3+``); ``†`` marks a
    zero-width interval (no resample differs: not a sign of precision)."""
    t = table.assign(cell=[_cell(r, stat) for _, r in table.iterrows()])
    out = t.pivot(index="frame", columns="design", values="cell")
    out = out[list(dict.fromkeys(table["design"]))]
    out.columns.name = f"{stat} [95 % paragraph bootstrap]"
    return out.reindex(frames) if frames else out


TEST_HALF_DESIGNS = {"stratified 2-fold (pooled)": "stratified 2-fold: test-half paragraphs",
                     "leave one document out (pooled)": "leave one document out: test-half paragraphs"}
"""The pooled designs, and their names when scored on the stored test half's paragraphs only."""


def on_test_half(pred: pd.DataFrame, hand: pd.DataFrame) -> pd.DataFrame:
    """The pooled designs' out-of-fold predictions (one row per **paragraph x frame**) restricted to the
    paragraphs of the stored test half, renamed by :data:`TEST_HALF_DESIGNS`. The pooled figures include the
    tuning half, whose paragraphs the indicator lists were drafted and adjusted on (in-sample); these rows do
    not, so they are comparable with the stored split's test half."""
    test_ids = set(hand.loc[hand["split"] == "test", "unit_id"])
    d = pred[pred["design"].isin(TEST_HALF_DESIGNS) & pred["unit_id"].isin(test_ids)]
    return d.assign(design=d["design"].map(TEST_HALF_DESIGNS))


def repeated_stratified(hand: pd.DataFrame, hits: pd.DataFrame, frames: list[str], n_repeats: int = 20,
                        seed: int = STRAT_SEED, min_precision: float = MIN_PRECISION) -> pd.DataFrame:
    """One row per **frame**: kappa of the pooled stratified 2-fold predictions over ``n_repeats`` splits
    (seeds ``seed``, ``seed + 1``, ...): median, minimum and maximum over all paragraphs (``median``,
    ``min``, ``max``) and over the stored test half's paragraphs only (``*_test``). Shows how much the figure
    depends on the one split drawn: the seed-to-seed range is the yardstick for any difference between
    designs."""
    test = (hand["split"] == "test").to_numpy()
    test_ids = set(hand.loc[test, "unit_id"])
    ks = []
    for r in range(n_repeats):
        lab = stratified_folds(hand[frames].to_numpy(), 2, seed + r).astype(str)
        pred, _ = cross_fitted(hand, hits, frames, folds={"s": lab}, min_precision=min_precision)
        for fr, d in pred.groupby("frame", sort=False):
            t = d[d["unit_id"].isin(test_ids)]
            ks.append({"frame": fr, "repeat": r,
                       "kappa": float(binary_stats(d["hand"].to_numpy(), d["predicted"].to_numpy())["kappa"]),
                       "kappa_test": float(binary_stats(t["hand"].to_numpy(), t["predicted"].to_numpy())["kappa"])})
    k = pd.DataFrame(ks)
    g = k.groupby("frame", sort=False)
    out = pd.concat([g["kappa"].agg(median="median", min="min", max="max"),
                     g["kappa_test"].agg(median_test="median", min_test="min", max_test="max")], axis=1).reset_index()
    return out.assign(repeats=n_repeats)


def lodo_against_seeds(table: pd.DataFrame, rep: pd.DataFrame, frames: list[str], test_half: bool = True,
                       min_positive: int = MIN_POSITIVE) -> pd.DataFrame:
    """One row per **frame** with ``min_positive`` positives: the LODO kappa (test-half paragraphs, or pooled with
    ``test_half=False``) beside the stratified split's seed-to-seed range from :func:`repeated_stratified`
    (``seed_min``, ``seed_max``), its width, and whether the LODO figure equals the minimum of that range
    (``at_min``, compared at two decimals). A range of point estimates over seeds is not a paired test of LODO
    against the stratified split: a LODO figure inside it, or at its edge, cannot be told from another draw."""
    b = "leave one document out (pooled)"
    if test_half:
        b = TEST_HALF_DESIGNS[b]
    lo_c, hi_c = ("min_test", "max_test") if test_half else ("min", "max")
    t = table[table["design"] == b].set_index("frame")
    r = rep.set_index("frame")
    rows = []
    for f in frames:
        if f not in t.index or f not in r.index or int(t.at[f, "hand_pos"]) < min_positive:
            continue
        k, a, z = round(float(t.at[f, "kappa"]), 2), round(float(r.at[f, lo_c]), 2), round(float(r.at[f, hi_c]), 2)
        rows.append({"frame": f, "lodo": k, "seed_min": a, "seed_max": z, "width": round(z - a, 2),
                     "inside": a <= k <= z, "at_min": k == a})
    return pd.DataFrame(rows, columns=["frame", "lodo", "seed_min", "seed_max", "width", "inside", "at_min"])
