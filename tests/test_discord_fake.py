"""The loopback Discord fake works with a real discord.py client.

The client here is a tiny ``discord.Client`` written for these tests, not the project's bot: it
echoes messages, has a few slash commands and a persistent button, and reports what happened
through queues the tests wait on.
"""

from __future__ import annotations

import asyncio

import discord
import pytest
import pytest_asyncio
from discord import app_commands

from tests.discord_fake import (
    APP_ID,
    BOT_USER,
    CHANNEL_IDS,
    GENERAL_CHANNEL_ID,
    GUILD_ID,
    MEMBER_USER,
    MOD_LOG_CHANNEL_ID,
    MOD_ROLE_ID,
    MOD_USER,
    PLAIN_ROLE_ID,
    QUESTIONS_CHANNEL_ID,
    DiscordFake,
    discord_fake,  # noqa: F401  (the fixture)
    percentile,
    start_client,
    stop_client,
)

WAIT = 5.0
TOPICS = ["teaching practice", "teaching log", "team meetings", "certificates", "fees"]
CHANNEL_ROUTE = f"/channels/{GENERAL_CHANNEL_ID}/messages"


class HelpfulView(discord.ui.View):
    """A persistent view: no timeout, fixed custom_id, registered with ``add_view``."""

    def __init__(self, clicks: asyncio.Queue[discord.Interaction] | None = None) -> None:
        super().__init__(timeout=None)
        self.clicks = clicks

    @discord.ui.button(label="Helpful", custom_id="faq:helpful", style=discord.ButtonStyle.success)
    async def helpful(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        if self.clicks is not None:
            self.clicks.put_nowait(interaction)
        await interaction.response.send_message("Thanks for the feedback!", ephemeral=True)


class FakeTestClient(discord.Client):
    def __init__(self, *, message_content: bool = True) -> None:
        intents = discord.Intents.default()
        intents.message_content = message_content
        intents.members = True
        super().__init__(intents=intents, guild_ready_timeout=0.05)
        self.tree = app_commands.CommandTree(self)
        self.seen: asyncio.Queue[discord.Message] = asyncio.Queue()
        self.send_errors: asyncio.Queue[discord.HTTPException] = asyncio.Queue()
        self.clicks: asyncio.Queue[discord.Interaction] = asyncio.Queue()
        self.resumed = asyncio.Event()
        self._add_commands()

    def _add_commands(self) -> None:
        @self.tree.command(name="ping", description="Answer pong")
        async def ping(interaction: discord.Interaction, text: str, times: int = 1) -> None:
            await interaction.response.send_message(f"pong {text} x{times}")

        @self.tree.command(name="guildping", description="A guild command")
        @app_commands.guilds(discord.Object(GUILD_ID))
        async def guildping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("guild pong", ephemeral=True)

        @self.tree.command(name="ask", description="Ask the FAQ")
        async def ask(interaction: discord.Interaction, question: str) -> None:
            await interaction.response.send_message(question)

        @ask.autocomplete("question")
        async def ask_complete(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=t, value=t) for t in TOPICS if t.startswith(current)]

        faq = app_commands.Group(name="faq", description="FAQ admin")
        entries = app_commands.Group(name="entries", description="Entries", parent=faq)

        @entries.command(name="show", description="Show an entry")
        async def show(interaction: discord.Interaction, topic: str) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.followup.send(f"entry: {topic}")
            await interaction.edit_original_response(content=f"shown {topic}")

        self.tree.add_command(faq)

    async def setup_hook(self) -> None:
        self.add_view(HelpfulView(self.clicks))
        await self.tree.sync()
        await self.tree.sync(guild=discord.Object(GUILD_ID))

    async def on_resumed(self) -> None:
        self.resumed.set()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        self.seen.put_nowait(message)
        if not message.content:
            return
        try:
            if message.content == "buttons please":
                await message.reply("Was this helpful?", view=HelpfulView(self.clicks))
            elif message.content == "too long please":
                await message.reply("x" * 2001)
            else:
                await message.reply(
                    message.content, allowed_mentions=discord.AllowedMentions.none()
                )
        except discord.HTTPException as exc:
            self.send_errors.put_nowait(exc)


