"""How many right answers survive one typo: a measurement, not a test.

Takes every in-scope question of the readable (tuning) evaluation sets that the bot answers
right, puts one typo (a letter dropped, two swapped or one pressed twice, chosen at random
with a fixed seed) into its longest word of six letters or more, and asks again. Prints how
many stay right, become a "did you mean", are declined or get a wrong answer, by kind of
typo. Only tuning sets, so the never-read ones stay unread.

Run: python scripts/typo_robustness.py [--seed N]
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from bot.evaluation import load_questions
from bot.knowledge import load_knowledge
from bot.matching.matcher import Matcher
from bot.matching.verdict import Band

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("dropped", "swapped", "doubled")


def tuning_sets() -> list[tuple[Path, Path]]:
    """(knowledge folder, question file) of every tuning set."""
    evals = ROOT / "eval"
    shipped = [(ROOT / "knowledge", f) for f in sorted(evals.glob("shipped-tune*.yaml"))]
    fresh = [(f.parent / "knowledge", f) for f in sorted(evals.glob("*-kb/questions-tune.yaml"))]
    return shipped + fresh


def with_typo(word: str, kind: str, rnd: random.Random) -> str:
    """The word with one typo of this kind, never in its first letter."""
    i = rnd.randrange(1, len(word) - 1)
    if kind == "dropped":
        return word[:i] + word[i + 1:]
    if kind == "swapped":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i] + word[i:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    rnd = random.Random(parser.parse_args().seed)
    tally: Counter[tuple[str, str]] = Counter()
    for knowledge, question_file in tuning_sets():
        matcher = Matcher(load_knowledge(knowledge))
        for question in load_questions(question_file):
            result = matcher.match(question.q)
            if question.expect is None or result.entry is None or \
                    result.entry.id != question.expect:
                continue
            said = question.q.split()
            long_words = [i for i, w in enumerate(said) if w.isalpha() and len(w) >= 6]
            if not long_words:
                continue
            at = max(long_words, key=lambda i: len(said[i]))
            kind = rnd.choice(KINDS)
            said[at] = with_typo(said[at], kind, rnd)
            typed = matcher.match(" ".join(said))
            if typed.band is Band.ANSWER and typed.entry is not None:
                verdict = "right" if typed.entry.id == question.expect else "wrong"
            else:
                verdict = typed.band.value
            tally[(kind, verdict)] += 1
    for kind in KINDS:
        row = {v: tally[(kind, v)] for v in ("right", "suggest", "decline", "wrong")}
        print(f"{kind:8s} " + "  ".join(f"{v} {n}" for v, n in row.items()))
    total = sum(tally.values())
    right = sum(n for (_, v), n in tally.items() if v == "right")
    print(f"all      {right} of {total} stay right ({100 * right / total:.1f} %)")


if __name__ == "__main__":
    main()
