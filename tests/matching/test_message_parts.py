"""Messages that ask more than one thing: split into sentences, and which sentences ask."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.matching.message_parts import is_follow_up, is_question, split_parts


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("how long is MCMI?", ["how long is MCMI?"]),
        ("is it online? I work full time", ["is it online?", "I work full time"]),
        ("Thanks! What does IMTA verify?", ["Thanks!", "What does IMTA verify?"]),
        ("Who is it for - only students?", ["Who is it for", "only students?"]),
        ("first line\n\nsecond line", ["first line", "second line"]),
        ("knocking MBSR... is that the intent?", ["knocking MBSR...", "is that the intent?"]),
        # No break inside a word or a number, or at a hyphen.
        ("is 3.5 hours a week e.g. enough for a co-op?",
         ["is 3.5 hours a week e.g. enough for a co-op?"]),
        ("   ", []),
        ("is it online?how much is it?", ["is it online?", "how much is it?"]),
        ("really?! and the price?)", ["really?!", "and the price?)"]),
        # A range is not two sentences; an abbreviation's full stop is checked only as such.
        ("Is it 3 - 5 weeks?", ["Is it 3 - 5 weeks?"]),
        ("discounts etc.\nIs there parking?", ["discounts etc.", "Is there parking?"]),
        # A statement about the asker, then the question, in one sentence.
        ("I'm an HR consultant who uses mindfulness, is MCMI aimed at people like me",
         ["I'm an HR consultant who uses mindfulness,", "is MCMI aimed at people like me"]),
        ("my clients’ HR team only hires accredited people, why does that matter?",
         ["my clients’ HR team only hires accredited people,", "why does that matter?"]),
        # ... with the "I'm" dropped, as chat does; not after "during", a preposition.
        ("trying to plan around a house move, how long is the MCMI training?",
         ["trying to plan around a house move,", "how long is the MCMI training?"]),
        ("during the course, can I teach?", ["during the course, can I teach?"]),
        # Not after a clause the question depends on, nor inside a question.
        ("once I finish the course, what changes?", ["once I finish the course, what changes?"]),
        ("what do I get when I sign up, whats included",
         ["what do I get when I sign up, whats included"]),
        ("I wonder, and is it free?", ["I wonder, and is it free?"]),
        # A question embedded after some context; too little context, and it stays whole.
        ("I work full time and have kids so I need to know roughly how long it lasts",
         ["I work full time and have kids so I need to know roughly", "how long it lasts?"]),
        ("I did MBSR years ago and I'm wondering whether it counts.",
         ["I did MBSR years ago and I'm wondering", "whether it counts?"]),
        ("not sure what mcmi is", ["not sure what mcmi is"]),
    ],
)
def test_messages_split_at_sentence_ends_line_breaks_and_spaced_dashes(text, parts):
    assert split_parts(text) == parts


@pytest.mark.parametrize(
    ("part", "asks"),
    [
        ("does it cost anything?", True),
        ("how long is the mcmi", True),
        ("What’s included", True),  # curly apostrophe
        ("Isn’t it online", True),
        ("Doesn’t it cost a lot", True),
        ("and the price?!", True),
        ("(or is it free?)", True),
        # A question word first, but a full stop at the end: a statement.
        ("Did MBSR last year.", False),
        ("Have a certificate in MBSR teaching.", False),
        ("can I join", True),
        ("I did MBSR last year.", False),
        ("asking for my boss", False),
        ("Thanks!", False),
        ("", False),
    ],
)
def test_a_question_has_a_question_mark_or_opens_with_a_question_word(part, asks):
    assert is_question(part) is asks


@given(st.text(max_size=300))
def test_parts_are_never_empty_and_keep_every_word(text):
    parts = split_parts(text)
    assert all(part and part == part.strip() for part in parts)
    # Splitting only removes separators (spaces, line breaks, spaced dashes), and an embedded
    # question's closing full stop becomes a question mark: words survive.
    kept = "".join(parts)
    for word in text.split():
        if word.strip("-\u2013\u2014").rstrip("."):
            assert word.strip("-\u2013\u2014").rstrip(".") in kept


@pytest.mark.parametrize(
    ("sentence", "follows_up"),
    [("Is it longer than MBSR?", True), ("and does that count?", True),
     ("Does it cost anything?", True), ("it’s online, right?", True),
     ("Is there an alumni group?", False), ("Italy?", False), ("How long is MCMI?", False),
     ("Is IMTA independent?", False)],
)
def test_a_question_about_it_follows_up_the_one_before(sentence, follows_up):
    assert is_follow_up(sentence) is follows_up


def test_an_embedded_question_loses_no_word():
    text = "I did MBSR years ago and I'm wondering whether it really counts."
    assert " ".join(split_parts(text)) == text[:-1] + "?"
