"""The moderators' core without Discord: periods, stale entries, stubs, explanations."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.engine import AnswerEngine, build_matcher
from bot.knowledge import load_knowledge
from bot.knowledge.loader import SLUG
from bot.matching.matcher import Band, Candidate, Thresholds
from bot.moderation import (
    _candidate_band,
    entry_stub,
    explain_question,
    parse_since,
    period_start,
    slug_for,
    stale_entries,
    stats_json,
    stats_lines,
)
from bot.store import Stats, UnansweredGroup

SHIPPED = Path(__file__).resolve().parents[1] / "knowledge"
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def engine() -> AnswerEngine:
    return AnswerEngine(build_matcher(SHIPPED), knowledge_path=SHIPPED)


def group(**changes: object) -> UnansweredGroup:
    base = UnansweredGroup(
        id=7, status="new", resolved_entry_id=None, count=3, first_seen=NOW, last_seen=NOW,
        best_entry_id="mcmi-duration", best_score=0.31,
        representative_text="How much does MCMI cost?",
        examples=("MCMI price?", "how much does mcmi cost", "What is MCMI?"),
        status_changed_at=None, asked_since_status_change=0, none_of_these=1)
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-01-31", datetime(2026, 1, 31, tzinfo=UTC)),
    ("2026-01-31T09:30", datetime(2026, 1, 31, 9, 30, tzinfo=UTC)),
    ("2026-01-31T09:30+02:00", datetime(2026, 1, 31, 7, 30, tzinfo=UTC)),
    ("7d", NOW - timedelta(days=7)),
    ("24h", NOW - timedelta(hours=24)),
    ("2w", NOW - timedelta(weeks=2)),
])
def test_since_values(text, expected):
    assert parse_since(text, NOW) == expected


def test_an_unreadable_since_names_the_forms():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_since("last tuesday", NOW)


def test_periods():
    assert period_start("7d", NOW) == NOW - timedelta(days=7)
    assert period_start("all", NOW) is None


def test_stale_entries_never_reviewed_first_then_oldest():
    kb = load_knowledge(SHIPPED)
    entries = list(kb.entries)
    entries[0] = replace(entries[0], last_reviewed=None)
    entries[1] = replace(entries[1], last_reviewed=date(2020, 1, 1))
    entries[2] = replace(entries[2], last_reviewed=date(2021, 1, 1))
    stale = stale_entries(replace(kb, entries=tuple(entries), by_id={}), date(2026, 11, 26),
                          stale_after_days=180)
    assert [(s.entry.id, s.age_days is None) for s in stale] == [
        (entries[0].id, True), (entries[1].id, False), (entries[2].id, False)]
    assert stale[1].age_days == (date(2026, 11, 26) - date(2020, 1, 1)).days


@given(st.text(max_size=300))
def test_slugs_are_valid_entry_ids(text):
    slug = slug_for(text, {"new-entry"})
    assert SLUG.match(slug) and len(slug) <= 64 and slug != "new-entry"


def test_stub_skips_phrasings_the_kb_already_has_and_leaves_the_answer_empty():
    kb = load_knowledge(SHIPPED)
    stub = entry_stub(group(), kb, date(2026, 3, 10))
    assert stub.startswith("  # unanswered group #7: asked 3 times, 2026-03-10 to 2026-03-10; "
                           "closest entry now: mcmi-duration (0.31)\n  - id: mcmi-cost\n")
    assert "      - MCMI price?\n" in stub
    assert "What is MCMI?" not in stub, "another entry's phrasing would not validate"
    assert "how much does mcmi cost\n" not in stub, "the question itself is not repeated"
    assert "answer: ''  # TODO" in stub and "last_reviewed: 2026-03-10" in stub


def test_explain_gives_each_candidate_its_band(engine):
    report = explain_question(engine, "How long is the MCMI Training?")
    assert report.band is Band.ANSWER and report.entry_id == "mcmi-duration"
    assert report.candidates[0].band is Band.ANSWER and report.candidates[0].notes == ()
    assert len(report.candidates) == 3
    close = explain_question(engine, "how long is it")
    assert close.band is Band.SUGGEST
    assert "ahead of the runner-up" in close.candidates[0].notes[-1], \
        "a near-tie says why the bot only suggests"
    for candidate in explain_question(engine, "how much does mcmi cost").candidates:
        if candidate.band is not Band.ANSWER:
            assert candidate.notes, "a lower band always says why"
    declined = explain_question(engine, "what is the weather like")
    assert declined.band is Band.DECLINE and declined.entry_id is None
    safety = explain_question(engine, "I want to kill myself")
    assert safety.band is Band.SAFETY


def test_explain_says_when_the_question_names_another_programme(engine):
    report = explain_question(engine, "what does IMTA stand for?")
    mcmi = next(c for c in report.candidates if c.entry_id == "what-is-mcmi")
    assert mcmi.band is Band.SUGGEST
    assert "names a programme or body this entry never names" in " ".join(mcmi.notes)


def test_explain_names_the_sentence_that_answered_and_the_question_left_open(engine):
    report = explain_question(engine, "How long is MCMI? And how much does it cost?")
    assert report.band is Band.ANSWER and report.entry_id == "mcmi-duration"
    assert report.answered_part == "How long is MCMI?"
    assert report.unanswered == ("And how much does it cost?",)
    # The candidates shown are the answering sentence's, so their bands agree with the verdict.
    assert report.candidates[0].entry_id == "mcmi-duration"
    assert report.candidates[0].band is Band.ANSWER


def test_explain_says_when_the_question_touches_too_little_of_the_phrasing():
    entry = load_knowledge(SHIPPED).entries[0]
    band, notes = _candidate_band(Candidate(entry, 0.9, 0.9, phrasing_coverage=0.3), Thresholds())
    assert band is Band.SUGGEST
    assert notes == ("the question matches 30% of its closest phrasing (needs 50%)",)
    assert _candidate_band(Candidate(entry, 0.9, 0.9, phrasing_coverage=0.3, exact=True),
                           Thresholds())[0] is Band.ANSWER


def test_stats_text_and_json():
    stats = Stats(since=NOW, questions=10, answered=6, suggested=2, declined=1, safety=1,
                  none_of_these=1, votes_helpful=3, votes_not_helpful=1,
                  top_entries=(("mcmi-duration", 4),), top_unanswered=((group(), 2),))
    lines = stats_lines(stats, "last 7 days")
    assert lines[0] == "Questions (last 7 days): 10"
    assert lines[1] == "Answered 6 (60%) · suggested 2 (20%) · declined 1 (10%) · safety 1"
    assert "Helpful: 3 of 4 votes (75%)" in lines
    assert "  #7 ×2: How much does MCMI cost?" in lines
    data = stats_json(stats)
    assert data["answered_rate"] == 0.6 and data["helpful_rate"] == 0.75
    assert data["top_unanswered"][0]["asked_in_period"] == 2


def test_explain_says_why_a_confident_match_was_held_back(engine):
    """The scores alone would answer these; the report names the rule that did not."""
    compared = explain_question(engine, "what's the difference between MBSR and MBCT?")
    assert compared.band is not Band.ANSWER
    assert "never uses" in " ".join(compared.candidates[0].notes)
    greeting = explain_question(engine, "good morning teaching circle")
    assert greeting.band is Band.DECLINE
    assert "small talk" in " ".join(greeting.candidates[0].notes)


def test_explain_judges_a_long_message_by_the_coverage_a_long_message_needs(engine):
    """/faqadmin test agrees with the bot on a long message it answers with 54% covered."""
    question = ("A couple of people in my evening class got overwhelmed during a body scan "
                "recently, does the training cover how to work with people who have trauma?")
    report = explain_question(engine, question)
    assert report.band is Band.ANSWER and report.entry_id == "mcmi-trauma-aware"
    top = report.candidates[0]
    assert top.band is Band.ANSWER and top.notes == ()
    # A short one covered as little gets a did-you-mean, and the report says what it needs.
    short = explain_question(engine, "overwhelmed during a body scan, does the training cover "
                                     "trauma?")
    assert short.band is Band.SUGGEST
    assert short.candidates[0].notes == ("covers 46% of the question (needs 55%)",)


def test_explain_shows_the_reading_without_the_lesser_alternative(engine):
    """The bot answers "is it 12 weeks or just 8?" as "is it 12 weeks?": /faqadmin test says
    so, and its candidates are that reading's, so they agree with the verdict."""
    report = explain_question(engine, "is it 12 weeks or just 8?")
    assert report.band is Band.ANSWER and report.entry_id == "mcmi-duration"
    assert report.read_as == "is it 12 weeks?"
    assert report.candidates[0].band is Band.ANSWER
