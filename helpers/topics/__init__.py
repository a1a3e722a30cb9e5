"""Topic models on small corpora: the public entry point (``from helpers import topics``).

The work is split by concern; everything is re-exported here, so ``topics.build_dtm`` etc. keep working:

* :mod:`helpers.topics_dtm` -- document-term matrices, names and places, unit sizes, the half split;
* :mod:`helpers.topics_fit` -- fitting NMF/LDA, top and FREX terms, unit shares and fit, representative units;
* :mod:`helpers.topics_solutions` -- matching topics, many seeds clustered into solutions, recovery, Greene
  subsample stability;
* :mod:`helpers.topics_eval` -- the pieces of NPMI coherence on held-out units against a random-term baseline
  (NPMI matrix, top-term columns, frequency-matched random terms, half-sample fits), the unit-agreement null;
* :mod:`helpers.topics_select` -- choosing k: margins over nulls (random terms, column-permuted matrix),
  repeated splits, the one-SE rule, edge picks, the precomputed sweep;
* :mod:`helpers.topics_read` -- labels kept as data, terms in context, quotes, printed sentences;
* :mod:`helpers.topics_nulls` -- chance levels at the k read from permuted matrices (imported on its own:
  ``from helpers import topics_nulls``);
* :mod:`helpers.topics_plot` -- the plots.

Units of analysis: every table says what its rows are (unit, topic, run, solution, k ...), see each module.
Everything is deterministic for given seeds: scikit-learn's ``random_state`` is always set, topics are
numbered by prevalence and every sort has an explicit tie-break.
"""
from __future__ import annotations

from helpers.topics.dtm import (DEFAULT_STOP_WORDS, DTM, PLACE_NAMES, build_dtm, content_words, given_names,  # noqa: F401
                         term_analyzer,
                         name_patterns, split_units, strip_names, unit_sizes, vocabulary_steps)
from helpers.topics.evaluate import (agreement_null, npmi_coherence, npmi_matrix, random_sets, top_indices,  # noqa: F401
                          unit_agreement)
from helpers.topics.fit import (LARGE_CORPUS_LDA, LDA_MAX_ITER, NMF_MAX_ITER, TopicModel, fit_model,  # noqa: F401
                         fit_ceiling, fit_reference, fit_sentence, frex_terms, representative_units, share_intervals, subset_dtm, top_terms, topic_columns,
                         topic_labels, topic_shares, unit_topics, variance_explained)
from helpers.topics.plots import plot_doc_dots, plot_margins, plot_solutions, plot_sweep, plot_top_terms  # noqa: F401
from helpers.topics.read import (LABELS_FILE, and_list, assign_labels, format_quotes, k_sentence,  # noqa: F401
                          solutions_title,
                          load_labels, solution_sentence, surviving_names, term_contexts, terms_in)
from helpers.topics.solutions import (average_jaccard, cosine_matrix, fit_seeds, hungarian, match_topics,  # noqa: F401
                               matched_similarity, pick_run,
                               similarity_matrix, solution_table, solutions, stability, subsample_stability,
                               term_agreement, topic_recovery)
from helpers.topics.select import (CRITERIA, cached_sweep, edge_support, grid_sentence, margin_sentences,  # noqa: F401
                            margin_summary, one_se_table, permuted_dtm, read_k, selection_grid_edges, split_list,
                            sweep_settings, sweep_tables, corpus_fingerprint, heldout_coherence, coherence_interval,
                            evidence_sentence)
