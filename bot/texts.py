"""Fixed wording the bot uses on every front end (Discord, console, CLI)."""

from bot.matching.asides import is_thanks

HOME_URL = "https://mindcoachers.com"
HOME_LABEL = "mindcoachers.com"

DECLINE_TEXT = (
    "I don't have an answer to that yet, sorry. I've passed your question to the moderators "
    "so the FAQ can grow. In the meantime, mindcoachers.com has more about the MCMI Training."
)

# After an answer to one question of several in a message, naming the ones it leaves open.
UNANSWERED_NOTE_TEXT = "I couldn't answer {it}, so I've passed {it} to the moderators:"
# Each question named in that note is cut to this many characters.
UNANSWERED_PART_CHARS = 120

SUGGEST_TEXT = "I'm not sure I understood. Did you mean one of these?"
SUGGEST_TITLE = "Did you mean\u2026"
# A message that asks several things the FAQ answers, each by another entry.
SEVERAL_QUESTIONS_TITLE = "You asked more than one thing"
SEVERAL_QUESTIONS_TEXT = "Each of these answers one of your questions."

SMALL_TALK_TEXT = (
    "Hi! I'm the FAQ helper for The Teaching Circle. Ask me a question about the MCMI Training, "
    "MBSR or IMTA accreditation and I'll do my best to answer."
)
# Thanks is answered as thanks: "Hi! I'm the FAQ helper" after an answer reads as if the bot
# had not been listening.
THANKS_TEXT = (
    "You're welcome! If anything else comes up about the MCMI Training, MBSR or IMTA "
    "accreditation, just ask."
)


def small_talk_text(message: str) -> str:
    """The reply to small talk: thanks for a thank-you, the bot's introduction otherwise."""
    return THANKS_TEXT if is_thanks(message) else SMALL_TALK_TEXT
