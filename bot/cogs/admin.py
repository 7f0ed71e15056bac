"""/faqadmin: the moderators' side of the bot, and hot reload of the knowledge folder.

    /faqadmin unanswered         review open groups (buttons: add as alternate, ignore, YAML)
    /faqadmin alternate          add a group's question to any entry (entry by autocomplete)
    /faqadmin test question:     top candidates, scores and bands: why the bot would answer
    /faqadmin reload             validate and swap the knowledge folder; file:line on errors
    /faqadmin stats period:      questions, bands, helpful rate, top entries and groups
    /faqadmin stale              entries whose last_reviewed is old or missing
    /faqadmin forget user:       delete what is stored about a member

Who may use it: Discord hides the group from members without Manage Messages
(`default_permissions`), but server admins can change that per server, and button custom ids
can be replayed by anyone. So every command, every button and the autocomplete check again:
Manage Messages in the channel (as Discord resolved it for this interaction), or the
configured moderator role. Every reply is ephemeral.

Edits, reloads and resolutions go through bot.moderation.Curator, the same path as the shell
commands, and are written to the audit log with the moderator as the actor.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.autocomplete import QuestionIndex
from bot.client import AnswerBot
from bot.cogs.admin_views import (
    ADMIN_ITEMS,
    COG_NAME,
    PAGE_SIZE,
    render_forgotten,
    render_outcome,
    render_pick_entry,
    render_problem,
    render_question_report,
    render_refused,
    render_reload_failed,
    render_reloaded,
    render_stale,
    render_stats,
    render_stub,
    render_unanswered,
    send,
)
from bot.knowledge import Entry, KnowledgeError
from bot.knowledge.editing import EditError
from bot.knowledge.watcher import KnowledgeWatcher
from bot.moderation import (
    PERIOD_LABELS,
    CurationError,
    Curator,
    entry_stub,
    explain_question,
    period_start,
    stale_entries,
    stats_lines,
)
from bot.replies import CHOICE_TEXT_LIMIT, trim
from bot.store import Store, StoreError, UnansweredGroup
from bot.views import NO_MENTIONS

log = logging.getLogger("bot.discord")

# Candidates looked at per phrasing of a group when offering entries to add it to.
CANDIDATES_PER_TEXT = 10
PERIOD_CHOICES = [app_commands.Choice(name=label, value=key)
                  for key, label in PERIOD_LABELS.items()]


class NoStore(CurationError):
    """The bot runs without a database, so there is nothing to review."""

    def __init__(self) -> None:
        super().__init__("the bot has no database (BOT_DB_PATH), so nothing is logged")


@app_commands.guild_only()
@app_commands.default_permissions(manage_messages=True)
class AdminCog(commands.GroupCog, name=COG_NAME, group_name="faqadmin",
               group_description="Moderate the FAQ bot (moderators only)"):
    """The /faqadmin commands, their buttons (bot.cogs.admin_views), and the hot reloader."""

    def __init__(self, bot: AnswerBot) -> None:
        self.bot = bot
        self.engine = bot.engine
        self.store = bot.store if isinstance(bot.store, Store) else None
        path = self.engine.knowledge_path or bot.settings.knowledge_path
        self.curator = Curator(self.store, path, self.engine) if self.store else None
        self.watcher: KnowledgeWatcher | None = None
        self._index: QuestionIndex | None = None
        super().__init__()

    async def cog_load(self) -> None:
        """Register the persistent buttons; start watching the knowledge folder."""
        self.bot.add_dynamic_items(*ADMIN_ITEMS)
        if self.bot.settings.hot_reload and self.engine.knowledge_path is not None:
            self.watcher = KnowledgeWatcher(self.engine.knowledge_path, self.engine.reload,
                                            on_failure=self._hot_reload_failed)
            self.watcher.start()
            log.info("hot reload: watching %s", self.engine.knowledge_path)

    async def cog_unload(self) -> None:
        """Stop watching and unregister the buttons (with the cog, nothing handles them)."""
        self.bot.remove_dynamic_items(*ADMIN_ITEMS)
        if self.watcher is not None:
            await self.watcher.stop()

    # -- who may ------------------------------------------------------------------------------

    def is_moderator(self, interaction: discord.Interaction) -> bool:
        """Manage Messages here (or administrator), or the configured moderator role."""
        user = interaction.user
        if interaction.guild_id is None or not isinstance(user, discord.Member):
            return False
        permissions = interaction.permissions
        if permissions.manage_messages or permissions.administrator:
            return True
        role_id = self.bot.settings.moderator_role_id
        return role_id is not None and any(role.id == role_id for role in user.roles)

    async def _allowed(self, interaction: discord.Interaction, what: str) -> bool:
        if self.is_moderator(interaction):
            return True
        log.warning("refused %s to user %s in channel %s: not a moderator", what,
                    interaction.user.id, interaction.channel_id)
        await send(interaction, render_refused())
        return False

    @staticmethod
    def _actor(interaction: discord.Interaction) -> str:
        return f"{interaction.user.name} ({interaction.user.id})"

    def _curator(self) -> Curator:
        if self.curator is None:
            raise NoStore()
        return self.curator

    def _store(self) -> Store:
        if self.store is None:
            raise NoStore()
        return self.store

    @contextlib.asynccontextmanager
    async def _reporting(self, interaction: discord.Interaction, action: str
                         ) -> AsyncIterator[None]:
        """Expected failures (unknown group, locked database, a refused edit) are told to
        the moderator; anything else propagates to the bot's error handler."""
        try:
            yield
        except (CurationError, StoreError, EditError) as error:
            log.info("faqadmin: could not %s: %s", action, error)
            await send(interaction, render_problem(action, error))

    # -- review queue ---------------------------------------------------------------------------

    @app_commands.command(name="unanswered", description="Review unanswered questions")
    async def unanswered(self, interaction: discord.Interaction) -> None:
        """The first page of open groups."""
        await self.show_unanswered(interaction, 0, edit=False)

    async def show_unanswered(self, interaction: discord.Interaction, offset: int, *,
                              edit: bool, note: str | None = None) -> None:
        """A page of open groups (the paging buttons call this too)."""
        if not await self._allowed(interaction, "faqadmin unanswered"):
            return
        async with self._reporting(interaction, "list unanswered questions"):
            await self._show_page(interaction, offset, edit=edit, note=note)

    async def _show_page(self, interaction: discord.Interaction, offset: int, *, edit: bool,
                         note: str | None = None) -> None:
        store = self._store()
        groups = await store.list_groups("new", limit=PAGE_SIZE + 1, offset=offset)
        if not groups and offset > 0:  # the last group of the last page was just handled
            offset = max(offset - PAGE_SIZE, 0)
            groups = await store.list_groups("new", limit=PAGE_SIZE + 1, offset=offset)
        reply = render_unanswered(groups[:PAGE_SIZE], offset, len(groups) > PAGE_SIZE, note)
        await send(interaction, reply, edit=edit)

    async def start_add(self, interaction: discord.Interaction, group_id: int) -> None:
        """"Add as alternate to…": offer the entries closest to the group's questions."""
        if not await self._allowed(interaction, f"faqadmin add #{group_id}"):
            return
        async with self._reporting(interaction, f"open group #{group_id}"):
            group = await self._store().get_group(group_id)
            await send(interaction, render_pick_entry(group, self._likely_entries(group)))

    def _likely_entries(self, group: UnansweredGroup) -> list[tuple[Entry, float]]:
        matcher = self.engine.matcher
        scores: dict[str, float] = {}
        for text in dict.fromkeys((group.representative_text, *group.examples)):
            for candidate in matcher.candidates(text[:1000], CANDIDATES_PER_TEXT):
                entry_id = candidate.entry.id
                scores[entry_id] = max(scores.get(entry_id, 0.0), candidate.score)
        if group.best_entry_id and group.best_entry_id not in scores:
            scores[group.best_entry_id] = group.best_score or 0.0
        kb = matcher.kb
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        return [(kb.by_id[entry_id], score) for entry_id, score in ranked if entry_id in kb.by_id]

    async def add_to(self, interaction: discord.Interaction, group_id: int,
                     entry_id: str) -> None:
        """The entry was chosen in the select: edit the YAML, reload, resolve, audit."""
        if not await self._allowed(interaction, f"faqadmin add #{group_id} to {entry_id}"):
            return
        await interaction.response.defer()  # editing and reloading may take a moment
        await self._add_alternate(interaction, group_id, entry_id, None)

    async def _add_alternate(self, interaction: discord.Interaction, group_id: int,
                             entry_id: str, phrasing: str | None) -> None:
        async with self._reporting(interaction, f"add group #{group_id} to {entry_id}"):
            outcome = await self._curator().add_alternate(
                group_id, entry_id, self._actor(interaction), phrasing=phrasing)
            if self.watcher is not None:
                self.watcher.mark_current()  # already reloaded: no second reload
            log.info("faqadmin: %s by %s", outcome.summary(), self._actor(interaction))
            await send(interaction, render_outcome(outcome))

    async def ignore(self, interaction: discord.Interaction, group_id: int,
                     offset: int) -> None:
        """Ignore a group and redraw the list in place."""
        if not await self._allowed(interaction, f"faqadmin ignore #{group_id}"):
            return
        async with self._reporting(interaction, f"ignore group #{group_id}"):
            group = await self._curator().ignore(group_id, self._actor(interaction))
            await self._show_page(interaction, offset, edit=True,
                                  note=f"Group #{group.id} ignored: repeats only raise its "
                                       "count.")

    async def show_yaml(self, interaction: discord.Interaction, group_id: int) -> None:
        """A ready-to-paste entry stub for a group."""
        if not await self._allowed(interaction, f"faqadmin yaml #{group_id}"):
            return
        async with self._reporting(interaction, f"open group #{group_id}"):
            group = await self._store().get_group(group_id)
            today = datetime.now(UTC).date()
            await send(interaction, render_stub(group, entry_stub(group, self.engine.kb, today)))

    @app_commands.command(name="alternate",
                          description="Add an unanswered group's question to an entry")
    @app_commands.describe(group="Group number from /faqadmin unanswered",
                           entry="The entry that answers it (type to search)",
                           phrasing="Text to add instead of the group's question")
    async def alternate(self, interaction: discord.Interaction,
                        group: app_commands.Range[int, 1],
                        entry: app_commands.Range[str, 1, 64],
                        phrasing: app_commands.Range[str, 1, 256] | None = None) -> None:
        """Add as alternate, with the entry picked by autocomplete."""
        if not await self._allowed(interaction, "faqadmin alternate"):
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        await self._add_alternate(interaction, group, entry, phrasing)

    @alternate.autocomplete("entry")
    async def entry_autocomplete(self, interaction: discord.Interaction,
                                 current: str) -> list[app_commands.Choice[str]]:
        """Entries by id or question (nothing at all for non-moderators)."""
        if not self.is_moderator(interaction):
            return []
        kb = self.engine.kb
        if self._index is None or self._index.kb is not kb:
            self._index = QuestionIndex(kb)
        typed = current.strip().lower()
        by_id = [e for e in kb.entries if typed and e.id.startswith(typed)]
        found = list(dict.fromkeys([*by_id, *self._index.complete(current)]))[:25]
        return [app_commands.Choice(name=trim(f"{e.id}: {e.question}", CHOICE_TEXT_LIMIT),
                                    value=e.id) for e in found]

    # -- the knowledge base ---------------------------------------------------------------------

    @app_commands.command(name="test", description="Why the bot would answer a question or not")
    @app_commands.describe(question="A question as a member would ask it")
    async def test(self, interaction: discord.Interaction,
                   question: app_commands.Range[str, 1, 1000]) -> None:
        """Top 3 candidates with scores and bands; nothing is logged."""
        if not await self._allowed(interaction, "faqadmin test"):
            return
        await send(interaction, render_question_report(explain_question(self.engine, question)))

    @app_commands.command(name="reload", description="Reload the knowledge files")
    async def reload(self, interaction: discord.Interaction) -> None:
        """Validate and swap; on errors reply with file:line and keep the current KB."""
        if not await self._allowed(interaction, "faqadmin reload"):
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        actor = self._actor(interaction)
        try:
            report = await self.engine.reload()
        except KnowledgeError as error:
            log.warning("faqadmin reload by %s failed: %d problem(s)", actor,
                        len(error.problems))
            await self._audit(actor, "reload_failed", problems=len(error.problems))
            await send(interaction, render_reload_failed(error, len(self.engine.kb.entries)))
            return
        if self.watcher is not None:
            self.watcher.mark_current()
        await self._audit(actor, "reload", added=len(report.added),
                          removed=len(report.removed), edited=len(report.edited))
        await send(interaction, render_reloaded(report))

    async def _audit(self, actor: str, action: str, **details: object) -> None:
        if self.store is not None:
            await self.store.audit(actor, action, **details)

    @app_commands.command(name="stale", description="Entries due for review")
    async def stale(self, interaction: discord.Interaction) -> None:
        """Entries whose last_reviewed is missing or older than STALE_AFTER_DAYS."""
        if not await self._allowed(interaction, "faqadmin stale"):
            return
        days = self.bot.settings.stale_after_days
        found = stale_entries(self.engine.kb, datetime.now(UTC).date(), days)
        await send(interaction, render_stale(found, days))

    # -- the log --------------------------------------------------------------------------------

    @app_commands.command(name="stats", description="What the bot did over a period")
    @app_commands.describe(period="How far back (default: last 7 days)")
    @app_commands.choices(period=PERIOD_CHOICES)
    async def stats(self, interaction: discord.Interaction, period: str = "7d") -> None:
        """Questions, answered / suggested / declined rates, votes, top entries and groups."""
        if not await self._allowed(interaction, "faqadmin stats"):
            return
        async with self._reporting(interaction, "compute stats"):
            figures = await self._store().stats(period_start(period))
            lines = stats_lines(figures, PERIOD_LABELS[period])
            await send(interaction, render_stats(lines, self.bot.settings.retention_days))

    @app_commands.command(name="forget", description="Delete everything stored about a member")
    @app_commands.describe(user="The member whose questions and votes are deleted")
    async def forget(self, interaction: discord.Interaction, user: discord.User) -> None:
        """Delete the member's questions and votes; the audit log records that (not whom)."""
        if not await self._allowed(interaction, "faqadmin forget"):
            return
        async with self._reporting(interaction, "forget the member"):
            deleted = await self._store().forget_user(user.id)
            # The member's id is not kept: the point is that nothing about them stays.
            await self._audit(self._actor(interaction), "forget_user", rows=deleted)
            await send(interaction, render_forgotten(user.id, deleted))

    # -- hot reload ----------------------------------------------------------------------------

    async def _hot_reload_failed(self, error: KnowledgeError) -> None:
        """Tell the moderators' channel (when configured) that an edit on disk is broken."""
        channel_id = self.bot.settings.moderator_channel_id
        channel = self.bot.get_channel(channel_id) if channel_id else None
        if not isinstance(channel, discord.abc.Messageable):
            return
        reply = render_reload_failed(error, len(self.engine.kb.entries))
        embed = reply.embed
        assert embed is not None
        await channel.send(
            content="A knowledge file changed on disk but does not validate:",
            embed=discord.Embed(title=embed.title, description=embed.description,
                                colour=embed.colour),
            allowed_mentions=NO_MENTIONS,
        )


async def setup(bot: commands.Bot) -> None:
    """Extension entry point (AnswerBot.setup_hook loads it)."""
    await bot.add_cog(AdminCog(cast(AnswerBot, bot)))
