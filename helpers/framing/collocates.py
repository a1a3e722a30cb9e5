"""Collocates: the words that keep the node word company, counted with NLTK and tested with Fisher's exact test.

Units of analysis (every function returns a tidy DataFrame and says which):

* :func:`collocates` -- one row per **collocate candidate** (a word within +-window tokens of the node), with
  signed association (attraction / avoidance), PMI, G² and a one-sided Fisher test corrected for many words;
* :func:`cooccurrences` -- one row per **co-occurrence** of a collocate with the node (is it one writer's phrase?).

Tokens come from :func:`helpers.text.tokenize`; co-occurrence counts and G² from NLTK's
``BigramCollocationFinder``/``BigramAssocMeasures``; sentences from :func:`helpers.text.split_sentences`.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
from nltk.collocations import BigramCollocationFinder
from nltk.metrics import BigramAssocMeasures

from helpers.text import phrases as text
from helpers.text.context import DEFAULT_NODE
from helpers.text.segment import split_sentences

G2_CRITICAL = 3.84
"""G² at or above this value is significant at p < 0.05 (chi-square, one degree of freedom)."""


NODE_TOKEN = "<NODE>"


def adjust_p(p, method: str = "bh") -> np.ndarray:
    """p-values adjusted for testing many **words** at once: ``"bh"`` (Benjamini-Hochberg, controls the
    false discovery rate), ``"holm"`` (Holm, controls the chance of any false positive) or ``"none"``.
    NaN p-values stay NaN and do not count as tests."""
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if m == 0 or method == "none":
        out[ok] = p[ok]
        return out
    q = p[ok]
    order = np.argsort(q, kind="stable")
    ranked = q[order]
    if method == "bh":
        adj = np.minimum.accumulate((ranked * m / np.arange(1, m + 1))[::-1])[::-1]
    elif method == "holm":
        adj = np.maximum.accumulate(ranked * (m - np.arange(m)))
    else:
        raise ValueError(f"method must be 'bh', 'holm' or 'none', got {method!r}.")
    res = np.empty(m)
    res[order] = np.minimum(adj, 1.0)
    out[ok] = res
    return out


def _segments(units: pd.DataFrame, by_sentence: bool):
    """(doc_id, unit_id, token list) per **sentence** (or per unit), the node's forms replaced by one token."""
    doc_ids = units["doc_id"] if "doc_id" in units.columns else pd.Series(range(len(units)))
    unit_ids = units["unit_id"] if "unit_id" in units.columns else doc_ids
    for body, doc, uid in zip(units["text"], doc_ids, unit_ids):
        for seg in (split_sentences(body) if by_sentence else [body]):
            yield doc, uid, text.tokenize(seg)


