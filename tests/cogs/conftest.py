"""End-to-end fixtures: the real AnswerBot, engine and SQLite store against the loopback fake.

`launch(**settings)` starts a fresh fake, assembles engine and Store (on tmp_path) with
bot.app.open_app exactly as run_discord does, on the shipped knowledge/ folder, and connects an
AnswerBot to the fake; everything is closed after the test.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.app import open_app
from bot.client import AnswerBot
from bot.config import Settings
from bot.engine import build_matcher
from bot.matching.matcher import Band, Matcher
from bot.store import Store
from tests.discord_fake import (
    APP_ID,
    GENERAL_CHANNEL_ID,
    MEMBER_USER,
    MOD_LOG_CHANNEL_ID,
    MOD_ROLE_ID,
    QUESTIONS_CHANNEL_ID,
    DiscordFake,
    RecordedRequest,
    connected_client,
    running_fake,
)

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"

# Questions whose band on the shipped knowledge base the tests rely on (checked by `band_of`).
ANSWERED = "How long is the MCMI Training?"
ANSWERED_TITLE = "How long is the MCMI Training?"
SUGGESTED = "how long is it"
DECLINED = "how much does it cost?"
CRISIS = "I want to kill myself"

BASE_SETTINGS = Settings(
    knowledge_path=KNOWLEDGE,
    answer_channel_ids=frozenset({QUESTIONS_CHANNEL_ID}),
    moderator_role_id=MOD_ROLE_ID,
    moderator_channel_id=MOD_LOG_CHANNEL_ID,
    repeat_window_seconds=300,
    user_rate_limit=1000,
    user_rate_window_seconds=60,
)


def no_pings(body: dict[str, Any]) -> bool:
    """A message body whose allowed_mentions let nobody be pinged (no @everyone, roles,
    users or replied-to author)."""
    allowed = body.get("allowed_mentions") or {}
    return (allowed.get("parse") == [] and not allowed.get("users")
            and not allowed.get("roles") and not allowed.get("replied_user"))


class FakeClock:
    """The bot's cooldown clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Harness:
    """One connected bot and the fake it talks to, with shortcuts a test reads well with."""

    fake: DiscordFake
    bot: AnswerBot
    store: Store
    db_path: Path
    clock: FakeClock

    async def say(self, content: str, *, user: dict = MEMBER_USER,
                  channel: int = GENERAL_CHANNEL_ID, **options: Any) -> int:
        """A member posts a message; returns its id."""
        return await self.fake.message_create(channel, user, content, **options)

    async def mention(self, question: str, **options: Any) -> int:
        """A member asks "@bot question"."""
        return await self.say(f"<@{APP_ID}> {question}", **options)

    async def reply_to(self, message_id: int) -> RecordedRequest:
        """The bot's reply to a message (fails after 5 s without one)."""
        return await self.fake.wait_for_reply(message_id)

    def replies_to(self, message_id: int) -> list[RecordedRequest]:
        """Every reply (any status) the bot attempted to a message so far."""
        return [r for r in self.fake.requests.items
                if r.method == "POST" and r.route.endswith("/messages")
                and str(((r.json or {}).get("message_reference") or {}).get("message_id"))
                == str(message_id)]

    async def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Rows from the bot's database, after the store has written what it queued."""
        await self.store.flush()
        with contextlib.closing(sqlite3.connect(self.db_path)) as db:
            return db.execute(sql, params).fetchall()


def band_of(matcher: Matcher, question: str) -> Band:
    return matcher.match(question).band


@pytest.fixture(scope="session")
def matcher() -> Matcher:
    built = build_matcher(KNOWLEDGE, BASE_SETTINGS.thresholds)
    # The tests below depend on these bands; say so clearly if tuning moves one.
    for question, band in ((ANSWERED, Band.ANSWER), (SUGGESTED, Band.SUGGEST),
                           (DECLINED, Band.DECLINE), (CRISIS, Band.SAFETY)):
        assert band_of(built, question) is band, f"{question!r} is no longer {band}"
    return built


Launcher = Callable[..., Awaitable[Harness]]


@pytest_asyncio.fixture
async def launch(tmp_path: Path, matcher: Matcher) -> AsyncIterator[Launcher]:
    # `matcher` only checks, once per session, that the test questions keep their bands.
    """Start a bot with BASE_SETTINGS changed by keyword arguments; closed after the test."""
    async with contextlib.AsyncExitStack() as stack:

        async def _launch(**overrides: Any) -> Harness:
            fake = await stack.enter_async_context(running_fake())
            db_path = tmp_path / f"bot-{len(list(tmp_path.glob('*.db')))}.db"
            settings = replace(BASE_SETTINGS, db_path=db_path, **overrides)
            # The same assembly as run_discord: knowledge -> matcher, store, engine.
            app = await stack.enter_async_context(open_app(settings))
            clock = FakeClock()
            bot = AnswerBot(settings=settings, engine=app.engine, store=app.store, clock=clock,
                            guild_ready_timeout=0.05)
            await stack.enter_async_context(connected_client(bot, fake))
            return Harness(fake, bot, app.store, db_path, clock)

        yield _launch


@pytest_asyncio.fixture
async def h(launch: Launcher) -> Harness:
    """A bot with the default test settings."""
    return await launch()
