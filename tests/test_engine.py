"""The engine: what gets logged, and reloads that are all-or-nothing."""

from __future__ import annotations

import asyncio
import gc
import shutil
from pathlib import Path

import pytest

from bot.engine import AnswerEngine, QuestionEvent, build_matcher
from bot.knowledge import KnowledgeError
from bot.matching.matcher import Band

ROOT = Path(__file__).resolve().parents[1]


class RecordingLog:
    def __init__(self, fail: bool = False) -> None:
        self.events: list[QuestionEvent] = []
        self.parts: list[QuestionEvent] = []
        self.fail = fail

    async def record_question(self, event: QuestionEvent) -> None:
        if self.fail:
            raise RuntimeError("database is locked")
        self.events.append(event)

    async def record_unanswered_part(self, event: QuestionEvent) -> None:
        self.parts.append(event)


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    return folder


async def test_unanswered_questions_are_logged_with_text_answered_without(knowledge):
    log = RecordingLog()
    engine = AnswerEngine(build_matcher(knowledge), log_store=log)
    await engine.ask("how long is MCMI?", source="cli", user_id="7")
    await engine.ask("how much does MCMI cost?", source="discord", channel_id="9")
    await engine.ask("I want to kill myself", source="discord")
    answered, declined, crisis = log.events
    assert (answered.band, answered.text, answered.entry_id) == ("answer", "", "mcmi-duration")
    assert (declined.band, declined.text, declined.source) == (
        "decline", "how much does MCMI cost?", "discord")
    assert (crisis.band, crisis.text) == ("safety", "")


async def test_the_open_question_of_a_partly_answered_message_is_logged(knowledge):
    log = RecordingLog()
    engine = AnswerEngine(build_matcher(knowledge), log_store=log)
    result = await engine.ask("How long is MCMI? And how much does it cost?", source="discord",
                              user_id="7", channel_id="9")
    assert result.band is Band.ANSWER
    # The message counts once, as answered; its open question is kept for review apart.
    (answered,), (open_part,) = log.events, log.parts
    assert (answered.band, answered.text, answered.entry_id) == ("answer", "", "mcmi-duration")
    assert (open_part.band, open_part.text) == ("decline", "And how much does it cost?")
    assert (open_part.source, open_part.user_id, open_part.channel_id) == ("discord", "7", "9")


async def test_a_question_leaning_towards_another_entry_is_logged_with_its_best_guess(
        knowledge):
    log = RecordingLog()
    engine = AnswerEngine(build_matcher(knowledge), log_store=log)
    await engine.ask("Is MCMI accredited? What about the masterclass, is it recorded or live?",
                     source="console")
    (answered,), (open_part,) = log.events, log.parts
    assert answered.entry_id == "mcmi-accreditation"
    assert (open_part.band, open_part.text) == (
        "suggest", "What about the masterclass, is it recorded or live?")
    assert open_part.entry_id == "free-masterclass"


async def test_a_failing_log_never_stops_the_answer(knowledge, caplog):
    engine = AnswerEngine(build_matcher(knowledge), log_store=RecordingLog(fail=True))
    result = await engine.ask("how long is MCMI?", source="cli")
    assert result.band is Band.ANSWER
    assert "could not log a question" in caplog.text


async def test_none_of_these_is_logged_as_declined(knowledge):
    log = RecordingLog()
    engine = AnswerEngine(build_matcher(knowledge), log_store=log)
    result = engine.match("mbsr teacher")
    await engine.log(result, source="discord", band=Band.DECLINE)
    assert log.events[0].band == "decline" and log.events[0].text == "mbsr teacher"


async def test_reload_reports_changes(knowledge):
    engine = AnswerEngine(build_matcher(knowledge), knowledge_path=knowledge)
    path = knowledge / "community.yaml"
    path.write_text(path.read_text().replace("lifetime access", "lifetime  access", 1))
    (knowledge / "extra.yaml").write_text(
        "entries:\n  - id: brand-new\n    question: Is there a brand new entry?\n"
        "    answer: Yes.\n")
    report = await engine.reload()
    assert report.added == ("brand-new",)
    assert report.removed == ()
    assert engine.kb.by_id["brand-new"].answer == "Yes."
    assert "added 1" in report.summary()


async def test_broken_reload_keeps_serving_the_old_knowledge(knowledge):
    engine = AnswerEngine(build_matcher(knowledge), knowledge_path=knowledge)
    before = engine.kb
    (knowledge / "mcmi.yaml").write_text("entries:\n  - id: broken\n    question: [\n")
    with pytest.raises(KnowledgeError) as caught:
        await engine.reload()
    assert "mcmi.yaml" in str(caught.value)
    assert engine.kb is before
    assert engine.match("how long is MCMI?").band is Band.ANSWER


async def test_questions_during_a_reload_see_one_whole_knowledge_base(knowledge):
    engine = AnswerEngine(build_matcher(knowledge), knowledge_path=knowledge)
    (knowledge / "extra.yaml").write_text(
        "entries:\n  - id: brand-new\n    question: Is there a brand new entry?\n"
        "    answer: Yes.\n")
    seen: set[int] = set()
    done = asyncio.Event()

    async def keep_asking() -> None:
        while not done.is_set():
            result = engine.match("how long is MCMI?")
            assert result.band is Band.ANSWER
            seen.add(len(engine.kb.entries))
            # Pace the asker like real traffic; a loop that never idles would starve the
            # reload thread of the GIL.
            await asyncio.sleep(0.001)

    asker = asyncio.create_task(keep_asking())
    await engine.reload()
    done.set()
    await asker
    assert seen <= {27, 28}
    assert len(engine.kb.entries) == 28


async def test_small_talk_is_neither_answered_nor_stored(knowledge):
    log = RecordingLog()
    engine = AnswerEngine(build_matcher(knowledge), log_store=log)
    for text in ("thanks!", "hi everyone", "good morning all", "👍", ""):
        result = await engine.ask(text, source="discord")
        assert result.small_talk, text
    assert log.events == []
    result = await engine.ask("what's the weather in London", source="discord")
    assert result.band is Band.DECLINE and not result.small_talk
    assert [e.text for e in log.events] == ["what's the weather in London"]


async def test_reloads_free_the_replaced_index_and_leave_the_collector_on(knowledge):
    # Reloads freeze the new index out of the collector's way and pause the collector while
    # building: the replaced index must still be freed, and the collector must be back on.
    engine = AnswerEngine(build_matcher(knowledge), knowledge_path=knowledge)
    await engine.reload()
    settled = gc.get_freeze_count()
    for _ in range(10):
        await engine.reload()
    assert gc.isenabled()
    assert gc.get_freeze_count() <= settled * 1.05 + 100
    assert engine.match("how long is mcmi?").band is Band.ANSWER
