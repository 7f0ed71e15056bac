"""What moderators do, without Discord: review, resolve, explain, report.

Both the `/faqadmin` cog and the shell commands (`python -m bot unanswered ...`) call into this
module, so an alternate added from Discord and one added from a terminal go through exactly the
same edit, validation, reload and audit. The functions at the top are pure (data in, data
out); `Curator` holds the store, the knowledge folder and (in the bot) the engine.
"""

from __future__ import annotations

import asyncio
import getpass
import io
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from rapidfuzz import process
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.engine import AnswerEngine, ReloadReport
from bot.knowledge import Entry, KnowledgeBase, KnowledgeError, validate_knowledge
from bot.knowledge.editing import EditResult, add_alternate, clean_phrasing
from bot.knowledge.loader import ID_LIMIT, QUESTION_LIMIT
from bot.matching.matcher import Matcher
from bot.matching.normalize import normalize_text, words
from bot.matching.verdict import Band, Candidate, Thresholds
from bot.store import Stats, Store, StoreError, UnansweredGroup
from bot.store.grouping import STOP_WORDS

# -- periods -------------------------------------------------------------------------------

# The choices `/faqadmin stats` offers; None means "since the log began".
PERIODS: dict[str, timedelta | None] = {
    "24h": timedelta(days=1),
    "7d": timedelta(days=7),
    "30d": timedelta(days=30),
    "90d": timedelta(days=90),
    "all": None,
}
PERIOD_LABELS = {"24h": "last 24 hours", "7d": "last 7 days", "30d": "last 30 days",
                 "90d": "last 90 days", "all": "all time"}
_RELATIVE = re.compile(r"^(\d{1,5})\s*([hdw])$")


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """A `--since` value as an aware UTC moment: 2025-01-31, 2025-01-31T09:00, 7d, 24h, 2w.

    Raises ValueError with a message naming the accepted forms.
    """
    now = now or datetime.now(UTC)
    value = text.strip().lower()
    relative = _RELATIVE.match(value)
    if relative:
        amount, unit = int(relative[1]), relative[2]
        return now - {"h": timedelta(hours=amount), "d": timedelta(days=amount),
                      "w": timedelta(weeks=amount)}[unit]
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"cannot read {text!r} as a date: use YYYY-MM-DD, an ISO date-time, "
                         "or 24h / 7d / 2w") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def period_start(period: str, now: datetime | None = None) -> datetime | None:
    """The start of a named period (see PERIODS), or None for all time."""
    span = PERIODS[period]
    return None if span is None else (now or datetime.now(UTC)) - span


# -- stats -----------------------------------------------------------------------------------

def _share(count: int, total: int) -> str:
    return f"{count} ({count / total:.0%})" if total else str(count)


def stats_lines(stats: Stats, label: str) -> list[str]:
    """The stats a moderator reads, one fact per line."""
    total = stats.questions
    lines = [
        f"Questions ({label}): {total}",
        f"Answered {_share(stats.answered, total)} · suggested {_share(stats.suggested, total)}"
        f" · declined {_share(stats.declined, total)} · safety {stats.safety}",
        f'"None of these" pressed: {stats.none_of_these}',
    ]
    if stats.helpful_rate is None:
        lines.append("Helpful: no votes yet")
    else:
        lines.append(f"Helpful: {stats.votes_helpful} of {stats.votes} votes "
                     f"({stats.helpful_rate:.0%})")
    if stats.top_entries:
        lines.append("Top entries: " + ", ".join(f"{e} ×{n}" for e, n in stats.top_entries))
    if stats.top_unanswered:
        lines.append("Top unanswered:")
        lines.extend(f"  #{g.id} ×{n}: {_clip(g.representative_text, 80)}"
                     for g, n in stats.top_unanswered)
    return lines


def stats_json(stats: Stats) -> dict[str, Any]:
    """The same figures for scripts (`python -m bot stats --json`)."""
    return {
        "since": stats.since.isoformat() if stats.since else None,
        "questions": stats.questions,
        "answered": stats.answered,
        "suggested": stats.suggested,
        "declined": stats.declined,
        "safety": stats.safety,
        "answered_rate": round(stats.answered_rate, 4),
        "suggested_rate": round(stats.suggested_rate, 4),
        "declined_rate": round(stats.declined_rate, 4),
        "none_of_these": stats.none_of_these,
        "votes_helpful": stats.votes_helpful,
        "votes_not_helpful": stats.votes_not_helpful,
        "helpful_rate": None if stats.helpful_rate is None else round(stats.helpful_rate, 4),
        "top_entries": [{"id": e, "answered": n} for e, n in stats.top_entries],
        "top_unanswered": [{**group_json(g), "asked_in_period": n}
                           for g, n in stats.top_unanswered],
    }


