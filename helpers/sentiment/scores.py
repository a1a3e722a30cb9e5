"""Sentence sentiment: the scorers, name masking and aggregation with intervals (actors, the NYT ratings and the
pitfalls live in :mod:`helpers.sentiment.actors`, :mod:`helpers.sentiment.nyt` and :mod:`helpers.sentiment.pitfalls`).

Nothing here downloads anything. The scorers:

* **VADER** (Hutto & Gilbert 2014), the reference implementation from the ``vaderSentiment`` package
  (:func:`vader_analyzer`, :func:`vader_scores`). ``compound`` runs from -1 to +1. This is "VADER" in every
  notebook.
* **VADER (NLTK port)**, NLTK's :class:`~nltk.sentiment.vader.SentimentIntensityAnalyzer` with the same
  lexicon file (:func:`nltk_vader_analyzer`, :func:`nltk_vader_scores`). Same lexicon, partly different
  rules; :func:`vader_port_differences` lists the sentences where the two disagree. A documented variant only.
* **TextBlob's pattern lexicon** (:func:`textblob_scores`), bundled with the ``textblob`` package.
* The news-tuned scorer lives in :mod:`helpers.sentiment.nyt_model`, the target-dependent scorer in
  :mod:`helpers.sentiment.target`; validation helpers in :mod:`helpers.sentiment.validation`, plots in
  :mod:`helpers.sentiment.plots`.

Before scoring corpus text, names and places are masked (:func:`mask_names`, from the shared text layer
:func:`helpers.text.mask_names`), so "Great Britain" or "United States" carry no lexicon valence.

Units of analysis: :func:`score_sentences` returns one row per **sentence**, :func:`aggregate` one row per
**group** (document, period, genre, side ...).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from helpers import text as _text
from helpers.sentiment.validation import mean_ci, pearson, spearman
from helpers.text import tokenize

LEXICON_COLUMNS = ["vader", "vader_pos", "vader_neg", "vader_neu", "vader_raw", "lexicon_pos", "lexicon_neg",
                   "textblob", "textblob_subjectivity"]
"""Lexicon scores added by :func:`score_sentences`: VADER's ``compound`` (``vader``), its
``pos``/``neg``/``neu`` shares, ``vader_raw`` (the compound before VADER squashes it into -1..1),
``lexicon_pos``/``lexicon_neg`` (plain sums of the positive / negative lexicon valences of the tokens, no
rules), TextBlob's polarity (``textblob``) and subjectivity."""


# --------------------------------------------------------------------------- reference VADER


@lru_cache(maxsize=1)
def vader_analyzer():
    """The reference VADER analyser (``vaderSentiment.vaderSentiment.SentimentIntensityAnalyzer``).

    Its lexicon ships inside the package (no download). ``.lexicon`` maps a word to its mean valence (-4..4).
    """
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as Reference

    return Reference()


def _vader_rows(texts: list) -> list[dict]:
    sia = vader_analyzer()
    return [sia.polarity_scores(t) for t in texts]


def vader_scores(texts) -> pd.DataFrame:
    """One row per **text**: reference VADER's ``compound`` (-1..1) and its ``pos``/``neg``/``neu`` shares."""
    vader_analyzer()  # built once here, so forked workers inherit it
    rows = _vader_rows(list(texts))
    return pd.DataFrame(rows, columns=["compound", "pos", "neg", "neu"])


# --------------------------------------------------------------------------- TextBlob


@lru_cache(maxsize=1)
def _pattern_analyzer():
    from textblob.en.sentiments import PatternAnalyzer

    return PatternAnalyzer()


def textblob_scores(texts) -> pd.DataFrame:
    """One row per **text**: TextBlob's pattern-lexicon ``polarity`` (-1..1) and ``subjectivity`` (0..1)."""
    pa = _pattern_analyzer()
    rows = [tuple(pa.analyze(t))[:2] for t in texts]
    return pd.DataFrame(rows, columns=["polarity", "subjectivity"], dtype=float)


# --------------------------------------------------------------------------- names


def name_masking_available() -> bool:
    """True when the shared text layer provides :func:`helpers.text.mask_names`."""
    return hasattr(_text, "mask_names")


def mask_names(texts) -> list[str]:
    """One **text** per input with every name and place phrase masked (:func:`helpers.text.mask_names`).

    Returns the texts unchanged when the text layer has no ``mask_names`` (see :func:`name_masking_available`).
    """
    texts = [str(t) for t in texts]
    if not name_masking_available():
        return texts
    return [_text.mask_names(t) for t in texts]


