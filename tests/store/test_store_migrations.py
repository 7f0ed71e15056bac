"""Schema migrations: numbered SQL files, tracked by PRAGMA user_version, all or nothing."""

from __future__ import annotations

import sqlite3

import pytest

from bot.store import QuestionEvent, Store, StoreError, schema
from bot.store.schema import Migration, load_migrations, split_statements

from .conftest import FaultyConnector, reader, rows

V1_QUESTIONS = [
    ("2026-01-01T09:00:00.000000+00:00", "discord", "answer", "mcmi-duration", 0.91, "u1", "c1"),
    ("2026-01-01T10:00:00.000000+00:00", "discord", "decline", None, 0.10, "u2", "c1"),
    ("2026-01-02T10:00:00.000000+00:00", "cli", "suggest", "fees", 0.45, None, None),
    ("2026-01-03T10:00:00.000000+00:00", "console", "decline", "refunds", 0.20, None, None),
    ("2026-01-04T10:00:00.000000+00:00", "discord", "safety", None, None, "u3", "c2"),
]
# (question row id, text, best entry, score, source, user, channel, created_at)
V1_UNANSWERED = [
    (2, "How much is MCMI?", None, 0.10, "discord", "u2", "c1",
     "2026-01-01T10:00:00.000000+00:00"),
    (3, "how much is mcmi?  ", "fees", 0.45, "cli", None, None,
     "2026-01-02T10:00:00.000000+00:00"),
    (4, "can I get a refund", "refunds", 0.20, "console", None, None,
     "2026-01-03T10:00:00.000000+00:00"),
]


def build_v1(path):
    """A database exactly as version-1 code left it, with rows in it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with reader(path) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        for statement in split_statements(load_migrations()[0].sql):
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        conn.executemany(
            "INSERT INTO questions (asked_at, source, band, entry_id, score, user_id, channel_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", V1_QUESTIONS)
        conn.executemany(
            "INSERT INTO unanswered (question_id, text, best_entry_id, best_score, source,"
            " user_id, channel_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", V1_UNANSWERED)


def test_migrations_are_numbered_without_gaps():
    versions = [m.version for m in load_migrations()]
    assert versions == list(range(1, len(versions) + 1))
    assert len(versions) >= 2


async def test_new_database_is_current_and_in_wal_mode(db_path):
    store = await Store.open(db_path)
    await store.close()
    with reader(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.latest_version()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_connection_settings(db_path):
    faults = FaultyConnector()
    store = await Store.open(db_path, connect=faults)
    try:
        assert faults.live is not None
        for pragma, expected in (("foreign_keys", 1), ("busy_timeout", schema.BUSY_TIMEOUT_MS),
                                 ("secure_delete", 1), ("journal_mode", "wal")):
            async with faults.live.execute(f"PRAGMA {pragma}") as cursor:
                assert (await cursor.fetchone())[0] == expected, pragma
    finally:
        await store.close()


async def test_unopenable_database_is_a_clear_store_error(db_path):
    faults = FaultyConnector()
    faults.mode = "io_error"
    with pytest.raises(StoreError, match=r"cannot open the database .*disk I/O error"):
        await Store.open(db_path, connect=faults)


async def test_version_1_database_is_upgraded_with_every_row_kept(db_path):
    build_v1(db_path)
    store = await Store.open(db_path, retention_days=100_000)  # keep the 2026 rows
    try:
        assert rows(db_path, "PRAGMA user_version") == [(schema.latest_version(),)]
        assert rows(db_path, "SELECT asked_at, source, band, entry_id, score, user_id,"
                             " channel_id FROM questions ORDER BY id") == V1_QUESTIONS
        kept = rows(db_path, "SELECT question_id, text, best_entry_id, best_score, source,"
                             " user_id, channel_id, created_at FROM unanswered ORDER BY id")
        assert kept == V1_UNANSWERED
        # Upgraded: every unanswered row is in a group; same text (case, spaces) = same group.
        group_ids = [r[0] for r in rows(db_path, "SELECT group_id FROM unanswered ORDER BY id")]
        assert group_ids == [1, 1, 2]
        price, refund = await store.list_groups()
        assert (price.id, price.count, price.status) == (1, 2, "new")
        assert price.representative_text == "How much is MCMI?"  # the earliest
        assert (price.best_entry_id, price.best_score) == ("fees", 0.45)  # the highest score
        assert price.first_seen.isoformat().startswith("2026-01-01T10:00")
        assert price.last_seen.isoformat().startswith("2026-01-02T10:00")
        assert (refund.id, refund.count, refund.best_entry_id) == (2, 1, "refunds")
        # The grouping index was built from the migrated rows: a paraphrase joins group 1.
        await store.record_question(QuestionEvent("MCMI price?", "decline", None, 0.1, "cli"))
        assert await store.flush()
        assert (await store.get_group(1)).count == 3
    finally:
        await store.close()


async def test_newer_database_than_the_code_is_refused(db_path):
    db_path.parent.mkdir(parents=True)
    with reader(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {schema.latest_version() + 1}")
    with pytest.raises(StoreError, match="newer than this code knows"):
        await Store.open(db_path)


async def test_a_failing_migration_leaves_the_previous_version(db_path, monkeypatch):
    build_v1(db_path)
    current = load_migrations()
    broken = Migration(3, "0003_broken.sql",
                       "CREATE TABLE half_done (x);\nINSERT INTO no_such_table VALUES (1);\n")
    monkeypatch.setattr(schema, "load_migrations", lambda: (*current, broken))
    with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
        await schema.open_database(db_path)
    # 0002 committed on its own; 0003 rolled back whole, version bump included.
    assert rows(db_path, "PRAGMA user_version") == [(2,)]
    assert rows(db_path, "SELECT name FROM sqlite_master WHERE name = 'half_done'") == []


def test_split_statements_keeps_semicolons_inside_strings():
    script = "-- a comment; with a semicolon\nINSERT INTO t VALUES ('a;b');\nSELECT 1;\n"
    assert split_statements(script) == [
        "-- a comment; with a semicolon\nINSERT INTO t VALUES ('a;b');", "SELECT 1;"]
    with pytest.raises(StoreError, match="unterminated"):
        split_statements("SELECT 1")
