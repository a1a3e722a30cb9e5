"""Sentence sentiment: the scorers, name masking, aggregation with intervals, and actor mentions.

Nothing here downloads anything. The scorers:

* **VADER** (Hutto & Gilbert 2014), the reference implementation from the ``vaderSentiment`` package
  (:func:`vader_analyzer`, :func:`vader_scores`). ``compound`` runs from -1 to +1. This is "VADER" in every
  notebook.
* **VADER (NLTK port)**, NLTK's :class:`~nltk.sentiment.vader.SentimentIntensityAnalyzer` with the same
  lexicon file (:func:`nltk_vader_analyzer`, :func:`nltk_vader_scores`). Same lexicon, partly different
  rules; :func:`vader_port_differences` lists the sentences where the two disagree. A documented variant only.
* **TextBlob's pattern lexicon** (:func:`textblob_scores`), bundled with the ``textblob`` package.
* The news-tuned scorer lives in :mod:`helpers.nyt_model`, the target-dependent scorer in
  :mod:`helpers.target_sentiment` (re-exported here as :func:`target_sentiment`); validation helpers are
  in :mod:`helpers.sentiment_validation`, plots in :mod:`helpers.sentiment_plot`.

Before scoring corpus text, names and places are masked (:func:`mask_names`, from the shared text layer
:func:`helpers.text.mask_names`), so "Great Britain" or "United States" carry no lexicon valence.

Units of analysis: :func:`score_sentences` returns one row per **sentence**, :func:`aggregate` one row per
**group** (document, period, genre, side ...), :func:`actor_targets` one row per **sentence that names an
actor**, :func:`actor_mentions` one row per **mention of an actor**.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from . import parallel
from . import text as _text
from .corpus import PROJECT_ROOT
from .sentiment_validation import (CLASSES, NEUTRAL_BAND, band_classes, bootstrap_ci,  # noqa: F401  (re-exported)
                                   bootstrap_samples, mean_ci, pearson, single_rater_r, spearman)
from .text import tokenize
from .vader_nltk import nltk_vader_analyzer, nltk_vader_scores, vader_port_differences  # noqa: F401

LEXICON_COLUMNS = ["vader", "vader_pos", "vader_neg", "vader_neu", "vader_raw", "lexicon_pos", "lexicon_neg",
                   "textblob", "textblob_subjectivity"]
"""Lexicon scores added by :func:`score_sentences`: VADER's ``compound`` (``vader``), its
``pos``/``neg``/``neu`` shares, ``vader_raw`` (the compound before VADER squashes it into -1..1),
``lexicon_pos``/``lexicon_neg`` (plain sums of the positive / negative lexicon valences of the tokens, no
rules), TextBlob's polarity (``textblob``) and subjectivity."""

DERIVED_DIR = PROJECT_ROOT / "data" / "derived"
MENTIONS_CACHE = "corpus_mentions_target_sentiment.csv"
DEVTEST_CACHE = "newsmtsc_devtest_evaluation.csv"
TUNED_CACHE = "corpus_tuned_scores.csv"

NYT_DIR = PROJECT_ROOT / "data" / "external" / "vader_nyt_editorials"
NYT_TEXT_FILE = "nytEditorialSnippets_GroundTruth.txt"
NYT_RATINGS_FILE = "nytEditorialSnippets_anonDataRatings.txt"

PUBLISHED_VADER_R = 0.492
"""Hutto & Gilbert (2014), table 3: Pearson r of VADER with the mean rating of the NYT editorial sentences."""

PITFALL_PATTERNS = {
    "negation": r"\b(?:not|no|never|nor|without|n't|cannot|hardly)\b",
    "contrast": r"\b(?:but|however|yet|although|though|despite|nevertheless)\b",
    "hedging": r"\b(?:may|might|perhaps|possibly|probably|likely|seems?|appears?|could)\b",
    "irony marker": r"(?:\"[^\"]{1,30}\"|“[^”]{1,30}”|!|\?|\bsure\b|\byeah\b)",
}
"""Where lexicons go wrong on diplomatic prose: regexes (case-insensitive) that find the constructions.
``irony marker`` (scare quotes, exclamation and question marks, "sure", "yeah") is searched in reader
comments only; it is a crude pointer to possible sarcasm, not a detector."""


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
    rows = parallel.map_chunks(_vader_rows, list(texts))
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


def polarity_class(scores, band: float = NEUTRAL_BAND) -> pd.Series:
    """Three classes with VADER's fixed +/-``band`` convention (for VADER's own scale only)."""
    s = pd.Series(scores, dtype=float)
    return pd.Series(band_classes(s, band), index=s.index, name="class").astype("str")


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
    cols = ([key] if key else []) + ["vader_unmasked", "vader", "change", "text"]
    return d[cols].reset_index(drop=True)


