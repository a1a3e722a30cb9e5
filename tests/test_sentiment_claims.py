"""Unit tests of the split sentiment modules (actors, pitfalls, claims) on small frames written here, and tests
that fail when a claim notebook 03 makes in prose no longer holds."""
from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import corpus
from helpers.sentiment import nyt_model
from helpers import text
from helpers import sentiment as S
from helpers.sentiment import claims as C
from helpers.sentiment import titles as T
from helpers.sentiment import validation as V
from helpers.sentiment import tone_gold as G


# --------------------------------------------------------------------------- helpers on small inputs


def test_target_verdict_needs_the_interval_and_one_look():
    assert C.target_verdict(0.59, 0.57, 0.61, 0.60) == "missed"
    assert C.target_verdict(0.623, 0.591, 0.650, 0.62, looks=4) == "not shown to be met"
    assert C.target_verdict(0.70, 0.65, 0.75, 0.62, looks=4) == "not shown to be met"
    assert C.target_verdict(0.70, 0.65, 0.75, 0.62, looks=1) == "met"
    s = C.target_sentence("macro-F1", 0.623, 0.591, 0.650, 0.62, looks=4)
    assert "not shown to be met" in s and "look 4 of 4" in s and "optimistic" in s


def test_seed_sentence_flags_a_fragile_difference():
    t = pd.DataFrame({"ci_low": [-0.1, 0.01, -0.2], "ci_high": [0.1, 0.2, -0.01]})
    assert "fragile" in C.seed_sentence(t)
    assert "does not depend on these settings" in C.seed_sentence(t.iloc[[1]])


def test_masking_and_adjudication_sentences():
    row = pd.Series({"difference": 0.0, "ci_low": -0.05, "ci_high": 0.05})
    assert "no measurable benefit" in C.masking_validity_sentence(row, 0.49, 0.51)
    a = pd.DataFrame({"method": ["x", "y"], "spearman": [0.4, 0.1]})
    b = pd.DataFrame({"method": ["x", "y"], "spearman": [0.42, 0.11]})
    assert "2 of 2" in C.adjudication_direction_sentence(a, b) and "leakage" not in C.adjudication_direction_sentence(a, b)
    rule = C.adjudication_direction_sentence(a, b, {"n_differ": 11, "n_rule": 7, "n_adjudicator": 4})
    assert "7 set in the non-blind version by a fixed rounding rule" in rule and "cannot be read as leakage" in rule
    seen = C.adjudication_direction_sentence(a, b, {"n_differ": 4, "n_rule": 0, "n_adjudicator": 4})
    assert "what leakage would produce, though it does not prove it" in seen
    gold = pd.DataFrame({"unit_id": ["s1", "s2", "s3"], "tone_a": [-1, 1, 0], "tone_b": [-2, 0, 0], "gold": [-2, 1, 0]})
    nonblind = pd.DataFrame({"unit_id": ["s1", "s2", "s3"], "gold": [-1, 0, 0]})
    assert C.adjudication_sources(gold, nonblind) == {"n_differ": 2, "n_adjudicator": 1, "n_rule": 1}


def test_genre_documents_sentence_lists_documents():
    f = pd.DataFrame({"genre": ["op-ed", "op-ed", "column"], "doc_id": ["b", "a", "c"]})
    assert C.genre_documents_sentence(f).startswith("Genres here are documents: 'column' = c; 'op-ed' = a, b.")


def test_side_difference_resamples_sentences():
    m = pd.DataFrame({"unit_id": ["s1", "s1", "s2", "s3", "s4"], "side": ["A", "B", "A", "B", "A"],
                      "predicted": ["negative", "negative", "negative", "positive", "positive"]})
    d = S.side_difference(m, "A", "B", n_boot=200, seed=0).set_index("class")
    assert d.loc["negative", "difference"] == 2 / 3 - 1 / 2
    assert d.loc["negative", "n_a"] == 3 and d.loc["negative", "n_b"] == 2
    assert d.loc["negative", "ci_low"] <= d.loc["negative", "difference"] <= d.loc["negative", "ci_high"]
    assert "no difference is shown" in S.side_difference_sentence(d.reset_index().iloc[0])


def test_pitfall_gap_table_and_word_valences():
    t = pd.DataFrame({"text": ["not good", "good", "bad", "not bad"], "a": [1.0, 2.0, 3.0, 4.0],
                      "b": [4.0, 2.0, 3.0, 1.0]})
    out = S.pitfall_gap_table(t, "a", "b", {"negation": r"\bnot\b"}, n_boot=100, seed=0).iloc[0]
    assert (out["n_with"], out["n_without"]) == (2, 2)
    assert out["gap_with"] == 0.75 and out["gap_without"] == 0.0
    assert S.word_valences("not a good deal") == "good +1.9"


