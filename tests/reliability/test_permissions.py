"""Moderator powers refuse everyone else: forged and replayed buttons, commands from anywhere,
and the shell's write commands for an operator who may not write the bot's files.

tests/cogs/test_admin.py already shows a member refused by every /faqadmin command in #general
and by buttons replayed from a real moderator listing. Here the attacker builds the custom ids
(any group, offset or entry, as a modified client can send them) and presses them on a public
bot message, in an answer channel and in a direct message; runs every /faqadmin command in
every channel and in a DM; and asks for moderator entries by type-ahead. Each must be refused
and change nothing: the knowledge files byte for byte, the groups' status, the audit log, the
stored questions, and the knowledge base being served.

In the shell, being a moderator means being allowed to write the bot's files. An operator
whose view of the knowledge folder and the database is read-only (real read-only bind mounts;
the test is skipped where mounting is not allowed) gets one "error:" line and exit code 1
from `resolve` and `ignore`, and nothing changes; one who may write the database but not the
knowledge folder cannot resolve a group either (no edit, so no resolution and no audit row).
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.cogs.admin_views import render_refused
from bot.store import QuestionEvent, Store
from tests.discord_fake import (
    GENERAL_CHANNEL_ID,
    MEMBER_USER,
    QUESTIONS_CHANNEL_ID,
    DiscordFake,
    InteractionRef,
)
from tests.reliability.conftest import Rig, RigLauncher

REFUSED = str(render_refused().content)
EPHEMERAL = 64
PRICE = ("how much does mcmi cost?", "MCMI price?", "what's the price of mcmi")
SUBCOMMANDS: list[tuple[str, dict[str, Any] | None]] = [
    ("unanswered", None), ("test", {"question": "how long is mcmi"}), ("reload", None),
    ("stats", None), ("stale", None), ("forget", {"user": MEMBER_USER}),
    ("alternate", {"group": 1, "entry": "mcmi-duration"}),
]


@pytest.fixture
async def moderated(rig: RigLauncher, knowledge_copy: Path) -> Rig:
    """A bot on a knowledge copy, with an open unanswered group (#1) to attack."""
    r = await rig(knowledge_path=knowledge_copy, hot_reload=False)
    for text in PRICE:
        await r.store.record_question(QuestionEvent(
            text=text, band="decline", entry_id=None, score=0.1, source="discord",
            user_id=str(MEMBER_USER["id"])))
    assert await r.store.flush()
    assert await r.rows("SELECT id, status FROM unanswered_groups") == [(1, "new")]
    return r


def snapshot(r: Rig) -> tuple[Any, ...]:
    """Everything a moderator action could change."""
    folder = r.settings.knowledge_path
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    with contextlib.closing(sqlite3.connect(r.db_path)) as db:
        tables = tuple(db.execute(sql).fetchall() for sql in (
            "SELECT id, status, resolved_entry_id, count FROM unanswered_groups",
            "SELECT count(*) FROM audit_log", "SELECT count(*) FROM questions",
            "SELECT count(*) FROM unanswered"))
    return files, tables, r.bot.engine.kb


def assert_refused(fake: DiscordFake, ref: InteractionRef, callback: dict[str, Any]) -> None:
    """Refused, privately, with nothing else in the reply."""
    assert callback["type"] == 4, callback
    data = callback["data"]
    assert data["content"] == REFUSED and data["flags"] & EPHEMERAL, data
    assert not data.get("embeds") and not data.get("components"), data
    assert not fake.requests_matching("PATCH", rf"/webhooks/\d+/{ref.token}/messages/.*")


def forged_message(fake: DiscordFake, channel_id: int, custom_id: str, entry: str) -> dict:
    """A bot message that carries `custom_id` (a modified client can press any id on any
    message; this makes the press look as real as it can)."""
    if custom_id.startswith("faqadmin:addto:"):
        component: dict[str, Any] = {"type": 3, "custom_id": custom_id,
                                     "options": [{"label": entry, "value": entry}]}
    else:
        component = {"type": 2, "style": 1, "label": "x", "custom_id": custom_id}
    return fake.add_bot_message(channel_id, {
        "content": "x", "components": [{"type": 1, "components": [component]}]})


async def press_forged(r: Rig, custom_id: str, channel_id: int, entry: str = "mcmi-duration",
                       user: dict[str, Any] = MEMBER_USER) -> None:
    message = forged_message(r.fake, channel_id, custom_id, entry)
    is_select = custom_id.startswith("faqadmin:addto:")
    ref = await r.fake.interaction_component(custom_id, user, message, 3 if is_select else 2,
                                             [entry] if is_select else None)
    assert_refused(r.fake, ref, (await r.fake.wait_for_callback(ref)).json)


FORGED = ["faqadmin:page:0", "faqadmin:page:5", "faqadmin:add:1", "faqadmin:ignore:1:0",
          "faqadmin:yaml:1", "faqadmin:addto:1"]


async def test_forged_admin_ids_are_refused_everywhere(moderated: Rig) -> None:
    r = moderated
    before = snapshot(r)
    dm = r.fake.dm_channel_id(MEMBER_USER)
    for channel_id in (GENERAL_CHANNEL_ID, QUESTIONS_CHANNEL_ID, dm):
        for custom_id in FORGED:
            await press_forged(r, custom_id, channel_id)
    assert snapshot(r) == before


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["page", "add", "ignore", "yaml", "addto"]),
       group=st.integers(0, 10**12 - 1), offset=st.integers(0, 10**7 - 1),
       entry=st.sampled_from(["mcmi-duration", "what-is-mbsr", "no-such-entry", "x" * 64]))