def masking_sentence(scored: pd.DataFrame) -> str:
    """A printed sentence: how many sentences name masking changed, and by how much VADER moved."""
    if not name_masking_available():
        return "Name masking is NOT applied: helpers.text has no mask_names (the shared text layer is missing)."
    changed_text = int((scored["scored_text"] != scored["text"].astype(str)).sum())
    d = (scored["vader"] - scored["vader_unmasked"]).abs()
    moved = d[d > 0.0005]
    largest = f"; the largest change is {moved.max():.3f}" if len(moved) else ""
    return (f"Masking names changed the text of {changed_text} of {len(scored)} sentences and VADER's score of "
            f"{len(moved)}{largest} (mean absolute change over all sentences {d.mean():.3f}).")


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
    p-value over all orderings (:func:`helpers.sentiment_validation.exact_permutation_p`), Pearson r, same order?"""
    from .sentiment_validation import exact_permutation_p

    ra, rb = rankdata(table[a]), rankdata(table[b])
    p, n_orderings = exact_permutation_p(table[a], table[b])
    return {"spearman": spearman(table[a], table[b]), "pearson": pearson(table[a], table[b]),
            "same_order": bool((ra == rb).all()), "n": int(len(table)), "p_exact": p, "n_orderings": n_orderings}


def rank_sentence(agreement: dict, what: str, a: str, b: str) -> str:
    """A printed sentence stating :func:`rank_agreement` (built from the numbers, so it survives a rerun)."""
    verb = "rank" if agreement["same_order"] else "do not rank"
    out = (f"{a} and {b} {verb} the {agreement['n']} {what} in the same order: Spearman r = {agreement['spearman']:.2f}")
    if "p_exact" in agreement:
        out += (f", exact two-sided permutation p = {agreement['p_exact']:.3f} (all {agreement['n_orderings']} "
                f"orderings; the smallest p possible is {2 / agreement['n_orderings']:.3f})")
    return out + f" (Pearson r of the means = {agreement['pearson']:.2f})."


def lexicon_hits(sents: pd.DataFrame, column: str = "text") -> pd.DataFrame:
    """One row per **VADER lexicon term** found in the sentences: ``count`` and its ``valence`` (-4..4).

    Sorted by count (descending), then term. Tokens are lower-cased :func:`helpers.text.tokenize` tokens of
    ``column`` (``scored_text`` gives the masked text); VADER's rules are not applied.
    """
    lex = vader_analyzer().lexicon
    toks = pd.Series([t for s in sents[column] for t in tokenize(s)], dtype=str)
    toks = toks[toks.isin(set(lex))]
    counts = toks.value_counts().rename_axis("term").rename("count").reset_index()
    counts["valence"] = counts["term"].map(lex)
    return counts.sort_values(["count", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


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


# --------------------------------------------------------------------------- actors


def actor_targets(sents: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """One row per **sentence that names at least one actor**: the input columns plus the target.

    ``actors`` is a table from :func:`helpers.text.load_actors` (``actor``, ``side``, ``pattern``).
    ``actors_named`` lists the actors found (alphabetical, "; "-joined); ``target`` is the side when all
    named actors share one side, else ``"several sides"``.
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