@pytest_asyncio.fixture
async def client(discord_fake: DiscordFake):  # noqa: F811
    bot = FakeTestClient()
    await start_client(bot, discord_fake)
    yield bot
    await stop_client(bot, discord_fake)
    assert discord_fake.errors == []


async def test_client_connects_and_sees_the_guild(discord_fake: DiscordFake, client):  # noqa: F811
    fake = discord_fake
    guild = client.get_guild(GUILD_ID)
    assert guild is not None and not guild.unavailable
    assert client.user.id == int(BOT_USER["id"])
    assert client.application_id == APP_ID
    assert sorted(c.id for c in guild.text_channels) == sorted(CHANNEL_IDS)
    assert guild.default_role.id == GUILD_ID
    moderator = guild.get_role(MOD_ROLE_ID)
    assert moderator is not None and moderator.permissions.manage_messages
    assert not guild.default_role.permissions.manage_messages
    assert guild.get_role(PLAIN_ROLE_ID) is not None

    mod = guild.get_member(int(MOD_USER["id"]))
    member = guild.get_member(int(MEMBER_USER["id"]))
    assert mod is not None and moderator in mod.roles
    assert member is not None and moderator not in member.roles
    general = guild.get_channel(GENERAL_CHANNEL_ID)
    mod_log = guild.get_channel(MOD_LOG_CHANNEL_ID)
    assert general.permissions_for(member).send_messages
    assert general.permissions_for(mod).manage_messages
    assert not mod_log.permissions_for(member).view_channel
    assert mod_log.permissions_for(guild.me).send_messages

    routes = [(r.method, r.route) for r in fake.requests.items]
    assert ("GET", "/users/@me") in routes
    assert ("GET", "/oauth2/applications/@me") in routes
    assert ("PUT", f"/applications/{APP_ID}/commands") in routes
    assert ("PUT", f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands") in routes
    assert {c["name"] for c in fake.commands[None]} == {"ping", "ask", "faq"}
    assert [c["name"] for c in fake.commands[GUILD_ID]] == ["guildping"]
    identify = next(f for f in fake.gateway_frames.items if f.op == 2)
    assert identify.data["intents"] & discord.Intents(message_content=True).value
    assert fake.unhandled_requests() == []
    assert all(
        r.headers["Authorization"] == "Bot fake-token"
        for r in fake.requests.items
        if r.route.startswith("/users")
    )


async def test_echo_reply_has_no_mentions(discord_fake: DiscordFake, client):  # noqa: F811
    mid = await discord_fake.message_create(
        QUESTIONS_CHANNEL_ID, MEMBER_USER, f"hi <@{MOD_USER['id']}>"
    )
    seen = await asyncio.wait_for(client.seen.get(), WAIT)
    assert isinstance(seen.author, discord.Member)
    assert [r.id for r in seen.author.roles] == [GUILD_ID, PLAIN_ROLE_ID]
    assert [u.id for u in seen.mentions] == [int(MOD_USER["id"])]

    reply = await discord_fake.wait_for_reply(mid)
    assert reply.route == f"/channels/{QUESTIONS_CHANNEL_ID}/messages"
    assert reply.json["content"] == f"hi <@{MOD_USER['id']}>"
    assert reply.json["allowed_mentions"] == {"parse": []}
    assert reply.response["author"]["id"] == BOT_USER["id"]
    assert reply.response["referenced_message"]["id"] == str(mid)
    assert reply.headers["Content-Type"] == "application/json"


async def test_slash_command_is_answered_at_the_callback_route(
    discord_fake: DiscordFake,  # noqa: F811
    client,
):
    ref = await discord_fake.interaction_slash(
        "ping", {"text": "hello", "times": 3}, MOD_USER, GENERAL_CHANNEL_ID
    )
    callback = await discord_fake.wait_for_callback(ref)
    assert callback.status == 200
    assert callback.query["with_response"] == "1"
    assert callback.json["type"] == 4
    assert callback.json["data"]["content"] == "pong hello x3"
    assert callback.response["resource"]["message"]["content"] == "pong hello x3"

    guild_ref = await discord_fake.interaction_slash("guildping")
    guild_callback = await discord_fake.wait_for_callback(guild_ref)
    assert guild_ref.payload["data"]["guild_id"] == str(GUILD_ID)
    assert guild_callback.json["data"]["flags"] == 64


async def test_subcommand_defers_then_follows_up_and_edits(
    discord_fake: DiscordFake,  # noqa: F811
    client,
):
    ref = await discord_fake.interaction_slash(
        "faq", {"topic": "fees"}, subcommand_group="entries", subcommand="show"
    )
    callback = await discord_fake.wait_for_callback(ref)
    assert callback.json["type"] == 5
    followup = await discord_fake.wait_for_route("POST", ref.webhook_route)
    assert followup.query["wait"] == "1"
    assert followup.json["content"] == "entry: fees"
    edit = await discord_fake.wait_for_route("PATCH", ref.webhook_route + "/messages/@original")
    assert edit.status == 200
    assert edit.response["content"] == "shown fees"


async def test_autocomplete_answer_is_recorded(discord_fake: DiscordFake, client):  # noqa: F811
    ref = await discord_fake.interaction_autocomplete("ask", {"question": "tea"}, "question")
    callback = await discord_fake.wait_for_callback(ref)
    assert callback.json["type"] == 8
    assert [c["value"] for c in callback.json["data"]["choices"]] == [
        "teaching practice",
        "teaching log",
        "team meetings",
    ]


async def test_button_click_reaches_persistent_view(
    discord_fake: DiscordFake,  # noqa: F811
    client,
):
    # A message the bot posted before a restart: only the add_view registration can answer it.
    old = discord_fake.add_bot_message(
        GENERAL_CHANNEL_ID,
        {"content": "Was this helpful?", "components": HelpfulView().to_components()},
    )
    ref = await discord_fake.interaction_component("faq:helpful", MEMBER_USER, old)
    click = await asyncio.wait_for(client.clicks.get(), WAIT)
    assert click.message is not None and click.message.id == int(old["id"])
    assert isinstance(click.user, discord.Member) and click.user.id == int(MEMBER_USER["id"])
    callback = await discord_fake.wait_for_callback(ref)
    assert callback.json["type"] == 4
    assert callback.json["data"]["flags"] == 64

    # And on a fresh reply carrying the view.
    mid = await discord_fake.message_create(GENERAL_CHANNEL_ID, MOD_USER, "buttons please")
    reply = await discord_fake.wait_for_reply(mid)
    assert reply.json["components"][0]["components"][0]["custom_id"] == "faq:helpful"
    await discord_fake.interaction_component("faq:helpful", MOD_USER, reply.response)
    click = await asyncio.wait_for(client.clicks.get(), WAIT)
    assert click.message.id == int(reply.response["id"])


async def test_forbidden_send_raises_in_the_client(
    discord_fake: DiscordFake,  # noqa: F811
    client,
):
    discord_fake.fail_next("POST", rf"^{CHANNEL_ROUTE}$", 403)
    await discord_fake.message_create(GENERAL_CHANNEL_ID, MEMBER_USER, "anyone there?")
    error = await asyncio.wait_for(client.send_errors.get(), WAIT)
    assert isinstance(error, discord.Forbidden)
    assert error.code == 50013


async def test_invalid_body_is_rejected_like_discord(
    discord_fake: DiscordFake,  # noqa: F811
    client,
):
    await discord_fake.message_create(GENERAL_CHANNEL_ID, MEMBER_USER, "too long please")
    error = await asyncio.wait_for(client.send_errors.get(), WAIT)
    assert error.status == 400 and error.code == 50035
    assert "content" in error.text


async def test_rate_limit_is_retried_by_discord_py(
    discord_fake: DiscordFake,  # noqa: F811
    client,
):
    mark = discord_fake.mark()
    discord_fake.fail_next("POST", rf"^{CHANNEL_ROUTE}$", 429)
    mid = await discord_fake.message_create(GENERAL_CHANNEL_ID, MEMBER_USER, "slow down")
    reply = await discord_fake.wait_for_reply(mid, since=mark)
    posts = discord_fake.requests_matching("POST", CHANNEL_ROUTE, since=mark)
    assert [p.status for p in posts] == [429, 200]
    assert posts[0].response["retry_after"] == 0.05
    assert reply.at - posts[0].at >= 0.045  # discord.py slept retry_after
    assert client.send_errors.empty()


@pytest.mark.parametrize(
    ("code", "expected_ops"),
    [(4000, [6]), (1001, [6]), (4009, [6, 2])],
    ids=["4000-resume", "1001-resume", "4009-reidentify"],
)
async def test_client_reconnects_after_gateway_close(
    discord_fake: DiscordFake,  # noqa: F811
    client,
    code: int,
    expected_ops: list[int],
):
    since = discord_fake.gateway_mark()
    await discord_fake.close_gateway(code)
    last = expected_ops[-1]
    await discord_fake.wait_for_gateway(lambda f: f.op == last, since=since)
    ops = [f.op for f in discord_fake.gateway_frames.items[since:] if f.op in (2, 6)]
    assert ops == expected_ops
    if last == 6:
        await asyncio.wait_for(client.resumed.wait(), WAIT)

    mid = await discord_fake.message_create(GENERAL_CHANNEL_ID, MEMBER_USER, "still there?")
    reply = await discord_fake.wait_for_reply(mid)
    assert reply.json["content"] == "still there?"


async def test_fatal_close_code_stops_the_client(discord_fake: DiscordFake):  # noqa: F811
    bot = FakeTestClient()
    await start_client(bot, discord_fake)
    try:
        await discord_fake.close_gateway(4004)
        with pytest.raises(discord.ConnectionClosed) as closed:
            await asyncio.wait_for(discord_fake.client_task(bot), WAIT)
        assert closed.value.code == 4004
        assert bot.is_closed()
    finally:
        await stop_client(bot, discord_fake)


async def test_member_chunk_request_is_answered(
    discord_fake: DiscordFake,  # noqa: F811
    client,
):
    guild = client.get_guild(GUILD_ID)
    found = await asyncio.wait_for(guild.query_members(query="mor"), WAIT)
    assert [m.id for m in found] == [int(MOD_USER["id"])]
    assert any(f.op == 8 for f in discord_fake.gateway_frames.items)


async def test_content_is_blank_without_the_message_content_intent(
    discord_fake: DiscordFake,  # noqa: F811
):
    bot = FakeTestClient(message_content=False)
    await start_client(bot, discord_fake)
    try:
        await discord_fake.message_create(GENERAL_CHANNEL_ID, MEMBER_USER, "secret")
        assert (await asyncio.wait_for(bot.seen.get(), WAIT)).content == ""
        mid = await discord_fake.message_create(
            GENERAL_CHANNEL_ID, MEMBER_USER, f"<@{APP_ID}> hello"
        )
        assert (await asyncio.wait_for(bot.seen.get(), WAIT)).content == f"<@{APP_ID}> hello"
        await discord_fake.wait_for_reply(mid)
    finally:
        await stop_client(bot, discord_fake)


async def test_unknown_routes_are_recorded_as_404(
    discord_fake: DiscordFake,  # noqa: F811
    client,
):
    with pytest.raises(discord.NotFound):
        await client.http.request(discord.http.Route("GET", "/stickers/{sticker_id}", sticker_id=1))
    [unknown] = discord_fake.unhandled_requests()
    assert (unknown.method, unknown.route, unknown.status) == ("GET", "/stickers/1", 404)


async def test_echo_round_trip_latency(discord_fake: DiscordFake, client):  # noqa: F811
    for i in range(200):
        mark = discord_fake.mark()
        mid = await discord_fake.message_create(GENERAL_CHANNEL_ID, MEMBER_USER, f"echo {i}")
        await discord_fake.wait_for_reply(mid, since=mark)
    latencies = list(discord_fake.reply_latencies().values())
    assert len(latencies) == 200
    p50 = percentile(latencies, 50) * 1000
    p99 = percentile(latencies, 99) * 1000
    print(f"echo round trip over {len(latencies)} messages: p50={p50:.2f} ms p99={p99:.2f} ms")
    assert p99 < 50
