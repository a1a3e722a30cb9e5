"""The in-domain gold set: two blind tone-coding passes over the corpus's body sentences, adjudicated.

Coding procedure: ``data/annotations/TONE_CODING_GUIDE.md``. Files (all in ``data/annotations/``):
``tone_pass_A.csv`` and ``tone_pass_B.csv`` (one row per **sentence**: ``unit_id``, ``tone`` -2..+2, ``note``)
and ``tone_gold.csv`` (one row per **sentence**: both passes, the ``gold`` tone, whether it was adjudicated, and
the adjudication note). :func:`gold_scores` scores any number of methods against the gold tone.

Two adjudications exist. The **primary** one (``tone_adjudication_independent.csv``) was made by an AI session
that saw only the guide, the sentences and the two passes with their notes (no lexicon, no score); it decided
every sentence on which the passes differ in *value*. ``tone_gold.csv`` is built from it. The **non-blind** one
(``tone_adjudication.csv``) was made by the session that built notebook 03 and had seen scores; it decided only
the sentences whose passes differ in *class* and is kept as a sensitivity check (``load_gold("non-blind")``).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers.paths import PROJECT_ROOT
from helpers.sentiment.validation import (CLASSES, bootstrap_samples, chance_macro_f1, macro_f1, spearman,
                                   tone_classes, _interval)

ANNOTATIONS = PROJECT_ROOT / "data" / "annotations"
PASS_FILES = {"A": "tone_pass_A.csv", "B": "tone_pass_B.csv"}
GOLD_FILE = "tone_gold.csv"


def load_pass(path: str | Path) -> pd.DataFrame:
    """One row per **coded sentence** of one pass: ``unit_id``, ``tone`` (int -2..+2), ``note``.

    Raises a ValueError naming the file when a column is missing, a unit is coded twice or a tone is not an
    integer from -2 to +2.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"'{path}' not found; the tone passes live in data/annotations/.")
    df = pd.read_csv(path, dtype={"unit_id": str, "note": str}, keep_default_na=False, encoding="utf-8")
    missing = {"unit_id", "tone"} - set(df.columns)
    if missing:
        raise ValueError(f"'{path}' lacks the column(s) {sorted(missing)}; expected unit_id, tone, note.")
    if df["unit_id"].duplicated().any():
        raise ValueError(f"'{path}' codes {df.loc[df['unit_id'].duplicated(), 'unit_id'].iloc[0]} twice.")
    tone = pd.to_numeric(df["tone"], errors="coerce")
    bad = tone.isna() | ~tone.isin([-2, -1, 0, 1, 2])
    if bad.any():
        raise ValueError(f"'{path}': tone must be an integer from -2 to +2 (row for {df.loc[bad, 'unit_id'].iloc[0]}).")
    df["tone"] = tone.astype(int)
    if "note" not in df:
        df["note"] = ""
    return df[["unit_id", "tone", "note"]]


