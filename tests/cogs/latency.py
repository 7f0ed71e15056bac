"""Reply latency and memory of the real bot against the loopback fake.

    .venv/bin/python -m tests.cogs.latency                  # 1000 messages, bot in-process
    .venv/bin/python -m tests.cogs.latency --subprocess     # the bot as `python -m bot`

Latency is measured by the fake: from sending MESSAGE_CREATE to receiving the reply POST
(`DiscordFake.reply_latencies`). Messages are sent one after another (each waits for its
reply), mentions rotating over answered questions, so every one takes the full path: engine,
store queue, rendering, REST. The repeat window is off so each gets a full answer.

RSS is VmRSS from /proc: of this process after connecting (in-process mode: bot, fake and
test harness together, so an upper bound), or of the bot's own process (--subprocess).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

from bot.app import open_app
from bot.client import AnswerBot
from tests.cogs.conftest import BASE_SETTINGS, KNOWLEDGE
from tests.discord_fake import (
    APP_ID,
    GENERAL_CHANNEL_ID,
    MEMBER_USER,
    DiscordFake,
    connected_client,
    percentile,
    running_fake,
)

QUESTIONS = (
    "How long is the MCMI Training?",
    "is MCMI accredited?",
    "Is there a free masterclass?",
    "What is The Teaching Circle?",
)
ROOT = Path(__file__).resolve().parents[2]


def rss_mb(pid: int | str = "self") -> float:
    """Resident set size in MB, from /proc/<pid>/status (psutil is not installed)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc status")


async def send_messages(fake: DiscordFake, count: int) -> dict[str, float]:
    """Send `count` mentions one at a time; latency percentiles in milliseconds."""
    for index in range(count):
        question = QUESTIONS[index % len(QUESTIONS)]
        message_id = await fake.message_create(GENERAL_CHANNEL_ID, MEMBER_USER,
                                               f"<@{APP_ID}> {question}")
        await fake.wait_for_reply(message_id, timeout=10)
    latencies = [s * 1000 for s in fake.reply_latencies().values()]
    if len(latencies) != count:
        raise RuntimeError(f"{len(latencies)} replies for {count} messages")
    return {"p50": percentile(latencies, 50), "p99": percentile(latencies, 99),
            "max": max(latencies)}


@contextlib.asynccontextmanager
async def bot_in_process(fake: DiscordFake, db_dir: Path) -> AsyncIterator[float]:
    """The real bot, engine and store in this process; yields RSS after connecting."""
    settings = replace(BASE_SETTINGS, db_path=db_dir / "bot.db", repeat_window_seconds=0,
                       user_rate_limit=1_000_000)
    async with open_app(settings) as app:
        bot = AnswerBot(settings=settings, engine=app.engine, store=app.store,
                        guild_ready_timeout=0.05)
        async with connected_client(bot, fake):
            yield rss_mb()


@contextlib.asynccontextmanager
async def bot_subprocess(fake: DiscordFake, db_dir: Path) -> AsyncIterator[float]:
    """`python -m bot` pointed at the fake; yields its RSS after connecting, then SIGTERMs it."""
    env = {
        **os.environ,
        "DISCORD_TOKEN": "fake-token-for-latency",
        "DISCORD_API_BASE": fake.api_base,
        "BOT_DB_PATH": str(db_dir / "bot.db"),
        "KNOWLEDGE_PATH": str(KNOWLEDGE),
        "REPEAT_WINDOW_SECONDS": "0",
        "USER_RATE_LIMIT": "1000000",
        "LOG_LEVEL": "WARNING",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    try:
        await fake.wait_for_session(timeout=30)
        # READY is followed by the guild-ready wait (2 s by default) before events are handled.
        probe = await fake.message_create(GENERAL_CHANNEL_ID, MEMBER_USER,
                                          f"<@{APP_ID}> {QUESTIONS[0]}")
        await fake.wait_for_reply(probe, timeout=30)
        yield rss_mb(process.pid)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
        if process.returncode != 0:
            raise RuntimeError(f"bot exited {process.returncode}: {stderr.decode()[-2000:]}")


async def measure(count: int, *, subprocess: bool = False) -> dict[str, float]:
    """Connect the bot, send `count` messages; latency percentiles (ms) and RSS (MB)."""
    with tempfile.TemporaryDirectory() as tmp:
        async with running_fake() as fake:
            runner = bot_subprocess if subprocess else bot_in_process
            async with runner(fake, Path(tmp)) as rss:
                if subprocess:
                    # The probe message is already in the fake's figures; measure fresh ones.
                    fake._message_dispatched_at.clear()
                started = time.perf_counter()
                figures = await send_messages(fake, count)
                figures["seconds"] = time.perf_counter() - started
                figures["rss_mb"] = rss
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--subprocess", action="store_true",
                        help="run the bot as `python -m bot` and measure its own RSS")
    args = parser.parse_args()
    figures = asyncio.run(measure(args.messages, subprocess=args.subprocess))
    mode = "bot subprocess" if args.subprocess else "bot in-process"
    print(f"{args.messages} messages ({mode}): p50 {figures['p50']:.2f} ms, "
          f"p99 {figures['p99']:.2f} ms, max {figures['max']:.2f} ms "
          f"({figures['seconds']:.1f} s); RSS after connecting {figures['rss_mb']:.1f} MB")


if __name__ == "__main__":
    main()
