"""One word in its context: concordance (KWIC), quotation marks, nearby verbs, collocates, and keyness
between groups of documents.

Units of analysis (every function returns a tidy DataFrame and says which):

* :func:`kwic` -- one row per **match** of the node pattern in a body paragraph (with its quoting);
* :func:`matches_outside_body` -- one row per **match** in a headline, caption or other non-body block
  (what :func:`kwic` skips);
* :func:`quoting_rates` -- one row per **group** of documents;
* :func:`verbs_near` -- one row per **match**, with the nearest verbs before and after it;
* :func:`collocates` -- one row per **collocate** (a word within +-window tokens of the node), with signed
  association (attraction / avoidance) and its significance;
* :func:`log_odds` -- one row per **group x term** (weighted log-odds with an informative Dirichlet prior);
* :func:`counts_per_document` -- one row per **term** (its count in each document).

Tokens come from :mod:`helpers.text` (the project's one tokeniser); collocation statistics from NLTK's
``BigramCollocationFinder``/``BigramAssocMeasures``; parts of speech from TextBlob's bundled pattern lexicon.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
from nltk.collocations import BigramCollocationFinder
from nltk.metrics import BigramAssocMeasures

from helpers.text import phrases as text
from helpers.text.segment import split_sentences

DEFAULT_NODE = r"re-?set(?:s|ting)?"
"""The node word: reset, resets, resetting, re-set (case-insensitive, whole words only)."""

G2_CRITICAL = 3.84
"""G² at or above this value is significant at p < 0.05 (chi-square, one degree of freedom)."""

DEFAULT_PRIOR_STRENGTH = 0.1
"""Keyness: total pseudo-counts of the Dirichlet prior as a fraction of the corpus size (see :func:`log_odds`).
At 0.1 no word used in one article only tops a period of the seed corpus; at 1.0 (prior as strong as the
data) words used twice in one article do."""

# Quotation marks. A straight apostrophe (') has two roles: a quotation mark, or an apostrophe inside a word
# (reset's, don't). It opens a quotation only when no letter or digit stands right before it, and closes one
# only when no letter or digit follows it. The curly apostrophe (’) is treated the same way.
OPENERS = {'"': "straight", "'": "straight", "\u201c": "curly", "\u2018": "curly", "\u201e": "low-9",
           "\u00ab": "guillemet", "\u00bb": "guillemet", "\u2039": "guillemet", "\u203a": "guillemet"}
CLOSERS = {'"': "straight", "'": "straight", "\u201d": "curly", "\u2019": "curly", "\u201c": "low-9",
           "\u00bb": "guillemet", "\u00ab": "guillemet", "\u203a": "guillemet", "\u2039": "guillemet"}
APOSTROPHES = {"'", "\u2019"}
_TRAILING_PUNCT = ".,;:!?"


def node_regex(pattern: str = DEFAULT_NODE) -> re.Pattern:
    """The node pattern as a case-insensitive, whole-word regular expression."""
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)


# --------------------------------------------------------------------------------------------------------------
# Keyword in context
# --------------------------------------------------------------------------------------------------------------

def quote_style(left: str, right: str) -> str:
    """How one match is quoted: ``"straight"``, ``"curly"``, ``"low-9"`` („…“), ``"guillemet"`` («…», »…«)
    or ``""`` (not quoted). ``left`` and ``right`` are the text before and after the match.

    A match counts as quoted when an opening mark stands right before it and a closing mark right after
    it (a full stop or comma may come between: ``"reset."``). A straight or curly apostrophe counts as a
    quotation mark only where it cannot be an apostrophe: an opening one must not follow a letter or
    digit, a closing one must not be followed by one (``the reset's mechanism`` is a possessive, not a
    quotation). A match inside a longer quotation ("... the reset policy ...") is *not* a scare-quoted word.
    """
    before = left[-1:] if left else ""
    rest = right.lstrip(_TRAILING_PUNCT) if right[:1] in _TRAILING_PUNCT else right
    after = rest[:1]
    if before not in OPENERS or after not in CLOSERS:
        return ""
    if before in APOSTROPHES and len(left) > 1 and left[-2].isalnum():
        return ""
    if after in APOSTROPHES and rest[1:2].isalnum():
        return ""
    kinds = (OPENERS[before], CLOSERS[after])
    for kind in ("low-9", "guillemet", "curly"):
        if kind in kinds:
            return kind
    return "straight"


def _concordance(rows_in, pattern: str, width: int, keep: list[str]) -> list[dict]:
    rx = node_regex(pattern)
    rows = []
    for rec in rows_in:
        body = rec.text
        for m in rx.finditer(body):
            style = quote_style(body[:m.start()], body[m.end():])
            left = re.sub(r"\s+", " ", body[max(0, m.start() - width):m.start()])
            right = re.sub(r"\s+", " ", body[m.end():m.end() + width])
            rows.append({**{c: getattr(rec, c) for c in keep}, "position": m.start(), "left": left,
                         "match": m.group(0), "right": right, "quoted": bool(style), "quote_style": style})
    return rows


def kwic(units: pd.DataFrame, pattern: str = DEFAULT_NODE, width: int = 60) -> pd.DataFrame:
    """One row per **match** of ``pattern`` in the units (body paragraphs), in reading order.

    Columns: ``doc_id``, ``unit_id``, ``period`` (if the units have it), ``position`` (character offset
    of the match in its unit), ``left``, ``match``, ``right`` (``width`` characters of context each
    side, whitespace normalised), ``quoted`` (bool) and ``quote_style`` (see :func:`quote_style`).
    Headlines and captions are not body paragraphs: :func:`matches_outside_body` lists what is skipped.
    """
    keep = ["doc_id", "unit_id"] + [c for c in ("period",) if c in units.columns]
    rows = _concordance(units[keep + ["text"]].itertuples(index=False), pattern, width, keep)
    return pd.DataFrame(rows, columns=keep + ["position", "left", "match", "right", "quoted", "quote_style"])


def matches_outside_body(blocks: pd.DataFrame, pattern: str = DEFAULT_NODE, width: int = 40) -> pd.DataFrame:
    """One row per **match** of the node in a block that is not a body paragraph (headline, caption, ...):
    what :func:`kwic` and every count built on it leave out. ``blocks`` is :func:`helpers.corpus.load_blocks`.
    Columns: ``doc_id``, ``block_type``, ``position``, ``left``, ``match``, ``right``, ``quoted``, ``quote_style``."""
    other = blocks[blocks["block_type"] != "body"]
    keep = ["doc_id", "block_type"]
    rows = _concordance(other[keep + ["text"]].itertuples(index=False), pattern, width, keep)
    return pd.DataFrame(rows, columns=keep + ["position", "left", "match", "right", "quoted", "quote_style"])


def quoting_rates(concordance: pd.DataFrame, docs: pd.DataFrame, by: str = "id") -> pd.DataFrame:
    """One row per **group** of documents (``by``: ``id`` or ``period``): matches, quoted, share quoted.

    Every group of ``docs`` appears, with 0 matches where the node never occurs (share is then NaN).
    """
    key = "doc_id" if by == "id" else by
    groups = docs.drop_duplicates(by)[by].tolist()
    conc = concordance.merge(docs[["id", "period"]].rename(columns={"id": "doc_id"}), on="doc_id",
                             suffixes=("_x", "")) if key == "period" and "period" not in concordance else concordance
    counts = conc.groupby(key).agg(matches=("match", "size"), quoted=("quoted", "sum"))
    out = counts.reindex(groups, fill_value=0).rename_axis(by).reset_index()
    out["matches"] = out["matches"].astype(int)
    out["quoted"] = out["quoted"].astype(int)
    out["share_quoted"] = (out["quoted"] / out["matches"].where(out["matches"] > 0)).round(3)
    ci = [_wilson(q, m) for q, m in zip(out["quoted"], out["matches"])]
    out["lo"] = [round(a, 3) for a, _ in ci]
    out["hi"] = [round(b, 3) for _, b in ci]
    return out


def _wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return float("nan"), float("nan")
    p, d = k / n, 1 + z * z / n
    c, h = (p + z * z / (2 * n)) / d, z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return float(c - h), float(c + h)


_SHORT_QUOTE = re.compile("(?<![\\w])([\"\u201c\u2018\u201e\u00ab\u00bb'])(\\S[^\"\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb\\n]{0,60}?\\S|\\S)"
                          "([\"\u201d\u2019\u201c\u00bb\u00ab'])(?![\\w])")


def short_quoted_spans(units: pd.DataFrame, pattern: str = DEFAULT_NODE, max_words: int = 3) -> pd.DataFrame:
    """One row per **short quoted span** (1 to ``max_words`` words between quotation marks) in the units:
    ``doc_id``, ``unit_id``, ``span``, ``n_words``, ``is_node`` (the span is the node word). The base rate
    against which a quoted node word is read: a writer who puts many single words in quotation marks
    (house style, reported speech) quotes the node word too, without that saying much about the word."""
    whole = re.compile(rf"^\W*(?:{pattern})\W*$", re.IGNORECASE)
    rows = []
    for rec in units.itertuples(index=False):
        for m in _SHORT_QUOTE.finditer(rec.text):
            words = re.findall(r"[\w'\u2019-]+", m.group(2))
            if 1 <= len(words) <= max_words:
                rows.append({"doc_id": rec.doc_id, "unit_id": rec.unit_id, "span": m.group(2),
                             "n_words": len(words), "is_node": bool(whole.match(m.group(2)))})
    return pd.DataFrame(rows, columns=["doc_id", "unit_id", "span", "n_words", "is_node"])


def quoting_baseline(rates: pd.DataFrame, spans: pd.DataFrame, words: pd.Series) -> pd.DataFrame:
    """One row per **document**: the node word's quoting (``rates`` from :func:`quoting_rates` by id, with
    Wilson ``lo``/``hi``) beside the document's base rate of short quoted spans: ``other_spans`` (short
    quoted spans that are not the node word), ``per_1000_words`` and ``share_of_words`` (share of the
    document's words that stand inside a short quoted span; ``words`` is the word count per document)."""
    other = spans[~spans["is_node"]]
    n_sp = other.groupby("doc_id").size()
    n_w = other.groupby("doc_id")["n_words"].sum()
    ex = other.groupby("doc_id")["span"].agg(lambda s: ", ".join(list(dict.fromkeys(s))[:4]))
    out = rates[["id", "matches", "quoted", "share_quoted", "lo", "hi"]].copy()
    w = out["id"].map(words).astype(float)
    out["other_spans"] = out["id"].map(n_sp).fillna(0).astype(int)
    out["per_1000_words"] = (1000 * out["other_spans"] / w).round(1)
    out["share_of_words"] = (out["id"].map(n_w).fillna(0) / w).round(3)
    out["examples"] = out["id"].map(ex).fillna("")
    return out


AUXILIARIES = frozenset({"be", "is", "are", "was", "were", "been", "being", "am", "have", "has", "had", "having",
                         "do", "does", "did"})
"""Forms of *be*, *have* and *do*, skipped when looking for the verb next to the node."""


@lru_cache(maxsize=1)
def _tagger():
    from textblob.en.taggers import PatternTagger
    return PatternTagger()


def verbs_near(units: pd.DataFrame, pattern: str = DEFAULT_NODE, span: int = 4) -> pd.DataFrame:
    """One row per **match** of the node in a sentence: the nearest verbs before and after it.

    Sentences come from :func:`helpers.split_sentences`; parts of speech from TextBlob's
    ``PatternTagger`` (a bundled lexicon, no download). ``verb_before`` is the closest verb among the
    ``span`` tokens before the node, ``verb_after`` the closest among the ``span`` tokens after it. This
    is word distance, not grammar. Auxiliaries (:data:`AUXILIARIES`) are skipped. Both are lower-cased;
    empty when there is none. Columns: ``doc_id``, ``unit_id``, ``verb_before``, ``verb_after``, ``sentence``.
    """
    rx = node_regex(pattern)
    whole = re.compile(rf"^(?:{pattern})$", re.IGNORECASE)
    rows = []
    for rec in units.itertuples(index=False):
        for sent in split_sentences(rec.text):
            if not rx.search(sent):
                continue
            tags = [(w, t) for w, t in _tagger().tag(sent) if re.search(r"\w", w)]
            for i, (w, _) in enumerate(tags):
                if not whole.match(w):
                    continue
                before = [w2.lower() for w2, t in tags[max(0, i - span):i]
                          if t.startswith("VB") and w2.lower() not in AUXILIARIES]
                after = [w2.lower() for w2, t in tags[i + 1:i + 1 + span]
                         if t.startswith("VB") and w2.lower() not in AUXILIARIES]
                rows.append({"doc_id": rec.doc_id, "unit_id": rec.unit_id,
                             "verb_before": before[-1] if before else "", "verb_after": after[0] if after else "",
                             "sentence": sent})
    return pd.DataFrame(rows, columns=["doc_id", "unit_id", "verb_before", "verb_after", "sentence"])


# --------------------------------------------------------------------------------------------------------------
# Collocates
# --------------------------------------------------------------------------------------------------------------

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
               alpha: float = 0.05, correction: str = "bh", by_sentence: bool = True) -> pd.DataFrame:
    """One row per **collocate candidate**: a word seen at least ``min_freq`` times within ``window`` tokens
    either side of the node.

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
        if cooc < min_freq:
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
                     "pmi": BigramAssocMeasures.pmi(*marg), "g2": g2, "signed_g2": sign * g2,
                     "g2_pass": bool(g2 >= threshold) if not np.isnan(g2) else False, "fisher_p": p,
                     "_score": sign * -np.log10(max(p, 1e-300)) if not np.isnan(p) else np.nan})
    out = pd.DataFrame(rows, columns=cols + ["_score"])
    out["q"] = adjust_p(out["fisher_p"].to_numpy(dtype=float), correction) if len(out) else []
    out["significant"] = (out["q"] < alpha).astype(bool)
    out["_score"] = out["_score"].round(9)
    out = out.sort_values(["_score", "cooc", "collocate"], ascending=[False, False, True],
                          kind="stable", na_position="last").reset_index(drop=True)
    return out.drop(columns="_score")


def collocate_lines(units: pd.DataFrame, words: list[str], pattern: str = DEFAULT_NODE, window: int = 5,
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


def phrase_sentence(coll: pd.DataFrame, lines: pd.DataFrame) -> str:
    """Whether the significant **collocates** are fixed phrases: per collocate, its distinct lines and
    documents (from :func:`collocate_lines`), and how many come from a single document."""
    sig = list(coll.loc[coll["significant"], "collocate"])
    if not sig:
        return "No collocate passes the exact test."
    parts, one = [], 0
    for w in sig:
        d = lines[lines["collocate"] == w]
        n_doc, n_line = d["doc_id"].nunique(), d["line"].nunique()
        one += n_doc == 1
        parts.append(f"{w}: {len(d)} co-occurrence(s), {n_line} distinct line(s), {n_doc} document(s)")
    return (f"{one} of {len(sig)} significant collocates come from a single document; " + "; ".join(parts)
            + ". Fisher's test treats every token as an independent draw, so a phrase one writer repeats counts "
            "as repeated evidence.")


def collocates_by_window(units: pd.DataFrame, windows: list[int], pattern: str = DEFAULT_NODE, **kw) -> pd.DataFrame:
    """One row per **window size**: how many candidates were tested and which pass the exact test."""
    rows = []
    for w in windows:
        c = collocates(units, pattern, window=w, **kw)
        sig = c[c["significant"]]
        rows.append({"window": w, "candidates": len(c), "significant": len(sig),
                     "collocates": ", ".join(f"{r.collocate} ({r.n_docs} doc{'s' if r.n_docs != 1 else ''})"
                                             for r in sig.itertuples()) or "none"})
    return pd.DataFrame(rows)


def collocate_sentence(coll: pd.DataFrame, alpha: float = 0.05, correction: str = "bh") -> str:
    """A sentence naming the **collocates** that pass the exact test after correction, with their direction,
    observed / expected counts and number of documents, and how many pass G² alone."""
    sig = coll[coll["significant"]]
    name = {"bh": "Benjamini-Hochberg", "holm": "Holm", "none": "no"}[correction]
    listed = "; ".join(f"{r.collocate} ({r.association}, {r.cooc} observed vs {r.expected:.2f} expected, "
                       f"{r.n_docs} doc{'s' if r.n_docs != 1 else ''}, q = {r.q:.3f})" for r in sig.itertuples())
    return (f"{len(coll)} candidate(s) tested; {len(sig)} pass Fisher's exact test (one-sided, {name} correction "
            f"over the {len(coll)} tests, q < {alpha}){': ' + listed if listed else ''}. "
            f"G2 alone would pass {int(coll['g2_pass'].sum())}.")


# --------------------------------------------------------------------------------------------------------------
# Keyness
# --------------------------------------------------------------------------------------------------------------

def log_odds(toks: pd.DataFrame, group: str = "period", prior_strength: float = DEFAULT_PRIOR_STRENGTH,
             min_count: int = 1) -> pd.DataFrame:
    """One row per **group x term**: weighted log-odds ratio, group vs all other groups, with an
    informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words", eq. 16-22).

    ``toks`` is a token table with a ``token`` and a ``group`` column. The prior's total mass is
    ``alpha_0 = prior_strength * N`` (N = tokens in the table) and each term gets the share of it that
    it has in the whole table: ``alpha_w = alpha_0 * y_w / N = prior_strength * y_w``. ``prior_strength``
    = 1 makes the prior as strong as the data; larger values shrink every log-odds more. For group i
    against the rest j::

        delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
        var_w   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
        z_w     = delta_w / sqrt(var_w)

    Because the prior is proportional to each word's own count, every word seen only in group i gets the
    same delta whatever its count (the prior scales with the data); its z, which divides by the standard
    error, grows with the count. Rank by z, not by delta. Columns: ``group``, ``token``, ``count`` (in the
    group), ``count_rest``, ``total``, ``log_odds`` (delta), ``se``, ``z``. Terms seen fewer than
    ``min_count`` times overall are dropped. Sorted by group, then z (descending), then token.
    """
    if prior_strength <= 0:
        raise ValueError(f"prior_strength must be positive, got {prior_strength!r}.")
    counts = toks.groupby([group, "token"]).size().unstack(group, fill_value=0)
    counts = counts[counts.sum(axis=1) >= min_count]
    total = counts.sum(axis=1)
    alpha = prior_strength * total
    a0 = alpha.sum()
    frames = []
    for g in counts.columns:
        y_i = counts[g]
        y_j = total - y_i
        n_i, n_j = y_i.sum(), y_j.sum()
        delta = (np.log((y_i + alpha) / (n_i + a0 - y_i - alpha))
                 - np.log((y_j + alpha) / (n_j + a0 - y_j - alpha)))
        se = np.sqrt(1 / (y_i + alpha) + 1 / (y_j + alpha))
        frames.append(pd.DataFrame({"group": g, "token": counts.index, "count": y_i.values,
                                    "count_rest": y_j.values, "total": total.values, "log_odds": delta.values,
                                    "se": se.values, "z": (delta / se).values}))
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["group", "z", "token"], ascending=[True, False, True], kind="stable").reset_index(drop=True)


def counts_per_document(toks: pd.DataFrame, terms: list[str] | None = None, group: str | None = None) -> pd.DataFrame:
    """One row per **term** (per **group x term** with ``group``): ``n_docs`` (documents using it; with
    ``group``, documents *of that group* using it, out of ``docs_in_group``) and ``by_document``
    (``doc:count`` for each such document, largest first). ``toks`` has ``doc_id`` and ``token`` columns
    (and ``group``)."""
    t = toks if terms is None else toks[toks["token"].isin(terms)]
    keys = ([group] if group else []) + ["token"]
    c = t.groupby(keys + ["doc_id"]).size().rename("n").reset_index()
    c = c.sort_values(keys + ["n", "doc_id"], ascending=[True] * len(keys) + [False, True], kind="stable")
    rows = []
    for key, g in c.groupby(keys, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(keys, key)), "n_docs": len(g),
                     "by_document": ", ".join(f"{d}:{n}" for d, n in zip(g["doc_id"], g["n"]))})
    out = pd.DataFrame(rows, columns=keys + ["n_docs", "by_document"])
    if group:
        out["docs_in_group"] = out[group].map(toks.groupby(group)["doc_id"].nunique())
    return out


def keyness_table(lo: pd.DataFrame, toks: pd.DataFrame, top_n: int = 5, group: str = "period") -> pd.DataFrame:
    """The ``top_n`` terms by z of each group of a :func:`log_odds` table (one row per **group x term**), with
    the term's counts per document **within its group** beside it (:func:`counts_per_document` with
    ``group``: ``n_docs`` of ``docs_in_group``, ``by_document``) and ``n_docs_corpus``, the documents of
    the whole corpus that use it."""
    top = lo.groupby("group", sort=False).head(top_n)
    within = counts_per_document(toks, list(top["token"].unique()), group=group).rename(columns={group: "group"})
    within["group"] = within["group"].astype(str)
    corpus_docs = counts_per_document(toks, list(top["token"].unique()))[["token", "n_docs"]].rename(
        columns={"n_docs": "n_docs_corpus"})
    out = top.assign(group=top["group"].astype(str)).merge(within, on=["group", "token"], how="left")
    return out.merge(corpus_docs, on="token", how="left")
