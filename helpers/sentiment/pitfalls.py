"""Where lexicons go wrong: constructions (negation, contrast, hedging, irony markers) found by regex, example
sentences where two scores disagree most in rank, and a table comparing the rank gap of sentences with and
without each construction. Re-exported from :mod:`helpers.sentiment`.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from helpers.stats.reliability import bootstrap_weights, mean_difference_draws

PITFALL_PATTERNS = {
    "negation": r"\b(?:not|no|never|nor|without|n't|cannot|hardly)\b",
    "contrast": r"\b(?:but|however|yet|although|though|despite|nevertheless)\b",
    "hedging": r"\b(?:may|might|perhaps|possibly|probably|likely|seems?|appears?|could)\b",
    "irony marker": r"(?:\"[^\"]{1,30}\"|“[^”]{1,30}”|!|\?|\bsure\b|\byeah\b)",
}
"""Where lexicons go wrong on diplomatic prose: regexes (case-insensitive) that find the constructions.
``irony marker`` (scare quotes, exclamation and question marks, "sure", "yeah") is searched in reader
comments only; it is a crude pointer to possible sarcasm, not a detector."""


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


def pitfall_gap_table(scored: pd.DataFrame, a: str, b: str, patterns: dict[str, str] | None = None,
                      n_boot: int = 1000, seed: int = 0, cluster: str | None = None) -> pd.DataFrame:
    """One row per **construction**: does it go with a larger rank gap between ``a`` and ``b``?

    ``rank_gap`` is ``|percentile rank of a - percentile rank of b|`` over all sentences of ``scored``. For each
    pattern: ``n_with`` / ``n_without`` sentences, their mean gap, and ``difference`` (with minus without) with
    a 95% bootstrap interval over sentences (the two groups resampled apart), or, with ``cluster`` (a column such
    as a paragraph key), over whole clusters, so that the sentences of one paragraph move together. A positive
    difference whose interval excludes 0 would mean the construction goes with disagreement; it does not show that
    the matched word caused it.
    """
    patterns = PITFALL_PATTERNS if patterns is None else patterns
    gap = (scored[a].rank(pct=True) - scored[b].rank(pct=True)).abs().to_numpy()
    rng = np.random.default_rng(seed)
    weights = None if cluster is None else bootstrap_weights(len(scored), n_boot, seed, scored[cluster].to_numpy())
    rows = []
    for name, rx in patterns.items():
        hit = scored["text"].str.contains(rx, flags=re.IGNORECASE, regex=True).to_numpy()
        gw, go = gap[hit], gap[~hit]
        if len(gw) == 0 or len(go) == 0:
            rows.append((name, len(gw), len(go), np.nan, np.nan, np.nan, np.nan, np.nan))
            continue
        if weights is None:
            draws = mean_difference_draws(gw, go, rng, n_boot)
        else:
            w_with, w_without = weights[:, hit], weights[:, ~hit]
            with np.errstate(invalid="ignore", divide="ignore"):
                draws = w_with @ gw / w_with.sum(axis=1) - w_without @ go / w_without.sum(axis=1)
            draws = draws[~np.isnan(draws)]
        lo, hi = np.quantile(draws, [0.025, 0.975])
        rows.append((name, len(gw), len(go), gw.mean(), go.mean(), gw.mean() - go.mean(), lo, hi))
    return pd.DataFrame(rows, columns=["pitfall", "n_with", "n_without", "gap_with", "gap_without", "difference",
                                       "ci_low", "ci_high"])


def word_valences(text: str) -> str:
    """The VADER lexicon words of one **sentence** with their valences (-4..+4), in order: ``"word +1.9; ..."``
    (empty if none). Shows which words a lexicon score rests on, so a reader can check whether the construction
    that matched (a negation, a hedge) or another word moved it."""
    from helpers.sentiment.scores import vader_analyzer
    from helpers.text import tokenize

    lex = vader_analyzer().lexicon
    words = [w for w in tokenize(str(text)) if w in lex]
    return "; ".join(f"{w} {lex[w]:+.1f}" for w in words)


def without_construction(text: str, pattern: str) -> str:
    """One **sentence** with every match of ``pattern`` (case-insensitive) deleted and spaces tidied."""
    return re.sub(r"\s{2,}", " ", re.sub(pattern, " ", str(text), flags=re.IGNORECASE)).strip()


def construction_effect(examples: pd.DataFrame, patterns: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per **example sentence** of :func:`pitfall_examples`: did the matched construction move VADER?

    Scores each sentence with and without its construction (:func:`without_construction`, the pattern of
    its ``pitfall``), both with names masked as in :func:`helpers.sentiment.score_sentences`. Columns:
    ``unit_id``, ``pitfall``, ``vader_with``, ``vader_without``, ``change`` (with minus without) and ``rule``
    (:func:`rule_status`): a change of 0 means VADER's rules ignored the words, either because they do
    not matter in that sentence or because they lie outside VADER's rules -- reading the sentence tells which.
    """
    from helpers.sentiment.scores import score_sentences

    patterns = PITFALL_PATTERNS if patterns is None else patterns
    if examples.empty:
        return pd.DataFrame(columns=["unit_id", "pitfall", "vader_with", "vader_without", "change", "rule"])
    stripped = [without_construction(t, patterns[p]) for t, p in zip(examples["text"], examples["pitfall"])]
    scored = score_sentences(pd.DataFrame({"text": list(examples["text"]) + stripped}))
    both = scored["vader"].to_numpy()
    n = len(examples)
    out = pd.DataFrame({"unit_id": examples["unit_id"].to_numpy(), "pitfall": examples["pitfall"].to_numpy(),
                        "vader_with": both[:n], "vader_without": both[n:], "change": both[:n] - both[n:]})
    out["rule"] = [rule_status(p, m, c, negation_reach(t) if p == "negation" else None) for p, m, c, t in
                   zip(examples["pitfall"], examples["matched"], out["change"], scored["scored_text"][:n])]
    return out


