"""Sentiment towards actors: finding actor mentions, the target-dependent scorer's predictions for them (stored
in ``data/derived/``), shares per side with intervals, and the difference between two sides.

Units of analysis: :func:`actor_targets` one row per **sentence that names an actor**, :func:`actor_mentions`
one row per **mention of an actor**, :func:`side_summary` one row per **side x class**,
:func:`side_difference` one row per **class** (share of side A minus share of side B).
Re-exported from :mod:`helpers.sentiment`.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.paths import PROJECT_ROOT
from helpers.sentiment.validation import CLASSES

DERIVED_DIR = PROJECT_ROOT / "data" / "derived"
MENTIONS_CACHE = "corpus_mentions_target_sentiment.csv"
TUNED_CACHE = "corpus_tuned_scores.csv"


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

    A thin wrapper around :func:`helpers.sentiment.target.target_sentiment`:
    returns the frame with ``predicted`` (negative / neutral / positive) and ``p_negative``, ``p_neutral``,
    ``p_positive``.
    """
    from helpers.sentiment.target import target_sentiment as _target_sentiment

    return _target_sentiment(frame)


_KEY = ["unit_id", "start", "end", "text"]


def mention_sentiment(mentions: pd.DataFrame, cache: str | Path | None = None) -> pd.DataFrame:
    """:func:`target_sentiment` for corpus **mentions**, read from a stored table when it covers exactly them.

    Fitting the NewsMTSC scorer takes about ten seconds (a later process reads the fit from disk:
    :func:`helpers.sentiment.target.trained_model`), so its predictions for the corpus mentions are stored in ``data/derived/`` (:func:`write_derived`; a test
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


def text_hash(text: str) -> str:
    """A short hash of one **sentence**'s text (12 hex digits), to tell a stored score from a stale one."""
    import hashlib

    return hashlib.sha256(str(text).encode("utf-8")).hexdigest()[:12]


def tuned_scores(scored: pd.DataFrame, cache: str | Path | None = None) -> pd.Series:
    """The news-tuned scorer's score (-1..1, predicted mean rating / 4) for each **sentence** of ``scored``,
    read from ``data/derived/corpus_tuned_scores.csv`` by ``unit_id`` and checked against the sentence's text
    (:func:`text_hash`). NaN for a sentence that is not stored there or whose text changed since (a new or
    edited document: ``scripts/derive_sentiment_tables.py --tuned`` recomputes them)."""
    path = Path(cache) if cache is not None else DERIVED_DIR / TUNED_CACHE
    stored = pd.read_csv(path, dtype={"unit_id": str, "text_hash": str}, encoding="utf-8").set_index("unit_id")
    values = stored["tuned"].reindex(scored["unit_id"]).to_numpy()
    same = stored["text_hash"].reindex(scored["unit_id"]).to_numpy() == scored["text"].map(text_hash).to_numpy()
    return pd.Series(np.where(same, values, np.nan), index=scored.index, name="tuned")


def write_derived(mentions: pd.DataFrame, folder: str | Path | None = None) -> None:
    """Compute and store the target scorer's predictions for the corpus ``mentions`` (read by
    :func:`mention_sentiment`) and for NewsMTSC devtest_mt (:func:`helpers.sentiment.target_eval.devtest_predictions`)."""
    from helpers.sentiment.target_eval import write_devtest_predictions

    folder = Path(folder) if folder is not None else DERIVED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    pred = target_sentiment(mentions.reset_index(drop=True))
    cols = _KEY + ["mention", "actor", "side", "predicted", "p_negative", "p_neutral", "p_positive"]
    pred[cols].round(6).to_csv(folder / MENTIONS_CACHE, index=False, encoding="utf-8")
    write_devtest_predictions(folder / "newsmtsc_devtest_predictions.csv")


def side_table(summary: pd.DataFrame) -> pd.DataFrame:
    """One row per **side**: :func:`side_summary` widened to ``<class>_mean``/``_ci_low``/``_ci_high`` columns
    and ``n_mentions`` (the layout :func:`helpers.sentiment.plots.plot_means_ci` reads)."""
    wide = summary.pivot(index="side", columns="class", values=["share", "ci_low", "ci_high"])
    out = pd.DataFrame({"side": wide.index})
    for c in CLASSES:
        out[f"{c}_mean"] = wide[("share", c)].to_numpy()
        out[f"{c}_ci_low"] = wide[("ci_low", c)].to_numpy()
        out[f"{c}_ci_high"] = wide[("ci_high", c)].to_numpy()
    out["n_mentions"] = summary.groupby("side", sort=True)["n_mentions"].first().to_numpy()
    return out


