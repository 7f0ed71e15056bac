"""Grouping of unanswered questions: pure functions, no database."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.store.grouping import (
    DEFAULT_GROUPING_THRESHOLD,
    GroupIndex,
    cluster,
    crude_stem,
    default_analyzer,
    grouping_quality,
    pairwise_precision_recall,
    terms_of,
)
from bot.store.grouping_eval import LabelledSetError, load_labelled, main

EVAL = Path(__file__).resolve().parents[2] / "eval"
TUNING = EVAL / "unanswered-groups.yaml"
HOLDOUT = EVAL / "unanswered-groups-holdout.yaml"


@pytest.mark.parametrize(
    ("word", "stem"),
    [("payments", "payment"), ("starting", "start"), ("planned", "plan"), ("fees", "fee"),
     ("arrived", "arriv"), ("arrives", "arriv"), ("bursaries", "bursary"), ("class", "class"),
     ("status", "status"), ("mcmi", "mcmi"), ("12", "12")],
)
def test_crude_stem(word, stem):
    assert crude_stem(word) == stem


def test_default_analyzer_merges_paraphrases():
    same = {frozenset(default_analyzer(q)) for q in
            ("how much is mcmi", "MCMI price?", "whats the cost of the training",
             "fees for mcmi??", "what is the tuition fee")}
    assert same == {frozenset({"cost"})}


def test_default_analyzer_keeps_close_topics_apart():
    assert set(default_analyzer("can I get a refund")) != set(
        default_analyzer("is there a payment plan"))
    assert set(default_analyzer("when does the next cohort start")) != set(
        default_analyzer("how long is the course"))
    # "how much time" is a time question, not a price question.
    assert "cost" not in default_analyzer("how much time per week do i need")


def test_filler_only_text_still_groups_with_its_repeats():
    assert terms_of("Hello??", default_analyzer) == terms_of("hello", default_analyzer)
    assert terms_of("   ", default_analyzer) == {}


@given(st.text(max_size=200))
def test_default_analyzer_never_fails(text):
    terms = default_analyzer(text)
    assert all(isinstance(t, str) and t for t in terms)


def test_pairwise_precision_recall():
    assert pairwise_precision_recall(["a", "a", "b"], [1, 1, 2]) == (1.0, 1.0)
    # Everything in one group: recall perfect, precision = 1 true pair of 3.
    assert pairwise_precision_recall(["a", "a", "b"], [1, 1, 1]) == (pytest.approx(1 / 3), 1.0)
    # Everything apart: nothing wrongly together (precision 1), no pair found (recall 0).
    assert pairwise_precision_recall(["a", "a", "b"], [1, 2, 3]) == (1.0, 0.0)
    with pytest.raises(ValueError, match="same length"):
        pairwise_precision_recall(["a"], [1, 2])


@given(st.lists(st.sampled_from("abcd"), max_size=30), st.randoms())
def test_pairwise_scores_ignore_label_names(labels, rnd):
    predicted = [rnd.randint(1, 4) for _ in labels]
    renamed = [p * 10 + 7 for p in predicted]
    precision, recall = pairwise_precision_recall(labels, predicted)
    assert 0.0 <= precision <= 1.0 and 0.0 <= recall <= 1.0
    assert pairwise_precision_recall(labels, renamed) == (precision, recall)


def test_index_joins_typos_and_paraphrases():
    index = GroupIndex()
    ids = iter(range(1, 100))
    refund = index.assign(terms_of("refund policy?", default_analyzer), 50, lambda: next(ids))
    # "refnd" is read as "refund": it is within a typo of a term the index knows.
    again = index.assign(terms_of("refnd policy for mcmi", default_analyzer), 50,
                         lambda: next(ids))
    plan = index.assign(terms_of("is there a payment plan", default_analyzer), 50,
                        lambda: next(ids))
    assert again == refund
    assert plan != refund
    index.remove(refund)
    assert refund not in index
    assert index.best_match(terms_of("refund please", default_analyzer), 50) is None


def test_tuning_set_quality():
    """The shipped default (analyser and threshold) groups the tuning set well."""
    pairs = load_labelled(TUNING)
    assert len(pairs) >= 120
    precision, recall = grouping_quality(pairs)
    assert precision >= 0.9, precision
    assert recall >= 0.9, recall


def test_holdout_set_is_well_formed():
    # Its figures are reported, not asserted: it must never become a tuning target.
    pairs = load_labelled(HOLDOUT)
    assert len(pairs) >= 40
    assert not {q for q, _ in pairs} & {q for q, _ in load_labelled(TUNING)}


def test_load_labelled_names_the_bad_item(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text('- {q: "fine", group: a}\n- {q: 3}\n', encoding="utf-8")
    with pytest.raises(LabelledSetError, match=r"bad\.yaml: item 2"):
        load_labelled(bad)


def test_eval_main_prints_both_figures(capsys):
    assert main([str(TUNING)]) == 0
    out = capsys.readouterr().out
    assert "precision" in out and "recall" in out


def test_cluster_is_order_stable_for_exact_repeats():
    texts = ["when is the application deadline"] * 3 + ["visa letter?"] * 2
    groups = cluster(texts)
    assert len(set(groups[:3])) == 1 and len(set(groups[3:])) == 1 and groups[0] != groups[3]


def test_index_scales_to_thousands_of_groups():
    """Thousands of open groups: each question is compared with a few, not all of them."""
    rnd = random.Random(7)
    vocabulary = [f"w{i}x" for i in range(3000)]
    index = GroupIndex()
    for group_id in range(1, 4001):
        index.add(group_id, dict.fromkeys(rnd.sample(vocabulary, 4), 1) | {"common": 1})
    queries = [dict.fromkeys(rnd.sample(vocabulary, 3), 1) for _ in range(150)]
    # A term every group has must not make every group a candidate.
    queries += [dict.fromkeys(rnd.sample(vocabulary, 2), 1) | {"common": 1} for _ in range(150)]
    started = time.perf_counter()
    for query in queries:
        index.best_match(index.correct(query), DEFAULT_GROUPING_THRESHOLD)
    per_query = (time.perf_counter() - started) / len(queries)
    assert per_query < 0.005, f"{per_query * 1000:.2f} ms per question"
    # Only common terms: the search still happens (exact repeats must meet).
    assert index.best_match({"common": 1}, 0) is not None
