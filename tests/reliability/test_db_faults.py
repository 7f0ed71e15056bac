"""Database faults while the bot is serving, through the fake: it keeps answering, keeps what it
could not write in memory, writes it once the database is back, says so once, loses nothing.

Each test asks questions through Discord before, during and after a fault, then checks:
every reply arrived during the fault (answering never waits on the database); the question log
holds exactly the expected rows afterwards (nothing lost, nothing twice); the failure was
logged once and the recovery once, however many messages and retries there were; and the
file is whole (integrity check, foreign keys, every suggest/decline question with exactly one
unanswered row, group counts equal to their members: no half-written record).

Faults: another process holding the write lock (sqlite3 BEGIN EXCLUSIVE), a read-only and a
full database (a connection factory that makes SQLite itself refuse: PRAGMA query_only,
max_page_count), a real full disk where mounting is allowed (a 512 KiB tmpfs filled up; the
test is skipped where it is not), the file deleted while open, its folder replaced so it
cannot be recreated, and a write interrupted between the two INSERTs of one question.
A real read-only remount is not tested: Linux refuses `remount,ro` (EBUSY) while the database
is open for writing, so that fault cannot happen to a running bot that way.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import statistics
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from bot.store.schema import BUSY_TIMEOUT_MS
from tests.discord_fake import APP_ID, GENERAL_CHANNEL_ID
from tests.reliability.conftest import Rig, RigLauncher
from tests.store.conftest import FaultyConnector

QUESTIONS = (
    "How long is the MCMI Training?",  # answer: logged without its words
    "how much does it cost?",  # decline: logged with its words, grouped
    "how long is it",  # suggest: logged with its words
    "can I bring my dog to class?",
    "is MCMI accredited?",
    "do you sell pizza?",
)

Row = tuple[str, str, str, str | None]


async def ask_round(r: Rig, tag: str, count: int = 12, *, long: bool = False,
                    message_ids: list[int] | None = None) -> Counter[Row]:
    """`count` members each mention the bot once; returns the log rows this must produce.

    Waits for every reply: a fault in the database must never hold an answer back. `long`
    questions (about 800 characters) make each write need fresh pages.
    """
    expected: Counter[Row] = Counter()
    waits = []
    for n in range(count):
        user = r.fake.add_member(r.fake.make_user(f"{tag}{n}"))["user"]
        question = QUESTIONS[n % len(QUESTIONS)]
        if long:
            question = f"{question} {tag}{n} " + "please tell me more " * 40
        message_id = await r.fake.message_create(GENERAL_CHANNEL_ID, user,
                                                 f"<@{APP_ID}> {question}")
        waits.append(message_id)
        if message_ids is not None:
            message_ids.append(message_id)
        result = r.bot.engine.match(question)
        best = result.best
        expected[(user["id"], str(GENERAL_CHANNEL_ID), result.band.value,
                  best.entry.id if best else None)] += 1
    for message_id in waits:
        await r.fake.wait_for_reply(message_id)
    return expected


def logged_rows(db_path: Path) -> Counter[Row]:
    """The question log as (user, channel, band, entry) rows, read by another connection."""
    with contextlib.closing(sqlite3.connect(db_path)) as db:
        return Counter(db.execute(
            "SELECT user_id, channel_id, band, entry_id FROM questions").fetchall())


def integrity_problems(db_path: Path) -> list[str]:
    """Everything that would show a half-written record or a damaged file."""
    with contextlib.closing(sqlite3.connect(db_path)) as db:
        problems = [f"integrity: {row}" for row in db.execute("PRAGMA integrity_check")
                    if row != ("ok",)]
        problems += [f"foreign key: {row}" for row in db.execute("PRAGMA foreign_key_check")]
        problems += [f"question {row[0]} ({row[1]}) has {row[2]} unanswered rows" for row in
                     db.execute("""
                        SELECT q.id, q.band, count(u.id) FROM questions q
                        LEFT JOIN unanswered u ON u.question_id = q.id
                        GROUP BY q.id HAVING count(u.id) != (q.band IN ('suggest', 'decline'))
                     """)]
        problems += [f"group {row[0]} counts {row[1]}, has {row[2]}" for row in db.execute("""
                        SELECT g.id, g.count, count(u.id) FROM unanswered_groups g
                        LEFT JOIN unanswered u ON u.group_id = g.id
                        GROUP BY g.id HAVING g.count != count(u.id)
                     """)]
        problems += [f"unanswered {row[0]} has no text" for row in
                     db.execute("SELECT id FROM unanswered WHERE trim(text) = ''")]
    return problems


def store_messages(caplog: pytest.LogCaptureFixture, level: int, text: str) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == "bot.store" and r.levelno == level and text in r.getMessage()]


def assert_one_failure_episode(caplog: pytest.LogCaptureFixture) -> None:
    """A lasting failure is logged loudly once and its end once, never per message or retry."""
    failures = store_messages(caplog, logging.ERROR, "cannot write to")
    recoveries = store_messages(caplog, logging.WARNING, "works again")
    assert len(failures) == 1, failures
    assert len(recoveries) == 1, recoveries
    assert "0 records were dropped" in recoveries[0]


async def fail_and_recover(r: Rig, caplog: pytest.LogCaptureFixture, *, start: Any,
                           stop: Any) -> None:
    """The common script: a round before, two rounds during the fault, recovery, checks."""
    expected = await ask_round(r, "before")
    assert await r.store.flush()
    start()
    during: list[int] = []
    try:
        expected += await ask_round(r, "during", message_ids=during)
        assert not await r.store.flush(), "the fault should stop writes"
        # Answering never waits on the database: a locked file would cost BUSY_TIMEOUT_MS.
        latencies = r.fake.reply_latencies()
        assert statistics.median(latencies[m] for m in during) * 1000 < BUSY_TIMEOUT_MS
        health = r.store.health
        assert health.degraded and health.pending >= 12 and health.dropped == 0
        expected += await ask_round(r, "still")
        assert not await r.store.flush()
    finally:
        stop()
    assert await r.store.flush(), r.store.health
    assert logged_rows(r.db_path) == expected
    assert integrity_problems(r.db_path) == []
    assert not r.store.health.degraded and r.store.health.pending == 0
    assert_one_failure_episode(caplog)
    await r.reply_to(await r.mention("is MCMI accredited?"))  # and still serving


async def test_locked_by_another_writer(rig: RigLauncher,
                                        caplog: pytest.LogCaptureFixture) -> None:
    r = await rig()
    blocker = sqlite3.connect(r.db_path, isolation_level=None, timeout=0)
    try:
        await fail_and_recover(r, caplog, start=lambda: blocker.execute("BEGIN EXCLUSIVE"),
                               stop=lambda: blocker.execute("COMMIT"))
    finally:
        blocker.close()
    assert "locked" in " ".join(store_messages(caplog, logging.ERROR, "cannot write"))


@pytest.mark.parametrize("mode", ["readonly", "full"])
async def test_read_only_or_full_database(rig: RigLauncher, caplog: pytest.LogCaptureFixture,
                                          mode: str) -> None:
    faults = FaultyConnector()
    r = await rig(store_options={"connect": faults})
    long = mode == "full"  # max_page_count bites only when a write needs a new page
    expected = await ask_round(r, "before")
    assert await r.store.flush()
    await faults.break_live(mode)  # the connection the store holds now fails writes
    expected += await ask_round(r, "during", long=long)
    assert not await r.store.flush()
    expected += await ask_round(r, "still", long=long)
    assert not await r.store.flush()
    assert r.store.health.pending >= 12
    faults.mode = None  # the next connection the store opens is healthy again
    assert await r.store.flush(), r.store.health
    assert logged_rows(r.db_path) == expected
    assert integrity_problems(r.db_path) == []
    assert_one_failure_episode(caplog)
    assert mode in " ".join(store_messages(caplog, logging.ERROR, "cannot write"))
    await r.reply_to(await r.mention("is MCMI accredited?"))


@contextlib.contextmanager
def tmpfs(mount_point: Path, size: str) -> Iterator[Path]:
    """A small tmpfs at `mount_point`; the test is skipped where mounting is not allowed."""
    mount_point.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                           str(mount_point)], capture_output=True, text=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


async def test_a_real_full_disk(rig: RigLauncher, caplog: pytest.LogCaptureFixture,
                                tmp_path: Path) -> None:
    with tmpfs(tmp_path / "full", "512k") as mount:
        r = await rig(db_path=mount / "bot.db")
        filler = mount / "filler"

        def fill() -> None:
            with contextlib.suppress(OSError), filler.open("wb", buffering=0) as out:
                while True:  # until ENOSPC
                    out.write(b"\0" * 4096)

        await fail_and_recover(r, caplog, start=fill, stop=filler.unlink)
        await r.store.close()


async def test_deleted_while_running_is_recreated(rig: RigLauncher,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    r = await rig()
    await ask_round(r, "before")
    assert await r.store.flush()
    for path in r.db_path.parent.glob(r.db_path.name + "*"):
        path.unlink()
    expected = await ask_round(r, "after")
    assert await r.store.flush()
    assert logged_rows(r.db_path) == expected, "written to the new file, not the deleted one"
    assert integrity_problems(r.db_path) == []
    assert store_messages(caplog, logging.WARNING, "was deleted while open")


async def test_deleted_and_not_recreatable_until_the_folder_is_back(
        rig: RigLauncher, caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    r = await rig(db_path=folder / "bot.db")
    await ask_round(r, "before")
    assert await r.store.flush()
    shutil.rmtree(folder)
    folder.write_text("not a folder")  # mkdir and open both fail until this is fixed

    def restore() -> None:
        folder.unlink()
        folder.mkdir()

    expected: Counter[Row] = Counter()
    expected += await ask_round(r, "gone")
    assert not await r.store.flush()
    expected += await ask_round(r, "gone-again")
    assert not await r.store.flush()
    restore()
    assert await r.store.flush(), r.store.health
    assert logged_rows(r.db_path) == expected
    assert integrity_problems(r.db_path) == []
    assert_one_failure_episode(caplog)


class FailsMidQuestion:
    """Opens real connections whose `fail` next writes of an unanswered row raise a disk I/O
    error: the question's own row was inserted a moment before, in the same transaction."""

    def __init__(self) -> None:
        self.fail = 0
        self.failed = 0

    async def __call__(self, path: Path) -> aiosqlite.Connection:
        conn = await aiosqlite.connect(path, isolation_level=None)
        execute = conn.execute

        def failing_execute(sql: str, *args: Any, **kwargs: Any) -> Any:
            if self.fail and "INSERT INTO unanswered (" in sql:
                self.fail -= 1
                self.failed += 1
                raise sqlite3.OperationalError("disk I/O error")
            return execute(sql, *args, **kwargs)

        conn.execute = failing_execute  # type: ignore[method-assign]
        return conn


