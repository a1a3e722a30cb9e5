"""Tests for helpers.sentiment, on small hand-made texts and tables."""
from __future__ import annotations

import math

import nltk.data
import numpy as np
import pandas as pd
import pytest

from helpers import sentiment as S


# ---------------------------------------------------------------- lexicon and scorers

def test_vader_lexicon_loads_offline_from_package_and_leaves_no_trace():
    before = list(nltk.data.path)
    S.vader_analyzer.cache_clear()
    sia = S.vader_analyzer()
    assert list(nltk.data.path) == before          # the staging folder was removed from the search path
    lines = S.vader_lexicon_source().read_text(encoding="utf-8").strip().splitlines()
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
    assert scored["vader_class"] == {1: "positive", -1: "negative", 0: "neutral"}[sign]


def test_vader_handles_negation_but_lexicon_sums_do_not():
    scored = S.score_sentences(pd.DataFrame({"text": ["The meeting was good.", "The meeting was not good."]}))
    assert scored.loc[0, "vader"] > 0 > scored.loc[1, "vader"]
    assert scored.loc[0, "lexicon_pos"] == scored.loc[1, "lexicon_pos"] > 0


def test_unsquash_inverts_vader_normalisation():
    x = np.array([-6.0, -1.0, 0.0, 2.5])
    assert np.allclose(S.unsquash(x / np.sqrt(x * x + 15)), x)


def test_polarity_class_thresholds():
    out = S.polarity_class([-0.06, -0.05, 0.0, 0.05, 0.051])
    assert list(out) == ["negative", "neutral", "neutral", "neutral", "positive"]


# ---------------------------------------------------------------- aggregation

def test_aggregate_on_hand_made_table():
    t = pd.DataFrame({"doc_id": ["b", "b", "a", "a", "a"], "vader": [0.5, -0.5, 0.9, 0.0, 0.3],
                      "textblob": [0.0, 0.0, 0.0, 0.0, -0.3]})
    out = S.aggregate(t, "doc_id").set_index("doc_id")
    assert list(out.index) == ["b", "a"]                     # order of first appearance
    assert out.loc["a", "n_sentences"] == 3
    assert out.loc["a", "vader_mean"] == pytest.approx(0.4)
    assert out.loc["a", "vader_share_pos"] == pytest.approx(2 / 3)
    assert out.loc["b", "vader_share_neg"] == pytest.approx(0.5)
    assert out.loc["a", "textblob_share_neg"] == pytest.approx(1 / 3)
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
    assert neg["unit_id"] == "d:p00:s00" and neg["gap"] == pytest.approx(1.0)
    assert out.loc[out["pitfall"] == "contrast", "unit_id"].tolist() == ["d:p01:s00"]
    assert out.loc[out["pitfall"] == "irony marker", "block_type"].tolist() == ["comment"]
    assert "hedging" not in set(out["pitfall"])


# ---------------------------------------------------------------- evaluation

