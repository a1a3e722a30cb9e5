"""Date intervals and days from summits on small tables written for the tests."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers.corpus import dates
from helpers.errors import MetadataError


def docs_frame():
    return pd.DataFrame({"id": ["a", "b", "c"], "date": pd.to_datetime(["2012-06-01", "2012-06-20", "2021-06-01"]),
                         "date_precision": ["month", "day", "month"], "date_evidence": ["x", "dateline", "y"]})


def events_frame():
    return pd.DataFrame({"event": ["Los Cabos", "Geneva"], "date": pd.to_datetime(["2012-06-18", "2021-06-16"])})


def test_month_precision_is_the_whole_month_without_an_interval_file(tmp_path):
    iv = dates.date_intervals(docs_frame(), tmp_path / "none.csv").set_index("id")
    assert iv.loc["a", "earliest"] == pd.Timestamp("2012-06-01")
    assert iv.loc["a", "latest"] == pd.Timestamp("2012-06-30")
    assert iv.loc["a", "days_wide"] == 30 and iv.loc["b", "days_wide"] == 1
    assert set(iv["source"]) == {"metadata"}


def test_evidence_narrows_the_interval_and_must_stay_inside_the_month(tmp_path):
    path = tmp_path / "date_intervals.csv"
    path.write_text("id,earliest,latest,evidence\na,2012-06-18,2012-06-30,after Los Cabos\n", encoding="utf-8")
    iv = dates.date_intervals(docs_frame(), path).set_index("id")
    assert iv.loc["a", "earliest"] == pd.Timestamp("2012-06-18") and iv.loc["a", "source"] == "evidence"
    path.write_text("id,earliest,latest,evidence\na,2012-05-18,2012-06-30,x\n", encoding="utf-8")
    with pytest.raises(MetadataError, match="must lie inside the metadata date"):
        dates.date_intervals(docs_frame(), path)
    path.write_text("id,earliest,latest,evidence\nzz,2012-06-18,2012-06-30,x\n", encoding="utf-8")
    with pytest.raises(MetadataError, match="names id 'zz'"):
        dates.date_intervals(docs_frame(), path)
    path.write_text("id,earliest,latest,evidence\na,June 18,2012-06-30,x\n", encoding="utf-8")
    with pytest.raises(MetadataError, match="not a date"):
        dates.date_intervals(docs_frame(), path)


def test_days_from_summits_measures_both_ends_of_the_interval(tmp_path):
    path = tmp_path / "date_intervals.csv"
    path.write_text("id,earliest,latest,evidence\nc,2021-06-01,2021-06-15,before Geneva\n", encoding="utf-8")
    off = dates.days_from_summits(dates.date_intervals(docs_frame(), path), events_frame()).set_index("id")
    assert (off.loc["a", "days_from"], off.loc["a", "days_to"], off.loc["a", "position"]) == (-17, 12, "around")
    assert (off.loc["b", "days_from"], off.loc["b", "position"], off.loc["b", "closest_days"]) == (2, "after", 2)
    assert (off.loc["c", "days_to"], off.loc["c", "position"], off.loc["c", "nearest_event"]) == (-1, "before", "Geneva")
    assert (off["closest_days"] <= 31).all()
    # the other conventions: the interval's middle and its farthest day (a: -17..12 around Los Cabos)
    assert (off.loc["a", "midpoint_days"], off.loc["a", "farthest_days"]) == (2.5, 17)
    assert (off.loc["c", "midpoint_days"], off.loc["c", "farthest_days"]) == (8.0, 15)
    assert off.loc["b", "closest_days"] == off.loc["b", "midpoint_days"] == off.loc["b", "farthest_days"] == 2


def test_summit_count_under_several_interval_rules(tmp_path):
    path = tmp_path / "date_intervals.csv"
    path.write_text("id,earliest,latest,evidence\na,2012-06-18,2012-06-30,after Los Cabos\n", encoding="utf-8")
    rules = dates.interval_rules(docs_frame(), path, ks=(0, 3))
    assert list(rules) == ["evidence interval (date_intervals.csv)", "whole metadata period (e.g. the month)",
                           "metadata date as a point", "metadata date ± 3 days"]
    assert rules["whole metadata period (e.g. the month)"].set_index("id").loc["a", "days_wide"] == 30
    point3 = rules["metadata date ± 3 days"].set_index("id")
    assert point3.loc["a", "earliest"] == pd.Timestamp("2012-05-29") and point3.loc["a", "days_wide"] == 7
    table = dates.summit_sensitivity(rules, events_frame(), near_days=14).set_index("rule")
    assert list(table.columns) == ["n_documents", "within_7_days", "within_14_days", "within_28_days", "near_ids",
                                   "far_ids"]
    # a (1 June as a point) is 17 days before Los Cabos; c (1 June 2021) is 15 days before Geneva
    assert table.loc["metadata date as a point", "within_14_days"] == 1
    assert table.loc["metadata date as a point", "far_ids"] == "a, c"
    assert table.loc["evidence interval (date_intervals.csv)", "within_14_days"] == 3
    assert table.loc["evidence interval (date_intervals.csv)", "far_ids"] == ""  # no document is far under this rule


def test_near_depends_on_the_convention_for_an_interval(tmp_path):
    rules = dates.interval_rules(docs_frame(), tmp_path / "none.csv", ks=(0,))
    # whole months: a is -17..12 days from Los Cabos, c -15..14 from Geneva; b is 2 days after Los Cabos
    table = dates.near_by_convention(rules, events_frame(), near_days=16).set_index("rule")
    whole = table.loc["whole metadata period (e.g. the month)"]
    assert (whole["closest day"], whole["midpoint"], whole["every day"]) == (3, 3, 2)
    assert whole["depends_on_convention"] == "a"
    point = table.loc["metadata date as a point"]  # a point is one day: the conventions agree
    assert point["closest day"] == point["every day"] and point["depends_on_convention"] == ""
    strict = dates.summit_sensitivity(rules, events_frame(), near_days=16, convention="every day").set_index("rule")
    assert strict.loc["whole metadata period (e.g. the month)", "far_ids"] == "a"
    with pytest.raises(ValueError, match="convention 'nearest' is not one of"):
        dates.summit_sensitivity(rules, events_frame(), convention="nearest")



def test_the_threshold_moves_the_count_under_one_convention_and_not_another(tmp_path):
    rules = dates.interval_rules(docs_frame(), tmp_path / "none.csv", ks=())
    # whole months: a is -17..12 days from Los Cabos (farthest 17), c -15..14 from Geneva (15); b is a day, 2 days off
    counts = {c: dates.summit_sensitivity(rules, events_frame(), near_days=16, within=(7, 30), convention=c)
              .set_index("rule").loc["whole metadata period (e.g. the month)"] for c in dates.CONVENTIONS}
    columns = ["within_7_days", "within_16_days", "within_30_days"]
    assert list(counts["closest day"][columns]) == [3, 3, 3]
    assert list(counts["every day"][columns]) == [1, 2, 3]
    assert counts["every day"]["far_ids"] == "a"

def test_a_text_only_interval_may_reach_outside_the_metadata_month(tmp_path):
    path = tmp_path / "date_intervals_text_only.csv"
    path.write_text("id,earliest,latest,evidence\na,2012-06-18,2012-11-15,after Los Cabos and before the House vote\n",
                    encoding="utf-8")
    with pytest.raises(MetadataError, match="must lie inside the metadata date"):
        dates.date_intervals(docs_frame(), path)
    iv = dates.date_intervals(docs_frame(), path, inside_metadata=False).set_index("id")
    assert iv.loc["a", "latest"] == pd.Timestamp("2012-11-15") and iv.loc["a", "days_wide"] == 151
    off = dates.days_from_summits(iv.reset_index(), events_frame()).set_index("id")
    assert (off.loc["a", "closest_days"], off.loc["a", "farthest_days"]) == (0, 150)
    path.write_text("id,earliest,latest,evidence\na,2012-07-01,2012-06-30,x\n", encoding="utf-8")
    with pytest.raises(MetadataError, match="is after latest"):
        dates.date_intervals(docs_frame(), path, inside_metadata=False)


def test_the_text_only_rule_joins_the_rules_only_when_its_file_exists(tmp_path):
    evidence, text_only = tmp_path / "date_intervals.csv", tmp_path / "date_intervals_text_only.csv"
    evidence.write_text("id,earliest,latest,evidence\na,2012-06-18,2012-06-30,after Los Cabos\n", encoding="utf-8")
    assert len(dates.interval_rules(docs_frame(), evidence, ks=(0,), text_only_path=text_only)) == 3  # no file yet
    text_only.write_text("id,earliest,latest,evidence\na,2012-06-18,2012-11-16,x\n", encoding="utf-8")
    rules = dates.interval_rules(docs_frame(), evidence, ks=(0,), text_only_path=text_only)
    assert list(rules)[:2] == ["evidence interval (date_intervals.csv)",
                               "text evidence only (date_intervals_text_only.csv)"]
    table = dates.near_by_convention(rules, events_frame(), near_days=31).set_index("rule")
    assert table.loc["evidence interval (date_intervals.csv)", "every day"] == 3
    only = table.loc["text evidence only (date_intervals_text_only.csv)"]
    assert (only["closest day"], only["every day"], only["depends_on_convention"]) == (3, 2, "a")


def test_one_day_of_an_event_date_moves_a_month_across_the_threshold():
    """cbs_2009's March against London on 2 April (the G20 plenary) or 1 April (the presidents' first meeting)."""
    docs = pd.DataFrame({"id": ["cbs"], "date": pd.to_datetime(["2009-03-01"]), "date_precision": ["month"],
                         "date_evidence": ["x"]})
    iv = dates.date_intervals(docs, None, narrow=False)
    for day, farthest in [("2009-04-02", 32), ("2009-04-01", 31)]:
        events = pd.DataFrame({"event": ["London"], "date": pd.to_datetime([day])})
        off = dates.days_from_summits(iv, events).set_index("id")
        assert off.loc["cbs", "farthest_days"] == farthest and off.loc["cbs", "closest_days"] == farthest - 30
