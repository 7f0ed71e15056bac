"""/faqadmin end to end: the real bot, engine and SQLite store against the loopback fake.

Knowledge files are a copy in tmp_path (these tests edit and break them).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.cogs.admin_views import COG_NAME, PAGE_SIZE
from bot.matching.matcher import Band
from bot.store import QuestionEvent
from tests.cogs.conftest import ANSWERED, KNOWLEDGE, Harness, Launcher
from tests.discord_fake import (
    MEMBER_USER,
    MOD_LOG_CHANNEL_ID,
    MOD_USER,
    PLAIN_ROLE_ID,
    InteractionRef,
)

EPHEMERAL = 64
REFUSED = "Only moderators can do this"
MONTHS = "what week would i wrap up mcmi"
PRICE = ["how much does mcmi cost?", "MCMI price?", "what's the price of mcmi"]


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    return folder


@pytest.fixture
async def mod(launch: Launcher, knowledge: Path) -> Harness:
    """A bot on a copy of the knowledge folder, with hot reload left to the tests."""
    return await launch(knowledge_path=knowledge, hot_reload=False)


async def unanswered(h: Harness, *texts: str, user: str = "42") -> None:
    for text in texts:
        await h.store.record_question(QuestionEvent(
            text=text, band="decline", entry_id=None, score=0.1, source="discord",
            user_id=user))
    await h.store.flush()


async def group_id(h: Harness, text: str) -> int:
    rows = await h.rows("SELECT group_id FROM unanswered WHERE text = ?", text)
    return int(rows[0][0])


async def slash(h: Harness, sub: str, options: dict[str, Any] | None = None,
                user: dict = MOD_USER) -> InteractionRef:
    return await h.fake.interaction_slash("faqadmin", options, user, subcommand=sub)


async def answer(h: Harness, ref: InteractionRef) -> dict[str, Any]:
    """The callback body: an immediate reply (type 4), an edit (7), or a defer (5/6)."""
    return (await h.fake.wait_for_callback(ref)).json


async def deferred_result(h: Harness, ref: InteractionRef) -> dict[str, Any]:
    """What the bot put in place of a deferred response (PATCH @original)."""
    route = re.escape(f"{ref.webhook_route}/messages/@original")
    return (await h.fake.wait_for_route("PATCH", route, timeout=10)).json


def components(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in data.get("components", []) for c in row["components"]]


def custom_ids(data: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for c in components(data) if "custom_id" in c]


async def click(h: Harness, custom_id: str, message: dict[str, Any], user: dict = MOD_USER,
                values: list[str] | None = None) -> InteractionRef:
    kind = 3 if values is not None else 2
    return await h.fake.interaction_component(custom_id, user, message, kind, values)


def message_of(h: Harness, callback: dict[str, Any] | None, ref: InteractionRef) -> dict:
    """The message an ephemeral reply created (as the fake stored it)."""
    state = h.fake.interactions[ref.id]
    assert state.original_message_id is not None, callback
    return h.fake.messages[state.original_message_id]


# -- permissions --------------------------------------------------------------------------------

async def test_the_group_is_hidden_from_members_and_guild_only(mod: Harness) -> None:
    registered = next(c for c in mod.fake.commands[None] if c["name"] == "faqadmin")
    assert int(registered["default_member_permissions"]) == \
        discord.Permissions(manage_messages=True).value
    assert registered["contexts"] == [0] and registered["dm_permission"] is False
    names = {o["name"] for o in registered["options"]}
    assert names == {"unanswered", "alternate", "test", "reload", "stale", "stats", "forget"}


SUBCOMMANDS: list[tuple[str, dict[str, Any] | None]] = [
    ("unanswered", None), ("test", {"question": ANSWERED}), ("reload", None),
    ("stats", None), ("stale", None), ("forget", {"user": MEMBER_USER}),
    ("alternate", {"group": 1, "entry": "mcmi-duration"}),
]


async def test_a_member_is_refused_every_command(mod: Harness, knowledge: Path) -> None:
    await unanswered(mod, "how much does mcmi cost?", user=str(MEMBER_USER["id"]))
    files = {p.name: p.read_bytes() for p in knowledge.iterdir()}
    for sub, options in SUBCOMMANDS:
        data = (await answer(mod, await slash(mod, sub, options, MEMBER_USER)))["data"]
        assert data["flags"] & EPHEMERAL, sub
        assert data["content"].startswith(REFUSED), sub
        assert not data.get("embeds"), sub
    assert await mod.rows("SELECT count(*) FROM unanswered") == [(1,)], "nothing forgotten"
    assert await mod.rows("SELECT count(*) FROM audit_log") == [(0,)]
    assert {p.name: p.read_bytes() for p in knowledge.iterdir()} == files


async def test_the_moderator_role_is_enough_without_manage_messages(launch: Launcher,
                                                                    knowledge: Path) -> None:
    h = await launch(knowledge_path=knowledge, hot_reload=False, moderator_role_id=PLAIN_ROLE_ID)
    data = (await answer(h, await slash(h, "stale", user=MEMBER_USER)))["data"]
    assert data["flags"] & EPHEMERAL and not data.get("content")
    assert data["embeds"][0]["title"] == "Nothing stale"


async def test_entry_autocomplete_is_for_moderators_only(mod: Harness) -> None:
    for user, expect_some in ((MOD_USER, True), (MEMBER_USER, False)):
        ref = await mod.fake.interaction_autocomplete(
            "faqadmin", {"group": 1}, "entry", user, subcommand="alternate")
        choices = (await answer(mod, ref))["data"]["choices"]
        assert bool(choices) is expect_some
    ref = await mod.fake.interaction_autocomplete(
        "faqadmin", {"group": 1, "entry": "mcmi-dur"}, "entry", MOD_USER,
        subcommand="alternate")
    choices = (await answer(mod, ref))["data"]["choices"]
    assert choices[0]["value"] == "mcmi-duration"


# -- the review queue -----------------------------------------------------------------------

async def test_unanswered_pages_most_asked_first(mod: Harness) -> None:
    await unanswered(mod, *PRICE, "can i get a refund?", "refund policy for mcmi?",
                     "what is the weather like", "where do i park", "is there a dress code",
                     "do you offer scholarships")
    ref = await slash(mod, "unanswered")
    first = (await answer(mod, ref))["data"]
    assert first["flags"] & EPHEMERAL
    text = first["embeds"][0]["description"]
    price = await group_id(mod, "MCMI price?")
    assert text.startswith(f"**#{price}** · asked 3×")
    assert "> MCMI price?" in text
    ids = custom_ids(first)
    assert f"faqadmin:add:{price}" in ids and f"faqadmin:yaml:{price}" in ids
    assert f"faqadmin:ignore:{price}:0" in ids
    assert f"faqadmin:page:{PAGE_SIZE}" in ids, "a next page"
    message = message_of(mod, first, ref)
    second = (await answer(mod, await click(mod, f"faqadmin:page:{PAGE_SIZE}", message)))
    assert second["type"] == 7, "paging edits the same message"
    assert second["data"]["embeds"][0]["title"] == "Unanswered questions: page 2"
    assert "faqadmin:page:0" in custom_ids(second["data"])


async def test_ignore_redraws_the_list_and_is_audited(mod: Harness) -> None:
    await unanswered(mod, *PRICE, "what is the weather like")
    ref = await slash(mod, "unanswered")
    message = message_of(mod, await answer(mod, ref), ref)
    weather = await group_id(mod, "what is the weather like")
    result = await answer(mod, await click(mod, f"faqadmin:ignore:{weather}:0", message))
    assert result["type"] == 7
    assert result["data"]["content"].startswith(f"Group #{weather} ignored")
    assert f"#{weather}" not in result["data"]["embeds"][0]["description"]
    assert await mod.rows("SELECT status FROM unanswered_groups WHERE id = ?", weather) == \
        [("ignored",)]
    assert await mod.rows("SELECT actor, action FROM audit_log") == \
        [(f"morgan ({MOD_USER['id']})", "ignore_group")]


async def test_yaml_button_shows_a_stub(mod: Harness) -> None:
    await unanswered(mod, *PRICE)
    ref = await slash(mod, "unanswered")
    message = message_of(mod, await answer(mod, ref), ref)
    price = await group_id(mod, "MCMI price?")
    data = (await answer(mod, await click(mod, f"faqadmin:yaml:{price}", message)))["data"]
    assert data["flags"] & EPHEMERAL
    assert "```yaml\n" in data["content"] and "  - id: mcmi-cost\n" in data["content"]
    assert "answer: ''  # TODO" in data["content"]


async def test_add_as_alternate_lifecycle(mod: Harness, knowledge: Path) -> None:
    assert mod.bot.engine.match(MONTHS).band is not Band.ANSWER
    await unanswered(mod, MONTHS, "what week will i wrap up mcmi")
    group = await group_id(mod, MONTHS)
    ref = await slash(mod, "unanswered")
    listing = message_of(mod, await answer(mod, ref), ref)

    add = await click(mod, f"faqadmin:add:{group}", listing)
    picker = (await answer(mod, add))["data"]
    assert picker["flags"] & EPHEMERAL and MONTHS in picker["content"]
    [select] = components(picker)
    assert select["custom_id"] == f"faqadmin:addto:{group}"
    assert "mcmi-duration" in [o["value"] for o in select["options"]]

    before = (knowledge / "mcmi.yaml").read_text()
    chosen = await click(mod, f"faqadmin:addto:{group}", message_of(mod, picker, add),
                         values=["mcmi-duration"])
    assert (await answer(mod, chosen))["type"] == 6, "deferred: the edit may take a moment"
    done = await deferred_result(mod, chosen)
    assert done["content"].startswith(f"Added “{MONTHS}” to mcmi-duration")
    assert "Reloaded: edited 1: mcmi-duration" in done["content"]
    assert done["content"].endswith(f"Group #{group} resolved.")
    assert done["components"] == []

    after = (knowledge / "mcmi.yaml").read_text()
    assert len(after.splitlines()) == len(before.splitlines()) + 1
    assert f"      - {MONTHS}\n" in after
    assert mod.bot.engine.match(MONTHS).band is Band.ANSWER, "answered from now on"
    assert await mod.rows("SELECT status, resolved_entry_id FROM unanswered_groups WHERE id = ?",
                          group) == [("resolved", "mcmi-duration")]
    audit = await mod.rows("SELECT actor, action, entry_id, group_id FROM audit_log ORDER BY id")
    actor = f"morgan ({MOD_USER['id']})"
    assert (actor, "add_alternate", "mcmi-duration", group) in audit
    assert (actor, "resolve_group", "mcmi-duration", group) in audit

    # Asked again after resolving: the group stays resolved, and the bot answers now.
    await unanswered(mod, "when would i roughly be finished with mcmi")
    assert await mod.rows("SELECT status FROM unanswered_groups WHERE id = ?", group) == \
        [("resolved",)]


async def test_alternate_command_refuses_an_edit_that_would_not_validate(
        mod: Harness, knowledge: Path) -> None:
    await unanswered(mod, *PRICE)
    price = await group_id(mod, "MCMI price?")
    files = {p.name: p.read_bytes() for p in knowledge.iterdir()}
    ref = await slash(mod, "alternate", {"group": price, "entry": "mcmi-duration",
                                         "phrasing": "What is MCMI?"})
    assert (await answer(mod, ref))["type"] == 5
    content = (await deferred_result(mod, ref))["content"]
    assert content.startswith(f"Could not add group #{price} to mcmi-duration: the edit would "
                              "break the knowledge base")
    assert re.search(r"mcmi\.yaml:\d+: entry 'mcmi-duration'", content)
    assert {p.name: p.read_bytes() for p in knowledge.iterdir()} == files
    assert await mod.rows("SELECT status FROM unanswered_groups WHERE id = ?", price) == \
        [("new",)]


async def test_alternate_command_with_unknown_group_or_entry(mod: Harness) -> None:
    await unanswered(mod, *PRICE)
    price = await group_id(mod, "MCMI price?")
    for options, message in (({"group": 999, "entry": "mcmi-duration"}, "no unanswered group"),
                             ({"group": price, "entry": "mcmi-duraton"}, "did you mean")):
        ref = await slash(mod, "alternate", options)
        assert message in (await deferred_result(mod, ref))["content"]


async def test_replayed_buttons_refuse_a_member(mod: Harness, knowledge: Path) -> None:
    """A member who gets hold of a moderator's message (or its custom ids) gets nowhere."""
    await unanswered(mod, MONTHS, *PRICE)
    group = await group_id(mod, MONTHS)
    ref = await slash(mod, "unanswered")
    listing = message_of(mod, await answer(mod, ref), ref)
    add = await click(mod, f"faqadmin:add:{group}", listing)
    picker = message_of(mod, await answer(mod, add), add)
    files = {p.name: p.read_bytes() for p in knowledge.iterdir()}
    attempts = [(f"faqadmin:ignore:{group}:0", listing, None),
                (f"faqadmin:add:{group}", listing, None),
                (f"faqadmin:yaml:{group}", listing, None),
                (f"faqadmin:page:{PAGE_SIZE}", listing, None),
                ("faqadmin:page:0", listing, None),
                (f"faqadmin:addto:{group}", picker, ["mcmi-duration"])]
    replayed = 0
    for custom_id, message, values in attempts:
        if custom_id not in custom_ids(message):
            continue  # e.g. no next page: nothing to replay
        replayed += 1
        data = (await answer(mod, await click(mod, custom_id, message, MEMBER_USER,
                                              values)))["data"]
        assert data["flags"] & EPHEMERAL and data["content"].startswith(REFUSED), custom_id
    assert replayed == len(attempts) - 1, "every kind of admin item was tried"
    assert await mod.rows("SELECT status FROM unanswered_groups WHERE id = ?", group) == \
        [("new",)]
    assert {p.name: p.read_bytes() for p in knowledge.iterdir()} == files
    assert await mod.rows("SELECT count(*) FROM audit_log") == [(0,)]


