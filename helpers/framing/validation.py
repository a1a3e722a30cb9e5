"""Validation of frame codings: a dictionary against hand coding, and one hand coding against another.

Units of analysis (every function returns a tidy DataFrame and says which):

* :func:`load_handcoding`, :func:`load_second_coding`, :func:`matching_handcoding` -- one row per
  **coded paragraph**;
* :func:`long_codes` -- one row per **paragraph x frame** (``present`` 0/1);
* :func:`agreement` -- one row per **frame**: precision, recall, F1 and Cohen's kappa of the dictionary
  against hand coding, each with a bootstrap interval;
* :func:`coder_agreement` -- one row per **frame**: Krippendorff's alpha and Cohen's kappa between two
  codings, with bootstrap intervals;
* :func:`coder_disagreements` -- one row per **paragraph x frame** on which two codings differ;
* :func:`disagreements` -- one row per **paragraph** (frames on which dictionary and hand coding differ);
* :func:`leak_audit` -- one row per **indicator** that matches test paragraphs only.

Intervals are percentile bootstrap intervals (:data:`N_BOOT` draws, seed :data:`BOOT_SEED`), computed in
:mod:`helpers.reliability`: once over paragraphs, and once over documents (a *cluster bootstrap*: whole
documents drawn, their paragraphs kept together). Paragraphs of one article are not independent, so the
paragraph bootstrap is too narrow; with five documents the cluster bootstrap has only 126 distinct
resamples and is crude too. Frames with fewer than :data:`MIN_POSITIVE` positive paragraphs get no interval.
Re-tuning inside cross-validation folds is in :mod:`helpers.validation_cv`.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.paths import PROJECT_ROOT
from helpers.stats.reliability import binary_stats, bootstrap_weights, krippendorff_alpha_nominal, percentile_interval

DEFAULT_HANDCODING = PROJECT_ROOT / "data" / "annotations" / "frames_handcoded.csv"
DEFAULT_PASS2 = PROJECT_ROOT / "data" / "annotations" / "frames_handcoded_pass2.csv"
DEFAULT_ADJUDICATION = PROJECT_ROOT / "data" / "annotations" / "frames_adjudication_independent.csv"
"""The primary adjudication: made blind to the dictionary, the split and every score."""
DEFAULT_ADJUDICATION_INFORMED = PROJECT_ROOT / "data" / "annotations" / "frames_adjudication.csv"
"""The informed adjudication (its author had seen the dictionary and its figures): a sensitivity check."""
SPLIT_SEED = 2026
"""The seed used once to split the hand-coded paragraphs into tuning and test halves."""
BOOT_SEED = 2026
"""Default seed of every bootstrap here."""
N_BOOT = 2000
"""Default number of bootstrap draws."""
MIN_POSITIVE = 5
"""Below this many hand-coded positive paragraphs a frame's figures are shown without intervals, as not
estimable: one or two positives give intervals such as [1.00, 1.00] that only look precise."""
STATS = ("precision", "recall", "f1", "kappa", "alpha")


class HandcodingError(ValueError):
    """A hand-coding file lacks a column or holds a value other than 0/1 (the message names file and row)."""


# --------------------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------------------

def split_halves(unit_ids: pd.Series | list[str], seed: int = SPLIT_SEED) -> pd.Series:
    """One label per **paragraph**: ``"tuning"`` or ``"test"``, drawn once at random with ``seed``.

    The ids are sorted first, so the split depends only on the set of ids and the seed, not on row order.
    The tuning half gets the extra paragraph when the number is odd. Returns a Series indexed by unit_id.
    """
    ids = sorted(pd.Series(unit_ids).astype(str))
    order = np.random.default_rng(seed).permutation(len(ids))
    n_tune = math.ceil(len(ids) / 2)
    labels = np.empty(len(ids), dtype=object)
    labels[order[:n_tune]] = "tuning"
    labels[order[n_tune:]] = "test"
    return pd.Series(labels, index=pd.Index(ids, name="unit_id"), name="split")


def _check_codes(table: pd.DataFrame, frames: list[str], name: str) -> pd.DataFrame:
    for col in frames:
        bad = table.loc[~table[col].astype(str).isin(["0", "1"]), "unit_id"]
        if len(bad):
            raise HandcodingError(f"'{name}', column '{col}': row {bad.iloc[0]} is not 0 or 1; "
                                  "code every paragraph 1 (present) or 0 (absent).")
        table[col] = table[col].astype(int)
    return table


def load_handcoding(path: str | Path | None = None, frames: list[str] | None = None,
                    required: tuple[str, ...] = ("unit_id", "split")) -> pd.DataFrame:
    """One row per **hand-coded paragraph**: ``unit_id``, ``doc_id``, ``text``, one 0/1 column per coded
    frame, ``note`` and ``split``. Frames of ``frames`` that the file has no column for are simply not there
    (see :func:`coded_frames`; the agreement table then says "not validated"). Raises
    :class:`HandcodingError` if a ``required`` column is missing or a frame column holds anything but 0/1."""
    path = Path(path) if path is not None else DEFAULT_HANDCODING
    if not path.is_file():
        raise HandcodingError(f"hand-coding file '{path}' not found; pass HANDCODING = the path of a CSV with "
                              "unit_id and one 0/1 column per frame.")
    hand = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in required:
        if col not in hand.columns:
            raise HandcodingError(f"'{path.name}' lacks the column '{col}'.")
    return _check_codes(hand, [f for f in frames or [] if f in hand.columns], path.name)


def load_second_coding(path: str | Path | None = None, frames: list[str] | None = None) -> pd.DataFrame:
    """One row per **paragraph** of a second, independent coding (``unit_id``, one 0/1 column per frame,
    ``note``), read like :func:`load_handcoding` but without a ``split`` column."""
    return load_handcoding(path if path is not None else DEFAULT_PASS2, frames, required=("unit_id",))


def coded_frames(hand: pd.DataFrame, frames: list[str]) -> list[str]:
    """The frames of ``frames`` (in order) that the hand coding has a column for."""
    return [f for f in frames if f in hand.columns]


def matching_handcoding(hand: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The rows of a hand-coding table (one row per **paragraph**) whose ``unit_id`` is among ``units`` and
    whose text is the same, so that hand codes are never compared with a different paragraph (for example
    when the notebook runs on another corpus, or a raw file was edited after coding)."""
    current = units.set_index("unit_id")["text"]
    same = hand["unit_id"].map(current).eq(hand["text"])
    return hand[same.fillna(False).astype(bool)].reset_index(drop=True)


