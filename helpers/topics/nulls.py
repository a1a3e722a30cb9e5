"""Topic models, part 8: what shuffled data give at the k read -- chance levels with their spread.

Every statistic of sections 4, 5 and 8 of notebook 02 is set beside the same statistic on **column-permuted**
matrices (:func:`helpers.topics_select.permuted_dtm`: each term's column shuffled across units, so term
frequencies are kept and co-occurrence is destroyed), over several permutations:

* :func:`chance_fits` -- one row per **permutation**: the fit of the model on that permuted matrix;
* :func:`fit_levels` / :func:`fit_sentence` -- the fit of the run read against the chance mean and 95th
  percentile over permutations and the ceiling, in absolute units (no percentage: the ceilings of NMF and LDA
  are different kinds of bound);
* :func:`null_solutions` -- one row per **permutation**: how many solutions ``n`` seeds reach on it and how
  many topics every run finds;
* :func:`half_sample_matches` / :func:`subsample_matches` / :func:`recovery_table` -- per-topic recovery in
  half samples (counted per half, with a Wilson interval) and 80 % subsamples, at any match threshold;
* :func:`model_agreement_null` -- one row per **permutation**: matched cosine of NMF and LDA both fitted to
  the same permuted matrix;
* :func:`reading_sentences` -- the reading of each topic, built from the outputs.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from helpers.topics.dtm import DTM
from helpers.topics.fit import TopicModel, fit_model, variance_explained
from helpers.topics.select import permuted_dtm
from helpers.topics.solutions import cosine_matrix, hungarian, matched_similarity, solutions, topic_recovery

PERM_OFFSET = 100
"""Permutation p uses ``permuted_dtm(dtm, seed + PERM_OFFSET + p)``: other seeds than the notebook's sweep."""


