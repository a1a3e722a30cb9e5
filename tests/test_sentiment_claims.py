"""Every finding the prose of notebook 03 states, held true by the stored outputs: the lesson
(notebooks/03_sentiment.ipynb), its evidence notebook (notebooks/evidence/03_sentiment_evidence.ipynb) and the worked
solutions (solutions/03_sentiment_solutions.ipynb). Each test reads the stored notebook JSON, finds the output of the
cell that computes a number, and checks the claim the markdown makes about it (and, where it matters, that the claim
is still in the markdown)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "03_sentiment.ipynb"
EVIDENCE = ROOT / "notebooks" / "evidence" / "03_sentiment_evidence.ipynb"
SOLUTIONS = ROOT / "solutions" / "03_sentiment_solutions.ipynb"


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def markdown(path: Path) -> str:
    return "\n".join("".join(c["source"]) for c in cells(path) if c["cell_type"] == "markdown")


def output(path: Path, marker: str) -> str:
    """The text outputs (streams and text/plain) of the first code cell whose source contains ``marker``."""
    for c in cells(path):
        if c["cell_type"] == "code" and marker in "".join(c["source"]):
            parts = []
            for o in c["outputs"]:
                parts.append("".join(o.get("text", "")))
                parts.append("".join(o.get("data", {}).get("text/plain", "")))
            return "\n".join(parts)
    raise AssertionError(f"no code cell containing {marker!r} in {path.name}")


def numbers(pattern: str, text: str) -> list[float]:
    """The numbers captured by ``pattern`` (groups) in ``text``; fails if the pattern is not found."""
    m = re.search(pattern, text)
    assert m, f"pattern {pattern!r} not found in:\n{text[:1500]}"
    return [float(g) for g in m.groups()]


def prose(path: Path) -> str:
    """The markdown with line breaks and the comment marks of quoted boxes removed (phrases may wrap)."""
    return re.sub(r"\s+", " ", markdown(path).replace("\n> ", " "))


NUM = r"([-+]?\d+\.\d+)"


# --------------------------------------------------------------------------- the lesson


@pytest.fixture(scope="module")
def lesson():
    return prose(LESSON)


def test_lesson_links_its_evidence_and_keeps_the_parameters_small(lesson):
    assert "evidence/03_sentiment_evidence.ipynb" in markdown(LESSON)
    params = next("".join(c["source"]) for c in cells(LESSON) if "parameters" in c["metadata"].get("tags", []))
    assert len([ln for ln in params.splitlines() if re.match(r"^[A-Z_]+ = ", ln)]) <= 8


def test_lesson_imports_only_loading_text_plot_style_and_the_small_loader():
    code = "\n".join("".join(c["source"]) for c in cells(LESSON) if c["cell_type"] == "code")
    helpers = set(re.findall(r"^from (helpers[\w.]*) import (.+)$", code, flags=re.M))
    assert helpers == {("helpers", "corpus, text"), ("helpers.plots", "use_style"),
                       ("helpers.sentiment", "load as sentiment_data")}
    assert "from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer" in code


def test_the_most_and_least_positive_documents_differ(lesson):
    out = output(LESSON, "def mean_draws(")
    gap = numbers(r"mt_2012 minus rga_2012: " + NUM + r" \[95% CI " + NUM + ", " + NUM + r"\]", out)
    assert gap[1] > 0
    means = re.findall(r"^(\w+_\d+)\s+" + NUM, out, flags=re.M)
    assert means[0][0] == "mt_2012" and means[-1][0] == "rga_2012"
    assert "mt_2012 reads most positive and rga_2012 least; the interval of that difference excludes 0" in lesson


def test_cnn_2012_is_the_one_real_divergence_in_rank(lesson):
    out = output(LESSON, "reference = sentiment_data.ai_reference()")
    ranks = {d: (int(v), int(r)) for d, v, r in re.findall(r"^(\w+)\s+\S+\s+\S+\s+(\d)\s+(\d)\s*$", out, flags=re.M)}
    assert ranks["cnn_2012"] == (2, 5)
    assert max(abs(v - r) for d, (v, r) in ranks.items() if d != "cnn_2012") <= 2
    assert ("VADER ranks **cnn_2012** second most positive, the reference ranks it last: three places apart, where no "
            "other document moves more than two") in lesson


def test_the_cnn_sentences_show_negation_however_and_a_counterfactual(lesson):
    out = output(LESSON, 'close["rank_gap"]')
    assert "cnn_2012:p01:s03  VADER +0.70  reference -2" in out and "greater +1.5, trust +2.3" in out
    assert "The consequence, however, was a lost opportunity" in out
    assert "what should have been a genuine moment of mutual benefit" in out
    for phrase in ("the negation stands more than three words before them", '"However" is outside VADER\'s contrast rule',
                   "a counterfactual no word list sees"):
        assert phrase in lesson


def test_the_one_check_vader_one_rater_ceiling_and_the_news_tuned_scorer(lesson):
    bench = output(LESSON, "ratings = np.array(")
    one, half, rel, ceiling = (numbers(label + r"\s+" + NUM, bench)[0] for label in
                               ("one rater vs. the other 19", "split-half r", "reliability of the 20-rating mean",
                                "noise ceiling"))
    assert (one, half, rel, ceiling) == (0.714, 0.919, 0.958, 0.979)   # as the methods review re-derived them
    assert numbers(r"lowest of the 20 positions\s+" + NUM, bench) == [0.682]
    assert numbers(r"highest of the 20 positions\s+" + NUM, bench) == [0.750]
    check = output(LESSON, "members = list(nyt.groupby")
    vader = numbers(r"vader\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM, check)
    tuned = numbers(r"news_tuned\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM, check)
    gain = numbers(r"News-tuned minus VADER: " + NUM + r" \[95% CI " + NUM + ", " + NUM + r"\]", check)
    assert vader[0] == 0.503 and vader[1] < 0.503 < vader[2]
    assert round(tuned[0], 2) == 0.63 and tuned[2] < one                # below one rater, interval included
    assert gain[1] > 0                                                  # "better than VADER": interval above 0
    assert vader[2] < one and round(vader[0], 2) == 0.50 and round(one, 2) == 0.71 and round(ceiling, 2) == 0.98
    assert "at r ≈ 0.50. One reader alone agrees with the other 19 at r ≈ 0.71" in lesson
    assert "a perfect scorer could reach r ≈ 0.98" in lesson and "reaches r ≈ 0.63" in lesson
    assert "5190 sentences from 498 editorials" in check


def test_the_target_scorer_beside_vader_and_the_published_benchmark(lesson):
    out = output(LESSON, "sentiment_data.newsmtsc_scores(")
    assert numbers(r"GRU-TSC \(Hamborg & Donnay 2021\)\s+" + NUM, out) == [0.825]
    target = numbers(r"target scorer \(this project\)\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM, out)
    vader = numbers(r"VADER, whole sentence \(±0\.05\)\s+" + NUM, out)
    diff = numbers(r"target scorer − VADER \(±0\.05\)\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM, out)
    assert round(target[0], 2) == 0.62 and round(vader[0], 1) == 0.5 and diff[1] > 0.05
    assert "The target scorer (macro-F1 ≈ 0.62) is better than giving each mention its sentence's VADER class (≈ 0.50" \
        in lesson and "(0.825)" in lesson


def test_the_russia_us_gap_in_negative_mentions_includes_zero(lesson):
    out = output(LESSON, "negative_gap(")
    gap, lo, hi = numbers(r"Russia minus United States: " + NUM + r" \[95% CI " + NUM + ", " + NUM + r"\]", out)
    assert lo < 0 < hi
    assert "the Russia − United States gap in negative mentions has an interval that includes 0" in lesson


def test_the_limits_hold():
    from helpers import corpus, text
    from helpers.sentiment import target_eval

    units = text.sentences(corpus.paragraphs(corpus.load_corpus(), include=("comment",)))
    assert len(units[units["doc_id"] == "cnn_2012"]) == 23
    pred = target_eval.stored_devtest_predictions()
    assert 0.45 < pred["in_training_article"].mean() < 0.55            # "about half"
    lesson = prose(LESSON)
    assert "(cnn_2012 has 23 comment sentences)" in lesson
    assert "About half of NewsMTSC's test mentions come from articles that also appear in its training file" in lesson


# --------------------------------------------------------------------------- the evidence notebook


@pytest.fixture(scope="module")
def evidence():
    return prose(EVIDENCE)


def test_evidence_links_its_lesson_and_the_provenance_file(evidence):
    md = markdown(EVIDENCE)
    assert "../03_sentiment.ipynb" in md and "data/annotations/PROVENANCE_tone.md" in md
    assert (ROOT / "data" / "annotations" / "PROVENANCE_tone.md").is_file()


def test_ai_coded_reference_is_named_as_such_everywhere():
    for path in (LESSON, EVIDENCE, SOLUTIONS):
        shown = [markdown(path)] + ["".join(c["source"]) + json.dumps([o.get("text", "") for o in c["outputs"]])
                                    + json.dumps([o.get("data", {}).get("text/plain", "") for o in c["outputs"]])
                                    for c in cells(path) if c["cell_type"] == "code"]
        assert "gold" not in "\n".join(shown).lower(), path.name
    assert "blind to every method" not in prose(EVIDENCE)
    assert "AI-coded reference" in prose(LESSON) and "AI-coded reference" in prose(EVIDENCE)


def test_1_both_implementations_land_near_the_published_r(evidence):
    out = output(EVIDENCE, "reproduction = sentiment.vader_reproduction(")
    ref = numbers(r"reference VADER \(vaderSentiment\)\s+" + NUM, out)[0]
    port = numbers(r"NLTK port\s+" + NUM, out)[0]
    pub = numbers(r"published \(Hutto & Gilbert 2014\)\s+" + NUM, out)[0]
    assert (ref, port, pub) == (0.503, 0.490, 0.492)
    assert abs(ref - pub) <= 0.02 and abs(port - pub) <= 0.02 and abs(port - pub) < abs(ref - pub)
    assert "this check cannot tell the two implementations apart" in evidence
    diff = output(EVIDENCE, "sentences scored differently by the two implementations")
    assert numbers(r"(\d+) of 5190; on opposite sides of 0: (\d+)", diff + ".0") and "229 of 5190" in diff
    assert "on opposite sides of 0: 37" in diff


def test_2_human_benchmarks(evidence):
    out = output(EVIDENCE, "humans = val.single_rater_r(")
    assert numbers(r"single-rater benchmark.*?" + NUM + r"\s+" + NUM + r"\s+" + NUM, out) == [0.714, 0.682, 0.750]
    assert numbers(r"split-half r.*?" + NUM, out)[0] == 0.919
    assert numbers(r"Spearman-Brown\)\s+" + NUM, out)[0] == 0.958
    assert numbers(r"noise ceiling.*?" + NUM, out)[0] == 0.979
    assert "r = 0.714 on average (0.682–0.750 over positions)" in evidence and "r = 0.979" in evidence


def test_3_methods_against_the_mean_rating(evidence):
    out = output(EVIDENCE, "valid = val.validation_table(")
    r = {m: numbers(re.escape(m) + r"\s+Pearson r\s+" + NUM, out)[0]
         for m in ("VADER", "TextBlob", "VADER (NLTK port)", "news-tuned (out-of-fold)")}
    assert r == {"VADER": 0.503, "TextBlob": 0.299, "VADER (NLTK port)": 0.490, "news-tuned (out-of-fold)": 0.631}
    d1 = numbers(r"Pearson r\s+news-tuned \(out-of-fold\)\s+VADER\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM, out)
    d2 = numbers(r"Pearson r\s+VADER\s+TextBlob\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM, out)
    assert d1 == [0.128, 0.109, 0.146] and d2 == [0.204, 0.174, 0.235]
    s = {m: numbers(re.escape(m) + r"\s+Spearman r\s+" + NUM, out)[0] for m in r}
    assert sorted(s, key=s.get) == sorted(r, key=r.get)                 # Spearman orders them the same way
    assert max(r.values()) < 0.714
    assert "+0.128 [95% CI +0.109, +0.146]" in evidence and "+0.204 [+0.174, +0.235]" in evidence


def test_4_nested_cv_repeats_and_the_design_history(evidence):
    out = output(EVIDENCE, "rated_lexicons.lexicon_sources()")
    repeats = [float(x) for x in re.findall(r"^\d\s+\d\s+(0\.\d+)\s+0\.\d+", out, flags=re.M)]
    assert len(repeats) == 5 and (min(repeats), max(repeats)) == (0.628, 0.631)
    assert "in 25 of 25 outer folds" in out
    hist = output(EVIDENCE, "history = nyt_history.design_history()")
    assert "0.593" in hist
    assert numbers(r"stacked\s+ridge layer alone\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM, hist) == [0.015, 0.011, 0.019]
    assert "r = 0.628–0.631 over the five repeats" in evidence and "+0.015 [+0.011, +0.019]" in evidence


def test_5_three_classes(evidence):
    out = output(EVIDENCE, 'nyt["truth_class"] = cls.rater_classes(')
    f1 = {m: numbers(re.escape(m) + r"\s+macro-F1\s+" + NUM + r"\s+\S+\s+\S+\s+" + NUM, out)
          for m in ("VADER", "TextBlob", "news-tuned (out-of-fold)")}
    assert (f1["news-tuned (out-of-fold)"][0], f1["VADER"][0], f1["TextBlob"][0]) == (0.596, 0.573, 0.457)
    assert all(0.32 <= v[1] <= 0.34 for v in f1.values())
    assert numbers(r"macro-F1\s+news-tuned \(out-of-fold\)\s+VADER\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM, out) == [
        0.023, 0.009, 0.036]
    robust = output(EVIDENCE, "seeds = [SEED, SEED + 1, SEED + 2]")
    rows = re.findall(r"^\d\s+\d+\s+\d+\s+\S+\s+\S+\s+\S+\s+" + NUM + r"\s+" + NUM, robust, flags=re.M)
    assert len(rows) == 4 and all(float(lo) > 0 for lo, _ in rows)
    title = [c for c in cells(EVIDENCE) if "hardest = min(recall" in "".join(c["source"])]
    assert title and "the positive class is the one the methods find least often" in evidence.lower()


def test_6_the_two_ai_runs_agree(evidence):
    out = output(EVIDENCE, "reference = ref.load_reference()")
    assert numbers(r"alpha \(interval, -2\.\.\+2\)\s+" + NUM, out)[0] == 0.940
    assert round(numbers(r"Cohen's kappa \(3 classes\)\s+" + NUM, out)[0], 2) == 0.86
    assert "differ in value on 23, in class on 14" in out
    for phrase in ("There is no human subsample", "consistency within one model family",
                   "had already seen VADER's scores of these sentences", "its rule 4", "its rule 6"):
        assert phrase in evidence


def test_7_methods_against_the_reference(evidence):
    out = output(EVIDENCE, "g = ref.attach(reference, scored)")
    sp = {m: numbers(r"\d\s+" + re.escape(m) + r"\s+" + NUM + r"\s+\S+\s+\S+\s+" + NUM, out)
          for m in ("VADER", "TextBlob", "news-tuned")}
    assert (sp["VADER"], sp["news-tuned"], sp["TextBlob"][0]) == ([0.406, 0.493], [0.528, 0.468], 0.087)
    diffs = output(EVIDENCE, "ref_pairs = [")
    assert numbers(r"Spearman r\s+news-tuned\s+VADER\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM, diffs) == [0.121, 0.019,
                                                                                                      0.216]
    assert numbers(r"macro-F1\s+news-tuned\s+VADER\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM, diffs) == [-0.025, -0.101,
                                                                                                    0.051]
    assert numbers(r"Spearman r\s+VADER\s+VADER, names not masked\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM, diffs) == [
        -0.0, -0.051, 0.052]
    lodo = [float(x) for x in re.findall(r"^\d\s+\w+\s+\d+\s+\S+\s+\S+\s+" + NUM + r"\s*$", diffs, flags=re.M)]
    assert len(lodo) == 5 and all(x > 0 for x in lodo)
    assert "+0.121 [+0.019, +0.216], above 0 in all five runs" in evidence
    assert "−0.025 [−0.101, +0.051]" in evidence


def test_8_class_balance_not_scale(evidence):
    out = output(EVIDENCE, "news-tuned sd: corpus")
    assert numbers(r"news-tuned sd: corpus " + NUM + r", NYT out-of-fold " + NUM, out) == [0.133, 0.139]
    assert numbers(r"neutral\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM, out) == [41.0, 60.0, 76.0]
    assert numbers(r"cuts fitted on the reference\s+NaN\s+" + NUM + r"\s+" + NUM, out) == [0.508, 0.523]
    assert "call 76 of the 152 corpus sentences neutral, where the reference has 41" in evidence
    assert "the two methods tie (0.523 vs 0.508)" in evidence and "calibration mismatch" not in evidence
    assert "46 %" in evidence and round(2413 / 5190, 2) == 0.46


def test_9_the_shift_between_adjudications_by_source(evidence):
    src = output(EVIDENCE, "sources = ref.adjudication_sources(")
    shift = {(m, s): numbers(re.escape(m) + r"\s+" + re.escape(s) + r"\s+(\d+)\s+\S+\s+\S+\s+" + NUM, src)
             for m in ("VADER", "news-tuned") for s in ("adjudicator (had seen scores)", "rounding rule", "total")}
    assert shift[("VADER", "adjudicator (had seen scores)")] == [4, 0.015]
    assert shift[("VADER", "rounding rule")] == [7, 0.006] and shift[("VADER", "total")] == [11, 0.021]
    assert abs(shift[("news-tuned", "total")][1]) <= 0.005                      # "barely moves"
    moved = re.findall(r"^\d+\s+\S+\s+0\s+-1\s+-1\s+0\s+adjudicator \(had seen scores\)\s+" + NUM, src, flags=re.M)
    assert sorted(round(float(v), 2) for v in moved) == [0.57, 0.74]
    assert ("+0.015 comes from the 4 decisions of the adjudicator who had seen the scores, and +0.006 from the 7 values "
            "the rounding rule set") in evidence
    assert "from −1 to 0 where VADER scores it +0.74 and +0.57" in evidence


def test_10_document_ranks(evidence):
    out = output(EVIDENCE, "z = sentiment.standardise(")
    assert numbers(r"VADER\s+" + NUM + r"\s+" + NUM, out) == [0.3, 0.683]
    assert numbers(r"news-tuned\s+" + NUM + r"\s+" + NUM, out) == [0.3, 0.683]
    assert numbers(r"cnn_2012\s+(\d)\s+(\d)\s+(\d)", out) == [5.0, 2.0, 3.0]
    assert "The one real divergence is **cnn_2012**: VADER ranks it 2nd most positive, the reference 5th (the " \
           "news-tuned scorer 3rd)" in evidence


def test_11_body_minus_comments_resamples_whole_comments(evidence):
    out = output(EVIDENCE, "commented = scored_all[")
    whole = numbers(r"whole comments and paragraphs\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM + r"\s+38\s+23\s+10\s+8",
                    out)
    single = numbers(r"single sentences\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM, out)
    assert whole[0] == 0.481 and (round(whole[1], 2), round(whole[2], 2)) == (0.20, 0.72) and whole[1] > 0
    assert (round(single[1], 2), round(single[2], 2)) == (0.26, 0.68)
    assert "the interval [0.20, 0.72], wider than the [0.26, 0.68]" in evidence


def test_12_newsmtsc_beside_the_published_benchmark_and_the_overlap(evidence):
    choice = output(EVIDENCE, "target_eval.model_choice(")
    ties = re.findall(r"^\d\s+\w+\s+\S+\s+\w+(?:\s+\S+){5}\s+(True|False)\s*$", choice, flags=re.M)
    assert ties == ["True", "True", "True", "True", "False"]                # "the top four ... a tie"
    out = output(EVIDENCE, "evaluation = target_eval.devtest_evaluation(")
    assert numbers(r"GRU-TSC \(Hamborg & Donnay 2021\)\s+" + NUM, out) == [0.825]
    assert numbers(r"previous state of the art \(ibid\.\)\s+" + NUM, out) == [0.812]
    last = r".* " + NUM + r" \[" + NUM + ", " + NUM + r"\]\s*$"       # the last column: macro-F1 [CI]
    assert numbers(r"(?m)^target_sentiment\s{2,}" + last, out) == [0.623, 0.591, 0.650]
    assert numbers(r"(?m)^target_sentiment - sentence VADER, learned cuts\s" + last, out) == [0.107, 0.074, 0.145]
    overlap = output(EVIDENCE, "pred = target_eval.stored_devtest_predictions()")
    assert "735 of 1476 (49.8%)" in overlap
    also = numbers(r"target_sentiment\s+article also in training\s+735\s+" + NUM, overlap)[0]
    nott = numbers(r"target_sentiment\s+article not in training\s+741\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM, overlap)
    diff = numbers(r"target_sentiment\s+difference \(also minus not\)\s+1476\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM,
                   overlap)
    assert also == 0.641 and nott == [0.601, 0.553, 0.637] and diff == [0.041, -0.010, 0.103]
    for phrase in ("0.623 [0.591, 0.650]", "0.825 on the same split", "49.8 % of the test mentions",
                   "on the rest 0.601 [0.553, 0.637]", "+0.041 [−0.010, +0.103], is not distinguishable from 0"):
        assert phrase in evidence


def test_13_sides_do_not_differ(evidence):
    out = output(EVIDENCE, "actors = text.load_actors()")
    rows = re.findall(r"^\d\s+(negative|neutral|positive)\s+Russia\s+United States\s+44\s+52\s+" + NUM + r"\s+" + NUM
                      + r"\s+" + NUM, out, flags=re.M)
    assert len(rows) == 3 and all(float(lo) < 0 < float(hi) for _, _, lo, hi in rows)
    assert numbers(r"(?m)^Russia\s+(\d+)\s+(\d+)\s*$", out) == [5.0, 39.0]
    assert numbers(r"(?m)^United States\s+(\d+)\s+(\d+)\s*$", out) == [10.0, 42.0]
    assert "39 of Russia's 44 mentions and 42 of the United States' 52" in evidence


def test_14_no_construction_goes_with_a_larger_gap(evidence):
    out = output(EVIDENCE, "body_patterns = {")
    rows = re.findall(r"(negation|contrast|hedging|irony marker)\s+(\d+)\s+\d+(?:\s+\S+){3}\s+" + NUM + r"\s+" + NUM,
                      out)
    assert len(rows) == 4 and all(float(lo) < 0 < float(hi) for _, _, lo, hi in rows)
    counts = {name: int(n) for name, n, _, _ in rows}
    assert min(counts[k] for k in ("negation", "contrast", "hedging")) == 16
    assert max(counts[k] for k in ("negation", "contrast", "hedging")) == 38 and counts["irony marker"] == 3
    assert "with 16–38 sentences per construction, and 3 comment sentences with an irony marker" in evidence


def test_15_masking(evidence):
    out = output(EVIDENCE, "moved = sentiment.masking_effect(")
    assert "masking changed the text of 81 of 175 sentences and VADER's score of 17" in out
    assert "Masking changes the text of 81 of 175 sentences but VADER's score of only 17" in evidence


# --------------------------------------------------------------------------- the worked solutions


@pytest.fixture(scope="module")
def solutions():
    return prose(SOLUTIONS)


def test_solution_1_the_gap_between_the_gains_has_an_interval(solutions):
    out = output(SOLUTIONS, "draws = bootstrap_samples(")
    for m in ("VADER", "TextBlob"):
        assert numbers(re.escape(m) + r"\s+" + NUM + r"\s+" + NUM, out)[1] > 0          # each gain above 0
    gap, lo, hi = numbers(r"TextBlob − VADER\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM, out)
    assert lo < 0 < hi and round(gap, 3) == 0.007
    cuts = output(SOLUTIONS, "nyt = sentiment_data.nyt_ratings()")
    assert "'positive': 0.207" in cuts
    assert numbers(r"VADER\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM, cuts)[4] == 0.358
    assert "the difference of the two gains has an interval that includes 0" in solutions
    assert "VADER calls 36 % of the sentences positive and TextBlob 39 %, where the raters call 21 %" in solutions


def test_solution_2_masking_keeps_the_order(solutions):
    out = output(SOLUTIONS, 'sentences["masked"] = ')
    rows = re.findall(r"^(\w+_\d+)\s+" + NUM + r"\s+" + NUM + r"\s+" + NUM + r"\s+(\d)\s+(\d)\s+(\d)\s*$", out,
                      flags=re.M)
    assert len(rows) == 5
    assert all(r[4] == r[5] for r in rows) and max(abs(float(r[1]) - float(r[2])) for r in rows) <= 0.06
    assert {r[0]: (r[4], r[6]) for r in rows}["cnn_2012"] == ("2", "5")


def test_solution_3_keeps_the_type_column_and_says_what_an_empty_table_means(solutions):
    out = output(SOLUTIONS, "actors_file = Path(tempfile.mkdtemp())")
    assert re.search(r"NATO\s+other\s+\\bNATO\\b\s+the North Atlantic alliance\s+institution", out)
    assert re.search(r"Ukraine\s+other\s+\\bUkrain\\w\*\s+Ukraine \(country\)\s+country", out)
    moved = output(SOLUTIONS, "moved = old[")
    assert "'other' has 6 mentions" in moved and "of which 0 changed class" in moved
    assert "None of the 96 mentions of the old actors changed class" in solutions
    assert "subtler effect" not in solutions


def test_solution_4_the_rewrites(solutions):
    out = output(SOLUTIONS, "pairs = [(")
    vals = [float(v) for v in re.findall(r"^\d\s+(?:original|rewrite)\s+.*?\s" + NUM + r"\s*$", out, flags=re.M)]
    assert len(vals) == 4 and vals[0] > 0 > vals[1] and vals[2] == vals[3] > 0