async def test_any_forged_admin_id_is_refused(moderated: Rig, kind: str, group: int,
                                              offset: int, entry: str) -> None:
    custom_id = {"page": f"faqadmin:page:{offset}", "add": f"faqadmin:add:{group}",
                 "ignore": f"faqadmin:ignore:{group}:{offset}",
                 "yaml": f"faqadmin:yaml:{group}", "addto": f"faqadmin:addto:{group}"}[kind]
    before = snapshot(moderated)
    await press_forged(moderated, custom_id, GENERAL_CHANNEL_ID, entry)
    assert snapshot(moderated) == before


async def test_every_command_is_refused_in_every_channel_and_in_a_dm(moderated: Rig) -> None:
    r = moderated
    before = snapshot(r)
    dm = r.fake.dm_channel_id(MEMBER_USER)
    for channel_id in (GENERAL_CHANNEL_ID, QUESTIONS_CHANNEL_ID, dm):
        for sub, options in SUBCOMMANDS:
            ref = await r.fake.interaction_slash("faqadmin", options, MEMBER_USER, channel_id,
                                                 subcommand=sub)
            assert_refused(r.fake, ref, (await r.fake.wait_for_callback(ref)).json)
        typed = await r.fake.interaction_autocomplete(
            "faqadmin", {"group": 1, "entry": "mcmi"}, "entry", MEMBER_USER, channel_id,
            subcommand="alternate")
        assert (await r.fake.wait_for_callback(typed)).json["data"]["choices"] == []
    assert snapshot(r) == before


# -- the shell ---------------------------------------------------------------------------------

@contextlib.contextmanager
def read_only_view(source: Path, target: Path) -> Iterator[Path]:
    """`source` seen through a read-only bind mount at `target` (root cannot write there
    either); skips the test where mounting is not allowed."""
    target.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    bound = subprocess.run(["mount", "--bind", str(source), str(target)],
                           capture_output=True, text=True, check=False)
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {bound.stderr.strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(target)], check=True)
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


async def test_shell_writes_are_refused_without_write_access(
        tmp_path: Path, knowledge_copy: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    store = await Store.open(data / "bot.db")
    for text in PRICE:
        await store.record_question(QuestionEvent(text=text, band="decline", entry_id=None,
                                                  score=0.1, source="discord", user_id="7"))
    await store.close()
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)

    def files(folder: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}

    knowledge_before, data_before = files(knowledge_copy), files(data)
    with read_only_view(knowledge_copy, tmp_path / "ro-knowledge") as knowledge, \
            read_only_view(data, tmp_path / "ro-data") as ro_data:
        for command in (["resolve", "1", "--as", "mcmi-duration"], ["ignore", "1"]):
            code = await _run_cli([*command, "--knowledge", str(knowledge),
                                   "--db", str(ro_data / "bot.db")])
            out, err = capsys.readouterr()
            assert code == 1, (command, out, err)
            assert err.startswith("error: ") and "Traceback" not in err, err
        assert files(data) == data_before
        # Allowed to write the database but not the knowledge: the edit is refused and the
        # group is not marked resolved without it.
        code = await _run_cli(["resolve", "1", "--as", "mcmi-duration", "--knowledge",
                               str(knowledge), "--db", str(data / "bot.db")])
        out, err = capsys.readouterr()
        assert code == 1 and err.startswith("error: ") and "Traceback" not in err, (out, err)
    assert files(knowledge_copy) == knowledge_before
    with contextlib.closing(sqlite3.connect(data / "bot.db")) as db:
        assert db.execute("SELECT status FROM unanswered_groups").fetchall() == [("new",)]
        assert db.execute("SELECT count(*) FROM audit_log").fetchone() == (0,)


async def _run_cli(argv: list[str]) -> int:
    """`python -m bot ...` in a worker thread (the CLI runs its own event loop)."""
    return await asyncio.to_thread(main, argv)
