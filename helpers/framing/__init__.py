"""Framing: the frame codebook, paragraph scoring and frames near the node word; validation against hand coding
in :mod:`helpers.framing.validation` and :mod:`helpers.framing.cv`, plots in :mod:`helpers.framing.plots`."""
from __future__ import annotations

from helpers.framing.codebook import (  # noqa: F401
    DEFAULT_CODEBOOK, FAMILIES, PFC_DIMENSIONS, PFC_VALUES, FIELDS, CodebookError, load_codebook,
    codebook_from_dict, indicator_regex, frame_matches, score_paragraphs, frame_profile, wide,
    frame_cooccurrence, node_paragraphs, wilson_interval, difference_interval, frames_with_node,
    node_frame_by_document, node_frame_doc_sentence, indicator_hits, with_removed, add_frames)
