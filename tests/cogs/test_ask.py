"""Asking, end to end: mentions, answer channels and /ask through the loopback fake."""

from __future__ import annotations

from tests.cogs.conftest import (
    ANSWERED,
    ANSWERED_TITLE,
    CRISIS,
    DECLINED,
    SUGGESTED,
    Harness,
    Launcher,
    no_pings,
)
from tests.discord_fake import (
    APP_ID,
    GENERAL_CHANNEL_ID,
    MOD_LOG_CHANNEL_ID,
    MOD_USER,
    PLAIN_ROLE_ID,
    QUESTIONS_CHANNEL_ID,
)


async def test_a_mention_gets_the_answer_as_an_embed_without_pinging(h: Harness) -> None:
    message_id = await h.mention("how long is MCMI?")
    body = (await h.reply_to(message_id)).json
    assert no_pings(body)
    embed = body["embeds"][0]
    assert embed["title"] == ANSWERED_TITLE
    assert "twelve-week" in embed["description"]
    custom_ids = [c.get("custom_id") for row in body["components"] for c in row["components"]]
    assert f"faq:vote:mcmi-duration:{h.fake.MEMBER_USER['id']}:1" in custom_ids
    assert any(c.get("url") for row in body["components"] for c in row["components"])


async def test_mentions_work_without_the_message_content_intent(launch: Launcher) -> None:
    h = await launch(answer_channel_ids=frozenset())
    assert h.fake.intents is not None and not h.fake.intents & (1 << 15)
    message_id = await h.mention(ANSWERED)
    assert (await h.reply_to(message_id)).json["embeds"][0]["title"] == ANSWERED_TITLE


async def test_an_empty_mention_gets_a_hint(h: Harness) -> None:
    message_id = await h.say(f"<@{APP_ID}>")
    assert "/ask" in (await h.reply_to(message_id)).json["content"]


async def test_thanks_gets_thanks_back_and_a_greeting_the_introduction(h: Harness) -> None:
    thanks = await h.mention("thanks, that really helped!")
    hello = await h.mention("hi everyone")
    thanked = (await h.reply_to(thanks)).json["embeds"][0]["description"]
    greeted = (await h.reply_to(hello)).json["embeds"][0]["description"]
    assert thanked.startswith("You're welcome!")
    assert greeted.startswith("Hi! I'm the FAQ helper")
    assert await h.rows("SELECT text FROM unanswered") == []  # small talk is never logged


async def test_a_mention_in_the_suggest_band_offers_choices(h: Harness) -> None:
    message_id = await h.mention(SUGGESTED)
    body = (await h.reply_to(message_id)).json
    assert body["embeds"][0]["title"] == "Did you mean…"
    labels = [c["label"] for row in body["components"] for c in row["components"]]
    assert labels[-1] == "None of these" and 2 <= len(labels) <= 4


async def test_a_message_asking_two_answered_things_says_so_and_offers_both(
        h: Harness) -> None:
    message_id = await h.mention("How long is MCMI? What does IMTA accreditation verify?")
    body = (await h.reply_to(message_id)).json
    embed = body["embeds"][0]
    # Not "did you mean": the bot understood; the message just asks two things.
    assert embed["title"] == "You asked more than one thing"
    assert "not sure" not in embed["description"]
    labels = [c["label"] for row in body["components"] for c in row["components"]]
    assert labels == ["How long is the MCMI Training?", "What does IMTA accreditation verify?",
                      "None of these"]


async def test_a_mention_in_the_decline_band_is_passed_to_moderators(h: Harness) -> None:
    message_id = await h.mention(DECLINED)
    body = (await h.reply_to(message_id)).json
    assert "https://mindcoachers.com" in body["embeds"][0]["description"]
    assert "moderators" in body["embeds"][0]["description"]
    assert await h.rows("SELECT text FROM unanswered") == [(DECLINED,)]


async def test_a_two_part_question_gets_the_answer_it_has_and_the_rest_is_passed_on(
        h: Harness) -> None:
    message_id = await h.mention("How long is MCMI? And how much does it cost @everyone?")
    body = (await h.reply_to(message_id)).json
    assert no_pings(body)
    embed = body["embeds"][0]
    assert embed["title"] == ANSWERED_TITLE
    assert "passed it to the moderators" in embed["footer"]["text"]
    assert "how much does it cost @\u200beveryone?" in embed["footer"]["text"]
    assert await h.rows("SELECT text FROM unanswered") == [
        ("And how much does it cost @everyone?",)]


async def test_a_partial_answer_is_given_whole_even_just_after_the_same_answer(
        h: Harness) -> None:
    await h.reply_to(await h.mention(ANSWERED))  # the repeat guard now knows this answer
    message_id = await h.mention("How long is MCMI? And how much does it cost?")
    body = (await h.reply_to(message_id)).json
    assert body["embeds"][0]["title"] == ANSWERED_TITLE
    assert "passed it to the moderators" in body["embeds"][0]["footer"]["text"]


async def test_an_answer_channel_question_gets_an_answer(h: Harness) -> None:
    message_id = await h.say(ANSWERED, channel=QUESTIONS_CHANNEL_ID)
    body = (await h.reply_to(message_id)).json
    assert body["embeds"][0]["title"] == ANSWERED_TITLE
    assert no_pings(body)


