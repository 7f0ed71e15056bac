"""Reply latency through the fake, 200 messages (the 1 000-message figure: tests/cogs/latency.py).

Prints the figures; the assertion is a loose regression guard so a busy machine does not fail
the suite, the target itself (p99 <= 20 ms) is checked with `python -m tests.cogs.latency`.
"""

from __future__ import annotations

import pytest

from tests.cogs.latency import measure

REGRESSION_P99_MS = 50.0


async def test_reply_latency_200_messages(capsys: pytest.CaptureFixture[str]) -> None:
    figures = await measure(200)
    with capsys.disabled():
        print(f"\n200 messages: p50 {figures['p50']:.2f} ms, p99 {figures['p99']:.2f} ms, "
              f"max {figures['max']:.2f} ms; RSS (bot+fake+pytest) {figures['rss_mb']:.1f} MB")
    assert figures["p99"] < REGRESSION_P99_MS
