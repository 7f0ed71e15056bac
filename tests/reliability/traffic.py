"""Realistic traffic for the load test and the soak, and the model of what the bot must do.

`plan_burst` builds a reproducible mix of messages (answerable questions, "did you mean"
questions, questions the FAQ cannot answer, small talk, crisis messages, chatter), sent as
mentions in #general and in answer channels and as plain messages in answer channels, by many
members. `Expectation` then says, message by message, what the documented rules require:
which get a reply and of what kind, which are rate-limited (noted once per window for
mentions, silently in answer channels), and which rows the question log must end up with.

The model is written from the documentation (bot/cogs/ask.py, bot/cooldowns.py,
bot/engine.py), not from the code paths, so a change in behaviour shows up as a mismatch.
Only the band of a question is taken from the engine itself: matching quality is tested
elsewhere; here it is an input.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bot.knowledge.model import KnowledgeBase
from bot.matching.matcher import Band, MatchResult
from bot.replies import render_mention_help, render_rate_limited, render_repeat, render_safety
from bot.store.writes import stored_text
from bot.texts import (
    DECLINE_TEXT,
    SEVERAL_QUESTIONS_TITLE,
    SMALL_TALK_TEXT,
    SUGGEST_TITLE,
    THANKS_TEXT,
)
from bot.triggers import looks_like_question
from tests.discord_fake import APP_ID

ANSWERABLE = (
    "How long is the MCMI Training?",
    "is MCMI accredited?",
    "Is there a free masterclass?",
    "What is The Teaching Circle?",
    "what is MBSR?",
    "what's the difference between mbsr and mcmi?",
    "does MCMI cover trauma-aware teaching?",
)
UNSURE = ("how long is it", "what about the certificate", "teaching")
UNANSWERABLE = (
    "how much does it cost?",
    "what's the weather like in london?",
    "can I bring my dog to class?",
    "is there parking at the venue?",
    "do you sell pizza?",
)
SMALL_TALK = ("hi", "thanks!", "hello 👋", "thank you so much")
CRISIS = ("I want to kill myself", "i want to die")
# Plain chatter in an answer channel: not a question, so never passed to the engine.
CHATTER = ("great session today, thanks all", "see you all tomorrow", "lol")

# Weights of each kind of message in a burst.
MIX: tuple[tuple[str, int], ...] = (
    ("answerable", 45), ("unsure", 12), ("unanswerable", 15), ("small_talk", 10),
    ("crisis", 2), ("chatter", 8), ("empty_mention", 2), ("moderator", 3), ("bystander", 3),
)
POOLS: dict[str, Sequence[str]] = {
    "answerable": ANSWERABLE, "unsure": UNSURE, "unanswerable": UNANSWERABLE,
    "small_talk": SMALL_TALK, "crisis": CRISIS,
}


class Route(StrEnum):
    """How a message reaches the bot."""

    MENTION = "mention"  # "@bot question" anywhere: always addressed to the bot
    QUIET = "quiet"  # a plain message in an answer channel: answered only when sure
    IGNORED = "ignored"  # plain chat outside answer channels, or a moderator talking


class Reply(StrEnum):
    """What the bot must send in reply to one message."""

    NONE = "none"
    ANSWER = "answer"  # the entry as an embed, or a pointer to it when just answered there
    SUGGEST = "suggest"
    DECLINE = "decline"
    SMALL_TALK = "small_talk"
    SAFETY = "safety"
    HELP = "help"
    RATE_NOTE = "rate_note"


@dataclass(frozen=True)
class Planned:
    """One message of a burst."""

    user: dict[str, Any]
    channel_id: int
    content: str
    route: Route
    question: str  # the text the engine would be asked (empty for an empty mention)

    def __str__(self) -> str:
        return (f"{self.route} by {self.user['username']} in {self.channel_id}: "
                f"{self.content!r}")


def plan_burst(count: int, users: Sequence[dict[str, Any]], moderator: dict[str, Any],
               general_id: int, answer_channel_ids: Sequence[int], seed: int = 5) -> list[Planned]:
    """`count` messages spread over `users`, #general and the answer channels."""
    rng = random.Random(seed)
    kinds = [k for k, _ in MIX]
    weights = [w for _, w in MIX]
    channels = [general_id, *answer_channel_ids]
    plan = []
    for index in range(count):
        kind = rng.choices(kinds, weights)[0]
        user = users[index % len(users)]
        channel = rng.choice(channels)
        in_answer_channel = channel in answer_channel_ids
        if kind == "empty_mention":
            plan.append(Planned(user, channel, f"<@{APP_ID}>", Route.MENTION, ""))
            continue
        if kind == "chatter":
            text = rng.choice(CHATTER)
            route = Route.IGNORED
            plan.append(Planned(user, rng.choice(answer_channel_ids), text, route, text))
            continue
        text = rng.choice(POOLS.get(kind, ANSWERABLE))
        if kind == "moderator":  # moderators talk in answer channels; they are not asking
            plan.append(Planned(moderator, rng.choice(answer_channel_ids), text,
                                Route.IGNORED, text))
        elif kind == "bystander":  # a question in #general without a mention: not for the bot
            plan.append(Planned(user, general_id, text, Route.IGNORED, text))
        elif in_answer_channel and rng.random() < 0.75 and (
                looks_like_question(text) or kind == "crisis"):
            # A crisis message is read in an answer channel even when it is not a question.
            plan.append(Planned(user, channel, text, Route.QUIET, text))
        else:
            mention = f"<@!{APP_ID}>" if rng.random() < 0.1 else f"<@{APP_ID}>"
            plan.append(Planned(user, channel, f"{mention} {text}", Route.MENTION, text))
    return plan


