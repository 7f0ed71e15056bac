"""Recognise messages about self-harm, suicide or a mental-health crisis.

Such a message must never be matched to the FAQ: it gets a fixed, kind resources reply. The
patterns are deliberately about the writer's own state ("I want to die", "kill myself"), so
figures of speech ("dying to know", "the suspense is killing me") and questions about the
curriculum ("trauma-aware teaching") still reach the FAQ. So do professional questions about
the people a teacher works with ("does MCMI prepare me for suicidal clients?"): the crisis
words there name a group of others, not the writer's state.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.matching.normalize import normalize_text

_SELF = r"(?:my ?self|me)"
# The demands of a course: "another weekend course", "the workload", "all this reading".
_COURSE_LOAD = (r"(?:(?:another|more|the|this|these|all (?:the|this|these)) (?:\w+ )?"
                r"(?:course|courses|module|modules|weekend|weekends|workload|schedule|homework"
                r"|assignments?|reading|essays?|deadlines?|paperwork|admin|acronyms|jargon))")
_PATTERNS = (
    r"\bsuicid\w*",
    r"\bkms\b",
    r"\bkill(?:ing)? (?:my|her|him|them) ?sel(?:f|ves)\b",
    r"\bend(?:ing)? (?:it all|my life|everything|things)\b",
    r"\btake my (?:own )?life\b",
    # Not "going to die laughing" / "die of embarrassment": figures of speech.
    r"\b(?:want|wanted|wanting|wanna|wish|going|ready) (?:to )?(?:die|be dead)\b"
    r"(?! (?:laughing|of (?:laughter|laughing|embarrassment|shame|boredom|happiness|joy"
    r"|excitement|curiosity)))",
    r"\b(?:disappear forever|never wake up)\b",
    r"\bwish i (?:was|were) dead\b",
    r"\bbetter off (?:dead|without me)\b",
    r"\b(?:nobody|no one|noone) would (?:miss|care about) me\b",
    r"\bdont want to (?:live|be alive|be here anymore|exist|wake up)\b",
    r"\b(?:no|whats the) (?:reason|point) (?:to|in|of) (?:live|living|going on)\b",
    r"\b(?:isnt|is not|not) worth living\b",
    r"\b(?:life is|lifes) not worth\b",
    # Not "can't cope with another weekend course": a course's demands are not a crisis.
    r"\bcant (?:go on|take (?:it|this) anymore|keep going|cope\b(?! with " + _COURSE_LOAD + r"))\b",
    # Not "no way out of paying for it?": a prospective student asking about the fees.
    r"\b(?:dont|cant) see a way out\b|\bno way out\b(?! of (?:paying|the (?:contract|payment"
    r"|fees?|course|programme|program|training)))",
    r"\bdone with (?:everything|life|it all)\b",
    # "hurt me" alone is mostly a figure of speech ("does not having MBSR hurt me with
    # employers?"); the writer wanting to do it is not.
    r"\b(?:self ?harm\w*|(?:hurt|harm)(?:ing)? my ?self)\b",
    r"\b(?:want|wanted|wanting|wanna|going|need|urge) (?:to )?(?:hurt|harm) " + _SELF + r"\b",
    r"\bcut(?:ting)? (?:my ?self|my (?:arms?|wrists?|legs?))\b",
    r"\boverdos\w*",
    r"\b(?:pills|tablets) saved\b|\bsaved up (?:pills|tablets)\b",
    r"\b(?:goodbye|suicide) (?:note|letter)\b",
    r"\bon (?:the|a) (?:bridge|ledge|roof) (?:right )?now\b",
    r"\bkeep my ?self safe\b|\bnot safe (?:with|around) my ?self\b",
    r"\b(?:having|in the middle of) an? (?:panic attack|breakdown|mental health crisis)\b",
    r"\bmental breakdown\b",
    r"\bpanic attack\w* (?:right )?now\b",
    r"\bcant (?:stop )?breath\w*\b|\bcant stop shaking\b",
    r"\bheart (?:is )?(?:pounding|racing)\b.*\b(?:pass out|help|dying)\b",
    r"\bmental health crisis\b",
    r"\bin crisis\b(?! mode)",  # "I'm in crisis mode with my schedule" is busy
)

# The people a mindfulness teacher works with. Singular too ("a client who self-harms").
_GROUP = (r"(?:clients?|students?|participants?|patients?|learners?|attendees?|trainees?"
          r"|pupils?|service users?|populations?|groups?)")
_CRISIS_WORD = r"(?:suicid\w*|self ?harm\w*)"
# A professional frame: the crisis word describes a group of others ("suicidal clients",
# "clients who self-harm", "participants with suicidal thoughts") or a field of practice
# ("suicide prevention"). Such a phrase is taken out before the patterns are searched, so a
# crisis said in the same message ("I teach suicidal clients and I want to die") still routes.
# Deliberately not "my client is suicidal": that may be an emergency happening now.
_PROFESSIONAL = re.compile(
    rf"\b{_CRISIS_WORD} (?:thoughts? (?:in|among) )?{_GROUP}\b"
    rf"|\b{_GROUP} (?:who|that|with) (?:(?:are|is|have|has|feel|feels|might be|may be) )?"
    rf"(?:had )?(?:been )?(?:a )?(?:history of )?{_CRISIS_WORD}"
    # What a teacher may hear in a session: "if a participant discloses suicidal thoughts",
    # "when a client talks about self-harm", "a student's suicidal thoughts". Not "my
    # student's suicide attempt": that happened, and the resources may help the teacher.
    rf"|\b{_GROUP} (?:discloses?|disclosed|mentions?|mentioned|talks? about|talked about"
    rf"|brings? up|brought up|raises?|raised|shares?|shared|expresses?|expressed|reports?"
    rf"|reported) {_CRISIS_WORD}"
    rf"|\b{_GROUP} {_CRISIS_WORD} (?:thoughts|ideation|feelings)\b"
    r"|\bsuicide (?:prevention|awareness|risk assessment)\b")
# ... unless the writer counts themself in the group: "I'm one of those suicidal students",
# "as a student who self-harms, ...".
_ONE_OF_THEM = re.compile(
    r"\b(?:im|i am|i was|i feel like|as) (?:an? |one of (?:the |those )?)?$")


def _without_professional_frames(text: str) -> str:
    """The text with its professional frames blanked (see `_PROFESSIONAL`)."""
    def blank(match: re.Match[str]) -> str:
        return match.group() if _ONE_OF_THEM.search(text[:match.start()]) else " "
    return _PROFESSIONAL.sub(blank, text)


class SafetyDetector:
    """Flags crisis messages; moderators may add phrases in the knowledge folder."""

    def __init__(self, extra_phrases: Iterable[str] = ()) -> None:
        extra = [r"\b" + re.escape(normalize_text(p)) + r"\b" for p in extra_phrases
                 if normalize_text(p)]
        self._pattern = re.compile("|".join((*_PATTERNS, *extra)))

    def is_crisis(self, text: str) -> bool:
        """True when the text reads as someone in crisis right now."""
        return bool(self._pattern.search(_without_professional_frames(normalize_text(text))))