def long_codes(hand: pd.DataFrame, frames: list[str]) -> pd.DataFrame:
    """A wide coding as one row per **paragraph x frame**: ``unit_id``, ``frame``, ``present`` (0/1)."""
    frames = coded_frames(hand, frames)
    out = hand.melt(id_vars="unit_id", value_vars=frames, var_name="frame", value_name="present")
    out["present"] = out["present"].astype(int)
    return out


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
# Dictionary against hand coding
# --------------------------------------------------------------------------------------------------------------

def _paired(hand: pd.DataFrame, scores: pd.DataFrame, frame: str, split: str | None) -> pd.DataFrame:
    h = hand if split is None else hand[hand["split"] == split]
    d = scores[scores["frame"] == frame].set_index("unit_id")["present"]
    return pd.DataFrame({"hand": h.set_index("unit_id")[frame].astype(int),
                         "dictionary": d.reindex(h["unit_id"]).fillna(0).astype(int).values})


def agreement(hand: pd.DataFrame, scores: pd.DataFrame, frames: list[str], split: str | None = "test",
              min_positive: int = MIN_POSITIVE, n_boot: int = N_BOOT, seed: int = BOOT_SEED) -> pd.DataFrame:
    """One row per **frame**: dictionary vs hand coding on the paragraphs of one ``split`` (None = all).

    Columns: ``frame``, ``split``, ``n`` (paragraphs), ``hand_pos``, ``dict_pos``, ``tp``, ``precision``,
    ``recall``, ``f1``, ``kappa``, each with two 95 % percentile bootstrap intervals (:func:`pair_stats`):
    paragraphs resampled (``*_lo``, ``*_hi``) and documents resampled with their paragraphs (``*_lo_doc``,
    ``*_hi_doc``), ``estimable`` and ``note``. Undefined figures are NaN with the reason in ``note``:
    precision when the dictionary finds nothing, recall and kappa when the hand coding has no paragraph with
    the frame. F1 is 0 when the dictionary finds none of the hand-coded paragraphs. A frame the hand coding
    has no column for is listed as "not validated". Frames with fewer than ``min_positive`` hand-coded
    paragraphs get no intervals and the note "not estimable".
    """
    h = hand if split is None else hand[hand["split"] == split]
    docs = doc_of(h["unit_id"])
    rows = []
    for fr in frames:
        base = {"frame": fr, "split": split or "all"}
        if fr not in hand.columns:
            rows.append({**base, "n": len(h), "note": "not validated: the hand coding has no column for this frame"})
            continue
        p = _paired(hand, scores, fr, split)
        row = {**base, **pair_stats(p["hand"].to_numpy(), p["dictionary"].to_numpy(), docs, n_boot, seed,
                                    min_positive)}
        note = _note(row, min_positive)
        rows.append({**row, "note": note})
    out = pd.DataFrame(rows).reindex(columns=AGREEMENT_COLUMNS)
    out["note"] = out["note"].fillna("")
    return out


