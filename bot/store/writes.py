"""Write queued records inside the writer's transaction: questions, unanswered rows and their
groups, votes, audit entries. Nothing here commits; the caller's transaction does, all or
nothing, so an interrupted batch never leaves half a record behind.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import timedelta

import aiosqlite

from bot.store.grouping import Analyzer, GroupIndex, Profile, default_analyzer, terms_of
from bot.store.models import (
    MAX_TEXT_CHARS,
    UNANSWERED_BANDS,
    AuditRecord,
    QuestionEvent,
    Vote,
    to_db,
)

log = logging.getLogger("bot.store")

Record = QuestionEvent | Vote | AuditRecord

# "None of these" marks the asker's own unanswered row when it was logged this recently,
# instead of counting the same question twice.
NONE_OF_THESE_WINDOW = timedelta(hours=1)


class Grouper:
    """Places unanswered questions in groups: the in-memory index plus the rows it mirrors."""

    def __init__(self, analyzer: Analyzer, threshold: float) -> None:
        self.analyzer = analyzer
        self.threshold = threshold
        self.index = GroupIndex()
        self._analyzer_failed = False

    def terms(self, text: str) -> Profile:
        """The question's terms; if the pluggable analyser fails, the default one's."""
        try:
            return terms_of(text, self.analyzer)
        except Exception:
            if not self._analyzer_failed:  # once: the same bug would repeat per question
                log.exception("grouping analyser failed; using the default analyser instead")
                self._analyzer_failed = True
            return terms_of(text, default_analyzer)

    async def reload(self, conn: aiosqlite.Connection, members_per_group: int = 200) -> None:
        """Rebuild the index from the stored members (the latest few hundred of each group)."""
        index = GroupIndex()
        async with conn.execute(
            """
            SELECT group_id, text FROM (
                SELECT group_id, text, row_number() OVER (
                    PARTITION BY group_id ORDER BY created_at DESC, id DESC) AS recent
                FROM unanswered WHERE group_id IS NOT NULL)
            WHERE recent <= ? ORDER BY group_id
            """,
            (members_per_group,),
        ) as cursor:
            async for group_id, text in cursor:
                index.add(group_id, index.correct(self.terms(text)))
        self.index = index
        log.debug("grouping index rebuilt: %d groups", len(index))

    async def place(
        self, conn: aiosqlite.Connection, text: str, entry_id: str | None,
        score: float | None, at: str,
    ) -> int:
        """Add one unanswered question to its group (or a new one); returns the group id.

        Joining never changes a group's status: an ignored group stays ignored and a resolved
        one stays resolved; only its count, last_seen and best candidate move.
        """
        query = self.index.correct(self.terms(text))
        match = self.index.best_match(query, self.threshold)
        if match is not None:
            cursor = await conn.execute(
                """
                UPDATE unanswered_groups SET
                    count = count + 1,
                    -- The representative is the earliest member (events may arrive late).
                    representative_text = CASE WHEN :at < first_seen
                        THEN :text ELSE representative_text END,
                    first_seen = min(first_seen, :at),
                    last_seen = max(last_seen, :at),
                    best_entry_id = CASE WHEN :entry IS NOT NULL
                        AND (best_score IS NULL OR coalesce(:score, 0) >= best_score)
                        THEN :entry ELSE best_entry_id END,
                    best_score = CASE WHEN :entry IS NOT NULL
                        AND (best_score IS NULL OR coalesce(:score, 0) >= best_score)
                        THEN coalesce(:score, 0) ELSE best_score END
                WHERE id = :group
                """,
                {"at": at, "entry": entry_id, "score": score, "group": match.group_id,
                 "text": text},
            )
            if cursor.rowcount == 1:
                self.index.add(match.group_id, query)
                return match.group_id
            # Deleted behind the index's back (another process): forget it, start afresh.
            self.index.remove(match.group_id)
        cursor = await conn.execute(
            """
            INSERT INTO unanswered_groups
                (count, first_seen, last_seen, best_entry_id, best_score, representative_text)
            VALUES (1, :at, :at, :entry, :score, :text)
            """,
            {"at": at, "entry": entry_id, "score": score if entry_id else None, "text": text},
        )
        group_id = _rowid(cursor)
        self.index.add(group_id, query)
        return group_id


def _rowid(cursor: aiosqlite.Cursor) -> int:
    if cursor.lastrowid is None:  # pragma: no cover - sqlite always sets it after INSERT
        raise RuntimeError("INSERT returned no row id")
    return cursor.lastrowid


# A lone surrogate is possible in a JSON string (so in a Discord message) but not in UTF-8:
# SQLite would reject the whole record. It is kept as U+FFFD instead.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def stored_text(text: str) -> str:
    """The question text as kept: trimmed, capped in length, valid UTF-8."""
    return _LONE_SURROGATE.sub("\ufffd", text.strip()[:MAX_TEXT_CHARS])


async def write_batch(
    conn: aiosqlite.Connection, records: Sequence[Record], grouper: Grouper
) -> None:
    """Write records in order (a later vote replaces an earlier one) in the open transaction."""
    for record in records:
        if isinstance(record, QuestionEvent):
            if record.none_of_these:
                await _write_none_of_these(conn, record, grouper)
            elif not record.counted:
                await _write_unanswered_part(conn, record, grouper)
            else:
                await _write_question(conn, record, grouper)
        elif isinstance(record, Vote):
            await _write_vote(conn, record)
        else:
            await _write_audit(conn, record)


async def _write_question(
    conn: aiosqlite.Connection, event: QuestionEvent, grouper: Grouper
) -> None:
    at = to_db(event.asked_at)
    cursor = await conn.execute(
        """
        INSERT INTO questions (asked_at, source, band, entry_id, score, user_id, channel_id)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """,
        (at, event.source, event.band, event.entry_id, event.score, event.user_id,
         event.channel_id),
    )
    text = stored_text(event.text)
    # Privacy: answered and safety questions are logged without their words.
    if event.band in UNANSWERED_BANDS and text:
        await _insert_unanswered(conn, event, text, grouper, question_id=_rowid(cursor))


async def _write_unanswered_part(
    conn: aiosqlite.Connection, event: QuestionEvent, grouper: Grouper
) -> None:
    text = stored_text(event.text)
    if event.band in UNANSWERED_BANDS and text:
        await _insert_unanswered(conn, event, text, grouper, question_id=None)


async def _write_none_of_these(
    conn: aiosqlite.Connection, event: QuestionEvent, grouper: Grouper
) -> None:
    text = stored_text(event.text)
    if not text:
        return
    since = to_db(event.asked_at - NONE_OF_THESE_WINDOW)
    async with conn.execute(
        """
        SELECT id FROM unanswered
        WHERE text = ? AND user_id IS ? AND created_at >= ?
        ORDER BY id DESC LIMIT 1
        """,
        (text, event.user_id, since),
    ) as cursor:
        row = await cursor.fetchone()
    if row is not None:
        await conn.execute("UPDATE unanswered SET none_of_these = 1 WHERE id = ?", (row[0],))
    else:
        # The suggestion's own row is gone (or it was an answer, whose text was not kept).
        await _insert_unanswered(conn, event, text, grouper, question_id=None)


async def _insert_unanswered(
    conn: aiosqlite.Connection, event: QuestionEvent, text: str, grouper: Grouper,
    *, question_id: int | None,
) -> None:
    at = to_db(event.asked_at)
    group_id = await grouper.place(conn, text, event.entry_id, event.score, at)
    await conn.execute(
        """
        INSERT INTO unanswered (question_id, text, best_entry_id, best_score, source, user_id,
                                channel_id, created_at, group_id, none_of_these)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (question_id, text, event.entry_id, event.score, event.source, event.user_id,
         event.channel_id, at, group_id, int(event.none_of_these)),
    )


async def _write_vote(conn: aiosqlite.Connection, vote: Vote) -> None:
    await conn.execute(
        """
        INSERT INTO votes (message_id, user_id, entry_id, helpful, created_at)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (message_id, user_id) DO UPDATE SET
            entry_id = excluded.entry_id,
            helpful = excluded.helpful,
            created_at = excluded.created_at
        """,
        (vote.message_id, vote.user_id, vote.entry_id, int(vote.helpful), to_db(vote.voted_at)),
    )


async def _write_audit(conn: aiosqlite.Connection, record: AuditRecord) -> None:
    await insert_audit(conn, record)


async def insert_audit(conn: aiosqlite.Connection, record: AuditRecord) -> None:
    """Insert one audit row (also used inside moderator transactions)."""
    await conn.execute(
        """
        INSERT INTO audit_log (created_at, actor, action, entry_id, file, group_id, details)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """,
        (to_db(record.created_at), record.actor, record.action, record.entry_id, record.file,
         record.group_id, record.details),
    )
