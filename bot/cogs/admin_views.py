"""What `/faqadmin` shows, and its buttons.

The `render_*` functions are pure: moderation results in, `bot.replies.Reply` data out, within
Discord's limits (trimmed with bot.replies' helpers), so they are tested without a client. The
buttons and the select are `discord.ui.DynamicItem`s whose custom ids carry everything they
need (a group id, a page offset), so an old review message keeps working after a restart.

A custom id is data the client sends back, and anyone can send any custom id: the items here
only parse it and hand over to the cog (`AdminActions`), whose every action starts with the
moderator check. Nothing is decided from the message the button happens to be on.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol, cast

import discord

from bot.engine import ReloadReport
from bot.knowledge import Entry, KnowledgeError
from bot.matching.verdict import Band
from bot.moderation import QuestionReport, ResolveOutcome, StaleEntry
from bot.replies import (
    BAND_COLOURS,
    BUTTON_LABEL_LIMIT,
    CONTENT_LIMIT,
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FOOTER_LIMIT,
    EMBED_TITLE_LIMIT,
    SELECT_OPTIONS_LIMIT,
    SELECT_TEXT_LIMIT,
    Button,
    Colour,
    EmbedData,
    Reply,
    Select,
    SelectOption,
    Style,
    neutralise_mentions,
    trim,
    trim_markdown,
)
from bot.store import UnansweredGroup
from bot.views import NO_MENTIONS, report_interaction_error

log = logging.getLogger("bot.discord")

COG_NAME = "FAQ moderation"
PAGE_SIZE = 4  # groups per page: one row of buttons each, the fifth row for paging
EXAMPLES_SHOWN = 3
ADMIN_COLOUR = 0x5865F2

PAGE_TEMPLATE = r"faqadmin:page:(?P<offset>[0-9]{1,7})"
ADD_TEMPLATE = r"faqadmin:add:(?P<group>[0-9]{1,12})"
IGNORE_TEMPLATE = r"faqadmin:ignore:(?P<group>[0-9]{1,12}):(?P<offset>[0-9]{1,7})"
YAML_TEMPLATE = r"faqadmin:yaml:(?P<group>[0-9]{1,12})"
ADD_TO_TEMPLATE = r"faqadmin:addto:(?P<group>[0-9]{1,12})"


# -- rendering --------------------------------------------------------------------------------

def _embed(description: str, *, title: str | None = None, colour: int = ADMIN_COLOUR,
           footer: str | None = None) -> EmbedData:
    return EmbedData(
        description=trim_markdown(description, EMBED_DESCRIPTION_LIMIT),
        colour=colour,
        title=trim(title, EMBED_TITLE_LIMIT) if title else None,
        footer=trim(footer, EMBED_FOOTER_LIMIT) if footer else None,
    )


def _quote(text: str, limit: int = 150) -> str:
    """Member text shown to moderators: one line, trimmed, mentions made inert."""
    return neutralise_mentions(trim(" ".join(text.split()), limit))


def render_refused() -> Reply:
    """For anyone who is not a moderator (whatever they clicked or typed)."""
    return Reply(content="Only moderators can do this (Manage Messages, or the moderator "
                         "role).")


def render_problem(action: str, error: BaseException) -> Reply:
    """A moderator action that could not be done, and why."""
    return Reply(content=trim_markdown(f"Could not {action}: {error}", CONTENT_LIMIT))


def _group_block(group: UnansweredGroup) -> str:
    facts = [f"**#{group.id}**", f"asked {group.count}×",
             f"last {group.last_seen:%Y-%m-%d}"]
    if group.best_entry_id and group.best_score is not None:
        facts.append(f"closest `{group.best_entry_id}` ({group.best_score:.2f})")
    if group.none_of_these:
        facts.append(f'"none of these" ×{group.none_of_these}')
    examples = group.examples[:EXAMPLES_SHOWN] or (group.representative_text,)
    return " · ".join(facts) + "\n" + "\n".join(f"> {_quote(e)}" for e in examples)


def render_unanswered(groups: Sequence[UnansweredGroup], offset: int, has_more: bool,
                      note: str | None = None) -> Reply:
    """One page of open groups, most asked first, with a row of buttons per group."""
    if not groups:
        text = "No open unanswered questions." if offset == 0 else "No more open groups."
        return Reply(content=note, embed=_embed(text, title="Unanswered questions"))
    buttons: list[Button] = []
    for row, group in enumerate(groups[:PAGE_SIZE]):
        buttons += [
            Button(trim(f"Add #{group.id} as alternate to…", BUTTON_LABEL_LIMIT),
                   Style.PRIMARY, row, custom_id=f"faqadmin:add:{group.id}"),
            Button(f"Ignore #{group.id}", Style.SECONDARY, row,
                   custom_id=f"faqadmin:ignore:{group.id}:{offset}"),
            Button(f"YAML #{group.id}", Style.SECONDARY, row,
                   custom_id=f"faqadmin:yaml:{group.id}"),
        ]
    paging = PAGE_SIZE
    if offset > 0:
        buttons.append(Button("◀ Previous", Style.SECONDARY, paging,
                              custom_id=f"faqadmin:page:{max(offset - PAGE_SIZE, 0)}"))
    buttons.append(Button("Refresh", Style.SECONDARY, paging, custom_id=f"faqadmin:page:{offset}"))
    if has_more:
        buttons.append(Button("Next ▶", Style.SECONDARY, paging,
                              custom_id=f"faqadmin:page:{offset + PAGE_SIZE}"))
    page = offset // PAGE_SIZE + 1
    description = "\n\n".join(_group_block(g) for g in groups[:PAGE_SIZE])
    return Reply(
        content=note,
        embed=_embed(description, title=f"Unanswered questions: page {page}",
                     footer="Most asked first. Ignored groups stay ignored when asked again."),
        buttons=tuple(buttons),
    )


def render_pick_entry(group: UnansweredGroup, choices: Sequence[tuple[Entry, float]]) -> Reply:
    """Which entry should this group's question become an alternate of?"""
    hint = (f"Not listed? `/faqadmin alternate group:{group.id} entry:` searches every entry "
            "as you type.")
    question = f"Add “{_quote(group.representative_text)}” (group #{group.id}) as an " \
               "alternate phrasing of which entry?"
    if not choices:
        return Reply(content=trim_markdown(f"{question}\nNo close entries. {hint}",
                                           CONTENT_LIMIT))
    options = tuple(
        SelectOption(label=trim(entry.question, SELECT_TEXT_LIMIT), value=entry.id,
                     description=trim(f"{entry.id} · score {score:.2f}", SELECT_TEXT_LIMIT))
        for entry, score in choices[:SELECT_OPTIONS_LIMIT]
    )
    select = Select(custom_id=f"faqadmin:addto:{group.id}", placeholder="Choose the entry",
                    options=options, row=0)
    return Reply(content=trim_markdown(f"{question}\n{hint}", CONTENT_LIMIT), selects=(select,))


