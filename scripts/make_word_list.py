"""Write bot/matching/data/common_english_words.txt.gz from pyspellchecker's English list.

Why a generated file rather than the library at run time: pyspellchecker loads all 160 000
words of its frequency list to answer "is this a word?", which cost the running bot 20 MB
and took it over its 80 MB target. The matcher needs only the words in everyday use, so this
script keeps those and the bot reads the small file. tests/matching/test_word_list.py checks
that the file is what this script writes, so it cannot drift from the library.

Run: python scripts/make_word_list.py   (needs the dev extra, which has pyspellchecker)
"""

from __future__ import annotations

import gzip
from pathlib import Path

from spellchecker import SpellChecker

# Seen at least this often in the frequency list: rarer entries include old spellings that
# are really typos of today's words ("corse" for "course").
MIN_COUNT = 100
TARGET = Path(__file__).resolve().parents[1] / "bot" / "matching" / "data" / (
    "common_english_words.txt.gz")


def common_words() -> list[str]:
    """The list's words seen at least MIN_COUNT times, sorted."""
    frequencies = SpellChecker(language="en", distance=1).word_frequency
    return sorted(word for word, count in frequencies.items() if count >= MIN_COUNT)


def encoded(words: list[str]) -> bytes:
    """The file's bytes: one word a line, gzip with no timestamp, so a rerun is identical."""
    return gzip.compress(("\n".join(words) + "\n").encode(), mtime=0)


def main() -> None:
    words = common_words()
    TARGET.write_bytes(encoded(words))
    print(f"{TARGET}: {len(words)} words")


if __name__ == "__main__":
    main()
