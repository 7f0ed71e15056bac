"""`python -m bot` with DISCORD_TOKEN set runs run_discord: connects, answers, stops cleanly on
SIGTERM (docker stop) and SIGINT (Ctrl-C), flushing and closing the database."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from tests.cogs.conftest import ANSWERED, ANSWERED_TITLE, KNOWLEDGE
from tests.cogs.latency import rss_mb
from tests.discord_fake import APP_ID, GENERAL_CHANNEL_ID, MEMBER_USER, running_fake

ROOT = Path(__file__).resolve().parents[2]
RSS_LIMIT_MB = 80
TOKEN = "MTE4NDAwMDAwMDAwMDAwMDAwMQ.secret-token-that-must-not-be-logged"


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
async def test_python_m_bot_serves_discord_and_stops_cleanly(
        tmp_path: Path, stop_signal: signal.Signals) -> None:
    db_path = tmp_path / "bot.db"
    env = {**os.environ, "DISCORD_TOKEN": TOKEN, "BOT_DB_PATH": str(db_path),
           "KNOWLEDGE_PATH": str(KNOWLEDGE), "LOG_LEVEL": "DEBUG"}
    async with running_fake() as fake:
        env["DISCORD_API_BASE"] = fake.api_base
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=ROOT, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        try:
            await fake.wait_for_session(timeout=20)
            message_id = await fake.message_create(GENERAL_CHANNEL_ID, MEMBER_USER,
                                                   f"<@{APP_ID}> {ANSWERED}")
            reply = await fake.wait_for_reply(message_id, timeout=20)
            assert reply.json["embeds"][0]["title"] == ANSWERED_TITLE
            assert reply.headers.get("Authorization") == f"Bot {TOKEN}"
            # Target: the connected bot with the shipped knowledge base fits in 80 MB.
            assert rss_mb(process.pid) <= RSS_LIMIT_MB
        finally:
            if process.returncode is None:
                process.send_signal(stop_signal)
            stdout, stderr = await asyncio.wait_for(process.communicate(), 20)
    logs = stdout.decode() + stderr.decode()
    assert process.returncode == 0, logs[-3000:]
    assert TOKEN not in logs
    assert "secret-token" not in logs
    assert "shutting down" in logs and "database closed" in logs
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT band, entry_id FROM questions").fetchall() == [
            ("answer", "mcmi-duration")], "the store was flushed on the way out"