async def test_an_interrupted_write_leaves_no_half_row(rig: RigLauncher,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    faults = FailsMidQuestion()
    r = await rig(store_options={"connect": faults})
    expected = await ask_round(r, "before")
    assert await r.store.flush()
    faults.fail = 3
    expected += await ask_round(r, "interrupted")
    assert not await r.store.flush()
    assert faults.failed >= 1
    # Read before the writer retries: batches without an unanswered row may have gone
    # through, the failed one left nothing behind.
    assert logged_rows(r.db_path) <= expected
    assert integrity_problems(r.db_path) == []
    while faults.fail:  # each attempt consumes one planned failure
        assert not await r.store.flush()
    assert await r.store.flush()
    assert logged_rows(r.db_path) == expected
    assert integrity_problems(r.db_path) == []
    assert_one_failure_episode(caplog)


async def test_the_queue_is_bounded_and_counts_what_it_drops(
        rig: RigLauncher, caplog: pytest.LogCaptureFixture) -> None:
    r = await rig(store_options={"queue_limit": 20})
    blocker = sqlite3.connect(r.db_path, isolation_level=None, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        first = await ask_round(r, "older", count=10)
        assert not await r.store.flush()
        last = await ask_round(r, "newer", count=20)
        health = r.store.health
        assert health.pending == 20 and health.dropped == 10
    finally:
        blocker.execute("COMMIT")
        blocker.close()
    assert await r.store.flush()
    assert logged_rows(r.db_path) == last, "the newest 20 were kept, the oldest dropped"
    assert not set(first) & set(logged_rows(r.db_path))
    [recovered] = store_messages(caplog, logging.WARNING, "works again")
    assert "10 records were dropped" in recovered
    assert len(store_messages(caplog, logging.ERROR, "cannot write to")) == 1

