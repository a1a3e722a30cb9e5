"""The positive control of the topics check (helpers.topics.control) on small synthetic matrices, and the stored
control table of the topics evidence notebook."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.topics import control

ROOT = Path(__file__).resolve().parent.parent


def test_planted_counts_keep_each_units_length_and_plant_disjoint_topics():
    lengths, freq = np.array([30, 20, 25, 10, 40, 15]), np.arange(12, 0, -1)
    counts, topic_of, planted = control.planted_counts(lengths, freq, 2, 1.0, np.random.default_rng(0))
    assert counts.shape == (6, 12) and (counts.sum(axis=1) == lengths).all()
    assert sorted(topic_of) == [0, 0, 0, 1, 1, 1]                       # as evenly as possible
    assert np.allclose(planted.sum(axis=1), 1) and (planted.min(axis=0) == 0).all()   # each term in one topic
    for u, t in enumerate(topic_of):                                   # strength 1: only the unit's topic's terms
        assert counts[u][planted[t] == 0].sum() == 0


def test_strength_zero_plants_nothing():
    lengths, freq = np.full(8, 50), np.array([5, 4, 3, 2, 1, 1])
    counts, _, planted = control.planted_counts(lengths, freq, 2, 0.0, np.random.default_rng(1))
    assert (counts.sum(axis=1) == 50).all() and (counts[:, planted[0] == 0].sum() > 0)


def test_control_runs_and_summary_have_one_row_per_strength_replicate_and_threshold():
    rng = np.random.default_rng(3)
    matrix = rng.poisson(2.0, size=(12, 16))
    runs = control.control_runs(matrix, "nmf", 2, [0.0, 1.0], 1, n_seeds=2, n_halves=2, n_shuffles=2,
                                matches=(0.8,))
    assert list(runs[["strength", "match"]].itertuples(index=False, name=None)) == [(0.0, 0.8), (1.0, 0.8)]
    assert runs["found"].between(0, 2).all() and runs["units_found"].between(0.5, 1).all()
    strong = runs.set_index("strength").loc[1.0]
    assert strong["units_found"] == 1.0                                # planted topics that are there are found
    summary = control.control_summary(runs, 2)
    assert list(summary["n_replicates"]) == [1, 1] and "replicates_all" in summary


def test_the_stored_control_table_is_read_for_the_notebooks_settings():
    sys.path.insert(0, str(ROOT))
    from scripts.derive_topic_control import CONTROL, settings_and_counts
    s, _ = settings_and_counts()
    table, stored = control.cached_control(s, lambda: pytest.fail("stored control not read"))
    assert stored and sorted(table["strength"].unique()) == sorted(CONTROL["strengths"])
    assert (table.groupby(["strength", "match"])["replicate"].nunique() == CONTROL["n_replicates"]).all()
    assert isinstance(table, pd.DataFrame)
