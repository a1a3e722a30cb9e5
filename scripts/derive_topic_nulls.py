"""Precompute the tables of the topics evidence notebook at the lesson's k: the data's runs and every permutation
null (a few thousand small fits and about a thousand LDA fits; ten minutes or more on one core).

    .venv/bin/python scripts/derive_topic_nulls.py

Writes data/derived/topics_nulls_*.csv and topics_nulls_settings.json with the settings of the evidence
notebook's Parameters cell (below and in scripts/derive_topic_sweep.py; keep them in step) and the corpus
fingerprint. The notebook reads these tables only when its settings and corpus equal these, and computes the
nulls itself otherwise.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers import topics  # noqa: E402
from helpers.topics import nulls as topics_nulls  # noqa: E402
from helpers.topics import select as topics_select  # noqa: E402
from scripts.derive_topic_sweep import SETTINGS, sweep_inputs, with_corpus  # noqa: E402

NULLS = dict(k=4, n_runs=50, same_solution=0.9, n_eval_splits=5, n_coherence_seeds=4, n_other_runs=50,
             n_perm=100, other_lda=topics_nulls.OTHER_LDA)


def settings_and_inputs():
    s = {**with_corpus(SETTINGS), **NULLS}
    other = "lda" if s["model"] == "nmf" else "nmf"
    dtm = sweep_inputs(s)[0]
    return s, {s["model"]: dtm, other: sweep_inputs({**s, "model": other})[0]}


def compute():
    s, dtms = settings_and_inputs()
    eval_splits = topics.split_list(dtms[s["model"]].units, s["split_seed"] + s["n_splits"], s["n_eval_splits"])
    seeds = lambda n: list(range(s["seed"], s["seed"] + n))  # noqa: E731
    return topics_nulls.null_tables(dtms, s["model"], s["k"], seeds(s["n_runs"]), seeds(s["n_coherence_seeds"]),
                                    eval_splits, seeds(s["n_other_runs"]), n_perm=s["n_perm"], seed=s["seed"],
                                    threshold=s["same_solution"], n_terms=s["n_terms"],
                                    check_sizes=(s["check_seeds"], s["check_halves"], s["n_shuffles"])), s


if __name__ == "__main__":
    tables, s = compute()
    topics_nulls.write_nulls(tables, s)
    print("wrote", topics_select.DERIVED)