def _sentence_weights(mentions: pd.DataFrame, n_boot: int, seed: int, cluster: str = "unit_id") -> np.ndarray:
    """Bootstrap weights (draws x mentions): whole **sentences** (``unit_id``; or the clusters of column ``cluster``,
    e.g. paragraphs) drawn with replacement, each mention weighted by how often its cluster was drawn, so the
    mentions of one sentence (paragraph) move together."""
    sent = pd.factorize(mentions[cluster], sort=True)[0]
    n_sent = int(sent.max()) + 1 if len(mentions) else 0
    rng = np.random.default_rng(seed)
    return np.array([np.bincount(rng.integers(0, n_sent, n_sent), minlength=n_sent)[sent] for _ in range(n_boot)],
                    dtype=float).reshape(n_boot, len(mentions))


def _weighted_share(hit: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted share of ``hit`` for each row of ``weights``; NaN where a draw holds none of the mentions."""
    total = weights.sum(axis=-1)
    return np.divide(weights @ hit, total, out=np.full(total.shape, np.nan), where=total > 0)


def _ci(values: np.ndarray) -> tuple[float, float]:
    v = values[~np.isnan(values)]
    return (float(np.quantile(v, 0.025)), float(np.quantile(v, 0.975))) if len(v) else (np.nan, np.nan)


def side_summary(mentions: pd.DataFrame, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """One row per **side x class**: the share of the side's mentions predicted in that class, with a 95% CI.

    ``mentions`` is the output of :func:`target_sentiment` with ``unit_id`` and ``side`` columns. Intervals come
    from a cluster bootstrap over **sentences** (the mentions of one sentence are drawn together; a draw without
    any of the side's mentions is left out); ``n_mentions`` is the side's number of mentions.
    """
    m = mentions.reset_index(drop=True)
    weights = _sentence_weights(m, n_boot, seed)
    rows = []
    for side in sorted(m["side"].unique()):
        on_side = (m["side"] == side).to_numpy()
        for c in CLASSES:
            hit = (m["predicted"] == c).to_numpy(dtype=float)[on_side]
            lo, hi = _ci(_weighted_share(hit, weights[:, on_side]))
            rows.append((side, c, int(on_side.sum()), float(hit.mean()), lo, hi))
    return pd.DataFrame(rows, columns=["side", "class", "n_mentions", "share", "ci_low", "ci_high"])


def side_difference(mentions: pd.DataFrame, a: str, b: str, n_boot: int = 1000, seed: int = 0,
                    cluster: str = "unit_id") -> pd.DataFrame:
    """One row per **class**: share of side ``a``'s mentions predicted in that class minus side ``b``'s share,
    with a 95% interval from a cluster bootstrap over **sentences** (``unit_id``; all mentions of a resampled
    sentence move together, so mentions in one sentence are not treated as independent), or over the clusters of
    column ``cluster`` (e.g. paragraphs or documents).

    Columns: ``class``, ``side_a``, ``side_b``, ``n_a``, ``n_b``, ``difference``, ``ci_low``, ``ci_high``.
    """
    m = mentions[mentions["side"].isin([a, b])].reset_index(drop=True)
    weights = _sentence_weights(m, n_boot, seed, cluster)
    is_a = (m["side"] == a).to_numpy()
    rows = []
    for c in CLASSES:
        hit = (m["predicted"] == c).to_numpy(dtype=float)
        diff = (_weighted_share(hit[is_a], weights[:, is_a]) - _weighted_share(hit[~is_a], weights[:, ~is_a]))
        point = float(hit[is_a].mean() - hit[~is_a].mean()) if is_a.any() and (~is_a).any() else np.nan
        rows.append((c, a, b, int(is_a.sum()), int((~is_a).sum()), point, *_ci(diff)))
    return pd.DataFrame(rows, columns=["class", "side_a", "side_b", "n_a", "n_b", "difference", "ci_low", "ci_high"])