def test_document_comparison_title_names_every_scorer():
    a = {"spearman": 0.3, "p_exact": 0.683, "n": 5}
    title = T.document_comparison_title({"VADER": a, "news-tuned": a})
    assert "VADER" in title and "news-tuned" in title and "5 documents" in title


# --------------------------------------------------------------------------- claims notebook 03 makes in prose


def _gold_scored():
    docs = corpus.load_corpus()
    scored = S.score_sentences(text.sentences(corpus.paragraphs(docs, include=("body",))))
    scored["tuned"] = S.tuned_scores(scored)
    return G.attach(G.load_gold(), scored)


def test_claim_vader_does_not_order_documents_as_the_gold_tone():
    # Section 4 and the closing note: VADER does not order the five documents as the gold tone does.
    g = _gold_scored()
    by_doc = S.aggregate(S.standardise(g, ["gold", "vader"]), "doc_id", score_cols=("z_gold", "z_vader"), n_boot=50)
    agree = S.rank_agreement(by_doc, "z_vader_mean", "z_gold_mean")
    assert not agree["same_order"] and agree["p_exact"] > 0.05


def test_claim_news_tuned_closes_only_part_of_the_gap_to_the_noise_ceiling():
    # Closing note: no lexicon comes near the noise ceiling; the news-tuned scorer closes only part of the gap.
    nyt = S.load_nyt_ratings()
    ceiling = float(np.sqrt(V.split_half_reliability(nyt["ratings"], n_splits=20, seed=0)["reliability"].mean()))
    tuned = nyt_model.nested_cv_summary().iloc[0]["r_mean"]
    vader = nyt_model.reference_vader_r()
    assert vader < tuned < ceiling - 0.2


def test_claim_the_rated_lexicons_offered_were_chosen_inside_the_nested_cv():
    # Section 2.3: whether the rated lexicons enter is a choice of the inner CV; the stored tables record it.
    folds = nyt_model.nested_cv_predictions().drop_duplicates(["seed", "fold"])
    assert folds["rated"].dtype == bool and len(folds) == 25


def test_claim_genres_are_one_or_two_documents():
    # Section 4: in this corpus a genre is one or two documents.
    assert corpus.load_corpus().groupby("genre")["id"].nunique().max() <= 2


def test_claim_likely_carries_no_vader_valence():
    # Section 7: a hedge such as "likely" carries no valence in VADER's lexicon.
    assert "likely" not in S.vader_analyzer().lexicon


def test_construction_effect_shows_whether_the_matched_word_moved_vader():
    from helpers import sentiment

    ex = pd.DataFrame({"pitfall": ["negation", "negation", "hedging"], "matched": ["not", "not", "likely"],
                       "unit_id": ["a", "b", "c"], "vader": [0.0, 0.0, 0.0], "gold": [-2, -1, 1],
                       "rank_gap": [0.9, 0.5, 0.4],
                       "text": ["The treaty did not serve as a catalyst to greater mutual trust.",
                                "The talks were not good.", "Congress will likely approve it."]})
    eff = sentiment.construction_effect(ex).set_index("unit_id")
    assert eff.loc["a", "change"] == 0.0          # "not" is too far from "greater"/"trust" for VADER's rule
    assert eff.loc["b", "change"] < 0             # "not good" is flipped
    assert eff.loc["c", "change"] == 0.0          # "likely" is not in VADER's lexicon
    assert sentiment.without_construction("It is not good.", sentiment.PITFALL_PATTERNS["negation"]) == "It is good."
    lines = sentiment.pitfall_lines(ex, "vader", "gold", label_b="gold tone")
    assert len(lines) == 3 and "gold tone -1" in lines[1] and "without the negation words" in lines[1]
    assert sentiment.construction_effect(ex.iloc[:0]).empty


# --------------------------------------------------------------------------- review round 3 helpers


def test_target_verdict_after_revision_is_not_a_plain_met():
    assert C.target_verdict(0.63, 0.61, 0.65, 0.60) == "met"
    assert C.target_verdict(0.63, 0.61, 0.65, 0.60, revised=True).startswith("met after revision")
    assert C.target_verdict(0.59, 0.57, 0.61, 0.60, revised=True) == "missed"
    assert "not a confirmatory test" in C.target_sentence("r", 0.63, 0.61, 0.65, 0.60, revised=True)


