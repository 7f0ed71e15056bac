"""Moderator-facing queries and maintenance: groups, stats, audit log, forgetting, retention.

Each function runs inside a transaction the caller opened, so multi-query reads (stats) see
one consistent snapshot and deletions with their group recounts commit together.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import cast

import aiosqlite

from bot.store.errors import GroupNotFoundError
from bot.store.models import (
    AuditEntry,
    GroupStatus,
    Stats,
    UnansweredGroup,
    from_db,
    to_db,
)

MAX_EXAMPLES = 5

_GROUP_COLUMNS = """
    g.id, g.status, g.resolved_entry_id, g.count, g.first_seen, g.last_seen, g.best_entry_id,
    g.best_score, g.representative_text, g.status_changed_at,
    (SELECT count(*) FROM unanswered u
     WHERE u.group_id = g.id AND g.status_changed_at IS NOT NULL
       AND u.created_at > g.status_changed_at) AS asked_since_status_change,
    (SELECT count(*) FROM unanswered u
     WHERE u.group_id = g.id AND u.none_of_these) AS none_of_these
"""


async def _fetchall(
    conn: aiosqlite.Connection, sql: str, params: Sequence[object] | dict[str, object] = ()
) -> list[sqlite3.Row]:
    async with conn.execute(sql, params) as cursor:
        return list(await cursor.fetchall())


async def _examples(
    conn: aiosqlite.Connection, group_ids: Sequence[int]
) -> dict[int, tuple[str, ...]]:
    """Up to MAX_EXAMPLES distinct member texts per group, most recent first."""
    if not group_ids:
        return {}
    rows = await _fetchall(
        conn,
        """
        SELECT group_id, text FROM (
            SELECT group_id, text, row_number() OVER (
                PARTITION BY group_id ORDER BY last DESC, id DESC) AS recent
            FROM (
                -- One row per distinct text (case and outer spaces ignored); max() makes
                -- SQLite take text and id from the latest such row.
                SELECT group_id, text, id, max(created_at) AS last FROM unanswered
                WHERE group_id IN (SELECT value FROM json_each(?))
                GROUP BY group_id, lower(trim(text))))
        WHERE recent <= ? ORDER BY group_id, recent
        """,
        (json.dumps(list(group_ids)), MAX_EXAMPLES),
    )
    examples: dict[int, list[str]] = {}
    for row in rows:
        examples.setdefault(row["group_id"], []).append(row["text"])
    return {group_id: tuple(texts) for group_id, texts in examples.items()}


def _group(row: sqlite3.Row, examples: tuple[str, ...]) -> UnansweredGroup:
    changed = row["status_changed_at"]
    return UnansweredGroup(
        id=row["id"],
        status=cast(GroupStatus, row["status"]),
        resolved_entry_id=row["resolved_entry_id"],
        count=row["count"],
        first_seen=from_db(row["first_seen"]),
        last_seen=from_db(row["last_seen"]),
        best_entry_id=row["best_entry_id"],
        best_score=row["best_score"],
        representative_text=row["representative_text"],
        examples=examples,
        status_changed_at=from_db(changed) if changed else None,
        asked_since_status_change=row["asked_since_status_change"],
        none_of_these=row["none_of_these"],
    )


async def _groups(conn: aiosqlite.Connection, rows: list[sqlite3.Row]) -> list[UnansweredGroup]:
    examples = await _examples(conn, [row["id"] for row in rows])
    return [_group(row, examples.get(row["id"], ())) for row in rows]


async def list_groups(
    conn: aiosqlite.Connection, status: GroupStatus | None, limit: int, offset: int
) -> list[UnansweredGroup]:
    """Groups, most asked first (then most recently asked)."""
    rows = await _fetchall(
        conn,
        f"""
        SELECT {_GROUP_COLUMNS} FROM unanswered_groups g
        WHERE ? IS NULL OR g.status = ?
        ORDER BY g.count DESC, g.last_seen DESC, g.id
        LIMIT ? OFFSET ?
        """,  # noqa: S608 - the interpolated text is a constant column list
        (status, status, limit, offset),
    )
    return await _groups(conn, rows)


async def get_group(conn: aiosqlite.Connection, group_id: int) -> UnansweredGroup:
    """One group; raises GroupNotFoundError for an unknown id."""
    rows = await _fetchall(
        conn,
        f"SELECT {_GROUP_COLUMNS} FROM unanswered_groups g WHERE g.id = ?",  # noqa: S608
        (group_id,),
    )
    if not rows:
        raise GroupNotFoundError(group_id)
    return (await _groups(conn, rows))[0]


async def set_group_status(
    conn: aiosqlite.Connection, group_id: int, status: GroupStatus,
    resolved_entry_id: str | None, at: datetime,
) -> None:
    """Change a group's status; raises GroupNotFoundError for an unknown id."""
    cursor = await conn.execute(
        """
        UPDATE unanswered_groups
        SET status = ?, resolved_entry_id = ?, status_changed_at = ?
        WHERE id = ?
        """,
        (status, resolved_entry_id, to_db(at), group_id),
    )
    if cursor.rowcount == 0:
        raise GroupNotFoundError(group_id)


