"""The shared text layer: sentences, tokens with the phrase layer, tidy tables of units, actor mentions.

Every notebook counts words with :func:`tokenize` (``data/phrases.csv`` joins "U.S." / "United States" into one
token). Modules: :mod:`~helpers.text.segment` (sentences), :mod:`~helpers.text.phrases` (tokens, the phrase layer,
name masking, a scikit-learn analyzer), :mod:`~helpers.text.tables` (sentence / token / term tables),
:mod:`~helpers.text.actors` (the actor list and mentions), :mod:`~helpers.text.context` (keyword in context).
"""
from __future__ import annotations

from helpers.text.segment import (  # noqa: F401
    ABBREVIATIONS, sentence_splitter, split_sentences)
from helpers.text.phrases import (  # noqa: F401
    TOKEN_PATTERN, EXTRA_STOP_WORDS, STOP_WORDS, DEFAULT_PHRASES, PHRASE_KINDS, load_phrases,
    PhraseLayer, phrase_layer, canonical_terms, tokenize, phrase_spans, MASK_PREFIX, mask_names,
    is_content_token, analyzer)
from helpers.text.tables import (  # noqa: F401
    sentences, tokens, content_tokens, term_counts, document_lengths)
from helpers.text.actors import (  # noqa: F401
    DEFAULT_ACTORS, load_actors, actor_mentions)
