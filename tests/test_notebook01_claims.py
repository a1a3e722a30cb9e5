"""The claims notebook 01's prose makes about the seed corpus, checked on the real data (fail if a rerun
would contradict them)."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers import corpus, dates, frequencies, text


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


def test_the_top_difference_has_an_interval_above_zero_for_every_seed(seed):
    _, paras = seed
    toks_all = text.tokens(paras)
    for s in range(5):
        d = frequencies.rate_difference(toks_all, "united_states", "russia", seed=s)
        assert d["low"] > 0 and d["difference"] > 0


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
    iv = dates.date_intervals(docs)
    assert (iv["source"] == "evidence").sum() == 3  # "three of the date intervals were narrowed"


def test_some_cleaning_rules_never_fire_on_the_seed_corpus(seed):
    from helpers import cleaning_report
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
