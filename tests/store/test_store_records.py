"""Recording and reading back: the question log, unanswered groups, votes, stats, privacy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from bot.store import GroupNotFoundError, QuestionEvent, Store, StoreError

from .conftest import rows

NOW = datetime.now(UTC)


def ask(text, band="decline", entry=None, score=0.1, *, user="u1", channel="c1",
        source="discord", at=None):
    return QuestionEvent(text, band, entry, score, source, user, channel, at or datetime.now(UTC))


async def test_record_flush_and_read_back(store, db_path):
    await store.record_question(ask("how long is mcmi", "answer", "mcmi-duration", 0.92))
    await store.record_question(ask("how much is mcmi", "decline", None, 0.12))
    await store.record_question(ask("MCMI price?", "suggest", "fees", 0.44, user="u2"))
    assert store.health.pending == 3
    assert await store.flush()
    assert store.health.pending == 0 and not store.health.degraded
    assert rows(db_path, "SELECT band, entry_id, score, source, user_id, channel_id"
                         " FROM questions ORDER BY id") == [
        ("answer", "mcmi-duration", 0.92, "discord", "u1", "c1"),
        ("decline", None, 0.12, "discord", "u1", "c1"),
        ("suggest", "fees", 0.44, "discord", "u2", "c1"),
    ]
    assert rows(db_path, "SELECT text, best_entry_id, best_score, user_id FROM unanswered"
                         " ORDER BY id") == [
        ("how much is mcmi", None, 0.12, "u1"), ("MCMI price?", "fees", 0.44, "u2")]
    [group] = await store.list_groups()
    assert group.count == 2 and group.representative_text == "how much is mcmi"
    assert group.examples == ("MCMI price?", "how much is mcmi")
    assert (group.best_entry_id, group.best_score) == ("fees", 0.44)


async def test_answered_and_safety_questions_leave_no_text_anywhere(store, db_path):
    await store.record_question(ask("SECRET-ANSWERED-how long", "answer", "mcmi-duration", 0.9))
    await store.record_question(ask("SECRET-CRISIS-words", "safety", None, None))
    await store.record_question(ask("kept: visa letter?", "decline"))
    assert await store.flush()
    await store.close()  # checkpoints the WAL into the file
    assert rows(db_path, "SELECT count(*) FROM questions") == [(3,)]
    assert rows(db_path, "SELECT text FROM unanswered") == [("kept: visa letter?",)]
    disk = b"".join(p.read_bytes() for p in db_path.parent.iterdir())
    assert b"SECRET" not in disk
    assert b"kept: visa letter?" in disk


async def test_accepts_any_question_shaped_event(store, db_path):
    """The engine passes its own event type; ids may come as ints."""

    @dataclass(frozen=True)
    class EngineEvent:
        text: str
        band: str
        entry_id: str | None
        score: float
        source: str
        user_id: str | None = None
        channel_id: str | None = None

    await store.record_question(EngineEvent("visa?", "decline", None, 0.0, "cli", 42, 7))  # type: ignore[arg-type]
    assert await store.flush()
    assert rows(db_path, "SELECT user_id, channel_id FROM questions") == [("42", "7")]
    with pytest.raises(ValueError, match="unknown band"):
        await store.record_question(EngineEvent("x", "maybe", None, 0.0, "cli"))
    with pytest.raises(ValueError, match="unknown source"):
        await store.record_question(EngineEvent("x", "answer", None, 0.0, "telegram"))


async def test_group_lifecycle_ignore_and_resolve(db_path):
    store = await Store.open(db_path)
    await store.record_question(ask("how much is mcmi", score=0.2))
    await store.record_question(ask("fees for mcmi??", "suggest", "fees", 0.5))
    await store.record_question(ask("can i get a refund", "suggest", "refunds", 0.4))
    assert await store.flush()
    price, refund = await store.list_groups()
    assert (price.count, refund.count) == (2, 1)  # most asked first

    ignored = await store.ignore_group(price.id, "mod#1")
    assert ignored.status == "ignored"
    await store.record_question(ask("whats the cost of the training", "suggest", "intro", 0.3))
    assert await store.flush()
    price = await store.get_group(price.id)
    assert (price.status, price.count, price.asked_since_status_change) == ("ignored", 3, 1)
    assert price.best_entry_id == "fees"  # 0.3 < 0.5: the best candidate stays
    assert [g.id for g in await store.list_groups("new")] == [refund.id]

    resolved = await store.resolve_group(refund.id, "refund-policy", "mod#2")
    assert (resolved.status, resolved.resolved_entry_id) == ("resolved", "refund-policy")
    await store.close()

    # After a restart the index is rebuilt from the file: repeats still find their groups.
    store = await Store.open(db_path)
    try:
        await store.record_question(ask("refund policy?", "suggest", "refunds", 0.6))
        assert await store.flush()
        refund = await store.get_group(refund.id)
        assert (refund.status, refund.count, refund.best_score) == ("resolved", 2, 0.6)
        assert len(await store.list_groups()) == 2
        assert [(a.actor, a.action, a.group_id, a.entry_id) for a in await store.list_audit()] == [
            ("mod#2", "resolve_group", refund.id, "refund-policy"),
            ("mod#1", "ignore_group", price.id, None)]
        reopened = await store.reopen_group(price.id, "mod#1")
        assert reopened.status == "new" and reopened.resolved_entry_id is None
    finally:
        await store.close()


async def test_unknown_group_ids_are_named(store):
    with pytest.raises(GroupNotFoundError, match="#999"):
        await store.resolve_group(999, "fees", "mod")
    with pytest.raises(StoreError, match="#998"):
        await store.ignore_group(998, "mod")
    with pytest.raises(StoreError, match="#997"):
        await store.get_group(997)
    with pytest.raises(StoreError, match="unknown group status"):
        await store.list_groups("open")  # type: ignore[arg-type]
    assert await store.list_audit() == []  # nothing audited for a failed action


async def test_list_groups_pages(store):
    for text in ("visa?", "visa letter?", "do I need a visa", "refund?", "refund please",
                 "job placement?"):
        await store.record_question(ask(text))
    assert await store.flush()
    first = await store.list_groups(limit=2)
    second = await store.list_groups(limit=2, offset=2)
    assert [g.count for g in first] == [3, 2]
    assert [g.count for g in second] == [1]


async def test_none_of_these_marks_the_logged_row_instead_of_counting_twice(store, db_path):
    event = ask("is there a payment plan", "suggest", "fees", 0.45)
    await store.record_question(event)
    await store.record_none_of_these(event)
    # Rejecting the suggestions on an *answered* question makes it unanswered, text and all.
    answered = ask("how long is mcmi", "answer", "mcmi-duration", 0.8, user="u9")
    await store.record_question(answered)
    await store.record_none_of_these(answered)
    assert await store.flush()
    assert rows(db_path, "SELECT text, none_of_these FROM unanswered ORDER BY id") == [
        ("is there a payment plan", 1), ("how long is mcmi", 1)]
    assert rows(db_path, "SELECT count(*) FROM questions") == [(2,)]
    plan = next(g for g in await store.list_groups() if g.best_entry_id == "fees")
    assert (plan.count, plan.none_of_these) == (1, 1)
    assert (await store.stats()).none_of_these == 2


async def test_a_later_vote_replaces_the_earlier_one(store, db_path):
    await store.record_vote(message_id=10, entry_id="fees", user_id=1, helpful=True)
    await store.record_vote(message_id=10, entry_id="fees", user_id=1, helpful=False)
    await store.record_vote(message_id=10, entry_id="fees", user_id=2, helpful=True)
    await store.record_vote(message_id=11, entry_id="intro", user_id=1, helpful=True)
    assert await store.flush()
    assert rows(db_path, "SELECT message_id, user_id, entry_id, helpful FROM votes"
                         " ORDER BY message_id, user_id") == [
        ("10", "1", "fees", 0), ("10", "2", "fees", 1), ("11", "1", "intro", 1)]


async def test_stats_on_a_known_dataset(store):
    old = NOW - timedelta(days=30)
    for entry in ("mcmi-duration", "mcmi-duration", "mcmi-duration", "intro"):
        await store.record_question(ask("x", "answer", entry, 0.9))
    await store.record_question(ask("is there a payment plan", "suggest", "fees", 0.5))
    await store.record_question(ask("monthly payments possible?", "suggest", "fees", 0.5))
    await store.record_question(ask("do I need a visa", "decline"))
    await store.record_question(ask("visa letter?", "decline"))
    await store.record_question(ask("can i get a refund", "decline"))
    await store.record_question(ask("crisis", "safety", None, None))
    await store.record_question(ask("intro", "answer", "intro", 0.9, at=old))  # before `since`
    await store.record_question(ask("visa requirements?", "decline", at=old))
    for user, helpful in (("a", True), ("b", True), ("c", True), ("d", False)):
        await store.record_vote(message_id=1, entry_id="intro", user_id=user, helpful=helpful)
    await store.record_vote(message_id=2, entry_id="intro", user_id="a", helpful=False,
                            voted_at=old)
    assert await store.flush()

    stats = await store.stats(since=NOW - timedelta(days=1))
    assert (stats.questions, stats.answered, stats.suggested, stats.declined, stats.safety) == (
        10, 4, 2, 3, 1)
    assert (stats.answered_rate, stats.suggested_rate, stats.declined_rate,
            stats.safety_rate) == (0.4, 0.2, 0.3, 0.1)
    assert (stats.votes_helpful, stats.votes_not_helpful, stats.helpful_rate) == (3, 1, 0.75)
    assert stats.top_entries == (("mcmi-duration", 3), ("intro", 1))
    top = [(g.representative_text, n) for g, n in stats.top_unanswered]
    assert sorted(top[:2]) == [("is there a payment plan", 2), ("visa requirements?", 2)]
    assert top[2] == ("can i get a refund", 1)
    visa = next(g for g, _ in stats.top_unanswered if g.representative_text.startswith("visa"))
    assert visa.count == 3  # all time; 2 of them in the period

    everything = await store.stats()
    assert (everything.questions, everything.answered) == (12, 5)
    assert everything.helpful_rate == pytest.approx(3 / 5)


async def test_stats_with_nothing_recorded(store):
    stats = await store.stats()
    assert stats.questions == 0 and stats.answered_rate == 0.0
    assert stats.helpful_rate is None and stats.top_unanswered == ()


async def test_forget_user_deletes_everything_about_a_member(store, db_path):
    await store.record_question(ask("FORGET-ME how much is mcmi", user="gone"))
    await store.record_question(ask("what's the price", user="stays"))
    await store.record_question(ask("FORGET-ME visa letter?", user="gone"))
    await store.record_question(ask("how long is it", "answer", "mcmi-duration", 0.9,
                                    user="gone"))
    await store.record_vote(message_id=1, entry_id="intro", user_id="gone", helpful=True)
    await store.record_vote(message_id=1, entry_id="intro", user_id="stays", helpful=True)
    assert await store.flush()
    price_id = rows(db_path, "SELECT group_id FROM unanswered WHERE user_id = 'stays'")[0][0]
    # One more, still queued when the member asks to be forgotten.
    await store.record_question(ask("FORGET-ME queued refund?", user="gone"))

    deleted = await store.forget_user("gone")
    assert deleted == 3 + 2 + 1 + 1  # questions, unanswered rows, vote, queued record
    assert await store.flush()
    assert rows(db_path, "SELECT count(*) FROM questions WHERE user_id = 'gone'") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM unanswered WHERE user_id = 'gone'") == [(0,)]
    assert rows(db_path, "SELECT user_id FROM votes") == [("stays",)]
    [price] = await store.list_groups()  # the visa group had only them: dropped
    assert price.id == price_id
    assert (price.count, price.representative_text) == (1, "what's the price")
    await store.close()
    disk = b"".join(p.read_bytes() for p in db_path.parent.iterdir())
    assert b"FORGET-ME" not in disk


async def test_purge_expired_deletes_old_rows_and_recounts(db_path):
    store = await Store.open(db_path, retention_days=30)
    try:
        old = NOW - timedelta(days=40)
        await store.record_question(ask("OLD how much is mcmi", at=old))
        await store.record_question(ask("what's the price"))
        await store.record_question(ask("OLD visa letter?", at=old))
        await store.record_question(ask("x", "answer", "intro", 0.9, at=old))
        await store.record_vote(message_id=1, entry_id="intro", user_id="u", helpful=True,
                                voted_at=old)
        await store.record_vote(message_id=2, entry_id="intro", user_id="u", helpful=True)
        assert await store.flush()
        assert len(await store.list_groups()) == 2

        assert await store.purge_expired(now=NOW) == 3 + 2 + 1
        [price] = await store.list_groups()
        assert (price.count, price.representative_text) == (1, "what's the price")
        assert rows(db_path, "SELECT count(*) FROM questions") == [(1,)]
        assert rows(db_path, "SELECT message_id FROM votes") == [("2",)]
        assert await store.purge_expired(now=NOW) == 0
        # A fake "now" far ahead: everything has expired.
        assert await store.purge_expired(now=NOW + timedelta(days=31)) == 3
        assert await store.list_groups() == []
    finally:
        await store.close()


async def test_purge_runs_at_open(db_path):
    store = await Store.open(db_path, retention_days=30)
    await store.record_question(ask("visa?", at=NOW - timedelta(days=31)))
    await store.close()
    assert rows(db_path, "SELECT count(*) FROM unanswered") == [(1,)]
    store = await Store.open(db_path, retention_days=30)
    await store.close()
    assert rows(db_path, "SELECT count(*) FROM unanswered") == [(0,)]


async def test_audit_log(store):
    await store.audit("shell", "edit_entry", entry_id="fees", file="knowledge/fees.yaml",
                      note="typo fixed")
    await store.audit("mod#7", "add_entry", entry_id="visa", group_id=3)
    first, second = await store.list_audit()
    assert (first.actor, first.action, first.entry_id, first.group_id) == (
        "mod#7", "add_entry", "visa", 3)
    assert (second.file, second.details) == ("knowledge/fees.yaml", {"note": "typo fixed"})
    assert len(await store.list_audit(limit=1)) == 1


async def test_closed_store_refuses_reads_but_not_recording(db_path):
    store = await Store.open(db_path)
    await store.close()
    await store.close()  # idempotent
    await store.record_question(ask("late"))  # must not raise: answering goes on
    assert store.health.dropped == 1
    with pytest.raises(StoreError, match="closed"):
        await store.list_groups()
