"""Engine results rendered as what a person sees on Discord, as plain data.

Pure on purpose: nothing here imports discord. Every rule about wording, colour, button layout
and Discord's size limits lives in one place that unit tests (and hypothesis) can check without
a client; `bot/views.py` only copies these dataclasses into discord.py objects. Anything that
could come out of here is accepted by the API: text is trimmed cleanly, never rejected.

Buttons carry stable custom ids that encode everything their handler needs (the entry, the
person who asked), so they keep working after a restart without any state in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from bot.knowledge.model import Entry, KnowledgeBase
from bot.matching.verdict import Band, MatchResult
from bot.texts import (
    DECLINE_TEXT,
    HOME_URL,
    SEVERAL_QUESTIONS_TEXT,
    SEVERAL_QUESTIONS_TITLE,
    SUGGEST_TITLE,
    UNANSWERED_NOTE_TEXT,
    UNANSWERED_PART_CHARS,
    small_talk_text,
)

# Discord's limits (developer docs: message, embed, component and autocomplete objects).
CONTENT_LIMIT = 2000
EMBED_TITLE_LIMIT = 256
EMBED_DESCRIPTION_LIMIT = 4096
EMBED_FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
BUTTON_LABEL_LIMIT = 80
BUTTONS_PER_ROW = 5
ROWS_PER_MESSAGE = 5
CUSTOM_ID_LIMIT = 100
URL_LIMIT = 512
SELECT_OPTIONS_LIMIT = 25
SELECT_TEXT_LIMIT = 100  # option label, value and description
SELECT_PLACEHOLDER_LIMIT = 150
CHOICES_LIMIT = 25
CHOICE_TEXT_LIMIT = 100  # autocomplete choice name and string value

MINDCOACHERS_URL = HOME_URL
ELLIPSIS = "…"

# A question echoed back (so "None of these" can log it after a restart) is cut here: the
# engine reads no more than this anyway (bot.engine.MAX_MATCH_CHARS).
QUESTION_ECHO_LIMIT = 1000
QUESTION_ECHO_PREFIX = "You asked: "


class Colour(IntEnum):
    """Embed colour by band, so a glance tells an answer from a guess."""

    ANSWER = 0x3BA55C  # green
    SUGGEST = 0xFAA61A  # amber
    DECLINE = 0x747F8D  # grey
    SAFETY = 0x9B84EE  # calm violet


BAND_COLOURS = {
    Band.ANSWER: Colour.ANSWER,
    Band.SUGGEST: Colour.SUGGEST,
    Band.DECLINE: Colour.DECLINE,
    Band.SAFETY: Colour.SAFETY,
}


class Style(StrEnum):
    """Button styles, named as discord.ButtonStyle names them."""

    PRIMARY = "primary"
    SECONDARY = "secondary"
    SUCCESS = "success"
    DANGER = "danger"
    LINK = "link"


@dataclass(frozen=True)
class Button:
    """A button: a link (url set) or an action (custom_id set)."""

    label: str
    style: Style
    row: int
    custom_id: str | None = None
    url: str | None = None
    emoji: str | None = None


@dataclass(frozen=True)
class SelectOption:
    """One choice in a select menu."""

    label: str
    value: str
    description: str | None = None


@dataclass(frozen=True)
class Select:
    """A select menu; it takes a whole row."""

    custom_id: str
    placeholder: str
    options: tuple[SelectOption, ...]
    row: int


@dataclass(frozen=True)
class EmbedData:
    """The parts of an embed the bot uses."""

    description: str
    colour: int
    title: str | None = None
    footer: str | None = None


@dataclass(frozen=True)
class Reply:
    """Everything one message shows. Within every Discord limit by construction."""

    content: str | None = None
    embed: EmbedData | None = None
    buttons: tuple[Button, ...] = ()
    selects: tuple[Select, ...] = ()


@dataclass(frozen=True)
class Choice:
    """An autocomplete choice: what the user sees and what is sent back as the option value."""

    name: str
    value: str


# -- custom ids ---------------------------------------------------------------------------------
# Templates are regular expressions for discord.ui.DynamicItem; ids are built by the functions
# below. Entry ids are slugs (see bot.knowledge.loader), asker ids are Discord snowflakes.

VOTE_TEMPLATE = r"faq:vote:(?P<entry>[a-z0-9-]+):(?P<asker>[0-9]+):(?P<helpful>[01])"
SHOW_TEMPLATE = r"faq:show:(?P<entry>[a-z0-9-]+)"
PICK_TEMPLATE = r"faq:pick:(?P<entry>[a-z0-9-]+):(?P<asker>[0-9]+)"
NONE_TEMPLATE = r"faq:none:(?P<asker>[0-9]+)"
TOPICS_TEMPLATE = r"faq:topics:(?P<page>[0-9])"
ENTRIES_TEMPLATE = r"faq:entries:(?P<page>[0-9])"


def _fits(custom_id: str) -> str | None:
    """The id, or None when it is too long for Discord (the button is then left out)."""
    return custom_id if len(custom_id) <= CUSTOM_ID_LIMIT else None


def vote_id(entry_id: str, asker_id: int, helpful: bool) -> str | None:
    """Custom id of a helpful / not-helpful button only `asker_id` may press."""
    return _fits(f"faq:vote:{entry_id}:{asker_id}:{int(helpful)}")


def show_id(entry_id: str) -> str | None:
    """Custom id of a button that shows an entry to whoever presses it."""
    return _fits(f"faq:show:{entry_id}")


def pick_id(entry_id: str, asker_id: int) -> str | None:
    """Custom id of a "did you mean" choice."""
    return _fits(f"faq:pick:{entry_id}:{asker_id}")


def none_id(asker_id: int) -> str:
    """Custom id of "None of these" (an asker id always fits)."""
    return f"faq:none:{asker_id}"


# -- trimming -----------------------------------------------------------------------------------

def trim(text: str, limit: int, *, fallback: str = ELLIPSIS) -> str:
    """`text` on one line-safe budget: cut at a word boundary with an ellipsis when too long.

    Never returns an empty or whitespace-only string (Discord rejects those for labels and
    titles); `fallback` stands in for such text.
    """
    text = text.strip()
    if not text:
        return fallback[:limit]
    if len(text) <= limit:
        return text
    budget = limit - len(ELLIPSIS)
    cut = text[:budget]
    space = cut.rfind(" ")
    # Break at a space unless the cut already ends a word, or breaking there would throw away
    # most of the budget (one very long word).
    if not text[budget].isspace() and space >= budget * 0.6:
        cut = cut[:space]
    cut = cut.rstrip()
    return (cut + ELLIPSIS) if cut else text[:budget] + ELLIPSIS


_BREAKS = ("\n\n", "\n", ". ", " ")


def trim_markdown(text: str, limit: int, *, note: str = "") -> str:
    """Shorten Markdown to `limit` characters at the cleanest boundary available.

    Prefers a paragraph break, then a line break, a sentence end, a space; closes a code
    block left open by the cut, and appends `note` (e.g. where to read the rest).
    """
    text = text.strip()
    if len(text) <= limit:
        return text or ELLIPSIS
    tail = "\n\n" + note if note else ""
    budget = max(limit - len(tail) - len(ELLIPSIS) - len("\n```"), 0)
    cut = text[:budget]
    for separator in _BREAKS:
        position = cut.rfind(separator)
        if position >= budget * 0.5:
            cut = cut[: position + (1 if separator == ". " else 0)]
            break
    cut = cut.rstrip()
    if cut.count("```") % 2:
        cut += "\n```"
    result = cut + ELLIPSIS + tail
    return result[:limit]


def neutralise_mentions(text: str) -> str:
    """User text echoed back, with @everyone/@here and <@…> mentions made inert.

    allowed_mentions already stops pings; this also stops the echo *looking* like a ping.
    """
    text = re.sub(r"@(everyone|here)", "@\u200b\\1", text)
    return re.sub(r"<(@[!&]?|#)(\d+)>", "<\u200b\\1\\2>", text)


# -- layout -------------------------------------------------------------------------------------

def _rows(groups: Sequence[Sequence[Button]], reserve_last: Sequence[Button] = ()) -> \
        tuple[Button, ...]:
    """Place button groups on rows (each group starts a new row, five per row), keeping the
    last row for `reserve_last`; whatever does not fit in five rows is dropped."""
    free_rows = ROWS_PER_MESSAGE - (1 if reserve_last else 0)
    placed: list[Button] = []
    row = 0
    for group in groups:
        for start in range(0, len(group), BUTTONS_PER_ROW):
            if row >= free_rows:
                break
            placed.extend(_on_row(group[start:start + BUTTONS_PER_ROW], row))
            row += 1
    if reserve_last:
        placed.extend(_on_row(reserve_last[:BUTTONS_PER_ROW], row))
    return tuple(placed)


def _on_row(buttons: Iterable[Button], row: int) -> list[Button]:
    return [Button(b.label, b.style, row, b.custom_id, b.url, b.emoji) for b in buttons]


def _label(text: str) -> str:
    return trim(text, BUTTON_LABEL_LIMIT, fallback="Open")


def _embed(description: str, colour: int, *, title: str | None = None,
           footer: str | None = None, note: str = "") -> EmbedData:
    """An embed within the per-field limits and the 6 000-character total; `note` is added
    to the description only when it had to be shortened."""
    title = trim(title, EMBED_TITLE_LIMIT) if title is not None else None
    footer = trim(footer, EMBED_FOOTER_LIMIT) if footer is not None else None
    room = EMBED_TOTAL_LIMIT - len(title or "") - len(footer or "")
    description = trim_markdown(description, min(EMBED_DESCRIPTION_LIMIT, room), note=note)
    return EmbedData(description=description, colour=colour, title=title, footer=footer)


# -- replies ------------------------------------------------------------------------------------

def unanswered_note(parts: tuple[str, ...]) -> str | None:
    """The note under an answer that covers only part of a message (None when it covers all)."""
    if not parts:
        return None
    quoted = "; ".join(f"\u201c{trim(part, UNANSWERED_PART_CHARS)}\u201d" for part in parts)
    return f"{UNANSWERED_NOTE_TEXT.format(it='it' if len(parts) == 1 else 'them')} {quoted}"


def render_answer(entry: Entry, kb: KnowledgeBase, *, asker_id: int | None,
                  unanswered: tuple[str, ...] = ()) -> Reply:
    """An entry as an embed with its links, its related entries and, for `asker_id`, votes;
    `unanswered` names the message's other questions, which this answer leaves open."""
    links = [
        Button(_label(link.label), Style.LINK, 0, url=link.url)
        for link in entry.links
        if len(link.url) <= URL_LIMIT
    ]
    related = []
    for related_id in dict.fromkeys(entry.related):
        other = kb.by_id.get(related_id)
        custom_id = show_id(related_id)
        if other is not None and other.id != entry.id and custom_id:
            related.append(Button(_label(other.question), Style.SECONDARY, 0, custom_id))
    votes: list[Button] = []
    if asker_id is not None:
        up, down = vote_id(entry.id, asker_id, True), vote_id(entry.id, asker_id, False)
        if up and down:
            votes = [Button("Helpful", Style.SUCCESS, 0, up, emoji="👍"),
                     Button("Not helpful", Style.SECONDARY, 0, down, emoji="👎")]
    note = "The links below have the full details." if links else MINDCOACHERS_URL
    embed = _embed(entry.answer, Colour.ANSWER, title=entry.question, note=note,
                   footer=unanswered_note(tuple(map(neutralise_mentions, unanswered))))
    return Reply(embed=embed, buttons=_rows([links, related], reserve_last=votes))


