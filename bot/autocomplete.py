"""Type-ahead for /ask: KB questions that fit what the user has typed so far.

Separate from the matcher on purpose: the matcher judges finished questions, while
autocomplete sees fragments ("how lo") on every keystroke and must answer well inside Discord's
3-second window. What has been typed is usually the *start* of a question, so phrasings are
found by `partial_ratio` (the best-aligned stretch of the phrasing) and ties are broken first by
how many typed words begin a word of the phrasing, then by how close the whole phrasing is
(`QRatio`), which prefers "what is mbsr" over longer questions
that merely contain it. rapidfuzz over pre-processed phrasings takes well under a millisecond
for a KB of this size.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from bot.knowledge.model import Entry, KnowledgeBase

# partial_ratio (0-100) below which a phrasing is not offered: low enough for typos in
# half-typed words, high enough that unrelated questions do not fill the list.
SCORE_CUTOFF = 60.0
MAX_CHOICES = 25
# Phrasings kept per keystroke before re-ranking and de-duplicating by entry.
RAW_LIMIT = 200


class QuestionIndex:
    """Every phrasing of every entry, pre-processed once per knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._phrasings: list[str] = []
        self._owners: list[Entry] = []
        for entry in kb.entries:
            for phrasing in entry.phrasings:
                self._phrasings.append(default_process(phrasing))
                self._owners.append(entry)

    def complete(self, typed: str, limit: int = MAX_CHOICES) -> list[Entry]:
        """Entries whose phrasings best fit `typed`, best first; the first entries when empty."""
        query = default_process(typed)
        if not query:
            return list(self.kb.entries[:limit])
        hits = process.extract(
            query, self._phrasings, scorer=fuzz.partial_ratio, processor=None,
            limit=RAW_LIMIT, score_cutoff=SCORE_CUTOFF,
        )
        typed_words = query.split()
        ranked = sorted(hits, key=lambda hit: (
            -hit[1], -_words_begun(typed_words, hit[0]),
            -fuzz.QRatio(query, hit[0], processor=None), hit[2],
        ))
        found: dict[str, Entry] = {}
        for _, _, index in ranked:
            entry = self._owners[index]
            found.setdefault(entry.id, entry)
            if len(found) >= limit:
                break
        return list(found.values())


def _words_begun(typed_words: list[str], phrasing: str) -> int:
    """How many typed words begin a word of the phrasing: "how long is mc" begins "mcmi", which
    "how long is the masterclass" does not, though both align equally well."""
    words = phrasing.split()
    return sum(any(w.startswith(t) for w in words) for t in typed_words)
