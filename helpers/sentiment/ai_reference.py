"""The AI-coded reference tone of the corpus's body sentences: two AI coding passes, adjudicated.

It is an **AI-coded reference**, not a human gold standard: two runs of one model family coded every body
sentence, a third run adjudicated; their agreement is consistency within one model family. Who or what coded, in
which order and what each had seen: ``data/annotations/PROVENANCE_tone.md``. Coding guide:
``data/annotations/TONE_CODING_GUIDE.md``. Files (all in ``data/annotations/``): ``tone_ai_pass_A.csv`` and
``tone_ai_pass_B.csv`` (one row per **sentence**: ``unit_id``, ``tone`` -2..+2, ``note``) and
``tone_ai_reference.csv`` (one row per **sentence**: both passes, the ``reference`` tone and class, whether it was
adjudicated, the adjudication note, the text). :func:`reference_scores` scores any number of methods against it.

Two adjudications exist. The **blind** one (``tone_ai_adjudication_blind.csv``, primary) was made by a run that saw
only the guide, the sentences and the two passes with their notes (no lexicon, no score); it decided every sentence
on which the passes differ in *value*; ``tone_ai_reference.csv`` is built from it. The **seen-scores** one
(``tone_ai_adjudication_seen_scores.csv``) was made by a run that had seen the scorers' outputs; it decided only the
sentences whose passes differ in *class* (a fixed rounding rule set the others) and is kept as a sensitivity check
(``load_reference("seen scores")``).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers.paths import PROJECT_ROOT
from helpers.sentiment.validation import (CLASSES, _interval, bootstrap_samples, chance_macro_f1, macro_f1,
                                          spearman, tone_classes)

ANNOTATIONS = PROJECT_ROOT / "data" / "annotations"
PASS_FILES = {"A": "tone_ai_pass_A.csv", "B": "tone_ai_pass_B.csv"}
REFERENCE_FILE = "tone_ai_reference.csv"
BLIND_FILE = "tone_ai_adjudication_blind.csv"
SEEN_SCORES_FILE = "tone_ai_adjudication_seen_scores.csv"
ADJUDICATIONS = ("blind", "seen scores")
"""The two adjudications: the blind one (primary) and the one by a run that had seen scores (sensitivity)."""
COLUMNS = ["unit_id", "tone_a", "tone_b", "reference", "reference_class", "adjudicated", "adjudication_note"]


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


def seen_scores_labels(merged: pd.DataFrame, adjudicated: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per **sentence**: the reference tone of the seen-scores adjudication.

    Where both passes give the same class, the tone is their mean rounded towards 0 (a fixed rule, so it keeps
    that class); where they differ in class, it is the adjudicated ``tone`` from ``adjudicated`` (``unit_id``,
    ``tone``, ``note``), which must then cover every such sentence. Columns: :data:`COLUMNS`.
    """
    out = merged[["unit_id", "tone_a", "tone_b"]].copy()
    out["reference"] = np.fix((out["tone_a"] + out["tone_b"]) / 2).astype(int)
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
        out.loc[rows, "reference"] = adj.loc[out.loc[rows, "unit_id"], "tone"].astype(int).to_numpy()
        out.loc[rows, "adjudication_note"] = adj.loc[out.loc[rows, "unit_id"], "note"].fillna("").astype(str).to_numpy()
    out["reference_class"] = tone_classes(out["reference"]).to_numpy()
    return out[COLUMNS]