def render_suggestions(result: MatchResult, *, asker_id: int) -> Reply:
    """ "Did you mean…": up to three entries to pick from and "None of these".

    The question goes in the footer: after a restart that is the only place "None of these"
    can read it from (a slash command's text is not kept anywhere else).
    """
    picks = []
    for candidate in result.suggestions[:3]:
        custom_id = pick_id(candidate.entry.id, asker_id)
        if custom_id:
            picks.append(Button(_label(candidate.entry.question), Style.PRIMARY, 0, custom_id))
    none = Button("None of these", Style.SECONDARY, 0, none_id(asker_id))
    if result.several_questions:
        text = (f"{SEVERAL_QUESTIONS_TEXT} Pick one to see its answer, or choose **None of "
                "these** and I'll pass your message on to the moderators.")
        title = SEVERAL_QUESTIONS_TITLE
    else:
        text = ("I'm not sure which of these you mean. Pick one, or choose **None of these** "
                "and I'll pass your question on to the moderators.")
        title = SUGGEST_TITLE
    embed = _embed(text, Colour.SUGGEST, title=title, footer=question_footer(result.question))
    return Reply(embed=embed, buttons=_rows([[*picks, none]]))


def question_footer(question: str) -> str:
    """The footer that carries the asked question (see `question_from_footer`).

    Exact, not trimmed for looks: the store recognises the logged question by its text. The
    engine never keeps more than QUESTION_ECHO_LIMIT characters, so it always fits.
    """
    echoed = neutralise_mentions(question[:QUESTION_ECHO_LIMIT])
    return (QUESTION_ECHO_PREFIX + echoed)[:EMBED_FOOTER_LIMIT]