def render_forgotten(user_id: int, deleted: int) -> Reply:
    """After /faqadmin forget."""
    return Reply(content=f"Deleted {deleted} stored record(s) about member {user_id} "
                         "(questions, unanswered texts, votes). The audit log notes that "
                         "this was done, not whom it was about.")


def render_outcome(outcome: ResolveOutcome) -> Reply:
    """What adding the alternate did."""
    return Reply(content=trim_markdown(outcome.summary(), CONTENT_LIMIT))


def render_stub(group: UnansweredGroup, stub: str) -> Reply:
    """A ready-to-paste YAML entry for a group."""
    head = f"Entry stub for group #{group.id}; paste it under `entries:` and write the answer:"
    budget = CONTENT_LIMIT - len(head) - len("\n```yaml\n\n```") - 1
    body = stub if len(stub) <= budget else stub[:budget - 1] + "…"
    return Reply(content=f"{head}\n```yaml\n{body.replace('```', '` ` `')}\n```")


_VERDICTS = {
    Band.ANSWER: "Would answer",
    Band.SUGGEST: "Would suggest (did you mean…)",
    Band.DECLINE: "Would decline (and log it for review)",
    Band.SAFETY: "Would send the safety message",
}


def render_question_report(report: QuestionReport) -> Reply:
    """The verdict, then each candidate with its score and the band it alone would get."""
    title = _VERDICTS[report.band]
    if report.entry_id:
        title += f" with {report.entry_id}"
    lines = [f"Question: “{_quote(report.question, 300)}”", ""]
    if report.band is Band.SAFETY:
        lines.append("Crisis wording: the safety message is sent, no entry is matched.")
    if report.answered_part:
        lines.append(f"Answered by one of its sentences: “{_quote(report.answered_part, 200)}” "
                     "(the candidates below are that sentence's).")
    if report.read_as:
        lines.append(f"Answered as read without the alternative it offers: "
                     f"“{_quote(report.read_as, 200)}” (the candidates below are that "
                     "reading's).")
    if report.several_questions:
        lines.append("Its questions are answered by different entries, so it offers one for "
                     "each (the candidates below are the whole message's).")
    lines.extend(f"Left open, would be logged for review: “{_quote(part, 200)}”"
                 for part in report.unanswered)
    if report.answered_part or report.read_as or report.several_questions or report.unanswered:
        lines.append("")
    for rank, c in enumerate(report.candidates, start=1):
        lines.append(f"**{rank}. `{c.entry_id}`**: score {c.score:.3f}, covers "
                     f"{c.coverage:.0%} → **{c.band.value}**")
        lines.append(f"   {_quote(c.question, 200)}")
        lines.extend(f"   ⚠ {note}" for note in c.notes)
    if not report.candidates and report.band is not Band.SAFETY:
        lines.append("No entry shares a meaningful word with this question.")
    t = report.thresholds
    footer = (f"answer ≥ {t.answer:.2f} ({t.answer_needed(t.long_answer_words):.2f} from "
              f"{t.long_answer_words} words) with coverage ≥ {t.min_coverage:.0%} "
              f"({t.long_min_coverage:.0%} from {t.long_message_words} words), "
              f"≥ {t.min_phrasing_coverage:.0%} of a phrasing and a lead of "
              f"{t.margin:.2f} ({t.long_margin:.2f}) · suggest ≥ {t.suggest:.2f}")
    return Reply(embed=_embed("\n".join(lines), title=title, colour=BAND_COLOURS[report.band],
                              footer=footer))


