"""Features of one target **mention** for the NewsMTSC-trained target scorer (:mod:`helpers.sentiment.target`).

All features are computed from the sentence with the target replaced by a placeholder (``xxtarget``) and every
other coded mention of the sentence by another (``xxother``), so no name and no lexicon valence of a name enters
the model (other names and places of the shared phrase layer, ``data/phrases.csv``, become ``xxname``):

* words of the whole sentence (TF-IDF unigrams and bigrams, in the model);
* words in windows left and right of the mention (3 and 8 words), marked by side and width, the words between the
  mention and its nearest other mention, and the words of the clause around it;
* reference-VADER valences (:func:`helpers.sentiment.lexicons.valence_arrays`, after VADER's negation and booster
  rules) of the tokens around the mention, weighted by ``exp(-distance / tau)`` for several ``tau``, positive and
  negative apart, left and right apart; valences of the words nearer to this mention than to any other mention,
  and of those nearer to another; the number of negated lexicon words near the mention;
* whole-sentence scores: reference VADER compound and shares, AFINN sums, the number of mentions, the mention's
  relative position, whether it opens the sentence, whether it is a pronoun.

Units of analysis: :func:`mention_features` one **mention** (a dict), :func:`feature_frame` one row per
**mention**.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np
import pandas as pd

from helpers.sentiment import lexicons
from helpers.text import phrase_layer, tokenize

TARGET_TOKEN = "xxtarget"
OTHER_TOKEN = "xxother"

WINDOWS = (3, 8)
"""Widths (in word tokens) of the left/right context windows."""

TAUS = (2.0, 5.0, 12.0)
"""Decay lengths (in tokens) of the distance-weighted lexicon valences."""

PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "they", "them", "their", "i", "me", "my",
                      "we", "us", "our", "you", "your", "himself", "herself", "it", "its"})

TEXT_BLOCKS = ("sentence", "left", "right", "between", "clause")
"""The text columns of :func:`feature_frame` (each gets its own TF-IDF in the model)."""

_CLAUSE_BREAK = re.compile(r"[,;:()\[\]\u2014\u2013\"\u201c\u201d]| - |\b(?:but|while|although|though|whereas|"
                           r"because|who|which|after|before|when|as|and)\b", re.IGNORECASE)


def _check_spans(frame: pd.DataFrame) -> None:
    missing = [c for c in ("text", "start", "end") if c not in frame.columns]
    if missing:
        raise ValueError(f"target_sentiment needs columns text, start, end; missing: {', '.join(missing)}.")
    for i, (t, s, e) in enumerate(zip(frame["text"], frame["start"], frame["end"])):
        if not (0 <= int(s) < int(e) <= len(str(t))):
            raise ValueError(f"row {i}: mention offsets start={s}, end={e} do not lie inside its text "
                             f"({len(str(t))} characters); offsets are 0-based, end exclusive.")


@lru_cache(maxsize=20000)
def _name_spans(text: str) -> tuple:
    """The (start, end) spans of the name and place phrases of the shared phrase layer in ``text``
    (the spans :func:`helpers.text.phrase_spans` lists, read from the layer without building a frame)."""
    layer = phrase_layer()
    kinds = layer.table["kind"]
    return tuple((s, e) for s, e, row in layer.spans(text) if kinds[row] in ("name", "place"))


def _masked(text: str, start: int, end: int, others) -> tuple[str, int, int]:
    """The sentence with the target -> ``xxtarget``, other mentions -> ``xxother``, other names and places
    (:func:`helpers.text.phrase_spans`) -> ``xxname``; and the target's span in the new string."""
    spans = [(start, end, 0, TARGET_TOKEN)] + [(s, e, 1, OTHER_TOKEN) for s, e in others]
    spans += [(s, e, 2, lexicons.NAME_TOKEN) for s, e in _name_spans(text)]
    kept: list = []
    for sp in sorted(spans, key=lambda x: (x[2], x[0], x[1])):  # target first, then others, then names
        if all(sp[1] <= k[0] or sp[0] >= k[1] for k in kept):
            kept.append(sp)
    out, pos, new = [], 0, (0, 0)
    for s, e, _, tok in sorted(kept):
        out.append(text[pos:s])
        here = sum(len(p) for p in out)
        out.append(f" {tok} ")
        if tok == TARGET_TOKEN:
            new = (here + 1, here + 1 + len(tok))
        pos = e
    out.append(text[pos:])
    return "".join(out), new[0], new[1]


def _words(s: str) -> list[str]:
    # the shared tokeniser; names and places are already masked (from the phrase layer, once per sentence),
    # so the phrase pass is skipped here for speed: concept phrases stay separate words in the windows
    return tokenize(s, phrases=False)


