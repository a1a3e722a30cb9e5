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

Intervals are percentile bootstrap intervals over paragraphs (:data:`N_BOOT` draws, seed :data:`BOOT_SEED`).
With 26 test paragraphs they are wide; that is the honest size of what the data can show.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from .corpus import PROJECT_ROOT

DEFAULT_HANDCODING = PROJECT_ROOT / "data" / "annotations" / "frames_handcoded.csv"
DEFAULT_PASS2 = PROJECT_ROOT / "data" / "annotations" / "frames_handcoded_pass2.csv"
DEFAULT_ADJUDICATION = PROJECT_ROOT / "data" / "annotations" / "frames_adjudication.csv"
SPLIT_SEED = 2026
"""The seed used once to split the hand-coded paragraphs into tuning and test halves."""
BOOT_SEED = 2026
"""Default seed of every bootstrap here."""
N_BOOT = 2000
"""Default number of bootstrap draws."""


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

def _cells(y: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, ...]:
    """tp, fn, fp, tn along the last axis (y = reference, x = the other coding)."""
    tp = (y & x).sum(-1)
    fn = (y & (1 - x)).sum(-1)
    fp = ((1 - y) & x).sum(-1)
    tn = ((1 - y) & (1 - x)).sum(-1)
    return tp, fn, fp, tn


