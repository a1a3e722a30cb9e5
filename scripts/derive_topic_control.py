"""Precompute the positive control of the topics evidence notebook (section 4.2): the lesson's check on synthetic
corpora of the corpus's size with planted topics (helpers.topics.control; about 16,000 small NMF fits: five to ten
minutes on one core).

    .venv/bin/python scripts/derive_topic_control.py

Writes data/derived/topics_control.csv and topics_control_settings.json with the settings of the evidence
notebook's Parameters cell (below and in scripts/derive_topic_sweep.py; keep them in step) and the corpus
fingerprint. The notebook reads the table only when its settings and corpus equal these, and computes it
otherwise.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers.topics import control  # noqa: E402
from helpers.topics import select as topics_select  # noqa: E402
from scripts.derive_topic_sweep import SETTINGS, sweep_inputs, with_corpus  # noqa: E402

CONTROL = dict(k=4, strengths=[0.0, 0.25, 0.5, 0.75, 1.0], n_replicates=5)


def settings_and_counts():
    """The control's settings (the sweep's, the corpus fingerprint and :data:`CONTROL`) and the corpus's count
    matrix (the lesson's vocabulary, counted)."""
    keys = ("unit", "model", "min_df", "drop_names", "seed", "check_seeds", "check_halves", "n_shuffles", "corpus")
    s = {**{key: v for key, v in with_corpus(SETTINGS).items() if key in keys}, **CONTROL}
    counts = sweep_inputs({**with_corpus(SETTINGS), "model": "lda"})[0]  # the same vocabulary, as counts
    return s, counts


def compute():
    s, counts = settings_and_counts()
    return control.control_runs(counts.matrix, s["model"], s["k"], s["strengths"], s["n_replicates"], s["seed"],
                                s["check_seeds"], s["check_halves"], s["n_shuffles"]), s


if __name__ == "__main__":
    table, s = compute()
    control.write_control(table, s)
    print("wrote", topics_select.DERIVED)
