"""Fixed wording the bot uses on every front end (Discord, console, CLI)."""

HOME_URL = "https://mindcoachers.com"
HOME_LABEL = "mindcoachers.com"

DECLINE_TEXT = (
    "I don't have an answer to that yet, sorry. I've passed your question to the moderators "
    "so the FAQ can grow. In the meantime, mindcoachers.com has more about the MCMI Training."
)

SUGGEST_TEXT = "I'm not sure I understood. Did you mean one of these?"

SMALL_TALK_TEXT = (
    "Hi! I'm the FAQ helper for The Teaching Circle. Ask me a question about the MCMI Training, "
    "MBSR or IMTA accreditation and I'll do my best to answer."
)
