"""The command line as other tools and people use it: real processes, real files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_bot(*args: str, stdin: str | None = None, tmp_path: Path,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    environment.update({"BOT_DB_PATH": str(tmp_path / "bot.db"), "LOG_LEVEL": "WARNING"})
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
        cwd=ROOT, env=environment, timeout=60, check=False,
    )


def test_ask_json_answers_one_question(tmp_path):
    done = run_bot("ask", "--json", "how long is MCMI?", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["answered"] is True and answer["band"] == "answer"
    assert answer["id"] == "mcmi-duration"
    assert "twelve" in answer["answer"].lower()
    assert set(answer) >= {"question", "answered", "band", "id", "score", "answer", "links",
                           "suggestions"}


def test_ask_streams_one_json_line_per_stdin_line_and_logs_unanswered(tmp_path):
    lines = ["how long is MCMI?", "", "how much does MCMI cost?", "mbsr teacher", "thanks!"]
    done = run_bot("ask", "--json", stdin="\n".join(lines) + "\n", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["question"] for o in out] == lines
    assert out[1]["band"] == "decline" and out[1]["answered"] is False
    assert out[2]["band"] == "decline" and out[2]["id"] is None
    with sqlite3.connect(tmp_path / "bot.db") as db:
        logged = {row[0] for row in db.execute("SELECT text FROM unanswered")}
    assert "how much does MCMI cost?" in logged
    assert "how long is MCMI?" not in logged  # answered questions keep no text


def test_ask_text_output_keeps_one_line_per_input(tmp_path):
    done = run_bot("ask", stdin="how long is MCMI?\nwhat is the weather\n", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    assert "twelve" in lines[0].lower()
    assert "mindcoachers.com" in lines[1]


def test_ask_answers_what_it_can_of_a_two_part_question_and_says_what_it_passed_on(tmp_path):
    done = run_bot("ask", "How long is MCMI? And how much does it cost?", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "twelve" in done.stdout.lower()
    assert "passed it to the moderators: \u201cAnd how much does it cost?\u201d" in done.stdout
    with sqlite3.connect(tmp_path / "bot.db") as db:
        logged = [row[0] for row in db.execute("SELECT text FROM unanswered")]
        counted = list(db.execute("SELECT band, entry_id FROM questions"))
    assert logged == ["And how much does it cost?"]
    assert counted == [("answer", "mcmi-duration")]  # statistics count the message once


def test_ask_does_not_import_discord(tmp_path):
    code = ("import sys, runpy; sys.argv = ['bot', 'ask', '--json', 'how long is mcmi'];\n"
            "try:\n    runpy.run_module('bot', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print('DISCORD' if 'discord' in sys.modules else 'CLEAN', file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "BOT_DB_PATH": str(tmp_path / "b.db")},
                          timeout=60, check=False)
    assert done.stderr.strip().endswith("CLEAN"), done.stderr


def test_crisis_message_gets_the_safety_text_and_is_not_stored(tmp_path):
    done = run_bot("ask", "--json", "I want to end it all", tmp_path=tmp_path)
    answer = json.loads(done.stdout)
    assert answer["safety"] is True and answer["answered"] is False
    assert "emergency" in answer["message"].lower()
    with sqlite3.connect(tmp_path / "bot.db") as db:
        texts = [row[0] for row in db.execute("SELECT text FROM unanswered")]
    assert texts == []


def test_validate_reports_file_line_and_exit_code(tmp_path):
    assert run_bot("validate", tmp_path=tmp_path).returncode == 0
    broken = tmp_path / "kb"
    broken.mkdir()
    (broken / "faq.yaml").write_text("entries:\n  - id: x\n    question: Q?\n")
    done = run_bot("validate", str(broken), tmp_path=tmp_path)
    assert done.returncode == 1
    assert f"{broken / 'faq.yaml'}:2: entry 'x' field 'answer': is missing" in done.stderr


def test_validate_names_entries_with_few_alternates_on_its_one_summary_line(tmp_path):
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "faq.yaml").write_text(
        "entries:\n"
        "  - id: sparse\n    question: How long is it?\n    answer: Twelve weeks.\n"
        "    alternates: [length?]\n"
        "  - id: rich\n    question: Is it online?\n    answer: Yes.\n"
        "    alternates: [online?, remote?, on zoom?, can i do it from home?]\n")
    done = run_bot("validate", str(kb), tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("OK: ")
    assert "1 with fewer than 4 alternates (sparse)" in lines[0]
    assert "rich" not in lines[0]
    shipped = run_bot("validate", tmp_path=tmp_path).stdout
    assert "fewer than" not in shipped  # every shipped entry has many alternates


def test_broken_knowledge_stops_ask_with_a_clear_error(tmp_path):
    (tmp_path / "faq.yaml").write_text("entries: [")
    done = run_bot("ask", "hello", "--knowledge", str(tmp_path / "faq.yaml"), tmp_path=tmp_path)
    assert done.returncode == 1
    assert "YAML syntax error" in done.stderr


def test_eval_prints_the_figures(tmp_path):
    done = run_bot("eval", "--set", "eval/shipped-holdout.yaml", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    for label in ("overall accuracy", "in-scope accuracy", "declined correctly",
                  "wrong answers"):
        assert label in done.stdout


def test_bad_setting_is_named(tmp_path):
    done = run_bot("ask", "hi", tmp_path=tmp_path, env={"ANSWER_THRESHOLD": "high"})
    assert done.returncode == 2
    assert "ANSWER_THRESHOLD" in done.stderr


@pytest.mark.parametrize("command", [["console"], []])
def test_console_is_the_default_without_a_token(tmp_path, command):
    done = run_bot(*command, stdin="how long is MCMI?\n2\nquit\n", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "twelve" in done.stdout.lower()
    assert "**" not in done.stdout  # Markdown is rendered for a terminal, not shown raw


def test_console_thanks_back_for_thanks_and_introduces_itself_to_a_greeting(tmp_path):
    done = run_bot("console", stdin="thanks!\nhello\nquit\n", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "You're welcome!" in done.stdout
    assert done.stdout.index("You're welcome!") < done.stdout.index("Hi! I'm the FAQ helper")


def test_console_says_when_a_message_asks_several_answered_things(tmp_path):
    done = run_bot("console", stdin="How long is MCMI? What does IMTA accreditation verify?\n"
                   "2\nquit\n", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "You asked more than one thing." in done.stdout
    assert "not sure" not in done.stdout
    assert "What does IMTA accreditation verify? ==" in done.stdout  # "2" picks the second


def test_ask_does_not_offer_to_pick_by_number(tmp_path):
    """`ask` answers and exits, so its "did you mean" cannot be picked by typing a number;
    the console's can."""
    question = "How long is MCMI? What does IMTA accreditation verify?"
    asked = run_bot("ask", question, tmp_path=tmp_path)
    assert asked.returncode == 0, asked.stderr
    assert "type a number" not in asked.stdout and "ask one of these" in asked.stdout
    chat = run_bot("console", stdin=question + "\nquit\n", tmp_path=tmp_path)
    assert "type a number" in chat.stdout
