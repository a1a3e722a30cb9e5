"""helpers.reliability: alpha, kappa and the bootstrap, checked on small tables computed by hand."""
from __future__ import annotations

import math

import numpy as np
import pytest

from helpers import stats as rel
from helpers.sentiment import validation as sentiment_validation
from helpers.framing import validation

NAN = float("nan")

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: 4 observers x 12 units,
# values 1-5, missing data. Published results: nominal alpha = 0.743, interval alpha = 0.849.
KRIPP_EXAMPLE = np.array([
    [1, 1, NAN, 1],
    [2, 2, 3, 2],
    [3, 3, 3, 3],
    [3, 3, 3, 3],
    [2, 2, 2, 2],
    [1, 2, 3, 4],
    [4, 4, 4, 4],
    [1, 1, 2, 1],
    [2, 2, 2, 2],
    [NAN, 5, 5, 5],
    [NAN, NAN, 1, 1],
    [NAN, NAN, 3, NAN],
])


def test_alpha_matches_krippendorffs_worked_example():
    assert rel.krippendorff_alpha(KRIPP_EXAMPLE, "nominal") == pytest.approx(0.743, abs=5e-4)
    assert rel.krippendorff_alpha(KRIPP_EXAMPLE, "interval") == pytest.approx(0.849, abs=5e-4)


def test_alpha_of_a_small_binary_table_by_hand():
    # 4 units, 2 coders: (1,1), (1,0), (0,0), (0,0). Coincidences: o11 = 2, o10 = o01 = 1, o00 = 4; n = 8,
    # n1 = 3, n0 = 5. D_o = 2/8; D_e = 2 * 3 * 5 / (8 * 7) = 30/56. alpha = 1 - (2/8) / (30/56) = 1 - 14/30.
    table = np.array([[1, 1], [1, 0], [0, 0], [0, 0]])
    assert rel.krippendorff_alpha(table, "nominal") == pytest.approx(1 - 14 / 30)
    assert rel.krippendorff_alpha_nominal(table) == pytest.approx(1 - 14 / 30)
    # the vectorised 0/1 formula gives the same
    st = rel.binary_stats(table[:, 0], table[:, 1])
    assert float(st["alpha"]) == pytest.approx(1 - 14 / 30)
    # kappa by hand: p_o = 3/4, p_e = (2/4)(1/4) + (2/4)(3/4) = 1/2, kappa = (3/4 - 1/2) / (1/2) = 1/2
    assert rel.cohen_kappa(table[:, 0], table[:, 1]) == pytest.approx(0.5)
    assert float(st["kappa"]) == pytest.approx(0.5)
    # interval alpha on 0/1 equals nominal alpha (squared difference of 0 and 1 is 1)
    assert rel.krippendorff_alpha(table, "interval") == pytest.approx(1 - 14 / 30)


def test_alpha_and_kappa_without_variation_are_nan_and_perfect_agreement_is_one():
    assert math.isnan(rel.krippendorff_alpha(np.array([[1, 1], [1, 1]]), "nominal"))
    assert math.isnan(rel.cohen_kappa([1, 1], [1, 1]))
    assert rel.krippendorff_alpha(np.array([[1, 1], [0, 0], [1, 1]]), "nominal") == pytest.approx(1.0)


def test_f1_is_zero_not_nan_when_nothing_is_found():
    st = rel.binary_stats(np.array([1, 1, 0, 0]), np.array([0, 0, 0, 0]))
    assert float(st["f1"]) == 0.0
    assert math.isnan(float(st["precision"]))
    assert float(st["recall"]) == 0.0


def test_weights_equal_repeating_the_units():
    y, x = np.array([1, 0, 1, 0, 1]), np.array([1, 0, 0, 0, 1])
    w = np.array([2, 1, 0, 3, 1])
    a = rel.binary_stats(y, x, w)
    b = rel.binary_stats(np.repeat(y, w), np.repeat(x, w))
    for k in ("precision", "recall", "f1", "kappa", "alpha"):
        assert float(a[k]) == pytest.approx(float(b[k]))


def test_bootstrap_weights_are_the_same_draws_as_the_index_samples():
    idx = rel.bootstrap_samples(7, n_boot=5, seed=3)
    w = rel.bootstrap_weights(7, n_boot=5, seed=3)
    for row, i in zip(w, idx):
        assert list(row) == list(np.bincount(i, minlength=7))


def test_cluster_bootstrap_keeps_documents_whole():
    groups = np.array(["a", "a", "b", "c", "c", "c"])
    w = rel.bootstrap_weights(6, n_boot=50, seed=1, groups=groups)
    assert (w[:, 0] == w[:, 1]).all() and (w[:, 3] == w[:, 4]).all() and (w[:, 4] == w[:, 5]).all()
    assert set((w[:, [0, 2, 3]].sum(axis=1))) == {3.0}   # three clusters drawn each time
    for s in rel.bootstrap_samples(6, n_boot=20, seed=1, groups=groups):
        for doc in "abc":
            members = set(np.flatnonzero(groups == doc))
            assert len(set(s) & members) in (0, len(members))


def test_percentile_interval_ignores_nan_and_refuses_mostly_undefined_draws():
    assert rel.percentile_interval([NAN, 0.0, 1.0, NAN, 0.5], level=1.0) == (0.0, 1.0)
    lo, hi = rel.percentile_interval([NAN, NAN, NAN, 1.0], min_defined=0.5)
    assert math.isnan(lo) and math.isnan(hi)


def test_other_modules_use_the_one_implementation():
    assert sentiment_validation.krippendorff_alpha is rel.krippendorff_alpha
    assert sentiment_validation.cohen_kappa is rel.cohen_kappa
    assert sentiment_validation.bootstrap_samples is rel.bootstrap_samples
    assert validation.binary_stats is rel.binary_stats
    assert validation.krippendorff_alpha_nominal is rel.krippendorff_alpha_nominal
