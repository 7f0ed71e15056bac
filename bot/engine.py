"""The answering engine: the current knowledge base and matcher, reloads, and the question log.

Every front end (Discord, console, CLI) asks through `AnswerEngine.ask`, so they answer the
same way and log the same way. The matcher is swapped whole on reload: a question is always
answered by one complete knowledge base, never a half-loaded one.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bot.knowledge import KnowledgeBase, load_knowledge
from bot.matching.analysis import common_english_words
from bot.matching.matcher import Matcher
from bot.matching.verdict import Band, MatchResult, Thresholds

log = logging.getLogger(__name__)

# Matching reads at most this much of a message: enough for any real question, and it bounds
# the work a 4 000-character paste can cause.
MAX_MATCH_CHARS = 1000
# The crisis check reads up to Discord's longest message instead: a crisis sentence at the end
# of a long paste must still get the support message, never an FAQ answer.
MAX_SAFETY_CHARS = 4000


@dataclass(frozen=True)
class QuestionEvent:
    """What the log keeps about one question the bot acted on."""

    text: str
    band: str
    entry_id: str | None
    score: float
    source: str
    user_id: str | None = None
    channel_id: str | None = None


class QuestionLog(Protocol):
    """Where questions are logged (the SQLite store, or nothing)."""

    async def record_question(self, event: QuestionEvent) -> None:
        """Queue one question for the log; must not raise on storage failure."""

    async def record_unanswered_part(self, event: QuestionEvent) -> None:
        """Queue a question left open in a message that was otherwise answered: kept for the
        moderators' review, not counted as a question of its own; must not raise either."""


@dataclass(frozen=True)
class ReloadReport:
    """What changed between two knowledge bases."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    edited: tuple[str, ...]
    total: int

    def summary(self) -> str:
        """One line for a moderator."""
        if not (self.added or self.removed or self.edited):
            return f"No changes ({self.total} entries)."
        parts = []
        for label, ids in (("added", self.added), ("removed", self.removed),
                           ("edited", self.edited)):
            if ids:
                parts.append(f"{label} {len(ids)}: {', '.join(ids[:10])}"
                             + (" ..." if len(ids) > 10 else ""))
        return f"{'; '.join(parts)} ({self.total} entries now)."


def diff_knowledge(old: KnowledgeBase, new: KnowledgeBase) -> ReloadReport:
    """Entries added, removed and edited between two knowledge bases."""
    added = tuple(e for e in new.by_id if e not in old.by_id)
    removed = tuple(e for e in old.by_id if e not in new.by_id)
    edited = tuple(e for e in new.by_id if e in old.by_id and new.by_id[e] != old.by_id[e])
    return ReloadReport(added, removed, edited, len(new.entries))


def build_matcher(path: Path, thresholds: Thresholds | None = None) -> Matcher:
    """Load, validate and index a knowledge folder (raises KnowledgeError, nothing half-built).

    The cyclic garbage collector is paused meanwhile: a 10 000-entry build allocates about a
    million objects, none of them garbage, and each collection that allocation triggers would
    walk the whole heap (half of a reload's time, measured). Reference counting still frees
    everything as usual.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return Matcher(load_knowledge(path), thresholds)
    finally:
        if paused:
            gc.enable()


def _freeze_long_lived() -> None:
    """Move what is alive now, the index just swapped in above all, out of the collector's
    way (`gc.freeze`): it lives until the next reload, and later collections need not walk it
    again and again. A replaced index is still freed by reference counting. The price: an
    object alive at this moment that later dies in a reference cycle is never collected; at a
    load or a moderator's reload that is a handful of in-flight objects, not a growing leak
    (tests/test_engine.py checks the frozen count stays flat over reloads)."""
    gc.freeze()


def _event(result: MatchResult, band: Band, source: str, user_id: str | None,
           channel_id: str | None) -> QuestionEvent:
    best = result.best
    return QuestionEvent(
        # Crisis messages are never stored; answered questions need no text either.
        text=result.question if band in (Band.SUGGEST, Band.DECLINE) else "",
        band=band.value,
        entry_id=best.entry.id if best else None,
        score=best.score if best else 0.0,
        source=source,
        user_id=user_id,
        channel_id=channel_id,
    )


class AnswerEngine:
    """Answers questions from the current knowledge base and logs what it could not answer."""

    def __init__(
        self,
        matcher: Matcher,
        *,
        log_store: QuestionLog | None = None,
        knowledge_path: Path | None = None,
    ) -> None:
        self._matcher = matcher
        _freeze_long_lived()
        self._log_store = log_store
        self.knowledge_path = knowledge_path
        self._reload_lock = asyncio.Lock()

    @property
    def matcher(self) -> Matcher:
        """The matcher in service right now."""
        return self._matcher

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base in service right now."""
        return self._matcher.kb

    def is_crisis(self, text: str) -> bool:
        """Whether a message reads as someone in crisis (checked before any matching)."""
        return self._matcher.safety.is_crisis(text[:MAX_SAFETY_CHARS])

    async def warm_up(self) -> None:
        """Load what matching otherwise loads on first need (the English word list, 60 ms),
        in a worker thread: a long-running bot should not stall on its first typo."""
        await asyncio.to_thread(common_english_words)

    def match(self, question: str) -> MatchResult:
        """Band a question without logging it (previews, autocomplete, moderator tests)."""
        if self.is_crisis(question):
            return MatchResult(question[:MAX_MATCH_CHARS], Band.SAFETY, ())
        return self._matcher.match(question[:MAX_MATCH_CHARS], safety_checked=True)

    async def ask(
        self,
        question: str,
        *,
        source: str,
        user_id: str | None = None,
        channel_id: str | None = None,
    ) -> MatchResult:
        """Answer a question and log it. Logging failures never stop the answer."""
        result = self.match(question)
        await self.log(result, source=source, user_id=user_id, channel_id=channel_id)
        return result

    async def log(
        self,
        result: MatchResult,
        *,
        source: str,
        user_id: str | None = None,
        channel_id: str | None = None,
        band: Band | None = None,
    ) -> None:
        """Log a question; `band` overrides the result's (e.g. "none of these" -> decline)."""
        if self._log_store is None or (band is None and result.small_talk):
            # Greetings and thanks carry nothing to review, so nothing is stored.
            return
        band = band or result.band
        try:
            await self._log_store.record_question(
                _event(result, band, source, user_id, channel_id))
            if band is Band.ANSWER:
                # "Is there an alumni group? Does it cost anything?" was answered by its first
                # question; the second is still one for the moderators (the message itself
                # was counted once, as answered).
                for part in result.unanswered_parts:
                    await self._log_store.record_unanswered_part(
                        _event(part, part.band, source, user_id, channel_id))
        except Exception:
            log.exception("could not log a question (band=%s, source=%s)", band.value, source)

    async def reload(self, path: Path | None = None) -> ReloadReport:
        """Validate the knowledge folder and swap it in whole; on any error keep the old one.

        Raises KnowledgeError (with file:line problems) and leaves the served KB untouched.
        Indexing runs in a worker thread so questions keep being answered meanwhile.
        """
        target = path or self.knowledge_path
        if target is None:
            raise ValueError("no knowledge path to reload from")
        async with self._reload_lock:
            matcher = await asyncio.to_thread(build_matcher, target, self._matcher.thresholds)
            report = diff_knowledge(self._matcher.kb, matcher.kb)
            self._matcher = matcher
            self.knowledge_path = target
            _freeze_long_lived()
        log.info("knowledge reloaded from %s: %s", target, report.summary())
        return report
