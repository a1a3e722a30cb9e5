"""Tests of helpers.sentiment.nyt_model and nyt_features: small synthetic data, plus checks of the stored nested-CV
tables and the design history."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.sentiment import nyt_features as nf
from helpers.sentiment import nyt_model as nm
from helpers.sentiment.rated_lexicons import RATED_COLUMNS

POS = ["a wonderful and generous plan", "they praised the excellent result", "a great success for peace"]
NEG = ["a terrible and cruel failure", "they condemned the awful attack", "a disastrous loss for everyone"]


def _synthetic(n_editorials: int = 12) -> pd.DataFrame:
    rows = []
    for e in range(n_editorials):
        for j, t in enumerate(POS + NEG):
            rows.append({"id": f"{e}_{j}", "editorial": str(e), "text": f"{t} number {e}",
                         "rating": (2.0 if t in POS else -2.0) + 0.1 * (e % 3)})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def synthetic_features() -> pd.DataFrame:
    return nf.lexicon_features(_synthetic())


def test_lexicon_features_have_every_numeric_column(synthetic_features):
    f = synthetic_features
    assert set(nf.NUMERIC) <= set(f.columns)
    assert f[nf.NUMERIC].notna().all().all()
    pos = f["text"].str.startswith(tuple(POS))
    assert (f.loc[pos, "ref_compound"] > 0).all() and (f.loc[~pos, "ref_compound"] < 0).all()
    assert (f.loc[pos, "afinn_pos"] > 0).all()
    assert f["news_score"].between(-1, 1).all()


def test_scorer_fits_and_ranks_synthetic_sentences(synthetic_features):
    f = synthetic_features
    model = nm.NewsTunedScorer(alpha=1.0, min_df=1, ngram_max=2).fit(f, f["rating"])
    pred = model.predict(f)
    assert np.corrcoef(pred, f["rating"])[0, 1] > 0.9


def test_nested_cv_keeps_editorials_together_and_is_deterministic(synthetic_features):
    a = nm.nested_cv_seed(0, synthetic_features)
    b = nm.nested_cv_seed(0, synthetic_features)
    assert a.equals(b)
    assert a["prediction"].notna().all() and a["id"].tolist() == synthetic_features["id"].tolist()
    ed = synthetic_features["editorial"].to_numpy()
    assert all(a.loc[ed == e, "fold"].nunique() == 1 for e in np.unique(ed))
    assert a["alpha"].isin([g["alpha"] for g in nf.GRID]).all()
    table = nm.seed_summary(a, synthetic_features)
    assert table["seed"].tolist() == [0] and table["pearson_r"].iloc[0] > 0.9


def test_valence_extremes_count_valences_boosters_and_negations():
    out = nf.valence_extremes(["A very good day.", "Not bad at all", "The meeting is on Monday."])
    assert out.loc[0, "val_max"] > 0 and out.loc[0, "n_boosters"] == 1 and out.loc[0, "n_val_pos"] == 1
    assert out.loc[1, "n_negations"] == 1
    assert out.loc[2].tolist() == [0.0] * len(nf.EXTRA_COLUMNS)


def test_stacked_scorer_fits_out_of_fold_and_predicts_parts(synthetic_features):
    f = synthetic_features
    model = nm.StackedScorer(alpha=1.0, min_df=1, ngram_max=2).fit(f, f["rating"], f["editorial"], seed=0)
    parts = model.predict_parts(f)
    assert list(parts.columns) == ["ridge", "blend", "stacked"] and len(parts) == len(f)
    assert np.corrcoef(parts["stacked"], f["rating"])[0, 1] > 0.9
    assert np.allclose(model.predict(f), parts["stacked"])


def test_seed_selects_a_stored_repeat():
    assert [nm.repeat_for_seed(s) for s in (0, 4, 5, 42)] == [0, 4, 0, 2]
    ids = nm.nested_cv_predictions()["id"].iloc[:3]
    a, b = nm.held_out_scores(ids, 0), nm.held_out_scores(ids, 1)
    assert a.shape == (3,) and np.all(np.abs(a) <= 1) and not np.allclose(a, b)
    with pytest.raises(KeyError, match="not in the stored"):
        nm.held_out_scores(["no-such-id"], 0)


def test_missing_derived_table_names_the_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match="write_nested_cv_tables"):
        nm.nested_cv_seed_table(tmp_path)


def test_stored_nested_cv_tables_are_complete_and_reproduce():
    """Recomputes one outer fold of seed 0 (about 15 s) and compares it with the stored predictions."""
    seeds = nm.nested_cv_seed_table()
    preds = nm.nested_cv_predictions()
    assert seeds["seed"].tolist() == list(nm.SEEDS)
    assert len(preds) == 5190 * len(nm.SEEDS)
    data = nf.nyt_features()
    again = nm.seed_summary(preds, data)
    assert np.allclose(again["pearson_r"], seeds["pearson_r"], atol=5e-4)
    fold0 = nm.nested_cv_fold(0, 0)
    stored = preds[(preds["seed"] == 0) & (preds["fold"] == 0)].set_index("id").loc[fold0["id"]]
    assert np.allclose(stored["prediction"].to_numpy(), fold0["prediction"].to_numpy(), atol=5e-4)
    assert np.allclose(stored["ridge"].to_numpy(), fold0["ridge"].to_numpy(), atol=5e-4)
    assert (stored["alpha"].to_numpy() == fold0["alpha"].to_numpy()).all()
    assert seeds["pearson_r"].std(ddof=1) < 0.05
    assert np.allclose(again["pearson_r_ridge_only"], seeds["pearson_r_ridge_only"], atol=5e-4)


def test_feature_columns_without_rated_lexicons_leave_them_out():
    with_rated, without = nf.feature_columns(True), nf.feature_columns(False)
    assert set(RATED_COLUMNS) <= set(with_rated["numeric"]) and set(RATED_COLUMNS) <= set(with_rated["stack"])
    assert not set(RATED_COLUMNS) & (set(without["numeric"]) | set(without["stack"]) | set(without["spline"]))
    assert {g["rated"] for g in nf.GRID} == {False, True}


def test_stored_design_history_matches_the_stored_nested_cv_and_the_prose():
    from helpers.sentiment import nyt_history as nh

    h = nh.design_history().set_index("step")
    assert h.index.tolist() == [1, 2, 3, 4]
    assert abs(h.loc[4, "pearson_r"] - nm.nested_cv_seed_table()["pearson_r"].mean()) < 5e-4
    assert h.loc[1, "pearson_r"] < 0.60 <= h.loc[4, "pearson_r"]          # "first missed", then met (provenance file)
    assert h.loc[2, "pearson_r"] < h.loc[3, "pearson_r"]                   # the look that led to the revision
    assert [round(h.loc[k, "pearson_r"], 3) for k in (1, 2, 3, 4)] == [0.593, 0.583, 0.618, 0.630]


def test_plain_cv_comparison_reproduces_the_stored_history():
    """Recomputes steps 2 and 3 of the design history (plain grouped CV, three seeds; about 10 s)."""
    from helpers.sentiment import nyt_history as nh

    plain = nh.plain_cv_comparison()
    h = nh.design_history().set_index("step")
    assert abs(plain[~plain["rated"]]["pearson_r"].mean() - h.loc[2, "pearson_r"]) < 5e-4
    assert abs(plain[plain["rated"]]["pearson_r"].mean() - h.loc[3, "pearson_r"]) < 5e-4
