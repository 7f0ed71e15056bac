"""Reloads under load: every answer comes from one complete knowledge base (small, fast KB;
`python -m bot bench-reload` runs the same code at 10 000 entries)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.benchmark import synthetic_kb
from bot.engine import AnswerEngine, build_matcher
from bot.knowledge import KnowledgeError, load_knowledge
from bot.reload_bench import (
    _edit_files,
    check_consistent,
    reload_under_load,
    run_reload_bench,
    signature,
    write_knowledge,
)

SHIPPED = Path(__file__).resolve().parents[1] / "knowledge"


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, list[Path]]:
    kb = synthetic_kb(load_knowledge(SHIPPED), 400)
    files = write_knowledge(kb, tmp_path, 6, SHIPPED)
    return tmp_path, files


async def test_answers_during_a_reload_come_from_the_old_or_the_new_kb(folder):
    path, files = folder
    engine = AnswerEngine(build_matcher(path), knowledge_path=path)
    probes = _edit_files(files, 0)
    questions = [*probes, "how long is the mcmi training", "what is mbsr"]
    before = {q: signature(engine.match(q)) for q in questions}
    # interval 0: questions as fast as the event loop allows, for the whole reload.
    record = await reload_under_load(engine, questions, interval=0)
    after = {q: signature(engine.match(q)) for q in questions}
    assert any(before[p] != after[p] for p in probes), "the edit must change some answers"
    assert len(record.answers) >= len(questions), "questions kept being answered"
    assert check_consistent(record, before, after) == []


async def test_a_broken_reload_under_load_keeps_every_answer_on_the_old_kb(folder):
    path, files = folder
    engine = AnswerEngine(build_matcher(path), knowledge_path=path)
    served = engine.kb
    questions = ["how long is the mcmi training", "what is mbsr"]
    before = {q: signature(engine.match(q)) for q in questions}
    files[0].write_text(files[0].read_text() + "  - id: [broken\n")
    with pytest.raises(KnowledgeError) as caught:
        await reload_under_load(engine, questions, interval=0)
    assert caught.value.problems[0].file == str(files[0])
    assert engine.kb is served
    assert {q: signature(engine.match(q)) for q in questions} == before


def test_the_bench_command_reports_its_figures(tmp_path):
    results = run_reload_bench(SHIPPED, entries=300, files=4, repeats=1, rate=0)
    assert results["entries"] == 300 and results["files"] == 4
    assert results["consistent"], results["problems"]
    assert results["reload_median_seconds"] < 5
    assert results["answers_during_reloads"] > 0
