"""Precompute the lesson's check after each Parameters change of lesson 02's exercises, for the worked solutions
(about 2,800 small fits, LDA's among them: a few minutes on one core).

    .venv/bin/python scripts/derive_topic_exercises.py

Writes data/derived/topics_exercises_comeback.csv and topics_exercises_settings.json: the changes below (the
same dictionary as the solutions notebook's ``CHANGES``; tests/test_topics_solutions.py checks it), the check's
sizes (the lesson's: 10 other seeds, 20 half samples, 10 shuffled copies) and the corpus fingerprint. The
solutions read the table only when all of these match, and run the checks themselves otherwise.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers import corpus  # noqa: E402
from helpers.topics import check  # noqa: E402

CHANGES = {"as stored": {}, "K = 2": {"k": 2}, "K = 6": {"k": 6}, "DROP_NAMES = False": {"drop_names": False},
           "UNIT = sentence": {"unit": "sentence"},
           "UNIT = sentence, halves of 26": {"unit": "sentence", "half_size": 26},
           "MODEL = lda": {"model": "lda"}, "MIN_DF = 4": {"min_df": 4}, "SEED = 1": {"seed": 1}}
SIZES = dict(n_seeds=10, n_halves=20, n_shuffles=10)


if __name__ == "__main__":
    paras = corpus.paragraphs(corpus.load_corpus())
    table = check.lesson_checks(paras, CHANGES, **SIZES)
    check.write_checks(table, paras, CHANGES, **SIZES)
    print("wrote", len(table), "rows")
