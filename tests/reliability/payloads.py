"""What every message the bot sends must satisfy, checked on the fake's recorded requests.

One checker for all reliability tests, so "0 pings and 0 limit violations" means the same thing
in the load, fault and hostile-input tests: every body the bot sent (channel messages and their
edits, interaction callbacks, webhook follow-ups) lets nobody be pinged and stays inside
Discord's documented limits. The fake rejects some over-limit bodies itself; checking here as
well catches a body the fake would accept but Discord would not (labels, select options).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.discord_fake import RecordedRequest

CONTENT_LIMIT = 2000
EMBEDS_LIMIT = 10
EMBED_TITLE_LIMIT = 256
EMBED_DESCRIPTION_LIMIT = 4096
EMBED_FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
ROWS_LIMIT = 5
ITEMS_PER_ROW = 5
COMPONENTS_LIMIT = 25
LABEL_LIMIT = 80
CUSTOM_ID_LIMIT = 100
SELECT_OPTIONS_LIMIT = 25
SELECT_TEXT_LIMIT = 100
PLACEHOLDER_LIMIT = 150
CHOICES_LIMIT = 25
CHOICE_TEXT_LIMIT = 100

_MESSAGE_ROUTE = re.compile(r"/channels/\d+/messages(/\d+)?")
_WEBHOOK_ROUTE = re.compile(r"/webhooks/\d+/[^/]+(/messages/[^/]+)?")
_CALLBACK_ROUTE = re.compile(r"/interactions/\d+/[^/]+/callback")
# A mass or role mention that would still *look* like one when echoed (neutralised echoes carry
# a zero-width space after the "@" or "<").
_RAW_MASS_MENTION = re.compile(r"@(everyone|here)|<@&\d+>")


@dataclass
class PayloadReport:
    """Counts over every message body the bot sent."""

    bodies: int = 0
    pings: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    raw_mass_mentions: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for a test's output."""
        return (f"{self.bodies} bodies: {len(self.pings)} pings, {len(self.violations)} limit "
                f"violations, {len(self.raw_mass_mentions)} raw @everyone/@here/role echoes, "
                f"{len(self.rejected)} rejected by the fake")


def message_bodies(request: RecordedRequest) -> list[dict[str, Any]]:
    """The message bodies inside one recorded request (none for reads and bare acks)."""
    body = request.json
    if not isinstance(body, dict):
        return []
    if request.method in ("POST", "PATCH") and (
            _MESSAGE_ROUTE.fullmatch(request.route) or _WEBHOOK_ROUTE.fullmatch(request.route)):
        return [body]
    if request.method == "POST" and _CALLBACK_ROUTE.fullmatch(request.route):
        data = body.get("data")
        # 4 = message, 7 = update message; 5/6 are bare acknowledgements; 8 autocomplete.
        if body.get("type") in (4, 7) and isinstance(data, dict):
            return [data]
    return []


def ping_problems(body: Mapping[str, Any]) -> list[str]:
    """Why this body could ping someone (empty when it cannot)."""
    allowed = body.get("allowed_mentions")
    if not isinstance(allowed, Mapping):
        return ["no allowed_mentions (Discord would parse every mention)"]
    problems = []
    if allowed.get("parse") != []:
        problems.append(f"allowed_mentions.parse is {allowed.get('parse')!r}, not []")
    if allowed.get("users") or allowed.get("roles"):
        problems.append(f"allowed_mentions lists people or roles: {allowed!r}")
    if allowed.get("replied_user"):
        problems.append("allowed_mentions.replied_user pings the asker")
    return problems


def limit_problems(body: Mapping[str, Any]) -> list[str]:
    """Every Discord limit this message body breaks."""
    problems: list[str] = []

    def over(what: str, value: Any, limit: int) -> None:
        if value is not None and len(value) > limit:
            problems.append(f"{what} is {len(value)} > {limit}")

    over("content", body.get("content"), CONTENT_LIMIT)
    embeds = body.get("embeds") or []
    over("embeds", embeds, EMBEDS_LIMIT)
    for i, embed in enumerate(embeds):
        title = embed.get("title") or ""
        description = embed.get("description") or ""
        footer = (embed.get("footer") or {}).get("text") or ""
        over(f"embed {i} title", title, EMBED_TITLE_LIMIT)
        over(f"embed {i} description", description, EMBED_DESCRIPTION_LIMIT)
        over(f"embed {i} footer", footer, EMBED_FOOTER_LIMIT)
        total = len(title) + len(description) + len(footer)
        if total > EMBED_TOTAL_LIMIT:
            problems.append(f"embed {i} totals {total} > {EMBED_TOTAL_LIMIT}")
    rows = body.get("components") or []
    over("component rows", rows, ROWS_LIMIT)
    items = [item for row in rows for item in row.get("components") or []]
    over("components", items, COMPONENTS_LIMIT)
    for r, row in enumerate(rows):
        over(f"row {r}", row.get("components") or [], ITEMS_PER_ROW)
    for item in items:
        over("label", item.get("label"), LABEL_LIMIT)
        over("custom_id", item.get("custom_id"), CUSTOM_ID_LIMIT)
        over("placeholder", item.get("placeholder"), PLACEHOLDER_LIMIT)
        options = item.get("options") or []
        over("select options", options, SELECT_OPTIONS_LIMIT)
        for option in options:
            for key in ("label", "value", "description"):
                over(f"option {key}", option.get(key), SELECT_TEXT_LIMIT)
        if item.get("type") == 2 and not (item.get("label") or item.get("emoji")):
            problems.append("a button with neither label nor emoji")
    return problems


def choice_problems(request: RecordedRequest) -> list[str]:
    """Limits on an autocomplete answer (callback type 8)."""
    body = request.json
    if not (request.method == "POST" and _CALLBACK_ROUTE.fullmatch(request.route)
            and isinstance(body, dict) and body.get("type") == 8):
        return []
    choices = (body.get("data") or {}).get("choices") or []
    problems = [f"{len(choices)} choices > {CHOICES_LIMIT}"] if len(choices) > CHOICES_LIMIT \
        else []
    for choice in choices:
        for key in ("name", "value"):
            value = str(choice.get(key, ""))
            if not value or len(value) > CHOICE_TEXT_LIMIT:
                problems.append(f"choice {key} has {len(value)} characters")
    return problems


def _visible_text(body: Mapping[str, Any]) -> str:
    parts = [str(body.get("content") or "")]
    for embed in body.get("embeds") or []:
        parts += [str(embed.get("title") or ""), str(embed.get("description") or ""),
                  str((embed.get("footer") or {}).get("text") or "")]
    for row in body.get("components") or []:
        for item in row.get("components") or []:
            parts.append(str(item.get("label") or ""))
    return "\n".join(parts)


def check_requests(requests: Iterable[RecordedRequest]) -> PayloadReport:
    """Check every message body in `requests` (normally `fake.requests.items`)."""
    report = PayloadReport()
    for request in requests:
        report.violations += [f"{request}: {p}" for p in choice_problems(request)]
        for body in message_bodies(request):
            report.bodies += 1
            report.pings += [f"{request}: {p}" for p in ping_problems(body)]
            report.violations += [f"{request}: {p}" for p in limit_problems(body)]
            raw = _RAW_MASS_MENTION.search(_visible_text(body))
            if raw:
                report.raw_mass_mentions.append(f"{request}: {raw.group(0)!r}")
            if request.status == 400:
                report.rejected.append(f"{request}: {request.response}")
    return report
