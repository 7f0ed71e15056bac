"""What a message says besides its question: words the matcher does not read, and messages
that ask nothing.

Why: members write around their questions. "I trained as an MBSR teacher, not just a
participant" names the participant entry it is *not* about; "my HR director asks what's
included" names the audience entry through "HR"; "did MBSR as a student not a teacher
trainee" names the teacher pathway it is not about, and "I am coach from Brazil" a location
nobody asked about; "good morning teaching circle" and "love this community" name the
community without asking anything about it. Read as words, each pulls towards the wrong
entry. These rules take such parts out before matching (pure text
rules, no KB needed).
"""

from __future__ import annotations

import re

from bot.matching.analysis import common_english_words
from bot.matching.normalize import words
from bot.matching.vocabulary import STOPWORDS


def _words(most: int, word: str = r"[^\W_][\w'-]*") -> str:
    """One to `most` words and the spaces after them, split one way only. Written as
    "(?:word, spaces optional){1,n}", a long run of letters can be split into words in
    thousands of ways, and a message whose clause then fails to end backtracked for minutes
    (", not just aaaa...a b c d e f g": 3.6 s at 100 letters, 109 s at 200)."""
    return rf"{word}(?:\s+{word}){{0,{most - 1}}}\s*"


# What the asker sets aside, to the end of its clause: "I trained as an MBSR teacher, not just
# a participant", "the teacher pathway rather than the 8-week course". Only after a comma for
# "not just": "is MCMI not just for therapists?" asks who it is for.
_SET_ASIDE = re.compile(
    r"(?i)(?:,\s*not\s+(?:just|only|merely|simply)|\brather\s+than(?:\s+just)?)\s+"
    + _words(5, r"(?!but\b|also\b)[^\W_][\w'-]*") + r"(?=$|[,.;:?!)\u2014-])"
    # ... and what it already knows of, at the end of the question: "what comes with the
    # cert besides the teaching content?" asks for the rest.
    r"|(?<=\w)\s+(?:besides|apart\s+from|aside\s+from|other\s+than)\s+"
    + _words(4) + r"(?=$|[.?!])")

# The role the asker did something in, set against one they did not: "did MBSR as a student
# not a teacher trainee", "as a participant, not as a teacher". What follows "not" is the
# role it was not, to the end of its clause.
_NOT_AS = re.compile(
    r"(?i)(\bas\s+an?\s+[\w'-]+(?:\s+[\w'-]+)?),?\s+not\s+(?:as\s+)?an?\s+"
    + _words(4) + r"(?=$|[,.;:?!)\u2014-])")

# Where the asker is from, said of themselves: "I am coach from Brazil, is this good for
# executive coaching?" asks nothing about a location.
_FROM_A_PLACE = re.compile(
    r"(?i)(\b(?:i\s+am|i'm|im)\s+(?:an?\s+)?(?:[\w'-]+\s+){0,3}?)from\s+"
    + _words(3) + r"(?=$|[,.;:?!)\u2014-])")

# Who a question is passed on from: "my HR director asks what's included", "a client of mine
# asked whether MBSR is enough". The asker's role ("HR", "client") names another entry's
# audience, not what is asked. Not "my employer asks *for* IMTA accreditation": that is what
# employers ask, the question itself; and "wants" only before "to know" or a request for a
# summary ("wants an accredited teacher" is what they want).
_RELAYED = re.compile(
    r"(?i)^\W*(?:my|our|a|an|the|one of my)\s+(?:[\w'-]+\s+){1,3}?(?:of mine\s+)?"
    r"(?:(?:wants|would like) to know|wants(?=\s+(?:me to|an?\s+(?:quick|short|brief|overview"
    r"|summary|description|explanation|rundown)))|asked me|asked|asks me|asks|is asking"
    r"|was asking|keeps asking|wonders|wondered|is wondering|was wondering)"
    r"\b(?!\s+for\b)(?:\s+(?:if|whether|about))?")

