"""Validation of frame codings: the dictionary against hand coding, and one hand coding against another.

Units of analysis (every function returns a tidy DataFrame and says which):

* :func:`pair_stats` -- precision, recall, F1, kappa and alpha of one 0/1 coding against another, with
  bootstrap intervals (the re-tuned designs of :mod:`helpers.framing.cv` are scored with it);
* :func:`coder_agreement` -- one row per **frame**: Krippendorff's alpha and Cohen's kappa between two
  codings, with bootstrap intervals;
* :func:`pair_kappas` -- one row per **frame x pair of codings** (dictionary vs coder A, vs coder B, coder A vs
  coder B, ...), all resampled with the same draws;
* :func:`kappa_differences` -- one row per **frame**: the difference of two such kappas, with paired intervals;
* :func:`lone_disagreements` -- one row per **frame x document**: paragraphs on which only one of two codings
  disagrees with a reference (the counts behind a paired exact test);
* :func:`paired_exact` -- one row per **frame**: McNemar's exact test on those counts, with Holm's correction
  and what is left with any one document left out;
* :func:`chance_exact` -- one row per **frame**: Fisher's exact test of one coding against another (is kappa
  above chance?), with Holm's correction and kappa with any one document left out;
* :func:`gap_without_each_document` -- one row per **frame x document left out**: a difference of two kappas
  without that document's paragraphs;
* :func:`coder_disagreements` -- one row per **paragraph x frame** on which two codings differ;
* :func:`adjudication_table` -- one row per **disputed paragraph x frame**, with both adjudications;
* :func:`leak_audit` -- one row per **indicator** that matches test paragraphs only.

Intervals are 95 % percentile bootstrap intervals (:data:`N_BOOT` draws, seed :data:`BOOT_SEED`), computed
with :mod:`helpers.stats.reliability`: once over paragraphs, and once over documents (a *cluster bootstrap*:
whole documents drawn, their paragraphs kept together). Paragraphs of one article are not independent, so
the paragraph bootstrap is too narrow; with five documents the cluster bootstrap has only 126 distinct
resamples and is crude too. Frames with fewer than :data:`MIN_POSITIVE` positive paragraphs get no interval.
Reading the coding files: :mod:`helpers.framing.codings`; re-tuning inside folds: :mod:`helpers.framing.cv`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from scipy.stats import binomtest, fisher_exact

from helpers.framing.collocates import adjust_p
from helpers.stats.reliability import binary_stats, bootstrap_weights, krippendorff_alpha_nominal, percentile_interval

BOOT_SEED = 2026
"""Default seed of every bootstrap here."""
N_BOOT = 2000
"""Default number of bootstrap draws."""
MIN_POSITIVE = 5
"""Below this many hand-coded positive paragraphs a frame's figures are shown without intervals, as not
estimable: one or two positives give intervals such as [1.00, 1.00] that only look precise."""
STATS = ("precision", "recall", "f1", "kappa", "alpha")


# --------------------------------------------------------------------------------------------------------------
# Statistics on 0/1 pairs, vectorised over bootstrap draws
# --------------------------------------------------------------------------------------------------------------

def _interval(draws: np.ndarray) -> tuple[float, float]:
    """95 % percentile interval; (NaN, NaN) when the figure is undefined in most draws."""
    return percentile_interval(draws, 0.95, min_defined=0.5)


def doc_of(unit_ids) -> np.ndarray:
    """The document of each **paragraph** id (``doc:pNN`` -> ``doc``): the cluster of the cluster bootstrap."""
    return pd.Series(list(unit_ids), dtype=str).str.split(":").str[0].to_numpy()


def pair_stats(y: np.ndarray, x: np.ndarray, docs: np.ndarray, n_boot: int = N_BOOT, seed: int = BOOT_SEED,
               min_positive: int = MIN_POSITIVE) -> dict:
    """Agreement of 0/1 codes ``x`` with reference codes ``y`` on the same **paragraphs**: counts, precision,
    recall, F1, kappa and alpha, each with two 95 % percentile intervals: paragraphs resampled (``*_lo``,
    ``*_hi``) and whole documents resampled, their paragraphs kept together (``*_lo_doc``, ``*_hi_doc``;
    ``docs`` names each paragraph's document). ``prevalence`` is the share of reference positives and
    ``f1_all_positive`` the F1 of marking every paragraph positive (the chance baseline of F1). Both use ``n_boot`` draws with ``seed``. ``estimable`` is
    False when ``y`` has fewer than ``min_positive`` 1s: the intervals are then NaN, because a resample of
    one or two positive paragraphs gives intervals such as [1.00, 1.00] that look precise and are not."""
    y, x = np.asarray(y, dtype=int), np.asarray(x, dtype=int)
    st = {k: float(v) for k, v in binary_stats(y, x).items()}
    hp = int(y.sum())
    prev = hp / len(y) if len(y) else np.nan
    row = {"n": len(y), "hand_pos": hp, "dict_pos": int(x.sum()), "tp": int((y & x).sum()), **st,
           "prevalence": prev, "f1_all_positive": 2 * prev / (1 + prev) if len(y) else np.nan,
           "estimable": hp >= min_positive}
    wp = bootstrap_weights(len(y), n_boot, seed) if len(y) else None
    wd = bootstrap_weights(len(y), n_boot, seed, groups=docs) if len(y) else None
    bp = binary_stats(y, x, wp) if wp is not None else {}
    bd = binary_stats(y, x, wd) if wd is not None else {}
    for k in STATS:
        ok = row["estimable"] and wp is not None
        row[f"{k}_lo"], row[f"{k}_hi"] = _interval(bp[k]) if ok else (np.nan, np.nan)
        row[f"{k}_lo_doc"], row[f"{k}_hi_doc"] = _interval(bd[k]) if ok else (np.nan, np.nan)
    return row


# --------------------------------------------------------------------------------------------------------------
# Indicators that match test paragraphs only
# --------------------------------------------------------------------------------------------------------------


def leak_audit(hits: pd.DataFrame, hand: pd.DataFrame, definitions: dict[str, str]) -> pd.DataFrame:
    """One row per **indicator** (current or removed) whose matches fall in test paragraphs only.

    ``hits`` is :func:`helpers.framing.indicator_hits`. Columns: ``frame``, ``indicator``, ``status``,
    ``test_paragraphs`` (ids), ``n_test``, ``in_guide`` (does the indicator's stem appear in
    ``definitions[frame]``, the coding guide's definition from :func:`helpers.framing.codings.guide_definitions`?
    If so it *could* have come from the guide rather than from a test paragraph; the guide's author had read the
    articles, so it is not proof either way). Frames without a definition (metaphor
    families, which are not validated) are left out. Sorted by frame (order of ``definitions``), indicator."""
    split = hand.set_index("unit_id")["split"]
    h = hits.assign(split=hits["unit_id"].map(split)).dropna(subset=["split"])
    g = h.groupby(["frame", "indicator", "status"], sort=False)
    only = g["split"].agg(lambda s: set(s) == {"test"})
    rows = []
    for (fr, ind, status), is_only in only.items():
        if not is_only or fr not in definitions:
            continue
        ids = sorted(h.loc[(h["frame"] == fr) & (h["indicator"] == ind), "unit_id"].unique())
        stem = ind.removeprefix("re:").rstrip("*").lower()
        rows.append({"frame": fr, "indicator": ind, "status": status, "test_paragraphs": ", ".join(ids),
                     "n_test": len(ids), "in_guide": stem in definitions[fr]})
    out = pd.DataFrame(rows, columns=["frame", "indicator", "status", "test_paragraphs", "n_test", "in_guide"])
    order = {f: i for i, f in enumerate(definitions)}
    return out.sort_values(["frame", "indicator"], key=lambda c: c.map(order) if c.name == "frame" else c,
                           kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------------------------
# Codings against each other
# --------------------------------------------------------------------------------------------------------------

def coder_agreement(first: pd.DataFrame, second: pd.DataFrame, frames: list[str], unit_ids: list[str] | None = None,
                    n_boot: int = N_BOOT, seed: int = BOOT_SEED, min_positive: int = MIN_POSITIVE) -> pd.DataFrame:
    """One row per **frame**: agreement of two independent codings of the same paragraphs.

    Columns: ``frame``, ``n`` (paragraphs both coded), ``pos_first``, ``pos_second``, ``agree`` (share of
    paragraphs coded alike), ``alpha`` (Krippendorff's alpha, nominal, :func:`helpers.stats.reliability.
    krippendorff_alpha_nominal`), ``kappa`` (Cohen's), each with a 95 % bootstrap interval over paragraphs
    (``*_lo``, ``*_hi``) and over documents (``*_lo_doc``, ``*_hi_doc``), and ``estimable`` (False, and no
    intervals, when either coding has fewer than ``min_positive`` positive paragraphs). ``unit_ids``
    restricts the paragraphs (e.g. the test half)."""
    ids = sorted(set(first["unit_id"]) & set(second["unit_id"]))
    if unit_ids is not None:
        ids = [i for i in ids if i in set(unit_ids)]
    a, b = first.set_index("unit_id").loc[ids], second.set_index("unit_id").loc[ids]
    docs = doc_of(ids)
    rows = []
    for fr in [f for f in frames if f in a.columns and f in b.columns]:
        y, x = a[fr].to_numpy(dtype=int), b[fr].to_numpy(dtype=int)
        ok = min(int(y.sum()), int(x.sum())) >= min_positive
        st = pair_stats(y, x, docs, n_boot, seed, min_positive=0 if ok else len(y) + 1)
        row = {"frame": fr, "n": len(ids), "pos_first": int(y.sum()), "pos_second": int(x.sum()),
               "agree": float((y == x).mean()), "alpha": krippendorff_alpha_nominal(np.column_stack([y, x])),
               "kappa": st["kappa"], "estimable": ok}
        for k in ("alpha", "kappa"):
            for c in ("lo", "hi", "lo_doc", "hi_doc"):
                row[f"{k}_{c}"] = st[f"{k}_{c}"]
        rows.append(row)
    return pd.DataFrame(rows, columns=["frame", "n", "pos_first", "pos_second", "agree", "alpha", "alpha_lo",
                                       "alpha_hi", "alpha_lo_doc", "alpha_hi_doc", "kappa", "kappa_lo", "kappa_hi",
                                       "kappa_lo_doc", "kappa_hi_doc", "estimable"])


def coder_disagreements(first: pd.DataFrame, second: pd.DataFrame, frames: list[str]) -> pd.DataFrame:
    """One row per **paragraph x frame** on which two codings differ: ``unit_id``, ``frame``, ``first``,
    ``second`` (0/1), ``note_first``, ``note_second``. Sorted by unit_id, then frame order."""
    ids = sorted(set(first["unit_id"]) & set(second["unit_id"]))
    a, b = first.set_index("unit_id").loc[ids], second.set_index("unit_id").loc[ids]
    rows = []
    for uid in ids:
        for fr in [f for f in frames if f in a.columns and f in b.columns]:
            if int(a.at[uid, fr]) != int(b.at[uid, fr]):
                rows.append({"unit_id": uid, "frame": fr, "first": int(a.at[uid, fr]), "second": int(b.at[uid, fr]),
                             "note_first": a.at[uid, "note"] if "note" in a.columns else "",
                             "note_second": b.at[uid, "note"] if "note" in b.columns else ""})
    return pd.DataFrame(rows, columns=["unit_id", "frame", "first", "second", "note_first", "note_second"])


def pair_kappas(codes: dict[str, pd.DataFrame], pairs: list[tuple[str, str]], frames: list[str],
                unit_ids: list[str], n_boot: int = N_BOOT, seed: int = BOOT_SEED,
                min_positive: int = MIN_POSITIVE, undefined_as: float | None = None) -> pd.DataFrame:
    """One row per **frame x pair of codings**: Cohen's kappa of the two codings on the paragraphs ``unit_ids``.

    ``codes`` maps a name (``"dictionary"``, ``"coder A"``, ...) to a table indexed by ``unit_id`` with one 0/1
    column per frame; ``pairs`` lists the pairs to compare. Every pair is resampled with the same draws, so
    their intervals (and :func:`kappa_differences`) are paired. Columns: ``frame``, ``pair`` ("x vs y"),
    ``n``, ``pos_x``, ``pos_y`` (positives of each), ``kappa``, ``kappa_lo``/``kappa_hi`` (paragraphs
    resampled) and ``kappa_lo_doc``/``kappa_hi_doc`` (documents resampled), ``estimable`` (the second coding of the pair, the
    reference, has at least ``min_positive`` positives; otherwise no interval), and ``undefined``/``undefined_doc``:
    the draws left out of each interval because kappa is undefined in them (both codings the same constant: every
    resampled paragraph coded 0 by both, or 1 by both). ``undefined_as`` counts those draws as this kappa instead
    of leaving them out (a sensitivity check: 0 = chance, 1 = perfect agreement). A dictionary that finds few
    paragraphs is not excused by the ``estimable`` rule: its failure to find them is what the kappa measures."""
    docs = doc_of(unit_ids)
    wp = bootstrap_weights(len(unit_ids), n_boot, seed)
    wd = bootstrap_weights(len(unit_ids), n_boot, seed, groups=docs)
    rows = []
    for fr in frames:
        for x, y in pairs:
            a = codes[x].loc[unit_ids, fr].to_numpy(dtype=int)
            b = codes[y].loc[unit_ids, fr].to_numpy(dtype=int)
            ok = b.sum() >= min_positive
            row = {"frame": fr, "pair": f"{x} vs {y}", "n": len(unit_ids), "pos_x": int(a.sum()),
                   "pos_y": int(b.sum()), "kappa": float(binary_stats(b, a)["kappa"]), "estimable": bool(ok)}
            for suffix, w in (("", wp), ("_doc", wd)):
                draws = binary_stats(b, a, w)["kappa"]
                row[f"undefined{suffix}"] = int(np.isnan(draws).sum()) if ok else 0
                if undefined_as is not None:
                    draws = np.where(np.isnan(draws), undefined_as, draws)
                lo_hi = _interval(draws) if ok else (np.nan, np.nan)
                row[f"kappa_lo{suffix}"], row[f"kappa_hi{suffix}"] = lo_hi
            rows.append(row)
    return pd.DataFrame(rows, columns=["frame", "pair", "n", "pos_x", "pos_y", "kappa", "kappa_lo", "kappa_hi",
                                       "kappa_lo_doc", "kappa_hi_doc", "estimable", "undefined", "undefined_doc"])


def kappa_differences(codes: dict[str, pd.DataFrame], first: tuple[str, str], second: tuple[str, str],
                      frames: list[str], unit_ids: list[str], n_boot: int = N_BOOT, seed: int = BOOT_SEED,
                      min_positive: int = MIN_POSITIVE, undefined_as: float | None = None) -> pd.DataFrame:
    """One row per **frame**: kappa of the pair ``first`` minus kappa of the pair ``second`` on the same
    paragraphs, with 95 % intervals from the same resamples of paragraphs (``diff_lo``, ``diff_hi``) and of
    whole documents (``diff_lo_doc``, ``diff_hi_doc``): a paired bootstrap of the difference. E.g. coder A vs
    coder B minus dictionary vs coder B: how far the dictionary falls short of the agreement of two readers.
    ``estimable`` as in :func:`pair_kappas` (both references have ``min_positive`` positives); ``undefined``,
    ``undefined_doc``: draws left out because a kappa is undefined in them; ``undefined_as`` counts such a kappa
    as this value instead (as in :func:`pair_kappas`)."""
    docs = doc_of(unit_ids)
    wp = bootstrap_weights(len(unit_ids), n_boot, seed)
    wd = bootstrap_weights(len(unit_ids), n_boot, seed, groups=docs)
    rows = []
    for fr in frames:
        col = {k: codes[k].loc[unit_ids, fr].to_numpy(dtype=int) for k in {*first, *second}}
        ok = min(col[first[1]].sum(), col[second[1]].sum()) >= min_positive

        def kappa(pair, w=None, fill=None):
            k = binary_stats(col[pair[1]], col[pair[0]], w)["kappa"]
            return k if fill is None else np.where(np.isnan(k), fill, k)
        row = {"frame": fr, "difference": float(kappa(first) - kappa(second)), "estimable": bool(ok)}
        for suffix, w in (("", wp), ("_doc", wd)):
            row[f"undefined{suffix}"] = int(np.isnan(kappa(first, w) - kappa(second, w)).sum()) if ok else 0
            draws = kappa(first, w, undefined_as) - kappa(second, w, undefined_as)
            lo_hi = _interval(draws) if ok else (np.nan, np.nan)
            row[f"diff_lo{suffix}"], row[f"diff_hi{suffix}"] = lo_hi
        rows.append(row)
    return pd.DataFrame(rows, columns=["frame", "difference", "diff_lo", "diff_hi", "diff_lo_doc", "diff_hi_doc",
                                       "estimable", "undefined", "undefined_doc"])


def lone_disagreements(codes: dict[str, pd.DataFrame], one: str, other: str, reference: str, frames: list[str],
                       unit_ids: list[str]) -> pd.DataFrame:
    """One row per **frame x document**: among the paragraphs ``unit_ids`` of that document, how many disagree
    with ``reference`` in ``one`` only (``only_one``: ``one`` differs from the reference, ``other`` agrees) and in
    ``other`` only (``only_other``). Paragraphs on which both or neither disagree carry no information on which
    of the two is closer to the reference; these two counts are what McNemar's exact test compares. Documents in
    order of first appearance in ``unit_ids``."""
    docs = pd.Series(doc_of(unit_ids), index=list(unit_ids))
    order = list(dict.fromkeys(docs))
    rows = []
    for fr in frames:
        x, y, r = (codes[k].loc[unit_ids, fr].astype(int) for k in (one, other, reference))
        lone = pd.DataFrame({"only_one": (x != r) & (y == r), "only_other": (y != r) & (x == r)}).groupby(docs).sum()
        for doc in order:
            rows.append({"frame": fr, "doc_id": doc, "only_one": int(lone.at[doc, "only_one"]),
                         "only_other": int(lone.at[doc, "only_other"])})
    return pd.DataFrame(rows, columns=["frame", "doc_id", "only_one", "only_other"])


def _exact_p(k: int, n: int) -> float:
    """Two-sided exact binomial p of ``k`` of ``n`` at 1/2 (McNemar's exact test); 1 when ``n`` is 0."""
    return float(binomtest(int(k), int(n), 0.5).pvalue) if n else 1.0


def paired_exact(lone: pd.DataFrame) -> pd.DataFrame:
    """One row per **frame** of :func:`lone_disagreements`: ``only_one``, ``only_other`` (summed over documents),
    ``p`` (McNemar's exact test, two-sided: the chance of a split at least this lopsided if each lone disagreement
    were as likely to be either coding's), ``p_holm`` (Holm's correction over the frames of the table),
    ``docs_with_one`` (documents holding ``one``'s lone disagreements), ``most_in_one_doc`` (the largest number of
    them in one document), ``more_without_any_doc`` (does ``one`` still have more lone disagreements than
    ``other`` with any one document left out?) and ``p_without_doc_max`` (the largest exact p with one document
    left out). Paragraphs are treated as independent, which those of one document are not; the last three
    columns show how far one document carries the result."""
    rows = []
    for fr, g in lone.groupby("frame", sort=False):
        d, a = int(g["only_one"].sum()), int(g["only_other"].sum())
        rest = [(d - x, a - y) for x, y in zip(g["only_one"], g["only_other"])]
        rows.append({"frame": fr, "only_one": d, "only_other": a, "p": _exact_p(d, d + a),
                     "docs_with_one": int((g["only_one"] > 0).sum()), "most_in_one_doc": int(g["only_one"].max()),
                     "more_without_any_doc": all(x > y for x, y in rest),
                     "p_without_doc_max": max(_exact_p(x, x + y) for x, y in rest)})
    out = pd.DataFrame(rows, columns=["frame", "only_one", "only_other", "p", "docs_with_one", "most_in_one_doc",
                                      "more_without_any_doc", "p_without_doc_max"])
    out.insert(4, "p_holm", adjust_p(out["p"].to_numpy(dtype=float), "holm") if len(out) else [])
    return out


def chance_exact(codes: dict[str, pd.DataFrame], one: str, reference: str, frames: list[str],
                 unit_ids: list[str]) -> pd.DataFrame:
    """One row per **frame**: is the coding ``one`` closer to ``reference`` than chance, on the paragraphs
    ``unit_ids``? ``kappa``; ``p`` (Fisher's exact test on the 2 x 2 table of the two codings, two-sided: kappa
    is above 0 exactly when the table's odds ratio is above 1); ``p_holm`` (Holm's correction over the frames of
    the table); ``kappa_min_without_doc`` (the smallest kappa with one document left out; NaN if one is
    undefined) and ``above_without_any_doc`` (kappa above 0 on all paragraphs and with any one document left
    out). Paragraphs are treated as independent, which those of one document are not; the last two columns show
    whether one document carries the result."""
    docs = doc_of(unit_ids)
    rows = []
    for fr in frames:
        x, r = (codes[k].loc[unit_ids, fr].to_numpy(dtype=int) for k in (one, reference))
        table = [[int(((x == i) & (r == j)).sum()) for j in (1, 0)] for i in (1, 0)]
        without = [float(binary_stats(r[docs != d], x[docs != d])["kappa"]) for d in dict.fromkeys(docs)]
        kappa = float(binary_stats(r, x)["kappa"])
        rows.append({"frame": fr, "kappa": kappa, "p": float(fisher_exact(table)[1]),
                     "kappa_min_without_doc": float(np.min(without)) if without else np.nan,
                     "above_without_any_doc": bool(kappa > 0 and all(k > 0 for k in without))})
    out = pd.DataFrame(rows, columns=["frame", "kappa", "p", "kappa_min_without_doc", "above_without_any_doc"])
    out.insert(3, "p_holm", adjust_p(out["p"].to_numpy(dtype=float), "holm") if len(out) else [])
    return out


def gap_without_each_document(codes: dict[str, pd.DataFrame], first: tuple[str, str], second: tuple[str, str],
                              frames: list[str], unit_ids: list[str]) -> pd.DataFrame:
    """One row per **frame x document left out**: kappa of the pair ``first`` minus kappa of the pair ``second``
    on the paragraphs ``unit_ids`` without that document's (``difference``; NaN where a kappa is undefined).
    Leave-one-document-out shows whether one document carries a difference; with five documents it is a
    sensitivity check, not a test."""
    docs = doc_of(unit_ids)
    rows = []
    for fr in frames:
        col = {k: codes[k].loc[unit_ids, fr].to_numpy(dtype=int) for k in {*first, *second}}
        for doc in dict.fromkeys(docs):
            keep = docs != doc
            k1 = binary_stats(col[first[1]][keep], col[first[0]][keep])["kappa"]
            k2 = binary_stats(col[second[1]][keep], col[second[0]][keep])["kappa"]
            rows.append({"frame": fr, "left_out": doc, "difference": float(k1 - k2)})
    return pd.DataFrame(rows, columns=["frame", "left_out", "difference"])


def adjudication_table(disputed: pd.DataFrame, blind: pd.DataFrame, informed: pd.DataFrame,
                       scores: pd.DataFrame) -> pd.DataFrame:
    """One row per **disputed paragraph x frame** (:func:`coder_disagreements`): the two codes, the blind
    (primary) and the informed decision, the dictionary's reading of the paragraph (``dictionary``, 0/1) and
    the blind adjudicator's reason."""
    key = ["unit_id", "frame"]
    b = blind[key + ["decision", "reason"]].rename(columns={"decision": "blind"})
    i = informed[key + ["decision"]].rename(columns={"decision": "informed"})
    out = disputed[key + ["first", "second"]].merge(b, on=key, how="left").merge(i, on=key, how="left")
    d = scores.set_index(key)["present"]
    out["dictionary"] = [int(d.get((u, f), 0)) for u, f in zip(out["unit_id"], out["frame"])]
    for c in ("blind", "informed"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("Int64")
    return out[key + ["first", "second", "blind", "informed", "dictionary", "reason"]]
