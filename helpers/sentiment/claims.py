"""Printed sentences for the claims notebook 03 makes in prose, built from the numbers so a rerun cannot
contradict them (targets, masking, the adjudication check, genre = document), and the seed-robustness table
of the macro-F1 difference. Each function's docstring states the unit it reads.
"""
from __future__ import annotations

import pandas as pd

from helpers.sentiment.validation import cross_fitted_classes, grouped_folds, macro_f1, paired_differences, spearman


def target_verdict(value: float, ci_low: float, ci_high: float, target: float, looks: int = 1,
                   revised: bool = False) -> str:
    """Whether a **design target** (``metric >= target``) is met, judged by the interval, not the point.

    ``"missed"`` if the point estimate is below the target; ``"met"`` only if the whole 95% interval lies at or
    above the target and the test data were looked at once; otherwise ``"not shown to be met"``. With
    ``revised`` (the method was changed after missing the target on the same data), a met target reads
    ``"met after revision on the same data (not a confirmatory test)"``.
    """
    if value < target:
        return "missed"
    if ci_low >= target and looks <= 1:
        return "met after revision on the same data (not a confirmatory test)" if revised else "met"
    return "not shown to be met"


def target_sentence(metric: str, value: float, ci_low: float, ci_high: float, target: float,
                    looks: int = 1, interval: str = "95% CI", revised: bool = False) -> str:
    """A printed sentence stating a design target we set and the verdict of :func:`target_verdict`."""
    verdict = target_verdict(value, ci_low, ci_high, target, looks, revised)
    side = "above" if value >= target else "below"
    text = (f"We set the target {metric} ≥ {target:.2f}: {verdict}. The point estimate {value:.3f} is {side} it "
            f"and its {interval} is [{ci_low:.3f}, {ci_high:.3f}]")
    if ci_low < target <= ci_high:
        text += (", which includes the target (so a true value above it is not excluded)" if value < target
                 else ", which reaches below the target")
    text += "."
    if looks > 1:
        text += (f" This is look {looks} of {looks} at the test file; the {looks - 1} earlier looks shaped the "
                 "features, so the estimate is optimistic.")
    return text


def masking_validity_sentence(diff_row, f1_masked: float, f1_unmasked: float) -> str:
    """A sentence on whether masking names improved VADER against the gold set (one **paired difference**
    row of Spearman r, masked minus unmasked, and the two macro-F1 values)."""
    lo, hi = diff_row["ci_low"], diff_row["ci_high"]
    shown = "no measurable benefit" if lo <= 0 else "a measurable benefit"
    return (f"Masking names: Spearman r with the gold tone, masked minus unmasked VADER = "
            f"{diff_row['difference']:+.3f} [95% CI {lo:+.3f}, {hi:+.3f}]; macro-F1 {f1_masked:.3f} masked vs "
            f"{f1_unmasked:.3f} unmasked. On this gold set masking shows {shown}: it stays a principled choice "
            "(names are not tone), not one these outputs validate.")


def adjudication_sources(gold: pd.DataFrame, nonblind: pd.DataFrame) -> dict:
    """Where the two gold sets differ, one count per **source** of the non-blind value: ``n_differ`` sentences
    with another gold value, of which ``n_adjudicator`` were decided by the adjudicator who had seen scores (the
    passes differ in class) and ``n_rule`` were set by the fixed rounding rule (the passes differ in value only)."""
    from helpers.sentiment.validation import tone_classes

    m = gold.merge(nonblind[["unit_id", "gold"]], on="unit_id", suffixes=("", "_nonblind"))
    differ = m["gold"] != m["gold_nonblind"]
    by_class = tone_classes(m["tone_a"]) != tone_classes(m["tone_b"])
    return {"n_differ": int(differ.sum()), "n_adjudicator": int((differ & by_class).sum()),
            "n_rule": int((differ & ~by_class).sum())}


def adjudication_direction_sentence(primary: pd.DataFrame, nonblind: pd.DataFrame, sources: dict | None = None) -> str:
    """A sentence on the **direction** of the change from the blind to the non-blind gold set (one row per
    method in each :func:`helpers.tone_gold.gold_scores` table), and, with ``sources``
    (:func:`adjudication_sources`), on what the change can be read as."""
    d = (nonblind.set_index("method")["spearman"] - primary.set_index("method")["spearman"]).dropna()
    n_up = int((d > 0).sum())
    text = (f"Spearman r is higher against the non-blind gold set for {n_up} of {len(d)} methods "
            f"(changes {d.min():+.3f} to {d.max():+.3f}).")
    if sources is not None:
        text += (f" The two gold sets differ in {sources['n_differ']} sentences: {sources['n_rule']} set in the "
                 f"non-blind version by a fixed rounding rule that saw no scores, {sources['n_adjudicator']} decided "
                 "by the adjudicator who had seen them")
        text += (", so the direction of the changes cannot be read as leakage." if sources["n_rule"]
                 else "; the direction is what leakage would produce, though it does not prove it.")
    text += " The blind adjudication is primary by design."
    return text


