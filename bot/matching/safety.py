"""Recognise messages about self-harm, suicide or a mental-health crisis.

Such a message must never be matched to the FAQ: it gets a fixed, kind resources reply. The
patterns are deliberately about the writer's own state ("I want to die", "kill myself"), so
figures of speech ("dying to know", "this course is killing me lol") and questions about the
curriculum ("trauma-aware teaching") still reach the FAQ.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.matching.normalize import normalize_text

_SELF = r"(?:my ?self|me)"
_PATTERNS = (
    r"\bsuicid\w*",
    r"\bkill(?:ing)? " + _SELF + r"\b",
    r"\bend(?:ing)? (?:it all|my life|everything|things)\b",
    r"\btake my (?:own )?life\b",
    r"\b(?:want|wanna|wish|going|ready) (?:to )?(?:die|be dead|disappear forever)\b",
    r"\bwish i (?:was|were) dead\b",
    r"\bbetter off dead\b",
    r"\bdont want to (?:live|be alive|be here anymore|exist|wake up)\b",
    r"\bno (?:reason|point) (?:to|in) (?:live|living|going on)\b",
    r"\bcant (?:go on|take (?:it|this) anymore|keep going)\b",
    r"\b(?:self ?harm\w*|hurt(?:ing)? " + _SELF + r"|harm(?:ing)? " + _SELF + r")\b",
    r"\bcut(?:ting)? (?:my ?self|my (?:arms?|wrists?|legs?))\b",
    r"\boverdos\w*",
    r"\b(?:having|in the middle of) an? (?:panic attack|breakdown|mental health crisis)\b",
    r"\bpanic attack\w* (?:right )?now\b",
    r"\bcant (?:stop )?breath\w*\b",
    r"\bmental health crisis\b",
    r"\bin crisis\b",
    r"\bnot safe (?:with|around) my ?self\b",
    r"\b(?:life is|lifes) not worth\b",
)


class SafetyDetector:
    """Flags crisis messages; moderators may add phrases in the knowledge folder."""

    def __init__(self, extra_phrases: Iterable[str] = ()) -> None:
        extra = [r"\b" + re.escape(normalize_text(p)) + r"\b" for p in extra_phrases
                 if normalize_text(p)]
        self._pattern = re.compile("|".join((*_PATTERNS, *extra)))

    def is_crisis(self, text: str) -> bool:
        """True when the text reads as someone in crisis right now."""
        return bool(self._pattern.search(normalize_text(text)))