def question_from_footer(footer: str | None) -> str | None:
    """The question a suggestions message was for, read back from its footer."""
    if not footer or not footer.startswith(QUESTION_ECHO_PREFIX):
        return None
    question = footer[len(QUESTION_ECHO_PREFIX):].replace("\u200b", "")
    return question if question.strip() else None


def render_decline() -> Reply:
    """Kind words for a question the FAQ cannot answer (it has been logged for moderators);
    the same wording as the console's, plus the link."""
    return Reply(embed=_embed(f"{DECLINE_TEXT}\n{MINDCOACHERS_URL}", Colour.DECLINE))


def render_small_talk(message: str = "") -> Reply:
    """A greeting or thanks: thanks back, or say what the bot is for; nothing was logged."""
    return Reply(embed=_embed(small_talk_text(message), Colour.DECLINE))


def render_passed_on() -> Reply:
    """After "None of these": the suggestions message becomes this."""
    return Reply(embed=_embed(
        "Thanks for letting me know. I've passed your question on to the moderators, who'll "
        f"follow up. You'll also find more about the MCMI Training at {MINDCOACHERS_URL}",
        Colour.DECLINE,
    ))


def render_safety(message: str) -> Reply:
    """The fixed support message for a crisis: plain text, no buttons, never an FAQ."""
    return Reply(content=trim_markdown(message, CONTENT_LIMIT))


