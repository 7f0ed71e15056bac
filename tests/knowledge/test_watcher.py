"""Hot reload: debounced, through the engine's validated swap, driven by hand (no timers)."""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

import pytest

from bot.engine import AnswerEngine, build_matcher
from bot.knowledge import KnowledgeError
from bot.knowledge.watcher import KnowledgeWatcher

FAQ = """\
entries:
  - id: opening-hours
    question: When are you open?
    answer: Nine to five.
"""
MORE = FAQ + """\
  - id: parking
    question: Where can I park?
    answer: Behind the building.
"""
BROKEN = FAQ + "  - id: parking\n    question: [unclosed\n"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def write(path: Path, text: str) -> None:
    """Save the way many editors do: a new file renamed over the old one."""
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "faq.yaml").write_text(FAQ)
    return tmp_path


@pytest.fixture
def engine(folder: Path) -> AnswerEngine:
    return AnswerEngine(build_matcher(folder), knowledge_path=folder)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def watcher(folder: Path, engine: AnswerEngine, clock: Clock) -> KnowledgeWatcher:
    return KnowledgeWatcher(folder, engine.reload, debounce=1.0, clock=clock)


async def test_nothing_changed_means_no_reload(watcher):
    for _ in range(3):
        assert not await watcher.check_now()
    assert watcher.reloads == 0


async def test_a_change_is_reloaded_once_it_has_settled(folder, engine, watcher, clock):
    write(folder / "faq.yaml", MORE)
    assert not await watcher.check_now(), "first sight of a change: wait for it to settle"
    assert watcher.pending
    clock.now += 0.5
    assert not await watcher.check_now()
    assert "parking" not in engine.kb.by_id
    clock.now += 0.5
    assert await watcher.check_now()
    assert "parking" in engine.kb.by_id and watcher.reloads == 1
    clock.now += 5
    assert not await watcher.check_now(), "one reload per change"


async def test_changes_in_quick_succession_give_one_reload(folder, engine, watcher, clock):
    for step in range(5):  # e.g. git checkout writing files one after another
        write(folder / "faq.yaml", MORE + f"# save {step}\n")
        await watcher.check_now()
        clock.now += 0.6  # never quiet for a whole second
    assert watcher.reloads == 0
    clock.now += 1
    assert await watcher.check_now()
    assert watcher.reloads == 1 and "parking" in engine.kb.by_id


async def test_new_and_removed_files_count_as_changes(folder, engine, watcher, clock):
    (folder / "extra.yml").write_text(
        "entries:\n  - id: extra\n    question: Extra?\n    answer: Yes.\n")
    await watcher.check_now()
    clock.now += 1
    assert await watcher.check_now() and "extra" in engine.kb.by_id
    (folder / "extra.yml").unlink()
    await watcher.check_now()
    clock.now += 1
    assert await watcher.check_now() and "extra" not in engine.kb.by_id
    (folder / "notes.txt").write_text("not knowledge")
    await watcher.check_now()
    clock.now += 1
    assert not await watcher.check_now()


async def test_a_broken_file_keeps_the_old_knowledge_and_says_where(folder, engine, clock,
                                                                    caplog):
    failures: list[KnowledgeError] = []

    async def on_failure(error: KnowledgeError) -> None:
        failures.append(error)

    watcher = KnowledgeWatcher(folder, engine.reload, clock=clock, on_failure=on_failure)
    served = engine.kb
    write(folder / "faq.yaml", BROKEN)
    await watcher.check_now()
    clock.now += 1
    with caplog.at_level(logging.ERROR, logger="bot.knowledge.watcher"):
        assert not await watcher.check_now()
    assert engine.kb is served, "still serving the last good knowledge base"
    assert watcher.failures == 1 and len(failures) == 1
    assert f"{folder / 'faq.yaml'}:7: YAML syntax error" in caplog.text
    clock.now += 10
    assert not await watcher.check_now(), "the same broken files are not retried every poll"
    assert watcher.failures == 1

    write(folder / "faq.yaml", MORE)  # the fix
    await watcher.check_now()
    clock.now += 1
    assert await watcher.check_now()
    assert "parking" in engine.kb.by_id


async def test_changed_and_changed_back_does_not_reload(folder, watcher, clock):
    file = folder / "faq.yaml"
    mtime = os.stat(file).st_mtime_ns
    file.write_text(MORE)  # in place: same inode
    await watcher.check_now()
    file.write_text(FAQ)  # an editor's backup dance puts it back exactly
    os.utime(file, ns=(mtime, mtime))
    await watcher.check_now()
    clock.now += 1
    assert not await watcher.check_now()
    assert watcher.reloads == 0 and not watcher.pending


async def test_a_reload_made_elsewhere_is_not_repeated(folder, engine, watcher, clock):
    write(folder / "faq.yaml", MORE)
    await engine.reload()  # /faqadmin reload, or an alternate added from Discord
    watcher.mark_current()
    await watcher.check_now()
    clock.now += 2
    assert not await watcher.check_now()
    assert watcher.reloads == 0


async def test_the_background_task_polls_and_stops_cleanly(folder, engine):
    reloaded = asyncio.Event()

    async def reload():
        report = await engine.reload()
        reloaded.set()
        return report

    # interval 0 and debounce 0: the task polls on every pass of the event loop, no timers.
    watcher = KnowledgeWatcher(folder, reload, interval=0, debounce=0)
    watcher.start()
    watcher.start()  # idempotent
    write(folder / "faq.yaml", MORE)
    await asyncio.wait_for(reloaded.wait(), timeout=10)
    await watcher.stop()
    await watcher.stop()
    assert "parking" in engine.kb.by_id


async def test_a_single_file_knowledge_path_is_watched(tmp_path, clock):
    file = tmp_path / "faq.yaml"
    file.write_text(FAQ)
    engine = AnswerEngine(build_matcher(file), knowledge_path=file)
    watcher = KnowledgeWatcher(file, engine.reload, clock=clock)
    write(file, MORE)
    await watcher.check_now()
    clock.now += 1
    assert await watcher.check_now() and "parking" in engine.kb.by_id