def mention_features(text: str, start: int, end: int, others=()) -> dict:
    """The features of one **mention** (see the module docstring): text blocks and numbers, as a dict.

    ``text`` is the sentence, ``start``/``end`` the mention's character offsets
    (end exclusive), ``others`` the spans of the sentence's other mentions.
    """
    masked, ms, me = _masked(text, int(start), int(end), others)
    left, right = _words(masked[:ms]), _words(masked[me:])
    feats: dict = {}
    feats["sentence"] = " ".join(left + [TARGET_TOKEN] + right)
    feats["left"] = " ".join(f"l{w}_{t}" for w in WINDOWS for t in left[-w:])
    feats["right"] = " ".join(f"r{w}_{t}" for w in WINDOWS for t in right[:w])
    # words between the mention and its nearest other mention (either side)
    li = max((i for i, t in enumerate(left) if t == OTHER_TOKEN), default=None)
    ri = min((i for i, t in enumerate(right) if t == OTHER_TOKEN), default=None)
    between = []
    if li is not None:
        between += [f"bl_{t}" for t in left[li + 1:]]
    if ri is not None:
        between += [f"br_{t}" for t in right[:ri]]
    feats["between"] = " ".join(between)
    # the clause around the mention: from the nearest clause break on the left to the nearest on the right
    breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(masked)]
    c0 = max((e for s, e in breaks if e <= ms), default=0)
    c1 = min((s for s, e in breaks if s >= me), default=len(masked))
    feats["clause"] = " ".join(f"c_{t}" for t in _words(masked[c0:c1]) if t != TARGET_TOKEN)

    # lexicon valences by distance (tokens are VADER's whitespace tokens of the masked sentence)
    tv = lexicons.valence_arrays(masked)
    toks = tv["token"]
    val = np.asarray(tv["valence"], dtype=float)
    posv, negv = np.clip(val, 0, None), np.clip(val, None, 0)
    idx = np.arange(len(toks))
    tpos = [i for i, t in enumerate(toks) if TARGET_TOKEN in t]
    opos = [i for i, t in enumerate(toks) if OTHER_TOKEN in t]
    t0 = tpos[0] if tpos else 0
    dist = np.abs(idx - t0).astype(float)
    side_left = idx < t0
    for tau in TAUS:
        w = np.exp(-dist / tau)
        for side, mask in (("l", side_left), ("r", ~side_left)):
            feats[f"val_{side}_pos_{tau:g}"] = float((w * posv * mask).sum())
            feats[f"val_{side}_neg_{tau:g}"] = float((w * negv * mask).sum())
    if opos:
        dother = np.min(np.abs(idx[:, None] - np.asarray(opos)[None, :]), axis=1).astype(float)
    else:
        dother = np.full(len(toks), np.inf)
    mine = dist < dother
    feats["val_mine_pos"] = float(posv[mine].sum())
    feats["val_mine_neg"] = float(negv[mine].sum())
    feats["val_other_pos"] = float(posv[~mine].sum())
    feats["val_other_neg"] = float(negv[~mine].sum())
    starts = np.asarray(tv["start"])
    in_clause = (starts >= c0) & (starts < c1)
    feats["val_clause_pos"] = float(posv[in_clause].sum())
    feats["val_clause_neg"] = float(negv[in_clause].sum())
    feats["val_outside_pos"] = float(posv[~in_clause].sum())
    feats["val_outside_neg"] = float(negv[~in_clause].sum())
    near = dist <= 5
    feats["negated_near"] = float((np.asarray(tv["negated"], dtype=bool) & near).sum())
    feats["negation_near"] = float((np.asarray(tv["negation"], dtype=bool) & near).sum())

    # whole sentence
    comp = tv["scores"]  # reference VADER on the masked sentence: names carry no valence
    feats["vader_compound"] = float(comp["compound"])
    feats["vader_pos"], feats["vader_neg"] = float(comp["pos"]), float(comp["neg"])
    feats["val_pos"], feats["val_neg"] = float(posv.sum()), float(negv.sum())
    feats["afinn_pos"], feats["afinn_neg"] = lexicons.afinn_sums(masked)
    n_tok = max(len(toks), 1)
    feats["n_mentions"] = float(1 + len(opos))
    feats["position"] = t0 / n_tok
    feats["opens_sentence"] = float(len(left) == 0)
    feats["n_tokens_log"] = math.log1p(n_tok)
    feats["pronoun"] = float(text[int(start):int(end)].strip().lower() in PRONOUNS)
    feats["other_left"] = float(li is not None)
    feats["other_right"] = float(ri is not None)
    return feats


def feature_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per **mention** of ``frame`` (``text``, ``start``, ``end``, optional ``others``): its features.

    Without an ``others`` column, the other mentions of a sentence are the
    other rows of ``frame`` with the same ``text``.
    """
    _check_spans(frame)
    texts = frame["text"].astype(str).tolist()
    starts, ends = frame["start"].astype(int).tolist(), frame["end"].astype(int).tolist()
    if "others" in frame.columns:
        others = list(frame["others"])
    else:
        by_text: dict[str, list] = {}
        for t, s, e in zip(texts, starts, ends):
            by_text.setdefault(t, []).append((s, e))
        others = [[sp for sp in by_text[t] if sp != (s, e)] for t, s, e in zip(texts, starts, ends)]
    rows = [mention_features(t, s, e, o) for t, s, e, o in zip(texts, starts, ends, others)]
    out = pd.DataFrame(rows)
    for c in TEXT_BLOCKS:
        out[c] = out[c].astype(str)
    return out


def numeric_columns(features) -> list[str]:
    """The numeric feature columns of a :func:`feature_frame` or feature dict (all but the text blocks), sorted."""
    return sorted(c for c in features if c not in TEXT_BLOCKS)
