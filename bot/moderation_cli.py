"""Moderator shell commands, for moderators who keep the FAQ in git.

    unanswered [--json] [--status S]    the review queue, most asked first
    resolve GROUP --as ENTRY            add the group's question to ENTRY's alternates (the
                                        same validated YAML edit as /faqadmin), mark resolved
    ignore GROUP                        hide a group from review for good
    stats [--json] [--since DATE]       what the bot did since DATE (or ever)
    export-unanswered                   YAML entry stubs for the open groups
    audit [--json]                      who changed what, newest first
    bench-reload                        time a 10 000-entry reload while questions are asked

Errors are one line on stderr with exit code 1: an unknown group or entry, a missing database
(read commands never create one), a locked database. Opening the store also runs the
retention purge, so old questions and votes go even when the bot is not running.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from bot.config import Settings
from bot.knowledge import validate_knowledge
from bot.knowledge.editing import EditError, EditRejected
from bot.moderation import (
    CurationError,
    Curator,
    export_stubs,
    group_json,
    group_line,
    operator_name,
    parse_since,
    stats_json,
    stats_lines,
)
from bot.store import GroupStatus, Store, StoreError

# The audit log's actor for shell edits; the OS user goes in the details.
SHELL_ACTOR = "shell"
STATUSES = ("new", "resolved", "ignored", "all")


def add_moderation_commands(commands: Any, add_paths: Callable[..., None]) -> None:
    """Register the moderator sub-commands on the main parser."""
    unanswered = commands.add_parser("unanswered", help="the unanswered-question review queue")
    unanswered.add_argument("--json", action="store_true", help="one JSON array")
    unanswered.add_argument("--status", choices=STATUSES, default="new",
                            help="which groups (default: new)")
    unanswered.add_argument("--limit", type=_positive, default=50, help="at most this many")
    add_paths(unanswered)

    resolve = commands.add_parser(
        "resolve", help="add a group's question to an entry's alternates and resolve it")
    resolve.add_argument("group", type=_group_id, help="group id (from `unanswered`)")
    resolve.add_argument("--as", dest="entry", required=True, metavar="ENTRY",
                         help="id of the entry that answers it")
    resolve.add_argument("--phrasing", help="add this text instead of the group's question")
    add_paths(resolve)

    ignore = commands.add_parser("ignore", help="hide a group from review for good")
    ignore.add_argument("group", type=_group_id, help="group id (from `unanswered`)")
    add_paths(ignore)

    stats = commands.add_parser("stats", help="questions, bands, votes, top entries and groups")
    stats.add_argument("--json", action="store_true")
    stats.add_argument("--since", type=_since, metavar="DATE",
                       help="YYYY-MM-DD, an ISO date-time, or 24h / 7d / 2w (default: ever)")
    add_paths(stats)

    export = commands.add_parser("export-unanswered", help="YAML entry stubs for new groups")
    export.add_argument("--limit", type=_positive, default=50, help="at most this many groups")
    add_paths(export)

    audit = commands.add_parser("audit", help="moderator actions, newest first")
    audit.add_argument("--json", action="store_true")
    audit.add_argument("--limit", type=_positive, default=50)
    add_paths(audit)

    bench = commands.add_parser("bench-reload",
                                help="reload time of a large knowledge folder under load")
    bench.add_argument("--entries", type=_positive, default=10_000)
    bench.add_argument("--files", type=_positive, default=20, help="YAML files to spread over")
    bench.add_argument("--repeats", type=_positive, default=3)
    bench.add_argument("--rate", type=float, default=100.0,
                       help="questions per second during each reload (0: back to back)")
    bench.add_argument("--json", action="store_true")
    add_paths(bench, db=False)


def run_moderation_command(command: str, args: argparse.Namespace, settings: Settings) -> int:
    """Run one moderator sub-command; returns the exit code."""
    if command == "bench-reload":
        from bot.reload_bench import format_reload_bench, run_reload_bench

        results = run_reload_bench(settings.knowledge_path, args.entries, args.files,
                                   args.repeats, rate=args.rate)
        print(json.dumps(results, indent=2) if args.json else format_reload_bench(results))
        return 0 if results["within_target"] and results["consistent"] else 1
    handler = _HANDLERS.get(command)
    if handler is None:
        raise SystemExit(f"unknown command {command!r}")
    try:
        return asyncio.run(handler(args, settings))
    except (CurationError, StoreError, EditError) as exc:
        _error(exc)
        return 1


# -- argument types ---------------------------------------------------------------------------

def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _group_id(text: str) -> int:
    try:
        return _positive(text.lstrip("#"))
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a group id (a number such as 12)"
                                         ) from None


def _since(text: str) -> datetime:
    try:
        return parse_since(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


# -- output -----------------------------------------------------------------------------------

def _error(exc: BaseException) -> None:
    if isinstance(exc, EditRejected):
        print(f"error: {exc}", file=sys.stderr)  # the problems, one file:line each
        print("the file was not changed", file=sys.stderr)
        return
    message = " ".join(str(exc).split())
    if "locked" in message:
        message += " (another process is writing to it; try again in a moment)"
    print(f"error: {message}", file=sys.stderr)


@contextmanager
def _quiet_store_warnings() -> Iterator[None]:
    """While opening: a purge that cannot run now (the bot holds the write lock) is retried
    by the bot itself; the command's own outcome is what this terminal should show."""
    store_log = logging.getLogger("bot.store")
    level = store_log.level
    store_log.setLevel(max(level, logging.ERROR))
    try:
        yield
    finally:
        store_log.setLevel(level)