def genre_documents_sentence(frame: pd.DataFrame) -> str:
    """A sentence listing the documents behind each genre (one row per **sentence** with ``genre`` and
    ``doc_id``), so a genre row is not read as more than its documents."""
    parts = [f"'{g}' = {', '.join(sorted(d.unique()))}" for g, d in frame.groupby("genre", sort=True)["doc_id"]]
    single = all(frame.groupby("genre")["doc_id"].nunique() <= 2)
    return ("Genres here are documents: " + "; ".join(parts) + "."
            + (" A genre row describes one or two texts, not a genre." if single else ""))


def seed_robustness(truth, scores: dict, groups, seeds, n_folds: int, n_boot: int, pair=("news-tuned (out-of-fold)", "VADER")) -> pd.DataFrame:
    """One row per **seed** (at ``n_folds`` folds): the cross-fitted macro-F1 of the two methods of ``pair`` and
    their paired difference with a cluster-bootstrap 95% CI. ``scores`` maps a seed to ``{method: scores}`` (the
    news-tuned held-out scores depend on the seed); folds, cut-points and bootstrap all use that seed."""
    rows = []
    for s in seeds:
        folds = grouped_folds(groups, n_folds, seed=s)
        cls = {m: cross_fitted_classes(v, truth, folds)["predicted"].to_numpy() for m, v in scores[s].items()}
        d = paired_differences(truth, cls, macro_f1, [pair], groups=groups, n_boot=n_boot, seed=s).iloc[0]
        rows.append((s, n_folds, macro_f1(truth, cls[pair[0]]), macro_f1(truth, cls[pair[1]]), d["difference"],
                     d["ci_low"], d["ci_high"]))
    return pd.DataFrame(rows, columns=["seed", "n_folds", f"macro-F1 {pair[0]}", f"macro-F1 {pair[1]}", "difference",
                                       "ci_low", "ci_high"])


def seed_sentence(robust: pd.DataFrame) -> str:
    """A sentence on :func:`seed_robustness` (one row per **setting**: seed x number of folds): in how many
    settings the interval of the difference excludes 0, and whether the conclusion therefore depends on them."""
    n = int(((robust["ci_low"] > 0) | (robust["ci_high"] < 0)).sum())
    if n == 0:
        verdict = "no setting shows a difference"
    elif n == len(robust):
        verdict = "the difference does not depend on these settings"
    else:
        verdict = "so whether a difference is shown depends on the setting: the difference is fragile"
    return (f"The interval of the difference excludes 0 in {n} of {len(robust)} settings (seed x folds); "
            f"{verdict}.")


def lodo_differences(g: pd.DataFrame, a: str, b: str, truth: str = "gold") -> pd.DataFrame:
    """One row per **document left out**: Spearman r of ``a`` and of ``b`` with ``truth`` on the other
    documents' sentences, and their difference (a minus b). A check on sentence-level intervals, which treat
    sentences of one document as independent."""
    rows = []
    for doc in sorted(g["doc_id"].unique()):
        rest = g[g["doc_id"] != doc]
        ra, rb = spearman(rest[truth], rest[a]), spearman(rest[truth], rest[b])
        rows.append((doc, len(rest), ra, rb, ra - rb))
    return pd.DataFrame(rows, columns=["left_out", "n_sentences", f"spearman_{a}", f"spearman_{b}", "difference"])


def lodo_sentence(lodo: pd.DataFrame, name_a: str, name_b: str) -> str:
    """A printed sentence on :func:`lodo_differences`: the range of the difference and how often it is above 0."""
    d = lodo["difference"]
    return (f"Leaving out one document at a time ({len(lodo)} runs), Spearman r of {name_a} minus {name_b} ranges "
            f"from {d.min():+.3f} to {d.max():+.3f}; it is above 0 in {int((d > 0).sum())} of {len(lodo)} runs.")


def single_rater_sentence(best_r: float, best_name: str, humans: pd.DataFrame) -> str:
    """A sentence comparing the best scorer's r with the single-rater benchmark (one row per **rating position**
    of :func:`helpers.sentiment_validation.single_rater_r`)."""
    r = humans["r_with_others_mean"]
    where = ("below every" if best_r < r.min() else "above every" if best_r > r.max() else "within the range of")
    return (f"The best scorer, {best_name} (r = {best_r:.3f}), is {where} single rating position "
            f"(r with the mean of the other 19: {r.min():.3f}–{r.max():.3f}, mean {r.mean():.3f}).")


def article_rank_sentence(doc: str, g: pd.DataFrame, by_doc: pd.DataFrame) -> str:
    """A sentence on one **document**'s article body: its mean gold tone and its rank among the documents by the
    gold tone and by VADER (``by_doc``: one row per document with ``z_gold_mean`` and ``z_vader_mean``)."""
    if doc not in set(by_doc["doc_id"]):  # a document added to the corpus has no hand-coded gold tone
        return f"{doc}: its body sentences are not in the gold set, so it has no gold-tone rank."
    rank_gold = by_doc["z_gold_mean"].rank(ascending=False).set_axis(by_doc["doc_id"])
    rank_vader = by_doc["z_vader_mean"].rank(ascending=False).set_axis(by_doc["doc_id"])
    return (f"{doc} article body: mean AI-coded gold tone {g.loc[g['doc_id'] == doc, 'gold'].mean():+.2f} (−2…+2); "
            f"rank {int(rank_gold[doc])} of {len(by_doc)} documents by the gold tone, {int(rank_vader[doc])} by VADER "
            "(1 = most positive).")
