"""A Discord-compatible fake on 127.0.0.1 that a real ``discord.Client`` can connect to.

One aiohttp server plays both halves of Discord:

* REST under ``/api/v10``: login, application info, command registration, messages, reactions,
  interaction callbacks and their webhooks (follow-ups, ``@original``), guild/member look-ups.
  Unknown routes answer 404 JSON and are recorded, so a test sees what the bot tried to call.
* The gateway websocket at ``/gateway``: HELLO, heartbeat ACKs, READY + GUILD_CREATE on IDENTIFY,
  RESUMED on RESUME (or INVALID_SESSION when the session was dropped), member chunks on op 8.

Tests drive it with :meth:`DiscordFake.message_create`, :meth:`DiscordFake.interaction_slash` and
friends, then wait for what the bot sent with :meth:`DiscordFake.wait_for_request`. Everything the
bot sends is recorded (:class:`RecordedRequest`, :class:`GatewayFrame`); faults are injected with
:meth:`DiscordFake.fail_next`; :meth:`DiscordFake.close_gateway` drops the websocket.

Behaviour copied from Discord because a bot can get it wrong:

* Message bodies are validated (empty message, content over 2000 characters, embed limits) and
  rejected with Discord's 50006/50035 errors.
* Without the MESSAGE_CONTENT intent, guild messages arrive with empty content unless they mention
  the bot (``enforce_message_content_intent``).
* An interaction can be acknowledged once (40060 afterwards); follow-ups before the first response
  are refused; permissions come from roles and channel overwrites.

Quirks of discord.py 2.7 this fake honours (see also /work/shared/notes/discord-loopback.md):

* JSON is parsed only when ``Content-Type`` is exactly ``application/json``.
* A 429 is retried only when the response has a ``Via`` header; otherwise discord.py assumes a
  Cloudflare ban and raises ``HTTPException`` at once. :meth:`DiscordFake.fail_next` adds it.
* 500/502/504 are retried after sleeping 1 s, 3 s, ... (slow in tests); 503 raises at once.
* Interaction callbacks are always sent with ``?with_response=1`` and discord.py reads the
  ``{"interaction": ..., "resource": ...}`` body.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import logging
import math
import re
import secrets
import time
import urllib.parse
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

import discord
import pytest_asyncio
from aiohttp import BodyPartReader, WSMsgType, web

from bot.discord_api import point_discord_at, restore_discord_defaults

__all__ = [
    "API_PREFIX",
    "APP_ID",
    "BOT_ROLE_ID",
    "BOT_USER",
    "CHANNEL_IDS",
    "GENERAL_CHANNEL_ID",
    "GUILD_ID",
    "MEMBER_USER",
    "MOD_LOG_CHANNEL_ID",
    "MOD_ROLE_ID",
    "MOD_USER",
    "OWNER_USER",
    "PLAIN_ROLE_ID",
    "QUESTIONS_CHANNEL_ID",
    "DiscordFake",
    "GatewayFrame",
    "InteractionRef",
    "RecordedFile",
    "RecordedRequest",
    "connected_client",
    "discord_fake",
    "percentile",
    "running_fake",
    "start_client",
    "stop_client",
]

_log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
GATEWAY_PATH = "/gateway"
DISCORD_EPOCH_MS = 1_420_070_400_000
HEARTBEAT_INTERVAL_MS = 41_250
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024

# --- The fixed world: one guild, three text channels, three roles, four people -----------------
# A bot user's id is its application's id, as on Discord.
APP_ID = 1_184_000_000_000_000_001
BOT_USER_ID = APP_ID
GUILD_ID = 1_184_000_000_000_000_100
GENERAL_CHANNEL_ID = 1_184_000_000_000_000_201
QUESTIONS_CHANNEL_ID = 1_184_000_000_000_000_202
MOD_LOG_CHANNEL_ID = 1_184_000_000_000_000_203
CHANNEL_IDS = (GENERAL_CHANNEL_ID, QUESTIONS_CHANNEL_ID, MOD_LOG_CHANNEL_ID)
MOD_ROLE_ID = 1_184_000_000_000_000_301
PLAIN_ROLE_ID = 1_184_000_000_000_000_302
BOT_ROLE_ID = 1_184_000_000_000_000_303
MEMBER_USER_ID = 1_184_000_000_000_000_401
MOD_USER_ID = 1_184_000_000_000_000_402
OWNER_USER_ID = 1_184_000_000_000_000_403

# Application flags: GATEWAY_GUILD_MEMBERS_LIMITED | GATEWAY_MESSAGE_CONTENT_LIMITED, i.e. the
# privileged intents a small verified-less bot may use.
APP_FLAGS = (1 << 15) | (1 << 19)

_P = discord.Permissions
EVERYONE_PERMISSIONS = _P(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    add_reactions=True,
    use_external_emojis=True,
    use_application_commands=True,
    change_nickname=True,
    create_instant_invite=True,
).value
MOD_PERMISSIONS = _P(manage_messages=True, moderate_members=True, manage_threads=True).value
PLAIN_PERMISSIONS = 0
BOT_ROLE_PERMISSIONS = EVERYONE_PERMISSIONS | _P(manage_messages=True).value
ALL_PERMISSIONS = _P.all().value
_VIEW = _P(view_channel=True).value
_SEND = _P(send_messages=True).value
_MANAGE_MESSAGES = _P(manage_messages=True).value
_ADD_REACTIONS = _P(add_reactions=True).value
_MESSAGE_CONTENT_INTENT = discord.Intents(message_content=True).value

_EPHEMERAL = 1 << 6
_LOADING = 1 << 7
_JOINED_AT = "2024-01-15T12:00:00.000000+00:00"


def _user(user_id: int, username: str, global_name: str | None, *, bot: bool = False) -> dict:
    data: dict[str, Any] = {
        "id": str(user_id),
        "username": username,
        "discriminator": "0",
        "global_name": global_name,
        "avatar": None,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
        "public_flags": 0,
    }
    if bot:
        data["bot"] = True
    return data


BOT_USER = _user(BOT_USER_ID, "faq-fake-bot", None, bot=True)
MEMBER_USER = _user(MEMBER_USER_ID, "alice", "Alice Member")
MOD_USER = _user(MOD_USER_ID, "morgan", "Morgan Moderator")
OWNER_USER = _user(OWNER_USER_ID, "olive", "Olive Owner")


# --- Records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedFile:
    """One file part of a multipart request."""

    field: str
    filename: str | None
    content_type: str | None
    content: bytes


@dataclass(frozen=True)
class RecordedRequest:
    """One HTTP request the fake received, with the answer it gave.

    ``route`` is the path below ``/api/v10`` (``"/channels/1/messages"``); ``json`` is the parsed
    JSON body, or the ``payload_json`` part of a multipart body. ``at`` is ``time.perf_counter()``
    when the request arrived. ``handled`` is False for routes the fake does not know.
    """

    index: int
    method: str
    path: str
    route: str
    query: dict[str, str]
    json: Any
    text: str | None
    files: tuple[RecordedFile, ...]
    headers: dict[str, str]
    at: float
    status: int
    response: Any
    handled: bool

    def __str__(self) -> str:
        return f"#{self.index} {self.method} {self.route} -> {self.status}"


@dataclass(frozen=True)
class GatewayFrame:
    """One frame the client sent over the gateway (recorded after the fake has answered it)."""

    index: int
    connection: int
    op: int | None
    data: Any
    at: float

    def __str__(self) -> str:
        return f"#{self.index} conn={self.connection} op={self.op}"


@dataclass(frozen=True)
class SentEvent:
    """One DISPATCH the fake sent; ``at`` is ``time.perf_counter()`` just before sending."""

    name: str
    seq: int
    data: Any
    at: float
    connection: int


@dataclass(frozen=True)
class InteractionRef:
    """What a test needs to find the bot's answer to an interaction it dispatched."""

    id: int
    token: str
    type: int
    channel_id: int
    payload: dict = field(repr=False)

    @property
    def callback_route(self) -> str:
        return f"/interactions/{self.id}/{self.token}/callback"

    @property
    def webhook_route(self) -> str:
        return f"/webhooks/{APP_ID}/{self.token}"


@dataclass
class _InteractionState:
    ref: InteractionRef
    user: dict
    dispatched_at: float
    responded: bool = False
    response_type: int | None = None
    original_message_id: int | None = None
    component_message_id: int | None = None


@dataclass
class _Fault:
    method: str
    pattern: re.Pattern[str]
    status: int
    remaining: int
    body: Any
    headers: dict[str, str]


T = TypeVar("T")


class _Log(Generic[T]):
    """An append-only list whose readers can wait for an item matching a predicate.

    Waiting registers a future that ``append`` resolves, so a wait costs nothing until a
    matching item arrives: no polling, no sleeps.
    """

    def __init__(self, describe: str) -> None:
        self.items: list[T] = []
        self._describe = describe
        self._waiters: list[tuple[Callable[[T], bool], int, asyncio.Future[T]]] = []

    def append(self, item: T) -> None:
        self.items.append(item)
        index = len(self.items) - 1
        still_waiting = []
        for predicate, since, future in self._waiters:
            if future.done():
                continue
            if index < since:
                still_waiting.append((predicate, since, future))
                continue
            try:
                matched = predicate(item)
            except Exception as exc:
                future.set_exception(exc)
                continue
            if matched:
                future.set_result(item)
            else:
                still_waiting.append((predicate, since, future))
        self._waiters = still_waiting

    async def wait_for(self, predicate: Callable[[T], bool], since: int, timeout: float) -> T:
        for item in self.items[since:]:
            if predicate(item):
                return item
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        entry = (predicate, since, future)
        self._waiters.append(entry)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            seen = ", ".join(str(item) for item in self.items[since:][-15:]) or "nothing"
            raise TimeoutError(
                f"no matching {self._describe} within {timeout}s; recorded since #{since}: {seen}"
            ) from None
        finally:
            if entry in self._waiters:
                self._waiters.remove(entry)


# --- Helpers -----------------------------------------------------------------------------------


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


