"""The Discord bot: one `AnswerBot` that assembles the engine, the store and the cogs.

Shape taken from discord.py's own examples: dependencies are passed in (nothing global, nothing
at import time), `setup_hook` loads the cogs, registers the persistent buttons and syncs the
slash commands, and `run_discord` is the only place that touches the token. Another feature is
one more module name in `DEFAULT_EXTENSIONS` (or the `extensions=` argument).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Iterable
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import open_app
from bot.config import Settings
from bot.cooldowns import Clock, RepeatGuard, UserRateLimiter
from bot.discord_api import point_discord_at
from bot.engine import AnswerEngine
from bot.views import PERSISTENT_ITEMS, FeedbackStore, report_interaction_error

log = logging.getLogger("bot.discord")

# Each module has an `async def setup(bot)`; bot.cogs.admin is the moderators' /faqadmin.
DEFAULT_EXTENSIONS: tuple[str, ...] = ("bot.cogs.ask", "bot.cogs.browse", "bot.cogs.admin")


def build_intents(settings: Settings) -> discord.Intents:
    """The fewest intents that work.

    Guilds and guild messages are enough for slash commands, buttons and mentions (Discord
    delivers the text of a message that mentions the bot). Only answer channels need the
    privileged MESSAGE_CONTENT intent, so it is asked for only when some are configured.
    Direct messages, members and presences stay off.
    """
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.message_content = bool(settings.answer_channel_ids)
    return intents


class AnswerBot(commands.Bot):
    """The FAQ bot: answers through `engine`, records votes in `store`, never pings anyone."""

    def __init__(
        self,
        *,
        settings: Settings,
        engine: AnswerEngine,
        store: FeedbackStore | None = None,
        extensions: Iterable[str] = DEFAULT_EXTENSIONS,
        clock: Clock = time.monotonic,
        **options: Any,
    ) -> None:
        options.setdefault("intents", build_intents(settings))
        super().__init__(
            # Prefix commands are not used (on_message below never processes them); the
            # argument is required by commands.Bot.
            command_prefix=commands.when_mentioned,
            help_command=None,
            # The client-wide default; every send also passes it explicitly.
            allowed_mentions=discord.AllowedMentions.none(),
            # No member list and no message cache: neither is needed, both cost memory.
            chunk_guilds_at_startup=False,
            member_cache_flags=discord.MemberCacheFlags.none(),
            max_messages=None,
            **options,
        )
        self.settings = settings
        self.engine = engine
        self.store = store
        self.repeats = RepeatGuard(settings.repeat_window_seconds, clock)
        self.rate_limiter = UserRateLimiter(
            settings.user_rate_limit, settings.user_rate_window_seconds, clock
        )
        self.extensions_to_load = tuple(extensions)
        self.tree.error(self.on_app_command_error)

    async def setup_hook(self) -> None:
        """Load the cogs, make old buttons work again, and publish the slash commands."""
        await self.engine.warm_up()
        for extension in self.extensions_to_load:
            await self.load_extension(extension)
        self.add_dynamic_items(*PERSISTENT_ITEMS)
        try:
            synced = await self.tree.sync()
        except discord.HTTPException:
            # Commands registered earlier keep working; a failed sync must not stop the bot.
            log.exception("could not sync application commands; keeping the registered ones")
        else:
            log.info("synced %d application commands", len(synced))

    async def on_ready(self) -> None:
        """Log where the bot is, once per (re)connection."""
        log.info("connected as %s (id %s) to %d guild(s)", self.user,
                 self.user.id if self.user else "?", len(self.guilds))

    async def on_message(self, message: discord.Message, /) -> None:
        """Do not parse prefix commands: the ask cog's listener decides what a message means."""

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        """Any event handler that raised: log it with context and keep serving."""
        where = ""
        first = args[0] if args else None
        if isinstance(first, discord.Message):
            where = f" (message {first.id} in channel {first.channel.id})"
        log.exception("error while handling %s%s", event_method, where)

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """A slash command or autocomplete failed: log it, apologise if we still can."""
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        command = interaction.command.qualified_name if interaction.command else "?"
        await report_interaction_error(interaction, cause, f"/{command}")


async def run_discord(settings: Settings) -> None:
    """Run the bot until SIGTERM or Ctrl-C, then close the client and the database cleanly.

    The token is read from `settings` here and handed only to discord.py.
    """
    level = logging.getLevelNamesMapping().get(settings.log_level, logging.INFO)
    discord.utils.setup_logging(level=level, root=True)
    # discord.py's DEBUG logs carry raw gateway events, members' words included (crisis
    # messages too): never below INFO, whatever LOG_LEVEL asks of the bot's own loggers.
    for name in ("discord.gateway", "discord.client", "discord.http", "discord.state"):
        logging.getLogger(name).setLevel(max(level, logging.INFO))
    _redact_everywhere(settings.token.get())
    point_discord_at(settings.api_base, settings.gateway_url)
    if settings.answer_channel_ids:
        log.info("answer channels configured: the MESSAGE_CONTENT intent is required")
    async with (
        open_app(settings) as app,
        AnswerBot(settings=settings, engine=app.engine, store=app.store) as bot,
    ):
        _close_on_signals(bot)
        await bot.start(settings.token.get())
    log.info("stopped; database closed")


class _Redact(logging.Filter):
    """Belt and braces: no log line can carry the token, whatever a library puts in it."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self._secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._secret in message:
            record.msg, record.args = message.replace(self._secret, "[token]"), None
        return True


def _redact_everywhere(secret: str) -> None:
    if secret:
        for handler in logging.getLogger().handlers:
            handler.addFilter(_Redact(secret))


def _close_on_signals(bot: AnswerBot) -> None:
    """SIGTERM (docker stop) and SIGINT (Ctrl-C) close the client, which ends `bot.start`."""
    loop = asyncio.get_running_loop()

    def close() -> None:
        log.info("shutting down")
        task = loop.create_task(bot.close())
        # Keep a reference until done, or the task may be garbage-collected mid-close.
        _closing.add(task)
        task.add_done_callback(_closing.discard)

    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # e.g. Windows
            loop.add_signal_handler(sig, close)


_closing: set[asyncio.Task[None]] = set()
