"""`python -m bot bench`: the figures the README quotes come out, for single questions and for
messages that ask several things."""

from __future__ import annotations

from pathlib import Path

from bot.benchmark import format_bench, run_bench


def test_bench_times_questions_and_several_question_messages():
    results = run_bench(Path("knowledge"), [20, 200], queries=40)
    assert [row["entries"] for row in results["sizes"]] == [20, 200]
    for row in results["sizes"]:
        assert 0 < row["ours_p50_ms"] <= row["ours_p99_ms"]
        assert 0 < row["messages_p50_ms"] <= row["messages_p99_ms"]
        assert row["extractone_p50_ms"] > 0 and row["ratio_p50"] > 0
    table = format_bench(results)
    assert "2-4q p99" in table and table.count("\n") == 4
