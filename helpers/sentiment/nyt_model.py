"""A news-tuned sentence scorer for the NYT editorial ratings, selected by nested, repeated, grouped CV.

Data: the 5,190 New York Times opinion sentences rated by 20 people each (Hutto & Gilbert 2014;
:func:`helpers.sentiment.load_nyt_ratings`). The scorer predicts the mean human rating (-4..4) from the features of
:mod:`helpers.sentiment.nyt_features` with a ridge regression (the **ridge layer**). Hyperparameters (``alpha``,
``min_df``, n-gram range, and whether the rated lexicons enter; :data:`GRID`) are chosen by **nested** CV: for every
outer fold an inner grouped CV on the outer-training editorials picks them, and the chosen model is scored on the
held-out editorials only. The whole procedure is repeated over :data:`SEEDS` (different fold splits). It takes a
few minutes on one core, so its results are stored in ``data/derived/`` (:func:`write_nested_cv_tables`) and read
back by :func:`nested_cv_seed_table` / :func:`nested_cv_predictions`; a test recomputes one outer fold and checks it
against the stored table.

**Stacking** (:class:`StackedScorer`, the final scorer): inside each outer training part, out-of-fold predictions
(the inner folds) of the chosen word ridge and of a character 2-5-gram ridge (:func:`char_ridge`) are blended by a
linear regression; a small gradient-boosted tree model (:func:`booster`, fixed settings, not tuned) learns the
blend's residuals from the two ridge predictions and the lexicon features (``STACK_COLUMNS``), and half of its
correction is added. Everything is fitted on the outer training part only; the outer test editorials are predicted
once. How the design came to be (which choices looked at which sentences) is recorded in
``data/annotations/PROVENANCE_tone.md`` and, as numbers, in :mod:`helpers.sentiment.nyt_history`.

Units of analysis: :func:`nested_cv_predictions`: one row per **sentence x seed**; :func:`nested_cv_seed_table`:
one row per **seed**.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import SplineTransformer, StandardScaler

from helpers.paths import PROJECT_ROOT
from helpers.sentiment.nyt_features import (GRID, NUMERIC, _tfidf, feature_columns, lexicon_features,  # noqa: F401
                                            nyt_features)
from helpers.sentiment.target import grouped_folds
from helpers.sentiment.validation import pearson


RESIDUAL_SHRINK = 0.5
"""Share of the booster's residual correction added to the linear blend."""

SEEDS = (0, 1, 2, 3, 4)
"""Seeds of the repeated nested CV (each gives another split of the editorials into folds)."""

OUTER_SPLITS, INNER_SPLITS = 5, 3

DERIVED_DIR = PROJECT_ROOT / "data" / "derived"
SEED_TABLE_FILE = "nyt_nested_cv_seeds.csv"
PREDICTIONS_FILE = "nyt_nested_cv_predictions.csv"


# --------------------------------------------------------------------------- model


def _dense_blocks():
    return (StandardScaler(), Pipeline([("scale", StandardScaler()),
                                        ("spline", SplineTransformer(n_knots=5, degree=3))]))


class _Design:
    """The feature matrix of one training set (vectoriser and scalers fitted on it), reusable for every alpha."""

    def __init__(self, train: pd.DataFrame, min_df: int, ngram_max: int, rated: bool = True):
        self.tfidf = _tfidf(min_df, ngram_max)
        self.scale, self.spline = _dense_blocks()
        self.cols = feature_columns(rated)
        self.X = self._stack(self.tfidf.fit_transform(train["tokens"]),
                             self.scale.fit_transform(train[self.cols["numeric"]].to_numpy(float)),
                             self.spline.fit_transform(train[self.cols["spline"]].to_numpy(float)))

    @staticmethod
    def _stack(*blocks):
        return sparse.hstack([sparse.csr_matrix(b) for b in blocks]).tocsr()

    def transform(self, data: pd.DataFrame):
        return self._stack(self.tfidf.transform(data["tokens"]),
                           self.scale.transform(data[self.cols["numeric"]].to_numpy(float)),
                           self.spline.transform(data[self.cols["spline"]].to_numpy(float)))