def actor_mentions(sents: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """One row per **mention of an actor** in a sentence: where it is, who, which side.

    Columns: ``unit_id`` (if present), ``doc_id`` (if present), ``text`` (the sentence), ``start``/``end``
    (character offsets of the mention in ``text``, end exclusive), ``mention``, ``actor``, ``side``. Overlapping
    matches of two patterns keep the longer (then earlier) one. Sorted by sentence, then ``start``.
    """
    keep = [c for c in ("unit_id", "doc_id") if c in sents]
    rows = []
    for i, row in enumerate(sents.itertuples(index=False)):
        t = row.text
        found = sorted(((m.start(), m.end(), a.actor, a.side) for a in actors.itertuples()
                        for m in re.finditer(a.pattern, t)), key=lambda x: (x[0], -(x[1] - x[0]), x[2]))
        last_end = -1
        for s, e, actor, side in found:
            if s < last_end:
                continue
            rows.append((i, s, e, t[s:e], actor, side))
            last_end = e
    idx = [r[0] for r in rows]
    out = sents.iloc[idx][keep + ["text"]].reset_index(drop=True)
    for j, col in enumerate(["start", "end", "mention", "actor", "side"], start=1):
        out[col] = [r[j] for r in rows]
    return out


def target_sentiment(frame: pd.DataFrame) -> pd.DataFrame:
    """Sentiment towards one **mention** per row (``text``, ``start``, ``end``): the scorer trained on NewsMTSC.

    A thin wrapper around :func:`helpers.target_sentiment.target_sentiment` (built on branch t13-model):
    returns the frame with ``predicted`` (negative / neutral / positive) and ``p_negative``, ``p_neutral``,
    ``p_positive``.
    """
    from .target_sentiment import target_sentiment as _target_sentiment

    return _target_sentiment(frame)


_KEY = ["unit_id", "start", "end", "text"]


def mention_sentiment(mentions: pd.DataFrame, cache: str | Path | None = None) -> pd.DataFrame:
    """:func:`target_sentiment` for corpus **mentions**, read from a stored table when it covers exactly them.

    Fitting the NewsMTSC scorer takes about a minute on the reference machine, too slow for a notebook run, so
    its predictions for the corpus mentions are stored in ``data/derived/`` (:func:`write_derived`; a test
    recomputes them). If the stored table has exactly the same mentions (``unit_id``, ``start``, ``end``,
    ``text``), its predictions are used; otherwise (another actor list, another corpus) they are computed.
    """
    path = Path(cache) if cache is not None else DERIVED_DIR / MENTIONS_CACHE
    if path.is_file() and len(mentions):
        stored = pd.read_csv(path, dtype={"unit_id": str, "text": str, "predicted": str}, encoding="utf-8")
        if stored[_KEY].reset_index(drop=True).equals(mentions[_KEY].reset_index(drop=True).astype(stored[_KEY].dtypes.to_dict())):
            out = mentions.reset_index(drop=True).copy()
            for c in ["predicted", "p_negative", "p_neutral", "p_positive"]:
                out[c] = stored[c].to_numpy()
            return out
    return target_sentiment(mentions.reset_index(drop=True))


def devtest_evaluation(n_boot: int = 1000, seed: int = 0, cache: str | Path | None = None) -> pd.DataFrame:
    """The NewsMTSC ``devtest_mt`` evaluation (:func:`helpers.target_sentiment.devtest_evaluation`), one row per
    **method x metric**, read from ``data/derived/`` when stored with the same ``n_boot`` and ``seed``."""
    path = Path(cache) if cache is not None else DERIVED_DIR / DEVTEST_CACHE
    if path.is_file():
        stored = pd.read_csv(path, encoding="utf-8")
        if (stored["n_boot"] == n_boot).all() and (stored["seed"] == seed).all():
            return stored.drop(columns=["n_boot", "seed"])
    from .target_sentiment_eval import devtest_evaluation as _evaluate

    return _evaluate(n_boot=n_boot, seed=seed)


def tuned_scores(scored: pd.DataFrame, cache: str | Path | None = None) -> pd.Series:
    """The news-tuned scorer's score (-1..1, predicted mean rating / 4) for each **sentence** of ``scored``,
    read from ``data/derived/corpus_tuned_scores.csv`` by ``unit_id`` (NaN for a sentence not stored there:
    another corpus needs ``scripts/derive_sentiment_tables.py --tuned``)."""
    path = Path(cache) if cache is not None else DERIVED_DIR / TUNED_CACHE
    stored = pd.read_csv(path, dtype={"unit_id": str}, encoding="utf-8").set_index("unit_id")["tuned"]
    return pd.Series(stored.reindex(scored["unit_id"]).to_numpy(), index=scored.index, name="tuned")


def write_derived(mentions: pd.DataFrame, n_boot: int, seed: int, folder: str | Path | None = None) -> None:
    """Compute and store the two tables read by :func:`mention_sentiment` and :func:`devtest_evaluation`."""
    from .target_sentiment_eval import devtest_evaluation as _evaluate

    folder = Path(folder) if folder is not None else DERIVED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    pred = target_sentiment(mentions.reset_index(drop=True))
    cols = _KEY + ["mention", "actor", "side", "predicted", "p_negative", "p_neutral", "p_positive"]
    pred[cols].round(6).to_csv(folder / MENTIONS_CACHE, index=False, encoding="utf-8")
    ev = _evaluate(n_boot=n_boot, seed=seed).assign(n_boot=n_boot, seed=seed)
    ev.round(6).to_csv(folder / DEVTEST_CACHE, index=False, encoding="utf-8")


def side_table(summary: pd.DataFrame) -> pd.DataFrame:
    """One row per **side**: :func:`side_summary` widened to ``<class>_mean``/``_ci_low``/``_ci_high`` columns
    and ``n_mentions`` (the layout :func:`helpers.sentiment_plot.plot_means_ci` reads)."""
    wide = summary.pivot(index="side", columns="class", values=["share", "ci_low", "ci_high"])
    out = pd.DataFrame({"side": wide.index})
    for c in CLASSES:
        out[f"{c}_mean"] = wide[("share", c)].to_numpy()
        out[f"{c}_ci_low"] = wide[("ci_low", c)].to_numpy()
        out[f"{c}_ci_high"] = wide[("ci_high", c)].to_numpy()
    out["n_mentions"] = summary.groupby("side", sort=True)["n_mentions"].first().to_numpy()
    return out


def side_title(sides: pd.DataFrame, cls: str = "negative") -> str:
    """A plot title from :func:`side_table`: each side's share of ``cls`` mentions and whether the CIs overlap."""
    shares = ", ".join(f"{r.side} {getattr(r, cls + '_mean'):.0%}" for r in sides.itertuples())
    overlap = sides[f"{cls}_ci_low"].max() <= sides[f"{cls}_ci_high"].min()
    return f"Share of {cls} mentions: {shares}; the 95% intervals {'overlap' if overlap else 'do not overlap'}"


def side_summary(mentions: pd.DataFrame, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """One row per **side x class**: the share of the side's mentions predicted in that class, with a 95% CI.

    ``mentions`` is the output of :func:`target_sentiment` with a ``side`` column. Intervals come from a
    bootstrap over mentions; ``n_mentions`` is the side's number of mentions.
    """
    rows = []
    for side, g in mentions.groupby("side", sort=True):
        for c in CLASSES:
            hit = (g["predicted"] == c).to_numpy(dtype=float)
            lo, hi = mean_ci(hit, n_boot=n_boot, seed=seed)
            rows.append((side, c, len(g), float(hit.mean()), lo, hi))
    return pd.DataFrame(rows, columns=["side", "class", "n_mentions", "share", "ci_low", "ci_high"])


# --------------------------------------------------------------------------- pitfalls


def pitfall_examples(scored: pd.DataFrame, a: str, b: str, n: int = 2,
                     patterns: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per **example sentence** of each pitfall: where ``a`` and ``b`` disagree most *in rank*.

    Scores on different scales are compared as percentile ranks within ``scored`` (0..1), so a compressed
    scale does not look like disagreement. For each construction in ``patterns`` (default
    :data:`PITFALL_PATTERNS`), the sentences containing it (``irony marker``: reader comments only) are
    ranked by ``|rank a - rank b|`` (ties: ``unit_id``) and the top ``n`` kept. Columns: ``pitfall``,
    ``matched``, ``unit_id``, ``block_type``, ``a``, ``b``, ``rank_gap``, ``text``.
    """
    patterns = PITFALL_PATTERNS if patterns is None else patterns
    scored = scored.assign(rank_gap=(scored[a].rank(pct=True) - scored[b].rank(pct=True)).abs())
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
        frames.append(pool.sort_values(["rank_gap", "unit_id"], ascending=[False, True], kind="stable").head(n))
    cols = ["pitfall", "matched", "unit_id", "block_type", a, b, "rank_gap", "text"]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    return out[[c for c in cols if c in out.columns]]


# --------------------------------------------------------------------------- NYT ground truth


def load_nyt_ratings(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per **rated NYT sentence** (Hutto & Gilbert 2014), with its 20 human ratings.

    Columns: ``id`` (``editorial_sentence``), ``editorial`` (the article the sentence came from: the unit for
    grouped cross-validation), ``text``, ``rating`` (mean human rating, -4..4), ``rating_sd``,
    ``rating_norm`` (``rating / 4``, on VADER's -1..1 scale) and ``ratings`` (the list of raw ratings).
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


def vader_reproduction(nyt: pd.DataFrame, n_boot: int = 1000, seed: int = 0) -> dict:
    """Reference VADER's Pearson r with the NYT mean ratings, its cluster-bootstrap CI, and the published r.

    ``nyt`` needs ``vader`` (reference compound on the unmasked text), ``rating`` and ``editorial``.
    """
    r = pearson(nyt["vader"], nyt["rating"])
    lo, hi = bootstrap_ci(nyt["rating"], nyt["vader"], pearson, n_boot=n_boot, seed=seed, groups=nyt["editorial"])
    return {"r": r, "ci_low": lo, "ci_high": hi, "published": PUBLISHED_VADER_R,
            "difference": r - PUBLISHED_VADER_R, "within_0.02": abs(r - PUBLISHED_VADER_R) <= 0.02}


def reproduction_sentence(rep: dict) -> str:
    """A printed sentence stating :func:`vader_reproduction`."""
    verdict = "reproduces" if rep["within_0.02"] else "does NOT reproduce"
    return (f"Reference VADER correlates r = {rep['r']:.3f} [95% CI {rep['ci_low']:.3f}, {rep['ci_high']:.3f}] "
            f"with the mean human rating; Hutto & Gilbert published r = {rep['published']:.3f}. The difference, "
            f"{rep['difference']:+.3f}, {verdict} the published value within 0.02.")
