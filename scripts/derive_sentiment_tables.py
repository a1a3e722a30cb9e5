"""Precompute the NewsMTSC tables notebook 03 reads (fitting the target scorer takes about a minute).

    .venv/bin/python scripts/derive_sentiment_tables.py

Writes data/derived/corpus_mentions_target_sentiment.csv and data/derived/newsmtsc_devtest_evaluation.csv
(seed and resamples as in notebook 03's Parameters cell). tests/test_sentiment.py checks them against a fresh run.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers import corpus, sentiment, text  # noqa: E402

SEED, N_BOOT = 42, 500


def corpus_mentions():
    """The actor mentions of notebook 03: body sentences, data/actors.csv."""
    docs = corpus.load_corpus()
    sents = text.sentences(corpus.paragraphs(docs))
    return sentiment.actor_mentions(sents, text.load_actors())


if __name__ == "__main__":
    sentiment.write_derived(corpus_mentions(), n_boot=N_BOOT, seed=SEED)
    print("wrote", sentiment.DERIVED_DIR)