def _ridge(alpha: float) -> Ridge:
    return Ridge(alpha=alpha, solver="sparse_cg", tol=1e-6, max_iter=5000)


class NewsTunedScorer:
    """The fitted scorer: ``fit(frame, y)`` and ``predict(frame)`` on frames from :func:`lexicon_features`."""

    def __init__(self, alpha: float = 3.0, min_df: int = 2, ngram_max: int = 2, rated: bool = True):
        self.alpha, self.min_df, self.ngram_max, self.rated = alpha, min_df, ngram_max, rated

    def fit(self, data: pd.DataFrame, y):
        self.design_ = _Design(data, self.min_df, self.ngram_max, self.rated)
        self.ridge_ = _ridge(self.alpha).fit(self.design_.X, np.asarray(y, dtype=float))
        return self

    def predict(self, data: pd.DataFrame) -> np.ndarray:
        return self.ridge_.predict(self.design_.transform(data))


def char_ridge() -> Pipeline:
    """The second base scorer: TF-IDF character 2-5-grams (within words) of the masked sentence -> ridge (alpha 3)."""
    return Pipeline([("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True,
                                               max_features=60000)),
                     ("ridge", Ridge(alpha=3.0))])


def booster() -> HistGradientBoostingRegressor:
    """The residual learner of :class:`StackedScorer` (fixed, untuned settings; deterministic)."""
    return HistGradientBoostingRegressor(max_iter=300, learning_rate=0.04, max_leaf_nodes=15, min_samples_leaf=40,
                                         l2_regularization=1.0, random_state=0)


class StackedScorer:
    """The final news-tuned scorer: word ridge + character ridge, blended, plus a shrunken residual booster.

    ``fit(frame, y, groups, seed)`` computes out-of-fold predictions of both ridges
    over :data:`INNER_SPLITS` grouped folds of ``frame`` (groups = editorials),
    fits the blend and the booster on them, then refits both ridges on all of
    ``frame``; ``predict(frame)`` applies the chain. Frames come from :func:`lexicon_features`.
    """

    def __init__(self, alpha: float = 3.0, min_df: int = 2, ngram_max: int = 2, rated: bool = True):
        self.alpha, self.min_df, self.ngram_max, self.rated = alpha, min_df, ngram_max, rated

    def _word(self) -> NewsTunedScorer:
        return NewsTunedScorer(self.alpha, self.min_df, self.ngram_max, self.rated)

    def _stack(self, data: pd.DataFrame, word: np.ndarray, chars: np.ndarray) -> np.ndarray:
        return np.column_stack([word, chars, data[feature_columns(self.rated)["stack"]].to_numpy(float)])

    def fit(self, data: pd.DataFrame, y, groups, seed: int = 0):
        data = data.reset_index(drop=True)
        y = np.asarray(y, dtype=float)
        fold = grouped_folds(np.asarray(groups), n_splits=INNER_SPLITS, seed=seed)
        oof_word, oof_char = np.zeros(len(y)), np.zeros(len(y))
        for k in range(INNER_SPLITS):
            tr, te = fold != k, fold == k
            oof_word[te] = self._word().fit(data[tr], y[tr]).predict(data[te])
            oof_char[te] = char_ridge().fit(data.loc[tr, "masked"], y[tr]).predict(data.loc[te, "masked"])
        Z = self._stack(data, oof_word, oof_char)
        self.blend_ = LinearRegression().fit(Z[:, :2], y)
        self.booster_ = booster().fit(Z, y - self.blend_.predict(Z[:, :2]))
        self.word_ = self._word().fit(data, y)
        self.char_ = char_ridge().fit(data["masked"], y)
        return self

    def predict_parts(self, data: pd.DataFrame) -> pd.DataFrame:
        """One row per **sentence**: ``ridge`` (the word ridge alone), ``blend`` and ``stacked`` (the final score)."""
        word = self.word_.predict(data)
        Z = self._stack(data, word, self.char_.predict(data["masked"]))
        blend = self.blend_.predict(Z[:, :2])
        return pd.DataFrame({"ridge": word, "blend": blend,
                             "stacked": blend + RESIDUAL_SHRINK * self.booster_.predict(Z)})

    def predict(self, data: pd.DataFrame) -> np.ndarray:
        return self.predict_parts(data)["stacked"].to_numpy()