def blind_labels(merged: pd.DataFrame, blind: pd.DataFrame, source: str = BLIND_FILE) -> pd.DataFrame:
    """One row per **sentence**: the reference tone of the blind adjudication.

    ``blind`` has one row per sentence (``unit_id``, ``tone_a``, ``tone_b``, ``reference``, ``adjudicated``
    yes/no, ``reason``); its passes must equal ``merged``'s. Where the two passes agree in value the reference is
    that value; where they differ the adjudicator's is used. Columns: :data:`COLUMNS`.
    """
    ind = blind.set_index("unit_id")
    missing = sorted(set(merged["unit_id"]) - set(ind.index))
    if missing:
        raise ValueError(f"'{source}' has no row for {missing[0]} (and {len(missing) - 1} more).")
    ind = ind.loc[merged["unit_id"]]
    for c in ("tone_a", "tone_b"):
        if (pd.to_numeric(ind[c]).to_numpy() != merged[c].to_numpy()).any():
            raise ValueError(f"'{source}': column {c} does not match the stored pass; re-run the adjudication.")
    out = merged[["unit_id", "tone_a", "tone_b"]].copy()
    out["reference"] = pd.to_numeric(ind["reference"]).astype(int).to_numpy()
    out["adjudicated"] = (ind["adjudicated"].astype(str).str.lower() == "yes").to_numpy()
    out["adjudication_note"] = ind["reason"].fillna("").astype(str).to_numpy()
    agree = out["tone_a"] == out["tone_b"]
    if (out.loc[agree, "reference"] != out.loc[agree, "tone_a"]).any() or (out["adjudicated"] == agree).any():
        raise ValueError(f"'{source}': a sentence on which both passes agree was changed, or a disagreement "
                         "was not adjudicated.")
    out["reference_class"] = tone_classes(out["reference"]).to_numpy()
    return out[COLUMNS]


def rebuild_reference(folder: str | Path | None = None, adjudication: str = "blind") -> pd.DataFrame:
    """The reference recomputed from the two passes and one adjudication file in ``folder``: one row per
    **sentence**, :data:`COLUMNS` (a test checks that the ``"blind"`` one equals the stored file)."""
    folder = Path(folder or ANNOTATIONS)
    merged = merge_passes(load_pass(folder / PASS_FILES["A"]), load_pass(folder / PASS_FILES["B"]))
    if adjudication == "blind":
        ind = pd.read_csv(folder / BLIND_FILE, dtype={"unit_id": str, "reason": str, "adjudicated": str},
                          keep_default_na=False)
        return blind_labels(merged, ind, str(folder / BLIND_FILE))
    if adjudication != "seen scores":
        raise ValueError(f"unknown adjudication {adjudication!r}; use one of {ADJUDICATIONS}.")
    adj = pd.read_csv(folder / SEEN_SCORES_FILE, dtype={"unit_id": str, "note": str}, keep_default_na=False)
    return seen_scores_labels(merged, adj)


def load_reference(adjudication: str = "blind", folder: str | Path | None = None) -> pd.DataFrame:
    """One row per **body sentence** coded in the AI-coded reference: :data:`COLUMNS` and ``text``.

    ``"blind"`` (default, primary): the stored ``tone_ai_reference.csv``. ``"seen scores"``: the same passes with
    the adjudication by the run that had seen scores (:func:`rebuild_reference`), the sensitivity check.
    """
    if adjudication not in ADJUDICATIONS:
        raise ValueError(f"unknown adjudication {adjudication!r}; use one of {ADJUDICATIONS}.")
    path = Path(folder or ANNOTATIONS) / REFERENCE_FILE
    if not path.is_file():
        raise FileNotFoundError(f"'{path}' not found; rebuild it from the two passes "
                                "(helpers.sentiment.ai_reference.write_reference).")
    stored = pd.read_csv(path, dtype={"unit_id": str, "reference_class": str, "adjudication_note": str},
                         keep_default_na=False, encoding="utf-8")
    if adjudication == "blind":
        return stored
    other = rebuild_reference(folder, adjudication="seen scores")
    return other.merge(stored[["unit_id", "text"]], on="unit_id", how="left", validate="one_to_one")


