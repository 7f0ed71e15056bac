"""The store: what the bot logs, and what moderators read back.

Answering must never wait on, or fail because of, the database. So recording (questions,
"none of these", votes, audit entries) only appends to a bounded in-memory queue and returns;
one background writer task drains it in batches, one transaction per batch. When the database
fails (locked by another writer, read-only, disk full, file deleted), records stay queued, the
oldest are dropped once the queue is full, and the writer retries with a capped backoff. The
failure is logged once when it starts and once when it ends, never per record.

Moderator reads and actions (list groups, resolve, stats, forget a member) go to the database
directly and raise StoreError with a clear message when it cannot serve them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sqlite3
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Self, TypeVar, cast

import aiosqlite

from bot.store import reads, schema, writes
from bot.store.errors import StoreError
from bot.store.grouping import DEFAULT_GROUPING_THRESHOLD, Analyzer, default_analyzer
from bot.store.models import (
    BANDS,
    GROUP_STATUSES,
    SOURCES,
    AuditEntry,
    AuditRecord,
    Band,
    GroupStatus,
    QuestionEvent,
    QuestionRecord,
    Source,
    Stats,
    StoreHealth,
    UnansweredGroup,
    Vote,
    utc_now,
)

log = logging.getLogger("bot.store")

T = TypeVar("T")

BATCH_SIZE = 200
# Retry a failing database after 0.5 s, 1 s, 2 s ... at most every 30 s.
FIRST_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 30.0
PURGE_INTERVAL_SECONDS = 24 * 60 * 60
PURGE_RETRY_SECONDS = 60 * 60

# Errors that say the database cannot take writes right now: keep the records and retry.
# Anything else (a constraint violated, a bad parameter) is a bad record, not a bad database:
# retrying it forever would block every record behind it.
_BAD_RECORD_ERRORS = (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.DataError,
                      sqlite3.NotSupportedError)


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, _BAD_RECORD_ERRORS):
        return False
    if isinstance(exc, sqlite3.ProgrammingError):
        return "closed" in str(exc)  # a closed connection: reconnecting fixes it
    if isinstance(exc, ValueError):
        return "connection" in str(exc).lower()  # aiosqlite: "Connection closed"
    return isinstance(exc, sqlite3.Error | OSError | StoreError)


def _needs_reconnect(exc: BaseException) -> bool:
    if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY:
        return False  # another writer holds the lock; the connection itself is fine
    return isinstance(exc, sqlite3.Error | OSError) or (
        isinstance(exc, ValueError) and _is_transient(exc))


@dataclass(frozen=True)
class _Queued:
    seq: int
    record: writes.Record


def _id(value: str | int | None) -> str | None:
    """Discord ids as text: snowflakes overflow nothing that way and compare as stored."""
    return None if value is None else str(value)


class Store:
    """SQLite-backed log of questions, unanswered groups, votes and moderator edits.

    Open with `await Store.open(path)`, close with `await store.close()` (which flushes).
    """

    def __init__(
        self,
        path: Path,
        *,
        retention_days: int,
        queue_limit: int,
        grouping_threshold: float,
        analyzer: Analyzer,
        connect: schema.Connector,
        batch_size: int,
    ) -> None:
        """Use `Store.open`; this only sets fields."""
        self.path = path
        self.retention_days = retention_days
        self.queue_limit = queue_limit
        self._connect = connect
        self._batch_size = batch_size
        self._grouper = writes.Grouper(analyzer, grouping_threshold)
        self._conn: aiosqlite.Connection | None = None
        self._file_identity: tuple[int, int] | None = None
        self._index_stale = True
        # One user of the connection at a time: aiosqlite runs statements in order, but a
        # moderator's transaction must not interleave with a writer batch.
        self._db_lock = asyncio.Lock()

        self._pending: deque[_Queued] = deque()
        self._seq = 0
        self._dropped = 0
        # Dropped while their batch was being written: if that write succeeds they were
        # written after all and do not count as dropped.
        self._inflight_last_seq = 0
        self._dropped_inflight = 0
        # Bad records are isolated by writing one at a time up to this sequence number.
        self._isolate_until_seq = 0

        self._wake = asyncio.Event()
        self._progress = asyncio.Condition()
        self._retry_requested = False
        self._retry_at = 0.0
        self._attempts_started = 0
        self._last_failed_attempt = 0
        self._consecutive_failures = 0
        self._failing_since: datetime | None = None
        self._dropped_when_failing_began = 0
        self._last_error: str | None = None
        self._purge_at = time.monotonic() + PURGE_INTERVAL_SECONDS
        self._writer: asyncio.Task[None] | None = None
        self._closing = False
        self._closed = False

    # ----------------------------------------------------------------- lifecycle

    @classmethod
    async def open(
        cls,
        path: Path | str,
        *,
        retention_days: int = 180,
        queue_limit: int = 1000,
        grouping_threshold: float = DEFAULT_GROUPING_THRESHOLD,
        analyzer: Analyzer | None = None,
        connect: schema.Connector | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> Store:
        """Open (creating the file and its folders if needed), migrate, purge, start writing.

        `analyzer` turns a question into terms for grouping (the matcher's, once wired in);
        `connect` opens the raw aiosqlite connection (tests use it to inject faults).
        Raises StoreError when the file cannot be opened or was written by newer code.
        """
        if retention_days < 1:
            raise ValueError("retention_days must be at least 1")
        if queue_limit < 1 or batch_size < 1:
            raise ValueError("queue_limit and batch_size must be at least 1")
        store = cls(
            Path(path),
            retention_days=retention_days,
            queue_limit=queue_limit,
            grouping_threshold=grouping_threshold,
            analyzer=analyzer or default_analyzer,
            connect=connect or schema.default_connect,
            batch_size=batch_size,
        )
        try:
            async with store._db_lock:
                await store._connection()
        except StoreError:
            raise
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open the database {store.path}: {exc}") from exc
        try:
            await store.purge_expired()
        except StoreError as exc:
            log.warning("retention purge at open failed (will retry): %s", exc)
            store._purge_at = time.monotonic() + PURGE_RETRY_SECONDS
        store._writer = asyncio.create_task(store._run_writer(), name="bot.store writer")
        return store

    async def close(self) -> None:
        """Write what is queued (one attempt), stop the writer and close the database."""
        if self._closed:
            return
        await self.flush()
        self._closing = True
        self._wake.set()
        if self._writer is not None:
            await self._writer
        if self._pending:
            log.warning("closing the store with %d records unwritten (database unavailable: %s)",
                        len(self._pending), self._last_error)
        async with self._db_lock:
            await self._disconnect()
        self._closed = True

    async def __aenter__(self) -> Self:
        """`async with await Store.open(...) as store:` closes the store on the way out."""
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close (and flush) the store."""
        await self.close()

    # ------------------------------------------------------------ the connection

    def _stat_identity(self) -> tuple[int, int] | None:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (stat.st_dev, stat.st_ino)

    async def _connection(self) -> aiosqlite.Connection:
        """The open connection, reopened when the file was deleted or replaced (call locked).

        A deleted SQLite file keeps working for the connection that has it open, so writes
        would vanish with it; checking the file's identity first catches that.
        """
        identity = self._stat_identity()
        if self._conn is not None and identity != self._file_identity:
            log.warning("database file %s was %s while open; reopening it", self.path,
                        "deleted" if identity is None else "replaced")
            await self._disconnect()
        if self._conn is None:
            self._conn = await schema.open_database(self.path, self._connect)
            self._conn.row_factory = sqlite3.Row
            self._file_identity = self._stat_identity()
            self._index_stale = True
        if self._index_stale:
            await self._grouper.reload(self._conn)
            self._index_stale = False
        return self._conn

    async def _disconnect(self) -> None:
        conn, self._conn = self._conn, None
        self._file_identity = None
        if conn is not None:
            try:
                await conn.close()
            except Exception as exc:  # a broken connection may fail to close; it is gone anyway
                log.debug("closing a failed connection: %s", exc)

    async def _in_transaction(
        self, work: Callable[[aiosqlite.Connection], Awaitable[T]], *, write: bool = True
    ) -> T:
        """Run work in one transaction on the (re)opened connection; all or nothing.

        A failed write transaction marks the grouping index for rebuilding (it may be ahead of
        the database now). A database error other than "locked" also drops the connection,
        so the next use starts from a fresh one (after disk or I/O errors, or a closed file).
        """
        async with self._db_lock:
            conn = await self._connection()
            began = False
            try:
                await conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                began = True
                result = await work(conn)
                await conn.execute("COMMIT")
            except BaseException as exc:
                if began and write:
                    self._index_stale = True
                try:
                    if conn.in_transaction:
                        await conn.execute("ROLLBACK")
                except Exception as rollback_exc:
                    log.debug("rollback failed: %s", rollback_exc)
                if _needs_reconnect(exc):
                    await self._disconnect()
                raise
            return result

    async def _moderator(
        self, what: str, work: Callable[[aiosqlite.Connection], Awaitable[T]],
        *, write: bool = True,
    ) -> T:
        """A moderator read or action: database errors become one clear StoreError."""
        if self._closed or self._closing:
            raise StoreError(f"cannot {what}: the store is closed")
        try:
            return await self._in_transaction(work, write=write)
        except StoreError:
            raise
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot {what}: database error: {exc}") from exc

    # ----------------------------------------------------------------- recording

    def _enqueue(self, record: writes.Record) -> None:
        if self._closing or self._closed:
            self._dropped += 1
            log.debug("store closed; dropping %s", type(record).__name__)
            return
        if len(self._pending) >= self.queue_limit:
            victim = self._pending.popleft()
            self._dropped += 1
            if victim.seq <= self._inflight_last_seq:
                self._dropped_inflight += 1
            if self._failing_since is None and self._dropped == 1:
                log.warning("store queue full (%d records): dropping the oldest",
                            self.queue_limit)
        self._seq += 1
        self._pending.append(_Queued(self._seq, record))
        self._wake.set()

    async def record_question(self, event: QuestionRecord) -> None:
        """Queue a question the bot acted on; returns at once and never raises on DB trouble.

        Its text is kept (as an unanswered question, grouped) only for suggest and decline;
        answered and safety questions are logged without their words.
        Raises ValueError for a band or source the store does not know (a caller bug).
        """
        self._enqueue(_question(event, none_of_these=False))

    async def record_unanswered_part(self, event: QuestionRecord) -> None:
        """Queue a question left open in a message that was otherwise answered ("How long is
        MCMI? And what does it cost?"): it joins the unanswered questions for review, but adds
        no question-log row, so statistics count the message once. Returns at once."""
        self._enqueue(replace(_question(event, none_of_these=False), counted=False))

    async def record_none_of_these(self, event: QuestionRecord) -> None:
        """Queue that the asker rejected every suggestion for this question.

        Pass the question as it was recorded: if its unanswered row exists (asked within the
        hour by the same member), that row is marked rather than counted twice; otherwise
        (e.g. an answered question, whose text was not kept) the question is added as
        unanswered. No question-log row is added: the question itself was already logged.
        """
        self._enqueue(_question(event, none_of_these=True))

    async def record_vote(
        self, *, message_id: str | int, entry_id: str, user_id: str | int, helpful: bool,
        voted_at: datetime | None = None,
    ) -> None:
        """Queue a helpful / not helpful vote; a later vote by the same member on the same
        message replaces the earlier one. Returns at once."""
        self._enqueue(Vote(str(message_id), entry_id, str(user_id), bool(helpful),
                           voted_at or utc_now()))

    async def audit(self, actor: str, action: str, **details: object) -> None:
        """Record a moderator action (who, what, when) and wait until it is written.

        `entry_id`, `file` and `group_id` details get their own columns; any others are kept
        as JSON. Never raises on database trouble: if the database is down the entry stays
        queued and is written when it recovers.
        """
        entry_id = details.pop("entry_id", None)
        file = details.pop("file", None)
        group_id = details.pop("group_id", None)
        self._enqueue(AuditRecord(
            actor=actor,
            action=action,
            entry_id=None if entry_id is None else str(entry_id),
            file=None if file is None else str(file),
            group_id=None if group_id is None else int(str(group_id)),
            details=json.dumps(details, default=str, sort_keys=True) if details else None,
        ))
        await self.flush()

    @property
    def health(self) -> StoreHealth:
        """Whether writes are getting through, and how many records wait or were lost."""
        return StoreHealth(
            degraded=self._failing_since is not None,
            pending=len(self._pending),
            dropped=self._dropped,
            last_error=self._last_error,
            failing_since=self._failing_since,
        )

    def _written_through(self, seq: int) -> bool:
        return not self._pending or self._pending[0].seq > seq

    async def flush(self) -> bool:
        """Wait until everything queued so far is written; True if it was.

        Retries at once if the writer is backing off after a failure, and returns False as
        soon as an attempt made after this call fails (the records stay queued).
        """
        target = self._seq
        if self._written_through(target):
            return True
        writer = self._writer
        if writer is None or writer.done():
            return False
        started_before = self._attempts_started
        self._retry_requested = True
        self._wake.set()
        async with self._progress:
            await self._progress.wait_for(
                lambda: self._written_through(target)
                or self._last_failed_attempt > started_before
                or writer.done()
            )
        return self._written_through(target)

    # ------------------------------------------------------------------ the writer

    async def _run_writer(self) -> None:
        try:
            while not self._closing:
                self._wake.clear()
                now = time.monotonic()
                if self._pending and (self._retry_requested or now >= self._retry_at):
                    self._retry_requested = False
                    await self._attempt()
                    continue
                if now >= self._purge_at:
                    await self._scheduled_purge()
                    continue
                timeout = self._purge_at - now
                if self._pending:
                    timeout = min(timeout, self._retry_at - now)
                with contextlib.suppress(TimeoutError):  # a timeout just means "look again"
                    await asyncio.wait_for(self._wake.wait(), timeout=max(timeout, 0.0))
        finally:
            # Nobody may wait on a writer that is gone (flush checks writer.done()).
            async with self._progress:
                self._progress.notify_all()

    async def _attempt(self) -> None:
        limit = 1 if self._pending[0].seq <= self._isolate_until_seq else self._batch_size
        batch = list(islice(self._pending, limit))
        self._attempts_started += 1
        attempt = self._attempts_started
        self._inflight_last_seq = batch[-1].seq
        self._dropped_inflight = 0
        records = [queued.record for queued in batch]
        try:
            await self._in_transaction(
                lambda conn: writes.write_batch(conn, records, self._grouper)
            )
        except Exception as exc:
            if _is_transient(exc):
                self._note_failure(exc, attempt)
            else:
                self._isolate_bad_record(exc, batch)
        else:
            self._dropped -= self._dropped_inflight
            self._remove_through(batch[-1].seq)
            self._note_success()
        finally:
            self._inflight_last_seq = 0
            self._dropped_inflight = 0
            async with self._progress:
                self._progress.notify_all()

    def _remove_through(self, seq: int) -> None:
        while self._pending and self._pending[0].seq <= seq:
            self._pending.popleft()

    def _isolate_bad_record(self, exc: Exception, batch: list[_Queued]) -> None:
        if len(batch) > 1:
            log.warning("a queued record was rejected (%s); writing one at a time to find it",
                        exc)
            self._isolate_until_seq = batch[-1].seq
            return
        log.error("dropping a record the database rejects: %r", batch[0].record, exc_info=exc)
        self._remove_through(batch[0].seq)
        self._dropped += 1

    def _note_failure(self, exc: Exception, attempt: int) -> None:
        self._last_failed_attempt = attempt
        self._consecutive_failures += 1
        self._last_error = f"{type(exc).__name__}: {exc}"
        backoff = min(MAX_BACKOFF_SECONDS,
                      FIRST_BACKOFF_SECONDS * 2 ** (self._consecutive_failures - 1))
        self._retry_at = time.monotonic() + backoff
        if self._failing_since is None:
            self._failing_since = utc_now()
            self._dropped_when_failing_began = self._dropped
            log.error(
                "cannot write to %s (%s); keeping up to %d records in memory and retrying",
                self.path, self._last_error, self.queue_limit,
            )
        else:
            log.debug("write attempt %d to %s failed again: %s", self._consecutive_failures,
                      self.path, self._last_error)

    def _note_success(self) -> None:
        if self._failing_since is not None:
            lost = self._dropped - self._dropped_when_failing_began
            log.warning(
                "writing to %s works again after %d failed attempts over %.0f s; "
                "%d records were dropped meanwhile",
                self.path, self._consecutive_failures,
                (utc_now() - self._failing_since).total_seconds(), lost,
            )
        self._failing_since = None
        self._consecutive_failures = 0
        self._retry_at = 0.0
        self._last_error = None

    async def _scheduled_purge(self) -> None:
        try:
            deleted = await self.purge_expired()
        except Exception as exc:  # the writer must outlive a failed purge
            log.warning("daily retention purge failed (will retry in an hour): %s", exc)
            self._purge_at = time.monotonic() + PURGE_RETRY_SECONDS
        else:
            log.info("retention purge: %d rows older than %d days deleted", deleted,
                     self.retention_days)
            self._purge_at = time.monotonic() + PURGE_INTERVAL_SECONDS

    # ----------------------------------------------------------- moderator reads

    async def list_groups(
        self, status: GroupStatus | None = None, *, limit: int = 20, offset: int = 0
    ) -> list[UnansweredGroup]:
        """Unanswered groups (all, or one status), most asked first, for review."""
        if status is not None and status not in GROUP_STATUSES:
            raise StoreError(f"unknown group status {status!r}; use new, resolved or ignored")
        return await self._moderator(
            "list unanswered groups",
            lambda conn: reads.list_groups(conn, status, limit, offset), write=False,
        )

    async def get_group(self, group_id: int) -> UnansweredGroup:
        """One group with its examples; StoreError naming the id if there is none."""
        return await self._moderator(
            f"read group #{group_id}", lambda conn: reads.get_group(conn, group_id),
            write=False,
        )

    async def resolve_group(self, group_id: int, entry_id: str, actor: str) -> UnansweredGroup:
        """Mark a group answered by an entry (audited). It stays resolved if asked again:
        its count keeps growing, which tells moderators the entry still misses that phrasing.
        """
        return await self._set_status(group_id, "resolved", entry_id, actor)

    async def ignore_group(self, group_id: int, actor: str) -> UnansweredGroup:
        """Hide a group from the review queue for good (audited); repeats only raise its count."""
        return await self._set_status(group_id, "ignored", None, actor)

    async def reopen_group(self, group_id: int, actor: str) -> UnansweredGroup:
        """Put a resolved or ignored group back in the review queue (audited)."""
        return await self._set_status(group_id, "new", None, actor)

    async def _set_status(
        self, group_id: int, status: GroupStatus, entry_id: str | None, actor: str
    ) -> UnansweredGroup:
        action = {"resolved": "resolve_group", "ignored": "ignore_group",
                  "new": "reopen_group"}[status]

        async def work(conn: aiosqlite.Connection) -> UnansweredGroup:
            now = utc_now()
            await reads.set_group_status(conn, group_id, status, entry_id, now)
            await writes.insert_audit(conn, AuditRecord(
                actor=actor, action=action, entry_id=entry_id, group_id=group_id,
                created_at=now))
            return await reads.get_group(conn, group_id)

        return await self._moderator(f"{action.replace('_', ' ')} #{group_id}", work)

    async def stats(self, since: datetime | None = None, *, top: int = 10) -> Stats:
        """Questions, bands, votes, top answered entries and top open groups since a moment."""
        return await self._moderator(
            "compute stats", lambda conn: reads.stats(conn, since, top), write=False
        )

    async def list_audit(self, limit: int = 50) -> list[AuditEntry]:
        """The latest audit entries, newest first."""
        return await self._moderator(
            "read the audit log", lambda conn: reads.list_audit(conn, limit), write=False
        )

    # ------------------------------------------------------- privacy and retention

    async def forget_user(self, user_id: str | int) -> int:
        """Delete everything stored about a member (questions, unanswered rows, votes), queued
        records included; groups are recounted and empty ones dropped. Returns rows deleted.

        The audit log is kept: it records moderators' actions, not members' questions.
        """
        member = str(user_id)
        before = len(self._pending)
        self._pending = deque(
            q for q in self._pending if getattr(q.record, "user_id", None) != member
        )
        unqueued = before - len(self._pending)
        deleted = await self._moderator(
            f"forget member {member}", lambda conn: reads.forget_user(conn, member)
        )
        self._index_stale = True
        await self._checkpoint()
        return deleted + unqueued

    async def purge_expired(self, now: datetime | None = None) -> int:
        """Delete unanswered texts, votes and question-log rows older than the retention
        period; groups are recounted and empty ones dropped. Returns rows deleted.

        Runs at open and then daily in the writer task.
        """
        cutoff = (now or utc_now()) - timedelta(days=self.retention_days)
        deleted = await self._moderator(
            "purge expired rows", lambda conn: reads.purge_before(conn, cutoff)
        )
        if deleted:
            self._index_stale = True
            await self._checkpoint()
        return deleted

    async def _checkpoint(self) -> None:
        """Fold the WAL into the main file and truncate it, so deleted words leave the disk."""
        try:
            async with self._db_lock:
                conn = await self._connection()
                await conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except (sqlite3.Error, OSError, StoreError) as exc:
            log.debug("checkpoint after deletion failed (the next one will do): %s", exc)


def _question(event: QuestionRecord, *, none_of_these: bool) -> QuestionEvent:
    """Validate and snapshot a caller's question (with the time it was recorded)."""
    if event.band not in BANDS:
        raise ValueError(f"unknown band {event.band!r}; expected one of {sorted(BANDS)}")
    if event.source not in SOURCES:
        raise ValueError(f"unknown source {event.source!r}; expected one of {sorted(SOURCES)}")
    asked_at = getattr(event, "asked_at", None)
    return QuestionEvent(
        text=event.text,
        band=cast(Band, event.band),  # checked just above
        entry_id=event.entry_id,
        score=None if event.score is None else float(event.score),
        source=cast(Source, event.source),
        user_id=_id(event.user_id),
        channel_id=_id(event.channel_id),
        asked_at=asked_at if isinstance(asked_at, datetime) else utc_now(),
        none_of_these=none_of_these,
    )