def render_reloaded(report: ReloadReport) -> Reply:
    """A reload that worked."""
    return Reply(embed=_embed(report.summary(), title="Knowledge reloaded",
                              colour=Colour.ANSWER))


def render_reload_failed(error: KnowledgeError, serving: int) -> Reply:
    """A reload that did not: every problem with file:line, and what is still served."""
    problems = "\n".join(str(p) for p in error.problems)
    more = len(error.problems)
    text = (f"{more} problem(s); still serving the previous knowledge base ({serving} "
            f"entries).\n```\n{problems}\n```")
    return Reply(embed=_embed(text, title="Reload failed", colour=Colour.SUGGEST))


def render_stats(lines: Sequence[str], retention_days: int) -> Reply:
    """The stats lines of bot.moderation.stats_lines."""
    return Reply(embed=_embed("\n".join(lines), title="FAQ bot stats",
                              footer=f"Questions and votes older than {retention_days} days "
                                     "are deleted automatically."))


def render_stale(stale: Sequence[StaleEntry], days: int, limit: int = 40) -> Reply:
    """Entries due for review, never-reviewed first."""
    if not stale:
        return Reply(embed=_embed(f"Every entry was reviewed in the last {days} days.",
                                  title="Nothing stale", colour=Colour.ANSWER))
    lines = []
    for item in stale[:limit]:
        entry = item.entry
        when = "never reviewed" if item.age_days is None else \
            f"reviewed {entry.last_reviewed} ({item.age_days} days ago)"
        lines.append(f"`{entry.id}`: {when} · {entry.file}:{entry.line}")
    if len(stale) > limit:
        lines.append(f"… and {len(stale) - limit} more")
    return Reply(embed=_embed("\n".join(lines), title=f"{len(stale)} entries to review",
                              footer=f"Stale: last_reviewed missing or older than {days} "
                                     "days. Update last_reviewed when you check an entry."))