async def stats(
    conn: aiosqlite.Connection, since: datetime | None, top: int
) -> Stats:
    """Question, vote and unanswered figures since a moment (or ever)."""
    floor = to_db(since) if since is not None else ""
    bands = {row[0]: row[1] for row in await _fetchall(
        conn, "SELECT band, count(*) FROM questions WHERE asked_at >= ? GROUP BY band",
        (floor,))}
    votes = {bool(row[0]): row[1] for row in await _fetchall(
        conn, "SELECT helpful, count(*) FROM votes WHERE created_at >= ? GROUP BY helpful",
        (floor,))}
    rejected = (await _fetchall(
        conn, "SELECT count(*) FROM unanswered WHERE none_of_these AND created_at >= ?",
        (floor,)))[0][0]
    top_entries = tuple((row[0], row[1]) for row in await _fetchall(
        conn,
        """
        SELECT entry_id, count(*) AS n FROM questions
        WHERE band = 'answer' AND entry_id IS NOT NULL AND asked_at >= ?
        GROUP BY entry_id ORDER BY n DESC, entry_id LIMIT ?
        """,
        (floor, top)))
    asked = await _fetchall(
        conn,
        f"""
        SELECT {_GROUP_COLUMNS}, recent.n AS asked_in_period
        FROM (SELECT group_id, count(*) AS n FROM unanswered
              WHERE created_at >= ? AND group_id IS NOT NULL GROUP BY group_id) AS recent
        JOIN unanswered_groups g ON g.id = recent.group_id
        WHERE g.status = 'new'
        ORDER BY recent.n DESC, g.last_seen DESC, g.id LIMIT ?
        """,  # noqa: S608 - the interpolated text is a constant column list
        (floor, top),
    )
    groups = await _groups(conn, asked)
    return Stats(
        since=since,
        questions=sum(bands.values()),
        answered=bands.get("answer", 0),
        suggested=bands.get("suggest", 0),
        declined=bands.get("decline", 0),
        safety=bands.get("safety", 0),
        none_of_these=rejected,
        votes_helpful=votes.get(True, 0),
        votes_not_helpful=votes.get(False, 0),
        top_entries=top_entries,
        top_unanswered=tuple(
            (group, row["asked_in_period"]) for group, row in zip(groups, asked, strict=True)
        ),
    )


async def list_audit(conn: aiosqlite.Connection, limit: int) -> list[AuditEntry]:
    """The latest audit entries, newest first."""
    rows = await _fetchall(
        conn,
        """
        SELECT id, created_at, actor, action, entry_id, file, group_id, details
        FROM audit_log ORDER BY created_at DESC, id DESC LIMIT ?
        """,
        (limit,),
    )
    return [
        AuditEntry(
            id=row["id"], created_at=from_db(row["created_at"]), actor=row["actor"],
            action=row["action"], entry_id=row["entry_id"], file=row["file"],
            group_id=row["group_id"], details=json.loads(row["details"] or "{}"),
        )
        for row in rows
    ]


async def _recount(conn: aiosqlite.Connection, group_ids: Iterable[int]) -> int:
    """Bring groups back in line with their remaining members; delete the empty ones.

    The representative text is re-taken from the earliest remaining member, so a forgotten or
    expired question's words never survive as a group's title. Returns groups deleted.
    """
    ids = json.dumps(sorted(set(group_ids)))
    await conn.execute(
        """
        UPDATE unanswered_groups SET
            count = (SELECT count(*) FROM unanswered u WHERE u.group_id = unanswered_groups.id),
            first_seen = coalesce((SELECT min(created_at) FROM unanswered u
                                   WHERE u.group_id = unanswered_groups.id), first_seen),
            last_seen = coalesce((SELECT max(created_at) FROM unanswered u
                                  WHERE u.group_id = unanswered_groups.id), last_seen),
            representative_text = coalesce(
                (SELECT text FROM unanswered u WHERE u.group_id = unanswered_groups.id
                 ORDER BY u.created_at, u.id LIMIT 1), representative_text),
            (best_entry_id, best_score) = (
                SELECT best_entry_id, best_score FROM unanswered u
                WHERE u.group_id = unanswered_groups.id AND u.best_entry_id IS NOT NULL
                ORDER BY u.best_score DESC, u.created_at DESC LIMIT 1)
        WHERE id IN (SELECT value FROM json_each(?))
        """,
        (ids,),
    )
    cursor = await conn.execute(
        "DELETE FROM unanswered_groups WHERE count = 0 AND id IN (SELECT value FROM json_each(?))",
        (ids,),
    )
    return cursor.rowcount


async def _affected_groups(conn: aiosqlite.Connection, where: str,
                           params: Sequence[object]) -> list[int]:
    rows = await _fetchall(
        conn,
        f"SELECT DISTINCT group_id FROM unanswered WHERE group_id IS NOT NULL AND {where}",  # noqa: S608
        params,
    )
    return [row[0] for row in rows]


async def forget_user(conn: aiosqlite.Connection, user_id: str) -> int:
    """Delete every question, unanswered row and vote of one member; returns rows deleted."""
    groups = await _affected_groups(conn, "user_id = ?", (user_id,))
    deleted = 0
    for table in ("unanswered", "questions", "votes"):
        cursor = await conn.execute(
            f"DELETE FROM {table} WHERE user_id = ?", (user_id,)  # noqa: S608 - fixed names
        )
        deleted += cursor.rowcount
    await _recount(conn, groups)
    return deleted


async def purge_before(conn: aiosqlite.Connection, cutoff: datetime) -> int:
    """Delete unanswered texts, votes and question-log rows older than cutoff; returns rows."""
    floor = to_db(cutoff)
    groups = await _affected_groups(conn, "created_at < ?", (floor,))
    deleted = 0
    for table, column in (("unanswered", "created_at"), ("questions", "asked_at"),
                          ("votes", "created_at")):
        cursor = await conn.execute(
            f"DELETE FROM {table} WHERE {column} < ?", (floor,)  # noqa: S608 - fixed names
        )
        deleted += cursor.rowcount
    await _recount(conn, groups)
    return deleted
