"""Extension smoke test: every cog loads into an unconnected bot, commands do not clash."""

from __future__ import annotations

from collections import Counter

import discord

from bot.client import DEFAULT_EXTENSIONS, AnswerBot, build_intents
from bot.config import Settings
from bot.engine import AnswerEngine
from bot.matching.analysis import common_english_words
from bot.matching.matcher import Matcher
from bot.views import PERSISTENT_ITEMS
from tests.cogs.conftest import Launcher


async def test_every_extension_loads_and_command_names_are_unique(matcher: Matcher) -> None:
    bot = AnswerBot(settings=Settings(), engine=AnswerEngine(matcher))
    for extension in DEFAULT_EXTENSIONS:
        await bot.load_extension(extension)
    names = [c.qualified_name for c in bot.tree.walk_commands()]
    assert {"ask", "faq"} <= set(names)
    assert [n for n, count in Counter(names).items() if count > 1] == []
    await bot.close()


async def test_the_bot_reads_the_word_list_at_start_up_not_on_a_members_typo(
        launch: Launcher) -> None:
    common_english_words.cache_clear()
    await launch()
    assert common_english_words.cache_info().currsize == 1


def test_persistent_item_templates_do_not_overlap() -> None:
    samples = ["faq:vote:e:1:1", "faq:show:e", "faq:pick:e:1", "faq:none:1", "faq:topics:0",
               "faq:entries:0"]
    for sample in samples:
        owners = [c for c in PERSISTENT_ITEMS
                  if c.__discord_ui_compiled_template__.fullmatch(sample)]
        assert len(owners) == 1, sample


def test_intents_are_minimal() -> None:
    plain = build_intents(Settings())
    assert plain == discord.Intents(guilds=True, guild_messages=True)
    with_channels = build_intents(Settings(answer_channel_ids=frozenset({1})))
    assert with_channels.message_content and not with_channels.members
    assert not with_channels.dm_messages and not with_channels.presences
