"""Moderator shell commands on a real SQLite file and a copy of the shipped knowledge folder.

Commands run in-process through `bot.cli.main` (fast); one test runs a real process to check
what a terminal sees on an error.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.knowledge import load_knowledge, validate_knowledge
from bot.store import QuestionEvent, Store

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "knowledge"

PRICE = ["how much does mcmi cost?", "MCMI price?", "how much does the mcmi training cost",
         "what's the price of mcmi"]
REFUND = ["can i get a refund?", "refund policy for mcmi?"]
WEATHER = ["what is the weather like"]


def question(text: str, *, user: str = "111", days_ago: float = 0) -> QuestionEvent:
    return QuestionEvent(text=text, band="decline", entry_id=None, score=0.1, source="discord",
                         user_id=user, asked_at=datetime.now(UTC) - timedelta(days=days_ago))


async def fill(db: Path, events: list[QuestionEvent]) -> None:
    store = await Store.open(db)
    for event in events:
        await store.record_question(event)
    await store.close()


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, folder)
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "bot.db"
    asyncio.run(fill(path, [question(t) for t in PRICE + REFUND + WEATHER]))
    return path


@pytest.fixture
def bot(knowledge: Path, db: Path, capsys: pytest.CaptureFixture[str], monkeypatch):
    """Run `python -m bot ...` in-process; returns (exit code, stdout, stderr)."""
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("LOG_LEVEL", raising=False)

    def run(*args: str, db_path: Path = db) -> tuple[int, str, str]:
        code = main([*args, "--db", str(db_path), "--knowledge", str(knowledge)])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def groups(bot, status: str = "new") -> list[dict]:
    code, out, err = bot("unanswered", "--json", "--status", status)
    assert code == 0, err
    return json.loads(out)


def group_of(bot, text: str) -> dict:
    return next(g for g in groups(bot, "all") if text in g["examples"])


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_unanswered_lists_open_groups_most_asked_first(bot):
    listed = groups(bot)
    assert [g["count"] for g in listed] == sorted((g["count"] for g in listed), reverse=True)
    price = listed[0]
    assert price["count"] == len(PRICE) and price["status"] == "new"
    assert set(price["examples"]) == set(PRICE)
    code, out, _ = bot("unanswered")
    assert code == 0
    assert out.splitlines()[0].startswith(f"#{price['id']}") and "×4" in out.splitlines()[0]


def test_resolve_edits_the_yaml_marks_the_group_and_audits(bot, knowledge, db):
    price = group_of(bot, "MCMI price?")
    file = knowledge / "mcmi.yaml"
    before = file.read_text()
    code, out, err = bot("resolve", str(price["id"]), "--as", "mcmi-duration")
    assert code == 0, err
    assert "Added “how much does mcmi cost?” to mcmi-duration" in out
    assert "+      - how much does mcmi cost?" in out, "the diff is shown"
    after = file.read_text()
    assert len(after.splitlines()) == len(before.splitlines()) + 1
    assert "how much does mcmi cost?" in load_knowledge(knowledge).by_id["mcmi-duration"]\
        .alternates
    resolved = groups(bot, "resolved")
    assert [(g["id"], g["resolved_entry"]) for g in resolved] == [(price["id"], "mcmi-duration")]
    assert price["id"] not in [g["id"] for g in groups(bot)]
    audit = rows(db, "SELECT actor, action, entry_id, group_id, file, details FROM audit_log "
                     "ORDER BY id")
    actions = {a[1]: a for a in audit}
    assert actions["add_alternate"][:4] == ("shell", "add_alternate", "mcmi-duration", price["id"])
    assert actions["add_alternate"][4].endswith("mcmi.yaml")
    assert json.loads(actions["add_alternate"][5])["phrasing"] == "how much does mcmi cost?"
    assert actions["resolve_group"][0] == "shell"
    code, out, _ = bot("audit")
    assert code == 0 and "add_alternate" in out and "resolve_group" in out

    # Running it again changes nothing in the file (and says so).
    code, out, _ = bot("resolve", str(price["id"]), "--as", "mcmi-duration")
    assert code == 0 and "already has" in out and file.read_text() == after


def test_resolve_with_a_chosen_phrasing(bot, knowledge):
    refund = group_of(bot, "can i get a refund?")
    code, _, err = bot("resolve", f"#{refund['id']}", "--as", "learn-more",
                       "--phrasing", "refund policy for mcmi?")
    assert code == 0, err
    assert "refund policy for mcmi?" in load_knowledge(knowledge).by_id["learn-more"].alternates


def one_line_error(err: str, *fragments: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0]


def test_unknown_group_and_unknown_entry_are_one_line_errors(bot, knowledge):
    before = (knowledge / "mcmi.yaml").read_text()
    code, out, err = bot("resolve", "999", "--as", "mcmi-duration")
    assert code == 1 and out == ""
    one_line_error(err, "no unanswered group #999")
    code, _, err = bot("ignore", "999")
    assert code == 1
    one_line_error(err, "#999")
    price = group_of(bot, "MCMI price?")
    code, _, err = bot("resolve", str(price["id"]), "--as", "mcmi-duraton")
    assert code == 1
    one_line_error(err, "no entry 'mcmi-duraton'", "did you mean mcmi-duration")
    assert (knowledge / "mcmi.yaml").read_text() == before
    assert group_of(bot, "MCMI price?")["status"] == "new"


def test_an_edit_that_fails_validation_leaves_file_and_group_alone(bot, knowledge):
    price = group_of(bot, "MCMI price?")
    before = {p.name: p.read_bytes() for p in knowledge.iterdir()}
    code, _, err = bot("resolve", str(price["id"]), "--as", "mcmi-duration",
                       "--phrasing", "What is MCMI?")  # already another entry's phrasing
    assert code == 1
    assert "also under entry 'what-is-mcmi'" in err and "mcmi.yaml:" in err
    assert "the file was not changed" in err
    assert {p.name: p.read_bytes() for p in knowledge.iterdir()} == before
    assert group_of(bot, "MCMI price?")["status"] == "new"


def test_ignore_keeps_a_group_out_of_the_queue(bot, db):
    weather = group_of(bot, "what is the weather like")
    code, out, err = bot("ignore", str(weather["id"]))
    assert code == 0, err
    assert "ignored" in out
    assert weather["id"] not in [g["id"] for g in groups(bot)]
    assert [g["id"] for g in groups(bot, "ignored")] == [weather["id"]]
    asyncio.run(fill(db, [question("what is the weather like", user="222")]))
    again = group_of(bot, "what is the weather like")
    assert again["status"] == "ignored" and again["count"] == 2
    assert rows(db, "SELECT actor, action FROM audit_log") == [("shell", "ignore_group")]


@pytest.mark.parametrize("command", [
    ["unanswered"], ["stats"], ["export-unanswered"], ["audit"], ["ignore", "1"],
    ["resolve", "1", "--as", "mcmi-duration"],
])
def test_a_missing_database_is_an_error_and_is_not_created(bot, tmp_path, command):
    missing = tmp_path / "nowhere" / "bot.db"
    code, _, err = bot(*command, db_path=missing)
    assert code == 1
    one_line_error(err, f"no database at {missing}")
    assert not missing.parent.exists()


def test_a_locked_database_is_a_clear_error_for_writes_while_reads_still_work(bot, db):
    weather = group_of(bot, "what is the weather like")
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
        holder.execute("UPDATE unanswered_groups SET count = count")
        code, _, err = bot("ignore", str(weather["id"]))
        assert code == 1
        one_line_error(err, "database is locked", "try again")
        assert [g["id"] for g in groups(bot)] != [], "WAL: readers are not blocked"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert group_of(bot, "what is the weather like")["status"] == "new"


def test_stats_text_and_json(bot):
    code, out, err = bot("stats")
    assert code == 0, err
    assert "Questions (all time): 7" in out and "declined 7 (100%)" in out
    code, out, _ = bot("stats", "--json", "--since", "7d")
    data = json.loads(out)
    assert data["questions"] == 7 and data["declined_rate"] == 1.0
    assert data["helpful_rate"] is None
    assert data["top_unanswered"][0]["count"] == len(PRICE)
    code, out, _ = bot("stats", "--json", "--since", "2999-01-01")
    assert json.loads(out)["questions"] == 0


def test_stats_refuses_an_unreadable_date(bot):
    with pytest.raises(SystemExit) as exited:
        bot("stats", "--since", "last tuesday")
    assert exited.value.code == 2


def test_export_gives_stubs_that_validate_once_answered(bot, knowledge):
    code, out, err = bot("export-unanswered")
    assert code == 0, err
    document = yaml.safe_load(out)
    stubs = document["entries"]
    assert len(stubs) == 3 and all(s["answer"] == "" for s in stubs)
    assert len({s["id"] for s in stubs}) == 3
    price = next(s for s in stubs if s["question"] == "how much does mcmi cost?")
    assert set(price["alternates"]) == set(PRICE[1:])
    (knowledge / "new.yaml").write_text(out)
    kb, problems = validate_knowledge(knowledge)
    assert kb is None and all("must not be empty" in p.message for p in problems), \
        "an unanswered stub can never go live"
    for stub in stubs:
        stub["answer"] = "Written by a moderator."
    (knowledge / "new.yaml").write_text(yaml.safe_dump({"entries": stubs}))
    kb, problems = validate_knowledge(knowledge)
    assert problems == []


def test_opening_the_store_purges_expired_questions(bot, db, tmp_path):
    asyncio.run(fill(db, [question("an ancient question about parking", days_ago=400)]))
    assert rows(db, "SELECT count(*) FROM unanswered WHERE text LIKE '%parking%'") == [(1,)]
    texts = [t for g in groups(bot, "all") for t in g["examples"]]
    assert "an ancient question about parking" not in texts
    assert rows(db, "SELECT count(*) FROM unanswered WHERE text LIKE '%parking%'") == [(0,)]


def test_a_real_process_prints_one_line_and_exits_non_zero(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "bot", "unanswered", "--db", str(tmp_path / "none.db")],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"error: no database at {tmp_path / 'none.db'} (the bot creates it when it first "
        "logs a question; pass --db or set BOT_DB_PATH)"]
