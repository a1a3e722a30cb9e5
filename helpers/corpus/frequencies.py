"""What the tokeniser and its filters do to the words of a corpus (notebook 01's evidence).

Every function takes paragraphs (:func:`helpers.corpus.paragraphs`, columns ``doc_id`` and ``text``) or a token
frame (:func:`helpers.text.tokens`) and returns a tidy table; none composes a sentence.

Units of analysis: :func:`filter_steps` one row per **token filter**; :func:`hyphen_splits` one row per
**hyphenated word form**; :func:`apostrophe_forms` one row per **word form with an inner apostrophe**;
:func:`mention_check` one row per **actor**; :func:`word_count_parts` one row per **document**.
"""
from __future__ import annotations

import re

import pandas as pd

from helpers import text


def filter_steps(toks: pd.DataFrame, min_length: int = 3) -> pd.DataFrame:
    """One row per **token filter**, in the order applied: what each removes from a :func:`helpers.text.tokens`
    frame on the way to :func:`helpers.text.content_tokens`.

    Columns: ``step``, ``rule``, ``removed`` (tokens), ``left`` (tokens after
    the step), ``most_removed`` (the five most frequent removed words, with
    counts; ties alphabetical). Phrase tokens pass every filter.
    """
    phrase = toks["token"].isin(text.canonical_terms())
    steps = [("no digits or periods", "drop tokens with digits or inner periods (2009, 45, u.s without the phrase "
                                      "layer); inner hyphens and apostrophes stay (re-establish, won't)",
              ~toks["is_alpha"] & ~phrase),
             ("stop words", f"drop the {len(text.STOP_WORDS)} stop words (scikit-learn's list + "
                            f"{', '.join(sorted(text.EXTRA_STOP_WORDS))})", toks["is_stop"] & ~phrase),
             ("length", f"drop words shorter than {min_length} letters",
              (toks["token"].str.len() < min_length) & ~phrase)]
    alive = pd.Series(True, index=toks.index)
    rows = [{"step": "all tokens", "rule": "body paragraphs", "removed": 0, "left": int(len(toks)),
             "most_removed": ""}]
    for name, rule, mask in steps:
        gone = toks.loc[alive & mask, "token"]
        alive &= ~mask
        vc = gone.value_counts().rename_axis("token").reset_index(name="n").sort_values(
            ["n", "token"], ascending=[False, True], kind="stable").head(5)
        rows.append({"step": name, "rule": rule, "removed": int(len(gone)), "left": int(alive.sum()),
                     "most_removed": ", ".join(f"{t} ({n})" for t, n in vc.itertuples(index=False))})
    return pd.DataFrame(rows)


_COMPOUND = re.compile(r"[A-Za-z0-9.'’]+(?:[-\u2010\u2011][A-Za-z0-9.'’]+)+")


def hyphen_splits(units: pd.DataFrame) -> pd.DataFrame:
    """One row per **hyphenated word form** in ``units["text"]`` that holds a listed phrase: ``form`` (as written,
    with the whole phrase: "post-Cold War"), ``count``, ``documents``, ``plain`` (its tokens without the layer,
    "+"-joined), ``with_layer`` (its tokens with the layer) and ``kept_whole_without_layer`` (plain tokenising
    keeps the hyphenated part as one token). Sorted by ``kept_whole_without_layer`` (True first), count, form.

    "US-Russia" is one plain token (``us-russia``) but two with the layer (``united_states`` + ``russia``): only
    with the layer does it add to the counts of its parts. "U.S.-Russia" is split by both (the period stops a
    plain token before the hyphen); the layer only turns ``u.s`` into ``united_states``. A compound whose parts
    the list does not hold ("U.S-Russian") is not a row: the layer leaves it as plain tokenising does."""
    layer = text.phrase_layer()
    found: dict[str, list[str]] = {}
    for doc, t in zip(units["doc_id"], units["text"]):
        spans = [(s, e) for s, e, _ in layer.spans(t)]
        for m in _COMPOUND.finditer(t):
            inside = [(s, e) for s, e in spans if s < m.end() and e > m.start()]
            if not inside:
                continue
            region = t[min(m.start(), inside[0][0]):max(m.end(), inside[-1][1])]
            found.setdefault(re.sub(r"\s+", " ", region), []).append(doc)
    rows = []
    for form, docs in found.items():
        piece = _COMPOUND.search(form).group()
        rows.append({"form": form, "count": len(docs), "documents": ", ".join(dict.fromkeys(docs)),
                     "plain": " + ".join(text.tokenize(form, phrases=False)),
                     "with_layer": " + ".join(text.tokenize(form)),
                     "kept_whole_without_layer": len(text.tokenize(piece, phrases=False)) == 1})
    cols = ["form", "count", "documents", "plain", "with_layer", "kept_whole_without_layer"]
    return pd.DataFrame(rows, columns=cols).sort_values(["kept_whole_without_layer", "count", "form"],
                                                        ascending=[False, False, True],
                                                        kind="stable").reset_index(drop=True)


