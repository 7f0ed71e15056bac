"""Discord glue for replies: `bot.replies` data -> discord.py objects, and the persistent buttons.

Every button and select is a `discord.ui.DynamicItem` whose custom id (built in bot.replies)
holds all it needs, so a click is handled the same way before and after a restart, and sent
views cost no memory (discord.py keeps only the templates). discord.py logs and swallows
exceptions from dynamic items without calling `View.on_error`, so each callback runs inside
`_guarded`, which logs with context and apologises.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

import discord

from bot.engine import QuestionEvent
from bot.matching.verdict import Band
from bot.replies import (
    ENTRIES_TEMPLATE,
    NONE_TEMPLATE,
    PICK_TEMPLATE,
    SHOW_TEMPLATE,
    TOPICS_TEMPLATE,
    VOTE_TEMPLATE,
    Button,
    EmbedData,
    Reply,
    Select,
    Style,
    question_from_footer,
    render_answer,
    render_apology,
    render_gone,
    render_not_asker,
    render_passed_on,
    render_topic_entries,
    render_vote_thanks,
)

if TYPE_CHECKING:
    from bot.client import AnswerBot

log = logging.getLogger("bot.discord")

NO_MENTIONS = discord.AllowedMentions.none()
UNKNOWN_INTERACTION = 10062  # Discord's code for an interaction that expired (3 s) or is gone

_STYLES = {
    Style.PRIMARY: discord.ButtonStyle.primary,
    Style.SECONDARY: discord.ButtonStyle.secondary,
    Style.SUCCESS: discord.ButtonStyle.success,
    Style.DANGER: discord.ButtonStyle.danger,
    Style.LINK: discord.ButtonStyle.link,
}


class FeedbackStore(Protocol):
    """What the buttons record (bot.store.Store provides it)."""

    async def record_vote(
        self, *, message_id: str | int, entry_id: str, user_id: str | int, helpful: bool,
    ) -> None:
        """Record one vote; a later vote by the same member on the same message replaces it."""

    async def record_none_of_these(self, event: QuestionEvent) -> None:
        """Mark the question (as it was logged) as rejected by its asker: unanswered."""


# -- rendering ----------------------------------------------------------------------------------

def to_embed(data: EmbedData) -> discord.Embed:
    """An embed from its plain description."""
    embed = discord.Embed(title=data.title, description=data.description, colour=data.colour)
    if data.footer:
        embed.set_footer(text=data.footer)
    return embed


def to_view(reply: Reply) -> discord.ui.View | None:
    """The buttons and selects of a reply, or None when it has none."""
    if not reply.buttons and not reply.selects:
        return None
    view = discord.ui.View(timeout=None)
    for button in reply.buttons:
        view.add_item(_button(button))
    for select in reply.selects:
        view.add_item(_select(select))
    return view


def _button(data: Button) -> discord.ui.Item[discord.ui.View]:
    if data.url is not None:
        return discord.ui.Button(style=discord.ButtonStyle.link, label=data.label, url=data.url,
                                 emoji=data.emoji, row=data.row)
    button: discord.ui.Button[discord.ui.View] = discord.ui.Button(
        style=_STYLES[data.style], label=data.label, custom_id=data.custom_id,
        emoji=data.emoji, row=data.row,
    )
    return _dynamic(button)


def _select(data: Select) -> discord.ui.Item[discord.ui.View]:
    select: discord.ui.Select[discord.ui.View] = discord.ui.Select(
        custom_id=data.custom_id, placeholder=data.placeholder, row=data.row,
        options=[discord.SelectOption(label=o.label, value=o.value, description=o.description)
                 for o in data.options],
    )
    return _dynamic(select)


def _dynamic(item: Any) -> discord.ui.Item[discord.ui.View]:
    """Wrap a button or select in the persistent item its custom id belongs to."""
    for cls in PERSISTENT_ITEMS:
        if cls.__discord_ui_compiled_template__.fullmatch(item.custom_id):
            return cast("discord.ui.Item[discord.ui.View]", cls(item))
    raise ValueError(f"no persistent item handles custom id {item.custom_id!r}")


def message_kwargs(reply: Reply) -> dict[str, Any]:
    """Keyword arguments for send/reply: content, embed, view, and no mentions."""
    kwargs: dict[str, Any] = {"content": reply.content, "allowed_mentions": NO_MENTIONS}
    if reply.embed is not None:
        kwargs["embed"] = to_embed(reply.embed)
    view = to_view(reply)
    if view is not None:
        kwargs["view"] = view
    return kwargs


async def respond(interaction: discord.Interaction, reply: Reply, *, ephemeral: bool) -> \
        discord.Message | None:
    """Answer an interaction (or follow up if it was answered); the message, when known."""
    kwargs = message_kwargs(reply)
    if interaction.response.is_done():
        return await interaction.followup.send(**kwargs, ephemeral=ephemeral, wait=True)
    response = await interaction.response.send_message(**kwargs, ephemeral=ephemeral)
    resource = response.resource
    return resource if isinstance(resource, discord.Message) else None


async def update(interaction: discord.Interaction, reply: Reply) -> None:
    """Replace the message a component is on with `reply` (content, embed and components)."""
    view = to_view(reply)
    await interaction.response.edit_message(
        content=reply.content,
        embed=to_embed(reply.embed) if reply.embed else None,
        view=view,
        allowed_mentions=NO_MENTIONS,
    )


# -- errors -------------------------------------------------------------------------------------

async def report_interaction_error(
    interaction: discord.Interaction, error: BaseException, context: str
) -> None:
    """Log an interaction failure with where it happened, and apologise if still possible."""
    where = (f"{context} by user {interaction.user.id} in channel {interaction.channel_id}"
             f" (interaction {interaction.id})")
    if isinstance(error, discord.NotFound) and error.code == UNKNOWN_INTERACTION:
        log.warning("%s: the interaction expired before the bot answered", where)
        return
    if isinstance(error, discord.Forbidden):
        log.warning("%s: missing permission (%s)", where, error.text)
        return
    log.error("%s failed", where, exc_info=error)
    if interaction.type is discord.InteractionType.autocomplete:
        return  # an autocomplete request cannot be answered with a message
    try:
        await respond(interaction, render_apology(), ephemeral=True)
    except discord.HTTPException as apology_error:
        log.warning("%s: could not apologise either: %s", where, apology_error)


async def _guarded(interaction: discord.Interaction, context: str,
                   handler: Callable[[], Awaitable[None]]) -> None:
    try:
        await handler()
    except Exception as error:
        await report_interaction_error(interaction, error, context)


def answer_bot(interaction: discord.Interaction) -> AnswerBot:
    """The bot that received the interaction, typed as ours."""
    return cast("AnswerBot", interaction.client)


def _match(cls: type, custom_id: str | None) -> re.Match[str]:
    template: re.Pattern[str] = cls.__discord_ui_compiled_template__  # type: ignore[attr-defined]
    match = template.fullmatch(custom_id or "")
    if match is None:
        raise ValueError(f"{custom_id!r} is not a {cls.__name__} id")
    return match


def _is_ephemeral(interaction: discord.Interaction) -> bool:
    message = interaction.message
    return bool(message is not None and message.flags.ephemeral)


# -- persistent items ---------------------------------------------------------------------------

ButtonItem = discord.ui.Button[discord.ui.View]
SelectItem = discord.ui.Select[discord.ui.View]


class VoteButton(discord.ui.DynamicItem[ButtonItem], template=VOTE_TEMPLATE):
    """Helpful / not helpful: only the asker's vote counts, and it goes to the store."""

    def __init__(self, item: ButtonItem) -> None:
        super().__init__(item)
        match = _match(type(self), item.custom_id)
        self.entry_id = match["entry"]
        self.asker_id = int(match["asker"])
        self.helpful = match["helpful"] == "1"

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> VoteButton:
        """Rebuild from a click (also after a restart)."""
        return cls(cast(ButtonItem, item))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Record the vote, or tell a bystander it is not theirs to give."""
        await _guarded(interaction, f"vote on {self.entry_id}", lambda: self._vote(interaction))

    async def _vote(self, interaction: discord.Interaction) -> None:
        if interaction.user.id != self.asker_id:
            await respond(interaction, render_not_asker("rate this"), ephemeral=True)
            return
        store = answer_bot(interaction).store
        if store is not None and interaction.message is not None:
            await store.record_vote(message_id=interaction.message.id, entry_id=self.entry_id,
                                    user_id=interaction.user.id, helpful=self.helpful)
        await respond(interaction, render_vote_thanks(self.helpful), ephemeral=True)


class ShowButton(discord.ui.DynamicItem[ButtonItem], template=SHOW_TEMPLATE):
    """A related entry: shown only to whoever pressed, with votes that are theirs."""

    def __init__(self, item: ButtonItem) -> None:
        super().__init__(item)
        self.entry_id = _match(type(self), item.custom_id)["entry"]

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> ShowButton:
        """Rebuild from a click (also after a restart)."""
        return cls(cast(ButtonItem, item))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Show the entry privately."""
        await _guarded(interaction, f"show {self.entry_id}", lambda: self._show(interaction))

    async def _show(self, interaction: discord.Interaction) -> None:
        kb = answer_bot(interaction).engine.kb
        entry = kb.by_id.get(self.entry_id)
        reply = render_gone() if entry is None else \
            render_answer(entry, kb, asker_id=interaction.user.id)
        await respond(interaction, reply, ephemeral=True)