def negation_reach(text: str) -> int | None:
    """For one **sentence** as VADER reads it (its whitespace tokens, edge punctuation stripped): how many words
    after a negation word (VADER's list, or a word with "n't") the nearest lexicon word stands, over all negation
    words; ``None`` if no lexicon word follows one. VADER's negation rule reaches a lexicon word only when a
    negation word stands one to three words before it."""
    from vaderSentiment.vaderSentiment import SentiText, negated

    from helpers.sentiment.scores import vader_analyzer

    lex = vader_analyzer().lexicon
    words = [w.lower() for w in SentiText(str(text)).words_and_emoticons]
    reach = [next((i - j for i in range(j + 1, len(words)) if words[i] in lex), None)
             for j, w in enumerate(words) if negated([w])]
    reach = [r for r in reach if r is not None]
    return min(reach) if reach else None


def rule_status(pitfall: str, matched: str, change: float, reach: int | None = None) -> str:
    """A short label for one **example sentence**: did VADER's rules use the matched construction, and if not,
    which limit of its rules the words fall under (a table cell, not a sentence). For a negation, ``reach`` is
    :func:`negation_reach` of the scored text; the label names the measured distance, or says the words were
    unused without a reason when the distance was not measured or lies within the rule's three words."""
    if abs(change) > 0.0005:
        return "moved by VADER's rules"
    words = [w.strip().lower() for w in str(matched).split(",")]
    if pitfall == "negation":
        if reach is not None and reach > 3:
            return f"unused: nearest lexicon word {reach} words after the negation (rule reaches 3)"
        return "unused by VADER's rules"
    if pitfall == "contrast" and "but" not in words:
        return "unused: contrast rule covers only 'but'"
    if pitfall == "hedging":
        return "unused: no hedging rule"
    return "unused by VADER's rules"
