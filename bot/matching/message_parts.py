"""Split a chat message into its sentences and tell which of them are questions.

Why: people ask two things at once ("is it online? I work full time so need to know", "is
there an alumni group? does it cost anything?"). Scored as one text, the second half dilutes
the first and neither is answered. The matcher scores the parts one by one and answers the
part it knows, but only a part that is itself a question: "I did MBSR last year. How much
does MCMI cost?" must not get the MBSR answer because the statement in front matches it.
"""

from __future__ import annotations

import re

# A sentence ends at ? ! or . followed by space (so "e.g." inside a word and "3.5" stay
# whole), at a line break, or at a spaced dash ("Who is this for - only students?").
_BOUNDARY = re.compile(r"(?<=[?!.])\s+|\s*\n\s*|\s+[-\u2013\u2014]+\s+")
_FIRST_WORD = re.compile(r"[a-z']+")
# A full stop that ends an abbreviation, not a sentence.
_ABBREVIATION_END = re.compile(r"(?i)(?:^|\W)(?:e\.g|i\.e|etc|vs|approx|incl|dr|mr|mrs|ms|st)\.$")

# Words a question opens with when it has no question mark ("how long is it", "can I join").
QUESTION_OPENERS = frozenset({
    "what", "whats", "what's", "how", "hows", "how's", "when", "where", "who", "whos", "who's",
    "whose", "why", "which", "is", "isn't", "are", "aren't", "am", "do", "does", "doesn't",
    "did", "can", "could", "will", "would", "should", "shall", "may", "might", "must", "have",
    "has", "was", "were", "any",
})

# A message with more parts than this is a paste, not a few questions: it is judged whole.
MAX_PARTS = 8


def split_parts(text: str) -> list[str]:
    """The message's sentences, stripped, empty ones dropped (one part if it has one)."""
    parts, start = [], 0
    for boundary in _BOUNDARY.finditer(text):
        if _ABBREVIATION_END.search(text, max(0, boundary.start() - 9), boundary.start()):
            continue  # "e.g. hours" is one sentence
        parts.append(text[start:boundary.start()])
        start = boundary.end()
    parts.append(text[start:])
    return [part for part in (p.strip() for p in parts) if part]


def is_question(part: str) -> bool:
    """Whether a sentence asks something: a question mark, or a question word first."""
    if part.rstrip().endswith("?"):
        return True
    first = _FIRST_WORD.search(part.lower())
    return first is not None and first.group() in QUESTION_OPENERS
