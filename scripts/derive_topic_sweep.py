"""Precompute the k sweep of notebook 02 (about 4,000 small NMF fits: several minutes on one core).

    .venv/bin/python scripts/derive_topic_sweep.py

Writes data/derived/topics_sweep_runs.csv, topics_sweep_pairs.csv, topics_sweep_subsamples.csv and
topics_sweep_settings.json, with the settings of notebook 02's Parameters cell (below; keep them in step).
Notebook 02 reads the tables only when its settings equal these, and computes the sweep itself otherwise.
tests/test_topics_select.py recomputes a slice and checks it against the stored tables.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers import corpus
from helpers import text
from helpers import topics
from helpers.topics import select as topics_select  # noqa: E402

SETTINGS = dict(unit="paragraph", model="nmf", stop_words="english+", min_df=2, max_df=0.5, ngram_range=(1, 1),
                drop_names=True, extra_names=(), ks=list(range(2, 11)), n_seeds=20, seed=0, split_seed=2026,
                n_splits=5, n_subsamples=4, n_terms=10)


def sweep_units(settings: dict):
    """The units (paragraphs or sentences of the project's corpus) notebook 02 builds from these settings."""
    paras = corpus.paragraphs(corpus.load_corpus())
    return paras if settings["unit"] == "paragraph" else text.sentences(paras)


def with_corpus(settings: dict) -> dict:
    """The settings plus the fingerprint of the corpus they are computed on (as notebook 02 adds it)."""
    return {**settings, "corpus": topics_select.corpus_fingerprint(sweep_units(settings))}


def sweep_inputs(settings: dict):
    """The DTM, k values, seeds and splits notebook 02 builds from these settings."""
    units = sweep_units(settings)
    dtm = topics.build_dtm(units, weighting="tfidf" if settings["model"] == "nmf" else "count",
                           stop_words=settings["stop_words"], min_df=settings["min_df"], max_df=settings["max_df"],
                           ngram_range=tuple(settings["ngram_range"]), drop_names=settings["drop_names"],
                           places=topics.PLACE_NAMES + tuple(settings["extra_names"]))
    ks = [k for k in settings["ks"] if k < min(dtm.shape) // 2]
    seeds = list(range(settings["seed"], settings["seed"] + settings["n_seeds"]))
    splits = topics_select.split_list(dtm.units, settings["split_seed"], settings["n_splits"])
    return dtm, ks, seeds, splits


def compute(settings: dict = SETTINGS, only=None):
    dtm, ks, seeds, splits = sweep_inputs(settings)
    return topics_select.sweep_tables(dtm, settings["model"], ks, seeds, splits, n_terms=settings["n_terms"],
                                      n_subsamples=settings["n_subsamples"], seed=settings["seed"], only=only)


if __name__ == "__main__":
    topics_select.write_sweep(compute(), with_corpus(SETTINGS))
    print("wrote", topics_select.DERIVED)
