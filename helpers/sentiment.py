"""Sentence sentiment: two lexicon methods, a news-tuned scorer, and their validation.

Nothing here downloads anything. The three scorers:

* **VADER** (Hutto & Gilbert 2014) through NLTK's
  :class:`~nltk.sentiment.vader.SentimentIntensityAnalyzer`. Its lexicon is the
  ``vader_lexicon.txt`` shipped inside the installed ``vaderSentiment``
  package: :func:`vader_analyzer` copies it into a private temporary folder,
  appends that folder to ``nltk.data.path`` (NLTK only opens files under its
  data roots), loads it as :data:`VADER_RESOURCE`, then removes the folder again.
  ``compound`` runs from -1 to +1.
* **TextBlob's pattern lexicon** (:func:`textblob_scores`), through
  ``textblob.en.sentiments.PatternAnalyzer``, whose lexicon
  (``en-sentiment.xml``) ships with the package; no NLTK corpus is used.
  ``polarity`` runs from -1 to +1.
* **A news-tuned scorer** (:func:`make_tuned_model`): TF-IDF word n-grams plus
  the lexicon scores as features, a ridge regression trained on the New York
  Times sentences that Hutto & Gilbert had rated by 20 people each
  (:func:`load_nyt_ratings`). It predicts the mean human rating (-4 to +4);
  :func:`cross_validated_scores` evaluates it only on held-out editorials.

Units of analysis: :func:`score_sentences` returns one row per **sentence**,
:func:`aggregate` one row per **group** (paragraph, document, genre, period,
side ...), :func:`actor_targets` one row per **sentence that names an actor**,
:func:`validation_table` one row per **method x metric**.
"""
from __future__ import annotations

import importlib.resources
import re
import shutil
import string
import tempfile
from functools import lru_cache
from pathlib import Path

import nltk.data
import numpy as np
import pandas as pd
from nltk.sentiment.vader import SentimentIntensityAnalyzer, SentiText
from scipy.stats import rankdata
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import Ridge
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from . import parallel
from .corpus import PROJECT_ROOT
from .text import TOKEN_PATTERN, tokenize

VADER_RESOURCE = "reset_notebooks/vader_lexicon.txt"
"""The NLTK resource name under which the packaged VADER lexicon is loaded."""

NEUTRAL_BAND = 0.05
"""VADER's convention: a normalised score within +/-0.05 of zero is neutral."""

CLASSES = ("negative", "neutral", "positive")
"""The three classes of :func:`polarity_class`, in order."""

LEXICON_COLUMNS = ["vader", "vader_pos", "vader_neg", "vader_neu", "vader_raw", "lexicon_pos", "lexicon_neg",
                   "textblob", "textblob_subjectivity"]
"""Lexicon scores added by :func:`score_sentences` (and used as features by the tuned scorer):
VADER's ``compound`` (``vader``), its ``pos``/``neg``/``neu`` shares, ``vader_raw`` (the compound before
VADER squashes it into -1..1, i.e. the rule-adjusted sum of valences), ``lexicon_pos``/``lexicon_neg``
(plain sums of the positive / negative lexicon valences of the tokens, no rules), TextBlob's polarity
(``textblob``) and subjectivity."""

NYT_DIR = PROJECT_ROOT / "data" / "external" / "vader_nyt_editorials"
NYT_TEXT_FILE = "nytEditorialSnippets_GroundTruth.txt"
NYT_RATINGS_FILE = "nytEditorialSnippets_anonDataRatings.txt"

PITFALL_PATTERNS = {
    "negation": r"\b(?:not|no|never|nor|without|n't|cannot|hardly)\b",
    "contrast": r"\b(?:but|however|yet|although|though|despite|nevertheless)\b",
    "hedging": r"\b(?:may|might|perhaps|possibly|probably|likely|seems?|appears?|could)\b",
    "irony marker": r"(?:\"[^\"]{1,30}\"|“[^”]{1,30}”|!|\?|\bsure\b|\byeah\b)",
}
"""Where lexicons go wrong on diplomatic prose: regexes (case-insensitive) that find the constructions.
``irony marker`` (scare quotes, exclamation and question marks, "sure", "yeah") is searched in reader
comments only; it is a crude pointer to possible sarcasm, not a detector."""