AGREEMENT_COLUMNS = (["frame", "split", "n", "hand_pos", "dict_pos", "tp", "prevalence", "f1_all_positive"]
                     + [c for k in ("precision", "recall", "f1", "kappa")
                        for c in (k, f"{k}_lo", f"{k}_hi", f"{k}_lo_doc", f"{k}_hi_doc")]
                     + ["estimable", "note"])


def _note(row: dict, min_positive: int) -> str:
    notes = []
    if row["hand_pos"] == 0:   # kappa would be 0 or 0/0 whatever the dictionary does
        row["kappa"] = np.nan
        notes.append("frame absent from the hand coding of these paragraphs: recall and kappa undefined")
    if row["dict_pos"] == 0:
        notes.append("dictionary finds no paragraph: precision undefined")
    if 0 < row["hand_pos"] < min_positive:
        notes.append(f"only {row['hand_pos']} hand-coded paragraph(s): not estimable, no interval")
    return "; ".join(notes)


def disagreements(hand: pd.DataFrame, scores: pd.DataFrame, frames: list[str], split: str | None = "test"
                  ) -> pd.DataFrame:
    """One row per **paragraph** of the split: how many frames the dictionary and hand coding disagree on.

    Columns: ``unit_id``, ``n_disagree``, ``hand_only`` (frames coded by hand, missed by the
    dictionary), ``dict_only`` (found by the dictionary, not coded by hand), ``text``. Sorted by
    ``n_disagree`` (descending), then unit_id.
    """
    frames = coded_frames(hand, frames)
    h = hand if split is None else hand[hand["split"] == split]
    d = scores[scores["frame"].isin(frames)].pivot(index="unit_id", columns="frame", values="present")
    rows = []
    for rec in h.itertuples(index=False):
        hand_on = {f for f in frames if getattr(rec, f) == 1}
        dict_on = {f for f in frames if rec.unit_id in d.index and d.at[rec.unit_id, f] == 1}
        rows.append({"unit_id": rec.unit_id, "n_disagree": len(hand_on ^ dict_on),
                     "hand_only": ", ".join(f for f in frames if f in hand_on - dict_on),
                     "dict_only": ", ".join(f for f in frames if f in dict_on - hand_on), "text": rec.text})
    out = pd.DataFrame(rows, columns=["unit_id", "n_disagree", "hand_only", "dict_only", "text"])
    return out.sort_values(["n_disagree", "unit_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def leak_audit(hits: pd.DataFrame, hand: pd.DataFrame, definitions: dict[str, str]) -> pd.DataFrame:
    """One row per **indicator** (current or removed) whose matches fall in test paragraphs only.

    ``hits`` is :func:`helpers.framing.indicator_hits`. Columns: ``frame``, ``indicator``, ``status``,
    ``test_paragraphs`` (ids), ``n_test``, ``in_guide`` (does the indicator's stem appear in
    ``definitions[frame]``, the coding guide's definition from :func:`guide_definitions`, so that it could
    have come from the guide rather than from a test paragraph?). Frames without a definition (metaphor
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
# One hand coding against another
# --------------------------------------------------------------------------------------------------------------

def coder_agreement(first: pd.DataFrame, second: pd.DataFrame, frames: list[str], unit_ids: list[str] | None = None,
                    n_boot: int = N_BOOT, seed: int = BOOT_SEED, min_positive: int = MIN_POSITIVE) -> pd.DataFrame:
    """One row per **frame**: agreement of two independent codings of the same paragraphs.

    Columns: ``frame``, ``n`` (paragraphs both coded), ``pos_first``, ``pos_second``, ``agree`` (share of
    paragraphs coded alike), ``alpha`` (Krippendorff's alpha, nominal, :func:`helpers.reliability.
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


def adjudicated_coding(first: pd.DataFrame, adjudication: pd.DataFrame, frames: list[str]) -> pd.DataFrame:
    """The first coding (one row per **paragraph**) with every adjudicated cell replaced by its decision.

    ``adjudication`` has one row per **paragraph x frame** in dispute: ``unit_id``, ``frame``, ``decision``
    (0/1) and ``reason``. Raises :class:`HandcodingError` for a decision that is not 0/1 or a frame unknown."""
    out = first.copy()
    for rec in adjudication.itertuples(index=False):
        if rec.frame not in frames or rec.frame not in out.columns:
            raise HandcodingError(f"adjudication: unknown frame '{rec.frame}' for {rec.unit_id}.")
        if str(rec.decision) not in ("0", "1"):
            raise HandcodingError(f"adjudication: decision for {rec.unit_id} / {rec.frame} is not 0 or 1.")
        out.loc[out["unit_id"] == rec.unit_id, rec.frame] = int(rec.decision)
    return out


def load_adjudication(path: str | Path | None = None) -> pd.DataFrame:
    """One row per **disputed paragraph x frame**: ``unit_id``, ``frame``, ``first``, ``second``, ``decision``
    (0/1), ``reason``. Reads both file layouts of the project (``first/second/decision`` and
    ``pass1/pass2/gold``); ``None`` is the primary, blind adjudication (:data:`DEFAULT_ADJUDICATION`).
    Raises :class:`HandcodingError` naming the file when a column is missing."""
    path = Path(path) if path is not None else DEFAULT_ADJUDICATION
    if not path.is_file():
        raise HandcodingError(f"adjudication file '{path}' not found; pass ADJUDICATION = the path of a CSV with "
                              "unit_id, frame, decision (0/1) and reason.")
    adj = pd.read_csv(path, dtype=str, keep_default_na=False).rename(
        columns={"pass1": "first", "pass2": "second", "gold": "decision"})
    for col in ("unit_id", "frame", "decision"):
        if col not in adj.columns:
            raise HandcodingError(f"'{path.name}' lacks the column '{col}' (or its other name: gold).")
    for col in ("first", "second", "reason"):
        if col not in adj.columns:
            adj[col] = ""
    return adj[["unit_id", "frame", "first", "second", "decision", "reason"]]


def guide_definitions(path: str | Path | None = None) -> dict[str, str]:
    """The coding guide's definition of each frame (one entry per **frame** column of its tables): the
    label and the "code 1 when ..." text, lower-cased. This text was written before any paragraph was
    coded, so an indicator found in it cannot have been recalled from a test paragraph."""
    import re

    path = Path(path) if path is not None else DEFAULT_HANDCODING.parent / "CODING_GUIDE.md"
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\|\s*`([a-z_]+)`\s*\|(.*)\|\s*$", line)
        if m:
            out[m.group(1)] = " ".join(m.group(2).replace("|", " ").lower().split())
    return out


# --------------------------------------------------------------------------------------------------------------
# Who coded what, and sentences built from the tables
# --------------------------------------------------------------------------------------------------------------

PASSES = (
    {"pass": "first coding", "file": "frames_handcoded.csv",
     "who": "an AI-assisted coder working for the project's authors (one session, 2026-11-23); the same coder "
            "then wrote the dictionary",
     "saw": "the coding guide and the paragraphs; it had read the whole articles; later, while writing the "
            "dictionary, the tuning half's codes and the number of test paragraphs per frame"},
    {"pass": "second coding (blind)", "file": "frames_handcoded_pass2.csv",
     "who": "an independent AI coding session, started for this purpose (2026-11-23)",
     "saw": "only the coding guide's definitions and rules (without its record of what was done) and the 53 "
            "paragraph texts; not the first coding, the dictionary, the split or any score"},
    {"pass": "adjudication, blind (primary)", "file": "frames_adjudication_independent.csv",
     "who": "a separate AI session, started only to adjudicate (2026-11-23)",
     "saw": "only the coding guide, the paragraph texts and the two codings with their notes; not the "
            "dictionary, the split or any score; it decided each disputed cell by the guide's rules"},
    {"pass": "adjudication, informed (sensitivity)", "file": "frames_adjudication.csv",
     "who": "the AI helper session that revised notebook 04 (2026-11-23)",
     "saw": "both codings with their notes, the coding guide, the dictionary and its agreement figures; "
            "it decided each disputed cell by the guide's rules and wrote the reason"},
)
"""Who or what made each pass of hand coding, and what each had seen (shown as a table in notebook 04)."""


def passes_table() -> pd.DataFrame:
    """One row per **pass** of hand coding: who made it and what it had seen."""
    return pd.DataFrame(list(PASSES))


def _ci(row: pd.Series, k: str, pos: str = "hand_pos") -> str:
    """``value [lo, hi]``, or the value marked as not estimable (with its number of positives) when the row
    has too few positives, or marked when every resample gave the same value (a zero-width interval)."""
    if pd.isna(row[k]):
        return "undefined"
    npos = int(row[pos]) if pos in row.index and pd.notna(row[pos]) else None
    if "estimable" in row.index and not bool(row["estimable"]):
        return f"{row[k]:.2f} (not estimable: {npos} positive paragraph{'s' if npos != 1 else ''})"
    if pd.isna(row.get(f"{k}_lo")):
        return f"{row[k]:.2f}"
    if round(float(row[f"{k}_lo"]), 2) == round(float(row[f"{k}_hi"]), 2):
        return (f"{row[k]:.2f} (no resample differs: a zero-width interval, not precision; "
                f"{npos} positive paragraphs)")
    return f"{row[k]:.2f} [{row[f'{k}_lo']:.2f}, {row[f'{k}_hi']:.2f}]" + (f" ({npos} positives)" if npos is not None else "")


def kappa_change_lines(before: pd.DataFrame, after: pd.DataFrame) -> list[str]:
    """One line per **frame** whose test kappa changes when the removed indicators are taken out: the
    kappa with its interval before and after (two :func:`agreement` tables of the same split)."""
    b, a = before.set_index("frame"), after.set_index("frame")
    lines = []
    for fr in a.index:
        if fr in b.index and not (pd.isna(a.at[fr, "kappa"]) and pd.isna(b.at[fr, "kappa"])) \
                and round(float(a.at[fr, "kappa"]), 2) != round(float(b.at[fr, "kappa"]), 2):
            lines.append(f"{fr}: kappa {_ci(b.loc[fr], 'kappa')} before, {_ci(a.loc[fr], 'kappa')} after")
    return lines


def interval_lines(table: pd.DataFrame, stat: str, pos: str = "hand_pos") -> list[str]:
    """One line per **frame** of an agreement table: ``frame: stat [lo, hi] (k positives)``, or the value
    marked as not estimable (see :func:`_ci`). ``pos`` names the column with the number of positives."""
    return [f"{r['frame']}: {_ci(r, stat, pos)}" for _, r in table.iterrows()]