class PickButton(discord.ui.DynamicItem[ButtonItem], template=PICK_TEMPLATE):
    """A "did you mean" choice: the asker's pick turns the message into the answer; anyone
    else sees the entry privately."""

    def __init__(self, item: ButtonItem) -> None:
        super().__init__(item)
        match = _match(type(self), item.custom_id)
        self.entry_id = match["entry"]
        self.asker_id = int(match["asker"])

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> PickButton:
        """Rebuild from a click (also after a restart)."""
        return cls(cast(ButtonItem, item))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Answer with the picked entry."""
        await _guarded(interaction, f"pick {self.entry_id}", lambda: self._pick(interaction))

    async def _pick(self, interaction: discord.Interaction) -> None:
        bot = answer_bot(interaction)
        entry = bot.engine.kb.by_id.get(self.entry_id)
        if entry is None:
            await respond(interaction, render_gone(), ephemeral=True)
            return
        reply = render_answer(entry, bot.engine.kb, asker_id=interaction.user.id)
        if interaction.user.id != self.asker_id:
            await respond(interaction, reply, ephemeral=True)
            return
        await update(interaction, reply)
        message = interaction.message
        if message is not None and interaction.channel_id and not _is_ephemeral(interaction):
            bot.repeats.remember(interaction.channel_id, entry.id, message.jump_url)


class NoneOfTheseButton(discord.ui.DynamicItem[ButtonItem], template=NONE_TEMPLATE):
    """ "None of these": mark the question unanswered and say it was passed on.

    The question is read back, exactly as it was logged, from the message's footer
    (bot.replies.question_footer), which survives restarts; nothing is kept in memory. The
    store then marks the unanswered row it already has instead of counting it twice.
    """

    def __init__(self, item: ButtonItem) -> None:
        super().__init__(item)
        self.asker_id = int(_match(type(self), item.custom_id)["asker"])

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> NoneOfTheseButton:
        """Rebuild from a click (also after a restart)."""
        return cls(cast(ButtonItem, item))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Log the question for the moderators."""
        await _guarded(interaction, "none of these", lambda: self._none(interaction))

    async def _none(self, interaction: discord.Interaction) -> None:
        if interaction.user.id != self.asker_id:
            await respond(interaction, render_not_asker("choose here"), ephemeral=True)
            return
        message = interaction.message
        footer = message.embeds[0].footer.text if message and message.embeds else None
        question = question_from_footer(footer)
        bot = answer_bot(interaction)
        if question is None:
            log.warning("none of these on message %s: no question in its footer",
                        message.id if message else "?")
        elif bot.store is not None:
            best = bot.engine.match(question).best
            await bot.store.record_none_of_these(QuestionEvent(
                text=question, band=Band.DECLINE.value,
                entry_id=best.entry.id if best else None, score=best.score if best else 0.0,
                source="discord", user_id=str(interaction.user.id),
                channel_id=str(interaction.channel_id),
            ))
        await update(interaction, render_passed_on())


