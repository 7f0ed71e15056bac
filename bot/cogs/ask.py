"""Asking: /ask (with autocomplete), "@bot question" mentions, and answer channels.

Each way of asking turns the event into one `engine.ask` call and the result into one reply;
which band gets which reply is decided here, how it looks in bot.replies. In answer channels
the bot speaks only when sure (the answer band) or when someone may be in crisis, so a public
channel never fills with guesses; every question it acts on is still logged by the engine.

Rate limits (settings.user_rate_limit per user_rate_window_seconds, per member):
  /ask        -> an ephemeral note each time;
  a mention   -> one short reply the first time in a window, then silence;
  answer chan -> silence (the member did not address the bot), and the question is not logged.
A message that reads as a crisis is never rate-limited, and in an answer channel it is read
even when it is not phrased as a question: it always gets the support message.
"""

from __future__ import annotations

import logging
from typing import cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.autocomplete import QuestionIndex
from bot.client import AnswerBot
from bot.knowledge.model import Entry
from bot.matching.verdict import Band, MatchResult
from bot.replies import (
    Reply,
    render_answer,
    render_apology,
    render_choices,
    render_decline,
    render_mention_help,
    render_moderator_notice,
    render_rate_limited,
    render_repeat,
    render_safety,
    render_small_talk,
    render_suggestions,
)
from bot.triggers import looks_like_question, question_after_mention
from bot.views import message_kwargs, respond

log = logging.getLogger("bot.discord")

SOURCE = "discord"


