"""Plain data types of the knowledge base. Immutable, so a loaded KB can be shared safely
between the matcher, the Discord layer and a reload in progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a knowledge file, located precisely enough to fix it."""

    file: str
    line: int
    message: str
    entry_id: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        what = []
        if self.entry_id:
            what.append(f"entry '{self.entry_id}'")
        if self.field:
            what.append(f"field '{self.field}'")
        prefix = f"{where}: {' '.join(what)}: " if what else f"{where}: "
        return prefix + self.message


def format_problems(problems: list[Problem], limit: int) -> str:
    """One problem a line, at most `limit` of them, then how many more there are."""
    lines = "\n".join(str(p) for p in problems[:limit])
    more = f"\n... and {len(problems) - limit} more" if len(problems) > limit else ""
    return lines + more


class KnowledgeError(Exception):
    """The knowledge folder cannot be loaded; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the knowledge base:\n"
                         + format_problems(problems, 50))


@dataclass(frozen=True)
class Link:
    """A button-sized link: a short label and an https URL."""

    label: str
    url: str


@dataclass(frozen=True)
class Entry:
    """One FAQ entry. Equality ignores where it was loaded from, so reload diffs see edits only."""

    id: str
    question: str
    answer: str
    alternates: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    last_reviewed: date | None = None
    file: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The question followed by its alternates: every way the KB says this entry is asked."""
        return (self.question, *self.alternates)


@dataclass(frozen=True)
class Vocabulary:
    """Domain words from the knowledge folder.

    synonyms: groups of words/phrases a question may use for the same thing (first is canonical).
    stopwords: extra words that carry no meaning in this domain.
    background: words naming the whole domain ("MCMI"), so they say little about which entry.
    """

    synonyms: tuple[tuple[str, ...], ...] = ()
    stopwords: frozenset[str] = frozenset()
    background: frozenset[str] = frozenset()


DEFAULT_SAFETY_MESSAGE = (
    "It sounds like you might be going through something really hard right now, and that "
    "matters far more than any FAQ. I'm only an FAQ helper, so please reach out to someone "
    "who can help: if you are in danger, contact your local emergency services now, or a "
    "crisis line in your country, or someone you trust. You don't have to go through this alone."
)


@dataclass(frozen=True)
class SafetySettings:
    """The fixed reply for crisis messages; moderators edit it in the knowledge folder."""

    message: str = DEFAULT_SAFETY_MESSAGE
    extra_phrases: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnowledgeBase:
    """A validated, fully loaded knowledge base. Never half-built: loading either succeeds or
    raises KnowledgeError."""

    entries: tuple[Entry, ...]
    vocabulary: Vocabulary = Vocabulary()
    safety: SafetySettings = SafetySettings()
    files: tuple[str, ...] = ()
    by_id: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.by_id:
            object.__setattr__(self, "by_id", {e.id: e for e in self.entries})

    @property
    def tags(self) -> list[str]:
        """All tags in first-seen order, for browsing by topic."""
        seen: dict[str, None] = {}
        for entry in self.entries:
            for tag in entry.tags:
                seen.setdefault(tag, None)
        return list(seen)