# --------------------------------------------------------------------------- scorers


def vader_lexicon_source() -> Path:
    """The ``vader_lexicon.txt`` file shipped inside the installed ``vaderSentiment`` package."""
    src = importlib.resources.files("vaderSentiment") / "vader_lexicon.txt"
    if not src.is_file():
        raise FileNotFoundError("the vaderSentiment package has no vader_lexicon.txt; reinstall it "
                                "(python3 run.py build re-creates the environment).")
    return Path(str(src))


@lru_cache(maxsize=1)
def vader_analyzer() -> SentimentIntensityAnalyzer:
    """NLTK's VADER analyser with the lexicon from the ``vaderSentiment`` package (no download).

    The lexicon is staged in a private temporary folder appended to
    ``nltk.data.path`` only while NLTK reads it; the folder is removed afterwards
    and the path entry dropped, so nothing is left on disk or in NLTK's search path.
    """
    tmp = tempfile.mkdtemp(prefix="reset_vader_")
    try:
        target = Path(tmp) / VADER_RESOURCE
        target.parent.mkdir(parents=True)
        shutil.copyfile(vader_lexicon_source(), target)
        nltk.data.path.append(tmp)
        analyzer = _Analyzer(lexicon_file=VADER_RESOURCE)
    finally:
        if tmp in nltk.data.path:
            nltk.data.path.remove(tmp)
        shutil.rmtree(tmp, ignore_errors=True)
    return analyzer


_PUNCTUATION = frozenset(string.punctuation)
_DELETE_PUNCTUATION = str.maketrans("", "", string.punctuation)


class _SentiText(SentiText):
    """NLTK's ``SentiText`` with a faster ``_words_and_emoticons`` that returns the identical list.

    NLTK builds, for every sentence, a dictionary of every word joined to every entry of ``PUNC_LIST``
    (before and after it; about 17 x 2 x words entries) and strips punctuation with a time-guarded
    ``regex`` pattern; then it replaces each token found in that dictionary by its bare word. Every
    ``PUNC_LIST`` entry is ASCII punctuation and the bare words contain none, so a token is in the
    dictionary exactly when its leading (or trailing) run of ASCII punctuation is a ``PUNC_LIST`` entry
    and the rest is one of the bare words; this class checks that directly (trailing first, as NLTK's
    second dictionary overrides the first).
    """

    def _words_and_emoticons(self):
        words_only = {w for w in self.text.translate(_DELETE_PUNCTUATION).split() if len(w) > 1}
        punc = set(self.PUNC_LIST)
        wes = [we for we in self.text.split() if len(we) > 1]
        for i, we in enumerate(wes):
            if we[-1] in _PUNCTUATION:
                w = we.rstrip(string.punctuation)
                if we[len(w):] in punc and w in words_only:
                    wes[i] = w
                    continue
            if we[0] in _PUNCTUATION:
                w = we.lstrip(string.punctuation)
                if we[:len(we) - len(w)] in punc and w in words_only:
                    wes[i] = w
        return wes


class _Analyzer(SentimentIntensityAnalyzer):
    """NLTK's VADER analyser, scoring with :class:`_SentiText` (same scores, several times faster)."""

    def polarity_scores(self, text):
        # the body of nltk.sentiment.vader.SentimentIntensityAnalyzer.polarity_scores (NLTK 3.10),
        # with _SentiText in place of SentiText
        sentitext = _SentiText(text, self.constants.PUNC_LIST, self.constants.REGEX_REMOVE_PUNCTUATION)
        sentiments = []
        words_and_emoticons = sentitext.words_and_emoticons
        first_index = {}
        for idx, token in enumerate(words_and_emoticons):
            if token not in first_index:
                first_index[token] = idx
        for item in words_and_emoticons:
            valence = 0
            i = first_index[item]
            if (i < len(words_and_emoticons) - 1 and item.lower() == "kind"
                    and words_and_emoticons[i + 1].lower() == "of") or item.lower() in self.constants.BOOSTER_DICT:
                sentiments.append(valence)
                continue
            sentiments = self.sentiment_valence(valence, sentitext, item, i, sentiments)
        sentiments = self._but_check(words_and_emoticons, sentiments)
        return self.score_valence(sentiments, text)