class AskCog(commands.Cog):
    """Every way of asking the FAQ a question."""

    def __init__(self, bot: AnswerBot) -> None:
        self.bot = bot
        self._index: QuestionIndex | None = None

    # -- /ask ---------------------------------------------------------------------------------

    @app_commands.command(name="ask", description="Ask the FAQ a question")
    @app_commands.describe(question="Your question, e.g. how long is the MCMI Training?")
    async def ask(self, interaction: discord.Interaction,
                  question: app_commands.Range[str, 1, 1000]) -> None:
        """Answer a question; replies are ephemeral when settings.ephemeral_slash_replies."""
        bot, user_id = self.bot, interaction.user.id
        if not bot.engine.is_crisis(question):
            verdict = bot.rate_limiter.hit(user_id)
            if not verdict.allowed:
                await respond(interaction, render_rate_limited(verdict.retry_after),
                              ephemeral=True)
                return
        result = await bot.engine.ask(question, source=SOURCE, user_id=str(user_id),
                                      channel_id=str(interaction.channel_id))
        if result.band is Band.SAFETY:
            await self._support_privately(interaction)
        elif result.band is Band.ANSWER and result.entry is not None:
            await self._answer_slash(interaction, result.entry, result.unanswered_questions)
        else:
            await respond(interaction, self._unsure_reply(result, user_id),
                          ephemeral=bot.settings.ephemeral_slash_replies)

    async def _support_privately(self, interaction: discord.Interaction) -> None:
        """Crisis: always ephemeral (the channel need not see it), and tell the moderators."""
        await respond(interaction, render_safety(self.bot.engine.kb.safety.message),
                      ephemeral=True)
        channel_id = interaction.channel_id or 0
        guild = interaction.guild_id or "@me"
        await self._notify_moderators(channel_id, interaction.user.id,
                                      f"https://discord.com/channels/{guild}/{channel_id}")

    async def _answer_slash(self, interaction: discord.Interaction, entry: Entry,
                            unanswered: tuple[str, ...] = ()) -> None:
        """The answer, or (when public) a private pointer to the same answer given just now;
        an answer that leaves part of the question open is always given whole, so the asker
        learns which part was passed on."""
        bot, channel_id = self.bot, interaction.channel_id or 0
        ephemeral = bot.settings.ephemeral_slash_replies
        earlier = None if ephemeral or unanswered else bot.repeats.earlier(channel_id, entry.id)
        if earlier:
            await respond(interaction, render_repeat(earlier), ephemeral=True)
            return
        reply = render_answer(entry, bot.engine.kb, asker_id=interaction.user.id,
                              unanswered=unanswered)
        sent = await respond(interaction, reply, ephemeral=ephemeral)
        if sent is not None and not ephemeral:
            bot.repeats.remember(channel_id, entry.id, sent.jump_url)

    @ask.autocomplete("question")
    async def ask_autocomplete(self, interaction: discord.Interaction,
                               current: str) -> list[app_commands.Choice[str]]:
        """KB questions that fit what has been typed so far (no logging, no rate limit)."""
        entries = self._question_index().complete(current)
        return [app_commands.Choice(name=c.name, value=c.value) for c in render_choices(entries)]

    def _question_index(self) -> QuestionIndex:
        """The type-ahead index, rebuilt lazily when a reload swapped the knowledge base."""
        kb = self.bot.engine.kb
        if self._index is None or self._index.kb is not kb:
            self._index = QuestionIndex(kb)
        return self._index

    # -- messages ------------------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """A mention is a question to the bot; in an answer channel a question may be one."""
        me = self.bot.user
        if me is None or not self._from_a_person(message, me.id):
            return
        question = question_after_mention(message.content, me.id)
        if question is not None:
            await self._answer_mention(message, question)
        elif (self._in_answer_channel(message) and not self._is_moderator(message)
              and (looks_like_question(message.content)
                   or self.bot.engine.is_crisis(message.content))):
            await self._answer_quietly(message)

    @staticmethod
    def _from_a_person(message: discord.Message, my_id: int) -> bool:
        """Never answer bots, webhooks or ourselves (that is how bot loops start)."""
        return (message.guild is not None and not message.author.bot
                and message.webhook_id is None and message.author.id != my_id)

    def _in_answer_channel(self, message: discord.Message) -> bool:
        """The channel, or the channel a thread belongs to, is an answer channel."""
        ids = self.bot.settings.answer_channel_ids
        channel = message.channel
        parent_id = channel.parent_id if isinstance(channel, discord.Thread) else None
        return channel.id in ids or parent_id in ids

    def _is_moderator(self, message: discord.Message) -> bool:
        """Moderators talk in answer channels too; they are not asking the FAQ."""
        author = message.author
        if not isinstance(author, discord.Member):
            return False
        role_id = self.bot.settings.moderator_role_id
        if role_id is not None and any(role.id == role_id for role in author.roles):
            return True
        channel = message.channel
        if isinstance(channel, discord.abc.GuildChannel | discord.Thread):
            return channel.permissions_for(author).manage_messages
        return False

    async def _answer_mention(self, message: discord.Message, question: str) -> None:
        try:
            if not question:
                await self._reply(message, render_mention_help())
                return
            if not self.bot.engine.is_crisis(question):
                verdict = self.bot.rate_limiter.hit(message.author.id)
                if not verdict.allowed:
                    if verdict.notify:
                        await self._reply(message, render_rate_limited(verdict.retry_after))
                    return
            result = await self._ask(message, question)
            await self._reply_with_result(message, result, quiet=False)
        except Exception:
            self._log_failure(message)
            await self._reply(message, render_apology())

    async def _answer_quietly(self, message: discord.Message) -> None:
        # No apology on failure: the member did not address the bot.
        try:
            if not self.bot.engine.is_crisis(message.content) and \
                    not self.bot.rate_limiter.hit(message.author.id, silent=True).allowed:
                return
            result = await self._ask(message, message.content)
            await self._reply_with_result(message, result, quiet=True)
        except Exception:
            self._log_failure(message)

    async def _ask(self, message: discord.Message, question: str) -> MatchResult:
        return await self.bot.engine.ask(question, source=SOURCE,
                                         user_id=str(message.author.id),
                                         channel_id=str(message.channel.id))

    @staticmethod
    def _log_failure(message: discord.Message) -> None:
        log.exception("could not answer message %s in channel %s (guild %s)", message.id,
                      message.channel.id, message.guild.id if message.guild else None)

    async def _reply_with_result(self, message: discord.Message, result: MatchResult, *,
                                 quiet: bool) -> None:
        """Reply to a message by band; `quiet` (answer channels) drops suggest and decline."""
        if result.band is Band.SAFETY:
            await self._reply(message, render_safety(self.bot.engine.kb.safety.message))
            await self._notify_moderators(message.channel.id, message.author.id,
                                          message.jump_url)
        elif result.band is Band.ANSWER and result.entry is not None:
            entry, channel_id = result.entry, message.channel.id
            unanswered = result.unanswered_questions
            # A repeat pointer would hide which part of the question was passed on.
            earlier = None if unanswered else self.bot.repeats.earlier(channel_id, entry.id)
            if earlier:
                await self._reply(message, render_repeat(earlier))
                return
            sent = await self._reply(message, render_answer(
                entry, self.bot.engine.kb, asker_id=message.author.id, unanswered=unanswered))
            if sent is not None:
                self.bot.repeats.remember(channel_id, entry.id, sent.jump_url)
        elif not quiet:
            await self._reply(message, self._unsure_reply(result, message.author.id))

    @staticmethod
    def _unsure_reply(result: MatchResult, asker_id: int) -> Reply:
        if result.band is Band.SUGGEST and result.suggestions:
            return render_suggestions(result, asker_id=asker_id)
        if result.small_talk:
            return render_small_talk(result.question)
        return render_decline()

    async def _reply(self, message: discord.Message, reply: Reply) -> discord.Message | None:
        """Reply to `message`; a failure is logged and the bot carries on."""
        try:
            return await message.channel.send(
                **message_kwargs(reply),
                # A question deleted meanwhile must not turn the reply into a 400 error.
                reference=message.to_reference(fail_if_not_exists=False),
                mention_author=False,
            )
        except discord.Forbidden as error:
            log.warning("no permission to reply in channel %s (guild %s): %s",
                        message.channel.id, message.guild.id if message.guild else None,
                        error.text)
        except discord.HTTPException as error:
            log.error("could not reply to message %s in channel %s: %s %s", message.id,
                      message.channel.id, error.status, error.text)
        return None

    async def _notify_moderators(self, channel_id: int, user_id: int, jump_url: str) -> None:
        """Tell moderators someone may need support: where and who, never what they wrote."""
        target = self.bot.settings.moderator_channel_id
        if target is None:
            return
        notice = render_moderator_notice(channel_id, user_id, jump_url)
        try:
            await self.bot.get_partial_messageable(target).send(**message_kwargs(notice))
        except discord.HTTPException as error:
            log.warning("could not notify moderators in channel %s: %s %s", target,
                        error.status, error.text)


async def setup(bot: commands.Bot) -> None:
    """Extension entry point (AnswerBot.setup_hook loads it)."""
    await bot.add_cog(AskCog(cast(AnswerBot, bot)))