def test_lodo_differences_leave_out_each_document_once():
    g = pd.DataFrame({"doc_id": list("aaabbbccc"), "gold": [1, 2, 3, 1, 2, 3, 1, 2, 3],
                      "x": [1, 2, 3, 1, 2, 3, 3, 2, 1], "y": [3, 2, 1, 1, 2, 3, 1, 2, 3]})
    lodo = C.lodo_differences(g, "x", "y")
    assert lodo["left_out"].tolist() == ["a", "b", "c"] and (lodo["n_sentences"] == 6).all()
    assert lodo.set_index("left_out")["difference"].round(6).tolist() == [-1.0, 0.0, 1.0]
    s = C.lodo_sentence(lodo, "x", "y")
    assert "3 runs" in s and "of 3 runs" in s


def test_single_rater_sentence_places_the_best_scorer():
    humans = pd.DataFrame({"rater": [1, 2, 3], "r_with_others_mean": [0.68, 0.71, 0.75]})
    assert "below every" in C.single_rater_sentence(0.63, "m", humans)
    assert "within the range" in C.single_rater_sentence(0.70, "m", humans)


def test_pitfall_verdict_and_zero_change_readings():
    gaps = pd.DataFrame({"pitfall": ["negation", "irony marker"], "n_with": [34, 3], "ci_low": [-0.04, -0.2],
                         "ci_high": [0.12, 0.3]})
    s = S.pitfall_verdict_sentence(gaps)
    assert s.startswith("No construction is shown") and "Fewer than 10 sentences with the construction: irony marker" in s
    gaps.loc[0, "ci_low"] = 0.01
    assert "shown for negation" in S.pitfall_verdict_sentence(gaps)
    from helpers.sentiment.pitfalls import zero_change_reading
    assert "three words" in zero_change_reading("negation", "not", 0.0)
    assert "only 'but'" in zero_change_reading("contrast", "however", 0.0)
    assert zero_change_reading("contrast", "But", 0.0) == "ignored by VADER's rules"
    assert zero_change_reading("hedging", "likely", 0.2) == "VADER's rules used it"


def test_side_difference_title_and_mention_types():
    diff = pd.DataFrame({"class": ["negative"], "side_a": ["Russia"], "side_b": ["United States"], "n_a": [44],
                         "n_b": [52], "difference": [0.063], "ci_low": [-0.11], "ci_high": [0.24]})
    t = S.side_difference_title(diff)
    assert "no difference between the sides is shown" in t and "n = 44 and 52" in t
    mentions = pd.DataFrame({"side": ["Russia", "Russia", "United States"], "actor": ["Putin", "Kremlin", "Obama"]})
    actors = pd.DataFrame({"actor": ["Putin", "Kremlin", "Obama"], "type": ["person", "institution", "person"]})
    s = S.mention_types_sentence(mentions, actors)
    assert "Russia: 1 of 2 mentions name a person" in s and "institution" in s


def test_model_choice_sentence_calls_a_tie_a_tie():
    from helpers.sentiment.target_eval import model_choice_sentence
    cv = pd.DataFrame({"learner": ["logit", "svm"], "C": [0.3, 0.1], "class_weight": ["none", "balanced"],
                       "macro_f1_mean": [0.666, 0.667], "macro_f1_sd": [0.015, 0.012]})
    assert "tie" in model_choice_sentence(cv)
    cv.loc[0, "macro_f1_mean"] = 0.60
    assert "no other candidate" in model_choice_sentence(cv)


def test_arcs_title_names_the_lowest_rolling_mean_per_score():
    arcs = pd.DataFrame({"doc_id": ["a", "b", "a", "b"], "score": ["VADER", "VADER", "gold", "gold"],
                         "rolling": [-0.5, -0.2, 0.1, -0.9], "position": [0.5, 0.1, 0.2, 1.0]})
    t = T.arcs_title(arcs)
    assert t.startswith("Lowest rolling mean") and "VADER in a (-0.50" in t and "gold in b (-0.90" in t


def test_masking_table_says_which_block_a_sentence_is_from():
    scored = S.score_sentences(pd.DataFrame({"unit_id": ["x:1", "x:2"], "block_type": ["body", "comment"],
                                             "text": ["Great Britain agreed.", "The United States is great."]}))
    moved = S.masking_effect(scored)
    assert "block_type" in moved.columns


