"""Where discord.py sends its REST requests and opens its gateway websocket.

discord.py keeps both endpoints in class attributes: ``discord.http.Route.BASE`` for REST and
``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` for the gateway (a plain ``Client`` connects
there directly instead of asking ``GET /gateway/bot``). Pointing both at another address lets the
bot run against any Discord-compatible server, and lets the tests run a real ``discord.Client``
against the loopback fake in ``tests/discord_fake.py``.

These are process-wide settings: change them before ``Client.login`` and restore them once the
client is closed.
"""

from __future__ import annotations

import discord.gateway
import discord.http
import yarl

__all__ = ["point_discord_at", "restore_discord_defaults"]

_DEFAULT_API_BASE: str = discord.http.Route.BASE
_DEFAULT_GATEWAY: yarl.URL = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY

# A REST base on http(s) implies a gateway on ws(s) at the same host and port.
_WEBSOCKET_SCHEME = {"http": "ws", "https": "wss"}


def point_discord_at(api_base: str | None, gateway_url: str | None = None) -> None:
    """Send discord.py's REST requests to ``api_base`` and its gateway connection to a matching URL.

    ``api_base`` is the full REST base, for example ``"http://127.0.0.1:8080/api/v10"``; a trailing
    slash is dropped. ``gateway_url`` defaults to the same host and port with the ws/wss scheme and
    the path ``/gateway``. When ``api_base`` is ``None`` or empty nothing changes, so the bot keeps
    talking to Discord's own endpoints.

    Raises:
        ValueError: ``api_base`` is not an absolute http(s) URL.
    """
    if not api_base:
        return
    base = api_base.rstrip("/")
    if gateway_url:
        gateway = yarl.URL(gateway_url)
    else:
        parsed = yarl.URL(base)
        scheme = _WEBSOCKET_SCHEME.get(parsed.scheme)
        if scheme is None or not parsed.host:
            raise ValueError(f"api_base must be an absolute http(s) URL, got {api_base!r}")
        gateway = yarl.URL.build(scheme=scheme, host=parsed.host, port=parsed.explicit_port)
        gateway = gateway.with_path("/gateway")
    discord.http.Route.BASE = base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway


def restore_discord_defaults() -> None:
    """Put back the REST base and gateway URL discord.py had when this module was imported."""
    discord.http.Route.BASE = _DEFAULT_API_BASE
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = _DEFAULT_GATEWAY
