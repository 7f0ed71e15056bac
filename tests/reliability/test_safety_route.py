"""The safety route, end to end: a crisis message never gets the FAQ, and leaves no words behind.

Uses eval/safety.yaml: 30 realistic crisis messages and 30 near-misses ("does MCMI cover
trauma-aware teaching?", "this weather is killing me"). Through the fake, each crisis message,
sent as a mention, as a plain message in an answer channel and with /ask, gets exactly the
resources text from the knowledge folder's safety.yaml (no embed, no buttons, /ask privately);
the moderators' channel gets a notice with where and who but none of the words; SQLite (the
database file, its WAL and shared memory, byte for byte) and the log records (the bot's at
DEBUG, everyone's at INFO) hold none of the words either. Near-misses get the normal FAQ
reply and no notice.

The text is the moderators' to change: a changed safety.yaml is used at start-up and after a
reload. A crisis is also recognised at the end of a 4 000-character paste, and a member over
the rate limit still gets the resources, not "try again later".
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.replies import render_moderator_notice, render_safety
from tests.discord_fake import (
    GENERAL_CHANNEL_ID,
    MOD_LOG_CHANNEL_ID,
    QUESTIONS_CHANNEL_ID,
    RecordedRequest,
)
from tests.reliability.conftest import Rig, RigLauncher
from tests.reliability.traffic import Reply, classify

ROOT = Path(__file__).resolve().parents[2]
CASES = yaml.safe_load((ROOT / "eval" / "safety.yaml").read_text(encoding="utf-8"))
CRISIS = [case["q"] for case in CASES if case["expect"] == "safety"]
NEAR_MISSES = [(case["q"], case["expect"]) for case in CASES if case["expect"] != "safety"]
EPHEMERAL = 64
NOTICES = rf"/channels/{MOD_LOG_CHANNEL_ID}/messages"
_WORD = re.compile(r"[a-z']{3,}")


def test_the_evaluation_set_is_the_one_described() -> None:
    assert len(CRISIS) == 30 and len(NEAR_MISSES) == 30
    assert ("does MCMI cover trauma-aware teaching?", "mcmi-trauma-aware") in NEAR_MISSES


def support_text(r: Rig) -> str:
    return str(render_safety(r.bot.engine.kb.safety.message).content)


def words_leaked(message: str, text: str) -> set[str]:
    """Words of `message` found in `text`, beyond those the notice itself always uses."""
    template = set(_WORD.findall(render_moderator_notice(1, 2, "https://discord.com/channels/"
                                                        "1/2/3").content.lower()))
    return {w for w in _WORD.findall(message.lower()) if w not in template
            and re.search(rf"\b{re.escape(w)}\b", text.lower())}


async def crisis_everywhere(r: Rig, message: str) -> list[dict[str, Any]]:
    """Send `message` as a mention, in an answer channel and with /ask; the three replies."""
    bodies = []
    for sent in (await r.mention(message),
                 await r.say(message, channel=QUESTIONS_CHANNEL_ID)):
        bodies.append((await r.reply_to(sent)).json)
    ref = await r.fake.interaction_slash("ask", {"question": message})
    callback = (await r.fake.wait_for_callback(ref)).json
    assert callback["type"] == 4 and callback["data"]["flags"] & EPHEMERAL, "privately"
    bodies.append(callback["data"])
    return bodies


async def test_crisis_messages_get_the_resources_and_leave_no_words_behind(
        rig: RigLauncher, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    r = await rig()
    text = support_text(r)
    for message in CRISIS:
        for body in await crisis_everywhere(r, message):
            assert body["content"] == text, message
            assert not body.get("embeds") and not body.get("components"), message

    notices: list[RecordedRequest] = []

    def ninetieth_notice(request: RecordedRequest) -> bool:
        if request.method == "POST" and request.route == NOTICES:
            notices.append(request)
        return len(notices) == 3 * len(CRISIS)

    await r.fake.wait_for_request(ninetieth_notice)
    for notice, message in zip(notices, [m for m in CRISIS for _ in range(3)], strict=True):
        assert words_leaked(message, notice.json["content"]) == set(), (message, notice.json)

    assert await r.rows("SELECT count(*) FROM unanswered") == [(0,)]
    assert await r.rows("SELECT band, entry_id, count(*) FROM questions GROUP BY 1, 2") == [
        ("safety", None, 90)]
    stored = b"".join(p.read_bytes() for p in r.db_path.parent.glob(r.db_path.name + "*"))
    stored_text = stored.decode("utf-8", "replace").lower()
    # The bot's own logs at every level, everyone's from INFO (the default LOG_LEVEL). At
    # DEBUG, discord.py itself logs raw gateway events, message text included.
    logged = "\n".join(record.getMessage() for record in caplog.records
                       if record.name.startswith("bot") or record.levelno >= logging.INFO)
    logged = logged.lower()
    for message in CRISIS:
        assert message.lower() not in stored_text and message.lower() not in logged, message
    distinctive = {"suicidal", "pills", "goodbye", "bridge", "cutting", "harming", "kill"}
    assert not {w for w in distinctive if w in stored_text}
    assert r.payloads().pings == []


async def test_near_misses_get_the_normal_faq(rig: RigLauncher) -> None:
    r = await rig(repeat_window_seconds=0)
    kb = r.bot.engine.kb
    mark = r.fake.mark()
    found = 0
    for message, expected in NEAR_MISSES:
        body = (await r.reply_to(await r.mention(message))).json
        kind = classify(body, kb)
        assert kind in (Reply.ANSWER, Reply.SUGGEST, Reply.DECLINE, Reply.SMALL_TALK), \
            (message, body)
        shown = {c.get("custom_id", "").split(":")[2] for row in body.get("components", [])
                 for c in row["components"] if c.get("custom_id", "").startswith(("faq:pick:",
                                                                                  "faq:vote:"))}
        found += expected in shown
    assert r.fake.requests_matching("POST", NOTICES, since=mark) == []
    trauma = (await r.reply_to(await r.mention("does MCMI cover trauma-aware teaching?"))).json
    assert trauma["embeds"][0]["title"] == kb.by_id["mcmi-trauma-aware"].question
    assert await r.rows("SELECT count(*) FROM questions WHERE band = 'safety'") == [(0,)]
    print(f"\nnear-misses: 30 got the normal FAQ; {found} of "
          f"{sum(1 for _, e in NEAR_MISSES if e)} showed the expected entry")


def edit_safety_message(folder: Path, text: str) -> None:
    path = folder / "safety.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["safety"]["message"] = text
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


async def test_the_resources_text_is_the_moderators_to_change(
        rig: RigLauncher, knowledge_copy: Path) -> None:
    edit_safety_message(knowledge_copy, "Please talk to someone now: our moderators are here.")
    r = await rig(knowledge_path=knowledge_copy, hot_reload=False)
    body = (await r.reply_to(await r.mention("I want to die"))).json
    assert body["content"] == "Please talk to someone now: our moderators are here."
    edit_safety_message(knowledge_copy, "A second wording, after a reload.")
    await r.bot.engine.reload()
    ref = await r.fake.interaction_slash("ask", {"question": "I want to die"})
    assert (await r.fake.wait_for_callback(ref)).json["data"]["content"] == \
        "A second wording, after a reload."


async def test_no_moderator_channel_means_no_notice(rig: RigLauncher) -> None:
    r = await rig(moderator_channel_id=None)
    assert (await r.reply_to(await r.mention("I want to die"))).json["content"] == \
        support_text(r)
    await r.reply_to(await r.mention("is MCMI accredited?"))
    posts = r.fake.requests_matching("POST", r"/channels/\d+/messages")
    assert {p.route for p in posts} == {f"/channels/{GENERAL_CHANNEL_ID}/messages"}


async def test_a_crisis_at_the_end_of_a_long_paste_is_recognised(rig: RigLauncher) -> None:
    r = await rig()
    paste = "How long is the MCMI Training? " * 100 + "honestly I want to die"
    assert 3000 < len(paste) < 4000
    for body in await crisis_everywhere(r, paste[-1000:].lstrip()):
        assert body["content"] == support_text(r)
    for sent in (await r.mention(paste), await r.say(paste, channel=QUESTIONS_CHANNEL_ID)):
        assert (await r.reply_to(sent)).json["content"] == support_text(r)


async def test_a_member_over_the_rate_limit_still_gets_the_resources(rig: RigLauncher) -> None:
    r = await rig(user_rate_limit=1)
    await r.reply_to(await r.mention("is MCMI accredited?"))
    limited = (await r.reply_to(await r.mention("how long is it?"))).json
    assert "faster than I can keep up" in limited["content"]
    for body in await crisis_everywhere(r, "i can't go on anymore"):
        assert body["content"] == support_text(r)