# An interjection that opens a sentence: "wait, what's mbsr?", "hang on, is MCMI accredited?".
# Read as a word, "wait" diluted the question it opens (and would read as a waiting list).
_INTERJECTION = re.compile(
    r"(?i)(^|[.?!]\s+)(?:oh\s+|ok\s+|okay\s+|sorry\s+)?(?:wait|hang\s+on|hold\s+on)\s*"
    r"(?:[,.!:;\u2014\u2013-]+|\s+(?=so\b|what|is\b|are\b|does\b|do\b))\s*")

# "asking for a friend (who's thinking of signing up)": who the question is for, to the end of
# its sentence. Read, "signing up" made "how many weeks is MCMI? asking for a friend who's
# thinking of signing up" a question about who MCMI is for.
_ASKING_FOR = re.compile(
    r"(?i)\b(?:just\s+|i'?m\s+)?asking\s+for\s+(?:a|my|one of my)\s+(?:[\w'-]+\s+)?"
    r"(?:friends?|colleagues?|clients?|partner|mate|sister|brother|wife|husband|cousin"
    r"|daughter|son|mum|mom|dad|boss|manager|co-?workers?)\b[^.?!\n]*")

# What the asker read or heard, offered to be checked: "I read there is a free masterclass, is
# that right?" asks whether there is one. Only where a sentence or clause starts ("where can
# I read about MBSR" asks where to read). Read as words, "read" is the further-reading topic
# and "right" an unknown word that dilutes the question.
_HEARSAY = re.compile(
    r"(?i)((?:^|[.!?,;:(])\W*(?:(?:so|and|but|ok|okay|well|also|hi|hey|hello)\W+)*)"
    r"(?:i(?:\s+have|['\u2019]?ve)?\s+(?:read|heard|saw|seen|noticed|came\s+across)"
    r"|i(?:\s+was|\s+have\s+been|['\u2019]?ve\s+been)\s+told|someone\s+(?:said|told\s+me|mentioned))"
    r"(?:\s+(?:somewhere|online|(?:on|in)\s+(?:the\s+)?(?:website|site|group|server|channel"
    r"|forum)))?(?:\s+(?:that|something\s+about|about))?\b")
_CHECK_BACK = re.compile(
    r"(?i)[,.;:\s-]*\b(?:is|was)\s+(?:that|this|it)\s+(?:right|true|correct|accurate|so"
    r"|the\s+case)\W*$")

# A greeting with no question in it is small talk, even when it names the community: "good
# morning teaching circle", "hello MCMI grads". Only a short one (content words, stop words
# aside): a longer message may ask without a question word.
_GREETING = re.compile(
    r"(?i)^\W*(?:hi|hello|hey|heya|hiya|yo|howdy|greetings|morning|evening|afternoon"
    r"|good\s+(?:morning|afternoon|evening|day))\b")
_ASKS = re.compile(
    r"(?i)\?|\b(?:what|whats|how|hows|when|where|who|whos|why|which|is|are|can|could|do|does"
    r"|did|will|would|should|any|anyone|tell|explain|vs|versus|or|difference|info"
    r"|information|help|question)\b")
MAX_GREETING_WORDS = 4
# A pleasantry that asks nothing is small talk too, whatever it names: "love this community",
# "glad to be here!", "excited to start MCMI next month".
_PLEASANTRY = re.compile(
    r"(?i)^\W*(?:(?:i|we|i'm|im|so|really|just)\s+)*(?:love|loving|loved|adore|enjoy|enjoying"
    r"|enjoyed|glad|happy|excited|proud|thrilled|delighted|grateful|thankful|thanks|thank you"
    r"|(?:great|nice|good|lovely) to)\b")

# A thank-you among the small talk, which is thanked back rather than greeted.
_THANKS = re.compile(
    r"(?i)\b(?:thanks|thank\s+(?:you|u)|thankyou|thx|ty|tysm|cheers|much\s+appreciated"
    r"|appreciate\s+(?:it|that|this|you))\b")

