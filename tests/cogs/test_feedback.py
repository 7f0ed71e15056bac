"""Buttons end to end: "did you mean", "None of these", votes, related entries, restarts."""

from __future__ import annotations

from typing import Any

from bot.client import AnswerBot
from tests.cogs.conftest import (
    ANSWERED,
    ANSWERED_TITLE,
    SUGGESTED,
    Harness,
    Launcher,
    no_pings,
)
from tests.discord_fake import MEMBER_USER, MOD_USER, connected_client, stop_client

MEMBER_ID = int(MEMBER_USER["id"])
EPHEMERAL = 64


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message.get("components", []) for c in row["components"]]


def custom_ids(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for c in buttons(message) if "custom_id" in c]


async def posted_reply(h: Harness, message_id: int) -> dict[str, Any]:
    """The message the bot posted in reply (as the fake stored it, with its id)."""
    return (await h.reply_to(message_id)).response


async def click(h: Harness, custom_id: str, message: dict[str, Any],
                user: dict[str, Any] = MEMBER_USER, values: list[str] | None = None) \
        -> dict[str, Any]:
    kind = 3 if values is not None else 2
    ref = await h.fake.interaction_component(custom_id, user, message, kind, values)
    return (await h.fake.wait_for_callback(ref)).json


async def test_picking_a_suggestion_turns_the_message_into_that_answer(h: Harness) -> None:
    suggestions = await posted_reply(h, await h.mention(SUGGESTED))
    pick = next(i for i in custom_ids(suggestions) if i.startswith("faq:pick:mcmi-duration"))
    callback = await click(h, pick, suggestions)
    assert callback["type"] == 7, "the asker's pick edits the suggestions message"
    data = callback["data"]
    assert data["embeds"][0]["title"] == ANSWERED_TITLE
    assert no_pings(data)
    assert f"faq:vote:mcmi-duration:{MEMBER_ID}:1" in custom_ids(data)


async def test_someone_elses_pick_is_shown_only_to_them(h: Harness) -> None:
    suggestions = await posted_reply(h, await h.mention(SUGGESTED))
    pick = next(i for i in custom_ids(suggestions) if i.startswith("faq:pick:"))
    callback = await click(h, pick, suggestions, user=MOD_USER)
    assert callback["type"] == 4 and callback["data"]["flags"] & EPHEMERAL
    assert f"faq:vote:mcmi-duration:{MOD_USER['id']}:1" in custom_ids(callback["data"])


async def test_none_of_these_logs_the_question_as_unanswered(h: Harness) -> None:
    suggestions = await posted_reply(h, await h.mention(SUGGESTED))
    stranger = await click(h, f"faq:none:{MEMBER_ID}", suggestions, user=MOD_USER)
    assert stranger["data"]["flags"] & EPHEMERAL
    assert "Only the person who asked" in stranger["data"]["content"]
    callback = await click(h, f"faq:none:{MEMBER_ID}", suggestions)
    assert callback["type"] == 7
    assert "moderators" in callback["data"]["embeds"][0]["description"]
    assert callback["data"]["components"] == []
    rows = await h.rows("SELECT text, none_of_these FROM unanswered ORDER BY id")
    assert rows[-1] == (SUGGESTED, 1)


async def test_the_askers_vote_is_stored(h: Harness) -> None:
    answer = await posted_reply(h, await h.mention(ANSWERED))
    callback = await click(h, f"faq:vote:mcmi-duration:{MEMBER_ID}:1", answer)
    assert callback["data"]["flags"] & EPHEMERAL
    assert "Thanks" in callback["data"]["content"]
    await click(h, f"faq:vote:mcmi-duration:{MEMBER_ID}:0", answer)
    votes = await h.rows("SELECT message_id, user_id, entry_id, helpful FROM votes")
    assert votes == [(answer["id"], str(MEMBER_ID), "mcmi-duration", 0)], \
        "a second vote replaces the first"


async def test_someone_elses_vote_is_refused_and_not_stored(h: Harness) -> None:
    answer = await posted_reply(h, await h.mention(ANSWERED))
    callback = await click(h, f"faq:vote:mcmi-duration:{MEMBER_ID}:1", answer, user=MOD_USER)
    assert callback["data"]["flags"] & EPHEMERAL
    assert callback["data"]["content"].startswith("Only the person who asked can rate this")
    assert await h.rows("SELECT * FROM votes") == []


async def test_a_related_entry_button_shows_that_entry_privately(h: Harness) -> None:
    answer = await posted_reply(h, await h.mention(ANSWERED))
    related = next(i for i in custom_ids(answer) if i.startswith("faq:show:"))
    callback = await click(h, related, answer, user=MOD_USER)
    data = callback["data"]
    assert data["flags"] & EPHEMERAL
    entry = h.bot.engine.kb.by_id[related.removeprefix("faq:show:")]
    assert data["embeds"][0]["title"] == entry.question


async def test_buttons_keep_working_after_a_restart(launch: Launcher) -> None:
    h = await launch()
    answer = await posted_reply(h, await h.mention(ANSWERED))
    suggestions = await posted_reply(h, await h.mention(SUGGESTED))
    await stop_client(h.bot, h.fake)
    restarted = AnswerBot(settings=h.bot.settings, engine=h.bot.engine, store=h.store,
                          guild_ready_timeout=0.05)
    async with connected_client(restarted, h.fake):
        vote = await click(h, f"faq:vote:mcmi-duration:{MEMBER_ID}:1", answer)
        assert "Thanks" in vote["data"]["content"]
        none = await click(h, f"faq:none:{MEMBER_ID}", suggestions)
        assert none["type"] == 7
    assert await h.rows("SELECT helpful FROM votes") == [(1,)]
    assert (await h.rows("SELECT text, none_of_these FROM unanswered"))[-1] == (SUGGESTED, 1)


async def test_faq_browses_topics_then_questions_then_the_answer(h: Harness) -> None:
    ref = await h.fake.interaction_slash("faq")
    callback = await h.fake.wait_for_callback(ref)
    topics = callback.json["data"]
    assert topics["flags"] & EPHEMERAL
    menu = topics["components"][0]["components"][0]
    assert menu["custom_id"] == "faq:topics:0" and menu["type"] == 3
    assert 1 <= len(menu["options"]) <= 25
    assert "duration" in [o["value"] for o in menu["options"]]
    message = callback.response["resource"]["message"]
    entries = (await click(h, "faq:topics:0", message, values=["duration"]))["data"]
    entry_menu = entries["components"][0]["components"][0]
    assert entry_menu["custom_id"] == "faq:entries:0"
    assert [o["value"] for o in entry_menu["options"]] == ["mcmi-duration"]
    answer = (await click(h, "faq:entries:0", h.fake.messages[int(message["id"])],
                          values=["mcmi-duration"]))["data"]
    assert answer["embeds"][0]["title"] == ANSWERED_TITLE
    assert no_pings(answer)
