"""Settings from the environment (optionally a `.env` file), with documented defaults.

Every setting is listed in the README's "Settings" table. Nothing is read at import time:
`Settings.from_env()` is called once by the entry point and the result is passed down.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.matching.verdict import Thresholds

DEFAULT_DB_PATH = Path("data/bot.db")
DEFAULT_KNOWLEDGE_PATH = Path("knowledge")


class Secret:
    """A string that never prints itself, so a token cannot leak into a log line or a repr."""

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        """The real value; call only where it is handed to the library that needs it."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('**********')" if self._value else "Secret('')"

    __str__ = __repr__


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names the variable."""


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from None


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


def _ids(env: Mapping[str, str], name: str) -> frozenset[int]:
    raw = env.get(name, "")
    ids = set()
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise SettingsError(f"{name} must be a comma-separated list of ids, got {part!r}")
        ids.add(int(part))
    return frozenset(ids)


def _optional_id(env: Mapping[str, str], name: str) -> int | None:
    ids = _ids(env, name)
    if len(ids) > 1:
        raise SettingsError(f"{name} takes one id")
    return next(iter(ids), None)


@dataclass(frozen=True)
class Settings:
    """Everything the bot can be configured with. Defaults are the documented ones."""

    token: Secret = field(default_factory=lambda: Secret(""))
    knowledge_path: Path = DEFAULT_KNOWLEDGE_PATH
    db_path: Path = DEFAULT_DB_PATH
    answer_channel_ids: frozenset[int] = frozenset()
    moderator_role_id: int | None = None
    moderator_channel_id: int | None = None
    thresholds: Thresholds = field(default_factory=Thresholds)
    repeat_window_seconds: int = 300
    user_rate_limit: int = 5
    user_rate_window_seconds: int = 60
    ephemeral_slash_replies: bool = False
    api_base: str | None = None
    gateway_url: str | None = None
    hot_reload: bool = True
    retention_days: int = 180
    stale_after_days: int = 180
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read settings from a mapping (default: the process environment)."""
        env = os.environ if env is None else env
        defaults = Thresholds()
        thresholds = Thresholds(
            answer=_float(env, "ANSWER_THRESHOLD", defaults.answer),
            suggest=_float(env, "SUGGEST_THRESHOLD", defaults.suggest),
            margin=_float(env, "ANSWER_MARGIN", defaults.margin),
            min_coverage=_float(env, "ANSWER_MIN_COVERAGE", defaults.min_coverage),
            min_phrasing_coverage=_float(env, "ANSWER_MIN_PHRASING_COVERAGE",
                                         defaults.min_phrasing_coverage),
            intent_share=_float(env, "TOPIC_VETO_SHARE", defaults.intent_share),
        )
        if not 0 <= thresholds.suggest <= thresholds.answer <= 1:
            raise SettingsError("need 0 <= SUGGEST_THRESHOLD <= ANSWER_THRESHOLD <= 1")
        if not 0 <= thresholds.intent_share <= 1:
            raise SettingsError("need 0 <= TOPIC_VETO_SHARE <= 1")
        if not 0 <= thresholds.min_phrasing_coverage <= 1:
            raise SettingsError("need 0 <= ANSWER_MIN_PHRASING_COVERAGE <= 1")
        return cls(
            token=Secret(env.get("DISCORD_TOKEN", "").strip()),
            knowledge_path=Path(env.get("KNOWLEDGE_PATH", "").strip() or DEFAULT_KNOWLEDGE_PATH),
            db_path=Path(env.get("BOT_DB_PATH", "").strip() or DEFAULT_DB_PATH),
            answer_channel_ids=_ids(env, "ANSWER_CHANNEL_IDS"),
            moderator_role_id=_optional_id(env, "MODERATOR_ROLE_ID"),
            moderator_channel_id=_optional_id(env, "MODERATOR_CHANNEL_ID"),
            thresholds=thresholds,
            repeat_window_seconds=_int(env, "REPEAT_WINDOW_SECONDS", 300),
            user_rate_limit=_int(env, "USER_RATE_LIMIT", 5, minimum=1),
            user_rate_window_seconds=_int(env, "USER_RATE_WINDOW_SECONDS", 60, minimum=1),
            ephemeral_slash_replies=_bool(env, "EPHEMERAL_SLASH_REPLIES", False),
            api_base=env.get("DISCORD_API_BASE", "").strip() or None,
            gateway_url=env.get("DISCORD_GATEWAY_URL", "").strip() or None,
            hot_reload=_bool(env, "HOT_RELOAD", True),
            retention_days=_int(env, "RETENTION_DAYS", 180, minimum=1),
            stale_after_days=_int(env, "STALE_AFTER_DAYS", 180, minimum=1),
            log_level=(env.get("LOG_LEVEL", "").strip() or "INFO").upper(),
        )
