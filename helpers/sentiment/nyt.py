"""The NYT editorial sentences rated by 20 people each (Hutto & Gilbert 2014): loading them, and reproducing
the published correlation of reference VADER (and NLTK's port beside it). Units of analysis: one row per
**rated sentence** (:func:`load_nyt_ratings`), per **VADER implementation** (:func:`reference_vader_table`), per
**measure** (:func:`port_difference_summary`).
Re-exported from :mod:`helpers.sentiment`.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.paths import PROJECT_ROOT
from helpers.sentiment.validation import bootstrap_ci, pearson

NYT_DIR = PROJECT_ROOT / "data" / "external" / "vader_nyt_editorials"
NYT_TEXT_FILE = "nytEditorialSnippets_GroundTruth.txt"
NYT_RATINGS_FILE = "nytEditorialSnippets_anonDataRatings.txt"

PUBLISHED_VADER_R = 0.492
"""Hutto & Gilbert (2014), table 3: Pearson r of VADER with the mean rating of the NYT editorial sentences."""


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
