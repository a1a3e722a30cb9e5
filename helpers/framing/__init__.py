"""Framing: the frame codebook and dictionary scoring (:mod:`~helpers.framing.codebook`), the hand codings
(:mod:`~helpers.framing.codings`), the dictionary against them (:mod:`~helpers.framing.validation`,
:mod:`~helpers.framing.cv`), collocates (:mod:`~helpers.framing.collocates`), keyness
(:mod:`~helpers.framing.keyness`), quoting (:mod:`~helpers.framing.quoting`), frames with and without the node
word (:mod:`~helpers.framing.node`) and plots (:mod:`~helpers.framing.plots`).

The lesson (notebook 04) writes its own code with NLTK, pandas and regular expressions; these modules serve its
evidence notebook, the tests and the scaling pipeline.
"""
from __future__ import annotations

from helpers.framing.codebook import (  # noqa: F401
    DEFAULT_CODEBOOK, FAMILIES, PFC_DIMENSIONS, PFC_VALUES, FIELDS, CodebookError, load_codebook,
    codebook_from_dict, indicator_regex, frame_matches, score_paragraphs, indicator_hits, with_removed, without)