def _json_response(data: Any, status: int = 200, headers: Mapping[str, str] | None = None):
    # Exactly "application/json": web.json_response adds "; charset=utf-8", which discord.py
    # then treats as text.
    return web.Response(
        status=status,
        body=json.dumps(data).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def _error(status: int, code: int, message: str, errors: Any = None) -> web.Response:
    body: dict[str, Any] = {"message": message, "code": code}
    if errors is not None:
        body["errors"] = errors
    return _json_response(body, status)


def _no_content() -> web.Response:
    return web.Response(status=204)


def _truthy(value: str | None) -> bool:
    return value is not None and value.lower() in {"1", "true", "yes"}


def _user_id(user: Mapping[str, Any] | int | str) -> int:
    if isinstance(user, Mapping):
        return int(user["id"])
    return int(user)


def percentile(values: Iterable[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of ``values``."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentile of no values")
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


# aiohttp >= 3.12 wants typed request keys; older versions take strings.
_REQUEST_KEY = getattr(web, "RequestKey", None)
_BODY_KEY: Any = _REQUEST_KEY("discord_fake_body", object) if _REQUEST_KEY else "discord_fake_body"
_FILES_KEY: Any = _REQUEST_KEY("discord_fake_files", list) if _REQUEST_KEY else "discord_fake_files"

_MENTION_USER = re.compile(r"<@!?(\d+)>")
_MENTION_ROLE = re.compile(r"<@&(\d+)>")
_CHANNEL_MESSAGES_ROUTE = re.compile(r"/channels/(\d+)/messages")

_DEFAULT_FAULT_BODIES: dict[int, dict[str, Any]] = {
    400: {"message": "400: Bad Request", "code": 0},
    401: {"message": "401: Unauthorized", "code": 0},
    403: {"message": "Missing Permissions", "code": 50013},
    404: {"message": "404: Not Found", "code": 0},
    429: {"message": "You are being rate limited.", "retry_after": 0.05, "global": False},
    500: {"message": "500: Internal Server Error", "code": 0},
    502: {"message": "502: Bad Gateway", "code": 0},
    503: {"message": "503: Service Unavailable", "code": 0},
}


def _form_error(path: str, code: str, message: str) -> dict:
    errors: dict[str, Any] = {"_errors": [{"code": code, "message": message}]}
    for part in reversed(path.split(".")):
        errors = {part: errors}
    return errors


def _validate_message_body(body: Mapping[str, Any], *, prefix: str = "", has_files: bool = False):
    """Discord's checks on a message body; returns an error response or None."""
    content = body.get("content")
    embeds = body.get("embeds") or []
    components = body.get("components") or []
    if content is not None and len(str(content)) > 2000:
        return _error(
            400,
            50035,
            "Invalid Form Body",
            _form_error(
                f"{prefix}content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length."
            ),
        )
    if len(embeds) > 10:
        return _error(
            400,
            50035,
            "Invalid Form Body",
            _form_error(
                f"{prefix}embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length."
            ),
        )
    total = 0
    limits = {"title": 256, "description": 4096}
    for i, embed in enumerate(embeds):
        for key, limit in limits.items():
            text = embed.get(key) or ""
            total += len(text)
            if len(text) > limit:
                return _error(
                    400,
                    50035,
                    "Invalid Form Body",
                    _form_error(
                        f"{prefix}embeds.{i}.{key}",
                        "BASE_TYPE_MAX_LENGTH",
                        f"Must be {limit} or fewer in length.",
                    ),
                )
        fields = embed.get("fields") or []
        if len(fields) > 25:
            return _error(
                400,
                50035,
                "Invalid Form Body",
                _form_error(
                    f"{prefix}embeds.{i}.fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer."
                ),
            )
        for j, fld in enumerate(fields):
            for key, limit in (("name", 256), ("value", 1024)):
                text = str(fld.get(key) or "")
                total += len(text)
                if not text or len(text) > limit:
                    return _error(
                        400,
                        50035,
                        "Invalid Form Body",
                        _form_error(
                            f"{prefix}embeds.{i}.fields.{j}.{key}",
                            "BASE_TYPE_REQUIRED" if not text else "BASE_TYPE_MAX_LENGTH",
                            "This field is required"
                            if not text
                            else f"Must be {limit} or fewer in length.",
                        ),
                    )
        footer = (embed.get("footer") or {}).get("text") or ""
        author = (embed.get("author") or {}).get("name") or ""
        total += len(footer) + len(author)
        if len(footer) > 2048 or len(author) > 256:
            return _error(
                400,
                50035,
                "Invalid Form Body",
                _form_error(f"{prefix}embeds.{i}", "BASE_TYPE_MAX_LENGTH", "Embed part too long."),
            )
    if total > 6000:
        return _error(
            400,
            50035,
            "Invalid Form Body",
            _form_error(
                f"{prefix}embeds",
                "MAX_EMBED_SIZE_EXCEEDED",
                "Embed size exceeds maximum size of 6000",
            ),
        )
    if len(components) > 5 and not int(body.get("flags") or 0) & (1 << 15):
        return _error(
            400,
            50035,
            "Invalid Form Body",
            _form_error(
                f"{prefix}components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length."
            ),
        )
    for i, row in enumerate(components):
        for j, item in enumerate(row.get("components") or []):
            custom_id = item.get("custom_id")
            if custom_id is not None and len(custom_id) > 100:
                return _error(
                    400,
                    50035,
                    "Invalid Form Body",
                    _form_error(
                        f"{prefix}components.{i}.components.{j}.custom_id",
                        "BASE_TYPE_MAX_LENGTH",
                        "Must be 100 or fewer in length.",
                    ),
                )
    return None


def _is_empty_message(body: Mapping[str, Any], has_files: bool) -> bool:
    return not (
        body.get("content")
        or body.get("embeds")
        or body.get("components")
        or body.get("sticker_ids")
        or body.get("poll")
        or has_files
    )


# --- The fake ----------------------------------------------------------------------------------


class DiscordFake:
    """A loopback Discord for one test. Start it with :func:`running_fake` (or the fixture).

    Recorded state is public and plain: ``requests.items`` (REST), ``gateway_frames.items``
    (frames from the client), ``sent_events`` (DISPATCHes sent), ``messages`` (every message by
    id, dispatched or created by the bot), ``commands`` (registered application commands per guild
    id, ``None`` for global), ``channels``/``roles``/``members`` (the guild, mutable before
    connecting).
    """

    APP_ID = APP_ID
    GUILD_ID = GUILD_ID
    CHANNEL_IDS = CHANNEL_IDS
    GENERAL_CHANNEL_ID = GENERAL_CHANNEL_ID
    QUESTIONS_CHANNEL_ID = QUESTIONS_CHANNEL_ID
    MOD_LOG_CHANNEL_ID = MOD_LOG_CHANNEL_ID
    MOD_ROLE_ID = MOD_ROLE_ID
    PLAIN_ROLE_ID = PLAIN_ROLE_ID
    BOT_ROLE_ID = BOT_ROLE_ID
    BOT_USER = BOT_USER
    MEMBER_USER = MEMBER_USER
    MOD_USER = MOD_USER
    OWNER_USER = OWNER_USER

    def __init__(self, *, enforce_message_content_intent: bool = True) -> None:
        self.enforce_message_content_intent = enforce_message_content_intent
        self.requests: _Log[RecordedRequest] = _Log("request")
        self.gateway_frames: _Log[GatewayFrame] = _Log("gateway frame")
        self.sent_events: list[SentEvent] = []
        self.errors: list[str] = []
        self.messages: dict[int, dict] = {}
        self.commands: dict[int | None, list[dict]] = {}
        self.interactions: dict[int, _InteractionState] = {}
        self.identify_payload: dict | None = None
        self.intents: int | None = None
        self.port: int | None = None

        self.channels: dict[int, dict] = {}
        self.roles: dict[int, dict] = {}
        self.members: dict[int, dict] = {}
        self.users: dict[int, dict] = {}
        self._dm_channels: dict[int, dict] = {}
        self._build_guild()

        self._faults: list[_Fault] = []
        self._last_snowflake = 0
        self._command_ids: dict[tuple[str, int | None], int] = {}
        self._message_dispatched_at: dict[int, float] = {}
        self._by_token: dict[str, _InteractionState] = {}

        self._runner: web.AppRunner | None = None
        self._sockets: set[web.WebSocketResponse] = set()
        self._ws: web.WebSocketResponse | None = None
        self._ws_connection = 0
        self._connection_ids = itertools.count(1)
        self._session_id: str | None = None
        self._valid_sessions: set[str] = set()
        self._seq = 0
        self._session_ready = asyncio.Event()
        self._send_lock = asyncio.Lock()
        self._client_tasks: dict[discord.Client, asyncio.Task[None]] = {}

    # -- addresses --------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("the fake is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """The REST base to give :func:`bot.discord_api.point_discord_at`."""
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{GATEWAY_PATH}"

    # -- lifecycle --------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(middlewares=[self._middleware], client_max_size=64 * 1024 * 1024)
        self._add_routes(app)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        for ws in list(self._sockets):
            await ws.close(code=1001, message=b"fake shutting down")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- the guild --------------------------------------------------------------------------

    def _build_guild(self) -> None:
        def role(role_id: int, name: str, permissions: int, position: int, **extra: Any) -> dict:
            return {
                "id": str(role_id),
                "name": name,
                "color": 0,
                "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
                "hoist": False,
                "icon": None,
                "unicode_emoji": None,
                "position": position,
                "permissions": str(permissions),
                "managed": False,
                "mentionable": False,
                "flags": 0,
                **extra,
            }

        for data in (
            role(GUILD_ID, "@everyone", EVERYONE_PERMISSIONS, 0),
            role(PLAIN_ROLE_ID, "Graduate", PLAIN_PERMISSIONS, 1, mentionable=True),
            role(MOD_ROLE_ID, "Moderator", MOD_PERMISSIONS, 2, hoist=True),
            role(
                BOT_ROLE_ID,
                "faq-fake-bot",
                BOT_ROLE_PERMISSIONS,
                3,
                managed=True,
                tags={"bot_id": str(BOT_USER_ID)},
            ),
        ):
            self.roles[int(data["id"])] = data

        def channel(
            channel_id: int,
            name: str,
            position: int,
            topic: str,
            overwrites: list[dict] | None = None,
        ) -> dict:
            return {
                "id": str(channel_id),
                "type": 0,
                "guild_id": str(GUILD_ID),
                "name": name,
                "position": position,
                "parent_id": None,
                "topic": topic,
                "nsfw": False,
                "last_message_id": None,
                "rate_limit_per_user": 0,
                "flags": 0,
                "permission_overwrites": overwrites or [],
            }

        mod_only = [
            {"id": str(GUILD_ID), "type": 0, "allow": "0", "deny": str(_VIEW)},
            {"id": str(MOD_ROLE_ID), "type": 0, "allow": str(_VIEW | _SEND), "deny": "0"},
            {"id": str(BOT_USER_ID), "type": 1, "allow": str(_VIEW | _SEND), "deny": "0"},
        ]
        for data in (
            channel(GENERAL_CHANNEL_ID, "general", 0, "Say hello"),
            channel(QUESTIONS_CHANNEL_ID, "questions", 1, "Ask the FAQ bot"),
            channel(MOD_LOG_CHANNEL_ID, "mod-log", 2, "Moderators only", mod_only),
        ):
            self.channels[int(data["id"])] = data

        self.add_member(BOT_USER, [BOT_ROLE_ID])
        self.add_member(MEMBER_USER, [PLAIN_ROLE_ID])
        self.add_member(MOD_USER, [MOD_ROLE_ID, PLAIN_ROLE_ID])
        self.add_member(OWNER_USER, [])

    def add_member(self, user: Mapping[str, Any], role_ids: Iterable[int] = ()) -> dict:
        """Add (or replace) a guild member. Do it before connecting, or dispatch the change."""
        data: dict[str, Any] = {
            "user": copy.deepcopy(dict(user)),
            "roles": [str(r) for r in role_ids],
            "joined_at": _JOINED_AT,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
            "avatar": None,
            "banner": None,
            "premium_since": None,
            "pending": False,
            "communication_disabled_until": None,
        }
        uid = int(user["id"])
        self.members[uid] = data
        self.users[uid] = data["user"]
        return data

    def make_user(self, username: str, *, bot: bool = False) -> dict:
        """A new user who is not a guild member (``add_member`` makes them one)."""
        data = _user(self.new_snowflake(), username, username.title(), bot=bot)
        self.users[int(data["id"])] = data
        return data

    def guild_payload(self, *, for_gateway: bool = True) -> dict:
        data: dict[str, Any] = {
            "id": str(GUILD_ID),
            "name": "The Teaching Circle (fake)",
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(OWNER_USER_ID),
            "region": "deprecated",
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 1,
            "default_message_notifications": 1,
            "explicit_content_filter": 2,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": "en-US",
            "features": [],
            "roles": copy.deepcopy(list(self.roles.values())),
            "emojis": [],
            "stickers": [],
            "application_id": None,
            "system_channel_id": str(GENERAL_CHANNEL_ID),
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "max_members": 500_000,
            "max_video_channel_users": 25,
            "incidents_data": None,
            "nsfw": False,
        }
        if for_gateway:
            channels = []
            for ch in self.channels.values():
                entry = copy.deepcopy(ch)
                entry.pop("guild_id", None)  # omitted inside GUILD_CREATE, as on Discord
                channels.append(entry)
            data.update(
                {
                    "unavailable": False,
                    "joined_at": _JOINED_AT,
                    "large": False,
                    "lazy": True,
                    "member_count": len(self.members),
                    "members": copy.deepcopy(list(self.members.values())),
                    "channels": channels,
                    "threads": [],
                    "presences": [],
                    "voice_states": [],
                    "stage_instances": [],
                    "guild_scheduled_events": [],
                    "soundboard_sounds": [],
                    "embedded_activities": [],
                }
            )
        return data

    def _channel(self, channel_id: int) -> dict | None:
        return self.channels.get(channel_id) or next(
            (c for c in self._dm_channels.values() if int(c["id"]) == channel_id), None
        )

    def dm_channel_id(self, user: Mapping[str, Any] | int) -> int:
        """The DM channel between the bot and ``user`` (created on first use)."""
        return int(self._dm_channel(_user_id(user))["id"])

    def _dm_channel(self, user_id: int) -> dict:
        if user_id not in self._dm_channels:
            user = self.users.get(user_id) or _user(user_id, f"user{user_id}", None)
            self._dm_channels[user_id] = {
                "id": str(self.new_snowflake()),
                "type": 1,
                "last_message_id": None,
                "flags": 0,
                "recipients": [copy.deepcopy(user)],
            }
        return self._dm_channels[user_id]

    def permissions_for(self, user: Mapping[str, Any] | int, channel_id: int | None = None) -> int:
        """Discord's permission arithmetic: roles, then overwrites (everyone, roles, member)."""
        uid = _user_id(user)
        if uid == OWNER_USER_ID:
            return ALL_PERMISSIONS
        member = self.members.get(uid)
        role_ids = [int(r) for r in member["roles"]] if member else []
        perms = int(self.roles[GUILD_ID]["permissions"])
        for rid in role_ids:
            if rid in self.roles:
                perms |= int(self.roles[rid]["permissions"])
        if perms & _P(administrator=True).value:
            return ALL_PERMISSIONS
        channel = self.channels.get(channel_id) if channel_id is not None else None
        if channel is None:
            return perms
        overwrites = {(int(o["id"]), o["type"]): o for o in channel["permission_overwrites"]}
        everyone = overwrites.get((GUILD_ID, 0))
        if everyone:
            perms = (perms & ~int(everyone["deny"])) | int(everyone["allow"])
        allow = deny = 0
        for rid in role_ids:
            o = overwrites.get((rid, 0))
            if o:
                allow |= int(o["allow"])
                deny |= int(o["deny"])
        perms = (perms & ~deny) | allow
        own = overwrites.get((uid, 1))
        if own:
            perms = (perms & ~int(own["deny"])) | int(own["allow"])
        if not perms & _VIEW:
            return 0
        return perms

    # -- ids --------------------------------------------------------------------------------

    def new_snowflake(self) -> int:
        """A fresh, increasing snowflake whose timestamp is now."""
        now = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last_snowflake = max(now, self._last_snowflake + 1)
        return self._last_snowflake

    # -- recording and waiting --------------------------------------------------------------

    def mark(self) -> int:
        """Index of the next request to be recorded; pass it as ``since``."""
        return len(self.requests.items)

    def gateway_mark(self) -> int:
        return len(self.gateway_frames.items)

    def requests_since(self, mark: int) -> list[RecordedRequest]:
        return list(self.requests.items[mark:])

    def requests_matching(
        self, method: str, route_regex: str, *, since: int = 0
    ) -> list[RecordedRequest]:
        pattern = re.compile(route_regex)
        return [
            r
            for r in self.requests.items[since:]
            if r.method == method.upper() and pattern.fullmatch(r.route)
        ]

    def unhandled_requests(self) -> list[RecordedRequest]:
        """Requests to routes the fake does not implement (answered 404)."""
        return [r for r in self.requests.items if not r.handled]

    async def wait_for_request(
        self,
        predicate: Callable[[RecordedRequest], bool],
        timeout: float = 5.0,
        *,
        since: int = 0,
    ) -> RecordedRequest:
        """The first request recorded at or after ``since`` that matches ``predicate``.

        Already-recorded requests count, so take a :meth:`mark` before acting when the predicate
        alone could match an older request.
        """
        return await self.requests.wait_for(predicate, since, timeout)

    async def wait_for_route(
        self,
        method: str,
        route_regex: str,
        timeout: float = 5.0,
        *,
        since: int = 0,
        status: int | None = None,
    ) -> RecordedRequest:
        """The first ``method`` request whose route fully matches ``route_regex``."""
        pattern = re.compile(route_regex)
        return await self.wait_for_request(
            lambda r: (
                r.method == method.upper()
                and bool(pattern.fullmatch(r.route))
                and (status is None or r.status == status)
            ),
            timeout,
            since=since,
        )

    async def wait_for_reply(
        self, message_id: int, timeout: float = 5.0, *, since: int = 0
    ) -> RecordedRequest:
        """The bot's successful POST that replies to ``message_id`` (via message_reference).

        The created message object is the returned request's ``response``.
        """

        def is_reply(r: RecordedRequest) -> bool:
            if r.method != "POST" or not _CHANNEL_MESSAGES_ROUTE.fullmatch(r.route):
                return False
            ref = (r.json or {}).get("message_reference") or {}
            return str(ref.get("message_id")) == str(message_id) and 200 <= r.status < 300

        return await self.wait_for_request(is_reply, timeout, since=since)

    async def wait_for_callback(self, ref: InteractionRef, timeout: float = 5.0) -> RecordedRequest:
        """The bot's POST to the interaction's callback route (any status)."""
        return await self.wait_for_request(
            lambda r: r.method == "POST" and r.route == ref.callback_route, timeout
        )

    async def wait_for_gateway(
        self,
        predicate: Callable[[GatewayFrame], bool],
        timeout: float = 5.0,
        *,
        since: int = 0,
    ) -> GatewayFrame:
        """The first gateway frame from the client at or after ``since`` matching ``predicate``."""
        return await self.gateway_frames.wait_for(predicate, since, timeout)

    # -- fault injection --------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        path_regex: str,
        status: int,
        *,
        times: int = 1,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Answer the next ``times`` matching requests with ``status`` instead of handling them.

        ``path_regex`` is searched in the route below /api/v10 (``r"/channels/\\d+/messages$"``)
        and in the full path. Bodies default to Discord's: 403 is Missing Permissions (50013),
        429 is a tiny non-global rate limit (retry_after 0.05 s) with ``Retry-After`` and the
        ``Via`` header discord.py requires before it retries. ``method`` may be ``"*"``.
        """
        body = (
            json
            if json is not None
            else copy.deepcopy(
                _DEFAULT_FAULT_BODIES.get(status, {"message": f"{status}: Error", "code": 0})
            )
        )
        all_headers: dict[str, str] = {}
        if status == 429:
            retry_after = float(body.get("retry_after", 0.05)) if isinstance(body, dict) else 0.05
            all_headers = {
                "Retry-After": f"{retry_after:g}",
                "X-RateLimit-Scope": "user",
                "X-RateLimit-Global": "true" if body.get("global") else "false",
                "Via": "1.1 google",
            }
        all_headers.update(headers or {})
        self._faults.append(
            _Fault(method.upper(), re.compile(path_regex), status, times, body, all_headers)
        )

    def _take_fault(self, method: str, route: str, path: str) -> _Fault | None:
        for fault in self._faults:
            if fault.method not in ("*", method):
                continue
            if fault.pattern.search(route) or fault.pattern.search(path):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    # -- HTTP plumbing ----------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Callable[..., Any]) -> Any:
        arrived = time.perf_counter()
        path = request.path
        route = path[len(API_PREFIX) :] if path.startswith(API_PREFIX + "/") else path
        if path == GATEWAY_PATH and request.headers.get("Upgrade", "").lower() == "websocket":
            self._record(request, route, arrived, None, None, (), 101, None, handled=True)
            return await handler(request)

        body: Any = None
        text: str | None = None
        files: list[RecordedFile] = []
        handled = True
        fault = self._take_fault(request.method, route, path)
        if fault is not None:
            with contextlib.suppress(Exception):
                body, text, files = await self._read_body(request)
            response = _json_response(fault.body, fault.status, fault.headers)
        else:
            try:
                body, text, files = await self._read_body(request)
                request[_BODY_KEY] = body
                request[_FILES_KEY] = files
                response = await handler(request)
            except web.HTTPException as exc:
                handled = False
                response = _json_response(
                    {
                        "message": f"404: Not Found ({request.method} {route} is not faked)",
                        "code": 0,
                    },
                    404,
                )
                if exc.status not in (404, 405):
                    raise
            except Exception as exc:
                _log.exception("discord fake failed on %s %s", request.method, route)
                self.errors.append(f"{request.method} {route}: {exc!r}")
                # 400, not 500: discord.py sleeps and retries on 500, hiding the fake's bug.
                response = _error(400, 0, f"discord fake error: {exc!r}")
        answer = None
        if response.content_type == "application/json" and response.body:
            answer = json.loads(response.body)
        self._record(request, route, arrived, body, text, files, response.status, answer, handled)
        return response

    def _record(
        self,
        request: web.Request,
        route: str,
        arrived: float,
        body: Any,
        text: str | None,
        files: Sequence[RecordedFile],
        status: int,
        answer: Any,
        handled: bool,
    ) -> None:
        self.requests.append(
            RecordedRequest(
                index=len(self.requests.items),
                method=request.method,
                path=request.path,
                route=route,
                query=dict(request.query),
                json=body,
                text=text,
                files=tuple(files),
                headers=dict(request.headers),
                at=arrived,
                status=status,
                response=answer,
                handled=handled,
            )
        )

    @staticmethod
    async def _read_body(request: web.Request) -> tuple[Any, str | None, list[RecordedFile]]:
        if not request.can_read_body:
            return None, None, []
        if request.content_type.startswith("multipart/"):
            payload: Any = None
            files: list[RecordedFile] = []
            reader = await request.multipart()
            while True:
                part = await reader.next()
                if part is None:
                    break
                if not isinstance(part, BodyPartReader):
                    continue  # nested multipart: discord.py never sends one
                if part.name == "payload_json":
                    payload = json.loads(await part.text())
                else:
                    content = await part.read()
                    files.append(
                        RecordedFile(
                            field=part.name or "",
                            filename=part.filename,
                            content_type=part.headers.get("Content-Type"),
                            content=bytes(content),
                        )
                    )
            return payload, None, files
        text = await request.text()
        if not text:
            return None, None, []
        try:
            return json.loads(text), text, []
        except ValueError:
            return None, text, []

    def _add_routes(self, app: web.Application) -> None:
        api = API_PREFIX
        routes = [
            ("GET", GATEWAY_PATH, self._gateway),
            ("GET", f"{api}/gateway", self._get_gateway),
            ("GET", f"{api}/gateway/bot", self._get_gateway_bot),
            ("GET", f"{api}/users/@me", self._get_me),
            ("POST", f"{api}/users/@me/channels", self._create_dm),
            ("GET", f"{api}/users/{{user_id}}", self._get_user),
            ("GET", f"{api}/oauth2/applications/@me", self._get_application),
            ("GET", f"{api}/applications/@me", self._get_application),
            ("GET", f"{api}/applications/{{app_id}}/commands", self._get_commands),
            ("PUT", f"{api}/applications/{{app_id}}/commands", self._put_commands),
            ("POST", f"{api}/applications/{{app_id}}/commands", self._post_command),
            (
                "GET",
                f"{api}/applications/{{app_id}}/guilds/{{guild_id}}/commands",
                self._get_commands,
            ),
            (
                "PUT",
                f"{api}/applications/{{app_id}}/guilds/{{guild_id}}/commands",
                self._put_commands,
            ),
            (
                "POST",
                f"{api}/applications/{{app_id}}/guilds/{{guild_id}}/commands",
                self._post_command,
            ),
            ("GET", f"{api}/channels/{{channel_id}}", self._get_channel),
            ("GET", f"{api}/channels/{{channel_id}}/messages", self._get_messages),
            ("POST", f"{api}/channels/{{channel_id}}/messages", self._post_message),
            ("POST", f"{api}/channels/{{channel_id}}/typing", self._typing),
            ("GET", f"{api}/channels/{{channel_id}}/messages/{{message_id}}", self._get_message),
            (
                "PATCH",
                f"{api}/channels/{{channel_id}}/messages/{{message_id}}",
                self._patch_message,
            ),
            (
                "DELETE",
                f"{api}/channels/{{channel_id}}/messages/{{message_id}}",
                self._delete_message,
            ),
            (
                "PUT",
                f"{api}/channels/{{channel_id}}/messages/{{message_id}}/reactions/{{emoji}}/@me",
                self._add_reaction,
            ),
            (
                "DELETE",
                f"{api}/channels/{{channel_id}}/messages/{{message_id}}/reactions/{{emoji}}/{{user}}",
                self._remove_reaction,
            ),
            (
                "POST",
                f"{api}/interactions/{{interaction_id}}/{{token}}/callback",
                self._interaction_callback,
            ),
            ("POST", f"{api}/webhooks/{{app_id}}/{{token}}", self._webhook_execute),
            (
                "GET",
                f"{api}/webhooks/{{app_id}}/{{token}}/messages/{{message_id}}",
                self._webhook_get_message,
            ),
            (
                "PATCH",
                f"{api}/webhooks/{{app_id}}/{{token}}/messages/{{message_id}}",
                self._webhook_edit_message,
            ),
            (
                "DELETE",
                f"{api}/webhooks/{{app_id}}/{{token}}/messages/{{message_id}}",
                self._webhook_delete_message,
            ),
            ("GET", f"{api}/guilds/{{guild_id}}", self._get_guild),
            ("GET", f"{api}/guilds/{{guild_id}}/channels", self._get_guild_channels),
            ("GET", f"{api}/guilds/{{guild_id}}/roles", self._get_guild_roles),
            ("GET", f"{api}/guilds/{{guild_id}}/members/{{user_id}}", self._get_member),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, path, handler)

    # -- REST: identity and commands ---------------------------------------------------------

    async def _get_gateway(self, request: web.Request) -> web.Response:
        return _json_response({"url": self.gateway_url})

    async def _get_gateway_bot(self, request: web.Request) -> web.Response:
        return _json_response(
            {
                "url": self.gateway_url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 14_400_000,
                    "max_concurrency": 1,
                },
            }
        )

    async def _get_me(self, request: web.Request) -> web.Response:
        me = copy.deepcopy(BOT_USER)
        me.update(
            {
                "verified": True,
                "mfa_enabled": False,
                "email": None,
                "flags": 0,
                "locale": "en-US",
                "bio": "",
            }
        )
        return _json_response(me)

    async def _get_user(self, request: web.Request) -> web.Response:
        user = self.users.get(int(request.match_info["user_id"]))
        if user is None:
            return _error(404, 10013, "Unknown User")
        return _json_response(user)

    async def _create_dm(self, request: web.Request) -> web.Response:
        recipient = int((request[_BODY_KEY] or {})["recipient_id"])
        return _json_response(self._dm_channel(recipient))

    async def _get_application(self, request: web.Request) -> web.Response:
        return _json_response(
            {
                "id": str(APP_ID),
                "name": "faq-fake-bot",
                "icon": None,
                "description": "A loopback Discord application",
                "summary": "",
                "type": None,
                "bot_public": False,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": APP_FLAGS,
                "owner": copy.deepcopy(OWNER_USER),
                "team": None,
                "bot": copy.deepcopy(BOT_USER),
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "approximate_guild_count": 1,
                "integration_types_config": {"0": {}},
            }
        )

    def _check_app(self, request: web.Request) -> web.Response | None:
        if int(request.match_info["app_id"]) != APP_ID:
            return _error(404, 10002, "Unknown Application")
        return None

    def _commands_guild(self, request: web.Request) -> int | None:
        guild = request.match_info.get("guild_id")
        return int(guild) if guild is not None else None

    def _stored_command(self, body: Mapping[str, Any], guild_id: int | None) -> dict:
        key = (str(body["name"]), guild_id)
        if key not in self._command_ids:
            self._command_ids[key] = self.new_snowflake()
        stored = copy.deepcopy(dict(body))
        stored.setdefault("description", "")
        stored.setdefault("type", 1)
        stored.update(
            {
                "id": str(self._command_ids[key]),
                "application_id": str(APP_ID),
                "version": str(self.new_snowflake()),
                "default_member_permissions": body.get("default_member_permissions"),
            }
        )
        if guild_id is not None:
            stored["guild_id"] = str(guild_id)
        return stored

    async def _get_commands(self, request: web.Request) -> web.Response:
        bad = self._check_app(request)
        if bad:
            return bad
        return _json_response(self.commands.get(self._commands_guild(request), []))

    async def _put_commands(self, request: web.Request) -> web.Response:
        bad = self._check_app(request)
        if bad:
            return bad
        guild_id = self._commands_guild(request)
        stored = [self._stored_command(c, guild_id) for c in request[_BODY_KEY] or []]
        self.commands[guild_id] = stored
        return _json_response(stored)

    async def _post_command(self, request: web.Request) -> web.Response:
        bad = self._check_app(request)
        if bad:
            return bad
        guild_id = self._commands_guild(request)
        command = self._stored_command(request[_BODY_KEY], guild_id)
        existing = [c for c in self.commands.get(guild_id, []) if c["name"] != command["name"]]
        self.commands[guild_id] = [*existing, command]
        return _json_response(command, 201)

    def _command_id(self, name: str, guild_id: int | None) -> int:
        key = (name, guild_id)
        if key not in self._command_ids:
            self._command_ids[key] = self.new_snowflake()
        return self._command_ids[key]

    # -- REST: guild ------------------------------------------------------------------------

    def _check_guild(self, request: web.Request) -> web.Response | None:
        if int(request.match_info["guild_id"]) != GUILD_ID:
            return _error(404, 10004, "Unknown Guild")
        return None

    async def _get_guild(self, request: web.Request) -> web.Response:
        return self._check_guild(request) or _json_response(self.guild_payload(for_gateway=False))

    async def _get_guild_channels(self, request: web.Request) -> web.Response:
        return self._check_guild(request) or _json_response(list(self.channels.values()))

    async def _get_guild_roles(self, request: web.Request) -> web.Response:
        return self._check_guild(request) or _json_response(list(self.roles.values()))

    async def _get_member(self, request: web.Request) -> web.Response:
        bad = self._check_guild(request)
        if bad:
            return bad
        member = self.members.get(int(request.match_info["user_id"]))
        if member is None:
            return _error(404, 10007, "Unknown Member")
        return _json_response(member)

    # -- REST: channels and messages --------------------------------------------------------

    async def _get_channel(self, request: web.Request) -> web.Response:
        channel = self._channel(int(request.match_info["channel_id"]))
        if channel is None:
            return _error(404, 10003, "Unknown Channel")
        return _json_response(channel)

    async def _typing(self, request: web.Request) -> web.Response:
        if self._channel(int(request.match_info["channel_id"])) is None:
            return _error(404, 10003, "Unknown Channel")
        return _no_content()

    async def _get_messages(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        if self._channel(channel_id) is None:
            return _error(404, 10003, "Unknown Channel")
        limit = int(request.query.get("limit", "50"))
        before = int(request.query.get("before", "0")) or None
        after = int(request.query.get("after", "0")) or None
        found = [
            m
            for mid, m in sorted(self.messages.items(), reverse=True)
            if int(m["channel_id"]) == channel_id
            and (before is None or mid < before)
            and (after is None or mid > after)
        ]
        return _json_response(found[:limit])

    def _message_or_404(self, request: web.Request) -> dict | web.Response:
        channel_id = int(request.match_info["channel_id"])
        if self._channel(channel_id) is None:
            return _error(404, 10003, "Unknown Channel")
        message = self.messages.get(int(request.match_info["message_id"]))
        if message is None or int(message["channel_id"]) != channel_id:
            return _error(404, 10008, "Unknown Message")
        return message

    async def _get_message(self, request: web.Request) -> web.Response:
        found = self._message_or_404(request)
        return found if isinstance(found, web.Response) else _json_response(found)

    def _channel_send_check(self, channel_id: int) -> web.Response | None:
        channel = self._channel(channel_id)
        if channel is None:
            return _error(404, 10003, "Unknown Channel")
        if channel["type"] == 1:
            return None
        perms = self.permissions_for(BOT_USER_ID, channel_id)
        if not perms & _VIEW:
            return _error(403, 50001, "Missing Access")
        if not perms & _SEND:
            return _error(403, 50013, "Missing Permissions")
        return None

    async def _post_message(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        denied = self._channel_send_check(channel_id)
        if denied:
            return denied
        body = request[_BODY_KEY] or {}
        files = request[_FILES_KEY]
        if _is_empty_message(body, bool(files)):
            return _error(400, 50006, "Cannot send an empty message")
        invalid = _validate_message_body(body, has_files=bool(files))
        if invalid:
            return invalid
        ref = body.get("message_reference")
        if ref and ref.get("message_id") is not None:
            target = self.messages.get(int(ref["message_id"]))
            if target is None and ref.get("fail_if_not_exists", True):
                return _error(
                    400,
                    50035,
                    "Invalid Form Body",
                    _form_error(
                        "message_reference",
                        "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
                        "Unknown message",
                    ),
                )
        message = self._build_message(channel_id, BOT_USER, body, files=files)
        self._store_message(message)
        return _json_response(message)

    async def _patch_message(self, request: web.Request) -> web.Response:
        found = self._message_or_404(request)
        if isinstance(found, web.Response):
            return found
        if int(found["author"]["id"]) != BOT_USER_ID:
            return _error(403, 50005, "Cannot edit a message authored by another user")
        body = request[_BODY_KEY] or {}
        invalid = _validate_message_body(body)
        if invalid:
            return invalid
        self._apply_edit(found, body, request[_FILES_KEY])
        return _json_response(found)

    async def _delete_message(self, request: web.Request) -> web.Response:
        found = self._message_or_404(request)
        if isinstance(found, web.Response):
            return found
        channel_id = int(found["channel_id"])
        own = int(found["author"]["id"]) == BOT_USER_ID
        if not own and not self.permissions_for(BOT_USER_ID, channel_id) & _MANAGE_MESSAGES:
            return _error(403, 50013, "Missing Permissions")
        del self.messages[int(found["id"])]
        return _no_content()

    async def _add_reaction(self, request: web.Request) -> web.Response:
        found = self._message_or_404(request)
        if isinstance(found, web.Response):
            return found
        channel_id = int(found["channel_id"])
        if channel_id in self.channels and not (
            self.permissions_for(BOT_USER_ID, channel_id) & _ADD_REACTIONS
        ):
            return _error(403, 50013, "Missing Permissions")
        emoji = urllib.parse.unquote(request.match_info["emoji"])
        name, _, emoji_id = emoji.partition(":")
        reactions = found.setdefault("reactions", [])
        for reaction in reactions:
            if reaction["emoji"]["name"] == name:
                if not reaction["me"]:
                    reaction["me"] = True
                    reaction["count"] += 1
                break
        else:
            reactions.append(
                {
                    "emoji": {"id": emoji_id or None, "name": name},
                    "count": 1,
                    "count_details": {"burst": 0, "normal": 1},
                    "me": True,
                    "me_burst": False,
                    "burst_colors": [],
                }
            )
        return _no_content()

    async def _remove_reaction(self, request: web.Request) -> web.Response:
        found = self._message_or_404(request)
        if isinstance(found, web.Response):
            return found
        name = urllib.parse.unquote(request.match_info["emoji"]).partition(":")[0]
        for reaction in list(found.get("reactions", [])):
            if reaction["emoji"]["name"] == name and reaction["me"]:
                reaction["me"] = False
                reaction["count"] -= 1
                if reaction["count"] <= 0:
                    found["reactions"].remove(reaction)
        return _no_content()

    # -- message objects --------------------------------------------------------------------

    def _build_message(
        self,
        channel_id: int,
        author: Mapping[str, Any],
        body: Mapping[str, Any],
        *,
        files: Sequence[RecordedFile] = (),
        webhook_id: int | None = None,
        interaction: _InteractionState | None = None,
        extra_flags: int = 0,
    ) -> dict:
        channel = self._channel(channel_id)
        message_id = self.new_snowflake()
        embeds = []
        for embed in body.get("embeds") or []:
            embed = copy.deepcopy(embed)
            embed.setdefault("type", "rich")
            embeds.append(embed)
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "author": copy.deepcopy(dict(author)),
            "content": body.get("content") or "",
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [self._attachment(channel_id, f) for f in files],
            "embeds": embeds,
            "pinned": False,
            "type": 0,
            "flags": int(body.get("flags") or 0) | extra_flags,
            "components": copy.deepcopy(body.get("components") or []),
        }
        if channel is not None and channel["type"] != 1:
            message["guild_id"] = str(GUILD_ID)
        if "nonce" in body:
            message["nonce"] = body["nonce"]
        if webhook_id is not None:
            message["webhook_id"] = str(webhook_id)
            message["application_id"] = str(APP_ID)
        if interaction is not None:
            metadata: dict[str, Any] = {
                "id": str(interaction.ref.id),
                "type": interaction.ref.type,
                "user": copy.deepcopy(interaction.user),
                "authorizing_integration_owners": {"0": str(GUILD_ID)},
            }
            if interaction.component_message_id is not None:
                metadata["interacted_message_id"] = str(interaction.component_message_id)
            if interaction.original_message_id is not None:
                metadata["original_response_message_id"] = str(interaction.original_message_id)
            message["interaction_metadata"] = metadata
            message["type"] = 20 if interaction.ref.type == 2 else 0
        ref = body.get("message_reference")
        if ref and ref.get("message_id") is not None:
            message["type"] = 19
            message["message_reference"] = {
                "type": ref.get("type", 0),
                "message_id": str(ref["message_id"]),
                "channel_id": str(ref.get("channel_id") or channel_id),
                **({"guild_id": str(GUILD_ID)} if "guild_id" in message else {}),
            }
            target = self.messages.get(int(ref["message_id"]))
            if target is not None:
                referenced = copy.deepcopy(target)
                referenced.pop("referenced_message", None)
                message["referenced_message"] = referenced
            else:
                message["referenced_message"] = None
        return message

    def _attachment(self, channel_id: int, file: RecordedFile) -> dict:
        attachment_id = self.new_snowflake()
        name = file.filename or "file"
        url = f"{self.base_url}/attachments/{channel_id}/{attachment_id}/{name}"
        return {
            "id": str(attachment_id),
            "filename": name,
            "size": len(file.content),
            "url": url,
            "proxy_url": url,
            "content_type": file.content_type,
        }

    def _apply_edit(self, message: dict, body: Mapping[str, Any], files: Sequence[RecordedFile]):
        for key in ("content", "components"):
            if key in body:
                message[key] = (
                    copy.deepcopy(body[key])
                    if body[key] is not None
                    else ("" if key == "content" else [])
                )
        if "embeds" in body:
            message["embeds"] = [
                {"type": "rich", **copy.deepcopy(e)} for e in body.get("embeds") or []
            ]
        if "flags" in body and body["flags"] is not None:
            message["flags"] = int(body["flags"]) | (int(message["flags"]) & _EPHEMERAL)
        if "attachments" in body or files:
            kept_ids = {str(a.get("id")) for a in body.get("attachments") or []}
            kept = [a for a in message["attachments"] if a["id"] in kept_ids]
            message["attachments"] = kept + [
                self._attachment(int(message["channel_id"]), f) for f in files
            ]
        if message["flags"] & _LOADING:
            message["flags"] &= ~_LOADING  # a deferred response's first edit is its content
        else:
            message["edited_timestamp"] = _now_iso()

    def _store_message(self, message: dict) -> None:
        self.messages[int(message["id"])] = message
        channel = self._channel(int(message["channel_id"]))
        if channel is not None:
            channel["last_message_id"] = message["id"]

    # -- REST: interactions and their webhooks ----------------------------------------------

    async def _interaction_callback(self, request: web.Request) -> web.Response:
        state = self.interactions.get(int(request.match_info["interaction_id"]))
        if state is None or state.ref.token != request.match_info["token"]:
            return _error(404, 10062, "Unknown interaction")
        if state.responded:
            return _error(400, 40060, "Interaction has already been acknowledged.")
        body = request[_BODY_KEY] or {}
        callback_type = body.get("type")
        data = body.get("data") or {}
        files = request[_FILES_KEY]
        message: dict | None = None
        if callback_type == 4:
            if _is_empty_message(data, bool(files)):
                return _error(400, 50006, "Cannot send an empty message")
            invalid = _validate_message_body(data, prefix="data.", has_files=bool(files))
            if invalid:
                return invalid
            message = self._build_message(
                state.ref.channel_id,
                BOT_USER,
                data,
                files=files,
                webhook_id=APP_ID,
                interaction=state,
            )
        elif callback_type == 5:
            flags = int(data.get("flags") or 0)
            message = self._build_message(
                state.ref.channel_id,
                BOT_USER,
                {"content": "", "flags": flags},
                webhook_id=APP_ID,
                interaction=state,
                extra_flags=_LOADING,
            )
        elif callback_type == 6:
            if state.component_message_id is None:
                return _error(400, 40004, "Interaction type does not support this response type")
            state.original_message_id = state.component_message_id
        elif callback_type == 7:
            if state.component_message_id is None:
                return _error(400, 40004, "Interaction type does not support this response type")
            invalid = _validate_message_body(data, prefix="data.")
            if invalid:
                return invalid
            target = self.messages.get(state.component_message_id)
            if target is None:
                return _error(404, 10008, "Unknown Message")
            self._apply_edit(target, data, files)
            state.original_message_id = state.component_message_id
            message = target
        elif callback_type == 8:
            if state.ref.type != 4:
                return _error(400, 40004, "Interaction type does not support this response type")
        elif callback_type not in (1, 9, 10, 12):
            return _error(
                400,
                50035,
                "Invalid Form Body",
                _form_error("type", "BASE_TYPE_CHOICES", f"Value {callback_type!r} is not valid."),
            )
        state.responded = True
        state.response_type = callback_type
        if message is not None and callback_type in (4, 5):
            self._store_message(message)
            state.original_message_id = int(message["id"])
        if not _truthy(request.query.get("with_response")):
            return _no_content()
        flags = int(message["flags"]) if message is not None else 0
        answer: dict[str, Any] = {
            "interaction": {
                "id": str(state.ref.id),
                "type": state.ref.type,
                "response_message_loading": callback_type == 5,
                "response_message_ephemeral": bool(flags & _EPHEMERAL),
            },
            "resource": {"type": callback_type},
        }
        if message is not None:
            answer["interaction"]["response_message_id"] = message["id"]
            answer["resource"]["message"] = message
        return _json_response(answer)

    def _webhook_state(self, request: web.Request) -> _InteractionState | web.Response:
        if int(request.match_info["app_id"]) != APP_ID:
            return _error(404, 10015, "Unknown Webhook")
        state = self._by_token.get(request.match_info["token"])
        if state is None or not state.responded:
            # Discord does not accept follow-ups before the interaction has been answered.
            return _error(404, 10015, "Unknown Webhook")
        return state

    def _webhook_message(
        self, request: web.Request
    ) -> tuple[_InteractionState, dict] | web.Response:
        state = self._webhook_state(request)
        if isinstance(state, web.Response):
            return state
        wanted = request.match_info["message_id"]
        message_id = state.original_message_id if wanted == "@original" else int(wanted)
        message = self.messages.get(message_id) if message_id is not None else None
        if message is None:
            return _error(404, 10008, "Unknown Message")
        return state, message

    async def _webhook_execute(self, request: web.Request) -> web.Response:
        state = self._webhook_state(request)
        if isinstance(state, web.Response):
            return state
        body = request[_BODY_KEY] or {}
        files = request[_FILES_KEY]
        if _is_empty_message(body, bool(files)):
            return _error(400, 50006, "Cannot send an empty message")
        invalid = _validate_message_body(body, has_files=bool(files))
        if invalid:
            return invalid
        message = self._build_message(
            state.ref.channel_id, BOT_USER, body, files=files, webhook_id=APP_ID, interaction=state
        )
        self._store_message(message)
        if _truthy(request.query.get("wait")):
            return _json_response(message)
        return _no_content()

    async def _webhook_get_message(self, request: web.Request) -> web.Response:
        found = self._webhook_message(request)
        return found if isinstance(found, web.Response) else _json_response(found[1])

    async def _webhook_edit_message(self, request: web.Request) -> web.Response:
        found = self._webhook_message(request)
        if isinstance(found, web.Response):
            return found
        body = request[_BODY_KEY] or {}
        invalid = _validate_message_body(body)
        if invalid:
            return invalid
        self._apply_edit(found[1], body, request[_FILES_KEY])
        return _json_response(found[1])

    async def _webhook_delete_message(self, request: web.Request) -> web.Response:
        found = self._webhook_message(request)
        if isinstance(found, web.Response):
            return found
        state, message = found
        del self.messages[int(message["id"])]
        if state.original_message_id == int(message["id"]):
            state.original_message_id = None
        return _no_content()

    # -- gateway ----------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, heartbeat=None, max_msg_size=0)
        await ws.prepare(request)
        connection = next(self._connection_ids)
        self._sockets.add(ws)
        try:
            await ws.send_str(
                json.dumps(
                    {
                        "op": 10,
                        "d": {
                            "heartbeat_interval": HEARTBEAT_INTERVAL_MS,
                            "_trace": ['["fake-gateway",{"micros":0}]'],
                        },
                        "s": None,
                        "t": None,
                    }
                )
            )
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                arrived = time.perf_counter()
                frame = json.loads(msg.data)
                await self._on_frame(ws, connection, frame)
                self.gateway_frames.append(
                    GatewayFrame(
                        index=len(self.gateway_frames.items),
                        connection=connection,
                        op=frame.get("op"),
                        data=frame.get("d"),
                        at=arrived,
                    )
                )
        finally:
            self._sockets.discard(ws)
            if self._ws is ws:
                self._ws = None
                self._session_ready.clear()
        return ws

    async def _on_frame(self, ws: web.WebSocketResponse, connection: int, frame: dict) -> None:
        op = frame.get("op")
        data = frame.get("d")
        if op == 1:
            await ws.send_str(json.dumps({"op": 11, "d": None, "s": None, "t": None}))
        elif op == 2:
            await self._identify(ws, connection, data or {})
        elif op == 6:
            await self._resume(ws, connection, data or {})
        elif op == 8:
            await self._request_members(ws, connection, data or {})
        elif op in (3, 4):
            pass  # presence and voice state updates: recorded, nothing to answer
        else:
            await ws.close(code=4001, message=b"Unknown opcode.")

    async def _identify(self, ws: web.WebSocketResponse, connection: int, data: dict) -> None:
        self.identify_payload = data
        self.intents = data.get("intents")
        if self._session_id is not None:
            self._valid_sessions.discard(self._session_id)
        self._session_id = secrets.token_hex(16)
        self._valid_sessions.add(self._session_id)
        self._seq = 0
        self._ws = ws
        self._ws_connection = connection
        ready: dict[str, Any] = {
            "v": 10,
            "user": {
                **copy.deepcopy(BOT_USER),
                "verified": True,
                "mfa_enabled": False,
                "email": None,
                "flags": 0,
            },
            "user_settings": {},
            "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
            "presences": [],
            "private_channels": [],
            "relationships": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["fake"],
            "session_id": self._session_id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APP_ID), "flags": APP_FLAGS},
            "auth": {},
            "_trace": ['["fake-gateway",{"micros":0}]'],
        }
        if "shard" in data:
            ready["shard"] = data["shard"]
        await self._dispatch_on(ws, connection, "READY", ready)
        await self._dispatch_on(ws, connection, "GUILD_CREATE", self.guild_payload())
        self._session_ready.set()

    async def _resume(self, ws: web.WebSocketResponse, connection: int, data: dict) -> None:
        session_id = data.get("session_id")
        if session_id is None or session_id not in self._valid_sessions:
            # Not resumable: INVALID_SESSION(false) makes the client IDENTIFY again.
            await ws.send_str(json.dumps({"op": 9, "d": False, "s": None, "t": None}))
            return
        self._ws = ws
        self._ws_connection = connection
        # Nothing is replayed: events dispatched while disconnected were never sent.
        await self._dispatch_on(ws, connection, "RESUMED", {"_trace": ['["fake-gateway"]']})
        self._session_ready.set()

    async def _request_members(self, ws: web.WebSocketResponse, connection: int, data: dict):
        members = list(self.members.values())
        not_found: list[str] = []
        user_ids = data.get("user_ids")
        if user_ids is not None:
            wanted = [int(u) for u in (user_ids if isinstance(user_ids, list) else [user_ids])]
            members = [self.members[u] for u in wanted if u in self.members]
            not_found = [str(u) for u in wanted if u not in self.members]
        else:
            query = str(data.get("query") or "").lower()
            members = [
                m
                for m in members
                if m["user"]["username"].lower().startswith(query)
                or (m.get("nick") or "").lower().startswith(query)
            ]
        limit = int(data.get("limit") or 0)
        if limit:
            members = members[:limit]
        chunk: dict[str, Any] = {
            "guild_id": str(data.get("guild_id", GUILD_ID)),
            "members": copy.deepcopy(members),
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": not_found,
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        if data.get("presences"):
            chunk["presences"] = []
        await self._dispatch_on(ws, connection, "GUILD_MEMBERS_CHUNK", chunk)

    async def _dispatch_on(
        self, ws: web.WebSocketResponse, connection: int, event: str, data: Any
    ) -> SentEvent:
        async with self._send_lock:
            self._seq += 1
            frame = {"op": 0, "t": event, "s": self._seq, "d": data}
            sent = SentEvent(event, self._seq, data, time.perf_counter(), connection)
            await ws.send_str(json.dumps(frame))
            self.sent_events.append(sent)
            return sent

    async def dispatch(self, event_name: str, data: Any, *, timeout: float = 5.0) -> SentEvent:
        """Send a DISPATCH to the connected client, waiting (up to ``timeout``) for a session."""
        try:
            await asyncio.wait_for(self._session_ready.wait(), timeout)
        except TimeoutError:
            raise TimeoutError(f"no gateway session to dispatch {event_name} on") from None
        ws = self._ws
        if ws is None:
            raise RuntimeError("gateway session vanished")
        return await self._dispatch_on(ws, self._ws_connection, event_name, data)

    def client_task(self, client: discord.Client) -> asyncio.Task[None]:
        """The ``client.connect()`` task :func:`start_client` started (ends when it stops)."""
        return self._client_tasks[client]

    async def wait_for_session(self, timeout: float = 5.0) -> None:
        """Until a client has identified or resumed on the current connection."""
        await asyncio.wait_for(self._session_ready.wait(), timeout)

    async def close_gateway(self, code: int = 4000, reason: str = "") -> None:
        """Close the client's websocket with ``code``, as Discord would.

        The session stays resumable for 4000 (unknown error), 1001 and other codes discord.py
        reconnects from; 4007 (invalid seq) and 4009 (session timed out) drop it, so the
        client's RESUME is answered with INVALID_SESSION and it identifies again. 4004
        (authentication failed) and 4010-4014 are fatal to discord.py.
        """
        ws = self._ws
        if ws is None:
            raise RuntimeError("no gateway connection to close")
        if code in (4007, 4009) and self._session_id is not None:
            self._valid_sessions.discard(self._session_id)
        self._ws = None
        self._session_ready.clear()
        await ws.close(code=code, message=reason.encode())

    async def send_reconnect(self) -> None:
        """Send op 7 RECONNECT: the client closes and resumes."""
        ws = self._ws
        if ws is None:
            raise RuntimeError("no gateway connection")
        self._ws = None
        self._session_ready.clear()
        await ws.send_str(json.dumps({"op": 7, "d": None, "s": None, "t": None}))

    async def invalidate_session(self, *, resumable: bool = False) -> None:
        """Send op 9 INVALID_SESSION; unless ``resumable`` the client identifies again."""
        ws = self._ws
        if ws is None:
            raise RuntimeError("no gateway connection")
        if not resumable and self._session_id is not None:
            self._valid_sessions.discard(self._session_id)
        self._ws = None
        self._session_ready.clear()
        await ws.send_str(json.dumps({"op": 9, "d": resumable, "s": None, "t": None}))

    # -- test controls: messages ------------------------------------------------------------

    def _user_payload(self, user: Mapping[str, Any] | int) -> dict:
        if isinstance(user, Mapping):
            data = copy.deepcopy(dict(user))
            self.users.setdefault(int(data["id"]), data)
            return data
        uid = int(user)
        if uid not in self.users:
            raise KeyError(f"unknown user id {uid}; use make_user()")
        return copy.deepcopy(self.users[uid])

    def _member_without_user(self, user_id: int) -> dict | None:
        member = self.members.get(user_id)
        if member is None:
            return None
        data = copy.deepcopy(member)
        data.pop("user", None)
        return data

    def _content_visible(self, message: Mapping[str, Any]) -> bool:
        if not self.enforce_message_content_intent or self.intents is None:
            return True
        if self.intents & _MESSAGE_CONTENT_INTENT or "guild_id" not in message:
            return True
        if int(message["author"]["id"]) == BOT_USER_ID:
            return True
        return any(int(m["id"]) == BOT_USER_ID for m in message["mentions"])

    async def message_create(
        self,
        channel_id: int,
        author: Mapping[str, Any] | int,
        content: str,
        *,
        mentions: Iterable[Mapping[str, Any] | int] = (),
        mention_roles: Iterable[int] = (),
        webhook_id: int | None = None,
        bot: bool = False,
        reply_to: int | None = None,
        embeds: Sequence[Mapping[str, Any]] = (),
    ) -> int:
        """Dispatch MESSAGE_CREATE from ``author`` in ``channel_id``; returns the message id.

        Guild messages carry ``guild_id`` and the author's ``member`` (so discord.py builds a
        Member with roles). Mentions written in ``content`` (``<@id>``, ``<@&id>``) are added to
        ``mentions``/``mention_roles``, as Discord does. ``reply_to`` makes it a reply.
        """
        channel = self._channel(channel_id)
        if channel is None:
            raise KeyError(f"unknown channel {channel_id}")
        in_guild = channel["type"] != 1
        if webhook_id is not None:
            author_data = _user(webhook_id, "Captain Hook", None, bot=True)
            author_data["discriminator"] = "0000"
        else:
            author_data = self._user_payload(author)
            if bot:
                author_data["bot"] = True
        mention_ids = [_user_id(m) for m in mentions]
        mention_ids += [int(x) for x in _MENTION_USER.findall(content) if int(x) not in mention_ids]
        role_ids = [int(r) for r in mention_roles]
        role_ids += [int(x) for x in _MENTION_ROLE.findall(content) if int(x) not in role_ids]
        mention_list = []
        for uid in mention_ids:
            user = copy.deepcopy(self.users.get(uid) or _user(uid, f"user{uid}", None))
            member = self._member_without_user(uid) if in_guild else None
            if member is not None:
                user["member"] = member
            mention_list.append(user)
        message_id = self.new_snowflake()
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "author": author_data,
            "content": content,
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": "@everyone" in content or "@here" in content,
            "mentions": mention_list,
            "mention_roles": [str(r) for r in role_ids],
            "attachments": [],
            "embeds": [dict(e) for e in embeds],
            "pinned": False,
            "type": 0,
            "flags": 0,
            "components": [],
            "nonce": str(message_id),
        }
        if in_guild:
            message["guild_id"] = str(GUILD_ID)
            member = self._member_without_user(int(author_data["id"]))
            if member is not None and webhook_id is None:
                message["member"] = member
        if webhook_id is not None:
            message["webhook_id"] = str(webhook_id)
        if reply_to is not None:
            target = self.messages.get(reply_to)
            message["type"] = 19
            message["message_reference"] = {
                "type": 0,
                "message_id": str(reply_to),
                "channel_id": str(channel_id),
                **({"guild_id": str(GUILD_ID)} if in_guild else {}),
            }
            if target is not None:
                referenced = copy.deepcopy(target)
                referenced.pop("referenced_message", None)
                message["referenced_message"] = referenced
        self._store_message(message)
        delivered = message
        if not self._content_visible(message):
            # Discord blanks these for bots without the MESSAGE_CONTENT intent.
            delivered = {
                **message,
                "content": "",
                "embeds": [],
                "attachments": [],
                "components": [],
            }
        sent = await self.dispatch("MESSAGE_CREATE", delivered)
        self._message_dispatched_at[message_id] = sent.at
        return message_id

    # -- test controls: interactions --------------------------------------------------------

    def _options(
        self, options: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None
    ) -> tuple[list[dict], dict]:
        resolved: dict[str, dict] = {}
        result: list[dict] = []
        if options is None:
            return result, resolved
        if isinstance(options, Mapping):
            items: list[dict[str, Any]] = []
            for name, value in options.items():
                if isinstance(value, bool):
                    items.append({"name": name, "type": 5, "value": value})
                elif isinstance(value, int):
                    items.append({"name": name, "type": 4, "value": value})
                elif isinstance(value, float):
                    items.append({"name": name, "type": 10, "value": value})
                elif isinstance(value, str):
                    items.append({"name": name, "type": 3, "value": value})
                elif isinstance(value, Mapping) and "username" in value:
                    items.append({"name": name, "type": 6, "value": str(value["id"])})
                    self.users.setdefault(int(value["id"]), copy.deepcopy(dict(value)))
                elif isinstance(value, Mapping) and "type" in value:
                    items.append({"name": name, **value})
                else:
                    raise TypeError(f"cannot guess the option type of {name}={value!r}")
        else:
            items = [dict(o) for o in options]
        for option in items:
            option = copy.deepcopy(option)
            value = option.get("value")
            kind = option.get("type")
            if kind in (6, 9) and value is not None and int(value) in self.users:
                resolved.setdefault("users", {})[str(value)] = copy.deepcopy(self.users[int(value)])
                member = self._member_without_user(int(value))
                if member is not None:
                    member["permissions"] = str(self.permissions_for(int(value)))
                    resolved.setdefault("members", {})[str(value)] = member
            if kind in (8, 9) and value is not None and int(value) in self.roles:
                resolved.setdefault("roles", {})[str(value)] = copy.deepcopy(self.roles[int(value)])
            if kind == 7 and value is not None and int(value) in self.channels:
                ch = self.channels[int(value)]
                resolved.setdefault("channels", {})[str(value)] = {
                    "id": ch["id"],
                    "name": ch["name"],
                    "type": ch["type"],
                    "parent_id": ch["parent_id"],
                    "permissions": str(ALL_PERMISSIONS),
                }
            result.append(option)
        return result, resolved

    def _nest(
        self, options: list[dict], subcommand_group: str | None, subcommand: str | None
    ) -> list[dict]:
        if subcommand is not None:
            options = [{"name": subcommand, "type": 1, "options": options}]
        if subcommand_group is not None:
            if subcommand is None:
                raise ValueError("a subcommand group needs a subcommand")
            options = [{"name": subcommand_group, "type": 2, "options": options}]
        return options

    def _command_guild(self, name: str, guild_command: bool | None) -> int | None:
        if guild_command is None:
            registered = any(c["name"] == name for c in self.commands.get(GUILD_ID, []))
            return GUILD_ID if registered else None
        return GUILD_ID if guild_command else None

    async def _dispatch_interaction(
        self,
        interaction_type: int,
        data: dict,
        user: Mapping[str, Any] | int | None,
        channel_id: int | None,
        *,
        message: dict | None = None,
        locale: str = "en-US",
    ) -> InteractionRef:
        user_data = self._user_payload(user if user is not None else MEMBER_USER)
        uid = int(user_data["id"])
        channel_id = channel_id if channel_id is not None else GENERAL_CHANNEL_ID
        channel = self._channel(channel_id)
        if channel is None:
            raise KeyError(f"unknown channel {channel_id}")
        interaction_id = self.new_snowflake()
        token = "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(APP_ID),
            "type": interaction_type,
            "data": data,
            "token": token,
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
            "channel_id": str(channel_id),
        }
        if channel["type"] != 1:
            user_perms = self.permissions_for(uid, channel_id)
            member = self._member_without_user(uid) or {
                "roles": [],
                "joined_at": _now_iso(),
                "deaf": False,
                "mute": False,
                "flags": 0,
                "nick": None,
                "avatar": None,
                "premium_since": None,
                "pending": False,
                "communication_disabled_until": None,
            }
            member["user"] = user_data
            member["permissions"] = str(user_perms)
            partial_channel = {
                k: channel[k]
                for k in (
                    "id",
                    "type",
                    "name",
                    "guild_id",
                    "position",
                    "parent_id",
                    "topic",
                    "nsfw",
                    "last_message_id",
                    "rate_limit_per_user",
                    "flags",
                )
            }
            partial_channel["permissions"] = str(user_perms)
            payload.update(
                {
                    "guild_id": str(GUILD_ID),
                    "guild": {"id": str(GUILD_ID), "locale": "en-US", "features": []},
                    "guild_locale": "en-US",
                    "channel": partial_channel,
                    "member": member,
                    "app_permissions": str(self.permissions_for(BOT_USER_ID, channel_id)),
                    "authorizing_integration_owners": {"0": str(GUILD_ID)},
                    "context": 0,
                }
            )
        else:
            payload.update(
                {
                    "channel": copy.deepcopy(channel),
                    "user": user_data,
                    "app_permissions": str(EVERYONE_PERMISSIONS),
                    "authorizing_integration_owners": {"0": "0"},
                    "context": 1,
                }
            )
        if message is not None:
            payload["message"] = copy.deepcopy(message)
        ref = InteractionRef(interaction_id, token, interaction_type, channel_id, payload)
        state = _InteractionState(ref=ref, user=user_data, dispatched_at=0.0)
        if message is not None:
            state.component_message_id = int(message["id"])
        self.interactions[interaction_id] = state
        self._by_token[token] = state
        sent = await self.dispatch("INTERACTION_CREATE", payload)
        state.dispatched_at = sent.at
        return ref

    async def interaction_slash(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
        user: Mapping[str, Any] | int | None = None,
        channel_id: int | None = None,
        *,
        subcommand_group: str | None = None,
        subcommand: str | None = None,
        guild_command: bool | None = None,
        locale: str = "en-US",
    ) -> InteractionRef:
        """Dispatch a slash command (INTERACTION_CREATE type 2) and return its id/token.

        ``options`` is ``{name: value}`` (str → STRING, int → INTEGER, float → NUMBER,
        bool → BOOLEAN, user dict → USER with ``resolved``) or a list of raw option dicts.
        ``guild_command`` decides ``data.guild_id``; by default it is set when ``name`` was
        registered as a guild command. Defaults: MEMBER_USER in #general.
        """
        opts, resolved = self._options(options)
        guild_id = self._command_guild(name, guild_command)
        data: dict[str, Any] = {
            "id": str(self._command_id(name, guild_id)),
            "name": name,
            "type": 1,
            "options": self._nest(opts, subcommand_group, subcommand),
        }
        if resolved:
            data["resolved"] = resolved
        if guild_id is not None:
            data["guild_id"] = str(guild_id)
        return await self._dispatch_interaction(2, data, user, channel_id, locale=locale)

    async def interaction_autocomplete(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None,
        focused: str,
        user: Mapping[str, Any] | int | None = None,
        channel_id: int | None = None,
        *,
        subcommand_group: str | None = None,
        subcommand: str | None = None,
        guild_command: bool | None = None,
    ) -> InteractionRef:
        """Dispatch an autocomplete request (type 4); the ``focused`` option is being typed.

        The focused option's value is what the user typed so far (a string); it is added as an
        empty string when ``options`` lacks it. The bot answers with callback type 8.
        """
        opts, resolved = self._options(options)
        for option in opts:
            if option["name"] == focused:
                option["focused"] = True
                break
        else:
            opts.append({"name": focused, "type": 3, "value": "", "focused": True})
        guild_id = self._command_guild(name, guild_command)
        data: dict[str, Any] = {
            "id": str(self._command_id(name, guild_id)),
            "name": name,
            "type": 1,
            "options": self._nest(opts, subcommand_group, subcommand),
        }
        if resolved:
            data["resolved"] = resolved
        if guild_id is not None:
            data["guild_id"] = str(guild_id)
        return await self._dispatch_interaction(4, data, user, channel_id)

    async def interaction_component(
        self,
        custom_id: str,
        user: Mapping[str, Any] | int | None,
        message: Mapping[str, Any] | int,
        component_type: int = 2,
        values: Sequence[str] | None = None,
    ) -> InteractionRef:
        """Dispatch a component click (type 3) on ``message`` (a bot message dict or its id).

        ``component_type`` 2 is a button; 3/5/6/7/8 are selects and take ``values``.
        """
        if not isinstance(message, Mapping):
            stored = self.messages.get(int(message))
            if stored is None:
                raise KeyError(f"unknown message {message}")
            message = stored
        current = self.messages.get(int(message["id"]), dict(message))
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = list(values)
        return await self._dispatch_interaction(
            3, data, user, int(current["channel_id"]), message=dict(current)
        )

    async def interaction_modal_submit(
        self,
        custom_id: str,
        values: Mapping[str, str],
        user: Mapping[str, Any] | int | None = None,
        channel_id: int | None = None,
        *,
        message: Mapping[str, Any] | None = None,
    ) -> InteractionRef:
        """Dispatch a modal submission (type 5): ``values`` maps text input custom_id → text."""
        components = [
            {"type": 1, "components": [{"type": 4, "custom_id": cid, "value": value}]}
            for cid, value in values.items()
        ]
        data = {"custom_id": custom_id, "components": components}
        if message is not None and channel_id is None:
            channel_id = int(message["channel_id"])
        return await self._dispatch_interaction(
            5, data, user, channel_id, message=dict(message) if message is not None else None
        )

    def add_bot_message(self, channel_id: int, body: Mapping[str, Any]) -> dict:
        """Store a message the bot posted earlier (say, before a restart) and return it.

        ``body`` is what the bot would have sent (``content``, ``embeds``, ``components``...);
        useful for clicking a persistent view's button without a fresh send.
        """
        if self._channel(channel_id) is None:
            raise KeyError(f"unknown channel {channel_id}")
        message = self._build_message(channel_id, BOT_USER, body)
        self._store_message(message)
        return copy.deepcopy(message)

    # -- latency ----------------------------------------------------------------------------

    def reply_latencies(self) -> dict[int, float]:
        """Seconds from each MESSAGE_CREATE dispatch to the bot's first successful reply POST.

        A reply is matched by ``message_reference.message_id``; messages without one are matched
        to the next unclaimed successful POST in the same channel, in dispatch order.
        """
        posts = [
            r
            for r in self.requests.items
            if r.method == "POST"
            and _CHANNEL_MESSAGES_ROUTE.fullmatch(r.route)
            and 200 <= r.status < 300
        ]
        latencies: dict[int, float] = {}
        claimed: set[int] = set()
        for r in posts:
            ref = (r.json or {}).get("message_reference") or {}
            target = ref.get("message_id")
            if target is None:
                continue
            mid = int(target)
            if mid in self._message_dispatched_at and mid not in latencies:
                latencies[mid] = r.at - self._message_dispatched_at[mid]
                claimed.add(r.index)
        by_time = sorted(self._message_dispatched_at.items(), key=lambda item: item[1])
        for mid, at in by_time:
            if mid in latencies:
                continue
            channel_id = self.messages[mid]["channel_id"] if mid in self.messages else None
            for r in posts:
                match = _CHANNEL_MESSAGES_ROUTE.fullmatch(r.route)
                if (
                    r.index not in claimed
                    and r.at >= at
                    and match is not None
                    and match.group(1) == str(channel_id)
                    and not (r.json or {}).get("message_reference")
                ):
                    latencies[mid] = r.at - at
                    claimed.add(r.index)
                    break
        return latencies

    def interaction_latencies(self) -> dict[int, float]:
        """Seconds from each INTERACTION_CREATE dispatch to the bot's callback POST."""
        result: dict[int, float] = {}
        for interaction_id, state in self.interactions.items():
            for r in self.requests.items:
                if r.method == "POST" and r.route == state.ref.callback_route:
                    result[interaction_id] = r.at - state.dispatched_at
                    break
        return result


# --- pytest helpers ----------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def running_fake(**options: Any) -> AsyncIterator[DiscordFake]:
    """A started :class:`DiscordFake` on 127.0.0.1, closed afterwards."""
    fake = DiscordFake(**options)
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()


@pytest_asyncio.fixture
async def discord_fake() -> AsyncIterator[DiscordFake]:
    """Fixture form of :func:`running_fake` (import it into a test module or conftest)."""
    async with running_fake() as fake:
        yield fake


async def _no_identify_delay(shard_id: int | None, *, initial: bool = False) -> None:
    return None


async def start_client(
    client: discord.Client,
    fake: DiscordFake,
    *,
    timeout: float = 5.0,
    skip_identify_delay: bool = True,
) -> None:
    """Point discord.py at ``fake``, log ``client`` in and connect it; return once it is ready.

    Does what ``client.start("fake-token")`` does, in its two steps: ``login`` (which runs
    ``setup_hook``) is awaited first because ``wait_until_ready`` cannot be called before it,
    then ``connect`` runs as a task. Give the client ``guild_ready_timeout=0.05`` or on_ready
    waits 2 s. Pair with :func:`stop_client`.

    discord.py's default ``Client.before_identify_hook`` sleeps 5 s before every IDENTIFY after
    the first (after INVALID_SESSION or a 4009 close). With ``skip_identify_delay`` (the default)
    that hook is replaced on this client instance, unless its class overrides the hook itself.
    """
    if skip_identify_delay and (
        type(client).before_identify_hook is discord.Client.before_identify_hook
    ):
        client.before_identify_hook = _no_identify_delay  # type: ignore[method-assign]
    point_discord_at(fake.api_base, fake.gateway_url)
    try:
        await asyncio.wait_for(client.login("fake-token"), timeout)
        task = asyncio.create_task(client.connect(), name="discord-fake-client")
        fake._client_tasks[client] = task
        ready = asyncio.ensure_future(client.wait_until_ready())
        done, _ = await asyncio.wait(
            {task, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if ready in done:
            return
        ready.cancel()
        if task in done:
            raise RuntimeError("the client stopped before it was ready") from task.exception()
        raise TimeoutError(f"the client was not ready within {timeout}s")
    except BaseException:
        await stop_client(client, fake)
        raise


async def stop_client(
    client: discord.Client, fake: DiscordFake, *, timeout: float = 5.0
) -> BaseException | None:
    """Close ``client``, wait for its connection task and restore discord.py's endpoints.

    Returns the exception the connection task ended with (e.g. ``ConnectionClosed`` after a
    fatal close code), or None.
    """
    error: BaseException | None = None
    try:
        if not client.is_closed():
            await asyncio.wait_for(client.close(), timeout)
        task = fake._client_tasks.pop(client, None)
        if task is not None:
            done, _ = await asyncio.wait({task}, timeout=timeout)
            if not done:
                task.cancel()
                raise TimeoutError("the client's connection task did not finish")
            if not task.cancelled():
                error = task.exception()
    finally:
        restore_discord_defaults()
    return error


@contextlib.asynccontextmanager
async def connected_client(
    client: discord.Client, fake: DiscordFake, *, timeout: float = 5.0
) -> AsyncIterator[discord.Client]:
    """``async with connected_client(client, fake):`` start, yield, stop."""
    await start_client(client, fake, timeout=timeout)
    try:
        yield client
    finally:
        await stop_client(client, fake, timeout=timeout)
