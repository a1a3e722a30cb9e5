"""Precompute the k sweep of the topics evidence notebook (about 10,000 small NMF fits and the lesson's check at
every k from 2: ten minutes or more on one core).

    .venv/bin/python scripts/derive_topic_sweep.py

Writes data/derived/topics_sweep_runs.csv, topics_sweep_pairs.csv, topics_sweep_subsamples.csv,
topics_sweep_comeback.csv and topics_sweep_settings.json, with the settings of the evidence notebook's
Parameters cell (below; keep them in step) and the fingerprint of the corpus's units. The notebook reads the
tables only when its settings and corpus equal these, and computes the sweep itself otherwise.
tests/test_topics_select.py recomputes a slice and checks it against the stored tables.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers import corpus  # noqa: E402
from helpers import text  # noqa: E402
from helpers import topics  # noqa: E402
from helpers.topics import check  # noqa: E402
from helpers.topics import select as topics_select  # noqa: E402

SETTINGS = dict(unit="paragraph", model="nmf", min_df=2, drop_names=True, ks=list(range(1, 11)), n_seeds=10,
                seed=0, split_seed=2026, n_splits=20, n_subsamples=4, n_terms=10, check_seeds=10, check_halves=20,
                n_shuffles=20)


def sweep_units(settings: dict):
    """The units (paragraphs or sentences of the project's corpus) the evidence notebook builds from these
    settings."""
    paras = corpus.paragraphs(corpus.load_corpus())
    return paras if settings["unit"] == "paragraph" else text.sentences(paras)


def with_corpus(settings: dict) -> dict:
    """The settings plus the fingerprint of the corpus they are computed on (as the notebook adds it)."""
    return {**settings, "corpus": topics.corpus_fingerprint(sweep_units(settings))}


def sweep_inputs(settings: dict):
    """The DTM, k values, seeds and splits the evidence notebook builds from these settings."""
    units = sweep_units(settings)
    dtm = topics.build_dtm(units, weighting="tfidf" if settings["model"] == "nmf" else "count",
                           min_df=settings["min_df"], drop_names=settings["drop_names"])
    ks = [k for k in settings["ks"] if k <= min(dtm.shape) // 2]  # the check fits half of the units
    seeds = list(range(settings["seed"], settings["seed"] + settings["n_seeds"]))
    splits = topics_select.split_list(dtm.units, settings["split_seed"], settings["n_splits"])
    return dtm, ks, seeds, splits


def compute(settings: dict = SETTINGS, only=None, comeback: bool = True):
    dtm, ks, seeds, splits = sweep_inputs(settings)
    tables = topics_select.sweep_tables(dtm, settings["model"], ks, seeds, splits, n_terms=settings["n_terms"],
                                        n_subsamples=settings["n_subsamples"], seed=settings["seed"], only=only)
    if comeback:  # the check pairs topics: from k = 2
        tables["comeback"] = check.comeback_sweep(dtm.matrix, settings["model"], [k for k in ks if k >= 2],
                                                  settings["seed"],
                                                  settings["check_seeds"], settings["check_halves"],
                                                  settings["n_shuffles"], terms=dtm.terms)
    return tables


if __name__ == "__main__":
    topics_select.write_sweep(compute(), with_corpus(SETTINGS))
    print("wrote", topics_select.DERIVED)
