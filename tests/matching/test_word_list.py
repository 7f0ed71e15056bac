"""The English word list the typo corrector leaves alone (bot/matching/data/)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from bot.matching.analysis import WORD_LIST, common_english_words

ROOT = Path(__file__).resolve().parents[2]


def _generator():  # scripts/ is not a package: load the script as a module
    spec = importlib.util.spec_from_file_location("make_word_list",
                                                  ROOT / "scripts" / "make_word_list.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_list_is_what_the_script_makes_from_pyspellchecker():
    generator = _generator()
    shipped = (ROOT / "bot" / "matching" / "data" / WORD_LIST).read_bytes()
    assert shipped == generator.encoded(generator.common_words()), (
        "run python scripts/make_word_list.py")


def test_the_list_has_everyday_words_and_not_typos():
    words = common_english_words()
    assert 40_000 < len(words) < 60_000
    assert {"meditation", "match", "reset", "status", "form", "assessor"} <= words
    # Typos people make of this FAQ's words, and a rare old spelling that is one ("corse").
    assert not {"trainng", "acredited", "accredation", "certifcate", "lnog", "corse"} & words
