"""Fixtures for the reliability tests: the real bot against the loopback fake, plus two checks
every such test gets for free.

`rig(**settings)` assembles the bot exactly as `run_discord` does (through `bot.app.open_app`),
with seams the fault tests need and `tests/cogs/conftest.py`'s `launch` does not offer:
`store_options` (e.g. a failing connection factory, a small queue) are passed to `Store.open`,
`prepare(fake)` runs before the bot connects (extra channels, members, startup faults), and
`knowledge` points at another knowledge folder.

After every test that used `rig`, once the bot, store and fake are closed and garbage is
collected, the test fails if anything escaped: a task exception nobody retrieved (the loop's
exception handler is replaced for the test), discord.py's "Ignoring exception", the bot's own
on_error ("error while handling"), any ERROR from discord.py or asyncio, or a request the fake
itself failed on. A test that provokes one of those on purpose says so with `rig.expect_log`.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

import bot.app
from bot.app import open_app
from bot.client import AnswerBot
from bot.config import Settings
from bot.store import Store
from tests.cogs.conftest import BASE_SETTINGS, KNOWLEDGE, FakeClock, Harness
from tests.discord_fake import DiscordFake, connected_client, running_fake
from tests.reliability.payloads import PayloadReport, check_requests

__all__ = ["KNOWLEDGE", "Rig", "RigLauncher", "channel_like"]


@dataclass
class Rig(Harness):
    """A connected bot (see Harness) plus what it was started with."""

    settings: Settings = BASE_SETTINGS
    expected_logs: list[re.Pattern[str]] = field(default_factory=list)

    def expect_log(self, pattern: str) -> None:
        """Declare a log line this test provokes on purpose (a regex searched in the message)."""
        self.expected_logs.append(re.compile(pattern))

    def payloads(self) -> PayloadReport:
        """Pings and limit problems in everything the bot has sent so far."""
        return check_requests(self.fake.requests.items)


RigLauncher = Callable[..., Awaitable[Rig]]


class _StoreWithOptions:
    """Stands in for `bot.app.Store` so `open_app` opens the store with test options
    (a faulty connection factory, a small queue) and is otherwise untouched."""

    def __init__(self, options: Mapping[str, Any]) -> None:
        self._options = dict(options)

    async def open(self, path: Path, **kwargs: Any) -> Store:
        return await Store.open(path, **{**kwargs, **self._options})


def channel_like(fake: DiscordFake, channel_id: int, name: str) -> dict[str, Any]:
    """A new public text channel in the fake's guild, shaped like #general (call before
    connecting, e.g. from `prepare`)."""
    template = dict(fake.channels[fake.GENERAL_CHANNEL_ID])
    channel = {**template, "id": str(channel_id), "name": name,
               "position": len(fake.channels), "permission_overwrites": []}
    fake.channels[channel_id] = channel
    return channel


def _unhandled(records: list[logging.LogRecord], contexts: list[dict[str, Any]],
               fakes: list[DiscordFake], expected: list[re.Pattern[str]]) -> list[str]:
    problems = [f"loop exception handler: {c.get('message')} {c.get('exception')!r}"
                for c in contexts]
    for record in records:
        message = record.getMessage()
        if any(p.search(message) for p in expected):
            continue
        if (record.name.startswith(("discord", "asyncio")) and record.levelno >= logging.ERROR) \
                or "Ignoring exception" in message or "never retrieved" in message \
                or message.startswith("error while handling"):
            problems.append(f"{record.name} {record.levelname}: {message}")
    for fake in fakes:
        problems += [f"the fake failed: {error}" for error in fake.errors]
    return problems


@pytest_asyncio.fixture
async def rig(tmp_path: Path, caplog: pytest.LogCaptureFixture,
              monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[RigLauncher]:
    """Start bots with BASE_SETTINGS changed by keyword arguments; closed and checked after."""
    caplog.set_level(logging.INFO)
    loop = asyncio.get_running_loop()
    contexts: list[dict[str, Any]] = []
    previous_handler = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: contexts.append(context))
    fakes: list[DiscordFake] = []
    rigs: list[Rig] = []
    try:
        async with contextlib.AsyncExitStack() as stack:

            async def _start(*, store_options: Mapping[str, Any] | None = None,
                             prepare: Callable[[DiscordFake], None] | None = None,
                             **overrides: Any) -> Rig:
                fake = await stack.enter_async_context(running_fake())
                fakes.append(fake)
                if prepare is not None:
                    prepare(fake)
                db_path = overrides.pop("db_path", None) or tmp_path / f"bot-{len(rigs)}.db"
                settings = replace(BASE_SETTINGS, db_path=db_path, **overrides)
                monkeypatch.setattr(bot.app, "Store", _StoreWithOptions(store_options or {}))
                app = await stack.enter_async_context(open_app(settings))
                monkeypatch.setattr(bot.app, "Store", Store)
                clock = FakeClock()
                client = AnswerBot(settings=settings, engine=app.engine, store=app.store,
                                   clock=clock, guild_ready_timeout=0.05)
                await stack.enter_async_context(connected_client(client, fake))
                started = Rig(fake, client, app.store, db_path, clock, settings=settings)
                rigs.append(started)
                return started

            yield _start
        gc.collect()  # un-retrieved task exceptions are reported when their task is collected
        await asyncio.sleep(0)  # let the loop run any exception-handler callbacks just queued
        expected = [p for r in rigs for p in r.expected_logs]
        problems = _unhandled(caplog.records, contexts, fakes, expected)
        assert not problems, "unhandled errors:\n" + "\n".join(problems[:20])
    finally:
        loop.set_exception_handler(previous_handler)


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped knowledge folder."""
    target = tmp_path / "knowledge"
    target.mkdir()
    for source in KNOWLEDGE.iterdir():
        if source.is_file():
            (target / source.name).write_bytes(source.read_bytes())
    return target
