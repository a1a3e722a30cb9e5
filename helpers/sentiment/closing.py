"""The closing table of notebook 03: one row per **result**, each value with its 95% interval, built from the
tables the notebook computed (so every number is this run's or a stored table's, never typed in)."""
from __future__ import annotations

import pandas as pd

from helpers.sentiment.claims import target_verdict
from helpers.sentiment.validation import CLASSES


def _fmt(v, lo, hi) -> str:
    return f"{v:.3f} [{lo:.3f}, {hi:.3f}]"


def _fmt_d(r) -> str:
    return f"{r['difference']:+.3f} [{r['ci_low']:+.3f}, {r['ci_high']:+.3f}]"


def pick_difference(table: pd.DataFrame, a: str, b: str = "VADER", metric: str | None = None) -> pd.Series:
    """The row of a :func:`helpers.sentiment_validation.paired_differences` table for ``a`` minus ``b``."""
    t = table if metric is None else table[table["metric"] == metric]
    return t[(t["method_a"] == a) & (t["method_b"] == b)].iloc[0]


def closing_table(*, reproduction: dict, benchmarks: pd.DataFrame, tuned_r: pd.Series, nyt_target: float,
                  repeat: int, cv: pd.Series, diffs: pd.DataFrame, f1_diffs: pd.DataFrame, robust: pd.DataFrame,
                  devtest: pd.DataFrame, looks: int, mtsc_target: float, agreement: pd.DataFrame,
                  gold_table: pd.DataFrame, gold_diffs: pd.DataFrame, gold_f1_diffs: pd.DataFrame,
                  lodo: pd.DataFrame) -> pd.DataFrame:
    """One row per **result** of notebook 03 (index ``result``, column ``value [95% CI]``)."""
    bench = benchmarks.set_index("benchmark")["value"]
    gold_agree = agreement.set_index("measure")
    gt = gold_table.set_index("method")
    ts = devtest[devtest["method"] == "target_sentiment"].set_index("metric")
    tuned = "news-tuned (out-of-fold)"
    d_r, d_f1 = pick_difference(diffs, tuned, metric="Pearson r"), pick_difference(f1_diffs, tuned)
    g_r, g_f1 = pick_difference(gold_diffs, "news-tuned"), pick_difference(gold_f1_diffs, "news-tuned")
    n_excl = int(((robust["ci_low"] > 0) | (robust["ci_high"] < 0)).sum())
    mf1 = ts.loc["macro-F1", ["value", "ci_low", "ci_high"]]
    up = int((lodo["difference"] > 0).sum())
    rows = {
        "reference VADER r with the NYT mean rating (published value in 2.1)":
            _fmt(reproduction["r"], reproduction["ci_low"], reproduction["ci_high"]),
        "single-rater benchmark (mean r; range over rating positions)":
            f"{bench.iloc[0]:.3f} ({benchmarks.loc[0, 'low']:.3f}–{benchmarks.loc[0, 'high']:.3f})",
        "reliability of the 20-rating mean (Spearman-Brown); noise ceiling": f"{bench.iloc[2]:.3f}; {bench.iloc[3]:.3f}",
        f"news-tuned scorer, out-of-fold Pearson r (repeat {repeat}, cluster bootstrap)":
            _fmt(tuned_r["value"], tuned_r["ci_low"], tuned_r["ci_high"]),
        f"  target r ≥ {nyt_target:.2f} (set by us; first missed, then revised on these sentences, 2.3)":
            target_verdict(tuned_r["value"], tuned_r["ci_low"], tuned_r["ci_high"], nyt_target, revised=True),
        f"  nested repeated CV r, {int(cv['n_seeds'])} seeds (sd = split spread only; revision history in 2.3)":
            f"{cv['r_mean']:.3f} ± {cv['r_sd']:.3f}",
        "  its ridge layer alone, all seeds (mean ± sd)": f"{cv['ridge_r_mean']:.3f} ± {cv['ridge_r_sd']:.3f}",
        f"  news-tuned minus VADER on NYT, Pearson r (repeat {repeat})": _fmt_d(d_r),
        f"  news-tuned minus VADER on NYT, macro-F1 (repeat {repeat}; {n_excl} of {len(robust)} settings of seed x "
        "folds exclude 0)": _fmt_d(d_f1),
        f"target_sentiment on NewsMTSC devtest_mt (look {looks} of {looks}): macro-F1": _fmt(*mf1),
        f"  target macro-F1 ≥ {mtsc_target:.2f} (set by us)": target_verdict(*mf1, mtsc_target, looks),
        "  F1 negative / neutral / positive": " / ".join(f"{ts.loc[f'F1 {c}', 'value']:.3f}" for c in CLASSES),
        "gold set: Krippendorff's alpha, interval": _fmt(*gold_agree.iloc[0][["value", "ci_low", "ci_high"]]),
        "gold set: Cohen's kappa, 3 classes": _fmt(*gold_agree.iloc[2][["value", "ci_low", "ci_high"]]),
        "gold set: Spearman r, VADER / news-tuned": " / ".join(
            _fmt(*gt.loc[m, ["spearman", "spearman_ci_low", "spearman_ci_high"]]) for m in ("VADER", "news-tuned")),
        "  news-tuned minus VADER, Spearman r (paired)": _fmt_d(g_r),
        "  the same, leaving out one document at a time (range; runs > 0)":
            f"{lodo['difference'].min():+.3f} to {lodo['difference'].max():+.3f}; {up} of {len(lodo)}",
        "gold set: macro-F1, VADER / news-tuned": " / ".join(
            _fmt(*gt.loc[m, ["macro_f1", "f1_ci_low", "f1_ci_high"]]) for m in ("VADER", "news-tuned")),
        "  news-tuned minus VADER, macro-F1 (paired; cut-points not matched to this model)": _fmt_d(g_f1),
    }
    return pd.DataFrame({"value [95% CI]": rows}).rename_axis("result")
