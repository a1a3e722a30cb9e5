"""Topic models on small corpora: the evidence behind lesson 02 (``from helpers import topics``).

The lesson itself shows scikit-learn's code; these modules serve the evidence notebook, the scripts that store
its tables, the solutions and the scale pipeline (``helpers/scale/``). By concern:

* :mod:`helpers.topics.dtm` -- document-term matrices built as the lesson builds them, the names dropped, the
  half split, the corpus fingerprint;
* :mod:`helpers.topics.fit` -- fitting NMF/LDA, top terms, unit shares and fit, per-document intervals;
* :mod:`helpers.topics.solutions` -- matching topics, many seeds clustered into solutions;
* :mod:`helpers.topics.evaluate` -- NPMI and the pieces of held-out coherence;
* :mod:`helpers.topics.select` -- the k sweep: margins over permuted copies, the one-SE rule, stored tables;
* :mod:`helpers.topics.check` -- the lesson's one check (topics coming back), its shuffled null, the passes to
  expect by chance, and the stored checks of the exercises;
* :mod:`helpers.topics.coherence` -- held-out coherence at one k against the permuted and within-document nulls;
* :mod:`helpers.topics.nulls` -- every null at one k over permutations, and the stored null tables;
* :mod:`helpers.topics.control` -- a positive control: the check on synthetic corpora with planted topics;
* :mod:`helpers.topics.plots` -- the evidence notebook's plots.

Units of analysis: every table says what its rows are (unit, topic, run, solution, k, permutation ...).
Everything is deterministic for given seeds: scikit-learn's ``random_state`` is always set and every sort has
an explicit tie-break.
"""
from __future__ import annotations

from helpers.topics.dtm import (DEFAULT_STOP_WORDS, DTM, PLACE_WORDS, build_dtm, corpus_fingerprint,  # noqa: F401
                                name_terms, split_units, term_analyzer)
from helpers.topics.evaluate import npmi_matrix, random_sets, top_indices  # noqa: F401
from helpers.topics.fit import (LARGE_CORPUS_LDA, LDA_MAX_ITER, NMF_MAX_ITER, TopicModel, fit_ceiling,  # noqa: F401
                                fit_model, share_intervals, subset_dtm, top_terms, topic_columns, unit_topics,
                                variance_explained)
from helpers.topics.plots import plot_against_nulls, plot_comeback_by_k, plot_doc_dots, plot_margins, plot_solutions  # noqa: F401
from helpers.topics.select import (CRITERIA, cached_sweep, edge_support, margin_summary, one_se_table,  # noqa: F401
                                   paired_difference, permuted_dtm, read_k, selection_by_splits,
                                   selection_grid_edges, split_list, sweep_settings, sweep_tables,
                                   within_document_permuted)
from helpers.topics.solutions import (average_jaccard, cosine_matrix, fit_seeds, hungarian, match_topics,  # noqa: F401
                                      matched_similarity, similarity_matrix, solution_table, solutions,
                                      term_agreement, topic_recovery)