def test_term_contexts_mean_difference_and_direction_reading():
    units = pd.DataFrame({"doc_id": ["d", "d"], "unit_id": ["d:1", "d:2"], "text": ["No trust here.", "Trust, but verify."]})
    ctx = S.first_contexts(units, ["trust", "absent"], width=5)
    assert ctx["unit_id"].tolist() == ["d:1", ""]
    assert ctx["term"].tolist() == ["trust", "absent"]
    assert ctx.loc[0, "first occurrence, in context"] == "…No [trust] here…" and ctx.loc[1, "first occurrence, in context"] == ""
    f = pd.DataFrame({"g": ["a"] * 3 + ["b"] * 3, "x": [1.0, 1.0, 1.0, 0.0, 0.0, 0.0]})
    d = S.mean_difference(f, "g", "a", "b", "x", n_boot=50)
    assert d["difference"] == 1.0 and d["ci_low"] == d["ci_high"] == 1.0 and (d["n_a"], d["n_b"]) == (3, 3)
    assert "the interval excludes 0" in S.mean_difference_sentence(d, "a minus b")
    from helpers.sentiment.pitfalls import direction_reading
    assert "away from" in direction_reading(-0.39, 1, "gold tone") and "towards" in direction_reading(0.2, 2, "g")
    assert direction_reading(0.0, 1, "g") == ""


def test_gold_difference_title_and_article_rank_sentence():
    r = pd.Series({"method_a": "news-tuned", "method_b": "VADER", "difference": 0.12, "ci_low": 0.02, "ci_high": 0.22})
    f1 = pd.Series({"method_a": "news-tuned", "method_b": "VADER", "difference": -0.03, "ci_low": -0.1, "ci_high": 0.05})
    lodo = pd.DataFrame({"difference": [0.07, 0.1, 0.18, -0.01, 0.12]})
    t = T.gold_difference_title(r, f1, lodo, 152)
    assert "news-tuned − VADER" in t and "(above 0)" in t and "4 of 5" in t and "not distinguishable" in t
    by_doc = pd.DataFrame({"doc_id": ["a", "b"], "z_gold_mean": [0.5, -0.5], "z_vader_mean": [-0.1, 0.2]})
    g = pd.DataFrame({"doc_id": ["a", "b"], "gold": [1, -1]})
    assert "rank 1 of 2 documents by the gold tone, 2 by VADER" in C.article_rank_sentence("a", g, by_doc)
    assert "not in the gold set" in C.article_rank_sentence("new", g, by_doc)


def test_held_out_ridge_scores_come_from_the_same_repeat():
    ids = nyt_model.nested_cv_predictions()["id"].iloc[:5]
    stacked, ridge = nyt_model.held_out_scores(ids, 0), nyt_model.held_out_scores(ids, 0, column="ridge")
    assert stacked.shape == ridge.shape == (5,) and not np.allclose(stacked, ridge)


def test_pick_difference_finds_the_pair_and_metric():
    from helpers.sentiment.closing import pick_difference
    t = pd.DataFrame({"metric": ["r", "rho", "r"], "method_a": ["x", "x", "y"], "method_b": ["VADER"] * 3,
                      "difference": [0.1, 0.2, 0.3], "ci_low": [0, 0, 0], "ci_high": [1, 1, 1]})
    assert pick_difference(t, "x", metric="rho")["difference"] == 0.2
    assert pick_difference(t, "y")["difference"] == 0.3


def test_tuned_scores_are_dropped_for_new_or_edited_text(tmp_path):
    cache = tmp_path / "tuned.csv"
    pd.DataFrame({"unit_id": ["a", "b"], "text_hash": [S.text_hash("Old text."), S.text_hash("Same.")],
                  "tuned": [0.5, -0.2]}).to_csv(cache, index=False)
    scored = pd.DataFrame({"unit_id": ["a", "b", "c"], "text": ["Edited text.", "Same.", "New."]})
    out = S.tuned_scores(scored, cache)
    assert np.isnan(out.iloc[0]) and out.iloc[1] == -0.2 and np.isnan(out.iloc[2])
    assert S.tuned_scores_note(out).startswith("2 of 3 sentences have no stored news-tuned score")
    assert S.tuned_scores_note(out.iloc[[1]]) == "All 1 sentences have a stored news-tuned score."


def test_gold_scores_leave_out_sentences_without_a_score():
    gold = pd.DataFrame({"gold": [-2, -1, 0, 1, 2, 1], "gold_class": ["negative", "negative", "neutral", "positive",
                                                                     "positive", "positive"]})
    s = np.array([-0.9, -0.2, 0.0, 0.3, 0.8, np.nan])
    cls = np.array(["negative", "negative", "neutral", "positive", "positive", "neutral"], dtype=object)
    row = G.gold_scores(gold, {"m": s}, {"m": cls}, n_boot=50, n_perm=20).iloc[0]
    assert row["spearman"] == 1.0 and row["macro_f1"] == 1.0          # the unscored sixth sentence is left out