# -- Discord glue -------------------------------------------------------------------------------

class AdminActions(Protocol):
    """What the buttons hand over to (the moderation cog); each action checks permission."""

    async def show_unanswered(self, interaction: discord.Interaction, offset: int, *,
                              edit: bool, note: str | None = None) -> None: ...
    async def start_add(self, interaction: discord.Interaction, group_id: int) -> None: ...
    async def add_to(self, interaction: discord.Interaction, group_id: int,
                     entry_id: str) -> None: ...
    async def ignore(self, interaction: discord.Interaction, group_id: int,
                     offset: int) -> None: ...
    async def show_yaml(self, interaction: discord.Interaction, group_id: int) -> None: ...


_STYLES = {Style.PRIMARY: discord.ButtonStyle.primary,
           Style.SECONDARY: discord.ButtonStyle.secondary,
           Style.SUCCESS: discord.ButtonStyle.success,
           Style.DANGER: discord.ButtonStyle.danger}


def to_view(reply: Reply) -> discord.ui.View | None:
    """The reply's buttons and select as persistent admin items."""
    if not reply.buttons and not reply.selects:
        return None
    view = discord.ui.View(timeout=None)
    for button in reply.buttons:
        view.add_item(_persistent(discord.ui.Button(
            style=_STYLES[button.style], label=button.label, custom_id=button.custom_id,
            row=button.row)))
    for select in reply.selects:
        view.add_item(_persistent(discord.ui.Select(
            custom_id=select.custom_id, placeholder=select.placeholder, row=select.row,
            options=[discord.SelectOption(label=o.label, value=o.value,
                                          description=o.description) for o in select.options])))
    return view


def _persistent(item: Any) -> discord.ui.Item[discord.ui.View]:
    for cls in ADMIN_ITEMS:
        if cls.__discord_ui_compiled_template__.fullmatch(item.custom_id):
            return cast("discord.ui.Item[discord.ui.View]", cls(item))
    raise ValueError(f"no admin item handles custom id {item.custom_id!r}")


async def send(interaction: discord.Interaction, reply: Reply, *, edit: bool = False) -> None:
    """Answer privately; `edit` replaces the message a button is on instead. After a defer,
    the deferred response is edited."""
    embed = discord.Embed(title=reply.embed.title, description=reply.embed.description,
                          colour=reply.embed.colour) if reply.embed else None
    if embed is not None and reply.embed is not None and reply.embed.footer:
        embed.set_footer(text=reply.embed.footer)
    view = to_view(reply)
    if edit and not interaction.response.is_done():
        await interaction.response.edit_message(content=reply.content, embed=embed, view=view,
                                                allowed_mentions=NO_MENTIONS)
    elif not interaction.response.is_done():
        kwargs: dict[str, Any] = {"content": reply.content, "ephemeral": True,
                                  "allowed_mentions": NO_MENTIONS}
        if embed is not None:
            kwargs["embed"] = embed
        if view is not None:
            kwargs["view"] = view
        await interaction.response.send_message(**kwargs)
    else:
        await interaction.edit_original_response(content=reply.content, embed=embed, view=view,
                                                 allowed_mentions=NO_MENTIONS)


def _actions(interaction: discord.Interaction) -> AdminActions | None:
    client = cast("discord.ext.commands.Bot", interaction.client)
    return cast("AdminActions | None", client.get_cog(COG_NAME))


async def _dispatch(interaction: discord.Interaction, context: str,
                    action: Callable[[AdminActions], Awaitable[None]]) -> None:
    """Run an action on the cog; discord.py swallows errors from dynamic items, so log them
    here with context and apologise."""
    try:
        actions = _actions(interaction)
        if actions is None:  # the cog was unloaded; an old message was clicked
            await send(interaction, Reply(content="Moderation is not available right now."))
            return
        await action(actions)
    except Exception as error:
        await report_interaction_error(interaction, error, context)


