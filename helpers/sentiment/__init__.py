"""Sentence sentiment: ``from helpers import sentiment`` gives the scorers, name masking, aggregation with
intervals, actor mentions and the target scorer's predictions, the NYT ratings and the lexicon pitfalls.

Modules, by concern:

* :mod:`~helpers.sentiment.load` -- the small loaders the lesson (notebook 03) uses: the rated NYT sentences,
  the AI-coded reference tone, and the stored results of the two trained scorers;
* :mod:`~helpers.sentiment.scores` (VADER, TextBlob, masking, aggregation), :mod:`~helpers.sentiment.vader_nltk`
  (NLTK's port), :mod:`~helpers.sentiment.lexicons` and :mod:`~helpers.sentiment.rated_lexicons` (lexicon features);
* :mod:`~helpers.sentiment.classes` and :mod:`~helpers.sentiment.validation` (classes, human benchmarks,
  bootstrap), :mod:`~helpers.sentiment.nyt` (the rated NYT sentences), :mod:`~helpers.sentiment.ai_reference`
  (the AI-coded reference of the corpus);
* :mod:`~helpers.sentiment.nyt_features`, :mod:`~helpers.sentiment.nyt_model` and
  :mod:`~helpers.sentiment.nyt_history` (the news-tuned scorer);
* :mod:`~helpers.sentiment.actors`, :mod:`~helpers.sentiment.target_features`, :mod:`~helpers.sentiment.target`
  and :mod:`~helpers.sentiment.target_eval` (sentiment towards a mention, trained on NewsMTSC);
* :mod:`~helpers.sentiment.pitfalls`, :mod:`~helpers.sentiment.plots`.

The scale pipeline (:mod:`helpers.scale`) uses :func:`vader_analyzer`, :func:`vader_scores` and
:func:`actor_targets` from here.
"""
from __future__ import annotations

from helpers.sentiment.scores import (  # noqa: F401
    LEXICON_COLUMNS, aggregate, document_gaps, mask_names, masking_effect, mean_difference, rank_agreement,
    score_sentences, standardise, textblob_scores, unsquash, vader_analyzer, vader_scores)
from helpers.sentiment.classes import CLASSES, NEUTRAL_BAND  # noqa: F401
from helpers.sentiment.vader_nltk import nltk_vader_analyzer, nltk_vader_scores, vader_port_differences  # noqa: F401
from helpers.sentiment.actors import (DERIVED_DIR, MENTIONS_CACHE, TUNED_CACHE,  # noqa: F401
                                      actor_mentions, actor_targets, mention_sentiment,
                                      side_difference, side_summary, side_table, target_sentiment, text_hash,
                                      tuned_scores, write_derived)
from helpers.sentiment.nyt import NYT_DIR, PUBLISHED_VADER_R, load_nyt_ratings, vader_reproduction  # noqa: F401
from helpers.sentiment.pitfalls import (PITFALL_PATTERNS, construction_effect, pitfall_examples,  # noqa: F401
                                        pitfall_gap_table, without_construction, word_valences)
