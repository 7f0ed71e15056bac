"""The local console and the `ask` command: the same engine as Discord, in a terminal.

Answers are rendered as plain text a person reads (console) or as the documented JSON lines
(`ask --json`), one output line per input line, flushed as it goes so pipes stream.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import textwrap
from collections.abc import AsyncIterator

from bot.answer_json import result_to_json
from bot.app import open_app
from bot.config import Settings
from bot.engine import AnswerEngine
from bot.matching.verdict import Band, MatchResult
from bot.replies import unanswered_note
from bot.texts import (
    DECLINE_TEXT,
    HOME_URL,
    SEVERAL_QUESTIONS_TEXT,
    SEVERAL_QUESTIONS_TITLE,
    SUGGEST_TEXT,
    small_talk_text,
)

WIDTH = 88
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`")


def render_text(result: MatchResult, safety_message: str, *, can_pick: bool = False) -> str:
    """A result as a person would read it in a terminal (`can_pick`: the console, where a
    number typed next picks a suggestion; `ask` answers and exits)."""
    if result.band is Band.SAFETY:
        return _wrap(safety_message)
    if result.band is Band.ANSWER and result.entry is not None:
        entry = result.entry
        lines = [f"== {entry.question} ==", _wrap(_plain(entry.answer))]
        lines += [f"  -> {link.label}: {link.url}" for link in entry.links]
        note = unanswered_note(result.unanswered_questions)
        if note:
            lines.append(_wrap(note))
        return "\n".join(lines)
    if result.band is Band.SUGGEST:
        lines = [f"{SEVERAL_QUESTIONS_TITLE}. {SEVERAL_QUESTIONS_TEXT}"
                 if result.several_questions else SUGGEST_TEXT]
        lines += [f"  {i}. {c.entry.question}" for i, c in enumerate(result.suggestions, 1)]
        lines.append("(type a number to see that answer, or ask again in other words)"
                     if can_pick else "(ask one of these to see its answer)")
        return "\n".join(lines)
    if result.small_talk:
        return _wrap(small_talk_text(result.question))
    return _wrap(f"{DECLINE_TEXT} {HOME_URL}")


def _plain(markdown: str) -> str:
    """Discord Markdown as a terminal shows it: emphasis markers dropped, bullets kept."""
    return _EMPHASIS.sub("", markdown)


def _wrap(text: str) -> str:
    return "\n".join(
        textwrap.fill(line, WIDTH) if line.strip() else "" for line in text.splitlines()
    )


async def _lines() -> AsyncIterator[str]:
    """Stdin lines without blocking the event loop (the store writes in the background)."""
    while True:
        line = await asyncio.to_thread(sys.stdin.readline)
        if not line:
            return
        yield line.rstrip("\n")


def _render(engine: AnswerEngine, result: MatchResult, as_json: bool, *,
            can_pick: bool = False) -> str:
    if as_json:
        payload = result_to_json(result)
        if result.band is Band.SAFETY:
            payload["message"] = engine.kb.safety.message
        return json.dumps(payload, ensure_ascii=False)
    return render_text(result, engine.kb.safety.message, can_pick=can_pick)


async def run_ask(settings: Settings, question: str | None, *, as_json: bool) -> int:
    """`python -m bot ask`: answer one question, or every stdin line, streaming."""
    async with open_app(settings) as app:
        if question is not None:
            result = await app.engine.ask(question, source="cli")
            print(_render(app.engine, result, as_json), flush=True)
            return 0
        async for line in _lines():
            result = await app.engine.ask(line, source="cli")
            # Text answers span lines; keep "one output line per input line" by escaping them.
            rendered = _render(app.engine, result, as_json)
            print(rendered if as_json else rendered.replace("\n", " | "), flush=True)
    return 0


async def run_console(settings: Settings) -> int:
    """`python -m bot console`: an interactive chat, with numbered "did you mean" picks."""
    async with open_app(settings) as app:
        kb = app.engine.kb
        print(f"Teaching Circle FAQ console: {len(kb.entries)} entries from "
              f"{settings.knowledge_path}. Ask a question; Ctrl-D or 'quit' to leave.")
        last: MatchResult | None = None
        while True:
            try:
                line = await asyncio.to_thread(input, "\nyou> ")
            except EOFError:
                print()
                return 0
            text = line.strip()
            if text.lower() in ("quit", "exit"):
                return 0
            if last is not None and last.band is Band.SUGGEST and text.isdigit():
                pick = int(text)
                if 1 <= pick <= len(last.suggestions):
                    entry = last.suggestions[pick - 1].entry
                    picked = MatchResult(entry.question, Band.ANSWER, last.suggestions, entry)
                    print(render_text(picked, kb.safety.message))
                    last = None
                    continue
            last = await app.engine.ask(text, source="console")
            print(_render(app.engine, last, as_json=False, can_pick=True))
