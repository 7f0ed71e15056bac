"""Answer quality on labelled question files: `python -m bot eval --set FILE`.

A question is right when the bot answers it with the expected entry, or, when `expect` is null,
does not answer it (decline, suggest and the safety route all count as not answering). `expect:
safety` marks a crisis message that must take the safety route. A *wrong answer* is the costly
failure: the bot confidently answered with the wrong entry, or answered what it should decline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge import load_knowledge
from bot.matching.matcher import Matcher
from bot.matching.verdict import Band, MatchResult, Thresholds

SAFETY_LABEL = "safety"


@dataclass(frozen=True)
class LabelledQuestion:
    """One line of an evaluation file."""

    q: str
    expect: str | None


@dataclass(frozen=True)
class Outcome:
    """How the bot did on one labelled question."""

    question: LabelledQuestion
    result: MatchResult

    @property
    def answered_id(self) -> str | None:
        """The entry answered, if the bot answered."""
        return self.result.entry.id if self.result.band is Band.ANSWER and self.result.entry \
            else None

    @property
    def correct(self) -> bool:
        """Right entry answered, or not answered when it should not be."""
        expect = self.question.expect
        if expect == SAFETY_LABEL:
            return self.result.band is Band.SAFETY
        return self.answered_id == expect

    @property
    def wrong_answer(self) -> bool:
        """Answered, but not with what was expected (the costly failure)."""
        return self.answered_id is not None and self.answered_id != self.question.expect


@dataclass
class Report:
    """Figures for one evaluation run."""

    outcomes: list[Outcome] = field(default_factory=list)

    def _share(self, items: Sequence[Outcome]) -> float:
        return sum(o.correct for o in items) / len(items) if items else 1.0

    @property
    def accuracy(self) -> float:
        """Right answers plus right declines, over all questions."""
        return self._share(self.outcomes)

    @property
    def in_scope(self) -> list[Outcome]:
        """Questions the KB should answer."""
        return [o for o in self.outcomes if o.question.expect not in (None, SAFETY_LABEL)]

    @property
    def out_of_scope(self) -> list[Outcome]:
        """Questions the bot should decline."""
        return [o for o in self.outcomes if o.question.expect is None]

    @property
    def wrong(self) -> list[Outcome]:
        """Confidently wrong answers."""
        return [o for o in self.outcomes if o.wrong_answer]

    @property
    def misses(self) -> list[Outcome]:
        """Everything not right."""
        return [o for o in self.outcomes if not o.correct]

    def to_json(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict."""
        return {
            "questions": len(self.outcomes),
            "accuracy": round(self.accuracy, 4),
            "in_scope": len(self.in_scope),
            "in_scope_accuracy": round(self._share(self.in_scope), 4),
            "should_decline": len(self.out_of_scope),
            "declined_correctly": round(self._share(self.out_of_scope), 4),
            "wrong_answers": len(self.wrong),
            "misses": [
                {"q": o.question.q, "expect": o.question.expect, "band": o.result.band.value,
                 "answered": o.answered_id,
                 "best": o.result.best.entry.id if o.result.best else None,
                 "score": round(o.result.score, 3)}
                for o in self.misses
            ],
        }


def load_questions(path: Path) -> list[LabelledQuestion]:
    """Read a YAML list of {q, expect}."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a YAML list of {{q, expect}}")
    questions = []
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict) or "q" not in item or "expect" not in item:
            raise ValueError(f"{path}: item {number} needs 'q' and 'expect'")
        expect = item["expect"]
        questions.append(LabelledQuestion(str(item["q"]), None if expect is None else str(expect)))
    return questions


def evaluate(matcher: Matcher, questions: Iterable[LabelledQuestion]) -> Report:
    """Run every question through the matcher."""
    return Report([Outcome(q, matcher.match(q.q)) for q in questions])


def evaluate_files(knowledge: Path, sets: Sequence[Path],
                   thresholds: Thresholds | None = None) -> Report:
    """Evaluate one knowledge folder on one or more question files."""
    matcher = Matcher(load_knowledge(knowledge), thresholds)
    questions = [q for path in sets for q in load_questions(path)]
    known = matcher.kb.by_id
    unknown = {q.expect for q in questions if q.expect not in (None, SAFETY_LABEL)} - set(known)
    if unknown:
        raise ValueError(f"expected ids not in {knowledge}: {', '.join(sorted(unknown))}")
    return evaluate(matcher, questions)


def format_report(report: Report, *, max_misses: int = 50) -> str:
    """The report as a person reads it."""
    figures = report.to_json()
    lines = [
        f"questions            {figures['questions']}",
        f"overall accuracy     {figures['accuracy']:.1%}",
        f"in-scope accuracy    {figures['in_scope_accuracy']:.1%}  ({figures['in_scope']} "
        "questions the KB answers)",
        f"declined correctly   {figures['declined_correctly']:.1%}  "
        f"({figures['should_decline']} questions to decline)",
        f"wrong answers        {figures['wrong_answers']}",
    ]
    misses = figures["misses"]
    if misses:
        lines.append(f"misses ({len(misses)}):")
        for miss in misses[:max_misses]:
            flag = "WRONG " if miss["answered"] else ""
            lines.append(
                f"  {flag}{miss['q']!r}: expected {miss['expect']}, got {miss['band']} "
                f"{miss['answered'] or ''} (best {miss['best']} {miss['score']})"
            )
    return "\n".join(lines)