# -- knowledge --------------------------------------------------------------------------------

async def test_test_shows_candidates_scores_and_bands(mod: Harness) -> None:
    data = (await answer(mod, await slash(mod, "test", {"question": ANSWERED})))["data"]
    embed = data["embeds"][0]
    assert data["flags"] & EPHEMERAL
    assert embed["title"] == "Would answer with mcmi-duration"
    lines = embed["description"].splitlines()
    ranked = [line for line in lines if re.match(r"\*\*\d\. `", line)]
    assert len(ranked) == 3
    assert re.match(r"\*\*1\. `mcmi-duration`\*\*: score [01]\.\d{3}, covers \d+% → \*\*answer",
                    ranked[0])
    assert "suggest ≥ 0.40" in embed["footer"]["text"]
    two = "How long is MCMI? And how much does it cost?"
    split = (await answer(mod, await slash(mod, "test", {"question": two})))["data"]["embeds"][0]
    text = split["description"]
    assert "Answered by one of its sentences: “How long is MCMI?”" in text
    assert "Left open, would be logged for review: “And how much does it cost?”" in text
    whole = "How long is the MCMI course? Can I do it part-time?"
    text = (await answer(mod, await slash(mod, "test", {"question": whole})))["data"][
        "embeds"][0]["description"]
    assert "Answered by one of its sentences" not in text  # answered whole, as it reads
    assert "Left open, would be logged for review: “Can I do it part-time?”" in text
    several = "How long is MCMI? What does IMTA accreditation verify?"
    text = (await answer(mod, await slash(mod, "test", {"question": several})))["data"][
        "embeds"][0]["description"]
    assert "answered by different entries, so it offers one for each" in text
    narrowed = "is it 12 weeks or just 8?"
    text = (await answer(mod, await slash(mod, "test", {"question": narrowed})))["data"][
        "embeds"][0]["description"]
    assert "Answered as read without the alternative it offers: “is it 12 weeks?”" in text
    declined = (await answer(mod, await slash(mod, "test", {"question": "what is the weather"})))
    assert declined["data"]["embeds"][0]["title"].startswith("Would decline")