async def test_answer_channels_stay_quiet_unless_sure_but_still_log(h: Harness) -> None:
    unsure = [await h.say(q, channel=QUESTIONS_CHANNEL_ID) for q in (SUGGESTED, DECLINED)]
    chatter = await h.say("great session today, thanks all", channel=QUESTIONS_CHANNEL_ID)
    sentinel = await h.say(ANSWERED, channel=QUESTIONS_CHANNEL_ID)
    await h.reply_to(sentinel)
    assert all(h.replies_to(m) == [] for m in (*unsure, chatter))
    logged = await h.rows("SELECT band FROM questions ORDER BY id")
    assert logged == [("suggest",), ("decline",), ("answer",)]
    assert sorted(await h.rows("SELECT text FROM unanswered")) == sorted(
        [(SUGGESTED,), (DECLINED,)])


async def test_moderators_bots_and_webhooks_get_no_reply_in_answer_channels(
        h: Harness) -> None:
    ignored = [
        await h.say(ANSWERED, user=MOD_USER, channel=QUESTIONS_CHANNEL_ID),
        await h.say(ANSWERED, channel=QUESTIONS_CHANNEL_ID, bot=True),
        await h.say(ANSWERED, channel=QUESTIONS_CHANNEL_ID, webhook_id=4242),
        await h.say(f"<@{APP_ID}> {ANSWERED}", channel=QUESTIONS_CHANNEL_ID, bot=True),
    ]
    sentinel = await h.mention("is MCMI accredited?")
    await h.reply_to(sentinel)
    assert all(h.replies_to(m) == [] for m in ignored)
    assert await h.rows("SELECT band FROM questions") == [("answer",)]


async def test_everyone_and_role_mentions_are_never_pinged(h: Harness) -> None:
    text = f"@everyone <@&{PLAIN_ROLE_ID}> how long is MCMI?"
    for message_id in (await h.mention(text), await h.mention(f"@everyone @here {DECLINED}"),
                       await h.mention(f"@everyone <@&{PLAIN_ROLE_ID}> {SUGGESTED}")):
        body = (await h.reply_to(message_id)).json
        assert no_pings(body)
        assert "@everyone" not in (body.get("content") or "")
        assert "@everyone" not in str(body.get("embeds"))
        assert f"<@&{PLAIN_ROLE_ID}>" not in str(body)


async def test_slash_ask_answers(h: Harness) -> None:
    ref = await h.fake.interaction_slash("ask", {"question": ANSWERED})
    callback = (await h.fake.wait_for_callback(ref)).json
    assert callback["type"] == 4
    data = callback["data"]
    assert data["embeds"][0]["title"] == ANSWERED_TITLE
    assert no_pings(data)
    assert not (data.get("flags") or 0) & 64


async def test_slash_replies_can_be_ephemeral(launch: Launcher) -> None:
    h = await launch(ephemeral_slash_replies=True)
    for question in (ANSWERED, SUGGESTED, DECLINED):
        ref = await h.fake.interaction_slash("ask", {"question": question})
        data = (await h.fake.wait_for_callback(ref)).json["data"]
        assert data["flags"] & 64, question


async def test_ask_autocomplete_offers_kb_questions(h: Harness) -> None:
    ref = await h.fake.interaction_autocomplete("ask", {"question": "how long is the mc"},
                                                "question")
    callback = (await h.fake.wait_for_callback(ref)).json
    assert callback["type"] == 8
    choices = callback["data"]["choices"]
    assert 1 <= len(choices) <= 25
    assert choices[0]["name"] == ANSWERED_TITLE
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
    assert await h.rows("SELECT * FROM questions") == [], "typing is not asking"


async def test_commands_are_registered_on_start(h: Harness) -> None:
    names = {c["name"] for c in h.fake.commands.get(None, [])}
    assert {"ask", "faq"} <= names


async def test_a_crisis_message_gets_support_and_moderators_get_no_text(h: Harness) -> None:
    mark = h.fake.mark()
    message_id = await h.mention(CRISIS)
    reply = (await h.reply_to(message_id)).json
    assert reply["content"].startswith(h.bot.engine.kb.safety.message[:40])
    assert "embeds" not in reply or not reply["embeds"]
    notice = await h.fake.wait_for_route("POST", rf"/channels/{MOD_LOG_CHANNEL_ID}/messages",
                                         since=mark)
    assert "kill" not in str(notice.json).lower()
    assert f"<#{GENERAL_CHANNEL_ID}>" in notice.json["content"]
    assert str(message_id) in notice.json["content"], "a jump link to the message"
    assert no_pings(notice.json)
    assert await h.rows("SELECT text FROM unanswered") == []
    stored = await h.rows("SELECT * FROM questions")
    assert "kill" not in str(stored).lower()


async def test_a_crisis_slash_question_is_answered_privately(h: Harness) -> None:
    ref = await h.fake.interaction_slash("ask", {"question": CRISIS})
    data = (await h.fake.wait_for_callback(ref)).json["data"]
    assert data["flags"] & 64
    assert data["content"].startswith(h.bot.engine.kb.safety.message[:40])
    await h.fake.wait_for_route("POST", rf"/channels/{MOD_LOG_CHANNEL_ID}/messages")
    assert await h.rows("SELECT text FROM unanswered") == []
