"""The claims notebook 01's prose makes about the seed corpus, checked on the real data (fail if a rerun
would contradict them)."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers import corpus
from helpers.corpus import dates
from helpers.corpus import frequencies
from helpers import text


@pytest.fixture(scope="module")
def seed():
    docs = corpus.load_corpus()
    paras = corpus.paragraphs(docs)
    return docs, paras


def test_united_states_outnumbers_russia_only_with_the_phrase_layer(seed):
    _, paras = seed
    ba = frequencies.before_after(paras, n=12)
    assert ba["with"].iloc[0] == "united_states" and ba["count_with"].iloc[0] > ba["count_with"].iloc[1]
    assert ba["without"].iloc[0] == "russia"
    assert {"united", "states"} <= set(ba["without"])


def test_every_us_reference_is_counted(seed):
    _, paras = seed
    forms = frequencies.phrase_forms(paras).set_index("canonical")
    n_plain = sum(t.count("U.S.") for t in paras["text"])
    assert forms.loc["united_states", "count"] >= n_plain + 16  # every U.S. plus the United States


def test_putin_is_the_one_actor_in_every_document_and_counts_agree(seed):
    docs, paras = seed
    actors = text.load_actors()
    rates = frequencies.actor_rates(paras, actors)
    everywhere = rates.groupby("actor")["mentions"].apply(lambda m: (m > 0).all())
    assert list(everywhere[everywhere].index) == ["Putin"]
    assert frequencies.mention_check(paras, actors)["agree"].all()
    m = rates.set_index(["doc_id", "actor"])["mentions"]
    assert m.loc[("cbs_2009", "Medvedev")] > m.xs("Medvedev", level="actor").drop("cbs_2009").max()
    assert m.xs("Biden", level="actor").drop("anon_2021").sum() == 0 and m.loc[("anon_2021", "Biden")] > 0
    assert m.loc[("rga_2012", "Bush")] > m.xs("Bush", level="actor").drop("rga_2012").sum()


def test_most_documents_are_near_a_summit_and_comments_file_has_lowest_body_share(seed):
    docs, _ = seed
    offsets = dates.days_from_summits(dates.date_intervals(docs), corpus.load_events())
    assert (offsets["closest_days"] <= 31).sum() > len(offsets) / 2
    sizes = corpus.block_type_sizes(corpus.load_blocks()).pivot(index="doc_id", columns="block_type", values="n_chars")
    share = sizes["body"] / sizes.sum(axis=1)
    with_comments = sizes.index[sizes["comment"] > 0]
    assert share.idxmin() in set(with_comments)


def test_rga_2012_interval_starts_after_los_cabos_and_intervals_agree_with_metadata(seed):
    docs, _ = seed
    iv = dates.date_intervals(docs).set_index("id")
    assert iv.loc["rga_2012", "earliest"] >= pd.Timestamp("2012-06-18")
    assert (iv["earliest"] >= iv["date"]).all()


def test_solution_claims_on_bigrams_and_spread(seed):
    docs, paras = seed
    toks = text.content_tokens(text.tokens(paras))
    nxt = toks.groupby("unit_id")["token"].shift(-1)
    pairs = toks.assign(bigram=toks["token"] + " " + nxt)[nxt.notna()]
    top = (pairs.groupby("bigram").agg(count=("bigram", "size"), doc_freq=("doc_id", "nunique")).reset_index()
           .sort_values(["count", "bigram"], ascending=[False, True], kind="stable").head(10).set_index("bigram"))
    assert top.loc["joint statement", "doc_freq"] >= 2
    lengths = text.document_lengths(paras)
    freq = frequencies.term_frequencies(toks, n_words=len(text.tokens(paras)))
    per_doc = frequencies.document_terms(toks, lengths)
    terms = list(freq["token"].head(12))
    grid = (per_doc[per_doc["token"].isin(terms)].pivot(index="doc_id", columns="token", values="per_1000_words")
            .reindex(index=list(docs["id"]), columns=terms).fillna(0.0))
    spread = grid.std() / grid.mean()
    names = {a.lower() for a in text.load_actors()["actor"]}
    assert spread.idxmax() in names and spread.idxmin() not in names


def test_the_top_lead_holds_in_some_documents_and_not_in_others(seed):
    _, paras = seed
    leads = frequencies.document_leads(text.tokens(paras), "united_states", "russia")
    assert (leads["lead"] > 0).any() and (leads["lead"] <= 0).any()  # "holds in some documents and not in others"
    k, n = int((leads["lead"] > 0).sum()), len(leads)
    assert "probability" in frequencies.lead_sentence(leads, "united_states", "russia") and k < n


def test_paragraph_and_document_bootstraps_report_their_unit(seed):
    _, paras = seed
    toks_all = text.tokens(paras)
    by_par = frequencies.rate_difference(toks_all, "united_states", "russia", unit="unit_id")
    by_doc = frequencies.rate_difference(toks_all, "united_states", "russia", unit="doc_id")
    assert by_par["n_units"] > by_doc["n_units"] == 5
    assert "whole documents" in frequencies.difference_sentence(by_doc)


def test_other_names_concentrate_in_one_document(seed):
    docs, paras = seed
    table = frequencies.concentrated_actors(frequencies.actor_rates(paras, text.load_actors()), docs)
    assert len(table) and "Putin" not in set(table["actor"])


def test_no_commenter_name_in_the_lists_or_stored_notebooks():
    from pathlib import Path
    from tests.test_real_corpus import COMMENTERS
    root = Path(__file__).resolve().parents[1]
    names = [n for n in COMMENTERS if " " in n or "-" in n]  # full display names, not common first names
    files = [root / "data" / "phrases.csv", root / "data" / "actors.csv",
             *sorted((root / "notebooks").glob("*.ipynb")), *sorted((root / "solutions").glob("*.ipynb"))]
    for f in files:
        body = f.read_text(encoding="utf-8").lower()
        for name in names:
            assert name.lower() not in body, (f.name, name)


def test_comment_only_entries_are_named_and_the_absent_actor_is_in_a_comment(seed):
    docs, paras = seed
    blocks = corpus.load_blocks()
    comments = blocks[blocks["block_type"] == "comment"]
    assert "only in reader comments" in frequencies.unused_terms_sentence(paras, comments)
    actors = text.load_actors()
    sentence = frequencies.absent_sentence(frequencies.actor_rates(paras, actors), actors, comments)
    assert "(only in a reader comment)" in sentence


def test_known_misses_occur_in_the_body(seed):
    _, paras = seed
    assert (frequencies.known_misses(paras)["count"] > 0).all()


def test_phrase_layer_adds_tokens_to_russia_russian_and_putin(seed):
    _, paras = seed
    plain = text.tokens(paras, phrases=False)["token"].value_counts()
    joined = text.tokens(paras)["token"].value_counts()
    for t in ("russia", "russian", "putin"):
        assert joined[t] > plain[t], t


def test_length_filter_is_redundant_on_the_seed_corpus(seed):
    _, paras = seed
    steps = frequencies.filter_steps(text.tokens(paras), 3).set_index("step")
    assert steps.loc["length", "removed"] == 0


def test_without_the_phrase_layer_putin_has_fewer_tokens_than_pattern_matches(seed):
    _, paras = seed
    plain = sum(t == "putin" for s in paras["text"] for t in text.tokenize(s, phrases=False))
    joined = sum(t == "putin" for s in paras["text"] for t in text.tokenize(s))
    pattern = int(text.actor_mentions(paras).query("actor == 'Putin'")["mentions"].sum())
    assert plain < pattern == joined


def test_summit_count_is_lowest_with_a_month_read_as_its_first_day_and_only_month_dates_move(seed):
    docs, _ = seed
    rules = dates.interval_rules(docs, corpus.data_dir() / "date_intervals.csv", ks=(0, 7, 15))
    table = dates.summit_sensitivity(rules, corpus.load_events(), 31).set_index("rule")
    assert table["within_31_days"].idxmin() == "metadata date as a point"
    assert table["within_31_days"].nunique() > 1  # the count moves with the rule
    moved = set.union(*[set(s.split(", ")) for s in table["near_ids"]]) - set.intersection(
        *[set(s.split(", ")) for s in table["near_ids"]])
    month = set(docs.loc[docs["date_precision"] == "month", "id"])
    assert moved and moved <= month
    never = set.intersection(*[set(s.split(", ")) for s in table["far_ids"]])
    assert never and never.isdisjoint(month)  # the document far under every rule is dated to the day
    iv, whole = dates.date_intervals(docs), dates.date_intervals(docs, narrow=False)
    narrowed = iv.set_index("id")["days_wide"] < whole.set_index("id")["days_wide"]
    assert dates.narrowed_sentence(iv, whole).startswith(f"{int(narrowed.sum())} of {len(iv)} date intervals")
    assert (docs.loc[docs["date_precision"] == "month", "date_evidence"].str.contains("summit|Los Cabos")).all()


def test_some_cleaning_rules_never_fire_on_the_seed_corpus(seed):
    from helpers.corpus import report as cleaning_report
    docs, _ = seed
    fired = cleaning_report.rule_firings(corpus.rules_table(), corpus.load_lines(), corpus.load_blocks(),
                                         list(docs["id"]))
    assert (fired["lines_total"] == 0).any() and (fired["lines_total"] > 0).any()


def test_russia_and_russian_together_outnumber_united_states(seed):
    _, paras = seed
    freq = frequencies.term_frequencies(text.content_tokens(text.tokens(paras)), n_words=1).set_index("token")
    assert freq.loc["russia", "count"] + freq.loc["russian", "count"] > freq.loc["united_states", "count"]


def test_solution_3_new_actors_keep_the_first_two_title_lines(seed):
    _, paras = seed
    actors = text.load_actors()
    new = pd.DataFrame({"actor": ["Saakashvili", "NATO"], "side": ["other", "other"],
                        "pattern": [r"\bSaakashvili\b", r"\bNATO\b"], "note": ["", ""],
                        "type": ["person", "institution"]})
    before = frequencies.actor_title(frequencies.actor_rates(paras, actors), "person").split("\n")
    after = frequencies.actor_title(frequencies.actor_rates(paras, pd.concat([actors, new], ignore_index=True)),
                                    "person").split("\n")
    assert before[:2] == after[:2]


def test_extra_short_stop_words_remove_nothing_and_no_document_is_flagged(seed):
    from helpers.corpus import report as cleaning_report
    _, paras = seed
    assert not text.tokens(paras)["token"].isin(["s", "t", "don"]).any()  # "they ... remove nothing here"
    report = corpus.cleaning_report()
    assert (cleaning_report.flagged_documents(report)["n_flags"] == 0).all()  # "zero flags here"