def write_reference(folder: str | Path | None = None) -> Path:
    """Rewrite ``tone_ai_reference.csv`` from the passes and the blind adjudication, keeping its ``text`` column."""
    folder = Path(folder or ANNOTATIONS)
    path = folder / REFERENCE_FILE
    text = pd.read_csv(path, dtype={"unit_id": str}, keep_default_na=False, encoding="utf-8")[["unit_id", "text"]]
    new = rebuild_reference(folder).merge(text, on="unit_id", how="left", validate="one_to_one")
    new.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def attach(reference: pd.DataFrame, scored: pd.DataFrame) -> pd.DataFrame:
    """One row per **reference sentence**: the reference columns joined to the scored corpus sentences by
    ``unit_id``.

    Raises a ValueError if a reference sentence is missing from ``scored`` or its text differs (the sentence
    splitter changed): the reference then has to be re-matched before any score is compared with it.
    """
    g = reference.drop(columns=[c for c in ("text",) if c in reference]).merge(scored, on="unit_id", how="left",
                                                                               validate="one_to_one")
    missing = g["text"].isna()
    if missing.any():
        raise ValueError(f"{int(missing.sum())} reference sentences (first: {g.loc[missing, 'unit_id'].iloc[0]}) are "
                         "not among the scored sentences; the sentence splitter changed. Re-match "
                         "data/annotations/tone_ai_reference.csv.")
    if "text" in reference:
        norm = lambda s: s.astype(str).str.split().str.join(" ")  # noqa: E731
        differ = norm(reference.set_index("unit_id").loc[g["unit_id"], "text"]).to_numpy() != norm(g["text"]).to_numpy()
        if differ.any():
            raise ValueError(f"{int(differ.sum())} reference sentences have a different text now (first: "
                             f"{g.loc[differ, 'unit_id'].iloc[0]}); re-match data/annotations/tone_ai_reference.csv.")
    return g


# --------------------------------------------------------------------------- scoring methods against it


def reference_scores(ref: pd.DataFrame, scores: dict, classes: dict, n_boot: int = 1000, seed: int = 0,
                     n_perm: int = 1000) -> pd.DataFrame:
    """One row per **method**: Spearman r with the reference tone and macro-F1 against the reference class, with
    95% CIs.

    ``scores`` maps a method to its scores (one per row of ``ref``; ranks are what count) and ``classes`` maps a
    method to its predicted classes (cut-points fixed before it saw the reference). The bootstrap resamples
    sentences (the same resamples for every method). ``chance_f1`` is the mean macro-F1 of the method's own
    predicted classes shuffled across sentences (a permutation baseline). A sentence without a score (NaN) is left
    out of that method's numbers.
    """
    tone = ref["reference"].to_numpy(dtype=float)
    cls = ref["reference_class"].to_numpy(dtype=object)
    samples = bootstrap_samples(len(ref), n_boot, seed)
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


def majority_baseline(ref: pd.DataFrame) -> dict:
    """Macro-F1 of always predicting the reference's most frequent class (ties: order of CLASSES)."""
    counts = ref["reference_class"].value_counts().reindex(list(CLASSES), fill_value=0)
    top = counts.idxmax()
    return {"class": top, "macro_f1": macro_f1(ref["reference_class"], np.full(len(ref), top, dtype=object))}


def as_validation_table(scores: pd.DataFrame) -> pd.DataFrame:
    """:func:`reference_scores` in the long layout of :func:`helpers.sentiment.validation.validation_table`."""
    a = scores.assign(metric="Spearman r (reference tone)")[["method", "metric", "spearman", "spearman_ci_low",
                                                              "spearman_ci_high"]]
    b = scores.assign(metric="macro-F1 (reference class)")[["method", "metric", "macro_f1", "f1_ci_low",
                                                             "f1_ci_high"]]
    cols = ["method", "metric", "value", "ci_low", "ci_high"]
    return pd.concat([a.set_axis(cols, axis=1), b.set_axis(cols, axis=1)], ignore_index=True)


