"""Command line: `python -m bot [COMMAND]`.

    run (default)      the bot on Discord when DISCORD_TOKEN is set, else the local console
    console            interactive chat on the same engine
    ask                answer questions (argument or stdin lines), text or --json lines
    validate [PATH]    check a knowledge folder; exit 1 on any problem
    eval --set FILE    answer quality on a labelled question file
    bench              matcher speed and memory against plain rapidfuzz extractOne
    unanswered, resolve, ignore, stats, export-unanswered, audit, bench-reload
                       the moderators' shell (bot/moderation_cli.py)

Discord is imported only by `run` with a token: `ask`, `validate` and `eval` stay light.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.config import Settings, SettingsError
from bot.knowledge import KnowledgeBase, KnowledgeError, validate_knowledge

Handler = Callable[[argparse.Namespace, Settings], int]


def _add_paths(parser: argparse.ArgumentParser, *, db: bool = True) -> None:
    parser.add_argument("--knowledge", type=Path, help="knowledge folder (env KNOWLEDGE_PATH)")
    if db:
        parser.add_argument("--db", type=Path, help="SQLite file (env BOT_DB_PATH, "
                            "default data/bot.db)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command")

    run = commands.add_parser("run", help="Discord bot if DISCORD_TOKEN is set, else console")
    _add_paths(run)
    console = commands.add_parser("console", help="interactive chat on the same engine")
    _add_paths(console)

    ask = commands.add_parser("ask", help="answer a question, or every stdin line")
    ask.add_argument("question", nargs="*", help="the question (omit to read stdin lines)")
    ask.add_argument("--json", action="store_true", help="one JSON object per line")
    _add_paths(ask)

    validate = commands.add_parser("validate", help="check a knowledge folder")
    validate.add_argument("path", nargs="?", type=Path, help="folder or file (default: "
                          "KNOWLEDGE_PATH or knowledge/)")

    evaluate = commands.add_parser("eval", help="answer quality on a labelled question set")
    evaluate.add_argument("--set", dest="sets", type=Path, action="append", required=True,
                          help="YAML list of {q, expect}; repeat for several files")
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.add_argument("--misses", type=int, default=50, help="how many misses to list")
    _add_paths(evaluate, db=False)

    bench = commands.add_parser("bench", help="matcher speed vs plain rapidfuzz extractOne")
    bench.add_argument("--sizes", default="20,1000,10000", help="KB sizes (entries)")
    bench.add_argument("--queries", type=int, default=1000, help="questions per size")
    bench.add_argument("--json", action="store_true")
    _add_paths(bench, db=False)

    from bot.moderation_cli import add_moderation_commands

    add_moderation_commands(commands, _add_paths)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    from dataclasses import replace

    settings = Settings.from_env()
    if getattr(args, "knowledge", None):
        settings = replace(settings, knowledge_path=args.knowledge)
    if getattr(args, "db", None):
        settings = replace(settings, db_path=args.db)
    return settings


def _cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    if settings.token:
        from bot.client import run_discord

        asyncio.run(run_discord(settings))
        return 0
    print("DISCORD_TOKEN is not set: starting the local console instead.", file=sys.stderr)
    return _cmd_console(args, settings)


def _cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console import run_console

    return asyncio.run(run_console(settings))


def _cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console import run_ask

    question = " ".join(args.question) if args.question else None
    return asyncio.run(run_ask(settings, question, as_json=args.json))


def _cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    path = args.path or settings.knowledge_path
    kb, problems = validate_knowledge(path)
    if kb is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s) in {path}", file=sys.stderr)
        return 1
    alternates = sum(len(e.alternates) for e in kb.entries)
    print(f"OK: {path}: {len(kb.entries)} entries, {alternates} alternates, "
          f"{len(kb.tags)} tags, {len(kb.vocabulary.synonyms)} synonym groups, "
          f"{len(kb.files)} file(s){_few_alternates_hint(kb)}")
    return 0


# Below this many alternates an entry is answered far less often: on the evaluation KBs,
# 2-3 alternates an entry answer about 60 % of questions right, 4-6 about 70-85 %, the
# shipped KB's 20-30 about 90-97 % (README "Answer quality").
FEW_ALTERNATES = 4


def _few_alternates_hint(kb: KnowledgeBase) -> str:
    """The summary's note on entries with few alternates (empty when there are none): valid,
    but the bot will mostly offer "did you mean" for them, so moderators should know."""
    few = [e.id for e in kb.entries if len(e.alternates) < FEW_ALTERNATES]
    if not few:
        return ""
    shown = ", ".join(few[:3]) + (", …" if len(few) > 3 else "")
    return (f"; {len(few)} with fewer than {FEW_ALTERNATES} alternates ({shown}): add the "
            f"ways members ask, or they are often only suggested")


def _cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.evaluation import evaluate_files, format_report

    report = evaluate_files(settings.knowledge_path, args.sets, settings.thresholds)
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
    else:
        print(format_report(report, max_misses=args.misses))
    return 0


def _cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    from bot.benchmark import format_bench, run_bench

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results = run_bench(settings.knowledge_path, sizes, args.queries)
    print(json.dumps(results, indent=2) if args.json else format_bench(results))
    return 0


COMMANDS: dict[str, Handler] = {
    "run": _cmd_run,
    "console": _cmd_console,
    "ask": _cmd_ask,
    "validate": _cmd_validate,
    "eval": _cmd_eval,
    "bench": _cmd_bench,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "run"
    try:
        from dotenv import load_dotenv

        load_dotenv(override=False)
        settings = _settings(args)
        if command != "run" or not settings.token:
            # The Discord bot uses discord.py's own logging set-up instead (bot/client.py).
            # In a terminal, only warnings unless LOG_LEVEL asks for more.
            level = settings.log_level if os.environ.get("LOG_LEVEL") else "WARNING"
            logging.basicConfig(level=getattr(logging, level, logging.WARNING),
                                format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        if command in COMMANDS:
            return COMMANDS[command](args, settings)
        from bot.moderation_cli import run_moderation_command

        return run_moderation_command(command, args, settings)
    except SettingsError as exc:
        print(f"settings error: {exc}", file=sys.stderr)
        return 2
    except KnowledgeError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
