"""The words of a message the matcher does not read, and messages that ask nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.matching.asides import (
    bodies_asked_about,
    is_small_talk,
    without_alternative,
    without_asides,
)
from bot.matching.normalize import words


@pytest.mark.parametrize(
    ("message", "read"),
    [
        ("I trained as an MBSR teacher, not just a participant. Does that count?",
         "I trained as an MBSR teacher . Does that count?"),
        ("the teacher pathway rather than the 8-week course, is it a credential?",
         "the teacher pathway , is it a credential?"),
        ("did MBSR as a student not a teacher trainee, does that count?",
         "did MBSR as a student , does that count?"),
        ("I did it as a participant, not as a teacher. can I teach?",
         "I did it as a participant . can I teach?"),
        ("I am coach from Brazil, is this good for executive coaching?",
         "I am coach , is this good for executive coaching?"),
        ("im a therapist from new york. is mcmi for me?", "im a therapist . is mcmi for me?"),
        # Where others are from is asked about.
        ("is it open to people from India?", "is it open to people from India?"),
        # "Not a" asked of the thing itself is the question.
        ("is MBSR not a teaching qualification?", "is MBSR not a teaching qualification?"),
        ("my HR director asks what's included", "what's included"),
        ("a client of mine asked whether MBSR is enough", "MBSR is enough"),
        ("how many weeks is MCMI? asking for a friend who's thinking of signing up",
         "how many weeks is MCMI?"),
        ("any payment plans? just asking for my colleague", "any payment plans?"),
        # Asking *for* a thing is the question.
        ("institutions are asking for accredited teachers, why?",
         "institutions are asking for accredited teachers, why?"),
        # What is asked stays: the comma rule, "asks for", and "wants" an accredited teacher.
        ("is MCMI not just for therapists?", "is MCMI not just for therapists?"),
        ("my employer asks for IMTA accreditation", "my employer asks for IMTA accreditation"),
        ("my school wants an accredited teacher", "my school wants an accredited teacher"),
        ("does it cover not just MBSR but also ACT?", "does it cover not just MBSR but also ACT?"),
        # What the asker read or heard is the claim to check, not a question about reading.
        ("I read there is a free masterclass, is that right?",
         "there is a free masterclass, is that right?"),
        ("Hello! I've heard that MCMI is trauma-informed", "Hello! MCMI is trauma-informed"),
        ("so i was told mcmi is 12 weeks?", "so mcmi is 12 weeks?"),
        ("I saw something about a masterclass, where is it?", "a masterclass, where is it?"),
        # ... only where a sentence starts: here reading is what is asked.
        ("where can I read about MBSR?", "where can I read about MBSR?"),
        ("what should I read before I start?", "what should I read before I start?"),
        # An interjection opening a sentence is no word of the question ...
        ("wait, what's mbsr?", "what's mbsr?"),
        ("hang on - is it accredited?", "is it accredited?"),
        ("ok. wait so mcmi is 12 weeks?", "ok. so mcmi is 12 weeks?"),
        # ... but waiting is, where it is what is asked.
        ("how long do I have to wait?", "how long do I have to wait?"),
        ("is there a wait list for the next cohort?", "is there a wait list for the next cohort?"),
        # What the asker already knows of, at the end of the question, is not what it asks ...
        ("what comes with the cert besides the teaching content?", "what comes with the cert?"),
        ("what else is there apart from the supervised practice?", "what else is there?"),
        # ... but in front of it, it names what the question is about.
        ("besides the classes, what is required?", "besides the classes, what is required?"),
    ],
)
def test_asides_are_not_read(message, read):
    assert words(without_asides(message)) == words(read)


@pytest.mark.parametrize(("message", "greets"), [
    ("good morning teaching circle", True),
    ("hello MCMI grads!", True),
    ("hey everyone", True),
    ("morning! how long is mcmi", False),
    ("hey mbsr vs mcmi", False),
    ("hi, looking for info on the masterclass", False),
    ("hi there, I did MBSR years ago and now coach executives in London daily", False),
    ("teaching circle", False),
    ("love this community", True),
    ("glad to be here!", True),
    ("excited to start MCMI next month", True),
    ("thanks, what is mbsr?", False),
    ("love the masterclass, is there more?", False),
])
def test_a_short_greeting_or_a_pleasantry_that_asks_nothing_is_small_talk(message, greets):
    assert is_small_talk(message) is greets


def test_the_bodies_asked_about_are_the_acronyms_after_accredited_by():
    assert bodies_asked_about("is MCMI recognised by the ICF or accredited by BAMBA?") == [
        "ICF", "BAMBA"]
    assert bodies_asked_about("is MCMI accredited?") == []


def test_a_body_that_recognises_or_lists_is_asked_about_too():
    assert bodies_asked_about("does BAMBA recognise MCMI?") == ["BAMBA"]
    assert bodies_asked_about("is mcmi on the BAMBA teacher listing") == ["BAMBA"]
    assert bodies_asked_about("is it listed with the BACP?") == ["BACP"]
    assert bodies_asked_about("does MCMI cover trauma?") == []
    assert bodies_asked_about("is it on the list of topics?") == []


def test_a_body_typed_in_lower_case_counts_but_an_english_word_does_not():
    assert bodies_asked_about("is mcmi recognised by bacp") == ["bacp"]
    assert bodies_asked_about("is it recognised by employers?") == []


@given(st.text(max_size=300))
def test_reading_without_asides_never_adds_a_word(message):
    assert set(words(without_asides(message))) <= set(words(message))


@pytest.mark.parametrize(("message", "main"), [
    ("is mcmi accredited or just a certificate of completion?", "is mcmi accredited?"),
    ("is it in real settings or is it just role play", "is it in real settings"),
    ("is the teaching circle for life, or only for a year?", "is the teaching circle for life?"),
    ("is it accredited?", "is it accredited?"),
])
def test_the_lesser_alternative_a_question_offers_is_taken_out(message, main):
    assert without_alternative(message) == main
