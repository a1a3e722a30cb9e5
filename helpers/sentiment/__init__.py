"""Sentence sentiment: ``from helpers import sentiment`` gives the scorers, name masking, aggregation with
intervals, actor targets, the NYT ratings and the lexicon pitfalls.

Modules, by concern: :mod:`~helpers.sentiment.scores` (VADER, TextBlob, masking, aggregation),
:mod:`~helpers.sentiment.actors` (mentions, the NewsMTSC-trained target scorer's stored predictions),
:mod:`~helpers.sentiment.nyt` (the rated NYT sentences), :mod:`~helpers.sentiment.pitfalls`,
:mod:`~helpers.sentiment.validation` (human benchmarks, bootstrap), :mod:`~helpers.sentiment.target` (the target
scorer), :mod:`~helpers.sentiment.nyt_model` (the news-tuned scorer), :mod:`~helpers.sentiment.plots`.
"""
from __future__ import annotations

from helpers.sentiment.scores import (  # noqa: F401
    CLASSES, NEUTRAL_BAND, band_classes, bootstrap_ci, bootstrap_samples, mean_ci, pearson,
    single_rater_r, spearman,
    LEXICON_COLUMNS, vader_analyzer, vader_scores, textblob_scores, name_masking_available,
    mask_names, unsquash, polarity_class, score_sentences, masking_effect, masking_sentence,
    standardise, aggregate, rank_agreement, rank_sentence, lexicon_hits, first_contexts,
    mean_difference, mean_difference_sentence, sentence_arcs)

from helpers.sentiment.vader_nltk import nltk_vader_analyzer, nltk_vader_scores, vader_port_differences  # noqa: F401
from helpers.sentiment.actors import (DERIVED_DIR, DEVTEST_CACHE, MENTIONS_CACHE, TUNED_CACHE, actor_mentions,  # noqa: F401
                               actor_targets, devtest_evaluation, mention_sentiment, side_difference,
                               side_difference_sentence, side_difference_title, side_summary, side_table,
                               target_sentiment, mention_types_sentence,
                               tuned_scores, tuned_scores_note, text_hash, write_derived)
from helpers.sentiment.nyt import (NYT_DIR, NYT_RATINGS_FILE, NYT_TEXT_FILE, PUBLISHED_VADER_R,  # noqa: F401
                            load_nyt_ratings, reproduction_sentence, vader_reproduction)
from helpers.sentiment.pitfalls import (PITFALL_PATTERNS, construction_effect, pitfall_examples, pitfall_gap_table,  # noqa: F401
                                 pitfall_lines, pitfall_verdict_sentence, without_construction, word_valences)
