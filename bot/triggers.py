"""Which messages the bot treats as questions: the mention form and the answer-channel filter.

Pure text rules, kept apart from the cogs so they are tested without Discord. They decide only
*whether* to ask the engine, never *what* the answer is (that is the matcher's job).
"""

from __future__ import annotations

import re

# Openers of a question without a question mark ("how long is mcmi", "anyone know ...").
QUESTION_OPENERS = frozenset({
    "how", "what", "whats", "what's", "when", "where", "which", "who", "whom", "whose", "why",
    "is", "are", "am", "was", "were", "can", "could", "do", "does", "did", "will", "would",
    "should", "shall", "may", "might", "has", "have", "any", "anyone", "anybody", "someone",
    "somebody", "please", "pls", "help",
})
# Shorter than this is chatter ("ok?", "lol?"), not a question worth a public answer.
MIN_QUESTION_WORDS = 2

_WORD = re.compile(r"[\w'’]+")


def mention_pattern(bot_id: int) -> re.Pattern[str]:
    """Both forms of a user mention of the bot: <@id> and the legacy nickname form <@!id>."""
    return re.compile(rf"<@!?{bot_id}>")


def question_after_mention(content: str, bot_id: int) -> str | None:
    """The message text without the bot's mention, or None if the text does not mention it.

    Only a mention written in the text counts: a reply to one of the bot's messages also lists
    the bot in `message.mentions`, and "thanks!" in reply to an answer is not a new question.
    """
    pattern = mention_pattern(bot_id)
    if not pattern.search(content):
        return None
    return " ".join(pattern.sub(" ", content).split())


def looks_like_question(text: str) -> bool:
    """A plain message in an answer channel that is probably a question to the FAQ."""
    found = _WORD.findall(text.lower())
    if len(found) < MIN_QUESTION_WORDS:
        return False
    return "?" in text or found[0].replace("’", "'") in QUESTION_OPENERS