def render_moderator_notice(channel_id: int, user_id: int, jump_url: str) -> Reply:
    """What moderators see about a crisis message: where and who, never what was written."""
    return Reply(content=trim(
        f"A member (<@{user_id}>) may need support in <#{channel_id}>: {jump_url}",
        CONTENT_LIMIT,
    ))


def render_repeat(jump_url: str) -> Reply:
    """A pointer to the same answer given moments ago in the same channel."""
    return Reply(content=trim(f"I answered this here a moment ago: {jump_url}", CONTENT_LIMIT))


def render_rate_limited(retry_after: float) -> Reply:
    """A polite note for someone asking faster than the per-user rate limit."""
    seconds = max(1, round(retry_after))
    return Reply(content=(
        "You're asking faster than I can keep up with. Please try again in about "
        f"{seconds} second{'s' if seconds != 1 else ''}."
    ))


def render_apology() -> Reply:
    """Something failed on the bot's side; the person should simply try again."""
    return Reply(content="Sorry, something went wrong on my side. Please try again in a moment.")


def render_not_asker(action: str) -> Reply:
    """Someone pressed a button meant for the person who asked."""
    return Reply(content=f"Only the person who asked can {action}. You can ask your own "
                         "question with /ask.")


def render_vote_thanks(helpful: bool) -> Reply:
    """Acknowledges a vote (shown only to the voter)."""
    if helpful:
        return Reply(content="Thanks, glad it helped!")
    return Reply(content="Thanks for telling me. The moderators will see it and can improve "
                         "this answer.")