# --------------------------------------------------------------------------- scoring


def unsquash(compound, alpha: float = 15.0) -> np.ndarray:
    """Invert VADER's normalisation ``x / sqrt(x**2 + alpha)``: the summed valence behind a compound score."""
    c = np.clip(np.asarray(compound, dtype=float), -0.9999, 0.9999)
    return c * np.sqrt(alpha) / np.sqrt(1 - c * c)


def score_sentences(sents: pd.DataFrame, mask: bool = True) -> pd.DataFrame:
    """One row per **sentence**: the input columns plus :data:`LEXICON_COLUMNS`.

    ``sents`` needs a ``text`` column (e.g. from :func:`helpers.text.sentences`). With ``mask`` (default) the
    scorers read the text with names and places masked (:func:`mask_names`): the masked text is kept as
    ``scored_text`` and reference VADER on the unmasked text as ``vader_unmasked``, so the effect of masking
    can be shown. ``text`` itself is never changed.
    """
    out = sents.copy().reset_index(drop=True)
    texts = mask_names(out["text"]) if mask else [str(t) for t in out["text"]]
    out["scored_text"] = pd.Series(texts, dtype=str)
    v = vader_scores(texts)
    tb = textblob_scores(texts)
    out["vader"], out["vader_pos"], out["vader_neg"], out["vader_neu"] = v["compound"], v["pos"], v["neg"], v["neu"]
    out["vader_raw"] = unsquash(out["vader"])
    lex = vader_analyzer().lexicon
    vals = [[lex.get(w, 0.0) for w in tokenize(t)] for t in texts]
    out["lexicon_pos"] = [float(sum(x for x in v if x > 0)) for v in vals]
    out["lexicon_neg"] = [float(sum(x for x in v if x < 0)) for v in vals]
    out["textblob"], out["textblob_subjectivity"] = tb["polarity"], tb["subjectivity"]
    changed = out["scored_text"] != out["text"].astype(str)
    out["vader_unmasked"] = out["vader"]
    if changed.any():
        out.loc[changed, "vader_unmasked"] = vader_scores(out.loc[changed, "text"])["compound"].to_numpy()
    return out


def masking_effect(scored: pd.DataFrame) -> pd.DataFrame:
    """One row per **sentence whose score masking changed**: VADER before and after, and the change.

    Sorted by absolute change (largest first), ties by ``unit_id`` (or row order).
    """
    key = "unit_id" if "unit_id" in scored else None
    d = scored.assign(change=scored["vader"] - scored["vader_unmasked"])
    d = d[d["change"].abs() > 0.0005].assign(gap=lambda x: x["change"].abs())
    d = d.sort_values(["gap"] + ([key] if key else []), ascending=[False] + ([True] if key else []), kind="stable")
    cols = ([key] if key else []) + (["block_type"] if "block_type" in d else []) + ["vader_unmasked", "vader", "change",
                                                                                     "text"]
    return d[cols].reset_index(drop=True)


def standardise(scored: pd.DataFrame, cols) -> pd.DataFrame:
    """The same **sentences** with ``z_<col>`` added for each of ``cols``: (score - mean) / sd over these rows.

    Standardised scores put methods with differently compressed scales on one footing: a document mean of
    z-scores says how far its sentences sit above or below this corpus's average, in standard deviations.
    """
    out = scored.copy()
    for c in cols:
        x = out[c].astype(float)
        out[f"z_{c}"] = (x - x.mean()) / x.std(ddof=0)
    return out


def aggregate(scored: pd.DataFrame, by, score_cols=("vader", "textblob"), n_boot: int = 1000,
              seed: int = 0) -> pd.DataFrame:
    """One row per **group** (the values of ``by``): sentence count, and per score its mean with a 95% CI.

    Every sentence weighs the same. For each column ``c``: ``c_mean``, ``c_ci_low``, ``c_ci_high`` (a
    percentile bootstrap over the group's sentences; nan for a group of one sentence). Groups keep their order
    of first appearance in ``scored``.
    """
    by = [by] if isinstance(by, str) else list(by)
    g = scored.groupby(by, sort=False)
    out = g.size().rename("n_sentences").to_frame()
    for c in score_cols:
        out[f"{c}_mean"] = g[c].mean()
        cis = g[c].apply(lambda s: mean_ci(s.to_numpy(), n_boot=n_boot, seed=seed))
        out[f"{c}_ci_low"] = [ci[0] for ci in cis]
        out[f"{c}_ci_high"] = [ci[1] for ci in cis]
    return out.reset_index()