async def _open_store(settings: Settings) -> Store:
    """The existing database (never a new one: a typo in --db must not look like an empty
    queue), migrated and purged of expired rows."""
    path = settings.db_path
    if not path.is_file():
        raise CurationError(f"no database at {path} (the bot creates it when it first logs a "
                            "question; pass --db or set BOT_DB_PATH)")
    with _quiet_store_warnings():
        return await Store.open(path, retention_days=settings.retention_days)


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


# -- commands ---------------------------------------------------------------------------------

async def _unanswered(args: argparse.Namespace, settings: Settings) -> int:
    status: GroupStatus | None = None if args.status == "all" else args.status
    async with await _open_store(settings) as store:
        groups = await store.list_groups(status, limit=args.limit)
    if args.json:
        _print_json([group_json(g) for g in groups])
    elif not groups:
        print(f"No {'' if status is None else status + ' '}unanswered groups.")
    else:
        for group in groups:
            print(group_line(group))
    return 0


async def _resolve(args: argparse.Namespace, settings: Settings) -> int:
    async with await _open_store(settings) as store:
        curator = Curator(store, settings.knowledge_path)
        outcome = await curator.add_alternate(args.group, args.entry, SHELL_ACTOR,
                                              phrasing=args.phrasing, user=operator_name())
    print(outcome.summary())
    if outcome.edit.diff:
        print(outcome.edit.diff, end="")
        print("A running bot picks the change up by itself (hot reload), or on "
              "/faqadmin reload.")
    return 0


async def _ignore(args: argparse.Namespace, settings: Settings) -> int:
    async with await _open_store(settings) as store:
        group = await Curator(store, settings.knowledge_path).ignore(args.group, SHELL_ACTOR)
    print(f"Group #{group.id} ignored: “{group.representative_text}” (asked {group.count} "
          "times). Repeats only raise its count.")
    return 0


async def _stats(args: argparse.Namespace, settings: Settings) -> int:
    async with await _open_store(settings) as store:
        stats = await store.stats(args.since)
    if args.json:
        _print_json(stats_json(stats))
    else:
        label = f"since {args.since:%Y-%m-%d %H:%M} UTC" if args.since else "all time"
        print("\n".join(stats_lines(stats, label)))
    return 0


async def _export(args: argparse.Namespace, settings: Settings) -> int:
    async with await _open_store(settings) as store:
        groups = await store.list_groups("new", limit=args.limit)
    kb, problems = await asyncio.to_thread(validate_knowledge, settings.knowledge_path)
    if kb is None:
        print(f"warning: the knowledge base has {len(problems)} problem(s); stub ids may clash",
              file=sys.stderr)
    if not groups:
        print("# No new unanswered groups.")
        return 0
    print(export_stubs(groups, kb), end="")
    return 0


async def _audit(args: argparse.Namespace, settings: Settings) -> int:
    async with await _open_store(settings) as store:
        entries = await store.list_audit(args.limit)
    if args.json:
        _print_json([{"id": e.id, "at": e.created_at.isoformat(), "actor": e.actor,
                      "action": e.action, "entry": e.entry_id, "file": e.file,
                      "group": e.group_id, "details": e.details} for e in entries])
        return 0
    for e in entries:
        target = " ".join(x for x in (e.entry_id or "", e.file or "",
                                      f"#{e.group_id}" if e.group_id else "") if x)
        details = " ".join(f"{k}={v}" for k, v in sorted(e.details.items()))
        print(f"{e.created_at:%Y-%m-%d %H:%M:%S} {e.actor:<20} {e.action:<15} {target} "
              f"{details}".rstrip())
    return 0


_HANDLERS: dict[str, Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]] = {
    "unanswered": _unanswered,
    "resolve": _resolve,
    "ignore": _ignore,
    "stats": _stats,
    "export-unanswered": _export,
    "audit": _audit,
}