def render_gone() -> Reply:
    """A button points at an entry that a knowledge reload removed."""
    return Reply(content="That answer is no longer in the FAQ. Try /ask or /faq.")


def render_mention_help() -> Reply:
    """Someone mentioned the bot without asking anything."""
    return Reply(content="Hi! Ask me a question right after the mention, for example "
                         "\"how long is the MCMI Training?\", or use /ask or /faq.")


# -- browsing -----------------------------------------------------------------------------------

def _selects(template: str, placeholder: str, options: Sequence[SelectOption]) -> \
        tuple[Select, ...]:
    """Options split over up to five select menus of 25 (the rest is dropped)."""
    menus = []
    for page, start in enumerate(range(0, len(options), SELECT_OPTIONS_LIMIT)):
        if page >= ROWS_PER_MESSAGE:
            break
        chunk = tuple(options[start:start + SELECT_OPTIONS_LIMIT])
        menus.append(Select(template.format(page=page),
                            trim(placeholder, SELECT_PLACEHOLDER_LIMIT), chunk, page))
    return tuple(menus)


def render_topics(kb: KnowledgeBase) -> Reply:
    """The first browsing step: every tag in a select menu."""
    options = [
        SelectOption(trim(tag, SELECT_TEXT_LIMIT), tag,
                     trim(f"{count} question{'s' if count != 1 else ''}", SELECT_TEXT_LIMIT))
        for tag, count in _tag_counts(kb)
        if tag.strip() and len(tag) <= SELECT_TEXT_LIMIT
    ]
    if not options:
        return Reply(content="The FAQ has no topics yet. Try /ask.")
    return Reply(content="Pick a topic to see its questions.",
                 selects=_selects("faq:topics:{page}", "Choose a topic", options))


def _tag_counts(kb: KnowledgeBase) -> list[tuple[str, int]]:
    counts = dict.fromkeys(kb.tags, 0)
    for entry in kb.entries:
        for tag in entry.tags:
            counts[tag] += 1
    return list(counts.items())


def render_topic_entries(kb: KnowledgeBase, tag: str) -> Reply:
    """The second browsing step: the questions under one tag."""
    options = [
        SelectOption(trim(entry.question, SELECT_TEXT_LIMIT), entry.id)
        for entry in kb.entries
        if tag in entry.tags and len(entry.id) <= SELECT_TEXT_LIMIT
    ]
    if not options:
        return Reply(content="That topic has no questions any more. Try /faq again.")
    heading = trim(f"Questions about **{tag}**:", CONTENT_LIMIT)
    return Reply(content=heading,
                 selects=_selects("faq:entries:{page}", "Choose a question", options))


def render_choices(entries: Iterable[Entry]) -> tuple[Choice, ...]:
    """Autocomplete choices for /ask: the entry's question as both name and value."""
    choices: dict[str, Choice] = {}
    for entry in entries:
        value = trim(entry.question, CHOICE_TEXT_LIMIT)
        choices.setdefault(value, Choice(value, value))
        if len(choices) >= CHOICES_LIMIT:
            break
    return tuple(choices.values())
