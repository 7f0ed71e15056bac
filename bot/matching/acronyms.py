"""Acronyms a knowledge base defines in its own text: "Global Yoga Teaching Council (GYTC)",
and the names a question writes.

A KB without a vocabulary file still spells out its acronyms somewhere, usually in an answer.
Reading those definitions lets "is the global yoga teaching council part of the school?" meet
the entries that only say "GYTC", with no synonym written by hand.

The names a question writes (acronyms, in capitals or typed in lower case, runs of
capitalised words, the one capitalised word a comparison names) let the matcher hold back an
answer about a programme or body the KB never names (`Matcher._asks_about_an_unknown_name`).
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
# A name of several words, each capitalised ("Oxford Mindfulness Centre", "Brown University").
_TITLED_RUN = re.compile(r"\b[A-Z][a-z]{2,}(?:['’]s)?(?:\s+[A-Z][a-z]+(?:['’]s)?)+\b")
# One capitalised word a comparison names: "better than Headspace", "MCMI vs Breathworks".
_COMPARED = re.compile(
    r"(?i:\b(?:than|vs\.?|versus|v|compared\s+(?:to|with)|compare\s+(?:to|with)|same\s+as"
    r"|different\s+from|difference\s+between\s+\w+\s+and))\s+(?:(?i:the|a|an)\s+)?"
    r"([A-Z][a-z]{2,})(?:['’]s)?\b")
# What a sentence starts after: its first word is capitalised whatever it is.
_SENTENCE_ENDS = '.?!:;"(\n'
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


def titled_names(text: str) -> list[str]:
    """The words of names written as two or more capitalised words, not where a sentence
    starts ("how does MCMI compare with the Oxford Mindfulness Centre's training?" names
    "Oxford", "Mindfulness", "Centre"; "Is Brown University's course..." names "Brown",
    "University"). One capitalised word alone is not read as a name: it lost a never-read
    answer when measured."""
    found: list[str] = []
    for run in _TITLED_RUN.finditer(text):
        names = run.group(0).split()
        before = text[:run.start()].rstrip()
        if not before or before[-1] in _SENTENCE_ENDS:
            names = names[1:]  # a sentence's first word is capitalised anyway
        if len(names) >= 2:
            found.extend(name.removesuffix("'s").removesuffix("’s") for name in names)
    return found


def compared_names(text: str) -> list[str]:
    """A capitalised word a comparison names ("is MCMI better than Headspace?"): there a
    single capitalised word is a name, for no sentence starts with it."""
    return _COMPARED.findall(text)


def lowercase_acronyms(text: str, english: Container[str]) -> list[str]:
    """Words typed in lower case that can only be acronyms: no vowel and no English word
    ("is mcmi the same as mbct?"; "pls" and "hmm" are in the word list)."""
    return [word for word in _VOWELLESS.findall(text) if word not in english]