async def test_reload_with_a_broken_file_keeps_serving_and_says_where(
        mod: Harness, knowledge: Path) -> None:
    served = mod.bot.engine.kb
    (knowledge / "broken.yaml").write_text("entries:\n  - id: Bad Id\n    question: Q\n")
    ref = await slash(mod, "reload")
    assert (await answer(mod, ref))["type"] == 5
    embed = (await deferred_result(mod, ref))["embeds"][0]
    assert embed["title"] == "Reload failed"
    assert f"{knowledge / 'broken.yaml'}:2: entry 'Bad Id'" in embed["description"]
    assert f"still serving the previous knowledge base ({len(served.entries)} entries)" in \
        embed["description"]
    assert mod.bot.engine.kb is served
    assert mod.bot.engine.match(ANSWERED).band is Band.ANSWER

    (knowledge / "broken.yaml").unlink()
    mcmi = knowledge / "mcmi.yaml"
    mcmi.write_text(mcmi.read_text().replace("time commitment for mcmi in weeks",
                                             "weeks of commitment for mcmi"))
    ref = await slash(mod, "reload")
    embed = (await deferred_result(mod, ref))["embeds"][0]
    assert embed["title"] == "Knowledge reloaded"
    assert embed["description"].startswith("edited 1: mcmi-duration")
    actions = [row[0] for row in await mod.rows("SELECT action FROM audit_log ORDER BY id")]
    assert actions == ["reload_failed", "reload"]


