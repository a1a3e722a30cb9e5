"""The pipeline's VADER (:mod:`helpers.scale.vader`) gives exactly vaderSentiment's scores.

Texts: every paragraph, comment and sentence of the five articles (as written and with names masked, as the
pipeline scores them), every NewsMTSC sentence, hand-written sentences for each rule, and hypothesis-generated
sentences built from every rule's trigger words (negations, boosters and dampeners, "no", "but", "kind of",
"least", "never so", "without doubt", the special idioms), lexicon words, words in capitals, punctuation around
words, "!" and "?", emoticons and emoji.
"""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from vaderSentiment import vaderSentiment as vs

from helpers import text
from helpers.scale import vader
from tests.test_fast_text import SETTINGS, corpus_texts, newsmtsc_sentences

REFERENCE = vs.SentimentIntensityAnalyzer()
FAST = vader.analyzer()


def assert_same(texts) -> None:
    for t in texts:
        assert FAST.polarity_scores(t) == REFERENCE.polarity_scores(t), t


def test_scores_equal_vadersentiment_on_the_corpus_masked_and_not():
    texts = corpus_texts()
    assert_same(texts)
    assert_same(text.mask_names(t) for t in texts)


def test_scores_equal_vadersentiment_on_newsmtsc():
    assert_same(newsmtsc_sentences())


HAND = [
    "", "   ", "!!!", "good", "GOOD", "The plan is GOOD and the talks are bad.", "NOT GOOD AT ALL",
    "It is not good.", "It isn't good.", "It is never so good.", "It is never this bad!", "without doubt good",
    "without any doubt good", "no good", "no", "There is no hope.", "no problem or nor trouble", "no, or good",
    "The reset was good, but the talks failed.", "But it failed.", "good but", "bad BUT good but bad",
    "It was kind of good.", "kind of", "It was sort of bad", "at least good", "very least bad", "the least good",
    "least", "the shit", "the bomb!", "a bad ass move", "yeah right, great", "the kiss of death", "to die for",
    "beating heart", "bus stop good", "cut the mustard", "extremely good", "EXTREMELY good", "really, really bad",
    "barely acceptable", "hardly bad", "just enough good", "Good!!!!!!", "Good???", "good??", "bad?!",
    ":) great", ":-( bad", "good :D", "'good'", "\"bad,\"", "(great)", "so-so", "n't good", "don't like",
    "Ain't nobody happy", "seldom happy", "despite the love", "nope, good", "uh-uh good",
    "I love 😀 it", "😀", "bad 💔 news 😀😀", "Café bad", "naïve good", "İstanbul good", "ſo good",
    "\u00a0good\u00a0", "good\tbad\nugly", "KIND OF good", "Kind Of bad", "No Good", "NO GOOD", "Never So Good",
]


def test_scores_equal_vadersentiment_on_the_rules_triggers():
    assert_same(HAND)


TRIGGERS = sorted(set(vs.NEGATE) | {w for k in vs.BOOSTER_DICT for w in k.split()}
                  | {w for k in vs.SPECIAL_CASES for w in k.split()}
                  | {w for k in vs.SENTIMENT_LADEN_IDIOMS for w in k.split()}
                  | {"no", "or", "nor", "but", "kind", "of", "least", "at", "very", "never", "so", "this", "without",
                     "doubt", "not"})
LEXICON = sorted(REFERENCE.lexicon)[::7]
PLAIN = ["the", "reset", "Russia", "talks", "Obama", "a", "was", "and", "policy", "it", "is"]
EMOJI = [e for e in sorted(REFERENCE.emojis) if len(e) == 1][::50]


def _cased(word: st.SearchStrategy) -> st.SearchStrategy:
    return st.tuples(word, st.sampled_from(["lower", "upper", "title"]),
                     st.sampled_from(["", "", "", ",", ".", "!", "?", "'", "\"", "(", "...", "!!", "?!", ":)"]),
                     st.sampled_from(["", "", "", "\"", "(", "'", "*"])
                     ).map(lambda t: t[3] + getattr(t[0], t[1])() + t[2])


WORD = _cased(st.one_of(st.sampled_from(TRIGGERS), st.sampled_from(LEXICON), st.sampled_from(PLAIN))) | \
    st.sampled_from(EMOJI + [":)", ":(", ":-D", "<3", "!", "?", "--", "n't", "can't", "isn't"])


@SETTINGS
@given(st.lists(WORD, min_size=0, max_size=25), st.sampled_from([" ", "  ", "\t", " \n"]))
def test_scores_equal_vadersentiment_on_generated_sentences(words, sep):
    assert_same([sep.join(words)])


@SETTINGS
@given(st.lists(st.sampled_from(TRIGGERS + LEXICON[:40]), min_size=1, max_size=8))
def test_scores_equal_vadersentiment_on_dense_trigger_sequences(words):
    assert_same([" ".join(words), " ".join(words).upper(), " ".join(words) + " good", "GOOD " + " ".join(words)])
