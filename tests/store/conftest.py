"""Fixtures for the store tests: a real SQLite file in tmp_path, and a connector that can be
told to fail the way real databases do."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import aiosqlite
import pytest

from bot.store import Store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "bot.db"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(db_path)
    yield opened
    await opened.close()


@contextmanager
def reader(path: Path) -> Iterator[sqlite3.Connection]:
    """A separate plain sqlite3 connection, as another process would have."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def rows(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with reader(path) as conn:
        return conn.execute(sql, params).fetchall()


class FaultyConnector:
    """Opens real aiosqlite connections, made to fail on demand with real SQLite errors.

    mode "readonly": PRAGMA query_only, so every write fails with SQLITE_READONLY.
    mode "full": PRAGMA max_page_count pinned to the current size: SQLITE_FULL on growth.
    mode "io_error": opening raises sqlite3.OperationalError("disk I/O error").
    """

    def __init__(self) -> None:
        self.mode: str | None = None
        self.live: aiosqlite.Connection | None = None
        self.opened = 0

    async def __call__(self, path: Path) -> aiosqlite.Connection:
        if self.mode == "io_error":
            raise sqlite3.OperationalError("disk I/O error")
        conn = await aiosqlite.connect(path, isolation_level=None)
        self.opened += 1
        self.live = conn
        await self._apply(conn)
        return conn

    async def break_live(self, mode: str) -> None:
        """Make the connection the store holds fail too, from now on."""
        self.mode = mode
        assert self.live is not None
        await self._apply(self.live)

    async def _apply(self, conn: aiosqlite.Connection) -> None:
        if self.mode == "readonly":
            await conn.execute("PRAGMA query_only = ON")
        elif self.mode == "full":
            async with conn.execute("PRAGMA page_count") as cursor:
                row = await cursor.fetchone()
            assert row is not None
            await conn.execute(f"PRAGMA max_page_count = {row[0]}")
