"""The pipeline's topic phase (:mod:`helpers.scale.models`): the fixed fitting sample, the two independent fits,
the matrices built once per partition, the vocabulary's index built once per process."""
from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from helpers.scale import generate, models, pipeline


def _terms(n_units: int, parts: int = 1) -> list[pd.DataFrame]:
    rng = np.random.default_rng(1)
    rows = [(f"d{u // 7}", f"d{u // 7}:{u}", f"w{t}", int(c)) for u in range(n_units)
            for t, c in zip(rng.choice(40, 5, replace=False), rng.integers(1, 4, 5))]
    frame = pd.DataFrame(rows, columns=["doc_id", "unit_id", "term", "count"])
    bounds = np.linspace(0, len(frame), parts + 1).astype(int)
    return [frame.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def test_the_sample_is_the_same_paragraphs_whatever_the_partitioning_and_another_for_another_seed():
    whole = _terms(4000)[0]
    picked = set(models.sample_units(whole, 0.25, seed=0)["unit_id"])
    assert 900 < len(picked) < 1100
    assert set().union(*(models.sample_units(p, 0.25, 0)["unit_id"] for p in _terms(4000, parts=7))) == picked
    rows = models.sample_units(whole, 0.25, 0)
    assert rows.groupby("unit_id").size().equals(whole[whole["unit_id"].isin(picked)].groupby("unit_id").size())
    other = set(models.sample_units(whole, 0.25, seed=1)["unit_id"])
    assert 900 < len(other) < 1100 and len(other & picked) < 0.4 * len(picked)
    assert models.sample_units(whole, 1.0, 0) is whole
    assert models.sample_units(whole, 0.0, 0).empty


def test_both_matrices_at_once_and_the_vocabulary_index_is_not_shipped():
    part = _terms(300)[0]
    vocab = models.vocabulary(part.groupby("term")["unit_id"].count(), 300, max_df=1.0)
    counts, tfidf, units = models.partition_matrices(part, vocab)
    for weighting, expected in (("count", counts), ("tfidf", tfidf)):
        matrix, same_units = models.partition_matrix(part, vocab, weighting)
        assert abs(matrix - expected).max() == 0 and same_units.equals(units)
    assert counts.shape == (300, len(vocab.terms)) and counts.sum() == part["count"].sum()
    assert vocab.index is vocab.index                                # built once
    copy = pickle.loads(pickle.dumps(vocab))
    assert "_index" not in copy.__dict__ and list(copy.index) == list(vocab.terms)
    with pytest.raises(ValueError, match="weighting='binary'"):
        models.partition_matrix(part, vocab, "binary")


@pytest.fixture(scope="module")
def sampled(tmp_path_factory):
    folder = generate.generate_corpus(40, tmp_path_factory.mktemp("gen") / "corpus")
    out = tmp_path_factory.mktemp("out")
    runs = {s: pipeline.run(folder, out / s, size=10, k=3, fit_units=150, scheduler=s) for s in ("sync", "threads")}
    return out, runs


def test_models_fit_on_the_sample_in_the_collections_order_whatever_runs_them(sampled):
    out, runs = sampled
    result = runs["sync"]
    assert result.vocab.n_units > 300                                # the sample is a part of the paragraphs
    terms = pipeline.read_dask(out / "sync", "terms").to_delayed()
    fraction = 150 / result.vocab.n_units
    blocks = [models.partition_matrices(models.sample_units(b.compute(), fraction, 0), result.vocab)[:2]
              for b in terms]
    sample = {"count": sparse.vstack([b[0] for b in blocks]).tocsr(),
              "tfidf": sparse.vstack([b[1] for b in blocks]).tocsr()}
    assert 100 < sample["count"].shape[0] < 200
    nmf = models.fit_nmf(sample, 3, 0, 1, result.vocab.n_units)
    lda = models.fit_lda(sample, 3, 0, 1, result.vocab.n_units)
    np.testing.assert_array_equal(result.models["nmf"].components_, nmf.components_)
    np.testing.assert_array_equal(result.models["lda"].components_, lda.components_)
    for model in ("nmf", "lda"):
        np.testing.assert_allclose(result.topic_terms(model), runs["threads"].topic_terms(model), rtol=0, atol=1e-12)


def test_every_paragraph_gets_its_shares_from_the_sampled_fit(sampled):
    out, runs = sampled
    terms = pipeline.read_table(out / "sync", "terms")
    with_vocabulary = terms[terms["term"].isin(runs["sync"].vocab.terms)]["unit_id"]
    for model in ("nmf", "lda"):
        shares = pipeline.read_table(out / "sync", f"unit_topics_{model}")
        assert sorted(shares["unit_id"]) == sorted(with_vocabulary.unique())
        np.testing.assert_allclose(shares[["T1", "T2", "T3"]].sum(axis=1), 1.0, atol=1e-9)
        pd.testing.assert_frame_equal(shares, pipeline.read_table(out / "threads", f"unit_topics_{model}"),
                                      check_exact=False, rtol=0, atol=1e-12)


def test_fit_units_must_be_a_positive_whole_number(tmp_path):
    vocab = models.vocabulary(pd.Series([2, 3], index=["a", "b"]), 10)
    with pytest.raises(ValueError, match="fit_units=0"):
        models.fit(None, vocab, fit_units=0)


def test_term_counts_from_the_token_table_equal_the_analysers_on_the_corpus_and_odd_paragraphs():
    from helpers import corpus
    from helpers.scale import stages

    paras = corpus.paragraphs(corpus.load_corpus())
    odd = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "unit_id": ["a:p00", "a:p01", "b:p00", "b:p01"],
                        "text": ["", "the of and", "Obama met Medvedev in Moscow; the reset, the RESET!",
                                 "United States missile defense, missile-defense and the G8 summit's cold war"],
                        "period": "2009", "block_type": "body"})
    for frame in (paras, odd, odd.iloc[:2]):
        expected = stages.term_table(frame)
        got = stages.term_table(frame, stages.token_table(frame))
        pd.testing.assert_frame_equal(expected.reset_index(drop=True), got.reset_index(drop=True), check_exact=True)


def test_batched_lda_shares_equal_scikit_learns_transform_on_the_corpus_and_odd_rows():
    from sklearn.decomposition import LatentDirichletAllocation

    from helpers import corpus, topics
    from helpers.scale import lda

    dtm = topics.build_dtm(corpus.paragraphs(corpus.load_corpus()), weighting="count", drop_names=True)
    generated = models.partition_matrices(_terms(2000)[0], models.vocabulary(
        _terms(2000)[0].groupby("term")["unit_id"].count(), 2000, max_df=1.0))[0]
    odd = sparse.csr_matrix(np.array([[0, 0, 0, 0], [5, 0, 0, 0], [1, 1, 1, 1], [40, 0, 2, 0]], dtype=float))
    for x, k in ((dtm.matrix, 4), (dtm.matrix, 10), (generated, 6), (odd, 2)):
        fitted = [LatentDirichletAllocation(n_components=k, learning_method=method, random_state=seed).fit(x)
                  for method, seed in (("online", 0), ("batch", 3))]
        fitted.append(models.fit_lda({"count": sparse.csr_matrix(x)}, k, 0, 2, x.shape[0]))  # the pipeline's chain
        for est in fitted:
            got, expected = lda.transform(est, x), est.transform(x)
            np.testing.assert_allclose(got, expected, rtol=1e-9, atol=0)
            assert got.shape == expected.shape and np.allclose(got.sum(axis=1), 1.0)