async def test_stale_lists_missing_and_old_reviews(launch: Launcher, knowledge: Path) -> None:
    mcmi = knowledge / "mcmi.yaml"
    text = mcmi.read_text()
    first, rest = text.split("    last_reviewed: 2026-11-25\n", 1)
    mcmi.write_text(first + rest.replace("last_reviewed: 2026-11-25", "last_reviewed: 2020-01-01",
                                         1))
    h = await launch(knowledge_path=knowledge, hot_reload=False, stale_after_days=30)
    embed = (await answer(h, await slash(h, "stale")))["data"]["embeds"][0]
    assert embed["title"] == "2 entries to review"
    lines = embed["description"].splitlines()
    assert lines[0].startswith("`what-is-mcmi`: never reviewed · ")
    assert lines[1].startswith("`mcmi-duration`: reviewed 2020-01-01 (")


async def test_stats_over_a_period(mod: Harness) -> None:
    await unanswered(mod, *PRICE)
    data = (await answer(mod, await slash(mod, "stats", {"period": "30d"})))["data"]
    embed = data["embeds"][0]
    assert embed["description"].startswith("Questions (last 30 days): 3")
    assert "declined 3 (100%)" in embed["description"]
    assert "older than 180 days are deleted automatically" in embed["footer"]["text"]


