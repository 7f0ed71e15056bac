"""Split a chat message into its sentences and tell which of them are questions.

Why: people ask two things at once ("is it online? I work full time so need to know", "is
there an alumni group? does it cost anything?"). Scored as one text, the second half dilutes
the first and neither is answered. The matcher scores the parts one by one and answers the
part it knows, but only a part that is itself a question: "I did MBSR last year. How much
does MCMI cost?" must not get the MBSR answer because the statement in front matches it.
"""

from __future__ import annotations

import re

# A sentence ends at ? or ! (even with no space after: "is it online?how much?"), at . followed
# by space (so "3.5" stays whole), at a line break, or at a spaced dash between words ("hey
# all, just joined - what is this place?"; "3 - 5 weeks" is a range, not two sentences).
_BOUNDARY = re.compile(
    r"(?<=[?!])\s+|(?<=[?!])(?=[a-zA-Z])|(?<=\.)\s+|\s*\n\s*"
    r"|(?<!\d)\s+[-\u2013\u2014]+\s+(?!\d)")
_FIRST_WORD = re.compile(r"[a-z']+")
# A question mark at the end, perhaps followed by other marks or a bracket ("?!", "?)").
_ENDS_ASKING = re.compile(r"\?[\W_]*$")
# A sentence that ends like a statement: its first word does not make it a question ("Did MBSR
# last year.", "Have a certificate in MBSR teaching.").
_ENDS_TELLING = re.compile(r"[.!]\s*$")
# A full stop that ends an abbreviation, not a sentence.
_ABBREVIATION_END = re.compile(r"(?i)(?:^|\W)(?:e\.g|i\.e|etc|vs|approx|incl|dr|mr|mrs|ms|st)\.$")

# Words a question opens with when it has no question mark ("how long is it", "can I join").
QUESTION_OPENERS = frozenset({
    "what", "whats", "what's", "how", "hows", "how's", "when", "where", "who", "whos", "who's",
    "whose", "why", "which", "is", "isn't", "are", "aren't", "am", "do", "does", "doesn't",
    "did", "can", "could", "will", "would", "should", "shall", "may", "might", "must", "have",
    "has", "was", "were", "any",
})

# "Is it longer than MBSR?" after "How long is MCMI?": a question about "it" follows up the one
# before, so it does not turn the message into a question about something else.
_FOLLOW_UP = re.compile(
    r"(?i)^(?:and\s+|but\s+|so\s+|also\s+)*(?:(?:is|does|will|can|would|could|was|has|did)"
    r"\s+(?:it|that|this|they)\b|(?:it|its|it's|that|they)\b)")

# A message with more parts than this is a paste, not a few questions: it is judged whole.
MAX_PARTS = 8

# "I'm an HR consultant who uses mindfulness in workshops, is MCMI aimed at people like me?"
# is a statement about the asker and a question in one sentence: it is read as two parts,
# split before the question. Only after a clause that starts by speaking of oneself: in "once
# I finish the course, what changes?" the question needs the clause in front of it. Chat
# drops the "I'm": "trying to plan my year around a house move, how long is it?" opens with
# its verb in -ing (not "during", a preposition). Measured: tuning +1 (thirty-third KB),
# blind4 +2, no wrong answer added, no other set changed.
_ABOUT_ME = re.compile(
    r"(?i)^(?:i|i'm|im|i've|ive|i'd|my|we|we're|our|(?!during\b)[a-z]{3,}ing)\b")
_THEN_ASKS = re.compile(
    r"(?i),\s+(?=(?:am|is|are|can|could|do|does|did|will|would|should|what|whats|what's|how"
    r"|who|why|where|when|which)\b)")


# "I work full time and have two kids, so I need to know roughly how long it lasts": the
# question is embedded after "I need to know" / "I'm wondering" / "not sure"; what comes
# before it is context. Split at the question word, only after a few words of context.
_EMBEDS = re.compile(
    r"(?i)\b(?:need to know|want to know|wanna know|like to know|wondering|wonder|curious"
    r"|tell me|not sure|no idea|unsure)\s+(?:\w+\s+){0,2}?"
    r"(?=(?:if|whether|how|what|whats|when|where|who|why|which)\b)")
MIN_CONTEXT_WORDS = 3


def split_parts(text: str) -> list[str]:
    """The message's sentences, stripped, empty ones dropped (one part if it has one); a
    sentence that tells about the asker and then asks is two parts, and so is one whose
    question is embedded after some context ("..., so I need to know how long it is")."""
    parts, start = [], 0
    for boundary in _BOUNDARY.finditer(text):
        after_stop = text[boundary.start() - 1:boundary.start()] == "."
        if after_stop and "\n" not in boundary.group() and _ABBREVIATION_END.search(
                text, max(0, boundary.start() - 9), boundary.start()):
            continue  # "e.g. hours" is one sentence
        parts.append(text[start:boundary.start()])
        start = boundary.end()
    parts.append(text[start:])
    return [piece for part in parts for statement in _statement_then_question(part.strip())
            for piece in _embedded_question(statement) if piece]


def _statement_then_question(sentence: str) -> list[str]:
    """A sentence that tells about the asker, then asks, as its two parts (see _ABOUT_ME)."""
    if _ABOUT_ME.search(sentence.replace("\u2019", "'")):
        asks = _THEN_ASKS.search(sentence)
        if asks:
            # The comma stays with the statement: splitting removes only the space.
            return [sentence[:asks.start() + 1].strip(), sentence[asks.end():].strip()]
    return [sentence]


def _embedded_question(sentence: str) -> list[str]:
    """The context (with "I need to know": splitting loses no word) and the embedded question
    of a sentence as two parts (see _EMBEDS). The question is one by construction ("whether it
    counts" opens with no question word), so a question mark replaces any full stop."""
    embeds = _EMBEDS.search(sentence)
    if embeds is None or len(sentence[:embeds.start()].split()) < MIN_CONTEXT_WORDS:
        return [sentence]
    question = sentence[embeds.end():].strip().rstrip(".")
    return [sentence[:embeds.end()].strip(),
            question if question.endswith("?") else question + "?"]


def is_question(part: str) -> bool:
    """Whether a sentence asks something: a question mark, or a question word first and no
    full stop or exclamation mark at the end."""
    if _ENDS_ASKING.search(part):
        return True
    if _ENDS_TELLING.search(part):
        return False
    first = _FIRST_WORD.search(part.lower().replace("\u2019", "'"))
    return first is not None and first.group() in QUESTION_OPENERS


def is_follow_up(part: str) -> bool:
    """Whether a sentence asks about what the sentence before it named ("is it online?",
    "and does that count?")."""
    return _FOLLOW_UP.search(part.strip().replace("\u2019", "'")) is not None
