"""Acronyms a knowledge base defines in its own text: "Global Yoga Teaching Council (GYTC)".

A KB without a vocabulary file still spells out its acronyms somewhere, usually in an answer.
Reading those definitions lets "is the global yoga teaching council part of the school?" meet
the entries that only say "GYTC", with no synonym written by hand.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable

# An acronym: 2-8 capitals, optionally with digits (MCMI, IMTA, CWFAI, HLYS200).
_ACRONYM = r"[A-Z][A-Z0-9]{1,7}"
# "Long Form (LF)" and "LF (Long Form)".
_LONG_THEN_SHORT = re.compile(
    rf"((?:[A-Za-z][\w'&-]*\s+){{0,7}}[A-Za-z][\w'&-]*)\s*\(({_ACRONYM})\)"
)
_SHORT_THEN_LONG = re.compile(rf"\b({_ACRONYM})\s*\(([A-Za-z][\w'&\s-]{{3,80}})\)")
_CAPITALISED = re.compile(rf"\b{_ACRONYM}\b")
# The same typed in lower case: a word of 3-6 letters with no vowel ("mbct", "icf").
_VOWELLESS = re.compile(r"\b[b-df-hj-np-tv-xz]{3,6}\b")
# Small words an acronym usually skips ("Acceptance and Commitment Therapy" = ACT).
_SKIPPABLE = frozenset({"of", "and", "for", "the", "in", "on", "to", "a", "an", "&"})


def _initials_match(words: list[str], acronym: str) -> bool:
    letters = [w[0].lower() for w in words if w.lower() not in _SKIPPABLE]
    return "".join(letters) == acronym.lower() and words[0].lower() not in _SKIPPABLE


def _expansion(preceding: str, acronym: str) -> str | None:
    """The shortest run of words ending `preceding` whose initials spell the acronym."""
    words = preceding.split()
    for start in range(len(words) - 1, -1, -1):
        if _initials_match(words[start:], acronym):
            return " ".join(words[start:])
    return None


def defined_acronyms(texts: Iterable[str]) -> list[tuple[str, str]]:
    """(acronym, expansion) pairs defined in the texts, each acronym once (first definition)."""
    found: dict[str, str] = {}
    for text in texts:
        if "(" not in text:
            continue
        for preceding, acronym in _LONG_THEN_SHORT.findall(text):
            expansion = _expansion(preceding, acronym)
            if expansion:
                found.setdefault(acronym.lower(), expansion.lower())
        for acronym, inside in _SHORT_THEN_LONG.findall(text):
            words = inside.split()
            if words and _initials_match(words, acronym):
                found.setdefault(acronym.lower(), inside.lower())
    return sorted(found.items())


def capitalised_names(text: str) -> list[str]:
    """The words a text writes as acronyms, in order: the names of programmes and bodies."""
    return _CAPITALISED.findall(text)


def lowercase_acronyms(text: str, english: Container[str]) -> list[str]:
    """Words typed in lower case that can only be acronyms: no vowel and no English word
    ("is mcmi the same as mbct?"; "pls" and "hmm" are in the word list)."""
    return [word for word in _VOWELLESS.findall(text) if word not in english]
