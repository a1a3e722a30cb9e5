"""Unit tests for the many-seed, NPMI / random-baseline and agreement helpers of helpers.topics."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import topics

SPACE = ["rocket", "orbit", "satellite", "launch", "astronaut", "planet"]
FOOD = ["bread", "butter", "cheese", "oven", "recipe", "flour"]
SEA = ["ocean", "wave", "harbour", "sailor", "anchor", "tide"]


def _units(themes=(SPACE, FOOD, SEA), n_per_theme: int = 10) -> pd.DataFrame:
    rows = []
    for t, words in enumerate(themes):
        for i in range(n_per_theme):
            chosen = [w for j, w in enumerate(words) if j != i % len(words)]
            rows.append({"doc_id": f"d{t}", "unit_id": f"d{t}:p{i:02d}", "period": "2009",
                         "text": " ".join(chosen + chosen[:2]) + "."})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def dtm():
    return topics.build_dtm(_units(), weighting="tfidf", min_df=1, max_df=1.0)


def test_npmi_formula_by_hand():
    # four units: a with b twice, a alone once, b alone once -> P(a)=P(b)=3/4, P(a,b)=1/2
    b = np.array([[1, 1], [1, 1], [1, 0], [0, 1]])
    m = topics.npmi_matrix(b)
    expected = np.log(0.5 / (0.75 * 0.75)) / -np.log(0.5)
    assert m[0, 1] == pytest.approx(expected)
    assert topics.npmi_matrix(np.array([[1, 0], [0, 1]]))[0, 1] == -1.0  # never together
    # a bootstrap weight of 2 on a unit is the same as that unit twice
    assert topics.npmi_matrix(b, np.array([2, 1, 1, 1]))[0, 1] == pytest.approx(
        topics.npmi_matrix(np.vstack([b, b[:1]]))[0, 1])


def test_clean_themes_give_one_solution_recovered_by_every_run(dtm):
    runs = topics.fit_seeds(dtm, "nmf", 3, list(range(6)))
    table = topics.solutions(runs, threshold=0.9)
    assert table["solution"].nunique() == 1
    st = topics.solution_table(table)
    assert st.loc[0, "n_runs"] == 6 and st.loc[0, "best_fitting"] and st.loc[0, "modal"]
    rec = topics.topic_recovery(runs[0], runs)
    assert (rec["n_runs"] == 6).all()


def test_distinct_solutions_are_separated_and_numbered_by_size():
    a = np.eye(3)
    b = np.array([[1, 1, 0], [0, 0, 1], [0, 1, 1]], dtype=float)

    class Run:  # the minimum solutions() needs
        def __init__(self, seed, tt, fit):
            self.seed, self.topic_terms, self.fit, self.better_fit = seed, tt, fit, "lower"
    runs = [Run(0, a, 0.5), Run(1, a[[2, 0, 1]], 0.5), Run(2, b, 0.4)]
    table = topics.solutions(runs, threshold=0.9)
    assert list(table["solution"]) == ["S1", "S1", "S2"]  # the permuted copy is the same solution
    st = topics.solution_table(table)
    assert st.set_index("solution").loc["S2", "best_fitting"]  # fewer runs, better fit
    assert st.set_index("solution").loc["S1", "modal"]


def test_split_units_puts_every_document_in_both_halves(dtm):
    halves = topics.split_units(dtm.units, seed=3)
    assert set(halves) == {"a", "b"} and (halves.groupby(dtm.units.set_index("unit_id")["doc_id"]).nunique() == 2).all()


def test_random_sets_keep_frequency_bins_and_no_repeats():
    df = np.array([1, 1, 2, 2, 5, 5, 9, 9, 9, 9])
    sets = topics.random_sets([[0, 9, 5]], df, np.random.default_rng(0), n_bins=2)
    assert len(set(sets[0])) == 3
    assert sets[0][0] < 5 and sets[0][1] >= 5  # low-frequency term replaced by a low-frequency one


def test_nmf_shares_are_scale_free_and_lda_prior_removed(dtm):
    tm = topics.fit_model(dtm, "nmf", 3, 0)
    assert np.allclose(tm.unit_topic.sum(axis=1), 1)
    assert 0 < topics.variance_explained(tm) <= 1
    assert ((tm.explained >= -1e-9) & (tm.explained <= 1 + 1e-9)).all()
    counts = topics.build_dtm(_units(), weighting="count", min_df=1, max_df=1.0)
    lda = topics.fit_model(counts, "lda", 3, 0)
    # without the prior, words of the other themes get (almost) no weight in a topic
    assert (np.sort(lda.topic_terms, axis=1)[:, :12].sum(axis=1) < 0.02).all()
    assert np.isnan(topics.variance_explained(lda))


def test_two_models_of_clean_themes_agree_on_every_unit(dtm):
    from helpers.topics import nulls
    a = topics.fit_model(dtm, "nmf", 3, 0)
    b = topics.fit_model(topics.build_dtm(_units(), weighting="count", min_df=1, max_df=1.0), "lda", 3, 0)
    assert nulls.unit_agreement(a, b) == pytest.approx(1.0)
    assert nulls.model_agreement(a, [b])["matched_cosine"].iloc[0] > 0.9


def test_average_jaccard_and_term_agreement(dtm):
    assert topics.average_jaccard(["a", "b", "c"], ["a", "b", "c"]) == 1.0
    assert topics.average_jaccard(["a", "b"], ["b", "a"]) == pytest.approx(0.5)  # depth 1: 0, depth 2: 1
    full, sub = topics.fit_model(dtm, "nmf", 3, 0), topics.fit_model(dtm, "nmf", 3, 0, rows=np.arange(0, 30, 2))
    assert topics.term_agreement(full, sub, n=5) > 0.5


# ---- the stored checks the worked solutions of lesson 02 read ----

def test_the_solutions_changes_are_the_stored_ones_and_a_slice_recomputes():
    """The solutions notebook's CHANGES equal scripts/derive_topic_exercises.py's; the stored table is this corpus's
    and a slice of it (two settings' data rows and one shuffled copy) recomputes with helpers.topics.check."""
    import ast
    import json
    import re
    import sys
    from pathlib import Path

    from helpers import corpus
    from helpers.topics import check

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    from scripts.derive_topic_exercises import CHANGES, SIZES
    nb = json.loads((root / "solutions" / "02_topics_solutions.ipynb").read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    literal = re.search(r"CHANGES = (\{.*?\})\n", code, flags=re.S).group(1)
    assert ast.literal_eval(literal) == CHANGES
    params = next("".join(c["source"]) for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    ns: dict = {}
    exec(params, ns)
    assert (ns["N_SEEDS"], ns["N_HALVES"], ns["N_SHUFFLES"]) == (SIZES["n_seeds"], SIZES["n_halves"],
                                                                 SIZES["n_shuffles"])
    paras = corpus.paragraphs(corpus.load_corpus())
    table, stored = check.cached_checks(paras, CHANGES, **SIZES)
    assert stored and set(table["setting"]) == set(CHANGES)
    for name in ("K = 2", "UNIT = sentence, halves of 26"):
        s = {**check.LESSON, **CHANGES[name]}
        x = check.lesson_matrix(paras, s).matrix
        fresh = check.comeback(x, s["model"], s["k"], s["seed"], 2, 3, half_size=s.get("half_size"))
        part = table[(table["setting"] == name) & (table["shuffle"] == -1)]
        part = part[((part["kind"] == "seed") & (part["draw"] < 2)) | ((part["kind"] == "half") & (part["draw"] < 3))]
        assert np.allclose(np.sort(part["cosine"].to_numpy()), np.sort(fresh["cosine"].to_numpy()), atol=1e-5), name
    s = {**check.LESSON, **CHANGES["MODEL = lda"]}
    x = check.shuffled(check.lesson_matrix(paras, s).matrix, "lda", s["seed"] + check.SHUFFLE_OFFSET)
    fresh = check.comeback(x, "lda", s["k"], s["seed"], 1, 1)
    part = table[(table["setting"] == "MODEL = lda") & (table["shuffle"] == 0) & (table["draw"] == 0)]
    assert np.allclose(np.sort(part["cosine"].to_numpy()), np.sort(fresh["cosine"].to_numpy()), atol=1e-5)