async def test_forget_deletes_a_members_rows(mod: Harness) -> None:
    member = str(MEMBER_USER["id"])
    await unanswered(mod, "how much does mcmi cost?", user=member)
    await unanswered(mod, "what is the weather like", user="someone else")
    data = (await answer(mod, await slash(mod, "forget", {"user": MEMBER_USER})))["data"]
    assert data["content"].startswith("Deleted 2 stored record(s) about member")
    assert await mod.rows("SELECT count(*) FROM unanswered WHERE user_id = ?", member) == [(0,)]
    assert await mod.rows("SELECT count(*) FROM questions WHERE user_id = ?", member) == [(0,)]
    assert await mod.rows("SELECT count(*) FROM unanswered") == [(1,)]
    audit = await mod.rows("SELECT action, details FROM audit_log")
    assert audit == [("forget_user", '{"rows": 2}')], "the audit says what, not whom"


# -- hot reload --------------------------------------------------------------------------------

async def test_hot_reload_is_on_by_default_and_reports_a_broken_save(
        launch: Launcher, knowledge: Path) -> None:
    h = await launch(knowledge_path=knowledge)
    watcher = h.bot.get_cog(COG_NAME).watcher  # type: ignore[union-attr]
    assert watcher is not None
    await watcher.stop()  # driven by hand below, no timers
    watcher.debounce = 0
    served = h.bot.engine.kb
    mark = h.fake.mark()
    (knowledge / "mcmi.yaml").write_text("entries:\n  - id: what-is-mcmi\n    question: [\n")
    await watcher.check_now()
    assert not await watcher.check_now()
    assert h.bot.engine.kb is served
    posted = await h.fake.wait_for_route("POST", f"/channels/{MOD_LOG_CHANNEL_ID}/messages",
                                         since=mark)
    assert "does not validate" in posted.json["content"]
    assert "mcmi.yaml:4" in posted.json["embeds"][0]["description"]
    assert posted.json["allowed_mentions"]["parse"] == []

    (knowledge / "mcmi.yaml").write_text((KNOWLEDGE / "mcmi.yaml").read_text()
                                         .replace("mcmi length", "mcmi length in weeks"))
    await watcher.check_now()
    assert await watcher.check_now()
    assert "mcmi length in weeks" in h.bot.engine.kb.by_id["mcmi-duration"].alternates


async def test_hot_reload_can_be_switched_off(mod: Harness) -> None:
    assert mod.bot.get_cog(COG_NAME).watcher is None  # type: ignore[union-attr]


async def test_without_a_watcher_task_left_behind_after_close(launch: Launcher,
                                                              knowledge: Path) -> None:
    h = await launch(knowledge_path=knowledge)
    cog = h.bot.get_cog(COG_NAME)
    assert cog is not None and cog.watcher is not None  # type: ignore[attr-defined]
    task = cog.watcher._task  # type: ignore[attr-defined]
    await h.bot.close()
    assert task is not None and task.done()