def _inner_choice(data: pd.DataFrame, y: np.ndarray, groups: np.ndarray, seed: int, grid=None) -> dict:
    """The ``grid`` entry (default :data:`GRID`) with the best mean Pearson r over an inner grouped CV
    (ties: first in the grid)."""
    grid = GRID if grid is None else grid
    fold = grouped_folds(groups, n_splits=INNER_SPLITS, seed=seed)
    scores = np.zeros(len(grid))
    for k in range(INNER_SPLITS):
        tr, te = fold != k, fold == k
        designs = {}
        for j, g in enumerate(grid):
            key = (g["min_df"], g["ngram_max"], g["rated"])
            if key not in designs:
                designs[key] = _Design(data[tr], *key)
                designs[key + ("test",)] = designs[key].transform(data[te])
            d = designs[key]
            pred = _ridge(g["alpha"]).fit(d.X, y[tr]).predict(designs[key + ("test",)])
            scores[j] += pearson(y[te], pred) / INNER_SPLITS
    return grid[int(np.argmax(scores))]


def nested_cv_fold(seed: int, k: int, data: pd.DataFrame | None = None, grid=None) -> pd.DataFrame:
    """One row per **sentence of outer fold k** of the nested CV with ``seed`` (see :func:`nested_cv_seed`);
    ``grid``: the candidates (default :data:`GRID`)."""
    data = nyt_features() if data is None else data
    y, groups = data["rating"].to_numpy(float), data["editorial"].to_numpy()
    fold = grouped_folds(groups, n_splits=OUTER_SPLITS, seed=seed)
    tr, te = fold != k, fold == k
    choice = _inner_choice(data[tr].reset_index(drop=True), y[tr], groups[tr], seed=1000 + seed, grid=grid)
    model = StackedScorer(**choice).fit(data[tr], y[tr], groups[tr], seed=1000 + seed)
    parts = model.predict_parts(data[te])
    out = pd.DataFrame({"id": data.loc[te, "id"].astype(str).to_numpy(), "seed": seed, "fold": k,
                        "alpha": float(choice["alpha"]), "min_df": int(choice["min_df"]),
                        "ngram_max": int(choice["ngram_max"]), "rated": bool(choice["rated"]),
                        "ridge": parts["ridge"].to_numpy(),
                        "prediction": parts["stacked"].to_numpy()})
    out.index = np.flatnonzero(te)
    return out


def nested_cv_seed(seed: int, data: pd.DataFrame | None = None, grid=None) -> pd.DataFrame:
    """One row per **sentence**: the held-out prediction of the nested CV with this seed.

    Outer folds: :data:`OUTER_SPLITS` folds of whole editorials (seeded); inner:
    :data:`INNER_SPLITS` grouped folds of the outer-training editorials choose the
    :data:`GRID` entry (best mean inner Pearson r); the model refitted on the
    outer-training part predicts the outer-test part. Columns: ``id``, ``seed``,
    ``fold``, ``alpha``, ``min_df``, ``ngram_max``, ``rated`` (the choice of that fold),
    ``ridge`` (the word ridge alone) and ``prediction`` (the :class:`StackedScorer`
    built on that choice, fitted on the outer-training editorials). Rows in the order of ``data``.
    """
    data = nyt_features() if data is None else data
    parts = [nested_cv_fold(seed, k, data, grid) for k in range(OUTER_SPLITS)]
    return pd.concat(parts).sort_index().reset_index(drop=True)


def choice_label(row) -> str:
    """A short label of one inner-CV choice, e.g. ``a=3, min_df=2, 1-1g, rated``."""
    label = f"a={row['alpha']:g}, min_df={int(row['min_df'])}, 1-{int(row['ngram_max'])}g"
    return label + (", rated" if bool(row.get("rated", True)) else ", no rated")