def group_json(group: UnansweredGroup) -> dict[str, Any]:
    """One unanswered group as JSON-ready data."""
    return {
        "id": group.id,
        "status": group.status,
        "count": group.count,
        "first_seen": group.first_seen.isoformat(),
        "last_seen": group.last_seen.isoformat(),
        "text": group.representative_text,
        "examples": list(group.examples),
        "best_entry": group.best_entry_id,
        "best_score": group.best_score,
        "resolved_entry": group.resolved_entry_id,
        "asked_since_status_change": group.asked_since_status_change,
        "none_of_these": group.none_of_these,
    }


def group_line(group: UnansweredGroup) -> str:
    """One line per group for a terminal."""
    best = f" best={group.best_entry_id}({group.best_score:.2f})" \
        if group.best_entry_id and group.best_score is not None else ""
    resolved = f" -> {group.resolved_entry_id}" if group.resolved_entry_id else ""
    return (f"#{group.id:<5} ×{group.count:<4} {group.status}{resolved} "
            f"last {group.last_seen:%Y-%m-%d}{best}  {_clip(group.representative_text, 100)}")


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- stale entries ---------------------------------------------------------------------------

@dataclass(frozen=True)
class StaleEntry:
    """An entry due for review: never reviewed (age None) or reviewed `age_days` ago."""

    entry: Entry
    age_days: int | None


def stale_entries(kb: KnowledgeBase, today: date, stale_after_days: int) -> list[StaleEntry]:
    """Entries whose last_reviewed is missing or older than the setting; never-reviewed first,
    then oldest first, so the list reads as a to-do list."""
    stale = []
    for entry in kb.entries:
        if entry.last_reviewed is None:
            stale.append(StaleEntry(entry, None))
            continue
        age = (today - entry.last_reviewed).days
        if age > stale_after_days:
            stale.append(StaleEntry(entry, age))
    return sorted(stale, key=lambda s: (s.age_days is not None, -(s.age_days or 0), s.entry.id))


# -- explaining a question -------------------------------------------------------------------

@dataclass(frozen=True)
class CandidateView:
    """One candidate entry, with the band it would get if it were the best one."""

    entry_id: str
    question: str
    score: float
    coverage: float
    band: Band
    notes: tuple[str, ...]


@dataclass(frozen=True)
class QuestionReport:
    """What the bot would do with a question, and why (for `/faqadmin test`)."""

    question: str
    band: Band
    entry_id: str | None
    candidates: tuple[CandidateView, ...]
    thresholds: Thresholds
    # A message asking two things answered by one sentence: that sentence (the candidates are
    # its own). The message's questions the answer leaves open, however it was answered.
    answered_part: str | None = None
    unanswered: tuple[str, ...] = ()
    # Its questions are answered by different entries: the did-you-mean offers one each.
    several_questions: bool = False
    # Answered as read without the lesser alternative it offers: that reading (the candidates
    # are its own).
    read_as: str | None = None


def _candidate_band(candidate: Candidate, limits: Thresholds, message_words: int = 0
                    ) -> tuple[Band, tuple[str, ...]]:
    if candidate.score < limits.suggest:
        return Band.DECLINE, (f"score below suggest threshold {limits.suggest:.2f}",)
    why = {
        "score": f"score below answer threshold {limits.answer_needed(message_words):.2f}",
        "coverage": f"covers {candidate.coverage:.0%} of the question "
                    f"(needs {limits.coverage_needed(message_words):.0%})",
        "phrasing": f"the question matches {candidate.phrasing_coverage:.0%} of its closest "
                    f"phrasing (needs {limits.min_phrasing_coverage:.0%})",
        "topic": "the question asks about something this entry never mentions",
        "name": "the question names a programme or body this entry never names",
    }
    notes = tuple(why[failed] for failed in limits.answer_shortfalls(candidate, message_words))
    return (Band.SUGGEST if notes else Band.ANSWER), notes