def _div(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(b > 0, a / np.where(b > 0, b, 1), np.nan)


def binary_stats(y: np.ndarray, x: np.ndarray) -> dict[str, np.ndarray]:
    """Precision, recall, F1, Cohen's kappa and Krippendorff's alpha (nominal) of 0/1 codes ``x`` against
    ``y``, along the last axis (so a 2-D array of bootstrap draws gives one value per draw).

    Undefined values are NaN: precision when ``x`` has no 1, recall when ``y`` has no 1, kappa and alpha
    when both codings are constant and equal. F1 is 0, not NaN, when ``y`` has 1s and ``x`` finds none of
    them (it is NaN only when neither coding has a 1)."""
    y, x = np.asarray(y, dtype=int), np.asarray(x, dtype=int)
    tp, fn, fp, tn = _cells(y, x)
    n = tp + fn + fp + tn
    prec, rec = _div(tp, tp + fp), _div(tp, tp + fn)
    f1 = _div(2 * tp, 2 * tp + fp + fn)
    po = _div(tp + tn, n)
    pe = _div((tp + fn) * (tp + fp) + (fp + tn) * (fn + tn), n * n)
    kappa = np.where(pe < 1, _div(po - pe, 1 - pe), np.nan)
    n1 = (2 * tp + fn + fp).astype(float)            # 1s over both codings
    n0 = 2 * n - n1
    alpha = np.where(n0 * n1 > 0, 1 - (2 * n - 1) * _div(fn + fp, n0 * n1), np.nan)
    return {"precision": prec, "recall": rec, "f1": f1, "kappa": kappa, "alpha": alpha}


def krippendorff_alpha_nominal(codes: np.ndarray | pd.DataFrame) -> float:
    """Krippendorff's alpha for nominal data. ``codes``: one row per **unit**, one column per **coder**,
    NaN where a coder did not code the unit. Units coded by fewer than two coders are left out.

    alpha = 1 - D_o / D_e from the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's
    alpha-reliability"): o_ck sums, over units, the ordered pairs of values (c, k) from different coders,
    each weighted 1 / (m_u - 1); n_c = sum_k o_ck; D_o = sum_{c != k} o_ck / n, D_e = sum_{c != k} n_c n_k
    / (n (n - 1)). NaN when there is no variation at all (D_e = 0)."""
    a = np.asarray(codes, dtype=float)
    values = np.unique(a[~np.isnan(a)])
    index = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for row in a:
        vals = row[~np.isnan(row)]
        m = len(vals)
        if m < 2:
            continue
        for i in range(m):
            for j in range(m):
                if i != j:
                    o[index[vals[i]], index[vals[j]]] += 1 / (m - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    d_o = (o.sum() - np.trace(o))
    d_e = (np.outer(n_c, n_c).sum() - (n_c ** 2).sum()) / (n - 1) if n > 1 else 0.0
    return float(1 - d_o / d_e) if d_e > 0 else float("nan")


def _boot_index(n: int, n_boot: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, n, size=(n_boot, n))


def _interval(draws: np.ndarray) -> tuple[float, float]:
    ok = draws[~np.isnan(draws)]
    if len(ok) < 0.5 * len(draws):       # undefined in most draws: no interval
        return float("nan"), float("nan")
    lo, hi = np.quantile(ok, [0.025, 0.975])
    return float(lo), float(hi)


# --------------------------------------------------------------------------------------------------------------
# Dictionary against hand coding
# --------------------------------------------------------------------------------------------------------------

def _paired(hand: pd.DataFrame, scores: pd.DataFrame, frame: str, split: str | None) -> pd.DataFrame:
    h = hand if split is None else hand[hand["split"] == split]
    d = scores[scores["frame"] == frame].set_index("unit_id")["present"]
    return pd.DataFrame({"hand": h.set_index("unit_id")[frame].astype(int),
                         "dictionary": d.reindex(h["unit_id"]).fillna(0).astype(int).values})


def agreement(hand: pd.DataFrame, scores: pd.DataFrame, frames: list[str], split: str | None = "test",
              min_positive: int = 3, n_boot: int = N_BOOT, seed: int = BOOT_SEED) -> pd.DataFrame:
    """One row per **frame**: dictionary vs hand coding on the paragraphs of one ``split`` (None = all).

    Columns: ``frame``, ``split``, ``n`` (paragraphs), ``hand_pos``, ``dict_pos``, ``tp``, ``precision``,
    ``recall``, ``f1``, ``kappa``, each of precision, recall and kappa with a 95 % percentile bootstrap
    interval (``*_lo``, ``*_hi``; paragraphs resampled ``n_boot`` times with ``seed``, the same draws for
    every frame), and ``note``. Undefined figures are NaN with the reason in ``note``: precision when the
    dictionary finds nothing, recall and kappa when the hand coding has no paragraph with the frame. F1
    is 0 when the dictionary finds none of the hand-coded paragraphs. A frame the hand coding has no
    column for is listed as "not validated". Frames with fewer than ``min_positive`` hand-coded
    paragraphs are flagged as unstable.
    """
    h = hand if split is None else hand[hand["split"] == split]
    idx = _boot_index(len(h), n_boot, seed) if len(h) else None
    rows = []
    for fr in frames:
        base = {"frame": fr, "split": split or "all", "n": len(h)}
        if fr not in hand.columns:
            rows.append({**base, "note": "not validated: the hand coding has no column for this frame"})
            continue
        p = _paired(hand, scores, fr, split)
        y, x = p["hand"].to_numpy(), p["dictionary"].to_numpy()
        st = {k: float(v) for k, v in binary_stats(y, x).items()}
        boot = binary_stats(y[idx], x[idx]) if idx is not None else {}
        hp, dp, tp = int(y.sum()), int(x.sum()), int((y & x).sum())
        row = {**base, "hand_pos": hp, "dict_pos": dp, "tp": tp}
        for k in ("precision", "recall", "f1", "kappa"):
            row[k] = st[k]
        for k in ("precision", "recall", "kappa"):
            row[f"{k}_lo"], row[f"{k}_hi"] = _interval(boot[k]) if idx is not None else (np.nan, np.nan)
        notes = []
        if hp == 0:   # kappa would be 0 or 0/0 whatever the dictionary does
            row["kappa"] = row["kappa_lo"] = row["kappa_hi"] = np.nan
            notes.append("frame absent from the hand coding of these paragraphs: recall and kappa undefined")
        if dp == 0:
            notes.append("dictionary finds no paragraph: precision undefined")
        if 0 < hp < min_positive:
            notes.append(f"only {hp} hand-coded paragraph(s): unstable")
        row["note"] = "; ".join(notes)
        rows.append(row)
    cols = ["frame", "split", "n", "hand_pos", "dict_pos", "tp", "precision", "precision_lo", "precision_hi",
            "recall", "recall_lo", "recall_hi", "f1", "kappa", "kappa_lo", "kappa_hi", "note"]
    out = pd.DataFrame(rows).reindex(columns=cols)
    out["note"] = out["note"].fillna("")
    return out


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
                    n_boot: int = N_BOOT, seed: int = BOOT_SEED) -> pd.DataFrame:
    """One row per **frame**: agreement of two independent codings of the same paragraphs.

    Columns: ``frame``, ``n`` (paragraphs both coded), ``pos_first``, ``pos_second``, ``agree`` (share of
    paragraphs coded alike), ``alpha`` (Krippendorff's alpha, nominal, from
    :func:`krippendorff_alpha_nominal`), ``kappa`` (Cohen's), each with a 95 % bootstrap interval over
    paragraphs (``*_lo``, ``*_hi``). ``unit_ids`` restricts the paragraphs (e.g. the test half)."""
    ids = sorted(set(first["unit_id"]) & set(second["unit_id"]))
    if unit_ids is not None:
        ids = [i for i in ids if i in set(unit_ids)]
    a, b = first.set_index("unit_id").loc[ids], second.set_index("unit_id").loc[ids]
    idx = _boot_index(len(ids), n_boot, seed)
    rows = []
    for fr in [f for f in frames if f in a.columns and f in b.columns]:
        y, x = a[fr].to_numpy(dtype=int), b[fr].to_numpy(dtype=int)
        st = binary_stats(y, x)
        boot = binary_stats(y[idx], x[idx])
        alpha = krippendorff_alpha_nominal(np.column_stack([y, x]))
        row = {"frame": fr, "n": len(ids), "pos_first": int(y.sum()), "pos_second": int(x.sum()),
               "agree": float((y == x).mean()), "alpha": alpha, "kappa": float(st["kappa"])}
        row["alpha_lo"], row["alpha_hi"] = _interval(boot["alpha"])
        row["kappa_lo"], row["kappa_hi"] = _interval(boot["kappa"])
        rows.append(row)
    return pd.DataFrame(rows, columns=["frame", "n", "pos_first", "pos_second", "agree", "alpha", "alpha_lo",
                                       "alpha_hi", "kappa", "kappa_lo", "kappa_hi"])


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
    {"pass": "adjudication", "file": "frames_adjudication.csv",
     "who": "the AI helper session that revised notebook 04 (2026-11-23)",
     "saw": "both codings with their notes, the coding guide, the dictionary and its agreement figures; "
            "it decided each disputed cell by the guide's rules and wrote the reason"},
)
"""Who or what made each pass of hand coding, and what each had seen (shown as a table in notebook 04)."""


