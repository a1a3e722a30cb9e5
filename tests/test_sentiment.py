"""Tests for helpers.sentiment, on small hand-made texts and tables, and on the shipped reference files."""
from __future__ import annotations

import math
import re

import nltk.data
import numpy as np
import pandas as pd
import pytest

from helpers import sentiment as S
from helpers.sentiment import plots as P
from helpers.sentiment import validation as V
from helpers.sentiment import ai_reference as R
from helpers.sentiment import nyt as N
from helpers.sentiment import vader_nltk


# ---------------------------------------------------------------- lexicon and scorers

def test_vader_lexicon_loads_offline_from_package_and_leaves_no_trace():
    before = list(nltk.data.path)
    S.nltk_vader_analyzer.cache_clear()
    sia = S.nltk_vader_analyzer()
    assert list(nltk.data.path) == before          # nothing was added to NLTK's search path
    assert sia.lexicon == S.vader_analyzer().lexicon  # the port uses the reference lexicon
    lines = vader_nltk.vader_lexicon_source().read_text(encoding="utf-8").strip().splitlines()
    assert len(sia.lexicon) == len({ln.split("\t")[0] for ln in lines}) > 7000
    word, value = lines[0].split("\t")[:2]
    assert sia.lexicon[word] == float(value)
    assert sia.lexicon["good"] > 0 > sia.lexicon["disaster"]


@pytest.mark.parametrize("sentence, sign", [
    ("This is a wonderful and successful agreement.", 1),
    ("The summit was a terrible failure and a disaster.", -1),
    ("The delegation arrived in Geneva on Tuesday.", 0),
])
def test_known_sentences_score_with_expected_sign(sentence, sign):
    scored = S.score_sentences(pd.DataFrame({"text": [sentence]})).iloc[0]
    for col in ("vader", "textblob"):
        if sign == 0:
            assert abs(scored[col]) <= S.NEUTRAL_BAND, col
        else:
            assert np.sign(scored[col]) == sign, col
    assert V.band_classes([scored["vader"]])[0] == {1: "positive", -1: "negative", 0: "neutral"}[sign]


def test_vader_handles_negation_but_lexicon_sums_do_not():
    scored = S.score_sentences(pd.DataFrame({"text": ["The meeting was good.", "The meeting was not good."]}))
    assert scored.loc[0, "vader"] > 0 > scored.loc[1, "vader"]
    assert scored.loc[0, "lexicon_pos"] == scored.loc[1, "lexicon_pos"] > 0


def test_unsquash_inverts_vader_normalisation():
    x = np.array([-6.0, -1.0, 0.0, 2.5])
    assert np.allclose(S.unsquash(x / np.sqrt(x * x + 15)), x)


def test_band_class_thresholds():
    out = V.band_classes([-0.06, -0.05, 0.0, 0.05, 0.051])
    assert list(out) == ["negative", "neutral", "neutral", "neutral", "positive"]


# ---------------------------------------------------------------- aggregation

def test_aggregate_on_hand_made_table():
    t = pd.DataFrame({"doc_id": ["b", "b", "a", "a", "a"], "vader": [0.5, -0.5, 0.9, 0.0, 0.3],
                      "textblob": [0.0, 0.0, 0.0, 0.0, -0.3]})
    out = S.aggregate(t, "doc_id").set_index("doc_id")
    assert list(out.index) == ["b", "a"]                     # order of first appearance
    assert out.loc["a", "n_sentences"] == 3
    assert out.loc["a", "vader_mean"] == pytest.approx(0.4)
    assert out.loc["a", "vader_ci_low"] <= 0.4 <= out.loc["a", "vader_ci_high"]
    assert 0.0 <= out.loc["a", "vader_ci_low"] and out.loc["a", "vader_ci_high"] <= 0.9
    assert out.loc["b", "vader_ci_high"] <= 0.5
    one = S.aggregate(t.iloc[:1], "doc_id")
    assert math.isnan(one.loc[0, "vader_ci_low"])            # one sentence: no interval
    two = S.aggregate(t.assign(g=["x", "y", "x", "x", "y"]), ["doc_id", "g"])
    assert len(two) == 4 and two["n_sentences"].sum() == 5


def test_actor_targets_sides():
    actors = pd.DataFrame({"actor": ["Obama", "Putin", "Medvedev"], "side": ["United States", "Russia", "Russia"],
                           "pattern": [r"\bObama\b", r"\bPutin\b", r"\bMedvedev\b"]})
    sents = pd.DataFrame({"text": ["Obama spoke.", "Putin and Medvedev met.", "Nobody came.", "Obama met Putin."]})
    out = S.actor_targets(sents, actors)
    assert list(out["text"]) == ["Obama spoke.", "Putin and Medvedev met.", "Obama met Putin."]
    assert list(out["target"]) == ["United States", "Russia", "several sides"]
    assert out.loc[1, "actors_named"] == "Medvedev; Putin"