def wilson(x: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion ``x`` of ``n`` (both ends in [0, 1]; (nan, nan) when n = 0)."""
    if n == 0:
        return float("nan"), float("nan")
    z = stats.norm.ppf(0.5 + level / 2)
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def permuted_matrices(dtm: DTM, n_perm: int, seed: int = 0) -> list[DTM]:
    """``n_perm`` column-permuted copies of ``dtm`` (permutation p: seed ``seed + PERM_OFFSET + p``). Two DTMs of
    the same shape (counts and tf-idf of one vocabulary) get the same permutation for the same p."""
    return [permuted_dtm(dtm, seed + PERM_OFFSET + p) for p in range(n_perm)]


def chance_fits(dtm: DTM, model: str, k: int, n_perm: int = 20, seed: int = 0) -> pd.DataFrame:
    """One row per **permutation**: ``perm``, ``fit`` of ``model`` at k (seed ``seed``) on that permuted matrix,
    and for NMF ``variance_explained``."""
    rows = []
    for p, null in enumerate(permuted_matrices(dtm, n_perm, seed)):
        m = fit_model(null, model, k, seed)
        rows.append({"perm": p, "fit": m.fit, "variance_explained": variance_explained(m) if model == "nmf" else np.nan})
    return pd.DataFrame(rows)


def fit_levels(fit: float, chance: pd.DataFrame, ceiling: float, better: str) -> dict:
    """The fit of the run read against chance: ``fit``, ``chance_mean``, ``chance_95`` (the 95th percentile of
    chance *performance*: the 5th percentile of an error, the 95th of a likelihood), ``ceiling``,
    ``above_chance`` (fit minus chance mean, positive = better), ``beats_95`` and ``n_perm``."""
    f = chance["fit"].to_numpy()
    lower = better == "lower"
    c95 = float(np.quantile(f, 0.05 if lower else 0.95))
    gain = (float(f.mean()) - fit) if lower else (fit - float(f.mean()))
    beats = round(fit, 6) < round(c95, 6) if lower else round(fit, 6) > round(c95, 6)
    return {"fit": fit, "chance_mean": float(f.mean()), "chance_95": c95, "ceiling": ceiling,
            "above_chance": gain, "beats_95": bool(beats), "n_perm": len(f)}


def fit_sentence(levels: dict, kind: str, k: int) -> str:
    """The fit in absolute units beside chance (mean and 95th percentile over permutations) and the ceiling."""
    lv = levels
    verdict = ("better than every permutation's 95th percentile" if lv["beats_95"]
               else "NOT better than the 95th percentile of the permuted matrices")
    if kind == "nmf":
        return (f"NMF at k = {k}: variance explained {1 - lv['fit']:.1%} of the squared tf-idf weight; on "
                f"{lv['n_perm']} permuted matrices {1 - lv['chance_mean']:.1%} on average (95th percentile "
                f"{1 - lv['chance_95']:.1%}); the best possible rank-{k} fit {1 - lv['ceiling']:.1%}. The run is "
                f"{100 * lv['above_chance']:.1f} percentage points above the chance mean, {verdict}.")
    return (f"LDA at k = {k}: log-likelihood per word {lv['fit']:.3f} (higher is better); on {lv['n_perm']} "
            f"permuted matrices {lv['chance_mean']:.3f} on average (95th percentile {lv['chance_95']:.3f}); "
            f"{lv['above_chance']:.3f} above the chance mean, {verdict}. The saturated model "
            f"({lv['ceiling']:.3f}) is an upper bound no {k}-topic model comes near, so no share of the way to it "
            f"is given.")


def null_solutions(dtm: DTM, model: str, k: int, seeds: list[int], n_perm: int = 3, seed: int = 0,
                   threshold: float = 0.9) -> pd.DataFrame:
    """One row per **permutation**: the runs of ``seeds`` on that permuted matrix clustered into solutions
    (as in section 4): ``n_solutions``, ``topics_in_every_run`` (topics of its best run found in every run)."""
    rows = []
    for p, null in enumerate(permuted_matrices(dtm, n_perm, seed)):
        runs = [fit_model(null, model, k, s) for s in seeds]
        table = solutions(runs, threshold=threshold)
        better = runs[0].better_fit
        best = (min if better == "lower" else max)(runs, key=lambda m: (round(m.fit, 9), m.seed))
        rec = topic_recovery(best, runs, threshold=threshold)
        rows.append({"perm": p, "n_runs": len(runs), "n_solutions": int(table["solution"].nunique()),
                     "topics_in_every_run": int((rec["n_runs"] == len(runs)).sum())})
    return pd.DataFrame(rows)


def null_solution_sentence(null: pd.DataFrame, n_solutions: int, in_every_run: int, k: int) -> str:
    """A sentence setting the solutions and full-recovery counts of the data beside the permuted matrices: how
    many permuted matrices reach at least the same agreement (as few solutions, as many topics in every run)."""
    same = int(((null["n_solutions"] <= n_solutions) & (null["topics_in_every_run"] >= in_every_run)).sum())
    verdict = (f"at k = {k} this agreement between seeds is what shuffled data can give too, not evidence of "
               "structure" if same else "the data's agreement between seeds is higher than on any permuted matrix")
    return (f"On {len(null)} permuted matrices the same {int(null['n_runs'].iloc[0])} seeds fall into "
            f"{_span(null['n_solutions'])} solution(s), with {_span(null['topics_in_every_run'])} of {k} topics "
            f"found in every run; {same} of {len(null)} reach the data's agreement ({n_solutions} solution(s), "
            f"{in_every_run} of {k} topics in every run): {verdict}.")


def _span(s: pd.Series) -> str:
    lo, hi = int(s.min()), int(s.max())
    return str(lo) if lo == hi else f"{lo}–{hi}"


def half_sample_matches(tm: TopicModel, splits: list, seeds: list[int], seed: int = 0,
                        n_terms: int = 10) -> pd.DataFrame:
    """One row per **half sample x seed x topic** of ``tm``: ``split``, ``half``, ``seed``, ``topic``, ``cosine``
    of its Hungarian-matched topic in the model fitted to that half, and that matched topic's top terms scored
    on the *other* half (``npmi``) beside frequency-matched random terms (``baseline``)."""
    from helpers.topics.evaluate import _set_scores, half_sample_fits, random_sets, top_indices
    rows = []
    for r, hi, h, ref, df, s, m in half_sample_fits(tm.dtm, tm.kind, tm.k, seeds, splits):
        sim = cosine_matrix(tm.topic_terms, m.topic_terms)
        idx = top_indices(m, n_terms)
        for i, j in hungarian(sim):
            rnd = random_sets([idx[j]], df, np.random.default_rng([seed, r, hi, s, i]))
            rows.append({"split": r, "half": h, "seed": s, "topic": tm.labels[i],
                         "cosine": float(sim[i, j]), "npmi": float(_set_scores(ref, [idx[j]])[0]),
                         "baseline": float(_set_scores(ref, rnd)[0])})
    return pd.DataFrame(rows)


def subsample_matches(tm: TopicModel, n_subsamples: int = 10, seed: int = 0, share: float = 0.8) -> pd.DataFrame:
    """One row per **subsample x topic**: ``subsample``, ``topic``, ``cosine`` of its matched topic in a model
    fitted to a random ``share`` of the units (seed ``seed + i``)."""
    rows = []
    n = tm.dtm.shape[0]
    for i in range(n_subsamples):
        idx = np.sort(np.random.default_rng([seed, 7, i]).choice(n, size=int(round(share * n)), replace=False))
        m = fit_model(tm.dtm, tm.kind, tm.k, seed + i, rows=idx)
        sim = cosine_matrix(tm.topic_terms, m.topic_terms)
        for a, b in hungarian(sim):
            rows.append({"subsample": i, "topic": tm.labels[a], "cosine": float(sim[a, b])})
    return pd.DataFrame(rows)


def recovery_table(half: pd.DataFrame, sub: pd.DataFrame, match: float = 0.7, cutoff: float = 0.5) -> pd.DataFrame:
    """One row per **topic**: recovery at match threshold ``match`` (cosine).

    A *half* finds the topic when at least half of its seeds do; ``halves_found`` of ``n_halves`` with a 95 %
    Wilson interval (``halves_low``, ``halves_high``; the two halves of a split are not independent, so the
    interval is optimistic). ``half_recovered``/``half_runs`` count single runs. ``heldout_npmi`` and
    ``heldout_baseline`` are medians over recovering runs (NaN if none). Support needs both
    ``recovery_ok`` (halves_found / n_halves >= ``cutoff``) and ``coherence_ok`` (held-out NPMI above random);
    ``failed`` names the criteria that failed."""
    h = half.assign(ok=half["cosine"] >= match - 1e-9)
    s = sub.assign(ok=sub["cosine"] >= match - 1e-9)
    rows = []
    for t in dict.fromkeys(half["topic"]):
        g = h[h["topic"] == t]
        per_half = g.groupby(["split", "half"])["ok"].mean()
        found, n_h = int((per_half >= 0.5).sum()), len(per_half)
        lo, hi = wilson(found, n_h)
        rec = g[g["ok"]]
        npmi = float(rec["npmi"].median()) if len(rec) else float("nan")
        base = float(rec["baseline"].median()) if len(rec) else float("nan")
        sg = s[s["topic"] == t]
        rec_ok = found / n_h >= cutoff - 1e-9 if n_h else False
        coh_ok = bool(npmi == npmi and round(npmi - base, 6) > 0)
        failed = [c for c, ok in (("recovery in half samples", rec_ok), ("held-out coherence", coh_ok)) if not ok]
        rows.append({"topic": t, "halves_found": found, "n_halves": n_h, "halves_low": lo, "halves_high": hi,
                     "half_recovered": int(g["ok"].sum()), "half_runs": len(g),
                     "sub_recovered": int(sg["ok"].sum()), "sub_runs": len(sg),
                     "heldout_npmi": npmi, "heldout_baseline": base, "recovery_ok": bool(rec_ok),
                     "coherence_ok": coh_ok, "heldout_support": bool(rec_ok and coh_ok),
                     "failed": " and ".join(failed)})
    return pd.DataFrame(rows)


def recovery_sentences(table: pd.DataFrame, names: dict[str, str], null: pd.DataFrame | None = None) -> list[str]:
    """One sentence per **topic** of :func:`recovery_table`, with the permuted-matrix rates (``null``, a
    :func:`recovery_table` of a model fitted to a permuted matrix) beside it."""
    out = []
    if null is not None and len(null):
        nh = int(null["n_halves"].iloc[0])
        out.append(f"Permuted matrix (same checks on a model fitted to shuffled data): its topics are found in "
                   f"{_span(null['halves_found'])} of {nh} halves and {_span(null['sub_recovered'])} of "
                   f"{int(null['sub_runs'].iloc[0])} subsamples.")
    for r in table.itertuples():
        held = (f"held-out NPMI {r.heldout_npmi:.3f} against {r.heldout_baseline:.3f} for random terms"
                if r.heldout_npmi == r.heldout_npmi else "no held-out NPMI (never recovered)")
        verdict = "held-out support" if r.heldout_support else f"NO held-out support (failed: {r.failed})"
        out.append(f"{names.get(r.topic, r.topic)}: found in {r.halves_found} of {r.n_halves} halves (95 % "
                   f"interval {r.halves_low:.0%}–{r.halves_high:.0%}; {r.half_recovered} of {r.half_runs} runs) "
                   f"and {r.sub_recovered} of {r.sub_runs} 80 % subsamples; {held}; {verdict}.")
    return out


def threshold_sensitivity(half: pd.DataFrame, sub: pd.DataFrame, names: dict[str, str], matches=(0.6, 0.7, 0.8),
                          cutoffs=(0.5,)) -> pd.DataFrame:
    """One row per **topic x match threshold x cutoff**: halves found and whether the topic has held-out support."""
    rows = []
    for m in matches:
        for c in cutoffs:
            for r in recovery_table(half, sub, m, c).itertuples():
                rows.append({"topic": names.get(r.topic, r.topic), "match": m, "cutoff": c,
                             "halves_found": f"{r.halves_found}/{r.n_halves}", "support": r.heldout_support})
    return pd.DataFrame(rows)


def model_agreement_null(counts: DTM, tfidf: DTM, k: int, n_perm: int = 20, seed: int = 0) -> pd.DataFrame:
    """One row per **permutation**: NMF (on the permuted tf-idf matrix) and LDA (on the permuted counts, the same
    column permutation) fitted at k with ``seed``, and the mean cosine of their Hungarian-matched topics."""
    rows = []
    for p, (c, t) in enumerate(zip(permuted_matrices(counts, n_perm, seed), permuted_matrices(tfidf, n_perm, seed))):
        a, b = fit_model(t, "nmf", k, seed), fit_model(c, "lda", k, seed)
        rows.append({"perm": p, "matched_cosine": matched_similarity(a.topic_terms, b.topic_terms)})
    return pd.DataFrame(rows)


def runs_matched_cosine(tm: TopicModel, others: list[TopicModel]) -> pd.DataFrame:
    """One row per **run of the other model**: ``seed`` and the mean matched cosine with ``tm``'s topics."""
    return pd.DataFrame([{"seed": o.seed, "matched_cosine": matched_similarity(tm.topic_terms, o.topic_terms)}
                         for o in others])


def agreement_sentence(read: float, runs: pd.DataFrame, null: pd.DataFrame, other: str) -> str:
    """Matched cosine of the compared run, its spread over all runs of the other model, and the both-permuted
    null (mean, 95th percentile, how many permutations reach the data)."""
    q = runs["matched_cosine"].quantile([0.05, 0.5, 0.95]).round(3)
    nv = null["matched_cosine"]
    n_ge = int((nv >= runs["matched_cosine"].median() - 1e-12).sum())
    return (f"Matched topics, mean cosine: {read:.3f} for the {other.upper()} run compared; over all "
            f"{len(runs)} {other.upper()} runs median {q[0.5]:.3f} (5th–95th percentile {q[0.05]:.3f}–{q[0.95]:.3f}). "
            f"Both models fitted to the same permuted matrix ({len(nv)} permutations): mean {nv.mean():.3f}, 95th "
            f"percentile {nv.quantile(0.95):.3f}; {n_ge} of {len(nv)} reach the median of the real runs.")


def reading_sentences(topic_table: pd.DataFrame, doc_ci: pd.DataFrame, rep: pd.DataFrame,
                      names: dict[str, str], n_terms: int = 5, one_doc: float = 0.8) -> list[str]:
    """One sentence per **topic**: where its share peaks (document and share, next document), which documents
    its quoted units come from, its first distinctive terms, and -- when the peak share is at least ``one_doc``
    or all quotes come from one document -- that it is largely one article's vocabulary."""
    out = []
    for r in topic_table.itertuples():
        d = doc_ci[doc_ci["topic"] == r.topic].assign(s=lambda x: x["share"].round(3)).sort_values(
            ["s", "doc_id"], ascending=[False, True])
        top, nxt = d.iloc[0], d.iloc[1] if len(d) > 1 else None
        qdocs = sorted(set(rep.loc[rep["topic"] == r.topic, "doc_id"]))
        terms = ", ".join(str(r.distinctive).split()[:n_terms])
        one = top["s"] >= one_doc
        quotes = (f"both quotes from {qdocs[0]}" if len(qdocs) == 1 and len(rep[rep["topic"] == r.topic]) > 1
                  else "quotes from " + ", ".join(qdocs))
        out.append(f"{names.get(r.topic, r.topic)}: share highest in {top['doc_id']} ({top['s']:.2f}"
                   + (f"; next {nxt['doc_id']}, {nxt['s']:.2f}" if nxt is not None else "") + f"); {quotes}; "
                   f"distinctive terms {terms}. "
                   + ("Read it as largely one article's vocabulary, not a theme across documents." if one else
                      "Its share is spread over several documents" + (", though its quoted paragraphs come from "
                                                                      "one article." if len(qdocs) == 1 else ".")))
    return out


def label_note(matches: pd.DataFrame, names_a: dict[str, str], names_b: dict[str, str], a: str, b: str) -> str:
    """A sentence on matched topic pairs that carry different labels in the two models, and why that happens."""
    diff = [(names_a[r.topic_a], names_b[r.topic_b], r.cosine) for r in matches.itertuples()
            if names_a[r.topic_a].split(" (")[0] != names_b[r.topic_b].split(" (")[0]]
    if not diff:
        return "Every matched pair carries the same label in both models."
    pairs = "; ".join(f"{a.upper()} '{x}' = {b.upper()} '{y}' (cosine {c:.2f})" for x, y, c in diff)
    return (f"Matched pairs with different labels: {pairs}. A label is chosen by how many of its key terms are "
            f"among a topic's own top terms, and the two models order the same word group differently, so one word "
            f"group can get two labels: read the shared terms, not the label.")


NULL_FILES = ("chance", "other_chance", "solutions", "half", "sub", "agreement", "coherence")
"""The null tables of :func:`null_tables`, stored as ``data/derived/topics_nulls_<name>.csv``."""
NULL_SETTINGS = "topics_nulls_settings.json"


def null_tables(dtms: dict[str, DTM], model: str, k: int, run_seeds: list[int], recovery_seeds: list[int],
                splits: list, eval_splits: list, n_perm: int = 20, n_perm_solutions: int = 3, seed: int = 0,
                threshold: float = 0.9, n_subsamples: int = 10, n_terms: int = 10) -> dict[str, pd.DataFrame]:
    """Every null of sections 4, 5, 6 and 8 of notebook 02 at k, each from column-permuted matrices only (they do
    not depend on the run read): ``chance`` / ``other_chance`` (:func:`chance_fits` of ``model`` / the other
    model), ``solutions`` (:func:`null_solutions`), ``half`` / ``sub`` (recovery of the topics of a model fitted
    to one permuted matrix, :func:`half_sample_matches`, :func:`subsample_matches`), ``agreement``
    (:func:`model_agreement_null`) and ``coherence`` (held-out coherence on the fresh splits of one permuted
    matrix, :func:`helpers.topics_select.heldout_coherence`)."""
    from helpers.topics.select import heldout_coherence
    other = "lda" if model == "nmf" else "nmf"
    dtm = dtms[model]
    null = permuted_matrices(dtm, 1, seed)[0]
    tm_null = fit_model(null, model, k, seed)
    return {"chance": chance_fits(dtm, model, k, n_perm, seed),
            "other_chance": chance_fits(dtms[other], other, k, n_perm, seed),
            "solutions": null_solutions(dtm, model, k, run_seeds, n_perm_solutions, seed, threshold),
            "half": half_sample_matches(tm_null, splits, recovery_seeds, seed, n_terms),
            "sub": subsample_matches(tm_null, n_subsamples, seed),
            "agreement": model_agreement_null(dtms["lda"], dtms["nmf"], k, n_perm, seed),
            "coherence": heldout_coherence(null, model, k, recovery_seeds, eval_splits, n_terms=n_terms, seed=seed)}


def write_nulls(tables: dict[str, pd.DataFrame], settings: dict, folder=None) -> None:
    """Write the null tables and their settings to ``data/derived/`` (or ``folder``)."""
    import json
    from pathlib import Path
    from helpers.topics.select import DERIVED, sweep_settings
    folder = Path(folder) if folder is not None else DERIVED
    for name in NULL_FILES:
        tables[name].to_csv(folder / f"topics_nulls_{name}.csv", index=False, encoding="utf-8")
    (folder / NULL_SETTINGS).write_text(json.dumps(sweep_settings(**settings), indent=1) + "\n", encoding="utf-8")


def cached_nulls(settings: dict, compute, folder=None) -> tuple[dict[str, pd.DataFrame], str]:
    """The null tables: read from ``data/derived/`` when computed with exactly ``settings``, else ``compute()``
    (a few minutes). Returns the tables and a sentence saying which happened."""
    import json
    from pathlib import Path
    from helpers.topics.select import DERIVED, sweep_settings
    folder = Path(folder) if folder is not None else DERIVED
    path = folder / NULL_SETTINGS
    if path.is_file() and json.loads(path.read_text(encoding="utf-8")) == sweep_settings(**settings):
        tables = {n: pd.read_csv(folder / f"topics_nulls_{n}.csv", keep_default_na=False) for n in NULL_FILES}
        for n in ("half", "sub", "coherence"):
            if "half" in tables[n].columns:
                tables[n]["half"] = tables[n]["half"].astype(str)
            if "topic" in tables[n].columns:
                tables[n]["topic"] = tables[n]["topic"].astype(str)
        return tables, ("The permutation nulls were precomputed with these settings by `python3 "
                        "scripts/derive_topic_nulls.py` and are read from data/derived/.")
    return compute(), "The permutation nulls were computed in this run (the settings differ from the stored ones)."


def null_verdicts(k: int, levels: dict, null_sol: pd.DataFrame, n_solutions: int, in_every_run: int,
                  stability: tuple[float, float], recovery: pd.DataFrame, null_recovery: pd.DataFrame,
                  fresh: dict, fresh_null: dict, agree_runs: pd.DataFrame | None = None,
                  agree_null: pd.DataFrame | None = None) -> list[str]:
    """One sentence per **statistic** at the k read: the data beside the column-permuted matrices, and whether
    the data are clearly (beyond the null's 95th percentile, or beyond one SE) better. The last sentence lists
    the statistics that do beat their null."""
    beats = {}
    beats["fit"] = levels["beats_95"]
    out = [f"Fit at k = {k}: {'beats' if beats['fit'] else 'does not beat'} the 95th percentile of "
           f"{levels['n_perm']} permuted matrices."]
    same = bool(((null_sol["n_solutions"] <= n_solutions) & (null_sol["topics_in_every_run"] >= in_every_run)).any())
    beats["agreement between seeds"] = not same
    out.append(f"Seeds: {n_solutions} solution(s) with {in_every_run} of {k} topics in every run; permuted matrices "
               f"{_span(null_sol['n_solutions'])} solution(s), {_span(null_sol['topics_in_every_run'])} of {k} "
               + ("(the same agreement occurs on shuffled data)." if same else "(less agreement on shuffled data)."))
    m, se = stability
    beats["seed stability margin"] = bool(m - se > 0)
    out.append(f"Seed stability minus its permuted-matrix null (section 3): {m:+.3f} ± {se:.3f} (SE): "
               + ("above zero by more than one SE." if beats["seed stability margin"] else
                  "not above zero by more than one SE."))
    d_half = recovery["halves_found"].min() / recovery["n_halves"].iloc[0]
    n_half = null_recovery["halves_found"].max() / null_recovery["n_halves"].iloc[0]
    beats["recovery in half samples"] = bool(d_half > n_half)
    out.append(f"Half samples: the data's topics are found in {_span(recovery['halves_found'])} of "
               f"{int(recovery['n_halves'].iloc[0])} halves, the permuted matrix's in "
               f"{_span(null_recovery['halves_found'])} of {int(null_recovery['n_halves'].iloc[0])}.")
    beats["held-out coherence over random terms"] = bool(fresh["low"] > 0)
    beats["held-out coherence over the permuted matrix"] = bool(fresh["margin"] - fresh["se"] > fresh_null["margin"]
                                                                  + fresh_null["se"])
    out.append(f"Held-out coherence minus random terms on fresh splits: {fresh['margin']:+.3f} "
               f"[{fresh['low']:+.3f}, {fresh['high']:+.3f}]; a model fitted to the permuted matrix, scored the same "
               f"way: {fresh_null['margin']:+.3f} [{fresh_null['low']:+.3f}, {fresh_null['high']:+.3f}].")
    if agree_runs is not None and agree_null is not None:
        med, q95 = float(agree_runs["matched_cosine"].median()), float(agree_null["matched_cosine"].quantile(0.95))
        beats["NMF-LDA agreement"] = bool(med > q95)
        out.append(f"NMF-LDA matched cosine, median over the other model's runs {med:.3f}; both models on permuted "
                   f"matrices, 95th percentile {q95:.3f}.")
    won = [b for b, ok in beats.items() if ok]
    out.append(f"At k = {k}, of {len(beats)} statistics, the data clearly beat their null on "
               + (", ".join(won) if won else "none") + "; the others are within what shuffled data give."
               + (" A model fitted to the permuted matrix also beats random terms on held-out coherence, so that "
                  "margin alone is not evidence of structure." if fresh_null["low"] > 0 else ""))
    return out
