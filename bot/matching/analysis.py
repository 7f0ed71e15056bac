"""Turn text into weighted-ready terms: words -> typo fix -> stems -> synonyms -> no stop words.

The same analyser runs over the knowledge base at index time and over each question at query
time, so both sides meet in one vocabulary of terms.
"""

from __future__ import annotations

import gzip
from collections.abc import Container, Iterable, Sequence
from functools import lru_cache
from importlib.resources import files

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.knowledge.model import Vocabulary
from bot.matching import vocabulary as builtin
from bot.matching.normalize import words

_STEMMER = snowballstemmer.stemmer("english")
MAX_PHRASE_WORDS = 5
# Shorter joins are too often accidents ("a b" -> "ab").
MIN_COMPOUND_LENGTH = 5
# Two letters swapped in a shorter word is too often another word ("cat" / "act").
MIN_SWAP_LENGTH = 5
# A one-word synonym is matched by stem, so it also catches the stem's longer derivations:
# "accountability" stems to "account", which is in the login group. A word longer than every
# spelling its group lists by more than this many letters keeps its plain stem instead.
MAX_DERIVED_LETTERS = 4
# A common English word is never "corrected" into a built-in topic or stop word: across every
# evaluation question, each such correction turned one real word into another ("meditation"
# -> medication, "reset" -> resit, "status" -> states; "cancer" would be "cancel"). Real words
# may still be read as the KB's own words ("built" -> build, "advise" -> advice): there it helps.
# The words are pyspellchecker's, generated into data/ (see data/README.md).
WORD_LIST = "common_english_words.txt.gz"


@lru_cache(maxsize=1)
def common_english_words() -> frozenset[str]:
    """English words in everyday use (about 47 000), read once, on first need."""
    data = files("bot.matching").joinpath("data", WORD_LIST).read_bytes()
    return frozenset(gzip.decompress(data).decode().split())


# Words Snowball stems into another word's stem: "informally" is no "information" ("I use
# mindfulness informally with clients" had weighed as a request for more info), and a
# "provider" is a vendor, not "provide", what a course includes ("what should we ask
# mindfulness providers to have?" got an entry on what the course includes).
_OWN_STEMS = {"informal": "informal", "informally": "informal",
              "provider": "vendor", "providers": "vendor"}


@lru_cache(maxsize=131072)
def stem(word: str) -> str:
    """Snowball stem of one folded word (cached: the same few thousand words recur)."""
    return _OWN_STEMS.get(word) or str(_STEMMER.stemWord(word))


def _phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(phrase) if w not in builtin.EMPHASIS_WORDS)


def _begins_doing(raw: list[str], i: int) -> bool:
    """raw[i] is "start" (or begin) before a verb in -ing: "begin doing", no start date."""
    if raw[i] not in builtin.BEGIN_DOING or i + 1 >= len(raw):
        return False
    following = raw[i + 1]
    return (following.endswith("ing") and len(following) > 5
            and following not in builtin.BEGIN_DOING_NOT_BEFORE)


def _max_edits(word: str) -> int:
    """How many typos a word of this length may carry and still be recognised."""
    if len(word) >= 8:
        return 2
    if len(word) >= 5:
        return 1
    return 0