def test_pitfall_examples_find_constructions_and_rank_by_disagreement():
    t = pd.DataFrame({"unit_id": ["d:p00:s00", "d:p00:s01", "d:p01:s00", "d:p02:s00"],
                      "block_type": ["body", "body", "body", "comment"],
                      "text": ["It was not a disaster.", "It was not bad at all.", "Cold but promising.",
                               "Sure, a \"reset\"!"],
                      "a": [0.5, 0.2, 0.1, 0.3], "b": [-0.5, 0.1, 0.1, -0.3]})
    out = S.pitfall_examples(t, "a", "b", n=1)
    neg = out[out["pitfall"] == "negation"].iloc[0]
    assert neg["unit_id"] == "d:p00:s00" and neg["rank_gap"] == pytest.approx(0.75)   # percentile ranks, not raw scores
    assert out.loc[out["pitfall"] == "contrast", "unit_id"].tolist() == ["d:p01:s00"]
    assert out.loc[out["pitfall"] == "irony marker", "block_type"].tolist() == ["comment"]
    assert "hedging" not in set(out["pitfall"])


# ---------------------------------------------------------------- evaluation

def test_correlations_on_toy_values():
    a = [1, 2, 3, 4]
    assert V.pearson(a, [2, 4, 6, 8]) == pytest.approx(1.0)
    assert V.pearson(a, [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert V.pearson([1, 2, 3], [1, 3, 2]) == pytest.approx(0.5)
    assert V.spearman(a, [1, 10, 100, 1000]) == pytest.approx(1.0)
    assert V.pearson(a, [1, 10, 100, 1000]) < 1
    assert math.isnan(V.pearson(a, [1, 1, 1, 1]))


def test_macro_f1_and_class_report_on_toy_example():
    truth = ["negative", "negative", "neutral", "neutral", "positive", "positive"]
    pred = ["negative", "neutral", "neutral", "neutral", "positive", "negative"]
    # negative: tp 1, 2 true, 2 predicted -> 0.5; neutral: tp 2, 2 true, 3 predicted -> 0.8; positive: 2/3
    assert V.macro_f1(truth, pred) == pytest.approx((0.5 + 0.8 + 2 / 3) / 3)
    assert V.macro_f1(truth, truth) == pytest.approx(1.0)
    rep = V.class_report(truth, pred).set_index("class")
    assert rep.loc["neutral", "precision"] == pytest.approx(2 / 3) and rep.loc["neutral", "recall"] == 1.0
    assert rep.loc["positive", "recall"] == 0.5 and rep.loc["macro", "f1"] == pytest.approx(V.macro_f1(truth, pred))
    cm = V.confusion(truth, pred)
    assert cm.loc["positive", "negative"] == 1 and cm.to_numpy().sum() == 6 and list(cm.columns) == list(V.CLASSES)


def test_bootstrap_ci_is_seeded_and_brackets_the_estimate():
    rng = np.random.default_rng(1)
    truth = rng.normal(size=200)
    pred = truth + rng.normal(scale=1.0, size=200)
    groups = np.repeat(np.arange(40), 5)
    lo, hi = V.bootstrap_ci(truth, pred, V.pearson, n_boot=300, seed=3, groups=groups)
    assert lo < V.pearson(truth, pred) < hi
    assert (lo, hi) == V.bootstrap_ci(truth, pred, V.pearson, n_boot=300, seed=3, groups=groups)
    assert V.bootstrap_ci(truth, 2 * truth, V.pearson, n_boot=50, seed=0) == pytest.approx((1.0, 1.0))
    metrics = {"Pearson r": V.pearson, "Spearman r": V.spearman}
    table = V.validation_table(truth, {"m": pred, "same": truth}, metrics, n_boot=50, seed=0)
    assert list(table["metric"]) == ["Pearson r", "Spearman r"] * 2 and (table["ci_low"] <= table["ci_high"]).all()


def test_paired_differences_bracket_the_difference_and_see_a_clear_winner():
    rng = np.random.default_rng(2)
    truth = rng.normal(size=300)
    good, poor = truth + rng.normal(scale=0.5, size=300), truth + rng.normal(scale=2.0, size=300)
    d = V.paired_differences(truth, {"good": good, "poor": poor}, V.pearson, [("good", "poor"), ("good", "good")],
                             groups=np.repeat(np.arange(60), 5), n_boot=200, seed=1, metric_name="r")
    assert d.loc[0, "ci_low"] > 0 and d.loc[0, "share_a_better"] == 1.0
    assert d.loc[1, "difference"] == 0 and d.loc[1, "ci_low"] == d.loc[1, "ci_high"] == 0


def test_split_half_reliability_and_spearman_brown():
    assert V.spearman_brown(0.5) == pytest.approx(2 / 3)
    assert V.spearman_brown(0.5, 1) == pytest.approx(0.5)
    rng = np.random.default_rng(0)
    true = rng.normal(size=400)
    ratings = true[:, None] + rng.normal(size=(400, 10))          # each rater: signal + noise of equal size
    sh = V.split_half_reliability(ratings, n_splits=20, seed=1)
    # reliability of a mean of 10 such raters: 10 / (10 + 1)
    assert sh["reliability"].mean() == pytest.approx(10 / 11, abs=0.03)
    assert V.noise_ceiling(0.81) == pytest.approx(0.9)
    assert sh.equals(V.split_half_reliability(ratings, n_splits=20, seed=1))


def test_rater_classes_take_the_plurality_sign_and_ties_go_neutral():
    out = V.rater_classes([[1, 2, -1, 0], [-1, -2, 0, -1], [0, 0, 3, 0], [1, -1, 0, 2], [2, -2, 0, 0]])
    assert list(out) == ["positive", "negative", "neutral", "positive", "neutral"]
    assert list(V.tone_classes([-2, -1, 0, 1, 2])) == ["negative", "negative", "neutral", "positive", "positive"]


def test_cutpoints_are_learned_on_training_folds_only():
    rng = np.random.default_rng(0)
    s = rng.normal(size=600)
    truth = np.where(s < -0.8, "negative", np.where(s > 0.4, "positive", "neutral"))
    lo, hi = V.fit_cutpoints(s, truth)
    assert lo == pytest.approx(-0.8, abs=0.1) and hi == pytest.approx(0.4, abs=0.1)
    # the same search on a squashed scale finds the squashed cuts: it works on any scale
    lo2, hi2 = V.fit_cutpoints(np.tanh(s / 3), truth)
    assert lo2 == pytest.approx(np.tanh(lo / 3), abs=0.02) and hi2 == pytest.approx(np.tanh(hi / 3), abs=0.02)
    folds = np.arange(600) % 3
    # a fold whose labels are all flipped cannot influence its own cut-points
    poisoned = truth.copy()
    poisoned[folds == 0] = "positive"
    out = V.cross_fitted_classes(s, poisoned, folds)
    clean = V.cross_fitted_classes(s, truth, folds)
    assert out.loc[folds == 0, "predicted"].tolist() != ["positive"] * int((folds == 0).sum())
    assert (out.loc[folds == 0, "low"] == clean.loc[folds == 0, "low"]).all()


def test_krippendorff_alpha_reproduces_the_published_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", the 4 coders x 12 units example
    nan = np.nan
    data = np.array([[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
                     [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
                     [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
                     [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]).T
    assert V.krippendorff_alpha(data, "nominal") == pytest.approx(0.743, abs=0.001)
    assert V.krippendorff_alpha(data, "interval") == pytest.approx(0.849, abs=0.001)
    assert V.krippendorff_alpha([[1, 1], [2, 2], [3, 3]], "interval") == pytest.approx(1.0)
    with pytest.raises(ValueError, match="level"):
        V.krippendorff_alpha(data, "ordinal")


def test_cohen_kappa_and_coder_agreement():
    assert V.cohen_kappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]) == 1.0
    assert V.cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == pytest.approx(0.0)
    a = [-2, -1, 0, 0, 1, 2, 2, 0, -1, 1]
    out = V.coder_agreement(a, a, n_boot=50).set_index("measure")
    assert np.allclose(out["value"], 1.0)
    b = [-1, -1, 0, 1, 1, 2, 1, 0, 0, 1]
    out = V.coder_agreement(a, b, n_boot=50).set_index("measure")
    assert out.loc["same class (share)", "value"] == pytest.approx(0.8)
    assert (out["ci_low"] <= out["value"]).all() and (out["value"] <= out["ci_high"]).all()


def test_coder_agreement_can_resample_whole_clusters():
    a, b = [-2, -1, 0, 0, 1, 2, 2, 0, -1, 1], [-1, -1, 0, 1, 1, 2, 1, 0, 0, 1]
    units = V.coder_agreement(a, b, n_boot=60, seed=1).set_index("measure")
    paras = V.coder_agreement(a, b, n_boot=60, seed=1, groups=[0, 0, 1, 1, 2, 2, 3, 3, 4, 4]).set_index("measure")
    assert np.allclose(units["value"], paras["value"])                  # the point values do not depend on the units
    assert not np.allclose(units["ci_low"], paras["ci_low"])


def test_two_sample_differences_resample_both_samples():
    a, b = np.array([1.0, 2.0, 3.0, 4.0]), np.array([0.0, 0.0, 1.0, 1.0, 2.0, 2.0])
    out = V.two_sample_differences({"mean": (a, b, np.mean), "max": (a, b, np.max)}, n_boot=300, seed=0)
    assert list(out["quantity"]) == ["mean", "max"]
    assert out.loc[0, "difference"] == pytest.approx(1.5) and out.loc[1, "difference"] == pytest.approx(2.0)
    assert (out["ci_low"] <= out["difference"]).all() and (out["difference"] <= out["ci_high"]).all()
    same = V.two_sample_differences({"mean": (b, b, np.mean)}, groups_a=[0, 0, 1, 1, 2, 2], groups_b=[0, 0, 1, 1, 2, 2],
                                    n_boot=300, seed=0)
    assert same.loc[0, "difference"] == 0 and same.loc[0, "ci_low"] < 0 < same.loc[0, "ci_high"]


def test_seen_scores_labels_keep_agreed_classes_and_need_every_class_disagreement_adjudicated(tmp_path):
    pa = tmp_path / "a.csv"
    pa.write_text("unit_id,tone,note\nu1,2,\nu2,-1,\nu3,0,close call\n", encoding="utf-8")
    pb = tmp_path / "b.csv"
    pb.write_text("unit_id,tone,note\nu1,1,\nu2,-2,\nu3,1,\n", encoding="utf-8")
    m = R.merge_passes(R.load_pass(pa), R.load_pass(pb))
    assert list(m.loc[~m["agree_class"], "unit_id"]) == ["u3"]
    with pytest.raises(ValueError, match="u3"):
        R.seen_scores_labels(m, pd.DataFrame({"unit_id": ["u9"], "tone": [0], "note": [""]}))
    out = R.seen_scores_labels(m, pd.DataFrame({"unit_id": ["u3"], "tone": [1], "note": ["hope"]})).set_index("unit_id")
    assert out["reference"].tolist() == [1, -1, 1] and out["adjudicated"].tolist() == [False, False, True]
    assert out.loc["u3", "reference_class"] == "positive" and out.loc["u3", "adjudication_note"] == "hope"
    bad = tmp_path / "bad.csv"
    bad.write_text("unit_id,tone\nu1,3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.csv"):
        R.load_pass(bad)


def test_reference_scores_rank_a_perfect_method_first():
    ref = pd.DataFrame({"reference": [-2, -1, 0, 0, 1, 2] * 5})
    ref["reference_class"] = V.tone_classes(ref["reference"]).to_numpy()
    noise = np.tile([0.3, -0.2, 0.1, -0.1, 0.2, 0.0], 5)
    scores = {"perfect": ref["reference"] * 1.0, "noisy": ref["reference"] + 3 * noise}
    classes = {k: V.tone_classes(np.round(v)).to_numpy() for k, v in scores.items()}
    out = R.reference_scores(ref, scores, classes, n_boot=50, n_perm=50).set_index("method")
    assert out.loc["perfect", "spearman"] == pytest.approx(1.0) and out.loc["perfect", "macro_f1"] == 1.0
    assert out.loc["perfect", "chance_f1"] < 0.6
    assert R.majority_baseline(ref)["class"] == "negative"     # tie between classes: first in CLASSES order


def test_single_rater_r_on_toy_ratings():
    out = V.single_rater_r([[1, 1, 2], [2, 2, 4], [3, 3, 6]])
    assert list(out["rater"]) == [1, 2, 3]
    assert np.allclose(out["r_with_others_mean"], 1.0)


# ---------------------------------------------------------------- ground truth files

def test_load_nyt_ratings_on_a_tiny_folder(tmp_path):
    (tmp_path / N.NYT_TEXT_FILE).write_text("1_1\t0.5\tGood news.\n1_2\t-1.0\tBad news.\n2_1\t0\tNews.\n")
    (tmp_path / N.NYT_RATINGS_FILE).write_text("1_1\t0.5\t0.5\t[0, 1]\n1_2\t-1.0\t0\t[-1, -1]\n"
                                               "2_1\t0\t0\t[0, 0]\n")
    out = S.load_nyt_ratings(tmp_path)
    assert list(out["editorial"]) == ["1", "1", "2"]
    assert out["rating_norm"].tolist() == [0.125, -0.25, 0.0]
    assert out.loc[1, "ratings"] == [-1, -1]


def test_load_nyt_ratings_missing_file_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="GroundTruth"):
        S.load_nyt_ratings(tmp_path)


def test_shipped_nyt_data_is_complete():
    out = S.load_nyt_ratings()
    assert len(out) == 5190 and out["id"].is_unique
    assert out["ratings"].map(len).eq(20).all()
    assert np.allclose(out["ratings"].map(np.mean), out["rating"], atol=0.01)


# ---------------------------------------------------------------- arcs and plots

def test_plots_draw_without_warnings(recwarn):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = pd.DataFrame({"method": ["m", "m"], "metric": ["Pearson r", "F1 (3 classes)"], "value": [0.5, 0.6],
                          "ci_low": [0.4, 0.5], "ci_high": [0.6, 0.7]})
    P.plot_validation(table, "t", reference={"human": ("Pearson r", 0.7)})
    t = pd.DataFrame({"doc_id": ["a", "a", "b"], "vader": [0.1, 0.3, -0.2]})
    P.plot_means_ci(S.aggregate(t, "doc_id", score_cols=("vader",), n_boot=20), "doc_id", {"vader": "VADER"},
                    "t", "x", "y")
    P.plot_confusion(V.confusion(["neutral", "positive"], ["neutral", "negative"]), "t")
    P.plot_grouped_barh(pd.DataFrame({"x": [0.5, 0.6], "y": [0.4, 0.7]}, index=["a", "b"]), {"x": "X", "y": "Y"},
                        "t", "x", "y")
    plt.close("all")
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]


def test_reference_vader_differs_from_the_nltk_port_on_a_known_sentence():
    sent = "There is no friendship or sympathy between Putin and Obama."
    ref = S.vader_scores([sent])["compound"].iloc[0]
    port = S.nltk_vader_scores([sent])["compound"].iloc[0]
    assert ref < 0 < port                                           # the port's negation rule misses "no"
    diff = S.vader_port_differences([sent, "The meeting was good."], ids=["x", "y"])
    assert list(diff["id"]) == ["x"] and bool(diff.loc[0, "sign_flip"])


def test_actor_mentions_give_offsets_into_the_sentence():
    actors = pd.DataFrame({"actor": ["Obama", "Putin"], "side": ["United States", "Russia"],
                           "pattern": [r"\bObama\b", r"\bPutin\b"]})
    sents = pd.DataFrame({"unit_id": ["u1", "u2"], "text": ["Putin met Obama and Putin.", "Nobody."]})
    out = S.actor_mentions(sents, actors)
    assert list(out["mention"]) == ["Putin", "Obama", "Putin"] and list(out["unit_id"]) == ["u1"] * 3
    assert all(t[s:e] == m for t, s, e, m in zip(out["text"], out["start"], out["end"], out["mention"]))
    shares = S.side_summary(out.assign(predicted=["negative", "positive", "neutral"]), n_boot=20)
    assert shares.groupby("side")["share"].sum().round(6).eq(1.0).all()


def test_side_shares_resample_whole_sentences():
    """Two mentions of one side in one sentence move together: with all of a side's mentions in one sentence, every
    draw that holds the sentence gives the same shares, so the interval collapses to the point."""
    m = pd.DataFrame({"unit_id": ["a", "a", "b", "c", "d"], "side": ["X", "X", "Y", "Y", "Y"],
                      "predicted": ["negative", "positive", "negative", "neutral", "neutral"]})
    shares = S.side_summary(m, n_boot=200, seed=0).set_index(["side", "class"])
    assert shares.loc[("X", "negative"), ["share", "ci_low", "ci_high"]].tolist() == [0.5, 0.5, 0.5]
    assert shares.loc[("Y", "neutral"), "ci_low"] < 2 / 3 < shares.loc[("Y", "neutral"), "ci_high"]
    diff = S.side_difference(m, "X", "Y", n_boot=200, seed=0).set_index("class")
    assert diff.loc["negative", "difference"] == pytest.approx(0.5 - 1 / 3)
    assert diff.loc["negative", "ci_low"] <= diff.loc["negative", "difference"] <= diff.loc["negative", "ci_high"]


def test_document_gaps_are_paired_and_can_resample_paragraphs():
    f = pd.DataFrame({"doc_id": ["d"] * 4 + ["e"] * 4, "para": [0, 0, 1, 1, 0, 0, 0, 0],
                      "a": [1.0, 1.0, 0.0, 0.0, 2.0, 2.0, 2.0, 2.0], "b": [0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]})
    by_sentence = S.document_gaps(f, "a", "b", n_boot=300, seed=0).set_index("doc_id")
    by_para = S.document_gaps(f, "a", "b", cluster="para", n_boot=300, seed=0).set_index("doc_id")
    assert list(by_sentence.index) == ["e", "d"]                          # largest difference first
    assert by_sentence.loc["e", ["difference", "ci_low", "ci_high"]].tolist() == [1.0, 1.0, 1.0]
    assert by_sentence.loc["d", "difference"] == 0.5 and by_para.loc["d", "n_clusters"] == 2
    # the paragraphs of d differ (1 vs 0): drawing whole paragraphs gives a wider spread than drawing sentences
    assert set(np.round([by_para.loc["d", "ci_low"], by_para.loc["d", "ci_high"]], 6)) <= {0.0, 0.5, 1.0}


def test_exact_permutation_p_enumerates_every_ordering():
    p, n = V.exact_permutation_p([1, 2, 3, 4, 5], [10, 20, 30, 40, 50])
    assert n == 120 and abs(p - 2 / 120) < 1e-12       # only the same and the reversed order reach |r| = 1
    p0, _ = V.exact_permutation_p([1, 2, 3, 4, 5], [3, 1, 5, 2, 4])
    assert 0.5 < p0 <= 1.0
    with pytest.raises(ValueError, match="too many"):
        V.exact_permutation_p(range(9), range(9))
    one, _ = V.exact_permutation_p([1, 2, 3, 4, 5], [10, 20, 30, 40, 50], alternative="greater")
    assert abs(one - 1 / 120) < 1e-12                     # only the same order agrees at least as strongly
    rev, _ = V.exact_permutation_p([1, 2, 3, 4, 5], [50, 40, 30, 20, 10], alternative="greater")
    assert rev == 1.0
    with pytest.raises(ValueError, match="alternative"):
        V.exact_permutation_p([1, 2, 3], [1, 2, 3], alternative="less")


def test_rank_agreement_sees_same_order_on_different_scales():
    t = pd.DataFrame({"a": [0.1, 0.5, 0.3], "b": [-0.2, 0.0, -0.1]})
    out = S.rank_agreement(t, "a", "b")
    assert out["same_order"] and out["spearman"] == pytest.approx(1.0)
    assert out["n"] == 3 and out["n_orderings"] == 6 and out["p_exact"] == pytest.approx(2 / 6)
    z = S.standardise(t, ["a", "b"])
    assert z["z_a"].mean() == pytest.approx(0.0) and z["z_a"].std(ddof=0) == pytest.approx(1.0)


def test_fast_nltk_port_scores_exactly_as_nltk_does():
    """helpers.vader_nltk speeds the NLTK port up by replacing its text preparation; the scores must not move."""
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    from helpers import corpus
    from helpers import text

    fast = S.nltk_vader_analyzer()
    stock = SentimentIntensityAnalyzer.__new__(SentimentIntensityAnalyzer)
    stock.__dict__.update(fast.__dict__)  # the same lexicon and constants, NLTK's own polarity_scores
    sents = list(text.sentences(corpus.paragraphs(corpus.load_corpus(), include=("body", "comment")))["text"])
    tricky = ["Not bad at all!!! :) ", "It was NOT a disaster, but... kind of cold?", "GREAT!!!!", "no", "",
              "The reset isn't dead -- it's sort of alive :-(", "'reset' \"reset\" “reset”", "good… bad; ugly!?"]
    for t in sents + tricky:
        assert fast.polarity_scores(t) == SentimentIntensityAnalyzer.polarity_scores(stock, t), t


def test_stored_reference_is_the_passes_plus_the_blind_adjudication():
    stored = R.load_reference()
    rebuilt = R.rebuild_reference()
    assert len(stored) == 152 and stored["unit_id"].is_unique
    cols = ["unit_id", "tone_a", "tone_b", "reference", "reference_class", "adjudicated"]
    assert stored[cols].sort_values("unit_id").reset_index(drop=True).equals(
        rebuilt[cols].sort_values("unit_id").reset_index(drop=True))
    # primary = the blind adjudication: every disagreement in value adjudicated, only those
    assert (stored["adjudicated"] == (stored["tone_a"] != stored["tone_b"])).all()
    # the seen-scores adjudication (sensitivity row) decided the disagreements in class only
    other = R.load_reference("seen scores")
    assert (other["adjudicated"] == (V.tone_classes(other["tone_a"]).to_numpy()
                                     != V.tone_classes(other["tone_b"]).to_numpy())).all()
    assert other["text"].notna().all() and other["unit_id"].tolist() == rebuilt["unit_id"].tolist()


def test_blind_adjudication_must_cover_and_respect_the_passes():
    merged = R.merge_passes(pd.DataFrame({"unit_id": ["a", "b"], "tone": [1, 0], "note": ["", ""]}),
                            pd.DataFrame({"unit_id": ["a", "b"], "tone": [1, -1], "note": ["", ""]}))
    ind = pd.DataFrame({"unit_id": ["a", "b"], "tone_a": [1, 0], "tone_b": [1, -1], "reference": [1, -1],
                        "adjudicated": ["no", "yes"], "reason": ["", "rule 3"]})
    out = R.blind_labels(merged, ind)
    assert out["reference"].tolist() == [1, -1] and out["adjudicated"].tolist() == [False, True]
    with pytest.raises(ValueError, match="was changed"):
        R.blind_labels(merged, ind.assign(reference=[0, -1]))
    with pytest.raises(ValueError, match="no row for b"):
        R.blind_labels(merged, ind.iloc[:1])
    with pytest.raises(ValueError, match="unknown adjudication"):
        R.load_reference("third")


def test_adjudication_sources_and_the_shift_split_by_source():
    blind = pd.DataFrame({"unit_id": ["s1", "s2", "s3", "s4"], "tone_a": [-1, 1, 0, 2], "tone_b": [-2, 0, 0, 2],
                          "reference": [-2, 1, 0, 2]})
    seen = pd.DataFrame({"unit_id": ["s1", "s2", "s3", "s4"], "reference": [-1, 0, 0, 2]})
    src = R.adjudication_sources(blind, seen).set_index("unit_id")
    assert list(src.index) == ["s1", "s2"]
    assert src.loc["s1", "source"] == "rounding rule" and src.loc["s2", "source"] == "adjudicator (had seen scores)"
    shift = R.shift_by_source(blind, seen, [-0.9, 0.1, 0.0, 0.8]).set_index("source")
    parts = shift.drop(index="total")["shift"]
    assert parts.sum() == pytest.approx(shift.loc["total", "shift"])   # the two shares add up to the total
    assert shift.loc["total", "shift"] == pytest.approx(V.spearman(seen["reference"], [-0.9, 0.1, 0.0, 0.8])
                                                        - V.spearman(blind["reference"], [-0.9, 0.1, 0.0, 0.8]))


def test_lodo_differences_leave_out_each_document():
    g = pd.DataFrame({"doc_id": list("aabbcc"), "reference": [1, 2, 3, 4, 5, 6], "x": [1, 2, 3, 4, 6, 5],
                      "y": [6, 5, 4, 3, 2, 1]})
    out = R.lodo_differences(g, "x", "y")
    assert out["left_out"].tolist() == ["a", "b", "c"] and out["n_sentences"].tolist() == [4, 4, 4]
    assert (out["difference"] > 0).all()


def test_body_minus_comments_resamples_whole_comments():
    f = pd.DataFrame({"block_type": ["body"] * 4 + ["comment"] * 4, "para": [0, 0, 1, 1, 5, 5, 5, 6],
                      "vader": [0.5, 0.4, 0.6, 0.5, -0.9, -0.8, -0.7, 0.9]})
    by_comment = S.mean_difference(f, "block_type", "body", "comment", "vader", cluster="para", n_boot=300, seed=0)
    by_sentence = S.mean_difference(f, "block_type", "body", "comment", "vader", n_boot=300, seed=0)
    assert (by_comment["k_a"], by_comment["k_b"], by_sentence["k_b"]) == (2, 2, 4)
    assert by_comment["difference"] == by_sentence["difference"] == pytest.approx(0.5 - (-0.375))
    # one comment of three sentences moves as a whole: the interval is wider than when sentences move alone
    assert by_comment["ci_high"] - by_comment["ci_low"] > by_sentence["ci_high"] - by_sentence["ci_low"]


def test_names_are_masked_before_scoring():
    out = S.score_sentences(pd.DataFrame({"text": ["Great Britain hosted the talks."]})).iloc[0]
    assert "Great" not in out["scored_text"] and out["text"] == "Great Britain hosted the talks."
    assert out["vader_unmasked"] > 0 and out["vader"] == 0            # "great" no longer scores
    assert len(S.masking_effect(pd.DataFrame([out]))) == 1


@pytest.mark.parametrize("change, message", [
    ('DOC_ID = "cnn_2021"', "DOC_ID = 'cnn_2021' is not a document of this corpus; use one of"),
    ('SENTENCE_ID = "cnn_2012:p99:s00"', "SENTENCE_ID = 'cnn_2012:p99:s00' is not a sentence of this corpus"),
    ("ARC_WINDOW = 0", "ARC_WINDOW must be at least 1 (it is 0)"),
])
def test_the_lesson_stops_on_a_mistyped_parameter_with_a_message_that_names_it(change, message):
    """The lesson's parameter checks run before any analysis: its Parameters cell, one wrong value set after it (as
    papermill would), its imports and its loading cell, run here in-process, stop with a message naming the
    parameter."""
    import json

    from helpers.paths import PROJECT_ROOT

    nb = json.loads((PROJECT_ROOT / "notebooks" / "03_sentiment.ipynb").read_text(encoding="utf-8"))
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    params, imports, checks = code[0], code[1], code[2]
    assert "DOC_ID" in params and "raise ValueError" in checks
    namespace: dict = {}
    with pytest.raises(ValueError, match=re.escape(message)):
        for source in (params, change, imports.replace("use_style()", ""), checks):
            exec(compile(source, "<lesson cell>", "exec"), namespace)


# ---------------------------------------------------------------- second methods review (issue 23)

def test_benchmark_differences_pair_a_method_with_the_single_rater_benchmark():
    rng = np.random.default_rng(0)
    true = rng.normal(size=200)
    ratings = true[:, None] + rng.normal(size=(200, 6))
    one = V.single_rater_r(ratings)["r_with_others_mean"].mean()
    mean = ratings.mean(axis=1)
    out = V.benchmark_differences(ratings, {"perfect": mean, "noisy": true + rng.normal(scale=3, size=200)},
                                  groups=np.repeat(np.arange(40), 5), n_boot=200, seed=1).set_index("method")
    assert out.loc["perfect", "single_rater"] == pytest.approx(one)
    assert out.loc["perfect", "method_r"] == pytest.approx(1.0)
    assert out.loc["perfect", "difference"] == pytest.approx(1 - one) and out.loc["perfect", "ci_low"] > 0
    assert out.loc["noisy", "ci_high"] < 0                                  # a poor method sits clearly below one rater
    lo, hi = out.loc["noisy", ["ci_low", "ci_high"]]
    assert lo <= out.loc["noisy", "difference"] <= hi


def test_cross_fitted_comparison_fits_out_of_sample_and_marks_the_in_sample_row():
    rng = np.random.default_rng(0)
    s = rng.normal(size=300)
    truth = np.where(s < -0.5, "negative", np.where(s > 0.5, "positive", "neutral"))
    scores = {"exact": s, "noise": rng.normal(size=300)}
    docs = np.repeat(np.arange(5), 60)
    out = V.cross_fitted_comparison(truth, scores, {"by doc": docs, "in sample": None}, ("exact", "noise"),
                                    groups=np.repeat(np.arange(60), 5), n_boot=100, seed=0)
    assert list(out["scheme"]) == ["by doc", "in sample"] and list(out["n_folds"]) == [5, 1]
    by_doc = out.iloc[0]
    assert by_doc["macro-F1 exact"] > 0.95 and by_doc["ci_low"] > 0.3        # the exact scorer wins clearly
    assert by_doc["difference"] == pytest.approx(by_doc["macro-F1 exact"] - by_doc["macro-F1 noise"])
    assert np.isnan(out.iloc[1]["ci_low"]) and np.isnan(out.iloc[1]["ci_high"])
    # pure noise: its cut-points fitted in sample flatter it more than cut-points fitted on other documents
    assert out.iloc[1]["macro-F1 noise"] > by_doc["macro-F1 noise"]


def test_side_difference_can_resample_paragraphs():
    m = pd.DataFrame({"unit_id": ["p1:s0", "p1:s1", "p2:s0", "p3:s0", "p3:s1"], "paragraph": ["p1", "p1", "p2", "p3", "p3"],
                      "side": ["X", "Y", "X", "Y", "Y"],
                      "predicted": ["negative", "negative", "positive", "neutral", "neutral"]})
    by_sentence = S.side_difference(m, "X", "Y", n_boot=300, seed=0).set_index("class")
    by_paragraph = S.side_difference(m, "X", "Y", n_boot=300, seed=0, cluster="paragraph").set_index("class")
    assert by_paragraph["difference"].equals(by_sentence["difference"])    # the point estimate does not depend on it
    assert not by_paragraph[["ci_low", "ci_high"]].equals(by_sentence[["ci_low", "ci_high"]])


def test_pitfall_gap_table_can_resample_paragraphs():
    t = pd.DataFrame({"text": ["It is not good.", "Fine news.", "We did not win.", "Good day.", "Bad day.", "Okay."],
                      "paragraph": ["a", "a", "b", "b", "c", "c"],
                      "a": [0.1, 0.5, 0.2, 0.9, -0.5, 0.0], "b": [0.9, 0.4, -0.5, 0.8, -0.6, 0.1]})
    pats = {"negation": r"\bnot\b"}
    plain = S.pitfall_gap_table(t, "a", "b", pats, n_boot=200, seed=0)
    clustered = S.pitfall_gap_table(t, "a", "b", pats, n_boot=200, seed=0, cluster="paragraph")
    assert plain.loc[0, "difference"] == clustered.loc[0, "difference"] and plain.loc[0, "n_with"] == 2
    assert clustered.loc[0, "ci_low"] <= clustered.loc[0, "difference"] <= clustered.loc[0, "ci_high"]


def test_negation_reach_measures_the_distance_vader_uses():
    from helpers.sentiment import pitfalls

    assert pitfalls.negation_reach("It is not good.") == 1
    assert pitfalls.negation_reach("There is not much of a greater chance.") == 4     # not much of a greater
    assert pitfalls.negation_reach("Nothing here.") is None
    far = "There is not in the wider and larger world any greater trust."
    reach = pitfalls.negation_reach(far)
    assert reach > 3
    assert pitfalls.rule_status("negation", "not", 0.0, reach) == \
        f"unused: nearest lexicon word {reach} words after the negation (rule reaches 3)"
    assert pitfalls.rule_status("negation", "not", 0.0, 2) == "unused by VADER's rules"
    assert pitfalls.rule_status("negation", "not", 0.0) == "unused by VADER's rules"   # not measured: no reason given
    assert pitfalls.rule_status("negation", "not", -0.3, 1) == "moved by VADER's rules"
    # VADER itself: a negation within three words flips the score, one further away does not
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    assert sia.polarity_scores("It is not good.")["compound"] < 0
    assert sia.polarity_scores(far)["compound"] == sia.polarity_scores(far.replace(" not", ""))["compound"]