def lodo_differences(g: pd.DataFrame, a: str, b: str, truth: str = "reference") -> pd.DataFrame:
    """One row per **document left out**: Spearman r of ``a`` and of ``b`` with ``truth`` on the other
    documents' sentences, and their difference (a minus b). A check on sentence-level intervals, which treat
    sentences of one document as independent."""
    rows = []
    for doc in sorted(g["doc_id"].unique()):
        rest = g[g["doc_id"] != doc]
        ra, rb = spearman(rest[truth], rest[a]), spearman(rest[truth], rest[b])
        rows.append((doc, len(rest), ra, rb, ra - rb))
    return pd.DataFrame(rows, columns=["left_out", "n_sentences", f"spearman_{a}", f"spearman_{b}", "difference"])


# --------------------------------------------------------------------------- the two adjudications


def adjudication_sources(blind: pd.DataFrame, seen: pd.DataFrame) -> pd.DataFrame:
    """One row per **sentence whose reference tone differs between the two adjudications**: both tones and the
    ``source`` of the seen-scores value: ``"adjudicator (had seen scores)"`` where the passes differ in class (the
    adjudicator decided), ``"rounding rule"`` where they differ only in value (a fixed rule set it)."""
    m = blind.merge(seen[["unit_id", "reference"]], on="unit_id", suffixes=("_blind", "_seen"))
    by_class = tone_classes(m["tone_a"]).to_numpy() != tone_classes(m["tone_b"]).to_numpy()
    m["source"] = np.where(by_class, "adjudicator (had seen scores)", "rounding rule")
    keep = m["reference_blind"] != m["reference_seen"]
    return m.loc[keep, ["unit_id", "tone_a", "tone_b", "reference_blind", "reference_seen", "source"]].reset_index(
        drop=True)


def shift_by_source(blind: pd.DataFrame, seen: pd.DataFrame, scores: pd.Series) -> pd.DataFrame:
    """One row per **source** of :func:`adjudication_sources` plus ``total``: how much each source's changes move
    the Spearman r of ``scores`` (one per row of ``blind``) with the reference, blind -> seen scores.

    Spearman r is not additive, so each source's share is the mean of its two orderings (applied first to the
    blind reference, or applied last after the other source): a two-player Shapley split that sums to the total.
    Columns: ``source``, ``n_sentences``, ``shift_first``, ``shift_last``, ``shift`` (their mean).
    """
    src = adjudication_sources(blind, seen).set_index("unit_id")
    base = blind["reference"].to_numpy(dtype=float)
    ids = blind["unit_id"].to_numpy()
    s = np.asarray(scores, dtype=float)

    def with_changes(which) -> np.ndarray:
        out = base.copy()
        for i, uid in enumerate(ids):
            if uid in src.index and src.loc[uid, "source"] in which:
                out[i] = src.loc[uid, "reference_seen"]
        return out

    r0 = spearman(base, s)
    names = sorted(src["source"].unique())
    total = spearman(with_changes(names), s) - r0
    rows = []
    for name in names:
        first = spearman(with_changes([name]), s) - r0
        last = total - (spearman(with_changes([n for n in names if n != name]), s) - r0)
        rows.append((name, int((src["source"] == name).sum()), first, last, (first + last) / 2))
    rows.append(("total", len(src), total, total, total))
    return pd.DataFrame(rows, columns=["source", "n_sentences", "shift_first", "shift_last", "shift"])


def adjudication_sensitivity(scores_by_reference: dict) -> pd.DataFrame:
    """One row per **method x adjudication**: ``scores_by_reference`` maps an adjudication name to a
    :func:`reference_scores` table; returns them stacked with an ``adjudication`` column first."""
    return pd.concat([t.assign(adjudication=a) for a, t in scores_by_reference.items()], ignore_index=True)[
        ["adjudication", "method", "spearman", "spearman_ci_low", "spearman_ci_high", "macro_f1", "f1_ci_low",
         "f1_ci_high"]]
