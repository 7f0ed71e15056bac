"""No message makes the matcher's regular expressions backtrack for seconds.

The asides, hearsay, set-aside and length rules read "up to N words" after a trigger phrase.
Written as `(?:word\\s*){1,4}` such a pattern can split one long run of letters into words in
thousands of ways: "what is x besides aaaa…a b," took 3 s at 200 letters and 43 s at 400
before its words had to be separated by spaces. Each message here puts a long run of one
character after a trigger and ends it in a way that makes the pattern fail; a linear pattern
matches it in milliseconds, a backtracking one in seconds or more, so one second is a bound
no machine misses by chance.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.engine import build_matcher
from bot.matching.matcher import Matcher

ROOT = Path(__file__).resolve().parents[2]

TRIGGERS = ("besides", "apart from", "other than", "rather than", ", not just", "or just",
            "as a teacher, not a", "I read", "someone told me", "my colleague asks",
            "does the training address", "recognised by", "does IMTA recognise", "is it on the",
            "how long is each", "better than", "MBSR in the", "wait,", "asking for a friend",
            "where is it based")
RUNS = ("a" * 900, "a-" * 450, "a'" * 450, "A" * 900)
ENDINGS = (" b,", " b;x", "")
BOUND_SECONDS = 1.0


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return build_matcher(ROOT / "knowledge")


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_a_long_run_after_a_trigger_is_matched_in_linear_time(matcher, trigger):
    for run in RUNS:
        for ending in ENDINGS:
            message = f"what is x {trigger} {run}{ending}"
            start = time.perf_counter()
            matcher.match(message)
            elapsed = time.perf_counter() - start
            assert elapsed < BOUND_SECONDS, (trigger, run[:4], ending, elapsed)
