"""Sentences and small tables that state what the validation of notebook 04 shows, built from its tables so
that the prose cannot drift from the outputs (each sentence has a test in ``tests/test_framing.py``).

Units of analysis: :func:`adjudication_table` one row per **disputed paragraph x frame**;
:func:`ceiling_table` one row per **frame**; every ``*_sentence`` function returns one string.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.framing.validation import _ci

ALPHA_TENTATIVE = 0.667
"""Krippendorff's threshold for tentative conclusions."""
ALPHA_GOOD = 0.8
"""Krippendorff's threshold for reliable data."""


def adjudication_table(disputed: pd.DataFrame, blind: pd.DataFrame, informed: pd.DataFrame,
                       scores: pd.DataFrame) -> pd.DataFrame:
    """One row per **disputed paragraph x frame** (:func:`helpers.validation.coder_disagreements`): the two
    codes, the blind (primary) and the informed decision, the dictionary's reading of the paragraph
    (``dictionary``, 0/1) and the blind adjudicator's reason."""
    key = ["unit_id", "frame"]
    b = blind[key + ["decision", "reason"]].rename(columns={"decision": "blind"})
    i = informed[key + ["decision"]].rename(columns={"decision": "informed"})
    out = disputed[key + ["first", "second"]].merge(b, on=key, how="left").merge(i, on=key, how="left")
    d = scores.set_index(key)["present"]
    out["dictionary"] = [int(d.get((u, f), 0)) for u, f in zip(out["unit_id"], out["frame"])]
    for c in ("blind", "informed"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("Int64")
    return out[key + ["first", "second", "blind", "informed", "dictionary", "reason"]]


def adjudication_sentence(table: pd.DataFrame) -> str:
    """How often each adjudication sided with the second coding and with the dictionary, and where the two
    adjudications differ."""
    n = len(table)
    parts = []
    for c, name in (("blind", "blind (primary)"), ("informed", "informed")):
        parts.append(f"the {name} adjudication sided with the second coding in {int((table[c] == table['second']).sum())} "
                     f"and matches the dictionary in {int((table[c] == table['dictionary']).sum())}")
    diff = table[table["blind"] != table["informed"]]
    where = ", ".join(f"{r.unit_id} {r.frame} (blind {r.blind}, informed {r.informed})" for r in diff.itertuples())
    return (f"Of {n} disputed cells, " + "; ".join(parts) + f". The two adjudications differ on {len(diff)}"
            + (f": {where}." if len(diff) else "."))


def ceiling_table(dict_test: pd.DataFrame, coders_test: pd.DataFrame) -> pd.DataFrame:
    """One row per **frame**: the dictionary's test-half kappa against the primary coding (with interval) beside
    the two hand codings' test-half alpha (with interval), the agreement two careful readers reach and so a
    practical ceiling; ``above_ceiling`` flags a dictionary kappa above the coders' alpha (a warning sign:
    the reference may have been pulled toward the dictionary, or the frame is too rare to tell)."""
    d = dict_test.set_index("frame")
    c = coders_test.set_index("frame")
    rows = []
    for fr in c.index.intersection(d.index):
        k, a = d.at[fr, "kappa"], c.at[fr, "alpha"]
        rows.append({"frame": fr, "dictionary_kappa": _ci(d.loc[fr], "kappa"),
                     "coders_alpha": _ci(c.loc[fr].rename({"pos_first": "hand_pos"}), "alpha"),
                     "above_ceiling": bool(pd.notna(k) and pd.notna(a) and round(k, 2) > round(a, 2)),
                     "both_estimable": bool(d.at[fr, "estimable"]) and bool(c.at[fr, "estimable"])})
    return pd.DataFrame(rows)


def ceiling_sentence(table: pd.DataFrame) -> str:
    """Names the estimable **frames** whose dictionary kappa exceeds the coders' own alpha."""
    t = table[table["both_estimable"]]
    above = list(t.loc[t["above_ceiling"], "frame"])
    return (f"Of {len(t)} frames estimable in both, the dictionary agrees with the primary coding better than the "
            f"two coders agree with each other for {len(above)}" + (f" ({', '.join(above)})" if above else "")
            + (": its kappa there is above a practical ceiling, so read it as a warning, not as a success."
               if above else "."))


def reliability_sentence(between: pd.DataFrame, between_test: pd.DataFrame) -> str:
    """Which estimable **frames** have a lower interval bound (paragraph or document bootstrap) below
    :data:`ALPHA_TENTATIVE`, and which fall below :data:`ALPHA_GOOD` on the test half."""
    est = between[between["estimable"]]
    lo = est[["alpha_lo", "alpha_lo_doc"]].min(axis=1)
    weak = [f"{f} ({v:.2f})" for f, v in zip(est["frame"], lo) if round(v, 2) < ALPHA_TENTATIVE]
    et = between_test[between_test["estimable"]]
    low_t = [f"{f} ({a:.2f})" for f, a in zip(et["frame"], et["alpha"]) if round(a, 2) < ALPHA_GOOD]
    return (f"All paragraphs: {len(weak)} of {len(est)} estimable frames have a lower bound (the smaller of the two "
            f"bootstraps) below {ALPHA_TENTATIVE}" + (f": {', '.join(weak)}" if weak else "")
            + f". Test half: alpha below {ALPHA_GOOD} for {len(low_t)} of {len(et)} estimable frames"
            + (f": {', '.join(low_t)}." if low_t else "."))


def extremes_sentence(test: pd.DataFrame) -> str:
    """The estimable **frames** with the highest and the lowest kappa, and whether their intervals overlap
    (if they do, the ordering is not established)."""
    t = test[test["estimable"] & test["kappa"].notna()]
    if len(t) < 2:
        return "Fewer than two estimable frames: no ordering."
    k = t.set_index("frame")["kappa"].round(2)
    hi, lo = list(k.index[k == k.max()]), list(k.index[k == k.min()])
    a, b = t.set_index("frame").loc[hi[0]], t.set_index("frame").loc[lo[0]]
    overlap = a["kappa_lo"] <= b["kappa_hi"]
    zero = round(float(a["kappa_lo"]), 2) == round(float(a["kappa_hi"]), 2)
    return (f"Highest kappa among estimable frames: {', '.join(hi)} ({k.max():.2f}); lowest: {', '.join(lo)} "
            f"({k.min():.2f}); their paragraph-bootstrap intervals "
            + ("overlap, so even this ordering is not established." if overlap else "do not overlap")
            + ("" if overlap else (" (the highest has a zero-width interval: no resample differs, which is not "
                                   "precision)." if zero else ".")))


def removal_sentence(before: pd.DataFrame, after: pd.DataFrame) -> str:
    """How many **frames'** test kappa rose and fell when the leaked indicators were removed."""
    b, a = before.set_index("frame")["kappa"].round(2), after.set_index("frame")["kappa"].round(2)
    both = a.index[a.notna() & b.reindex(a.index).notna()]
    up = [f for f in both if a[f] > b[f]]
    down = [f for f in both if a[f] < b[f]]
    return (f"The removal raised kappa for {len(up)} frame(s)" + (f" ({', '.join(up)})" if up else "")
            + f" and lowered it for {len(down)}" + (f" ({', '.join(down)})" if down else "")
            + ("; since it moves kappas both ways, the figures before and after are two estimates, neither a bound."
               if up and down else "."))


def f1_baseline_sentence(test: pd.DataFrame, margin: float = 0.05) -> str:
    """The estimable **frames** whose F1 does not beat the F1 of marking every paragraph (``f1_all_positive``)
    by more than ``margin``: there F1 shows nothing that the frame's prevalence alone would not give."""
    t = test[test["estimable"] & test["f1"].notna()]
    weak = [f"{r.frame} ({r.f1:.2f} vs {r.f1_all_positive:.2f})" for r in t.itertuples()
            if round(r.f1 - r.f1_all_positive, 2) <= margin]
    return (f"F1 no more than {margin} above the F1 of marking every paragraph (its chance baseline) for "
            f"{len(weak)} of {len(t)} estimable frames" + (": " + ", ".join(weak) + "." if weak else "."))


def cluster_width_sentence(test: pd.DataFrame) -> str:
    """For how many estimable **frames** the document-cluster interval is narrower than the paragraph one."""
    t = test[test["estimable"] & test["kappa_lo"].notna() & test["kappa_lo_doc"].notna()]
    narrow = (t["kappa_hi_doc"] - t["kappa_lo_doc"]).round(2) < (t["kappa_hi"] - t["kappa_lo"]).round(2)
    return (f"The document-cluster interval is narrower than the paragraph interval for {int(narrow.sum())} of "
            f"{len(t)} estimable frames.")


def seed_shift_sentence(a: pd.DataFrame, b: pd.DataFrame, seed_a: int, seed_b: int) -> str:
    """The largest move of an interval end (paragraph bootstrap of kappa) between two bootstrap seeds."""
    x, y = a.set_index("frame"), b.set_index("frame")
    d = pd.concat([(x["kappa_lo"] - y["kappa_lo"]).abs(), (x["kappa_hi"] - y["kappa_hi"]).abs()]).dropna()
    return (f"Bootstrap seed {seed_b} instead of {seed_a}: the kappa interval ends move by at most "
            f"{float(d.max()) if len(d) else float('nan'):.2f} (median {float(d.median()) if len(d) else np.nan:.2f}).")
