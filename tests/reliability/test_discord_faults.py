"""Discord faults: a dropped gateway and failing REST calls, survived as discord.py intends.

Gateway: a resumable close (4000, 1001, op 7 RECONNECT) makes discord.py RESUME; a
non-resumable one (4009 session timed out, op 9 INVALID_SESSION) makes it IDENTIFY afresh;
either way the bot serves the next message. 4004 (authentication failed) is fatal by design:
reconnecting with a rejected token cannot succeed, so discord.py raises, `python -m bot` exits
non-zero after closing the database (nothing queued is lost), and the supervisor (docker's
restart policy) decides what next.

REST: 429 with a retry-after (retried by discord.py, one reply delivered), a global 429, a
429 without Cloudflare's Via header (discord.py gives up at once), 500 (retried after 1 s),
503 and 403 (not retried): on a mention reply, an answer-channel reply, the moderators'
crisis notice, an /ask callback and a button callback. The bot logs what it could not send
and serves the next message. Every test also passes the rig's check: no task exception left
unretrieved, no "Ignoring exception", no ERROR from discord.py or asyncio.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import discord
import pytest

from tests.cogs.conftest import ANSWERED, ANSWERED_TITLE, CRISIS, KNOWLEDGE
from tests.discord_fake import (
    APP_ID,
    GENERAL_CHANNEL_ID,
    MEMBER_USER,
    MOD_LOG_CHANNEL_ID,
    QUESTIONS_CHANNEL_ID,
    DiscordFake,
    RecordedRequest,
    running_fake,
)
from tests.reliability.conftest import Rig, RigLauncher, _unhandled

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = r"/channels/\d+/messages$"
CALLBACK = r"/interactions/\d+/[^/]+/callback$"


def successes(fake: DiscordFake, route_regex: str, since: int) -> list[RecordedRequest]:
    return [r for r in fake.requests_matching("POST", route_regex, since=since)
            if 200 <= r.status < 300]


async def serves(r: Rig) -> None:
    """The bot answers a fresh mention correctly."""
    body = (await r.reply_to(await r.mention(ANSWERED))).json
    assert body["embeds"][0]["title"] == ANSWERED_TITLE


# -- the gateway --------------------------------------------------------------------------------

async def close_with(fake: DiscordFake, how: str) -> None:
    if how == "op7":
        await fake.send_reconnect()
    elif how == "op9":
        await fake.invalidate_session(resumable=False)
    else:
        await fake.close_gateway(int(how))


@pytest.mark.parametrize(("how", "resumes"), [
    ("4000", True), ("1001", True), ("op7", True), ("4009", False), ("op9", False),
], ids=["close-4000", "close-1001", "op7-reconnect", "close-4009", "op9-invalid-session"])
async def test_gateway_drops_are_survived(rig: RigLauncher, how: str, resumes: bool) -> None:
    r = await rig(repeat_window_seconds=0)
    await serves(r)
    for round_number in range(2):  # twice: a second drop after a recovery is survived too
        mark = r.fake.gateway_mark()
        await close_with(r.fake, how)
        # RESUME (op 6) always comes first when discord.py holds a session; a dropped session
        # is then answered with INVALID_SESSION and discord.py IDENTIFYs (op 2) afresh.
        wanted = 6 if resumes else 2
        await r.fake.wait_for_gateway(lambda f, op=wanted: f.op == op, since=mark)
        await r.fake.wait_for_session()
        await serves(r)
        ops = [f.op for f in r.fake.gateway_frames.items[mark:]]
        assert (2 in ops) is not resumes, f"round {round_number}: frames {ops}"
    assert r.bot.is_ready() and not r.bot.is_closed()


async def test_close_4004_stops_the_client_by_design(rig: RigLauncher) -> None:
    r = await rig()
    await serves(r)
    await r.fake.close_gateway(4004, "Authentication failed.")
    task = r.fake.client_task(r.bot)
    done, _ = await asyncio.wait({task}, timeout=5)
    assert done, "discord.py should stop on 4004, not reconnect"
    error = task.exception()
    assert isinstance(error, discord.ConnectionClosed) and error.code == 4004
    assert r.bot.is_closed()


async def test_python_m_bot_exits_non_zero_on_4004_and_keeps_what_it_logged(
        tmp_path: Path) -> None:
    """The process end of 4004: run_discord raises, the store is flushed and closed first."""
    db_path = tmp_path / "bot.db"
    async with running_fake() as fake:
        env = {**os.environ, "DISCORD_TOKEN": "fake-token-4004", "BOT_DB_PATH": str(db_path),
               "KNOWLEDGE_PATH": str(KNOWLEDGE), "DISCORD_API_BASE": fake.api_base,
               "HOT_RELOAD": "false"}
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=ROOT, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        try:
            await fake.wait_for_session(timeout=20)
            message_id = await fake.message_create(GENERAL_CHANNEL_ID, MEMBER_USER,
                                                   f"<@{APP_ID}> how much does it cost?")
            await fake.wait_for_reply(message_id, timeout=20)
            await fake.close_gateway(4004, "Authentication failed.")
            stdout, stderr = await asyncio.wait_for(process.communicate(), 20)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    logs = (stdout + stderr).decode()
    assert process.returncode not in (0, None), logs[-2000:]
    assert "4004" in logs
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT text FROM unanswered").fetchall() == [
            ("how much does it cost?",)], "the queued question was written before exiting"


# -- REST ---------------------------------------------------------------------------------------

RATE_LIMITED = {"message": "You are being rate limited.", "retry_after": 0.05, "global": False}
GLOBAL = {**RATE_LIMITED, "global": True}


@pytest.mark.parametrize(("status", "body", "headers", "times", "delivered"), [
    (429, RATE_LIMITED, None, 2, True),
    (429, GLOBAL, None, 1, True),
    (429, RATE_LIMITED, {"Via": ""}, 1, False),  # no Via: Cloudflare, discord.py gives up
    (500, None, None, 1, True),  # retried after discord.py's 1 s back-off
    (503, None, None, 1, False),
    (403, None, None, 1, False),
], ids=["429x2", "429-global", "429-cloudflare", "500", "503", "403"])
@pytest.mark.parametrize("path", ["mention", "answer-channel"])
async def test_a_failing_reply(rig: RigLauncher, caplog: pytest.LogCaptureFixture,
                               status: int, body: Any, headers: Any, times: int,
                               delivered: bool, path: str) -> None:
    r = await rig(repeat_window_seconds=0)
    mark = r.fake.mark()
    r.fake.fail_next("POST", MESSAGES, status, times=times, json=body, headers=headers)
    if path == "mention":
        message_id = await r.mention(ANSWERED)
    else:
        message_id = await r.say(ANSWERED, channel=QUESTIONS_CHANNEL_ID)
    await r.fake.wait_for_route("POST", MESSAGES, status=status, since=mark)
    if delivered:
        await r.reply_to(message_id)
    await serves(r)
    statuses = [q.status for q in r.replies_to(message_id)]
    assert statuses.count(200) == (1 if delivered else 0), statuses
    assert statuses[:times] == [status] * times
    if not delivered:  # a reply that could not be sent is logged, never silently lost
        logged = " ".join(x.getMessage() for x in caplog.records if x.name == "bot.discord")
        assert str(message_id) in logged or "no permission to reply" in logged


@pytest.mark.parametrize("status", [429, 503, 403])
async def test_a_failing_moderator_notice_still_supports_the_member(
        rig: RigLauncher, caplog: pytest.LogCaptureFixture, status: int) -> None:
    r = await rig()
    r.fake.fail_next("POST", rf"/channels/{MOD_LOG_CHANNEL_ID}/messages$", status)
    message_id = await r.mention(CRISIS)
    reply = (await r.reply_to(message_id)).json
    assert reply["content"].startswith(r.bot.engine.kb.safety.message[:40])
    await r.fake.wait_for_route("POST", rf"/channels/{MOD_LOG_CHANNEL_ID}/messages$",
                                status=status)
    await serves(r)
    if status == 429:
        await r.fake.wait_for_route("POST", rf"/channels/{MOD_LOG_CHANNEL_ID}/messages$",
                                    status=200)
    else:
        assert "could not notify moderators" in caplog.text


@pytest.mark.parametrize("status", [429, 500, 503, 403])
async def test_a_failing_interaction_callback(rig: RigLauncher, status: int) -> None:
    r = await rig(repeat_window_seconds=0)
    mark = r.fake.mark()
    r.fake.fail_next("POST", CALLBACK, status)
    ref = await r.fake.interaction_slash("ask", {"question": ANSWERED})
    await r.fake.wait_for_route("POST", CALLBACK, status=status, since=mark)
    if status in (429, 500):  # retried by discord.py: the answer arrives
        answered = await r.fake.wait_for_route("POST", CALLBACK, status=200, since=mark)
        assert answered.route == ref.callback_route
    # A button on an earlier answer still works afterwards, and so does /ask.
    answer = (await r.reply_to(await r.mention(ANSWERED))).response
    vote = f"faq:vote:mcmi-duration:{MEMBER_USER['id']}:1"
    r.fake.fail_next("POST", CALLBACK, status)
    click = await r.fake.interaction_component(vote, MEMBER_USER, answer)
    await r.fake.wait_for_callback(click)
    again = await r.fake.interaction_slash("ask", {"question": ANSWERED})
    assert (await r.fake.wait_for_callback(again)).status == 200
    assert successes(r.fake, MESSAGES, 0)


async def test_a_failed_command_sync_at_start_is_survived(rig: RigLauncher) -> None:
    def prepare(fake: DiscordFake) -> None:
        fake.fail_next("PUT", r"/applications/\d+/commands$", 503)

    r = await rig(prepare=prepare)
    r.expect_log(r"could not sync application commands")
    await serves(r)
    ref = await r.fake.interaction_slash("ask", {"question": ANSWERED})
    assert (await r.fake.wait_for_callback(ref)).status == 200


async def test_the_unhandled_error_check_is_not_vacuous() -> None:
    """The rig's after-test check does see an exception a task dropped on the floor."""
    loop = asyncio.get_running_loop()
    contexts: list[dict[str, Any]] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: contexts.append(context))
    try:
        async def explode() -> None:
            raise RuntimeError("boom")

        task = loop.create_task(explode())
        await asyncio.wait({task})
        del task
        gc.collect()
        await asyncio.sleep(0)
    finally:
        loop.set_exception_handler(previous)
    record = logging.LogRecord("discord.client", logging.ERROR, __file__, 1,
                               "Ignoring exception in on_message", None, None)
    problems = _unhandled([record], contexts, [], [])
    assert any("never retrieved" in p for p in problems), problems
    assert any("Ignoring exception" in p for p in problems), problems
