"""bot.triggers and bot.autocomplete: which messages are questions, and type-ahead."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.autocomplete import QuestionIndex
from bot.engine import build_matcher
from bot.triggers import looks_like_question, question_after_mention

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
BOT = 1234


@pytest.mark.parametrize(("content", "question"), [
    (f"<@{BOT}> how long is MCMI?", "how long is MCMI?"),
    (f"hey <@!{BOT}>   what is mbsr", "hey what is mbsr"),
    (f"<@{BOT}>", ""),
    ("how long is MCMI?", None),
    ("<@999> how long is MCMI?", None),
])
def test_question_after_mention(content: str, question: str | None) -> None:
    assert question_after_mention(content, BOT) == question


@pytest.mark.parametrize(("text", "expected"), [
    ("how long is the MCMI training", True),
    ("Is MCMI accredited?", True),
    ("anyone know if mcmi is accredited", True),
    ("the mcmi cost?", True),
    ("thanks everyone!", False),
    ("ok?", False),
    ("great session today", False),
    ("", False),
])
def test_looks_like_question(text: str, expected: bool) -> None:
    assert looks_like_question(text) is expected


@pytest.fixture(scope="module")
def index() -> QuestionIndex:
    return QuestionIndex(build_matcher(KNOWLEDGE).kb)


def test_autocomplete_finds_a_half_typed_question(index: QuestionIndex) -> None:
    assert "mcmi-duration" in [e.id for e in index.complete("how long is mc")[:2]]
    assert index.complete("how long is the mcmi")[0].id == "mcmi-duration"
    assert index.complete("what is mb")[0].id == "what-is-mbsr"
    assert "mcmi-accreditation" in [e.id for e in index.complete("accredit")[:3]]


def test_autocomplete_empty_and_nonsense(index: QuestionIndex) -> None:
    assert len(index.complete("")) == min(25, len(index.kb.entries))
    assert len(index.complete("")) <= 25
    assert index.complete("zzzzqqqq xkcd") == []


def test_autocomplete_is_fast(index: QuestionIndex) -> None:
    started = time.perf_counter()
    for prefix in ("h", "ho", "how", "how l", "how lon", "how long is m", "what is mbsr"):
        index.complete(prefix)
    assert (time.perf_counter() - started) / 7 < 0.01