class Analyzer:
    """Text -> terms for one vocabulary (built-in words plus a knowledge folder's own).

    ``known_words`` is every word the KB or the vocabularies use; an unknown query word within
    one or two edits of a known one is read as that word ("accredation" -> "accreditation").
    """

    def __init__(self, vocabulary: Vocabulary, known_words: Iterable[str] = ()) -> None:
        self.stopwords = frozenset(builtin.STOPWORDS | {w for s in vocabulary.stopwords
                                                          for w in words(s)})
        self._phrases: dict[tuple[str, ...], str] = {}
        # Term -> the phrase keys that read as it, so merging two groups touches only them.
        self._members: dict[str, set[tuple[str, ...]]] = {}
        self._longest_from: dict[str, int] = {}
        # The first two stems of every phrase of two or more words: two such words are read as
        # their phrase, never joined into a compound first (see join_compounds).
        self._phrase_starts: set[tuple[str, str]] = set()
        # One-word phrase key -> its longest listed spelling (see MAX_DERIVED_LETTERS).
        self._longest_spelling: dict[tuple[str, ...], int] = {}
        groups = (*builtin.SYNONYMS, *builtin.INTENT_SYNONYMS, *vocabulary.synonyms)
        self.add_synonym_groups(groups)
        for phrase in builtin.DROP_PHRASES:
            key = _phrase_key(phrase)
            # Greetings and thanks: dropped whole, so "good morning" says nothing about "good".
            self._phrases[key] = ""
            self._members.setdefault("", set()).add(key)
            self._note_phrase(key)
        self.background = frozenset(t for b in (*builtin.BACKGROUND, *vocabulary.background)
                                    for t in self.terms(b))
        vocab_words = {w for group in (*groups, builtin.DROP_PHRASES)
                       for phrase in group for w in words(phrase)}
        kb_words = set(known_words)
        self._kb_words = frozenset(kb_words)
        self.known_words = frozenset(vocab_words | kb_words | self.stopwords)
        targets = sorted(self._typo_targets(vocabulary, kb_words))
        # Typo candidates, bucketed by first letter: typos rarely hit the first letter, and
        # searching one bucket keeps a 10 000-entry KB's lookups well under a millisecond.
        self._correctable: dict[str, list[str]] = {}
        for w in targets:
            if len(w) >= 5:
                self._correctable.setdefault(w[0], []).append(w)
        # Known words by stem, for joining split compounds and for leaving alone a word the
        # KB knows in another form; built on the first question that needs it, not at every
        # reload.
        self._stem_to_word: dict[str, str] | None = None
        self._less_a_letter: dict[str, set[str]] | None = None
        # Four-letter words are only corrected for swapped letters ("lnog" -> "long"):
        # any other single edit of a short word is too often another real word.
        self._anagrams: dict[str, str] = {}
        for w in targets:
            if len(w) == 4 and w.isalpha():
                self._anagrams.setdefault("".join(sorted(w)), w)

    def _typo_targets(self, vocabulary: Vocabulary, kb_words: set[str]) -> set[str]:
        """The words a typo may be read as: the KB's own words and vocabulary, stop words and
        the built-in topics ("refnd" must still read as a refund question), but not the rest
        of the built-in synonyms. Across every evaluation question, each word corrected to one
        of those was another real word ("teams" -> "terms", "content" -> "consent",
        "injuries" -> "inquiries"), never a typo of it."""
        groups = (*builtin.INTENT_SYNONYMS, *vocabulary.synonyms, builtin.DROP_PHRASES)
        topic_words = {w for group in groups for phrase in group for w in words(phrase)}
        return kb_words | self.stopwords | topic_words

    def add_synonym_groups(self, groups: Iterable[Sequence[str]]) -> None:
        """Make each group's phrases one term. Groups that share a phrase are merged (the
        built-in "teach/teacher" and a KB's "teacher/instructor" become one), so a word never
        means two different things depending on which group saw it last."""
        for group in groups:
            keys = [k for k in (_phrase_key(p) for p in group) if k]
            if not keys:
                continue
            self._note_spellings(group)
            existing = {self._phrases[k] for k in keys if k in self._phrases}
            canonical = min(existing) if existing else "_".join(keys[0])
            members = self._members.setdefault(canonical, set())
            for term in existing - {canonical}:
                for key in self._members.pop(term, ()):
                    self._phrases[key] = canonical
                    members.add(key)
            for key in keys:
                self._phrases[key] = canonical
                members.add(key)
                self._note_phrase(key)

    def _note_phrase(self, key: tuple[str, ...]) -> None:
        """Index a phrase key for the multi-word look-ahead."""
        self._longest_from[key[0]] = max(self._longest_from.get(key[0], 0), len(key))
        if len(key) > 1:
            self._phrase_starts.add((key[0], key[1]))

    def _note_spellings(self, group: Sequence[str]) -> None:
        """Remember the longest spelling listed for each one-word phrase's stem."""
        for word in (split[0] for split in map(words, group) if len(split) == 1):
            single = (stem(word),)
            self._longest_spelling[single] = max(self._longest_spelling.get(single, 0),
                                                 len(word))

    @property
    def fingerprint(self) -> int:
        """Identifies what this analyser does to text (phrases and stop words), so work done
        by an analyser with the same fingerprint can be reused."""
        return hash((tuple(sorted(self._phrases.items())), self.stopwords,
                     tuple(sorted(self._longest_spelling.items()))))

    def canonical(self, phrase: str) -> str:
        """The term a synonym phrase stands for (or its plain analysis)."""
        return "_".join(self.terms(phrase))

    def correct(self, word: str) -> str:
        """The known word this one is a typo of, or the word itself."""
        if word in self.known_words or word.isdigit() or not word.isalpha():
            return word
        return self._correct_cached(word)

    @lru_cache(maxsize=65536)  # noqa: B019 - one Analyzer per KB; the cache dies with it
    def _correct_cached(self, word: str) -> str:
        slip = self._slip(word)
        if slip is not None:
            return self._unless_real_word(word, slip)
        if stem(word) in self._known_stems():
            # Another form of a word the KB uses ("meditation" where the KB says "meditated")
            # is no typo, however close it is to some other word ("medication").
            return word
        if len(word) == 4:
            swapped = self._anagrams.get("".join(sorted(word)))
            if swapped is not None and OSA.distance(word, swapped) == 1:
                return self._unless_real_word(word, swapped)
            return word
        edits = _max_edits(word)
        if edits == 0:
            return word
        bucket = self._correctable.get(word[0], ())
        best = process.extractOne(word, bucket, scorer=OSA.distance, score_cutoff=edits)
        if best is None or abs(len(best[0]) - len(word)) > edits:
            return word
        return self._unless_real_word(word, str(best[0]))

    def _slip(self, word: str) -> str | None:
        """The known word this one is with one slip of the finger undone, or None: a letter
        pressed twice ("suppervision", "standds", "soo"), or, in a word of five letters or
        more, two neighbours swapped ("satnds") or a letter left out ("mindcoacers"). These
        rarely make another word, so any known word counts, not only the typo targets; for a
        doubled letter, another form of one too ("suppervision" where the KB says
        "supervised"). A KB keeps its editors' typos ("trainng") among its known words, so an
        everyday word among the readings is preferred ("traning" is "training")."""
        readings = self._slips(word)
        english = common_english_words()
        return next((r for r in readings if r in english), readings[0] if readings else None)

    def _slips(self, word: str) -> list[str]:
        """The known words `_slip` may read this one as, doubled letters first."""
        known, stems = self.known_words, self._known_stems()
        readings = []
        for i in range(len(word) - 1):
            if word[i] == word[i + 1]:
                once = word[:i] + word[i + 1:]
                if once in known or (len(once) >= MIN_COMPOUND_LENGTH and stem(once) in stems):
                    readings.append(once)
        if len(word) < MIN_SWAP_LENGTH:
            return readings
        for i in range(len(word) - 1):
            swapped = word[:i] + word[i + 1] + word[i] + word[i + 2:]
            if word[i] != word[i + 1] and swapped in known:
                readings.append(swapped)
        if word not in common_english_words():
            filled = self._known_less_a_letter().get(word, set())
            if len(filled) == 1:
                readings.extend(filled)
        return readings

    def _known_less_a_letter(self) -> dict[str, set[str]]:
        """Each known word of six letters or more with one letter (not its first) dropped ->
        the known words it is, built on first use: a dropped letter is looked up, not
        searched for."""
        if self._less_a_letter is None:
            index: dict[str, set[str]] = {}
            for known in self.known_words:
                if len(known) > MIN_SWAP_LENGTH:
                    for i in range(1, len(known)):
                        index.setdefault(known[:i] + known[i + 1:], set()).add(known)
            self._less_a_letter = index
        return self._less_a_letter

    def _unless_real_word(self, word: str, correction: str) -> str:
        """The correction, unless it is a topic or stop word and the word is itself a common
        English word (see common_english_words)."""
        if correction not in self._kb_words and word in common_english_words():
            return word
        return correction

    def _known_stems(self) -> dict[str, str]:
        """Known words (five letters or more) by stem, built on first use."""
        if self._stem_to_word is None:
            self._stem_to_word = {stem(w): w for w in self.known_words
                                  if len(w) >= MIN_COMPOUND_LENGTH}
        return self._stem_to_word

    def _compound(self, joined: str) -> str | None:
        """The known word two joined words make, by spelling or by stem ("e bike" meets
        "e-bikes"), or None."""
        if len(joined) < MIN_COMPOUND_LENGTH:
            return None
        if joined in self.known_words:
            return joined
        return self._known_stems().get(stem(joined))

    def terms(self, text: str, *, correct: bool = False) -> list[str]:
        """The content terms of a text, in order, with duplicates kept."""
        raw = words(text)
        return self.question_terms(raw) if correct else self.terms_of_words(raw)

    def question_terms(self, raw: list[str], used: Container[str] | None = None,
                       whole: Container[str] = ()) -> list[str]:
        """`terms(text, correct=True)` for text already split by `normalize.words`: split
        compounds joined and typos corrected first, as a question is read.

        `used`: the terms the knowledge base's phrasings use. A phrase of the vocabulary that
        no phrasing uses is read as its words where the phrasings use every one of them: an
        FAQ that says "graduates ... community" answers "is this the graduate community?",
        though "graduate community" alone reads as the alumni phrase. Never for a phrase in
        `whole` (topics, question words), nor where its words would read as one of those:
        "full time job" must not become a question about jobs."""
        corrected = [self.correct(w) for w in self.join_compounds(raw)]
        if used is None:
            return self.terms_of_words(corrected)
        return self._terms_reading_unused_phrases(corrected, used, whole)

    def _terms_reading_unused_phrases(self, raw: list[str], used: Container[str],
                                      whole: Container[str]) -> list[str]:
        """`terms_of_words` where a phrase no phrasing uses is read as its words (see
        `question_terms`)."""
        out: list[str] = []
        for term, span in self._terms_with_spans(raw):
            if term and len(span) > 1 and term not in used and term not in whole:
                parts = self.terms_of_words(span, max_phrase=len(span) - 1)
                if parts and all(p in used and p not in whole for p in parts):
                    out.extend(parts)
                    continue
            if term:
                out.append(term)
        return out

    def join_compounds(self, raw: list[str]) -> list[str]:
        """Join two words the knowledge base writes as one ("e bike" -> ebike, "web site" ->
        website): people split compounds the KB spells closed or hyphenated ("e-bike").
        Two words that open a listed phrase stay apart: "full time job" is the study-mode
        phrase, while "fulltime" + "job" would be read as a question about jobs. Two stop
        words are never joined: "for me" is no "forme", read by its stem as "form"."""
        out: list[str] = []
        i = 0
        stopwords = self.stopwords
        while i < len(raw):
            if (i + 1 < len(raw)
                    and (stem(raw[i]), stem(raw[i + 1])) not in self._phrase_starts
                    and not (raw[i] in stopwords and raw[i + 1] in stopwords)):
                joined = self._compound(raw[i] + raw[i + 1])
                if joined is not None:
                    out.append(joined)
                    i += 2
                    continue
            out.append(raw[i])
            i += 1
        return out

    def _listed_form(self, word: str, key: tuple[str, ...]) -> bool:
        """The word is a spelling its synonym group lists, or an inflection of one, not a
        longer derivation that only shares the stem ("accountability" is not "account")."""
        if word in builtin.FALSE_DERIVATIONS:
            return False
        longest = self._longest_spelling.get(key)
        return longest is None or len(word) <= longest + MAX_DERIVED_LETTERS

    def terms_of_words(self, raw: list[str], max_phrase: int = MAX_PHRASE_WORDS) -> list[str]:
        """`terms` for text already split by `normalize.words` (indexing reuses the split).
        Emphasis words go first, so "how do I actually go about" meets "how do I go about".
        `max_phrase`: the longest phrase read as one term."""
        return [term for term, _ in self._terms_with_spans(raw, max_phrase) if term]

    def _terms_with_spans(self, raw: list[str], max_phrase: int = MAX_PHRASE_WORDS
                          ) -> list[tuple[str, list[str]]]:
        """Each term with the words it was read from; a dropped phrase ("thank you") is an
        empty term, a stop word nothing."""
        raw = [w for i, w in enumerate(raw)
               if w not in builtin.EMPHASIS_WORDS and not _begins_doing(raw, i)]
        stems = [stem(w) for w in raw]
        out: list[tuple[str, list[str]]] = []
        phrases = self._phrases
        longest = self._longest_from
        i = 0
        while i < len(raw):
            # Only stems that start some phrase need the multi-word look-ahead.
            for size in range(min(longest.get(stems[i], 0), len(raw) - i, max_phrase), 0, -1):
                key = tuple(stems[i : i + size])
                canonical = phrases.get(key)
                if canonical is not None and (size > 1 or self._listed_form(raw[i], key)):
                    out.append((canonical, raw[i : i + size]))
                    i += size
                    break
            else:
                if raw[i] not in self.stopwords:
                    out.append((stems[i], raw[i : i + 1]))
                i += 1
        return out
