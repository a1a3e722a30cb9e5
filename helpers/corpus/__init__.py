"""The corpus: loading a folder of documents, cleaning web copies, dates, and the units built from them.

``from helpers import corpus`` gives the loading API (``corpus.load_corpus``, ``corpus.paragraphs`` ...). The
modules, by concern:

* :mod:`helpers.corpus.load` -- metadata and raw files -> documents, blocks, lines, layouts (one row each);
* :mod:`helpers.corpus.units` -- paragraphs with their document's metadata, sizes, events;
* :mod:`helpers.corpus.cleaning`, :mod:`~helpers.corpus.rules`, :mod:`~helpers.corpus.layout` -- the cleaner;
* :mod:`helpers.corpus.report` -- the per-document cleaning report and the rules that fired;
* :mod:`helpers.corpus.dates` -- dates as intervals, and days from the nearest summit;
* notebook 01's evidence: :mod:`helpers.corpus.frequencies` (what the tokeniser and its filters do),
  :mod:`helpers.corpus.misses` (what the phrase and actor lists miss) and :mod:`helpers.corpus.inference` (a
  difference of word rates over a few documents).
"""
from __future__ import annotations

from helpers.corpus.load import DEFAULT_DATA_DIR, PROJECT_ROOT  # noqa: F401
from helpers.corpus.load import (  # noqa: F401
    REQUIRED_COLUMNS, OPTIONAL_COLUMNS, METADATA_COLUMNS, CLEANING_COLUMN, data_dir, DOC_COLUMNS,
    load_corpus, load_blocks, load_lines, load_layouts, rules_table, cleaning_report,
    cleaning_flags, comment_counts)
from helpers.corpus.units import (  # noqa: F401
    PARAGRAPH_META, paragraphs, speaker_sizes, block_type_sizes, DEFAULT_EVENTS, load_events)
