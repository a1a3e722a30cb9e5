"""Small-sample inference on a difference of word rates over documents (helpers.corpus.inference), on tables
written for the tests."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from helpers.corpus import inference


def toks(per_doc: dict[str, tuple[int, int, int]], paragraphs: int = 2) -> pd.DataFrame:
    """A token frame: per document (tokens of term a, tokens of term b, other tokens), spread over paragraphs."""
    rows = []
    for doc, (na, nb, other) in per_doc.items():
        words = ["a"] * na + ["b"] * nb + ["x"] * other
        for i, w in enumerate(words):
            rows.append({"doc_id": doc, "unit_id": f"{doc}:p{i % paragraphs:02d}", "token": w})
    return pd.DataFrame(rows)


DOCS = {"d1": (8, 9, 83), "d2": (13, 6, 81), "d3": (10, 5, 85), "d4": (26, 25, 49), "d5": (18, 13, 69)}


def test_document_leads_and_leave_one_out():
    leads = inference.document_leads(toks(DOCS), "a", "b").set_index("doc_id")
    assert leads.loc["d1", "n_tokens"] == 100 and leads.loc["d1", "lead"] == -10.0
    assert leads.loc["d2", "rate_a"] == 130.0
    # d1 left out: (13+10+26+18 - (6+5+25+13)) / 400 tokens
    assert leads.loc["d1", "lead_without"] == round(1000 * (67 - 49) / 400, 2)


def test_clustered_ratio_is_the_cluster_robust_t_interval():
    y, n = np.array([-1.0, 7.0, 5.0, 1.0, 5.0]), np.array([100.0, 100.0, 100.0, 100.0, 100.0])
    ct = inference.clustered_ratio(y, n)
    # equal cluster sizes: the ratio is the mean of y/n and the CR1 standard error equals the ordinary one
    ratio = y / n
    assert ct["estimate"] == pytest.approx(ratio.mean())
    assert ct["se"] == pytest.approx(ratio.std(ddof=1) / np.sqrt(5))
    low, high = stats.t.interval(0.95, 4, loc=ratio.mean(), scale=ratio.std(ddof=1) / np.sqrt(5))
    assert (ct["low"], ct["high"]) == (pytest.approx(low), pytest.approx(high))
    with pytest.raises(ValueError, match="at least 2 clusters"):
        inference.clustered_ratio([1.0], [2.0])


def test_exact_sign_and_wilcoxon_tests():
    leads = [-1.81, 7.99, 10.0, 1.03, 8.13]
    assert inference.sign_test(leads) == 6 / 32  # 4 or 5 positive of 5
    assert inference.wilcoxon_exact(leads) == pytest.approx(3 / 32)  # W+ = 13 of at most 15
    assert inference.sign_test([1, 2, 3]) == 1 / 8


def test_mean_interval_is_scipys_t_interval():
    v = np.array([-1.81, 7.99, 10.0, 1.03, 8.13])
    mi = inference.mean_interval(v)
    low, high = stats.t.interval(0.95, 4, loc=v.mean(), scale=stats.sem(v))
    assert mi["estimate"] == pytest.approx(v.mean()) and (mi["low"], mi["high"]) == (pytest.approx(low), pytest.approx(high))
    assert mi["df"] == 4
    with pytest.raises(ValueError, match="at least 2 values"):
        inference.mean_interval([1.0])


def test_lead_intervals_rows_and_rounding():
    table = inference.lead_intervals(toks(DOCS), "a", "b", n_boot=200, seed=1).set_index("method")
    assert list(table.index)[:4] == ["t-interval over documents (4 df)", "sign test, exact (one-sided)",
                                     "Wilcoxon signed-rank, exact (one-sided)",
                                     "t-interval clustered by document (4 df)"]
    mean_row, pooled_row = table.iloc[0], table.iloc[3]
    assert mean_row["quantity"] == "mean of document leads" and pooled_row["quantity"] == "pooled lead"
    leads = inference.document_leads(toks(DOCS), "a", "b")["lead"]
    assert mean_row["estimate"] == round(leads.mean(), 3)  # the mean of the per-document leads (notebook 01's)
    assert mean_row["low"] < mean_row["estimate"] < mean_row["high"] and np.isnan(mean_row["p_one_sided"])
    assert pooled_row["low"] < pooled_row["estimate"] < pooled_row["high"]
    assert table.loc["sign test, exact (one-sided)", "p_one_sided"] == round(inference.sign_test(leads), 3)
    boot = table.loc["percentile bootstrap over documents (200 resamples)"]
    assert boot["n_units"] == 5 and 0 <= boot["share_above_zero"] <= 1 and boot["quantity"] == "pooled lead"
    assert boot["estimate"] == pooled_row["estimate"]
    assert table.loc["percentile bootstrap over paragraphs (200 resamples)", "n_units"] == 10
    # Python's rounding of the share: 1993 of 2000 resamples print as 0.997
    assert round(1993 / 2000, 3) == 0.997


def test_bootstrap_is_reproducible_and_does_not_depend_on_row_order():
    frame = toks(DOCS)
    a = inference.bootstrap_difference(frame, "a", "b", "doc_id", n_boot=300, seed=3)
    b = inference.bootstrap_difference(frame.iloc[::-1], "a", "b", "doc_id", n_boot=300, seed=3)
    assert a == b
