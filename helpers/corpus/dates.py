"""When each document was written, as an interval, and how far it lies from the nearest summit.

A date known only to the month is not a day: it is an **interval** of
possible days. :func:`date_intervals` gives each document the interval its
``date_precision`` allows (a day; a whole month; a whole year), narrowed where
the text's own evidence allows it by the optional, editable table
``date_intervals.csv`` in the corpus folder (``id``, ``earliest``, ``latest``,
``evidence``). A narrowed interval must lie inside the period of the
metadata ``date``, so the two files cannot disagree. A second, optional table
``date_intervals_text_only.csv`` (same columns) holds the interval the text's
own evidence allows where that reaches outside the metadata's period;
:func:`date_intervals` reads it with ``inside_metadata=False``.

Units of analysis: :func:`date_intervals` and :func:`days_from_summits`
return one row per **document**.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.corpus.load import data_dir
from helpers.errors import MetadataError

INTERVAL_COLUMNS = ["id", "earliest", "latest", "evidence"]
CONVENTIONS = {"closest day": "closest_days", "midpoint": "midpoint_days", "every day": "farthest_days"}
"""How far a document dated by an interval lies from an event: by its closest possible day (near if it *could*
have been written within the threshold), by the interval's middle, or by its farthest day (near only if *every*
possible day is within the threshold). Keys are readable names, values columns of :func:`days_from_summits`."""


def _period_end(start: pd.Timestamp, precision: str) -> pd.Timestamp:
    """The last day of the period a date of this precision stands for."""
    if precision == "month":
        return start + pd.offsets.MonthEnd(0)
    if precision == "year":
        return start + pd.offsets.YearEnd(0)
    return start


def load_interval_file(path: str | Path | None = None) -> pd.DataFrame:
    """The rows of a ``date_intervals.csv`` (empty if the corpus folder has none); dates parsed."""
    path = Path(path) if path is not None else data_dir() / "date_intervals.csv"
    if not path.is_file():
        return pd.DataFrame({"id": pd.Series(dtype=str), "earliest": pd.Series(dtype="datetime64[ns]"),
                             "latest": pd.Series(dtype="datetime64[ns]"), "evidence": pd.Series(dtype=str)})
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = set(INTERVAL_COLUMNS) - set(table.columns)
    if missing:
        raise MetadataError(f"'{path}' lacks column(s) {sorted(missing)}; it needs {', '.join(INTERVAL_COLUMNS)}.")
    for col in ("earliest", "latest"):
        parsed = pd.to_datetime(table[col], format="%Y-%m-%d", errors="coerce")
        bad = table.loc[parsed.isna(), "id"].tolist()
        if bad:
            raise MetadataError(f"'{path.name}': {col} of '{bad[0]}' is not a date YYYY-MM-DD; fix that row.")
        table[col] = parsed
    return table[INTERVAL_COLUMNS]


def date_intervals(docs: pd.DataFrame, path: str | Path | None = None, narrow: bool = True,
                   inside_metadata: bool = True) -> pd.DataFrame:
    """One row per **document**: ``id``, ``date``, ``date_precision``, ``earliest``, ``latest``, ``days_wide``,
    ``source`` (``metadata`` or ``evidence``) and ``evidence``.

    ``docs`` is :func:`helpers.corpus.load_corpus` output. ``path`` is a
    ``date_intervals.csv`` (default: the project's ``data/date_intervals.csv``;
    pass ``corpus.data_dir(DATA_DIR) / "date_intervals.csv"`` for another
    corpus folder; a missing file, or ``narrow=False``, means no narrowing). Raises
    ``MetadataError`` when a row names an unknown id, ends before it starts, or (unless
    ``inside_metadata=False``, for an interval read from the text alone) lies outside the period of its
    metadata date.
    """
    table = load_interval_file(path).set_index("id")
    if not narrow:
        table = table.iloc[0:0]
    name = Path(path).name if path is not None else "date_intervals.csv"
    unknown = sorted(set(table.index) - set(docs["id"]))
    if unknown:
        raise MetadataError(f"'{name}' names id '{unknown[0]}', which is not in metadata.csv; remove or fix that row.")
    rows = []
    for d in docs.sort_values(["date", "id"]).itertuples():
        start, end = d.date, _period_end(d.date, d.date_precision)
        rec = {"id": d.id, "date": d.date, "date_precision": d.date_precision, "earliest": start, "latest": end,
               "source": "metadata", "evidence": d.date_evidence if hasattr(d, "date_evidence") else ""}
        if d.id in table.index:
            row = table.loc[d.id]
            if row["earliest"] > row["latest"]:
                raise MetadataError(f"'{name}', id '{d.id}': earliest {row['earliest']:%Y-%m-%d} is after latest "
                                    f"{row['latest']:%Y-%m-%d}; fix that row.")
            if inside_metadata and not (start <= row["earliest"] <= row["latest"] <= end):
                raise MetadataError(
                    f"'{name}', id '{d.id}': the interval {row['earliest']:%Y-%m-%d} to {row['latest']:%Y-%m-%d} "
                    f"must lie inside the metadata date {d.date:%Y-%m-%d} ({d.date_precision}: "
                    f"{start:%Y-%m-%d} to {end:%Y-%m-%d}); fix one of the two files.")
            rec.update(earliest=row["earliest"], latest=row["latest"], source="evidence", evidence=row["evidence"])
        rec["days_wide"] = int((rec["latest"] - rec["earliest"]).days) + 1
        rows.append(rec)
    return pd.DataFrame(rows, columns=["id", "date", "date_precision", "earliest", "latest", "days_wide", "source",
                                       "evidence"])


def days_from_summits(intervals: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """One row per **document**: its nearest event and its date interval in days from that event.

    Columns: ``id``, ``nearest_event``, ``event_date``, ``days_from`` and
    ``days_to`` (the interval's first and last day minus the event's date;
    negative = before the event), ``position`` (``before``, ``after`` or
    ``around`` when the interval contains the event day), and the distance
    under three conventions for an interval (:data:`CONVENTIONS`):
    ``closest_days`` (the smallest absolute distance any day of the interval
    has: the document *could* have been written that close), ``midpoint_days``
    (the middle of the interval) and ``farthest_days`` (the largest: every
    possible day is that close). The nearest event is the one with the
    smallest ``closest_days``; ties go to the earlier event. ``midpoint_days``
    and ``farthest_days`` are each the smallest over all events (for events
    months apart, the same event).
    """
    cols = ["id", "nearest_event", "event_date", "days_from", "days_to", "position", *CONVENTIONS.values()]
    rows = []
    for d in intervals.itertuples():
        best, middle, farthest = None, None, None
        for e in events.sort_values(["date", "event"]).itertuples():
            lo, hi = (d.earliest - e.date).days, (d.latest - e.date).days
            closest = 0 if lo <= 0 <= hi else min(abs(lo), abs(hi))
            middle = abs(lo + hi) / 2 if middle is None else min(middle, abs(lo + hi) / 2)
            farthest = max(abs(lo), abs(hi)) if farthest is None else min(farthest, max(abs(lo), abs(hi)))
            if best is None or closest < best["closest_days"]:
                best = {"id": d.id, "nearest_event": e.event, "event_date": e.date, "days_from": lo, "days_to": hi,
                        "position": "around" if lo <= 0 <= hi else ("before" if hi < 0 else "after"),
                        "closest_days": closest}
        if best is None:
            best = {"id": d.id, "nearest_event": None, "event_date": pd.NaT, "days_from": None, "days_to": None,
                    "position": None, "closest_days": None}
        best.update(midpoint_days=middle, farthest_days=farthest)
        rows.append(best)
    return pd.DataFrame(rows, columns=cols)


def point_intervals(docs: pd.DataFrame, k: int) -> pd.DataFrame:
    """One row per **document**: the metadata ``date`` taken as a point, widened to ``date - k`` .. ``date + k``
    days (``source`` = ``point ± k``). For a month-precision date the point is the first of the month, as the
    metadata writes it; columns as :func:`date_intervals`."""
    out = docs.sort_values(["date", "id"])[["id", "date", "date_precision"]].reset_index(drop=True)
    out["earliest"] = out["date"] - pd.Timedelta(days=k)
    out["latest"] = out["date"] + pd.Timedelta(days=k)
    out["days_wide"] = 2 * k + 1
    out["source"] = f"point ± {k}"
    out["evidence"] = ""
    return out


def interval_rules(docs: pd.DataFrame, path: str | Path | None = None, ks: tuple[int, ...] = (0, 7, 15),
                   text_only_path: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """The date intervals of every **document** under several rules, keyed by a readable rule name: the evidence
    interval (``path``, a ``date_intervals.csv``), the interval of the text's evidence alone, free of the
    metadata's period (``text_only_path``, a ``date_intervals_text_only.csv``; only if that file exists), the
    whole period of the metadata date (no narrowing), and the metadata date as a point ± k days for each k in
    ``ks``."""
    rules = {"evidence interval (date_intervals.csv)": date_intervals(docs, path)}
    if text_only_path is not None and Path(text_only_path).is_file():
        rules[f"text evidence only ({Path(text_only_path).name})"] = date_intervals(docs, text_only_path,
                                                                                   inside_metadata=False)
    rules["whole metadata period (e.g. the month)"] = date_intervals(docs, path, narrow=False)
    for k in ks:
        rules[f"metadata date ± {k} days" if k else "metadata date as a point"] = point_intervals(docs, k)
    return rules


def summit_sensitivity(rules: dict[str, pd.DataFrame], events: pd.DataFrame, near_days: int = 31,
                       within: tuple[int, ...] | None = None, convention: str = "closest day") -> pd.DataFrame:
    """One row per **interval rule** (from :func:`interval_rules`): how many documents lie near their nearest
    summit, at several thresholds, under one ``convention`` for an interval (a key of :data:`CONVENTIONS`;
    default: the closest possible day counts).

    ``within`` are the thresholds in days (default: half, once and twice ``near_days``). Columns: ``rule``,
    ``n_documents``, one ``within_<d>_days`` column per threshold, and ``near_ids`` / ``far_ids``: the
    documents within ``near_days`` and the others."""
    if convention not in CONVENTIONS:
        raise ValueError(f"convention {convention!r} is not one of {', '.join(CONVENTIONS)}.")
    column = CONVENTIONS[convention]
    within = sorted(set(within or (near_days // 2, near_days, 2 * near_days)) | {near_days})
    rows = []
    for name, iv in rules.items():
        off = days_from_summits(iv, events)
        rec = {"rule": name, "n_documents": len(off)}
        for d in within:
            rec[f"within_{d}_days"] = int((off[column] <= d).sum())
        near = off[column] <= near_days
        rec["near_ids"] = ", ".join(sorted(off.loc[near, "id"]))
        rec["far_ids"] = ", ".join(sorted(off.loc[~near, "id"]))
        rows.append(rec)
    return pd.DataFrame(rows)


def near_by_convention(rules: dict[str, pd.DataFrame], events: pd.DataFrame, near_days: int = 31) -> pd.DataFrame:
    """One row per **interval rule**: how many documents lie within ``near_days`` of their nearest summit under
    each convention of :data:`CONVENTIONS` (one column each, named by its key), and ``depends_on_convention``:
    the documents near by their closest day but not by every day (the borderline ones)."""
    rows = []
    for name, iv in rules.items():
        off = days_from_summits(iv, events)
        rec = {"rule": name}
        for key, column in CONVENTIONS.items():
            rec[key] = int((off[column] <= near_days).sum())
        borderline = (off["closest_days"] <= near_days) & (off["farthest_days"] > near_days)
        rec["depends_on_convention"] = ", ".join(sorted(off.loc[borderline, "id"]))
        rows.append(rec)
    return pd.DataFrame(rows)
