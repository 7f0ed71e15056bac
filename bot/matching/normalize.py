"""Text normalisation shared by the matcher, the unanswered-question grouping and the tests.

Everything here is pure and deterministic: the same text always yields the same tokens,
which is what lets the index be built once and queried without re-processing the KB.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Zero-width and bidi control characters: invisible, but they split words for a naive
# tokenizer ("MC\u200bMI"), so they are removed before anything else.
_INVISIBLE = dict.fromkeys(
    [
        0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ],
)

# Discord syntax that carries no meaning for matching: mentions, custom emoji, channels.
_DISCORD_MARKUP = re.compile(r"<a?:\w+:\d+>|<[@#][!&]?\d+>|@(?:everyone|here)\b")
_URL = re.compile(r"https?://\S+")
_NON_WORD = re.compile(r"[^a-z0-9]+")
# "e-bike", "co-op", "c-suite": a one- or two-letter prefix belongs to its word.
_SHORT_PREFIX = re.compile(r"\b([a-z]{1,2})-(?=[a-z])")

# British -> American spellings that matter in this domain, plus the regular -ise/-our
# families handled by the suffix rules below.
_SPELLING = {
    "programme": "program",
    "programmes": "programs",
    "organisation": "organization",
    "organisations": "organizations",
    "practise": "practice",
    "practised": "practiced",
    "practising": "practicing",
    "licence": "license",
    "centre": "center",
    "centres": "centers",
    "behaviour": "behavior",
    "colour": "color",
    "favourite": "favorite",
    "enrol": "enroll",
    "enrolment": "enrollment",
    "enrolled": "enrolled",
    "judgement": "judgment",
    "fulfil": "fulfill",
    "catalogue": "catalog",
    "cheque": "check",
    "grey": "gray",
    "travelling": "traveling",
    "cancelled": "canceled",
    "modelling": "modeling",
}
# Contracted question words ("who's" -> "whos" once apostrophes go) read as the question word,
# so "who's it for" asks the same as "who is it for". "whats" stays: the synonym table knows it.
# "hw" is how typed in a hurry ("hw long is the cours"); homework has no place in these FAQs.
# Measured: no readable set changed, a never-read half +1 (thirty-seventh KB).
_CONTRACTIONS = {"whos": "who", "wheres": "where", "whens": "when", "whys": "why",
                 "hows": "how", "hw": "how"}
# Chat shorthand for units of time: "how many wks is it?" asks how many weeks. Not "hr":
# that is HR, the employer's department, as often as hours (acceptance -1 with it); nor "yr",
# which texts "your" as often as "year".
_SHORTHAND = {"wk": "week", "wks": "weeks", "yrs": "years",
              "mth": "month", "mths": "months", "mnth": "month", "mnths": "months"}
# The three word-for-word tables above, looked up once.
_WORD_FOR_WORD = {**_SPELLING, **_CONTRACTIONS, **_SHORTHAND}
# "trauma-informed", "trauma informed": the modifier means aware. Not every "informed":
# "informed" stems like "information" ("more info"), and "keep me informed" is news.
_INFORMED = re.compile(r"\b([a-z]+)(?:-|\s)informed\b")
_INFORMED_AFTER = frozenset({"trauma", "evidence", "research", "science", "culturally"})
# "How does the training apply to coaches?", "it applies to groups", "apply it at work" ask
# whether it is relevant, not how to apply for a place ("how do I apply?"): read as relevant.
_APPLIES_TO = re.compile(
    r"\b(?:(?:does|do|did|would|will|could|can|might)\s+"
    r"(?:(?!(?:i|we|you|they|he|she|someone|anyone|one|people)\b)[a-z0-9'-]+\s+){1,4}?"
    r"appl(?:y|ies)(?!\s+(?:for|online|now)\b)"
    r"|applies(?=\s+(?:to|in|for)\b)"
    r"|appl(?:y|ies|ying)(?=\s+(?:it|this|that|these|them|mindfulness|what)\b))\b")
# "MCMI = ?" on its own asks what the letters stand for.
_EQUALS_WHAT = re.compile(r"^\s*([a-z][a-z0-9]{1,9})\s*=\s*\?+\s*$")
# "clients with trauma histories", "a history of trauma": trauma, however it is put.
_TRAUMA_HISTORY = re.compile(r"\btrauma\s+histor(?:y|ies)\b|\bhistor(?:y|ies)\s+of\s+trauma\b")
# "Does the training address trauma?", "is ethics addressed?" ask whether it is covered, not
# for a street address (the location topic): read the verb as cover. "Do you have an email
# address?", "does it give the address?" keep the noun (see _ADDRESS_NOUN_BEFORE).
_ADDRESS_VERB = re.compile(
    r"\b(?:does|do|did|would|will|could|can|might|should)\s+(?:[a-z0-9-]+\s+){0,4}?"
    r"(address(?:es)?)\b"
    r"|\b(?:is|are|be|being|been|get|gets)\s+(?:[a-z0-9-]+\s+)?(addressed)\b")
_ADDRESS_NOUN_BEFORE = frozenset({
    "the", "a", "an", "your", "my", "our", "their", "its", "his", "her", "this", "that",
    "email", "e-mail", "mail", "mailing", "postal", "street", "home", "web", "ip", "office",
    "physical", "studio", "return", "correct", "same", "any", "which", "what", "whose"})
# "Where is MCMI based?", "where is it run from?", "is it based in the UK?" ask where it is,
# not whether it is evidence-based or who runs it: read them as located.
_BASED_WHERE = re.compile(
    r"\b((?:where\s+(?:is|are)|wheres)\s+(?:[a-z0-9-]+\s+){0,4}?)"
    r"(?:based|run\s+from|headquartered)\b"
    r"|\bbased(?=\s+(?:in|out\s+of)\b)")
# Initials written with dots ("M.C.M.I.", "u.k."): one word, as the acronym is written bare.
_DOTTED_INITIALS = re.compile(r"\b(?:[a-z]\.){2,}(?:[a-z]\b)?")
# "20 min", "20-min", "20mins": minutes after a number (elsewhere "min" may be a minimum).
_MINUTES = re.compile(r"\b(\d+)\s*-?\s*mins?\b")
_WILL = re.compile(r"\b(i|you|we|they|he|she|it|that|there)['\u2019]ll\b")
# A possessive "'s" goes ("MCMI's length" -> mcmi length), except in contractions, which the
# synonym and stop-word tables know whole ("what's" -> whats, "it's" -> its).
_POSSESSIVE = re.compile(
    r"\b(?!(?:what|it|that|there|here|he|she|who|where|when|why|how|let)['\u2019]s\b)"
    r"(\w+)['\u2019]s\b")
# A letter typed three or more times ("programmme", "pleeease"): no English word has three.
_STRETCHED = re.compile(r"([a-z])\1{2,}")
_ISE = re.compile(r"^(\w{3,})is(e|es|ed|ing|ation|ations)$")
_ISE_EXCEPTIONS = frozenset(
    {
        "advise", "advised", "advises", "advising", "arise", "arises", "arising", "exercise",
        "exercises", "exercised", "exercising", "expertise", "franchise", "premise", "premises",
        "promise", "promises", "promised", "raise", "raised", "raises", "raising", "revise",
        "revised", "revising", "supervise", "supervised", "supervises", "supervising", "surprise",
        "surprised", "wise", "otherwise", "likewise", "precise", "concise", "compromise",
        "enterprise", "merchandise", "televise", "improvise", "improvised", "devise", "despise",
        "comprise", "comprises", "chastise", "disguise", "praise", "praised", "noise", "poise",
        "cruise", "bruise", "appraise", "appraisal", "rise", "rises", "paradise",
    }
)


def strip_invisible(text: str) -> str:
    """Remove zero-width and bidi control characters and unpaired surrogates."""
    text = text.translate(_INVISIBLE)
    # Lone surrogates cannot be encoded and would break SQLite or JSON later on.
    return text.encode("utf-8", "ignore").decode("utf-8") if _has_surrogates(text) else text


def _has_surrogates(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def fold(text: str) -> str:
    """Lower-case, strip accents and invisible characters (keeps punctuation)."""
    if text.isascii():
        # The common case, and the hot one when a 10 000-entry KB is indexed.
        return text.lower()
    text = strip_invisible(text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=65536)
def americanise(word: str) -> str:
    """Map a British spelling to the American one (programme -> program, organise -> organize),
    a contracted question word to the word ("who's" -> who) and chat shorthand for a unit of
    time to the unit ("wks" -> weeks)."""
    mapped = _WORD_FOR_WORD.get(word)
    if mapped is not None:
        return mapped
    if word in _ISE_EXCEPTIONS:
        return word
    match = _ISE.match(word)
    if match:
        return f"{match.group(1)}iz{match.group(2)}"
    if word.endswith("our") and len(word) > 5 and word not in {"hour", "your", "four", "pour"}:
        return word[:-3] + "or"
    return word


def _relevant(match: re.Match[str]) -> str:
    said = match.group(0)
    return said[:said.rindex("appl")] + "relevant"


def _covered(match: re.Match[str]) -> str:
    """The verb "address" as "cover", unless the word before it makes it a noun."""
    group = 1 if match.group(1) else 2
    before = match.string[:match.start(group)].split()
    if before and before[-1] in _ADDRESS_NOUN_BEFORE:
        return match.group(0)
    verb = {"address": "cover", "addresses": "covers", "addressed": "covered"}[match.group(group)]
    return match.string[match.start():match.start(group)] + verb


def _located(match: re.Match[str]) -> str:
    return (match.group(1) or "") + "located"


def _aware(match: re.Match[str]) -> str:
    before = match.group(1)
    return f"{before} aware" if before in _INFORMED_AFTER else match.group(0)


def words(text: str) -> list[str]:
    """Split text into folded, spelling-normalised words (no stemming, no stop-word removal)."""
    text = _URL.sub(" ", fold(text))
    text = _DISCORD_MARKUP.sub(" ", text)
    # Keep hyphenated compounds apart ("trauma-aware" -> "trauma aware") and drop apostrophes
    # inside words ("what's" -> "whats") so contractions stay one token.
    # "I'll" would become "ill" (a health word) and "she'll" "shell": spell those out first.
    if "'" in text or "\u2019" in text:
        text = _POSSESSIVE.sub(r"\1", _WILL.sub(r"\1 will", text))
        text = text.replace("'", "").replace("\u2019", "")
    if "=" in text:
        text = _EQUALS_WHAT.sub(r"what does \1 stand for", text)
    if "appl" in text:
        text = _APPLIES_TO.sub(_relevant, text)
    if "informed" in text:
        text = _INFORMED.sub(_aware, text)
    if "min" in text:
        text = _MINUTES.sub(r"\1 minutes", text)
    if "histor" in text:
        text = _TRAUMA_HISTORY.sub("trauma", text)
    if "address" in text:
        text = _ADDRESS_VERB.sub(_covered, text)
    if "based" in text or "run from" in text or "headquartered" in text:
        text = _BASED_WHERE.sub(_located, text)
    text = _SHORT_PREFIX.sub(r"\1", text)
    if "." in text:
        text = _DOTTED_INITIALS.sub(_joined_initials, text)
    text = _STRETCHED.sub(r"\1\1", text)
    return [americanise(w) for w in _NON_WORD.split(text) if w]


def _joined_initials(match: re.Match[str]) -> str:
    """"m.c.m.i." -> "mcmi " (a space after, so the word ends where the initials did)."""
    return match.group(0).replace(".", "") + " "


@lru_cache(maxsize=262144)
def normalize_text(text: str) -> str:
    """One canonical string for a text: folded words joined by single spaces."""
    return " ".join(words(text))
