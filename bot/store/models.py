"""What the store records and what it returns: plain frozen dataclasses, no database types."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, Protocol

Band = Literal["answer", "suggest", "decline", "safety"]
Source = Literal["console", "cli", "discord"]
GroupStatus = Literal["new", "resolved", "ignored"]

BANDS: frozenset[str] = frozenset({"answer", "suggest", "decline", "safety"})
SOURCES: frozenset[str] = frozenset({"console", "cli", "discord"})
GROUP_STATUSES: frozenset[str] = frozenset({"new", "resolved", "ignored"})
# Bands whose question text is kept (in the unanswered log) for moderators to review.
UNANSWERED_BANDS: frozenset[str] = frozenset({"suggest", "decline"})

# Longest question text kept: a Discord message is at most 2000 characters anyway.
MAX_TEXT_CHARS = 2000


def utc_now() -> datetime:
    """The current time, timezone-aware UTC (what every stored timestamp is)."""
    return datetime.now(UTC)


def to_db(moment: datetime) -> str:
    """A timestamp as stored: fixed-width UTC ISO 8601, so text order is time order.

    A naive datetime is taken to be UTC already.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_db(text: str) -> datetime:
    """A stored timestamp back as an aware UTC datetime."""
    return datetime.fromisoformat(text)


class QuestionRecord(Protocol):
    """Anything that describes a question the bot acted on (the engine's event fits)."""

    @property
    def text(self) -> str: ...
    @property
    def band(self) -> str: ...
    @property
    def entry_id(self) -> str | None: ...
    @property
    def score(self) -> float | None: ...
    @property
    def source(self) -> str: ...
    @property
    def user_id(self) -> str | None: ...
    @property
    def channel_id(self) -> str | None: ...


@dataclass(frozen=True)
class QuestionEvent:
    """One question the bot acted on, as the store queues it.

    `text` is kept only when the band is suggest or decline; for answered and safety questions
    it is dropped before anything is written.
    """

    text: str
    band: Band
    entry_id: str | None
    score: float | None
    source: Source
    user_id: str | None = None
    channel_id: str | None = None
    asked_at: datetime = field(default_factory=utc_now)
    # True when the asker pressed "none of these" on the suggestions for this question.
    none_of_these: bool = False
    # False for a question left open in a message that was otherwise answered: it is kept for
    # review but the message was already counted once, as answered.
    counted: bool = True


@dataclass(frozen=True)
class Vote:
    """A member's helpful / not helpful vote on one answer message."""

    message_id: str
    entry_id: str
    user_id: str
    helpful: bool
    voted_at: datetime = field(default_factory=utc_now)


@dataclass(frozen=True)
class AuditRecord:
    """One moderator action on the knowledge base or the unanswered queue."""

    actor: str
    action: str
    entry_id: str | None = None
    file: str | None = None
    group_id: int | None = None
    details: str | None = None  # JSON object of any other details
    created_at: datetime = field(default_factory=utc_now)


@dataclass(frozen=True)
class AuditEntry:
    """An audit-log row as read back."""

    id: int
    created_at: datetime
    actor: str
    action: str
    entry_id: str | None
    file: str | None
    group_id: int | None
    details: dict[str, object]


@dataclass(frozen=True)
class UnansweredGroup:
    """Near-duplicate unanswered questions, reviewed by moderators as one item."""

    id: int
    status: GroupStatus
    resolved_entry_id: str | None
    count: int  # member questions stored (within the retention period)
    first_seen: datetime
    last_seen: datetime
    best_entry_id: str | None  # highest-scoring candidate entry seen (latest on ties)
    best_score: float | None
    representative_text: str  # the earliest stored member's text
    examples: tuple[str, ...]  # up to 5 distinct member texts, most recent first
    status_changed_at: datetime | None
    # Questions that joined after it was resolved or ignored: a resolved group still being
    # asked means the new entry does not catch this phrasing yet.
    asked_since_status_change: int
    none_of_these: int  # members whose asker rejected all suggestions


@dataclass(frozen=True)
class Stats:
    """What the bot did over a period, for moderators."""

    since: datetime | None
    questions: int
    answered: int
    suggested: int
    declined: int
    safety: int
    none_of_these: int
    votes_helpful: int
    votes_not_helpful: int
    top_entries: tuple[tuple[str, int], ...]  # (entry id, times answered), most first
    top_unanswered: tuple[tuple[UnansweredGroup, int], ...]  # (open group, asked in period)

    def _rate(self, count: int) -> float:
        return count / self.questions if self.questions else 0.0

    @property
    def answered_rate(self) -> float:
        """Share of questions answered outright (0 when there were none)."""
        return self._rate(self.answered)

    @property
    def suggested_rate(self) -> float:
        """Share of questions given suggestions instead of an answer."""
        return self._rate(self.suggested)

    @property
    def declined_rate(self) -> float:
        """Share of questions declined as not covered."""
        return self._rate(self.declined)

    @property
    def safety_rate(self) -> float:
        """Share of questions that got the safety message."""
        return self._rate(self.safety)

    @property
    def votes(self) -> int:
        """Votes cast in the period."""
        return self.votes_helpful + self.votes_not_helpful

    @property
    def helpful_rate(self) -> float | None:
        """Share of votes saying helpful; None when nobody voted."""
        return self.votes_helpful / self.votes if self.votes else None


@dataclass(frozen=True)
class StoreHealth:
    """Whether writes are getting through, for a status command or a health check."""

    degraded: bool  # the last write attempt failed; records are waiting in memory
    pending: int  # records queued, not yet written
    dropped: int  # records lost since start because the queue was full (oldest first)
    last_error: str | None
    failing_since: datetime | None
