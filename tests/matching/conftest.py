"""Shared fixtures for the matcher tests: the built-in analyser and small inline KBs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.knowledge import load_knowledge
from bot.knowledge.model import Vocabulary
from bot.matching.analysis import Analyzer
from bot.matching.matcher import Matcher


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """The built-in vocabulary alone, as any KB without a vocabulary file gets it."""
    return Analyzer(Vocabulary())


@pytest.fixture()
def kb_matcher(tmp_path: Path) -> Callable[[str], Matcher]:
    """A matcher over a one-file KB whose `entries:` list is the given YAML text."""
    def build(entries: str) -> Matcher:
        (tmp_path / "faq.yaml").write_text("entries:\n" + entries)
        return Matcher(load_knowledge(tmp_path))
    return build
