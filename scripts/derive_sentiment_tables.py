"""Precompute the sentiment tables notebook 03 and its evidence notebook read (fitting the target scorer takes
about ten seconds; the fit is kept in build/cache/).

    .venv/bin/python scripts/derive_sentiment_tables.py            # the target scorer's tables
    .venv/bin/python scripts/derive_sentiment_tables.py --tuned    # and the news-tuned scorer's corpus scores

Writes data/derived/corpus_mentions_target_sentiment.csv (the target scorer on the corpus's actor mentions) and
data/derived/newsmtsc_devtest_predictions.csv (every method's predictions on NewsMTSC devtest_mt), and with --tuned
data/derived/corpus_tuned_scores.csv (the news-tuned scorer on every corpus sentence; needs the nested CV tables).
tests/test_target_sentiment.py checks the first two against a fresh fit.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers import corpus
from helpers import sentiment
from helpers import text  # noqa: E402

SEED = 42


def corpus_mentions():
    """The actor mentions of notebook 03: body sentences, data/actors.csv."""
    docs = corpus.load_corpus()
    sents = text.sentences(corpus.paragraphs(docs))
    return sentiment.actor_mentions(sents, text.load_actors())


def tuned_corpus_scores():
    """The stacked news-tuned scorer (helpers.nyt_model.StackedScorer) fitted on all NYT sentences with the ridge
    setting the nested CV chose most often, applied to every corpus sentence (body and comments):
    unit_id, tuned (predicted rating / 4)."""
    from helpers.sentiment import nyt_model

    cols = ["alpha", "min_df", "ngram_max", "rated"]
    choice = nyt_model.nested_cv_predictions().drop_duplicates(["seed", "fold"])[cols]
    best = choice.value_counts().sort_index().idxmax()
    nyt = nyt_model.nyt_features()
    model = nyt_model.StackedScorer(alpha=float(best[0]), min_df=int(best[1]), ngram_max=int(best[2]),
                                    rated=bool(best[3]))
    model.fit(nyt, nyt["rating"], nyt["editorial"], seed=SEED)
    sents = text.sentences(corpus.paragraphs(corpus.load_corpus(), include=("body", "comment")))
    feats = nyt_model.lexicon_features(sents)
    out = sents[["unit_id"]].copy()
    out["text_hash"] = sents["text"].map(sentiment.text_hash)
    out["tuned"] = (model.predict(feats) / 4).round(6)
    out["setting"] = nyt_model.choice_label(dict(zip(cols, best)))
    return out


if __name__ == "__main__":
    sentiment.write_derived(corpus_mentions())
    if "--tuned" in sys.argv:
        tuned_corpus_scores().to_csv(sentiment.DERIVED_DIR / sentiment.TUNED_CACHE, index=False, encoding="utf-8")
    print("wrote", sentiment.DERIVED_DIR)
