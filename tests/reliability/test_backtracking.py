"""No message makes the matcher's regular expressions backtrack for seconds.

The asides, hearsay, set-aside and length rules read "up to N words" after a trigger phrase.
Written as `(?:word\\s*){1,4}` such a pattern can split one long run of letters into words in
thousands of ways: "what is x besides aaaa…a b," took 3 s at 200 letters and 43 s at 400
before its words had to be separated by spaces, and ", not just aaaa…a b c d e f g h i"
took 3.6 s at 100 letters and 109 s at 200 (the set-aside, role, place and "or just" rules
were written the same way). Each message here puts a long run of one
character after a trigger and ends it in a way that makes the pattern fail; a linear pattern
matches it in milliseconds, a backtracking one in seconds or more, so one second is a bound
no machine misses by chance.
"""

from __future__ import annotations

import re
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
            "where is it based", "I am from", "I'm a coach from")
# Long enough that a backtracking rule takes seconds (", not just" + 150 letters: about
# 30 s before the fix), short enough that a regression fails rather than hangs the run.
RUNS = ("a" * 150, "a-" * 75, "a'" * 75, "A" * 150)
# A clause that goes on past the words a rule reads, or ends in a character none expects.
ENDINGS = (" b,", " b;x", " b c d e f g h i", "/x", "")
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


def test_no_rule_repeats_a_group_of_a_word_and_optional_spaces():
    """The shape that backtracks: a repeated group whose word may be followed by no space,
    so one run of letters splits many ways. `asides._words` builds the one-way form."""
    risky = re.compile(r"\\s\*\)(?:\{|\+|\*)")
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not risky.search(line), f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