class TopicSelect(discord.ui.DynamicItem[SelectItem], template=TOPICS_TEMPLATE):
    """Browsing, step one: a topic was chosen, so list its questions."""

    def __init__(self, item: SelectItem) -> None:
        super().__init__(item)

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> TopicSelect:
        """Rebuild from a selection (also after a restart)."""
        return cls(cast(SelectItem, item))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Show the chosen topic's questions in the same message."""
        await _guarded(interaction, "browse topic", lambda: self._choose(interaction))

    async def _choose(self, interaction: discord.Interaction) -> None:
        tag = self.item.values[0] if self.item.values else ""
        await update(interaction, render_topic_entries(answer_bot(interaction).engine.kb, tag))


class EntrySelect(discord.ui.DynamicItem[SelectItem], template=ENTRIES_TEMPLATE):
    """Browsing, step two: a question was chosen, so show its answer."""

    def __init__(self, item: SelectItem) -> None:
        super().__init__(item)

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> EntrySelect:
        """Rebuild from a selection (also after a restart)."""
        return cls(cast(SelectItem, item))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Show the chosen entry in the same message."""
        await _guarded(interaction, "browse entry", lambda: self._choose(interaction))

    async def _choose(self, interaction: discord.Interaction) -> None:
        kb = answer_bot(interaction).engine.kb
        entry = kb.by_id.get(self.item.values[0]) if self.item.values else None
        reply = render_gone() if entry is None else \
            render_answer(entry, kb, asker_id=interaction.user.id)
        await update(interaction, reply)


# Registered in AnswerBot.setup_hook; `_dynamic` also uses this list to wrap outgoing items.
PERSISTENT_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    VoteButton, ShowButton, PickButton, NoneOfTheseButton, TopicSelect, EntrySelect,
)