def explain_question(engine: AnswerEngine, question: str, limit: int = 3) -> QuestionReport:
    """The bot's verdict on a question and its top candidates, each with the band it would
    fall in on its own (the verdict can still be "suggest" when two candidates are close)."""
    matcher: Matcher = engine.matcher
    result = engine.match(question)
    limits = matcher.thresholds
    views = []
    text = result.read_as or result.answered_part or question[:1000]
    candidates = matcher.candidates(text, limit)
    message_words = matcher.message_words(text)
    for rank, candidate in enumerate(candidates):
        band, notes = _candidate_band(candidate, limits, message_words)
        if rank == 0 and band is Band.ANSWER and result.held_back:
            notes = (*notes, result.held_back)
        elif rank == 0 and band is Band.ANSWER and result.band is Band.SUGGEST and \
                len(candidates) > 1:
            gap = candidate.score - candidates[1].score
            needed = limits.lead_needed(candidate, candidates[1], message_words)
            notes = (*notes, f"only {gap:.2f} ahead of the runner-up (needs "
                             f"{needed:.2f}), so the bot "
                             "suggests instead")
        views.append(CandidateView(candidate.entry.id, candidate.entry.question,
                                   candidate.score, candidate.coverage, band, notes))
    return QuestionReport(question, result.band, result.entry.id if result.entry else None,
                          tuple(views), limits, result.answered_part,
                          result.unanswered_questions, result.several_questions,
                          result.read_as)


# -- YAML stubs ------------------------------------------------------------------------------

def slug_for(text: str, taken: Collection[str]) -> str:
    """An entry id from a question: its meaningful words, a-z0-9 and '-', unused so far."""
    meaningful = [w for w in words(text) if w not in STOP_WORDS and re.fullmatch(r"[a-z0-9]+", w)]
    base = "-".join(meaningful[:6])[:ID_LIMIT - 4].strip("-") or "new-entry"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def entry_stub(group: UnansweredGroup, kb: KnowledgeBase | None = None,
               today: date | None = None, taken: Collection[str] = ()) -> str:
    """A ready-to-paste entry for an unanswered group, indented to go under `entries:`.

    The answer is left empty on purpose: validation fails (naming the line) until a moderator
    writes one, so a stub pasted as-is can never go live with a placeholder answer.
    """
    question = clean_phrasing(group.representative_text)[:QUESTION_LIMIT]
    used = {normalize_text(p) for e in kb.entries for p in e.phrasings} if kb else set()
    seen = {normalize_text(question)}
    alternates = []
    for example in group.examples:
        example = clean_phrasing(example)
        key = normalize_text(example)
        if key and key not in seen and key not in used and len(example) <= QUESTION_LIMIT:
            seen.add(key)
            alternates.append(example)
    stub = CommentedMap()
    stub["id"] = slug_for(question, {*taken, *(kb.by_id if kb else ())})
    stub["question"] = question
    stub["answer"] = ""
    stub.yaml_add_eol_comment("TODO: write the answer (validation fails until you do)",
                              "answer")
    if alternates:
        stub["alternates"] = CommentedSeq(alternates)
    stub["last_reviewed"] = today or datetime.now(UTC).date()
    best = f"; closest entry now: {group.best_entry_id} ({group.best_score:.2f})" \
        if group.best_entry_id and group.best_score is not None else ""
    yaml = YAML(typ="rt")
    yaml.width = 1 << 16
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(CommentedSeq([stub]), out)
    times = "once" if group.count == 1 else f"{group.count} times"
    header = (f"  # unanswered group #{group.id}: asked {times}, "
              f"{group.first_seen:%Y-%m-%d} to {group.last_seen:%Y-%m-%d}{best}\n")
    return header + out.getvalue()


def export_stubs(groups: Iterable[UnansweredGroup], kb: KnowledgeBase | None,
                 today: date | None = None) -> str:
    """Stubs for many groups, with distinct ids, as one YAML `entries:` document."""
    taken: set[str] = set()
    parts = ["# Entry stubs for unanswered questions (python -m bot export-unanswered).\n"
             "# Write each answer, keep the stubs you want, paste them into a knowledge file.\n"
             "entries:\n"]
    for group in groups:
        stub = entry_stub(group, kb, today, taken)
        taken.add(stub.split("- id: ", 1)[1].split("\n", 1)[0])
        parts.append(stub)
    return "\n".join(parts)


# -- the moderators' actions -----------------------------------------------------------------

class CurationError(Exception):
    """A moderator action could not be done; the message says why (one line, no traceback)."""