def seed_summary(preds: pd.DataFrame, data: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per **seed**: Pearson r of the held-out predictions with the mean rating, and the choices made."""
    data = nyt_features() if data is None else data
    truth = data.set_index("id")["rating"]
    rows = []
    for seed, g in preds.groupby("seed", sort=True):
        choices = (g.drop_duplicates("fold").sort_values("fold")
                   .apply(choice_label, axis=1))
        t = truth.loc[g["id"]].to_numpy()
        ridge = pearson(t, g["ridge"].to_numpy()) if "ridge" in g else float("nan")
        rows.append((int(seed), pearson(t, g["prediction"].to_numpy()), ridge, "; ".join(choices)))
    return pd.DataFrame(rows, columns=["seed", "pearson_r", "pearson_r_ridge_only", "choices_by_fold"])


def write_nested_cv_tables(seeds=SEEDS, folder: str | Path | None = None) -> tuple[Path, Path]:
    """Run the nested CV for every seed and store the per-seed and per-sentence tables (a few minutes).

    Predictions are rounded to 6 decimals, r to 6 decimals. Returns the two paths.
    """
    folder = Path(folder) if folder is not None else DERIVED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    preds = pd.concat([nested_cv_seed(s) for s in seeds], ignore_index=True)
    table = seed_summary(preds)
    preds[["ridge", "prediction"]] = preds[["ridge", "prediction"]].round(6)
    table[["pearson_r", "pearson_r_ridge_only"]] = table[["pearson_r", "pearson_r_ridge_only"]].round(6)
    p1, p2 = folder / SEED_TABLE_FILE, folder / PREDICTIONS_FILE
    table.to_csv(p1, index=False, lineterminator="\n")
    preds.to_csv(p2, index=False, lineterminator="\n")
    return p1, p2


def _read_derived(name: str, folder) -> pd.DataFrame:
    path = (Path(folder) if folder is not None else DERIVED_DIR) / name
    if not path.is_file():
        raise FileNotFoundError(f"'{path}' not found; recompute it with "
                                "helpers.sentiment.nyt_model.write_nested_cv_tables() (a few minutes).")
    return pd.read_csv(path, dtype={"id": str})


def nested_cv_seed_table(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per **seed** of the stored nested CV: ``seed``, ``pearson_r`` (the stacked scorer),
    ``pearson_r_ridge_only`` (its word-ridge layer alone), ``choices_by_fold``."""
    return _read_derived(SEED_TABLE_FILE, folder)


def nested_cv_predictions(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per **sentence x seed** of the stored nested CV: ``id``, ``seed``, ``fold``, the choice, ``ridge``,
    ``prediction`` (the stacked scorer).

    Join on ``id`` with :func:`helpers.sentiment.load_nyt_ratings` for the truth
    (e.g. for a paired cluster bootstrap against another method).
    """
    return _read_derived(PREDICTIONS_FILE, folder)


def repeat_for_seed(seed: int) -> int:
    """The stored nested-CV repeat that a notebook ``SEED`` selects: ``SEEDS[seed % len(SEEDS)]``."""
    return int(SEEDS[int(seed) % len(SEEDS)])


def held_out_scores(ids, seed: int, folder: str | Path | None = None, column: str = "prediction") -> np.ndarray:
    """The stacked scorer's held-out prediction / 4 (-1..1) for each sentence ``id``, from the stored repeat
    :func:`repeat_for_seed` selects (raises naming the id if one is missing); ``column="ridge"`` gives its ridge
    layer alone."""
    preds = nested_cv_predictions(folder)
    rep = preds[preds["seed"] == repeat_for_seed(seed)].set_index("id")[column]
    ids = pd.Series(ids, dtype=str)
    missing = ~ids.isin(rep.index)
    if missing.any():
        raise KeyError(f"sentence id {ids[missing].iloc[0]} is not in the stored nested-CV predictions.")
    return rep.loc[ids].to_numpy() / 4