def test_correlations_on_toy_values():
    a = [1, 2, 3, 4]
    assert S.pearson(a, [2, 4, 6, 8]) == pytest.approx(1.0)
    assert S.pearson(a, [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert S.pearson([1, 2, 3], [1, 3, 2]) == pytest.approx(0.5)
    assert S.spearman(a, [1, 10, 100, 1000]) == pytest.approx(1.0)
    assert S.pearson(a, [1, 10, 100, 1000]) < 1
    assert math.isnan(S.pearson(a, [1, 1, 1, 1]))


def test_f1_three_class_on_toy_example():
    truth = [-0.5, -0.5, 0.0, 0.0, 0.5, 0.5]     # neg neg neu neu pos pos
    pred = [-0.5, 0.0, 0.0, 0.0, 0.5, -0.5]      # neg neu neu neu pos neg
    # negative: tp 1, 2 true, 2 predicted -> 0.5; neutral: tp 2, 2 true, 3 predicted -> 0.8; positive: 2/3
    assert S.f1_three_class(truth, pred) == pytest.approx((0.5 + 0.8 + 2 / 3) / 3)
    assert S.f1_three_class(truth, truth) == pytest.approx(1.0)


def test_bootstrap_ci_is_seeded_and_brackets_the_estimate():
    rng = np.random.default_rng(1)
    truth = rng.normal(size=200)
    pred = truth + rng.normal(scale=1.0, size=200)
    groups = np.repeat(np.arange(40), 5)
    lo, hi = S.bootstrap_ci(truth, pred, S.pearson, n_boot=300, seed=3, groups=groups)
    assert lo < S.pearson(truth, pred) < hi
    assert (lo, hi) == S.bootstrap_ci(truth, pred, S.pearson, n_boot=300, seed=3, groups=groups)
    assert S.bootstrap_ci(truth, 2 * truth, S.pearson, n_boot=50, seed=0) == pytest.approx((1.0, 1.0))
    table = S.validation_table(truth / 4, {"m": pred / 4}, n_boot=50, seed=0)
    assert list(table["metric"]) == list(S.METRICS) and (table["ci_low"] <= table["ci_high"]).all()


def test_single_rater_r_on_toy_ratings():
    out = S.single_rater_r([[1, 1, 2], [2, 2, 4], [3, 3, 6]])
    assert list(out["rater"]) == [1, 2, 3]
    assert np.allclose(out["r_with_others_mean"], 1.0)


# ---------------------------------------------------------------- cross-validation

class _SpyModel:
    """Remembers what it was trained on and fails if asked to score any of it."""

    def __init__(self, log):
        self.log = log

    def fit(self, X, y):
        self.seen = set(X["text"])
        self.log.append(self.seen)
        return self

    def predict(self, X):
        assert not self.seen & set(X["text"]), "scored a sentence the model was trained on"
        return np.full(len(X), float(len(self.log)))


def _toy_rated(n_groups=12, per_group=3):
    rows = [{"id": f"{g}_{i}", "editorial": str(g), "text": f"sentence {i} of editorial {g}",
             "rating": float(g % 3 - 1)} for g in range(n_groups) for i in range(per_group)]
    return pd.DataFrame(rows)


def test_cross_validation_never_scores_a_training_sentence():
    data = _toy_rated()
    log = []
    out = S.cross_validated_scores(data, n_splits=4, seed=7, model_factory=lambda: _SpyModel(log))
    assert len(log) == 4
    assert out["prediction"].notna().all() and list(out["id"]) == list(data["id"])
    for k in range(4):
        scored = set(data.loc[out["fold"] == k, "text"])
        assert not scored & log[k]
        assert scored | log[k] == set(data["text"])
    # an editorial is never split across folds
    assert (data.assign(fold=out["fold"]).groupby("editorial")["fold"].nunique() == 1).all()


def test_grouped_folds_are_seeded():
    g = np.repeat(np.arange(20), 2)
    assert np.array_equal(S.grouped_folds(g, 5, seed=1), S.grouped_folds(g, 5, seed=1))
    assert not np.array_equal(S.grouped_folds(g, 5, seed=1), S.grouped_folds(g, 5, seed=2))


def test_tuned_model_learns_on_a_small_table():
    texts = ["a fine hopeful deal", "a grim bleak failure", "hopeful fine talks", "bleak grim talks"] * 5
    data = S.score_sentences(pd.DataFrame({"text": texts}))
    y = np.array([2.0, -2.0, 2.0, -2.0] * 5)
    model = S.make_tuned_model(alpha=1.0, min_df=1).fit(data, y)
    pred = model.predict(data)
    assert (np.sign(pred) == np.sign(y)).all()
    w = S.top_weights(model, n=2)
    assert set(w["direction"]) == {"negative", "positive"} and len(w) == 4


# ---------------------------------------------------------------- ground truth files

def test_load_nyt_ratings_on_a_tiny_folder(tmp_path):
    (tmp_path / S.NYT_TEXT_FILE).write_text("1_1\t0.5\tGood news.\n1_2\t-1.0\tBad news.\n2_1\t0\tNews.\n")
    (tmp_path / S.NYT_RATINGS_FILE).write_text("1_1\t0.5\t0.5\t[0, 1]\n1_2\t-1.0\t0\t[-1, -1]\n"
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

def test_sentence_arcs_positions_and_rolling_mean():
    t = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "sent_id": [0, 1, 2, 0], "vader": [0.0, 0.6, 0.3, 0.5]})
    arcs = S.sentence_arcs(t, cols=("vader",), window=3)
    a = arcs[arcs["doc_id"] == "a"]
    assert a["position"].tolist() == [0.0, 0.5, 1.0]
    assert a["rolling"].tolist() == pytest.approx([0.3, 0.3, 0.45])
    assert arcs.loc[arcs["doc_id"] == "b", ["position", "rolling"]].values.tolist() == [[0.0, 0.5]]


def test_plots_draw_without_warnings(recwarn):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    S.plot_dots(pd.DataFrame(), "empty", "x", "y", "side")
    S.plot_dots(pd.DataFrame({"A": [0.1, np.nan], "B": [0.2, -0.1]}, index=["d1", "d2"]), "t", "x", "y", connect=True)
    table = pd.DataFrame({"method": ["m", "m"], "metric": ["Pearson r", "F1 (3 classes)"], "value": [0.5, 0.6],
                          "ci_low": [0.4, 0.5], "ci_high": [0.6, 0.7]})
    S.plot_validation(table, "t", reference={"human": ("Pearson r", 0.7)})
    plt.close("all")
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]


def test_fast_vader_scores_exactly_as_nltk_does():
    """helpers.sentiment speeds VADER up by replacing NLTK's text preparation; the scores must not move."""
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    from helpers import corpus, text

    fast = S.vader_analyzer()
    stock = SentimentIntensityAnalyzer.__new__(SentimentIntensityAnalyzer)
    stock.__dict__.update(fast.__dict__)  # the same lexicon and constants, NLTK's own polarity_scores
    sents = list(text.sentences(corpus.paragraphs(corpus.load_corpus(), include=("body", "comment")))["text"])
    tricky = ["Not bad at all!!! :) ", "It was NOT a disaster, but... kind of cold?", "GREAT!!!!", "no", "",
              "The reset isn't dead -- it's sort of alive :-(", "'reset' \"reset\" “reset”", "good… bad; ugly!?"]
    for t in sents + tricky:
        assert fast.polarity_scores(t) == SentimentIntensityAnalyzer.polarity_scores(stock, t), t