def rank_agreement(table: pd.DataFrame, a: str, b: str) -> dict:
    """How two methods rank the **rows** of ``table`` (e.g. documents): Spearman r with its exact permutation
    p-values over all orderings (:func:`helpers.sentiment.validation.exact_permutation_p`): ``p_exact`` two-sided
    (|r| at least as large), ``p_one_sided`` (r at least as large); Pearson r; same order?"""
    from helpers.sentiment.validation import exact_permutation_p

    ra, rb = rankdata(table[a]), rankdata(table[b])
    p, n_orderings = exact_permutation_p(table[a], table[b])
    p_one, _ = exact_permutation_p(table[a], table[b], alternative="greater")
    return {"spearman": spearman(table[a], table[b]), "pearson": pearson(table[a], table[b]),
            "same_order": bool((ra == rb).all()), "n": int(len(table)), "p_exact": p, "p_one_sided": p_one,
            "n_orderings": n_orderings}


def mean_difference(frame: pd.DataFrame, group_col: str, a: str, b: str, score: str, cluster: str | None = None,
                    n_boot: int = 1000, seed: int = 0) -> dict:
    """The mean ``score`` of the **sentences** in group ``a`` minus group ``b`` (of ``group_col``), with a 95%
    bootstrap interval. Each group is resampled on its own; with ``cluster`` (e.g. ``para_id``: one reader comment
    is one paragraph) whole clusters are drawn, so the sentences of one comment move together. Returns
    ``difference``, ``ci_low``, ``ci_high``, ``n_a``, ``n_b`` (sentences) and ``k_a``, ``k_b`` (clusters)."""
    rng = np.random.default_rng(seed)
    sides = []
    for g in (a, b):
        part = frame[frame[group_col] == g]
        keys = part[cluster].to_numpy() if cluster else np.arange(len(part))
        sides.append(list(pd.Series(part[score].to_numpy(float)).groupby(keys, sort=True)))
    def draw(members):
        pick = rng.integers(0, len(members), len(members))
        return np.concatenate([members[i][1].to_numpy() for i in pick]).mean()
    draws = np.array([draw(sides[0]) - draw(sides[1]) for _ in range(n_boot)])
    lo, hi = np.quantile(draws, [0.025, 0.975])
    xa, xb = (np.concatenate([m[1].to_numpy() for m in side]) for side in sides)
    return {"difference": float(xa.mean() - xb.mean()), "ci_low": float(lo), "ci_high": float(hi),
            "n_a": len(xa), "n_b": len(xb), "k_a": len(sides[0]), "k_b": len(sides[1])}


def document_gaps(frame: pd.DataFrame, a: str, b: str, by: str = "doc_id", cluster: str | None = None,
                  n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """One row per **document** (the values of ``by``): the mean of ``a - b`` over its sentences (a paired
    difference: both scores of the same sentences), with a 95% bootstrap interval drawn within the document. With
    ``cluster`` (e.g. a paragraph key) whole clusters are drawn, so the sentences of one paragraph move together.
    Columns: ``by``, ``difference``, ``ci_low``, ``ci_high``, ``n_sentences``, ``n_clusters``; sorted by
    ``difference``, largest first."""
    rng = np.random.default_rng(seed)
    rows = []
    for doc, part in frame.groupby(by, sort=True):
        diff = part[a].to_numpy(float) - part[b].to_numpy(float)
        keys = part[cluster].to_numpy() if cluster else np.arange(len(part))
        members = [diff[keys == k] for k in pd.unique(keys)]
        draws = [np.concatenate([members[i] for i in rng.integers(0, len(members), len(members))]).mean()
                 for _ in range(n_boot)]
        lo, hi = np.quantile(draws, [0.025, 0.975])
        rows.append((doc, float(diff.mean()), float(lo), float(hi), len(diff), len(members)))
    out = pd.DataFrame(rows, columns=[by, "difference", "ci_low", "ci_high", "n_sentences", "n_clusters"])
    return out.sort_values(["difference", by], ascending=[False, True], kind="stable").reset_index(drop=True)