@dataclass(frozen=True)
class ResolveOutcome:
    """What resolving a group with an alternate did, step by step."""

    group: UnansweredGroup
    edit: EditResult
    reload: ReloadReport | None  # None when there is no running engine (the shell)
    reload_error: KnowledgeError | None = None

    def summary(self) -> str:
        """One paragraph for the moderator."""
        where = f"{self.edit.file}:{self.edit.line}"
        if self.edit.changed:
            text = f"Added “{self.edit.phrasing}” to {self.edit.entry_id} ({where})."
        else:
            text = f"{self.edit.entry_id} already has “{self.edit.phrasing}” ({where})."
        if self.reload is not None:
            text += f" Reloaded: {self.reload.summary()}"
        if self.reload_error is not None:
            text += f" Reload failed, still serving the previous knowledge: {self.reload_error}"
        return text + f" Group #{self.group.id} resolved."


def suggest_ids(kb: KnowledgeBase, wrong: str, limit: int = 3) -> list[str]:
    """Entry ids that look like a mistyped one."""
    found = process.extract(wrong, list(kb.by_id), limit=limit, score_cutoff=60)
    return [str(match[0]) for match in found]


def operator_name() -> str:
    """Who runs a shell command, for the audit details ("unknown" if the OS will not say)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class Curator:
    """Resolve and ignore unanswered groups: edit, validate, reload, mark, audit.

    One per process. The lock makes two moderators' edits run one after the other, so neither
    overwrites the other's (the edit itself also refuses if the file changed under it).
    """

    def __init__(self, store: Store, knowledge_path: Path,
                 engine: AnswerEngine | None = None) -> None:
        self.store = store
        self.knowledge_path = knowledge_path
        self.engine = engine
        self._lock = asyncio.Lock()

    def _knowledge(self) -> KnowledgeBase:
        if self.engine is not None:
            return self.engine.kb
        kb, problems = validate_knowledge(self.knowledge_path)
        if kb is None:
            raise CurationError(f"the knowledge base in {self.knowledge_path} has "
                                f"{len(problems)} problem(s); fix them first, e.g. {problems[0]}")
        return kb

    async def add_alternate(self, group_id: int, entry_id: str, actor: str,
                            phrasing: str | None = None, **details: object) -> ResolveOutcome:
        """Add the group's question (or `phrasing`) to an entry's alternates, reload, mark the
        group resolved, and audit the edit (with `details`, e.g. the shell user). The group is
        resolved only if the edit worked.

        Raises CurationError, StoreError (GroupNotFoundError for an unknown group),
        EditError (EditRejected with file:line problems; the file is then unchanged).
        """
        async with self._lock:
            group = await self.store.get_group(group_id)
            kb = await asyncio.to_thread(self._knowledge)
            entry = kb.by_id.get(entry_id)
            if entry is None:
                close = suggest_ids(kb, entry_id)
                hint = f" (did you mean {', '.join(close)}?)" if close else ""
                raise CurationError(f"no entry '{entry_id}' in the knowledge base{hint}")
            text = phrasing if phrasing is not None else group.representative_text
            edit = await asyncio.to_thread(add_alternate, self.knowledge_path, Path(entry.file),
                                           entry.id, text)
            report, failure = None, None
            if self.engine is not None:
                try:
                    report = await self.engine.reload(self.knowledge_path)
                except KnowledgeError as exc:  # another file broke meanwhile; keep serving
                    failure = exc
            if edit.changed:
                await self.store.audit(actor, "add_alternate", entry_id=entry.id,
                                       file=str(edit.file), group_id=group_id,
                                       phrasing=edit.phrasing, line=edit.line, **details)
            group = await self.store.resolve_group(group_id, entry.id, actor)
            return ResolveOutcome(group, edit, report, failure)

    async def ignore(self, group_id: int, actor: str) -> UnansweredGroup:
        """Hide a group from review for good (the store audits it)."""
        return await self.store.ignore_group(group_id, actor)


__all__ = [
    "PERIODS",
    "PERIOD_LABELS",
    "CandidateView",
    "CurationError",
    "Curator",
    "QuestionReport",
    "ResolveOutcome",
    "StaleEntry",
    "StoreError",
    "entry_stub",
    "explain_question",
    "export_stubs",
    "group_json",
    "group_line",
    "operator_name",
    "parse_since",
    "period_start",
    "slug_for",
    "stale_entries",
    "stats_json",
    "stats_lines",
    "suggest_ids",
]
