"""Open the SQLite file the way the store needs it, and bring its schema up to date.

Migrations are the numbered plain SQL files in `migrations/` (0001_initial.sql, ...). Each runs
in its own transaction together with the `PRAGMA user_version` bump that records it, so a
crash mid-migration leaves the database at the previous version, never half-migrated.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import aiosqlite

from bot.store.errors import StoreError

log = logging.getLogger("bot.store")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

# A locked database makes a statement wait at most this long before failing: the writer
# retries later, and a moderator command reports the error instead of hanging.
BUSY_TIMEOUT_MS = 250

Connector = Callable[[Path], Awaitable[aiosqlite.Connection]]
"""Opens the raw connection (tests pass one to inject faults); the store configures it."""


@dataclass(frozen=True)
class Migration:
    """One numbered SQL file."""

    version: int
    name: str
    sql: str


def split_statements(script: str) -> list[str]:
    """Split an SQL script into complete statements (semicolons in strings stay put)."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            if _has_code(statement):
                statements.append(statement)
            buffer = ""
    if _has_code(buffer):
        raise StoreError(f"unterminated SQL statement: {buffer.strip()[:80]!r}")
    return statements


def _has_code(sql: str) -> bool:
    return any(line.strip() and not line.strip().startswith("--") for line in sql.splitlines())


@cache
def load_migrations(directory: Path = MIGRATIONS_DIR) -> tuple[Migration, ...]:
    """The migration files in version order; raises StoreError if the numbering has a gap."""
    migrations = []
    for path in sorted(directory.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if match is None:
            raise StoreError(f"{path}: migration files are named NNNN_some_name.sql")
        migrations.append(Migration(int(match.group(1)), path.name,
                                    path.read_text(encoding="utf-8")))
    for expected, migration in enumerate(migrations, start=1):
        if migration.version != expected:
            raise StoreError(f"{directory}: expected migration {expected:04d}, "
                             f"found {migration.name}")
    return tuple(migrations)


def latest_version() -> int:
    """The schema version this code writes."""
    return len(load_migrations())


async def default_connect(path: Path) -> aiosqlite.Connection:
    """A plain aiosqlite connection in autocommit mode: the store issues BEGIN/COMMIT itself."""
    return await aiosqlite.connect(path, isolation_level=None)


async def user_version(conn: aiosqlite.Connection) -> int:
    """The schema version recorded in the file."""
    async with conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row is not None else 0


async def open_database(path: Path, connect: Connector = default_connect) -> aiosqlite.Connection:
    """Open (creating if needed) and migrate the database at `path`.

    WAL lets moderators read while the bot writes; the short busy timeout keeps a locked file
    from stalling anyone for long; foreign keys keep group references honest; secure_delete
    overwrites forgotten questions instead of leaving them in free pages.
    Raises StoreError when the file was written by newer code, or is not a usable database.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = await connect(path)
    try:
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        async with conn.execute("PRAGMA journal_mode = WAL") as cursor:
            row = await cursor.fetchone()
        if row is None or str(row[0]).lower() != "wal":
            raise StoreError(f"{path}: could not switch to WAL journal mode "
                             f"(got {row[0] if row else None!r})")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA synchronous = NORMAL")
        await conn.execute("PRAGMA secure_delete = ON")
        await migrate(conn, path)
    except BaseException:
        await conn.close()
        raise
    return conn


async def migrate(conn: aiosqlite.Connection, path: Path | str = "database",
                  *, target: int | None = None) -> int:
    """Apply every migration above the file's version (up to `target`); returns the version.

    Each migration re-reads the version inside its write transaction, so two processes opening
    the same old file at once cannot both apply it.
    """
    migrations = load_migrations()
    newest = len(migrations) if target is None else target
    current = await user_version(conn)
    if current > len(migrations):
        raise StoreError(
            f"{path}: schema version {current} is newer than this code knows "
            f"({len(migrations)}); upgrade the bot or point it at another database file"
        )
    for migration in migrations[current:newest]:
        await conn.execute("BEGIN IMMEDIATE")
        try:
            if await user_version(conn) >= migration.version:
                await conn.execute("ROLLBACK")
                continue
            # Statement by statement: executescript() would commit the open transaction
            # first, and the version bump must commit together with the file.
            for statement in split_statements(migration.sql):
                await conn.execute(statement)
            await conn.execute(f"PRAGMA user_version = {migration.version}")
            await conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
        log.info("%s: applied migration %s", path, migration.name)
    return await user_version(conn)