def merge_passes(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """One row per **sentence coded in both passes**: ``unit_id``, ``tone_a``, ``tone_b``, ``note_a``,
    ``note_b``, ``agree_code`` and ``agree_class`` (same three-way class). Raises if the passes cover
    different sentences."""
    if set(a["unit_id"]) != set(b["unit_id"]):
        raise ValueError("the two tone passes do not code the same sentences.")
    m = a.merge(b, on="unit_id", suffixes=("_a", "_b"), validate="one_to_one")
    m["agree_code"] = m["tone_a"] == m["tone_b"]
    m["agree_class"] = tone_classes(m["tone_a"]).to_numpy() == tone_classes(m["tone_b"]).to_numpy()
    return m


def to_adjudicate(merged: pd.DataFrame) -> pd.DataFrame:
    """One row per **sentence whose two passes fall in different classes** (the ones a third reading decides)."""
    return merged[~merged["agree_class"]].reset_index(drop=True)


def gold_labels(merged: pd.DataFrame, adjudicated: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per **sentence**: the gold tone.

    Where both passes give the same class, the gold tone is their mean rounded towards 0 (so it keeps
    that class); where they differ in class, it is the adjudicated ``tone`` from ``adjudicated``
    (``unit_id``, ``tone``, ``note``), which must then cover every such sentence. Columns: ``unit_id``,
    ``tone_a``, ``tone_b``, ``gold``, ``gold_class``, ``adjudicated``, ``adjudication_note``.
    """
    out = merged[["unit_id", "tone_a", "tone_b"]].copy()
    out["gold"] = np.fix((out["tone_a"] + out["tone_b"]) / 2).astype(int)
    out["adjudicated"] = ~merged["agree_class"].to_numpy()
    out["adjudication_note"] = ""
    need = set(out.loc[out["adjudicated"], "unit_id"])
    if need:
        if adjudicated is None:
            raise ValueError(f"{len(need)} sentences need adjudication; none given.")
        adj = adjudicated.set_index("unit_id")
        lacking = sorted(need - set(adj.index))
        if lacking:
            raise ValueError(f"no adjudicated tone for {lacking[0]} (and {len(lacking) - 1} more).")
        rows = out["adjudicated"]
        out.loc[rows, "gold"] = adj.loc[out.loc[rows, "unit_id"], "tone"].astype(int).to_numpy()
        out.loc[rows, "adjudication_note"] = adj.loc[out.loc[rows, "unit_id"], "note"].fillna("").astype(str).to_numpy()
    out["gold_class"] = tone_classes(out["gold"]).to_numpy()
    return out[["unit_id", "tone_a", "tone_b", "gold", "gold_class", "adjudicated", "adjudication_note"]]


ADJUDICATIONS = ("independent", "non-blind")
"""The two adjudications: the blind, independent one (primary) and the non-blind one (sensitivity)."""


def load_gold(adjudication: str = "independent", folder: str | Path | None = None) -> pd.DataFrame:
    """One row per **body sentence** of the gold set.

    ``"independent"`` (default, primary): the stored ``data/annotations/tone_gold.csv``, built from the blind,
    independent adjudication. ``"non-blind"``: the same passes with the non-blind adjudication
    (:func:`rebuild_gold`), the sensitivity check; it carries the ``text`` of the stored file.
    """
    if adjudication not in ADJUDICATIONS:
        raise ValueError(f"unknown adjudication {adjudication!r}; use one of {ADJUDICATIONS}.")
    path = Path(folder or ANNOTATIONS) / GOLD_FILE
    if not path.is_file():
        raise FileNotFoundError(f"'{path}' not found; build it from the two passes (helpers.tone_gold.rebuild_gold).")
    stored = pd.read_csv(path, dtype={"unit_id": str, "gold_class": str, "adjudication_note": str},
                         keep_default_na=False, encoding="utf-8")
    if adjudication == "independent":
        return stored
    other = rebuild_gold(folder, adjudication="non-blind")
    return other.merge(stored[["unit_id", "text"]], on="unit_id", how="left", validate="one_to_one")


def gold_scores(gold: pd.DataFrame, scores: dict, classes: dict, n_boot: int = 1000, seed: int = 0,
                n_perm: int = 1000) -> pd.DataFrame:
    """One row per **method**: Spearman r with the gold tone and macro-F1 against the gold class, with 95% CIs.

    ``scores`` maps a method to its scores (one per row of ``gold``; ranks are what count) and ``classes``
    maps a method to its predicted classes (cut-points fixed before it saw the gold set). The bootstrap
    resamples sentences (the same resamples for every method). ``chance_f1`` is the mean macro-F1 of the
    method's own predicted classes shuffled across sentences (a permutation baseline). A sentence without a score
    (NaN, e.g. an edited sentence with no stored news-tuned score) is left out of that method's numbers.
    """
    tone = gold["gold"].to_numpy(dtype=float)
    cls = gold["gold_class"].to_numpy(dtype=object)
    samples = bootstrap_samples(len(gold), n_boot, seed)
    rows = []
    for name, s in scores.items():
        s = np.asarray(s, dtype=float)
        p = np.asarray(classes[name], dtype=object)
        ok = ~np.isnan(s)
        kept = [i[ok[i]] for i in samples]
        r_lo, r_hi = _interval([spearman(tone[i], s[i]) for i in kept])
        f_lo, f_hi = _interval([macro_f1(cls[i], p[i]) for i in kept])
        rows.append((name, spearman(tone[ok], s[ok]), r_lo, r_hi, macro_f1(cls[ok], p[ok]), f_lo, f_hi,
                     chance_macro_f1(cls[ok], p[ok], n_perm=n_perm, seed=seed)))
    return pd.DataFrame(rows, columns=["method", "spearman", "spearman_ci_low", "spearman_ci_high", "macro_f1",
                                       "f1_ci_low", "f1_ci_high", "chance_f1"])


def majority_baseline(gold: pd.DataFrame) -> dict:
    """Macro-F1 of always predicting the gold set's most frequent class (ties: order of CLASSES)."""
    counts = gold["gold_class"].value_counts().reindex(list(CLASSES), fill_value=0)
    top = counts.idxmax()
    return {"class": top, "macro_f1": macro_f1(gold["gold_class"], np.full(len(gold), top, dtype=object))}


ADJUDICATION_FILE = "tone_adjudication.csv"
INDEPENDENT_FILE = "tone_adjudication_independent.csv"


def independent_gold_labels(merged: pd.DataFrame, independent: pd.DataFrame, source: str = INDEPENDENT_FILE) -> pd.DataFrame:
    """One row per **sentence**: the gold tone of the blind, independent adjudication.

    ``independent`` has one row per sentence (``unit_id``, ``tone_a``, ``tone_b``, ``gold``, ``adjudicated``
    yes/no, ``reason``); its passes must equal ``merged``'s. Where the two passes agree in value the gold is
    that value; where they differ the adjudicator's ``gold`` is used. Columns as :func:`gold_labels`.
    """
    ind = independent.set_index("unit_id")
    missing = sorted(set(merged["unit_id"]) - set(ind.index))
    if missing:
        raise ValueError(f"'{source}' has no row for {missing[0]} (and {len(missing) - 1} more).")
    ind = ind.loc[merged["unit_id"]]
    for c in ("tone_a", "tone_b"):
        if (pd.to_numeric(ind[c]).to_numpy() != merged[c].to_numpy()).any():
            raise ValueError(f"'{source}': column {c} does not match the stored pass; re-run the adjudication.")
    out = merged[["unit_id", "tone_a", "tone_b"]].copy()
    out["gold"] = pd.to_numeric(ind["gold"]).astype(int).to_numpy()
    out["adjudicated"] = (ind["adjudicated"].astype(str).str.lower() == "yes").to_numpy()
    out["adjudication_note"] = ind["reason"].fillna("").astype(str).to_numpy()
    agree = out["tone_a"] == out["tone_b"]
    if (out.loc[agree, "gold"] != out.loc[agree, "tone_a"]).any() or (out["adjudicated"] == agree).any():
        raise ValueError(f"'{source}': a sentence on which both passes agree was changed, or a disagreement "
                         "was not adjudicated.")
    out["gold_class"] = tone_classes(out["gold"]).to_numpy()
    return out[["unit_id", "tone_a", "tone_b", "gold", "gold_class", "adjudicated", "adjudication_note"]]


def rebuild_gold(folder: str | Path | None = None, adjudication: str = "independent") -> pd.DataFrame:
    """The gold set recomputed from the two passes and one adjudication file in ``folder``: one row per
    **sentence**, the columns of :func:`gold_labels` (a test checks that the ``"independent"`` one equals the
    stored ``tone_gold.csv``). ``adjudication``: ``"independent"`` (primary) or ``"non-blind"``."""
    folder = Path(folder or ANNOTATIONS)
    merged = merge_passes(load_pass(folder / PASS_FILES["A"]), load_pass(folder / PASS_FILES["B"]))
    if adjudication == "independent":
        ind = pd.read_csv(folder / INDEPENDENT_FILE, dtype={"unit_id": str, "reason": str, "adjudicated": str},
                          keep_default_na=False)
        return independent_gold_labels(merged, ind, str(folder / INDEPENDENT_FILE))
    if adjudication != "non-blind":
        raise ValueError(f"unknown adjudication {adjudication!r}; use one of {ADJUDICATIONS}.")
    adj = pd.read_csv(folder / ADJUDICATION_FILE, dtype={"unit_id": str, "note": str}, keep_default_na=False)
    return gold_labels(merged, adj)


def write_gold(folder: str | Path | None = None) -> Path:
    """Rewrite ``tone_gold.csv`` from the passes and the independent adjudication, keeping its ``text`` column."""
    folder = Path(folder or ANNOTATIONS)
    path = folder / GOLD_FILE
    text = pd.read_csv(path, dtype={"unit_id": str}, keep_default_na=False, encoding="utf-8")[["unit_id", "text"]]
    new = rebuild_gold(folder).merge(text, on="unit_id", how="left", validate="one_to_one")
    new.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def adjudication_sensitivity(scores_by_gold: dict) -> pd.DataFrame:
    """One row per **method x adjudication**: ``scores_by_gold`` maps an adjudication name to a
    :func:`gold_scores` table; returns them stacked with an ``adjudication`` column first."""
    return pd.concat([t.assign(adjudication=a) for a, t in scores_by_gold.items()], ignore_index=True)[
        ["adjudication", "method", "spearman", "spearman_ci_low", "spearman_ci_high", "macro_f1", "f1_ci_low",
         "f1_ci_high"]]


def attach(gold: pd.DataFrame, scored: pd.DataFrame) -> pd.DataFrame:
    """One row per **gold sentence**: the gold columns joined to the scored corpus sentences by ``unit_id``.

    Raises a ValueError if a gold sentence is missing from ``scored`` or its text differs (the sentence
    splitter changed): the gold set then has to be re-matched before any score is compared with it.
    """
    g = gold.drop(columns=[c for c in ("text",) if c in gold]).merge(scored, on="unit_id", how="left",
                                                                     validate="one_to_one")
    missing = g["text"].isna()
    if missing.any():
        raise ValueError(f"{int(missing.sum())} gold sentences (first: {g.loc[missing, 'unit_id'].iloc[0]}) are not "
                         "among the scored sentences; the sentence splitter changed. Re-match data/annotations/tone_gold.csv.")
    if "text" in gold:
        norm = lambda s: s.astype(str).str.split().str.join(" ")  # noqa: E731
        differ = norm(gold.set_index("unit_id").loc[g["unit_id"], "text"]).to_numpy() != norm(g["text"]).to_numpy()
        if differ.any():
            raise ValueError(f"{int(differ.sum())} gold sentences have a different text now (first: "
                             f"{g.loc[differ, 'unit_id'].iloc[0]}); re-match data/annotations/tone_gold.csv.")
    return g


def as_validation_table(scores: pd.DataFrame) -> pd.DataFrame:
    """:func:`gold_scores` in the long layout of :func:`helpers.sentiment_validation.validation_table`."""
    a = scores.assign(metric="Spearman r (gold tone)")[["method", "metric", "spearman", "spearman_ci_low",
                                                         "spearman_ci_high"]]
    b = scores.assign(metric="macro-F1 (gold class)")[["method", "metric", "macro_f1", "f1_ci_low", "f1_ci_high"]]
    cols = ["method", "metric", "value", "ci_low", "ci_high"]
    return pd.concat([a.set_axis(cols, axis=1), b.set_axis(cols, axis=1)], ignore_index=True)
