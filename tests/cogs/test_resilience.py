"""Failures the bot survives, and the cooldowns, end to end through the fake."""

from __future__ import annotations

import logging

import pytest

from tests.cogs.conftest import ANSWERED, ANSWERED_TITLE, Harness, Launcher
from tests.discord_fake import GENERAL_CHANNEL_ID, MEMBER_USER, QUESTIONS_CHANNEL_ID

MESSAGES = r"/channels/\d+/messages$"
EPHEMERAL = 64


def bot_logs(caplog: pytest.LogCaptureFixture, level: int = logging.WARNING) -> str:
    return "\n".join(r.getMessage() for r in caplog.records
                     if r.name == "bot.discord" and r.levelno >= level)


async def test_403_on_send_is_logged_and_the_bot_keeps_answering(
        h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    h.fake.fail_next("POST", MESSAGES, 403)
    refused = await h.mention(ANSWERED)
    await h.fake.wait_for_route("POST", MESSAGES, status=403)
    answered = await h.mention("is MCMI accredited?")
    await h.reply_to(answered)
    assert [r.status for r in h.replies_to(refused)] == [403]
    assert f"no permission to reply in channel {GENERAL_CHANNEL_ID}" in bot_logs(caplog)


async def test_a_channel_the_bot_cannot_post_in_is_survived(
        h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    channel = h.fake.channels[QUESTIONS_CHANNEL_ID]
    channel["permission_overwrites"] = [
        {"id": str(h.fake.APP_ID), "type": 1, "allow": "0", "deny": str(1 << 11)}]
    refused = await h.say(ANSWERED, channel=QUESTIONS_CHANNEL_ID)
    await h.fake.wait_for_route("POST", MESSAGES, status=403)
    await h.reply_to(await h.mention(ANSWERED))
    assert [r.status for r in h.replies_to(refused)] == [403]
    assert "no permission" in bot_logs(caplog)


async def test_429_is_retried_and_one_reply_is_delivered(h: Harness) -> None:
    h.fake.fail_next("POST", MESSAGES, 429, json={"message": "You are being rate limited.",
                                                  "retry_after": 0.05, "global": False})
    message_id = await h.mention(ANSWERED)
    reply = await h.reply_to(message_id)
    assert reply.json["embeds"][0]["title"] == ANSWERED_TITLE
    assert [r.status for r in h.replies_to(message_id)] == [429, 200]


async def test_a_discord_5xx_is_logged_and_survived(
        h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    h.fake.fail_next("POST", MESSAGES, 503)
    failed = await h.mention(ANSWERED)
    await h.fake.wait_for_route("POST", MESSAGES, status=503)
    await h.reply_to(await h.mention("is MCMI accredited?"))
    assert [r.status for r in h.replies_to(failed)] == [503]
    assert f"could not reply to message {failed}" in bot_logs(caplog, logging.ERROR)


async def test_an_engine_error_gets_an_apology_and_the_bot_keeps_serving(
        h: Harness, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    real_ask = h.bot.engine.ask

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("index corrupted")

    monkeypatch.setattr(h.bot.engine, "ask", broken)
    message_id = await h.mention(ANSWERED)
    assert "Sorry" in (await h.reply_to(message_id)).json["content"]
    ref = await h.fake.interaction_slash("ask", {"question": ANSWERED})
    data = (await h.fake.wait_for_callback(ref)).json["data"]
    assert "Sorry" in data["content"] and data["flags"] & EPHEMERAL
    quiet = await h.say(ANSWERED, channel=QUESTIONS_CHANNEL_ID)
    await h.reply_to(await h.mention(ANSWERED))  # handled after the quiet one
    monkeypatch.setattr(h.bot.engine, "ask", real_ask)
    await h.reply_to(await h.mention(ANSWERED))
    assert h.replies_to(quiet) == [], "no apology to someone who did not address the bot"
    logs = bot_logs(caplog, logging.ERROR)
    assert f"could not answer message {message_id}" in logs
    assert "/ask by user" in logs


async def test_a_database_error_never_stops_an_answer(
        h: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(h.store, "record_question", broken)
    monkeypatch.setattr(h.store, "record_vote", broken)
    answer = (await h.reply_to(await h.mention(ANSWERED))).response
    ref = await h.fake.interaction_component(
        f"faq:vote:mcmi-duration:{MEMBER_USER['id']}:1", MEMBER_USER, answer)
    data = (await h.fake.wait_for_callback(ref)).json["data"]
    assert "Sorry" in data["content"] and data["flags"] & EPHEMERAL


async def test_an_expired_interaction_is_logged_and_survived(
        h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    h.fake.fail_next("POST", r"/interactions/\d+/[^/]+/callback$", 404,
                     json={"message": "Unknown interaction", "code": 10062})
    ref = await h.fake.interaction_slash("ask", {"question": ANSWERED})
    await h.fake.wait_for_callback(ref)
    again = await h.fake.interaction_slash("ask", {"question": "is MCMI accredited?"})
    assert (await h.fake.wait_for_callback(again)).status == 200
    assert "expired before the bot answered" in bot_logs(caplog)


async def test_a_repeat_in_the_same_channel_points_to_the_earlier_answer(h: Harness) -> None:
    first = (await h.reply_to(await h.mention(ANSWERED))).response
    repeat = (await h.reply_to(await h.mention("how long is MCMI?"))).json
    assert "embeds" not in repeat or not repeat["embeds"]
    assert repeat["content"].endswith(
        f"/channels/{h.fake.GUILD_ID}/{GENERAL_CHANNEL_ID}/{first['id']}")
    ref = await h.fake.interaction_slash("ask", {"question": ANSWERED})
    pointer = (await h.fake.wait_for_callback(ref)).json["data"]
    assert pointer["flags"] & EPHEMERAL and first["id"] in pointer["content"]
    elsewhere = await h.say(ANSWERED, channel=QUESTIONS_CHANNEL_ID)
    assert (await h.reply_to(elsewhere)).json["embeds"][0]["title"] == ANSWERED_TITLE
    h.clock.advance(h.bot.settings.repeat_window_seconds + 1)
    again = (await h.reply_to(await h.mention(ANSWERED))).json
    assert again["embeds"][0]["title"] == ANSWERED_TITLE


async def test_the_rate_limit_notes_once_then_stays_quiet(launch: Launcher) -> None:
    h = await launch(user_rate_limit=2, user_rate_window_seconds=60)
    for _ in range(2):
        await h.reply_to(await h.mention("is MCMI accredited?"))
        h.clock.advance(1)
    limited = (await h.reply_to(await h.mention(ANSWERED))).json
    assert "try again in about 58 seconds" in limited["content"]
    silent = await h.mention(ANSWERED)
    ref = await h.fake.interaction_slash("ask", {"question": ANSWERED})
    note = (await h.fake.wait_for_callback(ref)).json["data"]
    assert note["flags"] & EPHEMERAL and "faster than I can keep up" in note["content"]
    assert h.replies_to(silent) == []
    assert len(await h.rows("SELECT * FROM questions")) == 2, "refused questions are not logged"
    h.clock.advance(60)
    assert (await h.reply_to(await h.mention(ANSWERED))).json["embeds"]
