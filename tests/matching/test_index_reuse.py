"""Reloads reuse the previous index build's work, and that never changes an answer."""

from __future__ import annotations

import random
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.benchmark import perturb, synthetic_kb
from bot.engine import AnswerEngine, build_matcher
from bot.knowledge import Entry, KnowledgeBase, load_knowledge
from bot.knowledge.model import Vocabulary
from bot.matching import matcher as matcher_module
from bot.matching.matcher import Band, Matcher

ROOT = Path(__file__).resolve().parents[2]


def index_of(matcher: Matcher) -> dict[str, Any]:
    """Everything the scoring reads from an index build."""
    return {
        "weights": matcher._weights,
        "phrasings": list(zip(matcher._phrasing_entry, matcher._phrasing_terms,
                              matcher._phrasing_weight, matcher._phrasing_texts, strict=True)),
        "postings": matcher._postings,
        "answer_postings": dict(matcher._answer_postings),
        "entries": matcher._entries,
        "entry_phrasings": matcher._entry_phrasings,
        "names": matcher._names,
    }


def answers(matcher: Matcher, questions: list[str]) -> list[tuple[Any, ...]]:
    out = []
    for question in questions:
        result = matcher.match(question)
        out.append((result.band, [(c.entry.id, c.score, c.coverage, c.exact, c.misses_intent,
                                   c.misses_name)
                                  for c in result.candidates]))
    return out


def built_from_scratch(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> Matcher:
    monkeypatch.setattr(matcher_module, "_INDEX_CACHE", matcher_module._IndexCache())
    return Matcher(kb)


def edited(kb: KnowledgeBase) -> KnowledgeBase:
    """One entry removed, one edited, one added in the middle, two swapped: every phrasing
    after the first change gets a new id."""
    entries = list(kb.entries)
    del entries[5]
    entries[10] = replace(entries[10], alternates=("zorblat quuxing explained",))
    entries.insert(20, Entry(id="brand-new", question="How do I frobnicate a wibble?",
                             answer="Carefully."))
    entries[30], entries[31] = entries[31], entries[30]
    return KnowledgeBase(entries=tuple(entries), vocabulary=kb.vocabulary, safety=kb.safety)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return synthetic_kb(load_knowledge(ROOT / "knowledge"), 400)


@pytest.fixture(scope="module")
def questions(kb: KnowledgeBase) -> list[str]:
    rng = random.Random(3)
    phrasings = [p for e in kb.entries for p in e.phrasings]
    return [perturb(rng, rng.choice(phrasings)) for _ in range(300)] + [
        "how do i frobnicate a wibble", "zorblat quuxing", "how long is mcmi", "what is mbsr"]


@pytest.mark.parametrize("change", ["entries", "vocabulary"])
def test_an_index_built_on_the_previous_one_equals_one_built_from_scratch(
        kb, questions, monkeypatch, change):
    Matcher(kb)  # the previous build, whose work the next one reuses
    new = edited(kb)
    if change == "vocabulary":
        # A new synonym group changes the analyser: nothing may be reused.
        vocabulary = Vocabulary(synonyms=(*kb.vocabulary.synonyms, ("wibble", "wobble")),
                                stopwords=kb.vocabulary.stopwords,
                                background=kb.vocabulary.background)
        new = replace(new, vocabulary=vocabulary)
    reused = Matcher(new)
    scratch = built_from_scratch(new, monkeypatch)
    assert index_of(reused) == index_of(scratch)
    assert answers(reused, questions) == answers(scratch, questions)
    # Postings are lightest phrasing first, ties by id: common-term slices rely on it.
    weight = reused._phrasing_weight
    for ids in reused._postings.values():
        assert list(ids) == sorted(ids, key=lambda i: (weight[i], i))


def test_one_term_object_can_serve_two_entries(monkeypatch):
    # Two entries with the same text share one cached analysis; the next build must still
    # give each its own phrasings.
    twins = (Entry(id="a", question="???", answer="x"), Entry(id="b", question="???", answer="x"),
             Entry(id="c", question="how long is it", answer="y"))
    kb = KnowledgeBase(entries=twins)
    Matcher(kb)
    shuffled = KnowledgeBase(entries=(twins[2], twins[0], twins[1], twins[2]))
    assert index_of(Matcher(shuffled)) == index_of(built_from_scratch(shuffled, monkeypatch))


async def test_a_reload_after_editing_one_entry_reanalyses_it_alone_and_answers_from_it(
        tmp_path, monkeypatch):
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    engine = AnswerEngine(build_matcher(folder), knowledge_path=folder)
    assert engine.match("how long is MCMI?").entry.id == "mcmi-duration"
    analysed: list[tuple[tuple[str, ...], ...]] = []
    analyse = Matcher._analyse_entry

    def counting(self: Matcher, phrasing_words: Any, phrasings: Any, answer: str) -> Any:
        analysed.append(phrasing_words)
        return analyse(self, phrasing_words, phrasings, answer)

    monkeypatch.setattr(Matcher, "_analyse_entry", counting)
    path = folder / "mcmi.yaml"
    old = "question: How long is the MCMI Training?"
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, "question: How many moons is the MCMI Training?"))
    await engine.reload()
    assert len(analysed) == 1  # the edited entry only; the others come from the cache
    result = engine.match("how many moons is the MCMI?")
    assert result.band is Band.ANSWER and result.entry.id == "mcmi-duration"
    assert engine.kb.by_id["mcmi-duration"].question.startswith("How many moons is")
