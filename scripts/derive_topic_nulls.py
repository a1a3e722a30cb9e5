"""Precompute the permutation nulls of notebook 02 at the k it reads (a few hundred small fits; minutes).

    .venv/bin/python scripts/derive_topic_nulls.py

Writes data/derived/topics_nulls_*.csv and topics_nulls_settings.json with the settings of notebook 02's
Parameters cell (below and in scripts/derive_topic_sweep.py; keep them in step). The k is the one the
notebook's rule reads from the stored sweep. Notebook 02 reads these tables only when its settings equal these,
and computes the nulls itself otherwise.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers import topics
from helpers.topics import nulls as topics_nulls
from helpers.topics import select as topics_select  # noqa: E402
from scripts.derive_topic_sweep import SETTINGS, sweep_inputs, with_corpus  # noqa: E402

SWEEP = with_corpus(SETTINGS)

NULLS = dict(n_runs=50, n_recovery_seeds=4, n_recovery_subsamples=10, n_eval_splits=5, n_perm=20,
             n_perm_solutions=3, same_solution=0.9)


def settings_and_inputs():
    dtm, ks, seeds, splits = sweep_inputs(SWEEP)
    tables, _ = topics_select.cached_sweep(SWEEP, lambda: None)
    k = topics.read_k(topics.one_se_table(topics.margin_summary(tables)))[0]
    other = "lda" if SWEEP["model"] == "nmf" else "nmf"
    odtm = sweep_inputs({**SWEEP, "model": other})[0]
    return {**SWEEP, **NULLS, "k": k}, {SWEEP["model"]: dtm, other: odtm}, splits


def compute():
    s, dtms, splits = settings_and_inputs()
    eval_splits = topics.split_list(dtms[s["model"]].units, s["split_seed"] + s["n_splits"], s["n_eval_splits"])
    return topics_nulls.null_tables(dtms, s["model"], s["k"], list(range(s["seed"], s["seed"] + s["n_runs"])),
                                    list(range(s["seed"], s["seed"] + s["n_recovery_seeds"])), splits, eval_splits,
                                    n_perm=s["n_perm"], n_perm_solutions=s["n_perm_solutions"], seed=s["seed"],
                                    threshold=s["same_solution"], n_subsamples=s["n_recovery_subsamples"],
                                    n_terms=s["n_terms"]), s


if __name__ == "__main__":
    tables, s = compute()
    topics_nulls.write_nulls(tables, s)
    print("wrote", topics_select.DERIVED)
