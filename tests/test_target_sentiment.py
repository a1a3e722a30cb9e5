"""Tests of helpers.sentiment.target (with its features and evaluation) and helpers.sentiment.lexicons on small texts.

The full model is fitted once for this module (``full_model``; ``ts.trained_model`` caches it in the process):
the devtest evaluation, the comparison with the stored corpus tables (made by another process, under another
hash seed) and one side of the determinism check all use that fit; the determinism check fits a second model."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from helpers.sentiment import lexicons
from helpers.sentiment import target as ts
from helpers.sentiment import target_features as tf
from helpers.sentiment import target_eval as te

SENT = "Critics attacked Smith for the disastrous plan, while Jones won praise for her excellent work."
SMITH = (SENT.index("Smith"), SENT.index("Smith") + 5)
JONES = (SENT.index("Jones"), SENT.index("Jones") + 5)


def _small_training() -> tuple[pd.DataFrame, np.ndarray]:
    rows = []
    good = ["praised", "admired", "applauded", "celebrated", "thanked"]
    bad = ["attacked", "blamed", "condemned", "criticized", "mocked"]
    calm = ["met", "called", "visited", "saw", "phoned"]
    for i, (g, b, c) in enumerate(zip(good, bad, calm)):
        for name, verb, label in (("Adams", g, "positive"), ("Baker", b, "negative"), ("Clark", c, "neutral")):
            text = f"Voters {verb} {name} on day {i}."
            s = text.index(name)
            rows.append({"text": text, "start": s, "end": s + len(name), "label": label})
    frame = pd.DataFrame(rows)
    return frame, frame["label"].to_numpy()


# --------------------------------------------------------------------------- lexicons


def test_reference_vader_differs_from_nltk_port_on_the_review_example():
    text = "There is no friendship or sympathy between Putin and Obama, not at all."
    ref = lexicons.reference_vader_scores([text])["compound"].iloc[0]
    assert ref < 0
    from helpers.sentiment import vader_port_differences

    diffs = vader_port_differences([text, "A good day."], ids=["x", "y"])
    assert diffs["id"].tolist() == ["x"]
    assert bool(diffs["sign_flip"].iloc[0])


def test_token_valences_offsets_and_negation():
    text = "The plan is not good, but the talks were excellent."
    tv = lexicons.token_valences(text)
    for s, e, tok in zip(tv["start"], tv["end"], tv["token"]):
        assert tok in text[s:e]
    good = tv[tv["token"] == "good"].iloc[0]
    assert good["lexicon"] > 0 and good["valence"] < 0 and bool(good["negated"])
    assert bool(tv.loc[tv["token"] == "not", "negation"].iloc[0])
    assert abs(tv["valence"].sum() - lexicons.valence_sums([text])["val_raw"].iloc[0]) < 1e-9


def test_afinn_scores_sum_signed_valences():
    out = lexicons.afinn_scores(["good bad", "nothing here"])
    assert out.loc[0, "afinn_pos"] > 0 > out.loc[0, "afinn_neg"]
    assert out.loc[1].tolist() == [0.0, 0.0]


# --------------------------------------------------------------------------- features


def test_mention_features_mask_names_and_localise_windows():
    f = ts.mention_features(SENT, *SMITH, others=[JONES])
    assert "smith" not in f["sentence"] and "jones" not in f["sentence"]
    assert tf.TARGET_TOKEN in f["sentence"] and tf.OTHER_TOKEN in f["sentence"]
    assert "l3_attacked" in f["left"].split()
    assert "r3_for" in f["right"].split()
    assert f["val_mine_neg"] < 0  # "attacked" / "disastrous" are nearer Smith than Jones
    g = ts.mention_features(SENT, *JONES, others=[SMITH])
    assert g["val_mine_pos"] > 0
    assert g["vader_compound"] == f["vader_compound"]  # whole-sentence features are shared


def test_feature_frame_infers_other_mentions_from_same_text():
    frame = pd.DataFrame({"text": [SENT, SENT], "start": [SMITH[0], JONES[0]], "end": [SMITH[1], JONES[1]]})
    feats = ts.feature_frame(frame)
    assert feats["n_mentions"].tolist() == [2.0, 2.0]
    assert set(ts.numeric_columns(feats)).isdisjoint({"sentence", "left", "right", "between", "clause"})


@pytest.mark.parametrize("bad", [{"text": ["abc"], "start": [2], "end": [9]},
                                 {"text": ["abc"], "start": [1]}])
def test_bad_spans_raise_clear_errors(bad):
    with pytest.raises(ValueError, match="offsets|missing"):
        ts.feature_frame(pd.DataFrame(bad))


# --------------------------------------------------------------------------- data


def test_load_newsmtsc_reads_records_and_rejects_bad_lines(tmp_path):
    rec = {"primary_gid": "g1", "sentence_normalized": SENT,
           "targets": [{"from": SMITH[0], "to": SMITH[1], "mention": "Smith", "polarity": 2.0},
                       {"from": JONES[0], "to": JONES[1], "mention": "Jones", "polarity": 6.0}]}
    (tmp_path / "train.jsonl").write_text(json.dumps(rec) + "\n", encoding="utf-8")
    out = ts.load_newsmtsc("train", tmp_path)
    assert out["label"].tolist() == ["negative", "positive"]
    assert out["others"].tolist() == [[JONES], [SMITH]]
    assert all(t[s:e] == m for t, s, e, m in zip(out["text"], out["start"], out["end"], out["mention"]))
    (tmp_path / "train.jsonl").write_text("{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1"):
        ts.load_newsmtsc("train", tmp_path)
    with pytest.raises(FileNotFoundError, match="devtest_mt.jsonl"):
        ts.load_newsmtsc("devtest_mt", tmp_path)
    with pytest.raises(ValueError, match="unknown NewsMTSC split"):
        ts.load_newsmtsc("test", tmp_path)


def test_shipped_newsmtsc_counts_match_its_readme():
    train, dev = ts.load_newsmtsc("train"), ts.load_newsmtsc("devtest_mt")
    assert (len(train), train["sentence_id"].nunique()) == (8739, 7758)
    assert (len(dev), dev["sentence_id"].nunique()) == (1476, 721)
    # three devtest sentences list the same mention twice (same span and label): kept, as published
    assert (dev["others"].str.len() == 0).sum() == 6
    assert dev.duplicated(["sentence_id", "start", "end", "label"]).sum() == 3


# --------------------------------------------------------------------------- model


def test_small_model_learns_verbs_and_returns_probabilities():
    frame, labels = _small_training()
    model = ts.make_model(C=10.0).fit(ts.feature_frame(frame), labels)
    new = pd.DataFrame({"text": ["Voters praised Davis on day 9.", "Voters condemned Davis on day 9."],
                        "start": [15, 17], "end": [20, 22], "keep": ["a", "b"]})
    out = ts.target_sentiment(new, model=model)
    assert out["keep"].tolist() == ["a", "b"]
    assert out["predicted"].tolist() == ["positive", "negative"]
    assert np.allclose(out[ts.PROBA_COLUMNS].sum(axis=1), 1.0)
    assert str(out["predicted"].dtype) == "str"


def test_empty_frame_gets_empty_columns():
    out = ts.target_sentiment(pd.DataFrame({"text": pd.Series(dtype=str), "start": [], "end": []}),
                              model=object())
    assert list(out.columns)[-4:] == ["predicted", *ts.PROBA_COLUMNS] and len(out) == 0


def test_grouped_folds_keep_groups_together_and_are_seeded():
    groups = np.repeat(np.arange(20), 3)
    f = ts.grouped_folds(groups, n_splits=4, seed=1)
    assert all(len(set(f[groups == g])) == 1 for g in range(20))
    assert np.array_equal(f, ts.grouped_folds(groups, n_splits=4, seed=1))
    assert sorted(np.bincount(f).tolist()) == [15, 15, 15, 15]


@pytest.fixture(scope="module")
def full_model():
    """The scorer fitted on all of NewsMTSC train (< 30 s), shared by the tests of this module."""
    return ts.trained_model()


def test_full_model_is_deterministic_and_beats_sentence_vader(full_model):
    """Scores devtest_mt with the shared fit, and fits a second model: the two give the same probabilities."""
    table = te.devtest_evaluation(n_boot=50)
    get = lambda m, k: table.query("method == @m and metric == @k")["value"].iloc[0]  # noqa: E731
    assert get("target_sentiment", "macro-F1") > get("sentence VADER", "macro-F1") + 0.05
    assert get("sentence VADER", "macro-F1") > get("majority class", "macro-F1")
    diff = table.query("method == 'target_sentiment - sentence VADER' and metric == 'macro-F1'").iloc[0]
    assert diff["ci_low"] > 0
    again = ts.make_model(ts.DEFAULT_C, ts.numeric_columns(ts.training_features()[0]), ts.DEFAULT_LEARNER,
                          ts.DEFAULT_WEIGHT).fit(
        ts.training_features()[0], ts.training_features()[1])
    assert again is not full_model
    assert ts.trained_model(ts.DEFAULT_C) is full_model      # one cached fit, however it is asked for
    sample = ts.load_newsmtsc("devtest_mt").head(40)
    a = ts.target_sentiment(sample, model=full_model)
    b = ts.target_sentiment(sample, model=again)
    assert np.array_equal(a[ts.PROBA_COLUMNS].round(12).to_numpy(), b[ts.PROBA_COLUMNS].round(12).to_numpy())


def test_names_are_masked_by_the_shared_phrase_layer():
    masked = lexicons.names_masked("Great Britain welcomed the plan.")
    assert "Great" not in masked and lexicons.NAME_TOKEN in masked
    assert lexicons.reference_vader_scores(["Great Britain"])["compound"].iloc[0] > 0
    assert lexicons.reference_vader_scores([lexicons.names_masked("Great Britain")])["compound"].iloc[0] == 0
    text = "Great Britain praised Smith."
    f = ts.mention_features(text, text.index("Smith"), text.index("Smith") + 5)
    assert lexicons.NAME_TOKEN in f["sentence"] and "great" not in f["sentence"]


def test_evaluation_and_overlap_tables_on_hand_made_predictions():
    pred = pd.DataFrame({"sentence_id": [0, 0, 1, 2, 3, 3], "label": ["negative", "neutral", "positive", "neutral",
                                                                      "negative", "positive"],
                         "in_training_article": [True, True, True, False, False, False]})
    pred["target_sentiment"] = pred["label"]
    pred["sentence VADER"] = ["neutral"] * 6
    pred["majority class"] = ["negative"] * 6
    pred["sentence VADER, learned cuts"] = ["neutral"] * 6
    t = te.devtest_evaluation(n_boot=30, seed=0, pred=pred).set_index(["method", "metric"])
    assert t.loc[("target_sentiment", "macro-F1"), "value"] == 1.0
    assert t.loc[("target_sentiment - sentence VADER", "macro-F1"), "value"] == pytest.approx(1 - (0 + 0.5 + 0) / 3)
    assert (t["n"] == 6).all()
    ov = te.overlap_evaluation(n_boot=30, seed=0, pred=pred).set_index(["method", "group"])
    assert ov.loc[("target_sentiment", "article also in training"), "n_mentions"] == 3
    assert ov.loc[("target_sentiment", "difference (also minus not)"), "macro_f1"] == 0.0
    cv = pd.DataFrame({"learner": ["a", "b", "c"], "C": [1, 1, 1], "class_weight": ["x"] * 3,
                       "macro_f1_mean": [0.60, 0.66, 0.65], "macro_f1_sd": [0.01, 0.02, 0.01]})
    ranked = te.model_choice(cv)
    assert ranked["learner"].tolist() == ["b", "c", "a"] and ranked["within_one_sd"].tolist() == [True, True, False]


def test_published_benchmark_is_the_readmes():
    from helpers.paths import PROJECT_ROOT

    readme = (PROJECT_ROOT / "data" / "external" / "newsmtsc" / "README.md").read_text(encoding="utf-8")
    assert "82.5 on the multi-target split" in readme and "81.7 / 81.2" in readme
    assert te.PUBLISHED_MACRO_F1 == {"GRU-TSC (Hamborg & Donnay 2021)": 0.825, "previous state of the art (ibid.)": 0.812}


def test_half_of_the_test_mentions_come_from_training_articles():
    pred = te.stored_devtest_predictions()
    train = ts.article_groups(ts.load_newsmtsc("train"))
    dev = ts.load_newsmtsc("devtest_mt")
    assert (pred["article"].to_numpy() == ts.article_groups(dev)).all()
    assert (pred["in_training_article"].to_numpy() == np.isin(ts.article_groups(dev), train)).all()
    assert (int(pred["in_training_article"].sum()), len(pred)) == (735, 1476)


def test_stored_cv_table_chooses_the_default_model():
    table = ts.cv_table()
    assert list(zip(table["learner"], table["C"], table["class_weight"])) == list(ts.CANDIDATES)
    chosen = table[table["chosen"]]
    assert len(chosen) == 1
    assert (chosen["learner"].iloc[0], chosen["C"].iloc[0], chosen["class_weight"].iloc[0]) == (
        ts.DEFAULT_LEARNER, ts.DEFAULT_C, ts.DEFAULT_WEIGHT)
    assert ts.DEVTEST_LOOKS == 4


def test_article_groups_keep_an_articles_sentences_together():
    frame = pd.DataFrame({"primary_gid": ["allsides_1000_401_25_X_0_6", "allsides_1000_401_3_Y_0_3",
                                          "allsides_1018_408_1_Z_2_17"]})
    g = ts.article_groups(frame)
    assert g[0] == g[1] == "allsides_1000_401" and g[2] != g[0]


@pytest.mark.parametrize("learner", ["logit", "svm"])
def test_both_learners_learn_verbs(learner):
    frame, labels = _small_training()
    model = ts.make_model(C=10.0, learner=learner).fit(ts.feature_frame(frame), labels)
    new = pd.DataFrame({"text": ["Voters praised Davis on day 9.", "Voters condemned Davis on day 9."],
                        "start": [15, 17], "end": [20, 22]})
    assert ts.target_sentiment(new, model=model)["predicted"].tolist() == ["positive", "negative"]
    with pytest.raises(ValueError, match="unknown learner"):
        ts.make_model(learner="tree")


def test_stored_newsmtsc_tables_equal_a_fresh_fit(full_model):
    """data/derived/ holds the target scorer's corpus predictions and devtest predictions: a fit in this process
    (the module's shared one) gives them again."""
    import importlib.util

    from helpers import sentiment as S
    from helpers.paths import PROJECT_ROOT
    from helpers.sentiment import target as T

    spec = importlib.util.spec_from_file_location("derive", PROJECT_ROOT / "scripts" / "derive_sentiment_tables.py")
    derive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(derive)
    mentions = derive.corpus_mentions()
    stored = pd.read_csv(S.DERIVED_DIR / S.MENTIONS_CACHE, dtype={"unit_id": str, "text": str})
    assert stored[["unit_id", "start", "end"]].equals(mentions[["unit_id", "start", "end"]].reset_index(drop=True))
    fresh = T.target_sentiment(mentions.reset_index(drop=True), model=full_model)
    assert (fresh["predicted"].to_numpy() == stored["predicted"].to_numpy()).all()
    assert np.allclose(fresh["p_negative"], stored["p_negative"], atol=1e-3)
    # the cached path returns the stored predictions for exactly these mentions
    assert S.mention_sentiment(mentions)["predicted"].tolist() == stored["predicted"].tolist()
    stored_dev = te.stored_devtest_predictions()
    fresh_dev = te.devtest_predictions()
    for c in ("sentence_id", "start", "end", "label", "article", "in_training_article") + te.EVAL_METHODS:
        assert (fresh_dev[c].to_numpy() == stored_dev[c].to_numpy()).all(), c
    assert np.allclose(fresh_dev["p_negative"], stored_dev["p_negative"], atol=1e-5)


def test_the_disk_cache_of_a_fit_is_keyed_by_everything_the_fit_reads(tmp_path):
    data = tmp_path / "train.jsonl"
    data.write_text("one", encoding="utf-8")
    key = ts.fit_fingerprint(0.1, "svm", "balanced", files=[data], packages=["numpy"])
    assert key == ts.fit_fingerprint(0.1, "svm", "balanced", files=[data], packages=["numpy"])
    assert key != ts.fit_fingerprint(0.3, "svm", "balanced", files=[data], packages=["numpy"])
    data.write_text("two", encoding="utf-8")                          # a changed input: a new key, so a new fit
    assert key != ts.fit_fingerprint(0.1, "svm", "balanced", files=[data], packages=["numpy"])
    assert ts.PROJECT_ROOT / "data" / "phrases.csv" in ts.FIT_INPUTS and ts.NEWSMTSC_DIR / ts.TRAIN_FILE in ts.FIT_INPUTS
    calls = []
    fit = lambda: calls.append(1) or {"model": len(calls)}  # noqa: E731
    assert ts.disk_cached("k", fit, tmp_path / "cache") == {"model": 1}
    assert ts.disk_cached("k", fit, tmp_path / "cache") == {"model": 1} and len(calls) == 1   # read back, not refitted
    (tmp_path / "cache" / "target_model_k.pkl").write_bytes(b"not a pickle")
    assert ts.disk_cached("k", fit, tmp_path / "cache") == {"model": 2}                     # unreadable: refitted
    assert ts.disk_cached("other", fit, tmp_path / "cache") == {"model": 3}