def passes_table() -> pd.DataFrame:
    """One row per **pass** of hand coding: who made it and what it had seen."""
    return pd.DataFrame(list(PASSES))


def _ci(row: pd.Series, k: str) -> str:
    if pd.isna(row[k]):
        return "undefined"
    if pd.isna(row.get(f"{k}_lo")):
        return f"{row[k]:.2f}"
    return f"{row[k]:.2f} [{row[f'{k}_lo']:.2f}, {row[f'{k}_hi']:.2f}]"


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


def interval_lines(table: pd.DataFrame, stat: str) -> list[str]:
    """One line per **frame** of an agreement table: ``frame: stat [lo, hi]``."""
    return [f"{r['frame']}: {_ci(r, stat)}" for _, r in table.iterrows()]


def agreement_by_document(hand: pd.DataFrame, scores: pd.DataFrame, frames: list[str], n_boot: int = N_BOOT,
                          seed: int = BOOT_SEED) -> pd.DataFrame:
    """One row per **document**, each held out in turn: the dictionary against the hand coding on that
    document's paragraphs, all coded frames pooled (one 0/1 pair per paragraph x frame). Columns: ``doc_id``,
    ``paragraphs``, ``tuning`` (how many of them were in the tuning half), ``cells``, ``hand_pos``,
    ``dict_pos``, ``kappa`` with a 95 % bootstrap interval (paragraphs resampled, ``kappa_lo``, ``kappa_hi``),
    ``f1``. The dictionary is not re-tuned without the document, so this shows how agreement varies from one
    document to another, not how it does on an unseen document."""
    frames = coded_frames(hand, frames)
    d = scores[scores["frame"].isin(frames)].pivot(index="unit_id", columns="frame", values="present")
    rows = []
    for doc, h in hand.groupby(hand["unit_id"].str.split(":").str[0], sort=False):
        y = h[frames].to_numpy(dtype=int)
        x = d.reindex(index=h["unit_id"], columns=frames).fillna(0).to_numpy(dtype=int)
        idx = _boot_index(len(h), n_boot, seed)
        st = binary_stats(y.ravel(), x.ravel())
        boot = binary_stats(y[idx].reshape(n_boot, -1), x[idx].reshape(n_boot, -1))
        lo, hi = _interval(boot["kappa"])
        rows.append({"doc_id": doc, "paragraphs": len(h), "tuning": int((h["split"] == "tuning").sum()),
                     "cells": y.size, "hand_pos": int(y.sum()), "dict_pos": int(x.sum()),
                     "kappa": float(st["kappa"]), "kappa_lo": lo, "kappa_hi": hi, "f1": float(st["f1"])})
    return pd.DataFrame(rows)