@dataclass
class Expectation:
    """What the documented rules require for a planned burst (messages in dispatch order)."""

    replies: list[Reply] = field(default_factory=list)
    rows: Counter[tuple[str, str, str, str | None]] = field(default_factory=Counter)
    unanswered: Counter[tuple[str, str]] = field(default_factory=Counter)
    refused: int = 0
    notes: int = 0
    safety_notices: int = 0
    by_user_allowed: Counter[str] = field(default_factory=Counter)


def expect(plan: Sequence[Planned], match: Callable[[str], MatchResult], *, rate_limit: int,
           moderator_notices: bool) -> Expectation:
    """The replies, log rows and rate-limit outcomes the documentation promises.

    Rate limit (bot/cooldowns.py, bot/cogs/ask.py), with the clock standing still so every
    message falls in one window: each member's first `rate_limit` questions are answered; a
    refused mention gets one note per window and then silence; a refused answer-channel
    question is dropped silently and does not use up that one note. Refused questions are not
    logged. Empty mentions get a hint and do not count. Small talk is answered, not logged.
    A message that reads as a crisis always gets the support message (never a rate-limit
    note) and does not count against the limit.
    """
    out = Expectation()
    asked: Counter[str] = Counter()
    noted: set[str] = set()
    for message in plan:
        user_id = str(message.user["id"])
        if message.route is Route.IGNORED:
            out.replies.append(Reply.NONE)
            continue
        if message.route is Route.MENTION and not message.question:
            out.replies.append(Reply.HELP)
            continue
        result = match(message.question)
        crisis = result.band is Band.SAFETY
        if asked[user_id] >= rate_limit and not crisis:
            out.refused += 1
            if message.route is Route.MENTION and user_id not in noted:
                noted.add(user_id)
                out.notes += 1
                out.replies.append(Reply.RATE_NOTE)
            else:
                out.replies.append(Reply.NONE)
            continue
        if not crisis:
            asked[user_id] += 1
            out.by_user_allowed[user_id] += 1
        if not result.small_talk:
            best = result.best
            out.rows[(user_id, str(message.channel_id), result.band.value,
                      best.entry.id if best else None)] += 1
            if result.band in (Band.SUGGEST, Band.DECLINE):
                out.unanswered[(user_id, stored_text(result.question))] += 1
        out.replies.append(_reply_for(result, quiet=message.route is Route.QUIET))
        if result.band is Band.SAFETY and moderator_notices:
            out.safety_notices += 1
    return out


def _reply_for(result: MatchResult, *, quiet: bool) -> Reply:
    if result.band is Band.SAFETY:
        return Reply.SAFETY
    if result.band is Band.ANSWER and result.entry is not None:
        return Reply.ANSWER
    if quiet:
        return Reply.NONE
    if result.band is Band.SUGGEST and result.suggestions:
        return Reply.SUGGEST
    if result.small_talk:
        return Reply.SMALL_TALK
    return Reply.DECLINE


def classify(body: dict[str, Any], kb: KnowledgeBase) -> Reply | None:
    """Which documented reply a message body is (None: not one the bot should send)."""
    content = body.get("content") or ""
    embeds = body.get("embeds") or []
    if embeds:
        title = embeds[0].get("title")
        description = embeds[0].get("description") or ""
        if title in (SUGGEST_TITLE, SEVERAL_QUESTIONS_TITLE):
            return Reply.SUGGEST
        if title in {entry.question for entry in kb.entries}:
            return Reply.ANSWER
        if description.startswith(DECLINE_TEXT):
            return Reply.DECLINE
        if description.startswith((SMALL_TALK_TEXT, THANKS_TEXT)):
            return Reply.SMALL_TALK
        return None
    if content == render_safety(kb.safety.message).content:
        return Reply.SAFETY
    if content.startswith(str(render_repeat("").content).strip()):
        return Reply.ANSWER  # a pointer to the same answer given just before
    if content.startswith(str(render_rate_limited(60).content)[:40]):
        return Reply.RATE_NOTE
    if content == render_mention_help().content:
        return Reply.HELP
    return None