def collocates(units: pd.DataFrame, pattern: str = DEFAULT_NODE, window: int = 5, min_freq: int = 2,
               stop_words: frozenset[str] | None = text.STOP_WORDS, threshold: float = G2_CRITICAL,
               alpha: float = 0.05, correction: str = "bh", by_sentence: bool = True,
               min_corpus_freq: int | None = None) -> pd.DataFrame:
    """One row per **collocate candidate**: a word seen at least ``min_freq`` times within ``window`` tokens
    either side of the node. With ``min_corpus_freq``, the candidates are instead every word seen at least that
    often in the whole corpus, near the node or not (a list fixed before any co-occurrence is counted, so the
    correction for many words is not shrunk by a filter on the outcome); ``min_freq`` is then ignored and a
    word that never co-occurs gets ``pmi`` NaN.

    Tokens are :func:`helpers.text.tokenize` tokens; windows never cross a unit boundary, nor (with
    ``by_sentence``, the default) a sentence boundary (:func:`helpers.split_sentences`); every form of
    the node counts as one node word. Co-occurrences are counted with NLTK's ``BigramCollocationFinder``
    (window ``window + 1``, pairs node->word and word->node summed). Columns: ``collocate``, ``cooc``
    (times within the window), ``expected`` (``node_freq * 2 * window * freq / N``: the count if the word
    were spread evenly), ``n_docs`` (documents in which it is within the window), ``freq`` (corpus
    frequency), ``association`` (``attraction`` when cooc > expected, else ``avoidance``), ``pmi`` (log2
    cooc / expected), ``g2`` (log-likelihood, ``BigramAssocMeasures.likelihood_ratio``; NaN in a text so
    short that the window slots outnumber the tokens), ``signed_g2``, ``g2_pass`` (G² >= ``threshold``;
    unreliable when the expected count is small, as it is here), ``fisher_p`` (Fisher's exact test on the
    2 x 2 table of window slots x word, **one-sided in the direction of the association**: more
    co-occurrences than expected for attraction, fewer for avoidance), ``q`` (``fisher_p`` adjusted over all
    listed candidates, :func:`adjust_p` with ``correction``) and ``significant`` (q < ``alpha``). Only
    alphabetic, non-stop words are kept; a word that never co-occurs cannot pass ``min_freq`` and is not
    tested, so avoidance can hardly be shown at this size. Sorted by the signed evidence
    (``sign * -log10 fisher_p``, descending), then co-occurrence, then the word.
    """
    from scipy.stats import fisher_exact

    whole = re.compile(rf"^(?:{pattern})$", re.IGNORECASE)
    words: list[str | None] = []
    docs_with: dict[str, set] = {}
    for doc, _, raw in _segments(units, by_sentence):
        toks = [NODE_TOKEN if whole.match(t) else t for t in raw]
        for i, t in enumerate(toks):
            if t == NODE_TOKEN:
                for w in toks[max(0, i - window):i] + toks[i + 1:i + 1 + window]:
                    docs_with.setdefault(w, set()).add(doc)
        words.extend(toks + [None] * window)  # padding: no window crosses into the next unit
    finder = BigramCollocationFinder.from_words(words, window_size=window + 1)
    n_all = finder.word_fd.N()
    f_node = finder.word_fd[NODE_TOKEN]
    cols = ["collocate", "cooc", "expected", "n_docs", "freq", "association", "pmi", "g2", "signed_g2", "g2_pass",
            "fisher_p", "q", "significant"]
    if f_node == 0:
        return pd.DataFrame(columns=cols)
    stops = stop_words or frozenset()
    rows = []
    for w, freq in finder.word_fd.items():
        if w == NODE_TOKEN or w in stops or not w.replace("-", "").replace("_", "").isalpha():
            continue
        cooc = finder.ngram_fd[(NODE_TOKEN, w)] + finder.ngram_fd[(w, NODE_TOKEN)]
        if (freq < min_corpus_freq) if min_corpus_freq is not None else (cooc < min_freq):
            continue
        marg = (cooc, (f_node * 2 * window, freq), n_all)
        cells = BigramAssocMeasures._contingency(*marg)
        expected = f_node * 2 * window * freq / n_all
        ok = min(cells) >= 0
        g2 = BigramAssocMeasures.likelihood_ratio(*marg) if ok else np.nan
        sign = 1 if cooc > expected else -1
        p = (float(fisher_exact([[cells[0], cells[1]], [cells[2], cells[3]]],
                                alternative="greater" if sign > 0 else "less")[1]) if ok else np.nan)
        rows.append({"collocate": w, "cooc": int(cooc), "expected": expected, "n_docs": len(docs_with.get(w, ())),
                     "freq": int(freq), "association": "attraction" if sign > 0 else "avoidance",
                     "pmi": BigramAssocMeasures.pmi(*marg) if cooc else np.nan, "g2": g2, "signed_g2": sign * g2,
                     "g2_pass": bool(g2 >= threshold) if not np.isnan(g2) else False, "fisher_p": p,
                     "_score": sign * -np.log10(max(p, 1e-300)) if not np.isnan(p) else np.nan})
    out = pd.DataFrame(rows, columns=cols + ["_score"])
    out["q"] = adjust_p(out["fisher_p"].to_numpy(dtype=float), correction) if len(out) else []
    out["significant"] = (out["q"] < alpha).astype(bool)
    out["_score"] = out["_score"].round(9)
    out = out.sort_values(["_score", "cooc", "collocate"], ascending=[False, False, True],
                          kind="stable", na_position="last").reset_index(drop=True)
    return out.drop(columns="_score")


def cooccurrences(units: pd.DataFrame, words: list[str], pattern: str = DEFAULT_NODE, window: int = 5,
                    by_sentence: bool = True) -> pd.DataFrame:
    """One row per **co-occurrence** of a collocate in ``words`` with the node (within ``window`` tokens, as
    :func:`collocates` counts them): ``collocate``, ``doc_id``, ``unit_id`` and ``line`` (the tokens from the
    node to the collocate, so a reader sees whether it is a fixed phrase of one writer)."""
    whole = re.compile(rf"^(?:{pattern})$", re.IGNORECASE)
    want = set(words)
    rows = []
    for doc, uid, toks in _segments(units, by_sentence):
        for i, t in enumerate(toks):
            if not whole.match(t):
                continue
            for j in range(max(0, i - window), min(len(toks), i + window + 1)):
                if j != i and toks[j] in want:
                    a, b = min(i, j), max(i, j)
                    rows.append({"collocate": toks[j], "doc_id": doc, "unit_id": uid,
                                 "line": " ".join(toks[a:b + 1])})
    out = pd.DataFrame(rows, columns=["collocate", "doc_id", "unit_id", "line"])
    order = {w: k for k, w in enumerate(words)}
    return out.sort_values(["collocate", "unit_id", "line"], key=lambda c: c.map(order) if c.name == "collocate"
                           else c, kind="stable").reset_index(drop=True)