# "accredited by the ICF", "recognised by BAMBA", "registered with the BACP": the body named.
_BODY_ASKED = (r"\b(?:accredit|recogni[sz]|approv|endors|regist|certif|validat|backed|listed)\w*"
               r"\s+(?:by|with|from)\s+(?:the\s+|an?\s+)?")
_BY_A_BODY = re.compile(_BODY_ASKED + r"([A-Z][A-Z0-9]{1,7})\b")
# ... and the other way round: "does BAMBA recognise MCMI?", "is it on the BAMBA register?".
_A_BODY_DOES = re.compile(
    r"\b(?:does|do|will|would|did|can)\s+(?:the\s+)?([A-Z][A-Z0-9]{1,7})\s+"
    r"(?:recogni[sz]e|accept|accredit|endorse|approve|list|register|certify|validate)\b")
_ON_A_BODYS_LIST = re.compile(
    r"\b(?:on|in)\s+(?:the\s+|an?\s+)?([A-Z][A-Z0-9]{1,7})(?:'?s)?\s+(?:\w+\s+)?"
    r"(?:register|registry|listing|list|directory|database)\b")
# ... and typed in lower case ("is mcmi recognised by bacp"): a short word that is no common
# English word ("recognised by employers" names no body).
_BY_A_BODY_LOWER = re.compile("(?i)" + _BODY_ASKED + r"([a-z][a-z0-9]{1,7})\b")


# The lesser alternative a yes/no question offers: "is MCMI accredited or just a certificate
# of completion?", "is it in real settings or is it just role play?". To the end of its clause.
_OR_JUST = re.compile(
    r"(?i)\s*,?\s+or\s+(?:is\s+it\s+|is\s+this\s+|it'?s\s+|are\s+they\s+|do\s+you\s+)?"
    r"(?:just|only|merely|simply|purely)\s+" + _words(6) + r"(?=$|[,.;:?!)\u2014-])")


def without_alternative(message: str) -> str:
    """The message without the lesser alternative its question offers (see _OR_JUST): "is
    the mcmi an accredited qualification or just a certificate of completion" asks whether
    it is accredited, and "certificate" and "completion" pull towards other entries. Only
    for a message not answered whole: in "do I need MBSR first or just experience?" the
    alternative is what is asked."""
    return _OR_JUST.sub("", message)


def without_asides(message: str) -> str:
    """The message without who it is passed on from or asked for, and what it sets aside."""
    message = _NOT_AS.sub(r"\1 ", _ASKING_FOR.sub(" ", message))
    message = _FROM_A_PLACE.sub(r"\1 ", message)
    message = _HEARSAY.sub(r"\1 ", _INTERJECTION.sub(r"\1", message))
    return _SET_ASIDE.sub(" ", _RELAYED.sub(" ", message))


def is_small_talk(message: str) -> bool:
    """A greeting and a few words, or a pleasantry, none of them asking (see _GREETING,
    _PLEASANTRY)."""
    if _PLEASANTRY.search(message):
        return _ASKS.search(message) is None
    greeting = _GREETING.search(message)
    if greeting is None:
        return False
    rest = message[greeting.end():]
    content = [w for w in words(rest) if w not in STOPWORDS]
    return _ASKS.search(rest) is None and len(content) <= MAX_GREETING_WORDS


def is_thanks(message: str) -> bool:
    """The message thanks someone ("thanks!", "ty so much", "appreciate it")."""
    return _THANKS.search(message) is not None


def bodies_asked_about(message: str) -> list[str]:
    """Acronyms the message asks whether they accredit or recognise something, in capitals
    or not (then only words no English dictionary has: see _BY_A_BODY_LOWER)."""
    named = [*_BY_A_BODY.findall(message), *_A_BODY_DOES.findall(message),
             *_ON_A_BODYS_LIST.findall(message)]
    english = common_english_words()
    return named + [word for word in _BY_A_BODY_LOWER.findall(message)
                    if word.islower() and word not in english]
