"""The small loaders of the sentiment lesson (notebook 03): human and AI-coded references, and the stored results
of the two trained scorers, so that the lesson's own code can stay with ``vaderSentiment`` and pandas.

* :func:`nyt_ratings`: one row per **rated NYT sentence** with its 20 human ratings (Hutto & Gilbert 2014);
* :func:`ai_reference`: one row per **body sentence** of the corpus with its AI-coded reference tone (-2..+2;
  who coded it: ``data/annotations/PROVENANCE_tone.md``);
* :func:`news_tuned_held_out`: the news-tuned scorer's out-of-fold prediction for each **NYT sentence** (stored in
  ``data/derived/``; how it was built and selected: the evidence notebook);
* :func:`target_predictions`: one row per **actor mention** with the NewsMTSC-trained target scorer's class (stored
  for the project's corpus and actor list; computed afresh for any other, with the scorer fitted once
  and kept in ``build/cache/``);
* :func:`newsmtsc_scores`: one row per **method**: macro-F1 on NewsMTSC devtest_mt with its interval, beside the
  published benchmark on the same split, and the target scorer's differences from VADER with their intervals.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def nyt_ratings(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per **rated NYT sentence**: ``id``, ``editorial`` (its article), ``text``, ``rating`` (the mean of
    its 20 ratings, -4..+4) and ``ratings`` (the 20 ratings as a list). ``folder`` defaults to
    ``data/external/vader_nyt_editorials/``."""
    from helpers.sentiment.nyt import load_nyt_ratings

    return load_nyt_ratings(folder)[["id", "editorial", "text", "rating", "ratings"]]


def ai_reference() -> pd.DataFrame:
    """One row per **body sentence** of the project's corpus coded in the AI-coded reference: ``unit_id``,
    ``reference`` (tone -2..+2 after adjudication) and ``reference_class`` (negative / neutral / positive)."""
    from helpers.sentiment.ai_reference import load_reference

    return load_reference()[["unit_id", "reference", "reference_class"]]


def news_tuned_held_out(ids, seed: int = 42) -> np.ndarray:
    """The news-tuned scorer's out-of-fold prediction of the mean rating (-4..+4) for each NYT sentence ``id``: made
    by a model that never saw the sentence's editorial. ``seed`` picks one of the five stored repeats of the nested
    cross-validation (``seed % 5``)."""
    from helpers.sentiment.nyt_model import held_out_scores

    return held_out_scores(ids, seed) * 4


def target_predictions(sentences: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """One row per **mention of an actor** in ``sentences`` (``unit_id``, ``doc_id``, ``text``): ``mention``,
    ``actor``, ``side`` and the target scorer's ``predicted`` class towards that mention (with ``p_negative``,
    ``p_neutral``, ``p_positive``). ``actors`` is :func:`helpers.text.load_actors`'s table."""
    from helpers.sentiment.actors import actor_mentions, mention_sentiment

    return mention_sentiment(actor_mentions(sentences, actors))


def newsmtsc_scores(n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """One row per **method** on NewsMTSC devtest_mt (1,476 mentions in sentences with two or more targets):
    ``macro_f1`` with a 95% interval resampling whole sentences (``ci_low``, ``ci_high``), from the stored
    predictions; the published results on the same split first (no interval published), and last the target
    scorer's difference from each VADER baseline with its paired interval."""
    from helpers.sentiment.target_eval import PUBLISHED_MACRO_F1, devtest_evaluation

    t = devtest_evaluation(n_boot=n_boot, seed=seed)
    t = t[t["metric"] == "macro-F1"]
    names = {"target_sentiment": "target scorer (this project)", "sentence VADER": "VADER, whole sentence (±0.05)",
             "sentence VADER, learned cuts": "VADER, whole sentence (cuts learned on train)",
             "majority class": "majority class",
             "target_sentiment - sentence VADER": "target scorer − VADER (±0.05)",
             "target_sentiment - sentence VADER, learned cuts": "target scorer − VADER (cuts learned on train)"}
    out = pd.DataFrame({"method": t["method"].map(names), "macro_f1": t["value"], "ci_low": t["ci_low"],
                        "ci_high": t["ci_high"]})
    published = pd.DataFrame({"method": list(PUBLISHED_MACRO_F1), "macro_f1": list(PUBLISHED_MACRO_F1.values())})
    return pd.concat([published, out], ignore_index=True)