def _vader_rows(texts: list) -> list[dict]:
    sia = vader_analyzer()
    return [sia.polarity_scores(t) for t in texts]


def vader_scores(texts) -> pd.DataFrame:
    """One row per **text**: VADER's ``compound`` (-1..1) and its ``pos``/``neg``/``neu`` shares."""
    vader_analyzer()  # built once here, so forked workers inherit it
    rows = parallel.map_chunks(_vader_rows, list(texts))
    return pd.DataFrame(rows, columns=["compound", "pos", "neg", "neu"])


@lru_cache(maxsize=1)
def _pattern_analyzer():
    from textblob.en.sentiments import PatternAnalyzer

    return PatternAnalyzer()


def textblob_scores(texts) -> pd.DataFrame:
    """One row per **text**: TextBlob's pattern-lexicon ``polarity`` (-1..1) and ``subjectivity`` (0..1)."""
    pa = _pattern_analyzer()
    rows = [tuple(pa.analyze(t))[:2] for t in texts]
    return pd.DataFrame(rows, columns=["polarity", "subjectivity"], dtype=float)


def polarity_class(scores, band: float = NEUTRAL_BAND) -> pd.Series:
    """Three classes from scores on a -1..1 scale: ``negative`` (< -band), ``neutral``, ``positive`` (> band)."""
    s = pd.Series(scores, dtype=float)
    out = np.where(s > band, "positive", np.where(s < -band, "negative", "neutral"))
    return pd.Series(out, index=s.index, name="class")


def unsquash(compound, alpha: float = 15.0) -> np.ndarray:
    """Invert VADER's normalisation ``x / sqrt(x**2 + alpha)``: the summed valence behind a compound score."""
    c = np.clip(np.asarray(compound, dtype=float), -0.9999, 0.9999)
    return c * np.sqrt(alpha) / np.sqrt(1 - c * c)


def score_sentences(sents: pd.DataFrame) -> pd.DataFrame:
    """One row per **sentence**: the input columns plus :data:`LEXICON_COLUMNS` and ``vader_class``.

    ``sents`` needs a ``text`` column (e.g. from :func:`helpers.text.sentences`).
    """
    out = sents.copy().reset_index(drop=True)
    v = vader_scores(out["text"])
    tb = textblob_scores(out["text"])
    out["vader"], out["vader_pos"], out["vader_neg"], out["vader_neu"] = v["compound"], v["pos"], v["neg"], v["neu"]
    out["vader_raw"] = unsquash(out["vader"])
    lex = vader_analyzer().lexicon
    vals = [[lex.get(w, 0.0) for w in tokenize(t)] for t in out["text"]]
    out["lexicon_pos"] = [float(sum(x for x in v if x > 0)) for v in vals]
    out["lexicon_neg"] = [float(sum(x for x in v if x < 0)) for v in vals]
    out["textblob"], out["textblob_subjectivity"] = tb["polarity"], tb["subjectivity"]
    out["vader_class"] = polarity_class(out["vader"]).to_numpy()
    return out


def aggregate(scored: pd.DataFrame, by, score_cols=("vader", "textblob")) -> pd.DataFrame:
    """One row per **group** (the values of ``by``): sentence count and, per score, mean and shares.

    Every sentence weighs the same. For each column ``c`` in ``score_cols``:
    ``c_mean``, ``c_share_pos`` (share above +0.05) and ``c_share_neg`` (below
    -0.05). Groups keep their order of first appearance in ``scored``.
    """
    by = [by] if isinstance(by, str) else list(by)
    g = scored.groupby(by, sort=False)
    out = g.size().rename("n_sentences").to_frame()
    for c in score_cols:
        out[f"{c}_mean"] = g[c].mean()
        out[f"{c}_share_pos"] = g[c].apply(lambda s: float((s > NEUTRAL_BAND).mean()))
        out[f"{c}_share_neg"] = g[c].apply(lambda s: float((s < -NEUTRAL_BAND).mean()))
    return out.reset_index()


