"""Database faults never block or break recording: records wait in memory, bounded, and are
written when the database comes back. Failures are logged once when they start and once when
they end. Real SQLite errors throughout; no sleeping on timers (flush() retries at once)."""

from __future__ import annotations

import logging
import sqlite3
import time
from datetime import UTC, datetime

import pytest

from bot.store import QuestionEvent, Store

from .conftest import FaultyConnector, rows


def ask(text, band="decline", entry=None):
    return QuestionEvent(text, band, entry, 0.1, "discord", "u1", "c1", datetime.now(UTC))


def store_logs(caplog, level):
    return [r for r in caplog.records if r.name == "bot.store" and r.levelno == level]


@pytest.fixture(autouse=True)
def _capture(caplog):
    caplog.set_level(logging.DEBUG, logger="bot.store")


async def test_locked_database_queues_logs_once_and_catches_up(store, db_path, caplog):
    locker = sqlite3.connect(db_path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        started = time.perf_counter()
        for i in range(5):
            await store.record_question(ask(f"do I need a visa {i}"))
        assert time.perf_counter() - started < 0.05, "recording must not wait for the lock"
        assert not await store.flush()
        await store.record_question(ask("visa letter?"))
        assert not await store.flush()
        health = store.health
        assert health.degraded and health.pending == 6 and health.dropped == 0
        assert "locked" in (health.last_error or "")
        assert health.failing_since is not None
    finally:
        locker.execute("COMMIT")
        locker.close()
    assert await store.flush()
    assert rows(db_path, "SELECT count(*) FROM questions") == [(6,)]
    assert rows(db_path, "SELECT count(*) FROM unanswered") == [(6,)]
    assert not store.health.degraded and store.health.pending == 0
    assert len(store_logs(caplog, logging.ERROR)) == 1, "logged once, not per attempt"
    [recovered] = [r for r in store_logs(caplog, logging.WARNING) if "works again" in r.message]
    assert "0 records were dropped" in recovered.getMessage()


async def test_moderator_read_on_a_locked_database_fails_fast_and_clearly(store, db_path):
    locker = sqlite3.connect(db_path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        # Reads work in WAL mode even while another connection writes...
        assert await store.list_groups() == []
        # ...a moderator action needing the write lock fails after the short busy timeout.
        started = time.perf_counter()
        with pytest.raises(Exception, match="locked") as raised:
            await store.purge_expired()
        assert type(raised.value).__name__ == "StoreError"
        assert time.perf_counter() - started < 2
    finally:
        locker.execute("COMMIT")
        locker.close()


async def test_read_only_database(db_path, caplog):
    faults = FaultyConnector()
    store = await Store.open(db_path, connect=faults)
    try:
        await store.record_question(ask("before"))
        assert await store.flush()
        await faults.break_live("readonly")
        await store.record_question(ask("during one"))
        await store.record_question(ask("during two"))
        assert not await store.flush()
        opened = faults.opened
        assert not await store.flush()
        assert faults.opened > opened, "a failed write reconnects for the next attempt"
        assert "readonly" in (store.health.last_error or "")
        assert store.health.pending == 2
        faults.mode = None
        assert await store.flush()
        assert rows(db_path, "SELECT text FROM unanswered ORDER BY id") == [
            ("before",), ("during one",), ("during two",)]
        assert len(store_logs(caplog, logging.ERROR)) == 1
    finally:
        await store.close()


async def test_disk_full_keeps_the_batch_whole_then_writes_it(db_path, caplog):
    faults = FaultyConnector()
    store = await Store.open(db_path, connect=faults)
    try:
        await faults.break_live("full")
        for i in range(30):
            await store.record_question(ask(f"question {i} " + "padding " * 180))
        assert not await store.flush()
        assert "full" in (store.health.last_error or "")
        # All or nothing: the failed batch left no half-written rows.
        assert rows(db_path, "SELECT count(*) FROM questions") == [(0,)]
        assert rows(db_path, "SELECT count(*) FROM unanswered_groups") == [(0,)]
        faults.mode = None
        assert await store.flush()
        assert rows(db_path, "SELECT count(*) FROM questions") == [(30,)]
        assert rows(db_path, "SELECT count(*) FROM unanswered") == [(30,)]
        assert sum(g.count for g in await store.list_groups(limit=100)) == 30
        assert len(store_logs(caplog, logging.ERROR)) == 1
    finally:
        await store.close()


async def test_deleted_database_file_is_recreated(store, db_path, caplog):
    await store.record_question(ask("before"))
    assert await store.flush()
    for path in db_path.parent.iterdir():
        path.unlink()
    await store.record_question(ask("after one"))
    await store.record_question(ask("after two", "answer", "intro"))
    assert await store.flush()
    assert db_path.exists()
    assert rows(db_path, "PRAGMA journal_mode") == [("wal",)]
    assert rows(db_path, "SELECT text FROM unanswered") == [("after one",)]
    assert rows(db_path, "SELECT count(*) FROM questions") == [(2,)]
    [group] = await store.list_groups()
    assert group.count == 1, "the grouping index was rebuilt for the new file"
    assert any("deleted" in r.message for r in store_logs(caplog, logging.WARNING))


async def test_deleted_file_that_cannot_be_recreated_yet(db_path, caplog):
    faults = FaultyConnector()
    store = await Store.open(db_path, connect=faults)
    try:
        faults.mode = "io_error"
        for path in db_path.parent.iterdir():
            path.unlink()
        await store.record_question(ask("pending one"))
        await store.record_question(ask("pending two"))
        assert not await store.flush()
        assert not await store.flush()
        assert store.health.degraded and store.health.pending == 2
        assert "disk I/O error" in (store.health.last_error or "")
        faults.mode = None
        assert await store.flush()
        assert rows(db_path, "SELECT text FROM unanswered ORDER BY id") == [
            ("pending one",), ("pending two",)]
        assert len(store_logs(caplog, logging.ERROR)) == 1
    finally:
        await store.close()


async def test_full_queue_drops_the_oldest_and_counts_them(db_path):
    store = await Store.open(db_path, queue_limit=5)
    locker = sqlite3.connect(db_path, isolation_level=None)
    try:
        locker.execute("BEGIN EXCLUSIVE")
        for i in range(8):
            await store.record_question(ask("x", "answer", f"e{i}"))
        assert (store.health.pending, store.health.dropped) == (5, 3)
        assert not await store.flush()
        locker.execute("COMMIT")
        assert await store.flush()
        assert rows(db_path, "SELECT entry_id FROM questions ORDER BY id") == [
            ("e3",), ("e4",), ("e5",), ("e6",), ("e7",)]
        assert (store.health.pending, store.health.dropped) == (0, 3)
    finally:
        locker.close()
        await store.close()


async def test_a_record_the_database_rejects_is_dropped_alone(store, db_path, caplog):
    await store.record_vote(message_id=1, entry_id="intro", user_id="a", helpful=True)
    await store.record_vote(message_id=1, entry_id=None, user_id="b", helpful=True)  # type: ignore[arg-type]
    await store.record_vote(message_id=1, entry_id="intro", user_id="c", helpful=False)
    assert await store.flush()
    assert rows(db_path, "SELECT user_id FROM votes ORDER BY user_id") == [("a",), ("c",)]
    assert store.health.dropped == 1 and not store.health.degraded
    assert len(store_logs(caplog, logging.ERROR)) == 1


async def test_close_flushes_what_is_queued(db_path):
    store = await Store.open(db_path)
    await store.record_question(ask("written on close"))
    await store.close()
    assert rows(db_path, "SELECT text FROM unanswered") == [("written on close",)]


async def test_close_while_the_database_is_down_gives_up_with_a_warning(db_path, caplog):
    store = await Store.open(db_path)
    locker = sqlite3.connect(db_path, isolation_level=None)
    try:
        locker.execute("BEGIN EXCLUSIVE")
        await store.record_question(ask("lost"))
        await store.close()
        assert any("unwritten" in r.message for r in store_logs(caplog, logging.WARNING))
    finally:
        locker.execute("COMMIT")
        locker.close()
