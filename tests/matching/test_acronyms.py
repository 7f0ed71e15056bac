"""Acronyms a knowledge base spells out in its own text become synonyms."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.knowledge import load_knowledge
from bot.matching.acronyms import compared_names, defined_acronyms, titled_names
from bot.matching.matcher import Band, Matcher


def test_long_form_then_acronym_and_acronym_then_long_form_are_both_read():
    assert defined_acronyms([
        "registered with the Global Yoga Teaching Council (GYTC), which",
        "we use ACT (Acceptance and Commitment Therapy) too",
    ]) == [("act", "acceptance and commitment therapy"), ("gytc", "global yoga teaching council")]


def test_brackets_that_are_not_definitions_are_ignored():
    assert defined_acronyms(["prices in pounds (GBP)", "trained (MBSR)", "see (here)",
                             "The Best Option (BX)"]) == []


def test_a_question_in_long_form_meets_entries_that_only_use_the_acronym(tmp_path):
    (tmp_path / "faq.yaml").write_text(
        "entries:\n"
        "  - id: gytc\n    question: What is the GYTC?\n"
        "    answer: The Global Yoga Teaching Council (GYTC) keeps a register of teachers.\n"
        "  - id: fees\n    question: How much is the course?\n    answer: Ask us.\n"
    )
    result = Matcher(load_knowledge(tmp_path)).match("what is the global yoga teaching council")
    assert result.band is Band.ANSWER and result.entry is not None
    assert result.entry.id == "gytc"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aA (B)C-'", max_size=2000))
def test_any_text_is_read_quickly_without_error(text):
    started = time.perf_counter()
    defined_acronyms([text])
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(("text", "names"), [
    ("how does MCMI compare with the Oxford Mindfulness Centre's training?",
     ["Oxford", "Mindfulness", "Centre"]),
    ("Is Brown University's course the same?", ["Brown", "University"]),
    ("is it like Oxford?", []),
    ("I asked. Jon Kabat-Zinn said so", []),
    ("Teaching Circle access?", []),
])
def test_names_of_several_capitalised_words_are_read_but_not_a_sentences_first_word(text, names):
    assert titled_names(text) == names


@pytest.mark.parametrize(("text", "names"), [
    ("is it better than Headspace?", ["Headspace"]),
    ("MCMI vs the Breathworks course", ["Breathworks"]),
    ("is MCMI the same as MBSR?", []),
    ("Headspace is nice. is MCMI better?", []),
])
def test_one_capitalised_word_a_comparison_names_is_read_as_a_name(text, names):
    assert compared_names(text) == names