def lexicon_hits(sents: pd.DataFrame) -> pd.DataFrame:
    """One row per **VADER lexicon term** found in the sentences: ``count`` and its ``valence`` (-4..4).

    Sorted by count (descending), then term. Tokens are lower-cased
    :func:`helpers.text.tokenize` tokens; VADER's own rules (negation, boosters)
    are not applied here, so this shows what the lexicon *can* react to.
    """
    lex = vader_analyzer().lexicon
    toks = pd.Series([t for s in sents["text"] for t in tokenize(s)], dtype=str)
    toks = toks[toks.isin(set(lex))]
    counts = toks.value_counts().rename_axis("term").rename("count").reset_index()
    counts["valence"] = counts["term"].map(lex)
    return counts.sort_values(["count", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


def agreement(scored: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """One row per **measure** of agreement between two score columns on a -1..1 scale.

    Pearson and Spearman r, the share of units put in the same of the three
    classes, and Cohen's kappa on those classes.
    """
    from sklearn.metrics import cohen_kappa_score

    ca, cb = polarity_class(scored[a]), polarity_class(scored[b])
    rows = [("Pearson r", pearson(scored[a], scored[b])), ("Spearman r", spearman(scored[a], scored[b])),
            ("same class (share)", float((ca == cb).mean())),
            ("Cohen's kappa (3 classes)", float(cohen_kappa_score(ca, cb)))]
    return pd.DataFrame(rows, columns=["measure", "value"])


# --------------------------------------------------------------------------- actors


def actor_targets(sents: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """One row per **sentence that names at least one actor**: the input columns plus the target.

    ``actors`` is a table from :func:`helpers.text.load_actors` (``actor``,
    ``side``, ``pattern``). ``actors_named`` lists the actors found
    (alphabetical, "; "-joined); ``target`` is the side when all named actors
    share one side, else ``"several sides"``.
    """
    rows = []
    for i, t in enumerate(sents["text"]):
        hits = sorted((a.actor, a.side) for a in actors.itertuples() if re.search(a.pattern, t))
        if hits:
            sides = sorted({s for _, s in hits})
            rows.append((i, "; ".join(a for a, _ in hits), sides[0] if len(sides) == 1 else "several sides"))
    idx = [r[0] for r in rows]
    out = sents.iloc[idx].copy().reset_index(drop=True)
    out["actors_named"] = [r[1] for r in rows]
    out["target"] = [r[2] for r in rows]
    return out


# --------------------------------------------------------------------------- pitfalls


def pitfall_examples(scored: pd.DataFrame, a: str, b: str, n: int = 2,
                     patterns: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per **example sentence** of each pitfall: where scores ``a`` and ``b`` disagree most.

    For each construction in ``patterns`` (default :data:`PITFALL_PATTERNS`),
    the sentences that contain it (``irony marker``: reader comments only) are
    ranked by ``|a - b|`` (ties: ``unit_id``) and the top ``n`` kept. Columns:
    ``pitfall``, ``matched`` (the words found), ``unit_id``, ``block_type``,
    ``a``, ``b``, ``gap``, ``text``. A pitfall with no matching sentence has no row.
    """
    patterns = PITFALL_PATTERNS if patterns is None else patterns
    frames = []
    for name, rx in patterns.items():
        pool = scored
        if name == "irony marker":
            pool = scored[scored.get("block_type", pd.Series("body", index=scored.index)) == "comment"]
        found = pool["text"].str.findall(rx, flags=re.IGNORECASE)
        hit = found.str.len() > 0
        if not hit.any():
            continue
        pool = pool[hit].copy()
        pool["matched"] = found[hit].str.join(", ")
        pool["pitfall"] = name
        pool["gap"] = (pool[a] - pool[b]).abs()
        frames.append(pool.sort_values(["gap", "unit_id"], ascending=[False, True], kind="stable").head(n))
    cols = ["pitfall", "matched", "unit_id", "block_type", a, b, "gap", "text"]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    return out[[c for c in cols if c in out.columns]]


# --------------------------------------------------------------------------- ground truth


def load_nyt_ratings(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per **rated NYT sentence** (Hutto & Gilbert 2014), with its 20 human ratings.

    Columns: ``id`` (``editorial_sentence``), ``editorial`` (the article the
    sentence came from: the unit for grouped cross-validation), ``text``,
    ``rating`` (mean human rating, -4..4), ``rating_sd``, ``rating_norm``
    (``rating / 4``, on VADER's -1..1 scale) and ``ratings`` (the list of raw ratings).
    """
    folder = Path(folder) if folder is not None else NYT_DIR
    for name in (NYT_TEXT_FILE, NYT_RATINGS_FILE):
        if not (folder / name).is_file():
            raise FileNotFoundError(f"'{folder / name}' not found; see data/external/README.md.")
    text = pd.read_csv(folder / NYT_TEXT_FILE, sep="\t", header=None, names=["id", "rating", "text"],
                       dtype={"id": str}, quoting=3, encoding="utf-8")
    raw = pd.read_csv(folder / NYT_RATINGS_FILE, sep="\t", header=None, names=["id", "mean", "rating_sd", "ratings"],
                      dtype={"id": str}, quoting=3, encoding="utf-8")
    raw["ratings"] = raw["ratings"].map(lambda s: [int(x) for x in s.strip("[]").split(",")])
    out = text.merge(raw[["id", "rating_sd", "ratings"]], on="id", how="inner", validate="one_to_one")
    if len(out) != len(text):
        raise ValueError("the NYT rating files do not list the same sentence ids.")
    out["editorial"] = out["id"].str.split("_").str[0]
    out["rating_norm"] = out["rating"] / 4
    return out[["id", "editorial", "text", "rating", "rating_sd", "rating_norm", "ratings"]]


def single_rater_r(ratings) -> pd.DataFrame:
    """One row per **rater position** j: Pearson r of the j-th rating of each sentence with the mean of the others.

    A human benchmark: how well one person's ratings track the crowd's.
    ``ratings`` is a sequence of equal-length rating lists (one per sentence).
    """
    m = np.asarray(list(ratings), dtype=float)
    k = m.shape[1]
    rows = []
    for j in range(k):
        rest = (m.sum(axis=1) - m[:, j]) / (k - 1)
        rows.append((j + 1, pearson(m[:, j], rest)))
    return pd.DataFrame(rows, columns=["rater", "r_with_others_mean"])


# --------------------------------------------------------------------------- tuned scorer


def make_tuned_model(alpha: float = 3.0, min_df: int = 2) -> Pipeline:
    """The news-tuned scorer: TF-IDF word 1-2-grams + standardised :data:`LEXICON_COLUMNS` -> ridge regression.

    Input: a frame with ``text`` and the lexicon columns (from :func:`score_sentences`);
    output: the predicted mean human rating (-4..4). Every weight is inspectable.
    """
    features = ColumnTransformer([
        ("ngrams", TfidfVectorizer(token_pattern=TOKEN_PATTERN, ngram_range=(1, 2), min_df=min_df,
                                   sublinear_tf=True), "text"),
        ("lexicon", StandardScaler(), LEXICON_COLUMNS),
    ])
    return Pipeline([("features", features), ("ridge", Ridge(alpha=alpha))])


def grouped_folds(groups, n_splits: int = 5, seed: int = 0) -> np.ndarray:
    """One fold number (0..n_splits-1) per **row**: all rows of a group share a fold (shuffled with ``seed``)."""
    groups = np.asarray(groups)
    fold = np.empty(len(groups), dtype=int)
    cv = GroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    for k, (_, test) in enumerate(cv.split(np.zeros(len(groups)), groups=groups)):
        fold[test] = k
    return fold


def cross_validated_scores(data: pd.DataFrame, target: str = "rating", group: str = "editorial",
                           n_splits: int = 5, seed: int = 0, model_factory=make_tuned_model) -> pd.DataFrame:
    """One row per **sentence** of ``data``: its ``fold`` and ``prediction`` from a model that never saw it.

    Sentences are split into folds by ``group`` (an editorial is never split
    between training and test, so no model learns an article's topic words and
    is then scored on its other sentences). Each fold is scored by a fresh
    ``model_factory()`` fitted on the other folds. ``data`` needs ``text``, the
    lexicon columns and ``target``.
    """
    fold = grouped_folds(data[group], n_splits=n_splits, seed=seed)
    pred = np.full(len(data), np.nan)
    for k in range(n_splits):
        train, test = fold != k, fold == k
        model = model_factory().fit(data.loc[train], data.loc[train, target])
        pred[test] = model.predict(data.loc[test])
    return pd.DataFrame({"id": data["id"].to_numpy() if "id" in data else np.arange(len(data)),
                         "fold": fold, "prediction": pred})


def top_weights(model: Pipeline, n: int = 10) -> pd.DataFrame:
    """One row per **feature** among the ``n`` most negative and ``n`` most positive ridge weights.

    Columns: ``feature`` (an n-gram, or ``lexicon:<column>``), ``weight``,
    ``direction``. Ties broken by feature name.
    """
    names = [n_.replace("ngrams__", "").replace("lexicon__", "lexicon:")
             for n_ in model.named_steps["features"].get_feature_names_out()]
    w = pd.DataFrame({"feature": names, "weight": model.named_steps["ridge"].coef_})
    w = w.sort_values(["weight", "feature"], kind="stable")
    out = pd.concat([w.head(n).assign(direction="negative"),
                     w.tail(n).iloc[::-1].assign(direction="positive")], ignore_index=True)
    return out


# --------------------------------------------------------------------------- evaluation


def pearson(a, b) -> float:
    """Pearson correlation of two equal-length sequences (nan if either is constant)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    a, b = a - a.mean(), b - b.mean()
    den = np.sqrt((a * a).sum() * (b * b).sum())
    return float((a * b).sum() / den) if den > 0 else float("nan")


def spearman(a, b) -> float:
    """Spearman rank correlation (Pearson r of average ranks)."""
    return pearson(rankdata(a), rankdata(b))


def _classes(scores, band: float = NEUTRAL_BAND) -> np.ndarray:
    x = np.asarray(scores, dtype=float)
    return np.where(x > band, 1, np.where(x < -band, -1, 0))


def f1_three_class(truth, pred, band: float = NEUTRAL_BAND) -> float:
    """Macro-averaged F1 over negative/neutral/positive, both inputs on a -1..1 scale cut at +/-``band``.

    A class absent from both truth and prediction is left out of the average.
    """
    t, p = _classes(truth, band), _classes(pred, band)
    f1s = []
    for c in (-1, 0, 1):
        tp = int(((t == c) & (p == c)).sum())
        n_true, n_pred = int((t == c).sum()), int((p == c).sum())
        if n_true + n_pred == 0:
            continue
        f1s.append(2 * tp / (n_true + n_pred))
    return float(np.mean(f1s))


METRICS = {"Pearson r": pearson, "Spearman r": spearman, "F1 (3 classes)": f1_three_class}


def bootstrap_ci(truth, pred, metric, n_boot: int = 1000, seed: int = 0, groups=None,
                 level: float = 0.95) -> tuple[float, float]:
    """A percentile bootstrap confidence interval ``(low, high)`` for ``metric(truth, pred)``.

    Resamples rows with replacement, or, if ``groups`` is given, whole groups
    (a cluster bootstrap: sentences of one editorial are not independent).
    """
    truth, pred = np.asarray(truth, dtype=float), np.asarray(pred, dtype=float)
    stats = [metric(truth[idx], pred[idx]) for idx in bootstrap_samples(len(truth), n_boot, seed, groups)]
    lo, hi = np.nanpercentile(stats, [100 * (1 - level) / 2, 100 * (1 + level) / 2])
    return float(lo), float(hi)


def bootstrap_samples(n: int, n_boot: int = 1000, seed: int = 0, groups=None) -> list[np.ndarray]:
    """``n_boot`` arrays of row indices, each a resample with replacement of ``n`` rows or of whole ``groups``."""
    rng = np.random.default_rng(seed)
    if groups is None:
        return [rng.integers(0, n, n) for _ in range(n_boot)]
    codes, uniq = pd.factorize(pd.Series(np.asarray(groups)), sort=True)
    order = np.argsort(codes, kind="stable")
    members = np.split(order, np.cumsum(np.bincount(codes, minlength=len(uniq)))[:-1])
    return [np.concatenate([members[i] for i in rng.integers(0, len(members), len(members))])
            for _ in range(n_boot)]


def validation_table(truth, preds: dict, groups=None, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """One row per **method x metric**: the value and its bootstrap 95% CI against ``truth``.

    ``truth`` and every prediction in ``preds`` (name -> scores) are on the
    -1..1 scale. Metrics: :data:`METRICS`. Every method is resampled with the
    same seed, so the intervals are comparable.
    """
    truth = np.asarray(truth, dtype=float)
    samples = bootstrap_samples(len(truth), n_boot, seed, groups)
    rows = []
    for name, pred in preds.items():
        pred = np.asarray(pred, dtype=float)
        for mname, fn in METRICS.items():
            stats = [fn(truth[idx], pred[idx]) for idx in samples]
            lo, hi = np.nanpercentile(stats, [2.5, 97.5])
            rows.append((name, mname, fn(truth, pred), float(lo), float(hi)))
    return pd.DataFrame(rows, columns=["method", "metric", "value", "ci_low", "ci_high"])


def vocabulary_coverage(model: Pipeline, texts) -> float:
    """Share of the word tokens in ``texts`` that the fitted tuned model has a unigram weight for.

    A rough measure of domain shift: words the model never saw in training
    can only be scored through the lexicon features.
    """
    vocab = model.named_steps["features"].named_transformers_["ngrams"].vocabulary_
    toks = [t for s in texts for t in tokenize(s)]
    return float(np.mean([t in vocab for t in toks])) if toks else float("nan")


# --------------------------------------------------------------------------- plots


def sentence_arcs(scored: pd.DataFrame, cols=("vader",), window: int = 3) -> pd.DataFrame:
    """One row per **sentence x score**: ``position`` (0..1 through the document) and the rolling mean.

    The rolling mean is centred, over ``window`` sentences of the same document
    (fewer at the edges). Columns: ``doc_id``, ``sent_id``, ``position``,
    ``score``, ``value``, ``rolling``.
    """
    frames = []
    for c in cols:
        f = scored[["doc_id", "sent_id", c]].rename(columns={c: "value"}).assign(score=c)
        g = f.groupby("doc_id", sort=False)
        f["position"] = g["sent_id"].transform(lambda s: (s - s.min()) / max(s.max() - s.min(), 1))
        f["rolling"] = g["value"].transform(lambda s: s.rolling(window, center=True, min_periods=1).mean())
        frames.append(f)
    return pd.concat(frames, ignore_index=True)[["doc_id", "sent_id", "position", "score", "value", "rolling"]]


def plot_arcs(arcs: pd.DataFrame, order, title: str):
    """Small multiples: one panel per document, one line style per score, rolling mean vs. position."""
    import matplotlib.pyplot as plt

    from .plotting import GRAYS, MARKERS

    order = list(order)
    fig, axes = plt.subplots(len(order), 1, figsize=(8, 1.5 * len(order) + 1), sharex=True, sharey=True,
                             squeeze=False)
    styles = ["-", "--", ":", "-."]
    for ax, doc in zip(axes[:, 0], order):
        d = arcs[arcs["doc_id"] == doc]
        for i, (name, s) in enumerate(d.groupby("score", sort=False)):
            ax.plot(s["position"], s["rolling"], linestyle=styles[i % 4], marker=MARKERS[i % len(MARKERS)],
                    markersize=3, color=GRAYS[i % 3], label=name)
        ax.axhline(0, color=GRAYS[2], linewidth=0.8)
        ax.set_ylabel(doc, rotation=0, ha="right", va="center")
    axes[0, 0].legend(ncol=4, loc="lower right", fontsize=8)
    axes[-1, 0].set_xlabel("position in the article (0 = first sentence, 1 = last)")
    fig.supylabel("sentiment (rolling mean, -1..1)", fontsize=9)
    fig.suptitle(title, fontweight="bold", fontsize=11)
    fig.tight_layout()
    return fig


def plot_validation(table: pd.DataFrame, title: str, reference: dict | None = None):
    """One panel per metric: each method's value with its bootstrap CI; ``reference`` draws labelled lines."""
    import matplotlib.pyplot as plt

    from .plotting import MARKERS

    metrics = list(dict.fromkeys(table["metric"]))
    methods = list(dict.fromkeys(table["method"]))
    fig, axes = plt.subplots(1, len(metrics), figsize=(3.2 * len(metrics), 2.6 + 0.25 * len(methods)),
                             sharey=True, squeeze=False)
    for ax, m in zip(axes[0], metrics):
        t = table[table["metric"] == m].set_index("method").loc[methods]
        y = np.arange(len(methods))[::-1]
        for i, (yy, row) in enumerate(zip(y, t.itertuples())):
            ax.errorbar(row.value, yy, xerr=[[row.value - row.ci_low], [row.ci_high - row.value]], fmt=MARKERS[i],
                        color="black", capsize=3)
        for label, (metric, x) in (reference or {}).items():
            if metric == m:
                ax.axvline(x, color="black", linestyle="--", linewidth=0.8)
                ax.annotate(label, (x, y.max() + 0.4), fontsize=7, ha="right", va="bottom", rotation=0)
        ax.set_yticks(y, methods)
        ax.set_xlabel(m)
        ax.set_ylim(-0.6, len(methods) - 0.1 + 0.5)
    axes[0, 0].set_ylabel("method")
    fig.suptitle(title, fontweight="bold", fontsize=11)
    fig.tight_layout()
    return fig


def plot_grouped_barh(table: pd.DataFrame, columns: dict, title: str, xlabel: str, ylabel: str, labels=None):
    """Horizontal bars, one group per row of ``table`` (first row on top), one hatched bar per column.

    ``columns`` maps a column of ``table`` to its legend label; ``labels`` replaces the row labels.
    """
    import matplotlib.pyplot as plt

    from .plotting import GRAYS, HATCHES

    fig, ax = plt.subplots(figsize=(7, 0.45 * len(table) + 1.5))
    y = np.arange(len(table))[::-1]
    h = 0.8 / len(columns)
    for i, (col, label) in enumerate(columns.items()):
        ax.barh(y + 0.4 - h * (i + 0.5), table[col], height=h, color=GRAYS[1 + i % 3], hatch=HATCHES[i % 6],
                edgecolor="black", linewidth=0.5, label=label)
    ax.set_yticks(y, list(labels) if labels is not None else [str(i) for i in table.index])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend()
    return ax


def plot_dots(table: pd.DataFrame, title: str, xlabel: str, ylabel: str, legend_title: str | None = None,
              connect: bool = False, dodge: float = 0.0):
    """A dot plot: one line per row of ``table`` (first row on top), one marker per column; NaN cells are skipped.

    ``connect`` draws a gray line from the smallest to the largest value of each row. ``dodge`` shifts the
    columns' markers apart vertically (total spread in row units), so that close values stay visible.
    """
    import matplotlib.pyplot as plt

    from .plotting import GRAYS, MARKERS

    fig, ax = plt.subplots(figsize=(7, 0.45 * len(table) + 1.5))
    y = np.arange(len(table))[::-1]
    if connect:
        ax.hlines(y, table.min(axis=1), table.max(axis=1), color=GRAYS[2])
    offsets = np.linspace(dodge / 2, -dodge / 2, len(table.columns)) if len(table.columns) > 1 else [0.0]
    for i, col in enumerate(table.columns):
        ax.plot(table[col], y + offsets[i], linestyle="none", marker=MARKERS[i % len(MARKERS)], markersize=7, color="black",
                markerfacecolor=["black", "white", GRAYS[2], GRAYS[1]][i % 4], label=str(col))
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, [str(i) for i in table.index])
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    if table.empty:
        ax.text(0.5, 0.5, "nothing to show", transform=ax.transAxes, ha="center", va="center")
    else:
        ax.legend(title=legend_title, fontsize=8)
    return ax


def plot_scatter_by(frame: pd.DataFrame, x: str, y: str, by: str, title: str, xlabel: str, ylabel: str,
                    band: float = NEUTRAL_BAND):
    """A scatter plot of two scores, one marker per value of ``by``; thin lines mark the neutral band."""
    import matplotlib.pyplot as plt

    from .plotting import GRAYS, MARKERS

    fig, ax = plt.subplots(figsize=(5.5, 5))
    for i, (name, g) in enumerate(frame.groupby(by, sort=True)):
        ax.scatter(g[x], g[y], marker=MARKERS[i % len(MARKERS)], facecolors=GRAYS[1] if i == 0 else "none",
                   edgecolors="black", s=22, linewidths=0.6, label=str(name))
    for v in (-band, band):
        ax.axvline(v, color=GRAYS[2], linewidth=0.6)
        ax.axhline(v, color=GRAYS[2], linewidth=0.6)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend(title=by)
    return ax