def apostrophe_forms(units: pd.DataFrame) -> pd.DataFrame:
    """One row per **word form with an inner apostrophe** in ``units["text"]``, read in context (straight or curly,
    with a letter or digit before it and a letter after it: "Putin's", "won't", "it's", "1990's"; a final
    apostrophe, as in "partners'", is never part of a token): ``form`` (apostrophe written straight; where the word
    is part of a listed phrase, the whole phrase: "White House's"), ``count``, ``token`` (what
    :func:`helpers.text.tokenize` makes of the form, "+"-joined: in context, since a phrase is tokenised whole) and
    ``content_word`` (whether that token passes the content-word filters). Sorted by count, then form."""
    layer = text.phrase_layer()
    counts: dict[str, int] = {}
    for t in units["text"]:
        spans = [(s, e) for s, e, _ in layer.spans(t)]
        for m in re.finditer(r"[A-Za-z0-9]+['’][A-Za-z]+", t):
            start, end = m.start(), m.end()
            for s, e in spans:  # the phrase the word belongs to, if any ("White House's")
                if s < m.end() and e > m.start():
                    start, end = min(start, s), max(end, e)
            form = re.sub(r"\s+", " ", t[start:end]).replace("’", "'")
            counts[form] = counts.get(form, 0) + 1
    rows = []
    for form, n in counts.items():
        toks = text.tokenize(form)
        rows.append({"form": form, "count": n, "token": " + ".join(toks),
                     "content_word": bool(toks) and all(text.is_content_token(t) for t in toks)})
    cols = ["form", "count", "token", "content_word"]
    return pd.DataFrame(rows, columns=cols).sort_values(["count", "form"], ascending=[False, True],
                                                        kind="stable").reset_index(drop=True)


def mention_check(units: pd.DataFrame, actors: pd.DataFrame, phrases: bool = True) -> pd.DataFrame:
    """One row per **actor**: mentions found by its pattern vs tokens equal to its canonical form.

    Columns: ``actor``, ``pattern_mentions`` (:func:`helpers.text.actor_mentions`),
    ``token`` (the phrase layer's canonical form of the actor's name, or the
    name lower-cased), ``token_count`` (tokens of :func:`helpers.text.tokenize`
    equal to it, with the phrase layer or, ``phrases=False``, without), ``agree``.
    """
    pattern = text.actor_mentions(units, actors).groupby("actor", sort=False)["mentions"].sum()
    layer = text.phrase_layer()
    canon = dict(zip(layer.table["phrase"], layer.table["canonical"]))
    counts = pd.Series([t for s in units["text"] for t in text.tokenize(s, phrases=phrases)],
                       dtype=str).value_counts()
    rows = []
    for a in actors["actor"]:
        tok = canon.get(a, a.lower().replace(" ", "_"))
        n_tok = int(counts.get(tok, 0))
        rows.append({"actor": a, "pattern_mentions": int(pattern[a]), "token": tok, "token_count": n_tok,
                     "agree": n_tok == int(pattern[a])})
    return pd.DataFrame(rows)


def word_count_parts(units: pd.DataFrame) -> pd.DataFrame:
    """One row per **document**: how its whitespace words become its tokens, step by step, in both directions.

    The two counts are named apart: ``n_whitespace_words`` counts pieces of text between spaces (the ``n_words``
    column of :func:`helpers.corpus.paragraphs`: "U.S.-Russia" is one, "Vladimir Putin" two); ``n_tokens`` counts
    :func:`helpers.text.tokenize` tokens (the ``n_words`` column of :func:`helpers.text.sentences` and
    :func:`helpers.text.document_lengths`: "U.S.-Russia" is two, "Vladimir Putin" one), the length every rate per
    1,000 tokens is relative to.

    ``n_whitespace_words`` - ``no_token`` (pieces between spaces that hold no token, such as a dash)
    + ``split_pieces`` (tokens added where plain tokenising splits one piece: "U.S.-Russia" gives ``u.s`` and
    ``russia``) = ``plain_tokens`` (tokens without the phrase layer); then ``plain_tokens`` - ``phrases_joined``
    (tokens saved where the layer joins a listed phrase of several plain tokens: "Vladimir Putin", "United
    States") + ``compounds_split`` (tokens added where the layer splits a hyphen compound that plain tokenising
    keeps whole: "Russia-US") = ``n_tokens``. ``compounds_split`` is computed as the remainder of the other
    terms, so the two equations hold exactly."""
    layer = text.phrase_layer()
    rows = []
    for doc, texts in units.groupby("doc_id", sort=False)["text"]:
        per_piece = [len(text.tokenize(p, phrases=False)) for t in texts for p in t.split()]
        plain = sum(len(text.tokenize(t, phrases=False)) for t in texts)
        n_tokens = sum(len(text.tokenize(t)) for t in texts)
        joined = sum(len(text.tokenize(t[s:e], phrases=False)) - 1 for t in texts for s, e, _ in layer.spans(t))
        rows.append({"doc_id": doc, "n_whitespace_words": len(per_piece),
                     "no_token": sum(k == 0 for k in per_piece),
                     "split_pieces": sum(k - 1 for k in per_piece if k > 1), "plain_tokens": plain,
                     "phrases_joined": joined, "compounds_split": n_tokens - plain + joined, "n_tokens": n_tokens})
    return pd.DataFrame(rows)
