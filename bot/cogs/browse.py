"""/faq: browse the FAQ by topic, then question, in one private message.

Only the first step lives here; choosing a topic or a question is handled by the persistent
selects in bot.views, so a menu keeps working after a restart. The menu is always ephemeral:
a public menu would let anyone change what everyone sees.
"""

from __future__ import annotations

from typing import cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import AnswerBot
from bot.replies import render_topics
from bot.views import respond


class BrowseCog(commands.Cog):
    """The /faq command."""

    def __init__(self, bot: AnswerBot) -> None:
        self.bot = bot

    @app_commands.command(name="faq", description="Browse the FAQ by topic")
    async def faq(self, interaction: discord.Interaction) -> None:
        """Show the topics menu."""
        await respond(interaction, render_topics(self.bot.engine.kb), ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    """Extension entry point (AnswerBot.setup_hook loads it)."""
    await bot.add_cog(BrowseCog(cast(AnswerBot, bot)))