def _match(cls: type, custom_id: str | None) -> re.Match[str]:
    template: re.Pattern[str] = cls.__discord_ui_compiled_template__  # type: ignore[attr-defined]
    match = template.fullmatch(custom_id or "")
    if match is None:
        raise ValueError(f"{custom_id!r} is not a {cls.__name__} id")
    return match


ButtonItem = discord.ui.Button[discord.ui.View]
SelectItem = discord.ui.Select[discord.ui.View]


class PageButton(discord.ui.DynamicItem[ButtonItem], template=PAGE_TEMPLATE):
    """Previous / Refresh / Next on the review list."""

    def __init__(self, item: ButtonItem) -> None:
        super().__init__(item)
        self.offset = int(_match(type(self), item.custom_id)["offset"])

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> PageButton:
        """Rebuild from a click (also after a restart)."""
        return cls(cast(ButtonItem, item))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Show that page in the same message."""
        await _dispatch(interaction, "faqadmin page",
                        lambda a: a.show_unanswered(interaction, self.offset, edit=True))


class AddButton(discord.ui.DynamicItem[ButtonItem], template=ADD_TEMPLATE):
    """Add as alternate to…: offers the likely entries in a select."""

    def __init__(self, item: ButtonItem) -> None:
        super().__init__(item)
        self.group_id = int(_match(type(self), item.custom_id)["group"])

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> AddButton:
        """Rebuild from a click (also after a restart)."""
        return cls(cast(ButtonItem, item))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Offer the entries."""
        await _dispatch(interaction, f"faqadmin add #{self.group_id}",
                        lambda a: a.start_add(interaction, self.group_id))


class IgnoreButton(discord.ui.DynamicItem[ButtonItem], template=IGNORE_TEMPLATE):
    """Ignore a group; the list is redrawn in place."""

    def __init__(self, item: ButtonItem) -> None:
        super().__init__(item)
        match = _match(type(self), item.custom_id)
        self.group_id, self.offset = int(match["group"]), int(match["offset"])

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> IgnoreButton:
        """Rebuild from a click (also after a restart)."""
        return cls(cast(ButtonItem, item))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Ignore the group."""
        await _dispatch(interaction, f"faqadmin ignore #{self.group_id}",
                        lambda a: a.ignore(interaction, self.group_id, self.offset))


class YamlButton(discord.ui.DynamicItem[ButtonItem], template=YAML_TEMPLATE):
    """Show a ready-to-paste entry stub."""

    def __init__(self, item: ButtonItem) -> None:
        super().__init__(item)
        self.group_id = int(_match(type(self), item.custom_id)["group"])

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> YamlButton:
        """Rebuild from a click (also after a restart)."""
        return cls(cast(ButtonItem, item))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Show the stub privately."""
        await _dispatch(interaction, f"faqadmin yaml #{self.group_id}",
                        lambda a: a.show_yaml(interaction, self.group_id))


class AddToSelect(discord.ui.DynamicItem[SelectItem], template=ADD_TO_TEMPLATE):
    """The entry chosen for "add as alternate": edit, validate, reload, resolve."""

    def __init__(self, item: SelectItem) -> None:
        super().__init__(item)
        self.group_id = int(_match(type(self), item.custom_id)["group"])

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> AddToSelect:
        """Rebuild from a selection (also after a restart)."""
        return cls(cast(SelectItem, item))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Add the alternate to the chosen entry."""
        entry_id = self.item.values[0] if self.item.values else ""
        await _dispatch(interaction, f"faqadmin add #{self.group_id} to {entry_id}",
                        lambda a: a.add_to(interaction, self.group_id, entry_id))


# Registered by the moderation cog when it loads (and removed when it unloads).
ADMIN_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    PageButton, AddButton, IgnoreButton, YamlButton, AddToSelect,
)
