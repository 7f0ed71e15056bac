"""Score a question against every entry and put the result in a band: answer, suggest, decline.

How it decides, in one paragraph: both the KB's phrasings and the question are analysed into
terms (stems, synonyms, typo-corrected words). Each term weighs by how rarely it occurs across
entries (IDF), so "MCMI" or "the" say little and "cost" or "long" say a lot. An entry scores
by how much of the question's weight one of its phrasings covers, balanced against how much of
the phrasing the question covers. A question whose weighty words no entry knows ("refund",
"price") covers little of any entry and is declined, however many domain words it shares.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate, chain, pairwise, repeat
from operator import itemgetter
from typing import TypeVar, cast

from rapidfuzz import fuzz, process

from bot.knowledge.model import Entry, KnowledgeBase
from bot.matching import vocabulary as builtin
from bot.matching.acronyms import (
    capitalised_names,
    compared_names,
    defined_acronyms,
    lowercase_acronyms,
    titled_names,
)
from bot.matching.analysis import Analyzer, common_english_words
from bot.matching.asides import (
    bodies_asked_about,
    is_small_talk,
    without_alternative,
    without_asides,
)
from bot.matching.message_parts import MAX_PARTS, is_follow_up, is_question, split_parts
from bot.matching.normalize import words
from bot.matching.safety import SafetyDetector
from bot.matching.verdict import (
    NO_COUNT,
    NO_LINK,
    ONE_WORD,
    PER_UNIT,
    SMALL_TALK,
    UNKNOWN_NAME,
    Band,
    Candidate,
    MatchResult,
    Thresholds,
)

__all__ = [
    "NO_COUNT",
    "ONE_WORD",
    "PER_UNIT",
    "SMALL_TALK",
    "UNKNOWN_NAME",
    "Band",
    "Candidate",
    "MatchResult",
    "Matcher",
    "Thresholds",
    "explain",
]

T = TypeVar("T")

# A query term shared by more phrasings than this is not used to *find* candidates (it would
# touch most of a 10 000-entry index); it still counts when candidates are scored.
CANDIDATE_POSTINGS_CAP = 300
# When a question has only such common terms, only this many of each term's postings are
# read: the shortest phrasings first, which are the ones a lone term covers best.
COMMON_TERM_SLICE = 300
# How many entries, by provisional score, get the full score.
SHORTLIST_SIZE = 20
# How many leading entries get the (slower) whole-string similarity check.
RERANK_DEPTH = 5
# A message of at most this many words (as read) whose every term the entry's own question
# names is answered though it finds little of that question: "free masterclass?" of "Is there
# a free masterclass I can watch before deciding?" (see `_named_by_its_question`).
NAMED_MESSAGE_WORDS = 3
# A part of a message is answered on its own only if it has this many content terms: "is that
# the intent?" names nothing by itself.
MIN_PART_TERMS = 2
# A phrasing that asks two things ("What is MCMI, and how long does it take?", "Who is MCMI for
# - therapists, coaches?") is also read clause by clause, for how much of it a question
# covers: a question that asks one of the two covers half the phrasing, and broad FAQs write
# most main questions that way. A clause must name this many terms ("who's asking" does not).
# A bare "and" or "or" splits only before a question word: "How much does it cost and when
# does it start?" asks two things, "Is MCMI online and self-paced?" one.
_CLAUSE_BOUNDARY = re.compile(
    r"(?i)\s*(?:,\s*(?:and|or)\s+|\s+[\u2014\u2013-]+\s+|;\s*|\?\s+(?=\S)"
    r"|\s+(?:and|or)\s+(?=(?:how|when|what|whats|where|who|why|which|is|are|can|do|does"
    r"|will|would|should)\b))\s*")
MIN_CLAUSE_TERMS = 2
# A time span written out ("within 8 weeks", "a twelve-week course", "two years"): an answer
# with one speaks of how long, even when no phrasing of its entry asks "how long".
_TIME_SPAN = re.compile(
    r"(?i)\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen"
    r"|sixteen|eighteen|twenty|thirty)[\s-]+(?:day|week|month|year|hour|minute)s?\b")
# An answer that says the course has (specialist) faculty answers whether it has any ("is
# there specialist faculty on the course?"), though the faculty topic is otherwise only met by
# a phrasing; who they are, or their names, it still does not answer.
_FACULTY = re.compile(r"(?i)\bfaculty\b")
_WHO_OR_NAMES = re.compile(r"(?i)\b(?:who|whos|names?)\b")

# "Is it a 12 week programme?", "is MCMI 8 weeks or longer?" ask how long it is, though they
# name no "how long": a yes/no question about a number of weeks or months. Only a sentence
# that opens so: "MBSR is 8 weeks and MCMI is 12, what else differs?" tells the lengths.
_WEEKS_OR_MONTHS = r"(?:\d+|six|eight|ten|twelve)[\s-]*(?:weeks?|months?|wks?)\b"
_ASKS_A_SPAN = re.compile(
    r"(?i)(?:^|[.?!,;:]\s*|\b(?:so|and|but|or)\s+)(?:is|are|isnt)\b(?:\s+[\w'-]+){0,3}?\s+"
    + _WEEKS_OR_MONTHS
    # ... or two lengths set against each other: "12 weeks or 12 months? I've seen both".
    + r"|(?:^|[.?!]\s*)" + _WEEKS_OR_MONTHS + r"\s+or\s+" + _WEEKS_OR_MONTHS)
# The length such a question names, and what it likens it to ("8 weeks like MBSR").
_SPAN = re.compile(r"\b" + _WEEKS_OR_MONTHS + r"(?: like \w+)?")
# A message that is only a length ("12 weeks?"), as split into words.
_ONLY_A_SPAN = re.compile(r"(?:is it |so )?" + _WEEKS_OR_MONTHS)

# "Is it free?" reads as a price question; an entry whose phrasings say "free" answers it.
_FREE = "free"
# A name and "for me" asks whether it suits ("is MCMI for me?"), not what it is.
_FOR_ME = re.compile(r"\bfor (?:me|us|someone like me|people like me)\b")
# "Does it cost anything?" asks whether it is free.
_COSTS_ANYTHING = re.compile(
    r"\b(?:costs?|charge|charges|pay)\s+(?:me\s+|you\s+|us\s+)?(?:anything|a\s+penny|a\s+thing)\b")
# "How many supervised teaching hours are there?" asks for a count: an answer that speaks of
# supervised hours but gives no number of them does not answer it, unless one of the entry's
# phrasings asks it (an entry may say the source gives no figure).
_HOW_MANY_HOURS = re.compile(r"(?i)\bhow\s+many\b(?:\s+[\w'-]+){0,3}?\s+(?:hours?|hrs)\b")
_HOURS_GIVEN = re.compile(
    r"(?i)\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty|thirty|forty|fifty|hundred)[\s-]*(?:hours?|hrs)\b")
# The words that name the course a question is asked of: "will I learn MBSR in the course?"
# (see `_a_name_inside_another`; readable sets one wrong answer less, nothing else changed).
_THE_COURSE = frozenset(("course", "programme", "program", "training", "curriculum",
                         "syllabus"))
# What a question whether a course covers something asks with ("does the course / programme
# / training cover ...", "is it part of ..."), besides the thing it asks about.
_CONTENT_WORDS = (*sorted(_THE_COURSE), "cover", "include", "teach", "part of")
# A comparison that says which is better: "is it better than the Oxford course?".
_BETTER_OR_WORSE = re.compile(
    r"(?i)\b(?:better|worse|superior|inferior|preferable|more respected|more recognised"
    r"|more recognized)\s+(?:than|to)\b")
# A sentence that points back to something named before it ("what is it?", "how do they
# differ?"); not "them", mostly a person ("a client asked ... what do I tell them?").
_POINTS_BACK = re.compile(r"(?i)\b(?:it|this|that|they|these|those|both|the two)\b")
# Whether a course covers something: "does the curriculum cover MBCT?", "is ACT part of it?".
_ASKS_CONTENT = re.compile(
    r"(?i)\b(?:cover|covers|covered|include|includes|including|teach|teaches|taught|part of)\b")
# "how long is each mcmi session?" asks the length of one part, not of the course: the words
# after "each" (up to a preposition or verb) name the part.
_EACH = re.compile(r"(?i)\b(?:each|every|per|a single|individual)\s+((?:[\w'-]+\s+){0,2}[\w'-]+)")
# A course's own unit of length: "per week" asks the weekly load, which "twelve weeks" does
# not answer, unless a phrasing of the entry asks it by the unit too.
_UNIT_OF_LENGTH = frozenset({"week", "month", "day", "year"})
_PER_UNIT = re.compile(
    r"(?i)\b(?:(?:each|every|per|a)\s+(?:week|month|day|year)|weekly|monthly|daily)\b")
_PART_ENDS = frozenset(
    "of on in for at to with and or is are do does take takes last lasts i we you".split())


def _answer_and_tags(entry: Entry) -> str:
    """What an entry says beside its phrasings: its answer, and the tags a moderator gave
    it ("website", "next-steps"). Both are weaker evidence than a phrasing: a tag names the
    topic, never a question. Counted as phrasings, tags cost the never-read sets three wrong
    answers; as the answer's words, +2 right, nothing lost (2026-12-04)."""
    return entry.answer + "\n" + " ".join(tag.replace("-", " ") for tag in entry.tags)


@dataclass(frozen=True)
class _EntryIndex:
    """Per-entry term sets: any phrasing's terms, and the answer's (weaker evidence)."""

    phrasing_terms: frozenset[str]
    answer_terms: frozenset[str]
    # The answer gives a time span, so the entry answers "how long" questions about itself.
    states_time_span: bool = False
    # A phrasing says "free" ("Is there a free masterclass?"), so the entry answers "is it
    # free?", though it never speaks of a price.
    says_free: bool = False
    # The answer says the course has faculty (see _FACULTY).
    names_faculty: bool = False


@dataclass(frozen=True)
class _EntryTerms:
    """What indexing takes from one entry's own text. It depends on that text and the analyser
    only, never on the rest of the KB, so a reload reuses it for every unchanged entry."""

    phrasings: tuple[frozenset[str], ...]  # each phrasing's terms, empty ones left out
    # Each phrasing's words as written (normalised, stop words kept), for the whole-string
    # rerank: "how long", "who is", "before" and "not" say what shape of question a phrasing
    # is, which its terms alone do not.
    texts: tuple[str, ...]
    index: _EntryIndex
    names: frozenset[str] = frozenset()  # terms of the capitalised names in its text
    # How many of `phrasings`, at the end, are clauses of the others (see _CLAUSE_BOUNDARY).
    clauses: int = 0


@dataclass(frozen=True)
class _IndexCache:
    """The last index build's work, for the next build to reuse."""

    # An entry's phrasings -> each phrasing's words (the analyser's input, so valid whatever
    # the vocabulary).
    words: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # The analyser's fingerprint that `entries` is valid for.
    fingerprint: int | None = None
    # (phrasings, answer) -> that entry's terms.
    entries: dict[tuple[tuple[str, ...], str], _EntryTerms] = field(default_factory=dict)
    # The build's entries in order, the id of each one's first phrasing (plus the total), and
    # its postings: the next build renumbers these postings instead of rebuilding them.
    analysed: tuple[_EntryTerms, ...] = ()
    starts: tuple[int, ...] = (0,)
    postings: dict[str, tuple[int, ...]] = field(default_factory=dict)


# Replaced whole (never grown) by every build, so it holds one KB's worth, and a build running
# in another thread sees either the old cache or the new one, never a mix. Nothing in it is
# ever mutated: the live matcher shares its postings.
_INDEX_CACHE = _IndexCache()


def _remember(cache: _IndexCache) -> None:
    """Swap in the cache a build leaves for the next one (one assignment, see above)."""
    global _INDEX_CACHE
    _INDEX_CACHE = cache


def _renumbering(analysed: list[_EntryTerms], starts: tuple[int, ...], previous: _IndexCache
                 ) -> tuple[list[int], list[int]]:
    """How the previous build's phrasing ids map onto this build's.

    Returns previous id -> new id for the phrasings of entries both builds share (-1 for the
    others: they are gone), and the new ids that have no previous id. Entries are matched by
    their reused `_EntryTerms` object, so a match has the very same term sets; each previous
    entry is matched at most once.
    """
    renumbered = [-1] * previous.starts[-1]
    previous_start = dict(zip(map(id, previous.analysed), previous.starts[:-1], strict=True))
    fresh: list[int] = []
    for entry, (start, end) in zip(analysed, pairwise(starts), strict=True):
        old = previous_start.pop(id(entry), None)
        if old is None:
            fresh.extend(range(start, end))
        else:
            renumbered[old:old + end - start] = range(start, end)
    return renumbered, fresh


def _pick(values: Sequence[T], indices: Sequence[int]) -> tuple[T, ...]:
    """`values[i]` for each index, in one C-level call (no Python code per element)."""
    if len(indices) > 1:
        return cast(tuple[T, ...], itemgetter(*indices)(values))
    return tuple(values[i] for i in indices)


class Matcher:
    """An index over one knowledge base. Immutable after construction, so a reload builds a new
    Matcher and swaps it in whole."""

    def __init__(self, kb: KnowledgeBase, thresholds: Thresholds | None = None) -> None:
        self.kb = kb
        self.thresholds = thresholds or Thresholds()
        cache = _INDEX_CACHE
        phrasings = [entry.phrasings for entry in kb.entries]
        split = [cache.words.get(p) or tuple(tuple(words(t)) for t in p) for p in phrasings]
        self.analyzer = Analyzer(kb.vocabulary, set().union(*chain.from_iterable(split)))
        self.analyzer.add_synonym_groups(defined_acronyms(
            text for e in kb.entries for text in (e.question, e.answer)))
        self.safety = SafetyDetector(kb.safety.extra_phrases)
        self._intents = frozenset(
            self.analyzer.canonical(g[0]) for g in (*builtin.INTENT_SYNONYMS, *builtin.SYNONYMS)
        )
        # Topics an FAQ may simply not cover (price, refunds, health conditions ...).
        self._topics = frozenset(self.analyzer.canonical(g[0]) for g in builtin.INTENT_SYNONYMS)
        self._duration = self.analyzer.canonical("how long")
        self._price = self.analyzer.canonical("how much")
        self._compare = self.analyzer.canonical("difference")
        self._define = self.analyzer.canonical("what is")
        self._include = self.analyzer.canonical("include")
        self._website = self.analyzer.canonical("website")
        self._faculty = self.analyzer.canonical("faculty")
        # "does the course teach ACT?" asks about ACT (see _CONTENT_WORDS).
        self._content_words = frozenset(self.analyzer.canonical(w) for w in _CONTENT_WORDS)
        self._suits = self.analyzer.canonical("suitable")
        self._question_words = frozenset(
            self.analyzer.canonical(w) for w in builtin.QUESTION_WORDS
        )
        fingerprint = self.analyzer.fingerprint
        reusable = cache.entries if cache.fingerprint == fingerprint else {}
        keys = [(p, _answer_and_tags(entry))
                for p, entry in zip(phrasings, kb.entries, strict=True)]
        analysed = [reusable.get(key) or self._analyse_entry(entry_words, *key)
                    for key, entry_words in zip(keys, split, strict=True)]
        self._entries: list[_EntryIndex] = [a.index for a in analysed]
        # Capitalised words that name a topic ("UK" is a location, "CPD" continuing
        # education) are judged by the topic rule, not as names.
        self._names = frozenset().union(*(a.names for a in analysed)) - self._topics
        self._weights = self._idf_weights(self._entries)
        # Phrases always read whole, whether or not the KB uses them (see _read). "Based on"
        # too: read as its words it is "base", which an FAQ's "evidence-based" uses, and "is
        # MCMI based on MBSR?" got the evidence entry (readable sets one wrong answer less,
        # nothing else changed on any set).
        self._whole = (self._topics | self._question_words
                       | {self.analyzer.canonical("derived")})
        self._index_by_id: dict[str, int] | None = None
        starts = self._index_phrasings(analysed)
        self._postings = self._build_postings(analysed, starts, cache)
        _remember(_IndexCache(dict(zip(phrasings, split, strict=True)), fingerprint,
                              dict(zip(keys, analysed, strict=True)), tuple(analysed), starts,
                              self._postings))

    def _analyse_entry(self, phrasing_words: tuple[tuple[str, ...], ...],
                       phrasings: tuple[str, ...], answer: str) -> _EntryTerms:
        """Terms of one entry's phrasings and answer (only for entries the last build lacked)."""
        terms_of = self.analyzer.terms_of_words
        terms = [frozenset(terms_of(list(w))) for w in phrasing_words]
        kept = tuple(t for t in terms if t)
        texts = tuple(" ".join(w) for w, t in zip(phrasing_words, terms, strict=True) if t)
        clauses, clause_texts = self._clause_terms(phrasings, set(kept))
        # A clause read alone can hold a term its whole phrasing does not ("tl;dr" splits
        # into "tl" and "dr"), so the union counts the clauses too: every phrasing term must
        # have a weight.
        union = frozenset().union(*kept, *clauses)
        # An answer's words count only where no phrasing has them, and never for intents:
        # an answer that mentions "hours" does not make the entry about hours.
        answer_terms = frozenset(terms_of(words(answer))) - union - self._intents
        # A name is a word the KB writes in capitals (MCMI, IMTA, NCC): a programme, a body.
        capitals = capitalised_names(" ".join((*phrasings, answer)))
        names = frozenset(terms_of(words(" ".join(capitals)))) if capitals else frozenset()
        says_free = any(_FREE in w for w in phrasing_words)
        names_faculty = _FACULTY.search(answer) is not None and self._faculty not in union
        if names_faculty:
            answer_terms |= {self._faculty}
        index = _EntryIndex(union, answer_terms, _TIME_SPAN.search(answer) is not None,
                            says_free, names_faculty)
        return _EntryTerms(kept + clauses, texts + clause_texts, index, names, len(clauses))

    def _clause_terms(self, phrasings: tuple[str, ...], seen: set[frozenset[str]]
                      ) -> tuple[tuple[frozenset[str], ...], tuple[str, ...]]:
        """The terms and words of each clause of the phrasings that ask two things, new
        ones only."""
        found: list[frozenset[str]] = []
        texts: list[str] = []
        for phrasing in phrasings:
            parts = _CLAUSE_BOUNDARY.split(phrasing)
            if len(parts) < 2:
                continue
            for part in parts:
                part_words = words(part)
                terms = frozenset(self.analyzer.terms_of_words(part_words))
                if len(terms) >= MIN_CLAUSE_TERMS and terms not in seen:
                    seen.add(terms)
                    found.append(terms)
                    texts.append(" ".join(part_words))
        return tuple(found), tuple(texts)

    def _index_phrasings(self, analysed: list[_EntryTerms]) -> tuple[int, ...]:
        """Phrasing records (their weights depend on the whole KB, so they are rebuilt on every
        reload) and answer postings; returns each entry's first phrasing id, plus the total."""
        # Phrasing id -> its entry, terms and weight, as three lists rather than one object
        # per phrasing: 60 000 objects per reload cost more to build, and each reload's batch
        # set off a full garbage collection (0.2-0.3 s at 10 000 entries); lists are read as
        # fast in the hot loop.
        weight_of = self._weights.__getitem__
        self._phrasing_terms: list[frozenset[str]] = list(
            chain.from_iterable(a.phrasings for a in analysed))
        self._phrasing_entry: list[int] = list(chain.from_iterable(
            map(repeat, range(len(analysed)), (len(a.phrasings) for a in analysed))))
        self._phrasing_weight: list[float] = list(
            map(sum, map(map, repeat(weight_of), self._phrasing_terms)))
        # weight ** -0.25, for the shortlist's provisional score (see _candidates).
        self._phrasing_damping: list[float] = [w ** -0.25 for w in self._phrasing_weight]
        self._phrasing_texts: list[str] = list(chain.from_iterable(a.texts for a in analysed))
        self._is_clause: list[bool] = list(chain.from_iterable(
            chain(repeat(False, len(a.phrasings) - a.clauses), repeat(True, a.clauses))
            for a in analysed))
        starts = tuple(accumulate((len(a.phrasings) for a in analysed), initial=0))
        self._entry_phrasings: list[list[int]] = [list(range(a, b)) for a, b in pairwise(starts)]
        self._answer_postings: dict[str, list[int]] = defaultdict(list)
        for index, entry in enumerate(analysed):
            for term in entry.index.answer_terms:
                self._answer_postings[term].append(index)
        return starts

    def _build_postings(self, analysed: list[_EntryTerms], starts: tuple[int, ...],
                        previous: _IndexCache) -> dict[str, tuple[int, ...]]:
        """Term -> ids of the phrasings that have it, lightest first, ties by id.

        Phrasings are ranked once by (weight, id); a term's postings are then its phrasings'
        ranks, sorted, mapped back to ids. An entry the previous build had keeps its phrasings'
        terms, only their ids move, so each previous list is carried over by mapping its ids
        straight to this build's ranks; only new or edited entries' phrasings are added one by
        one. All of it runs in C-level calls, not Python code per posting. Tuples, not lists:
        the garbage collector stops tracking a tuple of ints, so they cost collections nothing.
        """
        renumbered, fresh = _renumbering(analysed, starts, previous)
        count = len(self._phrasing_weight)
        by_rank = sorted(range(count), key=self._phrasing_weight.__getitem__)  # stable
        rank = [0] * (count + 1)
        for position, phrasing_id in enumerate(by_rank):
            rank[phrasing_id] = position
        # A gone phrasing (renumbered to -1) reads rank[-1]: `count`, after every real rank.
        rank[-1] = gone = count
        previous_rank = _pick(rank, renumbered)
        added: dict[str, list[int]] = defaultdict(list)
        for phrasing_id in fresh:
            for term in self._phrasing_terms[phrasing_id]:
                added[term].append(rank[phrasing_id])
        postings: dict[str, tuple[int, ...]] = {}
        for term, old in previous.postings.items():
            ranks = sorted(chain(_pick(previous_rank, old), added.pop(term, ())))
            kept = bisect_left(ranks, gone)
            if kept:
                postings[term] = _pick(by_rank, ranks[:kept])
        for term, ranks in added.items():
            postings[term] = _pick(by_rank, sorted(ranks))
        return postings

    def _idf_weights(self, entries: list[_EntryIndex]) -> dict[str, float]:
        """Each term's IDF over entries (an entry counts once however many phrasings say it)."""
        df = Counter(chain.from_iterable(e.phrasing_terms for e in entries))
        n = max(len(entries), 1)
        background = self.analyzer.background
        weights = {}
        for term, count in df.items():
            weight = math.log(1 + n / count)
            if term in background:
                weight *= self.thresholds.background_weight
            weights[term] = weight
        self._max_weight = math.log(1 + n)
        return weights

    def term_weight(self, term: str) -> float:
        """How much a query term says about which entry is meant."""
        weight = self._weights.get(term)
        if weight is not None:
            return weight
        if term in self._intents:
            # A known kind of question ("cost", "refund") that no entry talks about.
            return self._max_weight
        return self._max_weight * self.thresholds.unknown_weight

    def analyse(self, question: str) -> dict[str, float]:
        """The question's distinct terms and their weights."""
        return self._read(question)[0]

    def _read(self, question: str) -> tuple[dict[str, float], str]:
        """The question's terms and weights, and its words for the whole-string rerank
        (split once: both come from the same words), typos corrected as the terms are:
        "whats the lenght of the training" had trailed "length" in the rerank by enough to
        lose its lead. A message that is only a name the KB uses ("MBSR?", "mbsr = ?") asks
        what it is; with "for me", whether it suits ("is MCMI for me?"). What the asker sets
        aside ("..., not just a participant") is not read, nor who the question is passed on
        from ("my HR director asks ...", see asides.py).
        A vocabulary phrase no phrasing uses is read as its words (`question_terms`)."""
        split = words(without_asides(question))
        text = " ".join(split)
        terms = dict.fromkeys(self.analyzer.question_terms(split, self._weights, self._whole))
        if len(terms) == 1 and next(iter(terms)) in self._names and self._only_a_name(split):
            terms[self._suits if _FOR_ME.search(text) else self._define] = None
        if self._include not in terms and self._a_name_inside_another(split):
            terms[self._include] = None
        guessed = self._guessed_length(question, text)
        if guessed is not None:
            terms.setdefault(self._duration)
        else:
            guessed = frozenset()
        corrected = " ".join(map(self.analyzer.correct, split))
        background = self.thresholds.background_weight
        return {t: self.term_weight(t) * (background if t in guessed else 1.0)
                for t in terms}, corrected

    def _asks_for_a_link_not_given(self, query: dict[str, float], top: Candidate) -> bool:
        """The question asks for a website or link ("what's IMTA's website?") and the entry
        has no link and never speaks of one: its answer is about something else."""
        entry = top.entry
        return (self._website in query and not entry.links
                and self._website not in self._entries[self._entry_index(entry)].phrasing_terms)

    def _a_name_inside_another(self, split: list[str]) -> bool:
        """One name the KB uses said to be in another ("do you do MBSR in the MCMI course?",
        "will I learn MBSR stuff in MCMI?"), or in the course itself ("will I learn MBSR in
        the course?", which got the curriculum entry's answer): whether the one includes the
        other."""
        if "in" not in split:
            return False  # the usual case: no word is analysed (this runs for every question)
        canonical = self.analyzer.canonical
        for j in range(1, len(split) - 1):
            if split[j] != "in":
                continue
            k = j + 2 if split[j + 1] == "the" else j + 1
            word = split[k] if k < len(split) else ""
            inner = canonical(word)
            if inner not in self._names and word not in _THE_COURSE:
                continue
            if any(name in self._names and name != inner
                   for name in map(canonical, split[max(0, j - 3):j])):
                return True
        return False

    def _guessed_length(self, question: str, text: str) -> frozenset[str] | None:
        """A yes/no question about a length ("is it 12 weeks or longer?", "12 weeks?") asks
        how long; None if the message is none. Otherwise the terms of the length it names,
        and of what it likens it to ("8 weeks like MBSR"): the asker's guess, which weighs as
        background. Dropped outright, "is it a 12 week programme?" lost the "12" that tells
        MCMI's length from MBSR's. Measured (weight 0.3): tuning +6 / -1, no wrong answer
        added; acceptance +1, twenty-ninth KB -1. `text`: the message's words as read."""
        if not (_ASKS_A_SPAN.search(question) or _ONLY_A_SPAN.fullmatch(text)):
            return None
        return frozenset(term for guess in _SPAN.finditer(text)
                         for term in self.analyzer.terms_of_words(guess.group(0).split()))

    def message_words(self, question: str) -> int:
        """How many words of the question are read (asides out): the coverage and the lead
        an answer needs depend on it (`Thresholds.coverage_needed`, `margin_needed`)."""
        return len(self._read(question)[1].split())

    def _only_a_name(self, split: list[str]) -> bool:
        """The message has no word but one name and stop words: "would MCMI make sense for
        me?" keeps one term once its filler is dropped, but asks whether it suits."""
        return sum(word not in self.analyzer.stopwords for word in split) == 1

    def candidates(self, question: str, limit: int = 3) -> list[Candidate]:
        """The best-scoring entries for a question, best first (no banding)."""
        return self._rank(*self._read(question), limit=limit)

    def _rank(self, query: dict[str, float], query_text: str, *, limit: int
              ) -> list[Candidate]:
        total = sum(query.values())
        if total <= 0:
            return []
        limits = self.thresholds
        best: dict[int, tuple[float, float]] = {}
        phrasing_coverage: dict[int, float] = {}
        exact: set[int] = set()
        shortlist, matched_by_phrasing = self._candidates(query)
        # A long phrasing (an FAQ editor's whole question) says more than a member's question
        # ever will: for the phrasing test its weight counts up to that of a few rare terms.
        long_phrasing = limits.phrasing_weight_cap * self._max_weight
        asking = [t for t in query if t in self._question_words]
        costs_anything = _COSTS_ANYTHING.search(query_text) is not None
        free_price = costs_anything and self._price in query
        for entry_index, phrasing_ids in shortlist.items():
            entry = self._entries[entry_index]
            if not self._shares_content(query, entry_index):
                continue
            # Credit a query term fully when the phrasing has it, partly when another phrasing
            # of the entry has it, and weakly when only the answer mentions it.
            other = sum(w for t, w in query.items() if t in entry.phrasing_terms)
            if free_price and entry.says_free and self._price not in entry.phrasing_terms:
                # "Does the masterclass cost anything?" is answered by "it is free".
                other += query[self._price]
            in_answer = sum(w for t, w in query.items() if t in entry.answer_terms)
            coverage = (other + limits.answer_credit * in_answer) / total
            own = 0.0
            for phrasing_id in phrasing_ids:
                matched = matched_by_phrasing.get(phrasing_id, 0.0)
                if not matched:
                    continue  # shares no term with the question: it scores 0
                phrasing_weight = self._phrasing_weight[phrasing_id]
                share = matched / phrasing_weight
                own = max(own, share)
                if phrasing_weight > long_phrasing:
                    # Question words ("who", "why") name nothing, so they never count here.
                    terms = self._phrasing_terms[phrasing_id]
                    named = matched - sum(query[t] for t in asking if t in terms)
                    own = max(own, min(1.0, named / long_phrasing))
                if self._is_clause[phrasing_id]:
                    # A clause counts for how much of a phrasing the question covers (and in
                    # the rerank), never as a whole phrasing's score. But a question that is
                    # exactly one of its clauses ("what is the MCMI training" of "What is the
                    # MCMI Training and what does the name stand for?") says what that
                    # phrasing asks, which settles a near-tie as an exact phrasing does.
                    if matched >= total - 1e-9 and matched >= phrasing_weight - 1e-9:
                        exact.add(entry_index)
                    continue
                credited = (matched + limits.entry_credit * (other - matched)
                            + limits.answer_credit * in_answer)
                score = self._combine(credited / total, share)
                if matched >= total - 1e-9 and matched >= phrasing_weight - 1e-9:
                    exact.add(entry_index)
                if score > best.get(entry_index, (0.0, 0.0))[0]:
                    best[entry_index] = (score, coverage)
            phrasing_coverage[entry_index] = own
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        reranked = self._rerank(query_text, ranked[:RERANK_DEPTH])
        intents = [t for t in query if t in self._topics]
        names = self._names.intersection(query)
        asks_free = _FREE in query_text.split() or costs_anything
        # Only a faculty question needs to know whether it asks who (see _misses_intent).
        asks_who = (self._faculty not in query
                    or _WHO_OR_NAMES.search(query_text) is not None)
        leading = [i for i, _ in reranked[:limit]]
        named = self._named_by_its_question(query, len(query_text.split()), leading)
        covers = bool(leading) and self._covers_what_is_asked(query, query_text, leading[0])
        return [Candidate(self.kb.entries[i], round(score, 4), round(coverage, 4),
                          round(phrasing_coverage.get(i, 0.0), 4), i in exact,
                          self._misses_intent(query, total, intents, i, asks_free, asks_who),
                          self._misses_name(names, i), rank == 0 and named, rank == 0 and covers)
                for rank, (i, (score, coverage)) in enumerate(reranked[:limit])]

    def _covers_what_is_asked(self, query: dict[str, float], query_text: str, entry_index: int
                              ) -> bool:
        """A question whether the course covers something ("Is ACT part of the training?",
        "does it cover polyvagal stuff?") every word of which the entry uses, in its
        phrasings or its answer: a curriculum entry names its topics across alternates and
        answer, so no one phrasing matches enough of such a question, yet all of it is
        what the entry lists. The phrasing test is for a question that touches one word of
        a phrasing about something else; the score and the lead are still judged. The words
        it asks with ("does the course cover", "is it part of") need not be the entry's.
        Measured: readable sets +6, never-read +3 (acceptance, thirtieth KB), no wrong answer
        added; waived for any question whose words the entry all uses: +17 right, 12 wrong."""
        if _ASKS_CONTENT.search(query_text) is None:
            return False
        entry = self._entries[entry_index]
        asked = [t for t in query
                 if t not in self._question_words and t not in self._content_words]
        return bool(asked) and all(t in entry.phrasing_terms or t in entry.answer_terms
                                   for t in asked)

    def _named_by_its_question(self, query: dict[str, float], message_words: int,
                               leading: list[int]) -> bool:
        """A short message all of whose terms the leading entry's own question names, and the
        runner-up's does not: "free masterclass?", "trauma informed?". The phrasing test is
        for a message that touches one word of a phrasing about something else; an entry's
        own question is what it is about (the converse of `_one_word_beside_the_point`).
        Such a message is covered whole by the entry, so only the phrasing test is waived.
        Measured: tuning +2 (both on the thirty-second KB, whose entries have few
        alternates), acceptance +1, no wrong answer added; up to 5 words added one."""
        if not leading or message_words > NAMED_MESSAGE_WORDS:
            return False
        asked = query.keys()
        # An entry's first phrasing is its own question (the index keeps their order).
        own = [bool(phrasings) and asked <= self._phrasing_terms[phrasings[0]]
               for phrasings in (self._entry_phrasings[i] for i in leading[:2])]
        return own[0] and not any(own[1:])

    def _shares_content(self, query: dict[str, float], entry_index: int) -> bool:
        """The entry has a word of the question besides its question words: sharing only
        "what is" or "who" with a question is no reason to suggest. "Included" is the
        exception, for it can be what is asked: "what's included?" (nothing but question
        words) asks what the course includes, and an entry whose own question asks what is
        included answers "what's included in the programme apart from the lessons?", though
        "programme" and "lessons" are not its words."""
        entry = self._entries[entry_index]
        if any(t in entry.phrasing_terms or t in entry.answer_terms
               for t in query if t not in self._question_words):
            return True
        if self._include not in query:
            return False
        if query.keys() <= {self._include, self._define}:
            return True
        phrasings = self._entry_phrasings[entry_index]
        return bool(phrasings) and self._include in self._phrasing_terms[phrasings[0]]

    def _misses_name(self, names: frozenset[str], entry_index: int) -> bool:
        """The question names a programme or body this entry's phrasings never name, and
        they name another one instead."""
        phrasing_terms = self._entries[entry_index].phrasing_terms
        if not names or names <= phrasing_terms:
            return False
        return any(t in self._names and t not in names for t in phrasing_terms)

    def _misses_intent(self, query: dict[str, float], total: float, intents: list[str],
                       entry_index: int, asks_free: bool = False, asks_who: bool = True) -> bool:
        """The question is about a topic (cost, dates, a health condition) this entry never
        mentions, and that topic is a real part of the question: an aside in a long message
        ("I did MBSR last year, ...") does not change what it asks. An answer that gives a
        time span speaks of how long, whatever its phrasings ask; a phrasing that says "free"
        answers "is it free?" (`asks_free`: the question says "free"); an answer that names
        the course's faculty answers whether there is any, unless the question asks who
        (`asks_who`). Measured (faculty): readable sets +1, never-read +2, no wrong answer
        added; three "is there specialist faculty?" questions went from a decline to a "did
        you mean"."""
        entry = self._entries[entry_index]
        phrasing_terms = entry.phrasing_terms
        missed = sum(query[t] for t in intents if t not in phrasing_terms
                     and not (t == self._duration and entry.states_time_span)
                     and not (t == self._price and asks_free and entry.says_free)
                     and not (t == self._faculty and entry.names_faculty and not asks_who))
        return missed > 0 and missed >= self.thresholds.intent_share * total

    def _rerank(self, query_text: str, ranked: list[tuple[int, tuple[float, float]]]
                ) -> list[tuple[int, tuple[float, float]]]:
        """Blend in whole-string similarity for the few leading entries."""
        weight = self.thresholds.fuzzy_weight
        if weight <= 0 or not ranked:
            return ranked
        blended = []
        texts = self._phrasing_texts
        for entry_index, (score, coverage) in ranked:
            phrasings = self._entry_phrasings[entry_index]
            # One C-level call per entry: the shipped KB has 25 phrasings an entry.
            best = process.extractOne(query_text, texts[phrasings[0]:phrasings[-1] + 1],
                                      scorer=fuzz.token_set_ratio) if phrasings else None
            similarity = (best[1] if best else 0.0) / 100
            blended.append((entry_index, ((1 - weight) * score + weight * similarity, coverage)))
        return sorted(blended, key=lambda item: (-item[1][0], item[0]))

    @staticmethod
    def _combine(query_coverage: float, phrasing_coverage: float) -> float:
        """Favour covering the question; a phrasing with extra words is only mildly penalised."""
        return float(query_coverage**0.75 * phrasing_coverage**0.25)

    def _candidates(self, query: dict[str, float]
                    ) -> tuple[dict[int, list[int]], dict[int, float]]:
        """A shortlist of entries worth full scoring, with their phrasings, and the query
        weight each touched phrasing matches.

        Matched weight per phrasing is summed from the postings of the query's selective
        terms (cheap), each phrasing gets a provisional score, and only the best
        SHORTLIST_SIZE entries go on to full scoring. This keeps a 10 000-entry KB fast.
        """
        present = [t for t in query if t in self._postings]
        selective = [t for t in present if len(self._postings[t]) <= CANDIDATE_POSTINGS_CAP]
        common = [t for t in present if t not in selective]
        matched: dict[int, float] = defaultdict(float)
        for term in selective:
            weight = query[term]
            for phrasing_id in self._postings[term]:
                matched[phrasing_id] += weight
        if not selective:
            for term in common:
                weight = query[term]
                for phrasing_id in self._postings[term][:COMMON_TERM_SLICE]:
                    matched[phrasing_id] += weight
        provisional: dict[int, float] = {}
        damping = self._phrasing_damping
        for phrasing_id, weight in matched.items():
            if selective and common:
                terms = self._phrasing_terms[phrasing_id]
                weight += sum(query[t] for t in common if t in terms)
                matched[phrasing_id] = weight
            # _combine's formula divided by total ** 0.75, the same for every phrasing of this
            # question: it ranks the shortlist the same, without two powers per phrasing in
            # the matcher's hottest loop.
            score = weight * damping[phrasing_id]
            entry_index = self._phrasing_entry[phrasing_id]
            if score > provisional.get(entry_index, -1.0):
                provisional[entry_index] = score
        for term in query:
            postings = self._answer_postings.get(term, ())
            if len(postings) <= CANDIDATE_POSTINGS_CAP:
                for entry_index in postings:
                    provisional.setdefault(entry_index, 0.0)
        if len(provisional) > SHORTLIST_SIZE:
            shortlisted = sorted(provisional, key=provisional.__getitem__,
                                 reverse=True)[:SHORTLIST_SIZE]
        else:
            shortlisted = list(provisional)
        return {i: self._entry_phrasings[i] for i in shortlisted}, matched

    def match(self, question: str, *, safety_checked: bool = False) -> MatchResult:
        """Score a question and decide its band (`safety_checked`: the caller already ran the
        safety detector over at least this text, so it is not run twice)."""
        if not safety_checked and self.safety.is_crisis(question):
            return MatchResult(question, Band.SAFETY, ())
        if is_small_talk(question):
            return MatchResult(question, Band.DECLINE, (), held_back=SMALL_TALK)
        result = self._match_text(question)
        if result.terms:
            return self._answer_a_part(result) or result
        return result

    def _match_text(self, text: str) -> MatchResult:
        """The verdict on one text; one not answered is judged again without the lesser
        alternative its question offers ("... or just a certificate of completion?", see
        `without_alternative`), and that verdict stands if it answers. Measured: readable
        sets +7, never-read +8 right / +2 wrong; dropping the alternative always lost five
        answers where it was what was asked ("do I need MBSR first or just experience?")."""
        result = self._judge_text(text)
        if result.band is Band.ANSWER or result.held_back:
            return result
        main = without_alternative(text)
        if main == text:
            return result
        narrowed = self._judge_text(main)
        if narrowed.band is not Band.ANSWER:
            return result
        return replace(narrowed, question=text, read_as=main)

    def _judge_text(self, text: str) -> MatchResult:
        """One reading's verdict: the band its scores give, unless a check holds a confident
        answer back (a name the KB never uses, one word beside the point, a count, a part or
        a link the answer does not give)."""
        query, query_text = self._read(text)
        candidates = tuple(self._rank(query, query_text, limit=3))
        band, candidates, entry = self._band(candidates, len(query_text.split()))
        held_back = None
        if band is Band.ANSWER and self._asks_about_an_unknown_name(text, query):
            held_back = UNKNOWN_NAME
        elif band is Band.ANSWER and self._one_word_beside_the_point(query, candidates[0]):
            held_back = ONE_WORD
        elif band is Band.ANSWER and entry is not None and _lacks_the_count(text, entry):
            held_back = NO_COUNT
        elif band is Band.ANSWER and self._asks_of_a_part_not_named(text, query, candidates[0]):
            held_back = PER_UNIT
        elif band is Band.ANSWER and self._asks_for_a_link_not_given(query, candidates[0]):
            held_back = NO_LINK
        if held_back:
            band, candidates, entry = self._suggest(candidates)
        return MatchResult(text, band, candidates, entry, terms=tuple(query),
                           held_back=held_back)

    def _one_word_beside_the_point(self, query: dict[str, float], top: Candidate) -> bool:
        """A message of one word answers only an entry whose own question or answer names it
        (or one of whose phrasings is that word alone): "ethics" is the ethics entry and
        "cash?" the payment one whose answer says cash, but "take" is no question about how
        long MCMI takes, nor "bad" one about criticising MBSR, though an alternate of each
        uses the word. But a concept of the built-in vocabulary that only this entry's
        phrasings use names the entry, unless it is a topic an FAQ may not cover: "website?"
        is the learn-more entry whose alternates alone say "website", while "discount?"
        stays a "did you mean" (thirty-seventh KB's tuning half +2; no other set changed)."""
        if len(query) != 1 or top.exact:
            return False
        word = next(iter(query))
        entry = top.entry
        if self._a_concept_only_this_entry_names(word, entry):
            return False
        return (word not in self.analyzer.terms(entry.question)
                and word not in self.analyzer.terms(_answer_and_tags(entry)))

    def _a_concept_only_this_entry_names(self, term: str, entry: Entry) -> bool:
        """The term is a built-in vocabulary concept (not a topic such as price), this
        entry's phrasings use it and no other entry's do (its IDF is then the largest)."""
        weight = self._weights.get(term)
        return (term in self._intents and term not in self._topics and weight is not None
                and math.isclose(weight, self._max_weight)
                and term in self._entries[self._entry_index(entry)].phrasing_terms)

    def _asks_of_a_part_not_named(self, text: str, query: dict[str, float], top: Candidate
                                  ) -> bool:
        """A length question about each of some part ("how long is each mcmi session?",
        "how many hours per module?") that the entry's phrasings never name: the course's
        length does not answer it. Nor does it answer one per unit of its length ("how much
        time per week do I need?") unless a phrasing asks that way too."""
        if self._duration not in query and not _HOW_MANY_HOURS.search(text):
            return False
        phrasing_terms = self._entries[self._entry_index(top.entry)].phrasing_terms
        for found in _EACH.finditer(text):
            part: list[str] = []
            for word in words(found.group(1)):
                if word in _PART_ENDS:
                    break
                part.append(word)
            terms = self.analyzer.terms(" ".join(part))
            if terms and terms[-1] not in phrasing_terms:
                return True
            if part and part[-1].rstrip("s") in _UNIT_OF_LENGTH and not any(
                    _PER_UNIT.search(phrasing) for phrasing in top.entry.phrasings):
                return True
        return False

    def _entry_index(self, entry: Entry) -> int:
        """An entry's position in the index, by id (ids are unique; built on first need, so a
        reload pays nothing for it)."""
        if self._index_by_id is None:
            self._index_by_id = {e.id: i for i, e in enumerate(self.kb.entries)}
        return self._index_by_id[entry.id]

    def _asks_about_an_unknown_name(self, text: str, query: dict[str, float]) -> bool:
        """A comparison with something the KB never names, whether a body it never names
        accredits or recognises, or whether the course covers something it never names:
        "what's the difference between MBSR and MBCT?" is not answered by the MBSR-vs-MCMI
        entry, nor "is MCMI recognised by the ICF?" by the IMTA accreditation one, nor "does
        the curriculum cover MBCT?" by the curriculum, however well the rest matches. Only a
        name written as an acronym ("MBCT", "ICF") or as several capitalised words ("the
        Oxford Mindfulness Centre": thirty-eighth KB's tuning half, one wrong answer fewer,
        no other set changed) counts: other words the KB does not know are mostly chat
        ("trying to choose between MBSR and MCMI"), and abbreviations of its own ("the TT").
        Typed in lower case, only a word with no vowel counts ("mbct"); any word no English
        dictionary has was measured too and not kept (it lost an answer). "Better / worse
        than" compares too ("is it better than the Oxford Mindfulness Foundation course?":
        blind4 and thirty-ninth KB's tuning half one wrong answer fewer each, nothing lost).
        Right after "than" or "vs" one capitalised word is a name ("better than Headspace":
        no evaluation set changed; probes on eight KBs, seven wrong answers fewer)."""
        if text.isupper():
            return False
        asks_names = (self._compare in query or _ASKS_CONTENT.search(text) is not None
                      or _BETTER_OR_WORSE.search(text) is not None)
        if asks_names:
            names = (capitalised_names(text) + titled_names(text) + compared_names(text)
                     + lowercase_acronyms(text, common_english_words()))
        else:
            names = bodies_asked_about(text)
        return any(term in query and term not in self._weights and term not in self._intents
                   for term in map(self.analyzer.canonical, names))

    def _answer_a_part(self, whole: MatchResult) -> MatchResult | None:
        """Answer a message that asks two things by the one sentence the KB answers.

        Also checked when the message as a whole is answered: "How long is MCMI? What does
        IMTA stand for?" reads, whole, as the MCMI overview, which answers neither question.

        Only a sentence that is a question counts (a statement in front, "I did MBSR last
        year.", says who is asking, not what) and it must name something (MIN_PART_TERMS).
        Sentences answered by different entries make a "did you mean" of those entries.
        Otherwise the whole message's verdict stands. Whichever answer is given, the message's
        questions it leaves open come back as `unanswered_parts` (see `_left_open`);
        statements are context, not asked ("I'm in the UK"), so they are not among them.
        """
        parts = list(dict.fromkeys(split_parts(whole.question)))  # a repeat counts once
        if not 2 <= len(parts) <= MAX_PARTS:
            return None
        judged = self._judge_parts(parts)
        answers = [result for result, asks in judged if asks and result.entry is not None
                   and result.band is Band.ANSWER and self._names_enough(result)]
        if not answers:
            return None  # nothing answers on its own: the whole message's verdict stands
        if whole.entry is not None and any(result.entry is whole.entry for result in answers):
            # The whole message's answer is one sentence's: it stands, with the message's
            # other questions named ("How long is MCMI? Can I do it part-time?").
            others = self._open_questions(judged, whole.entry)
            return replace(whole, unanswered_parts=others) if others else None
        answers = self._without_follow_ups(answers)
        entries = {result.entry.id: result.candidates[0] for result in answers if result.entry}
        if len(entries) > 1:
            return replace(whole, band=Band.SUGGEST, candidates=tuple(entries.values())[:3],
                           several_questions=True)
        answer = answers[0]
        if self._context_points_elsewhere(whole, answer, judged):
            return None
        return replace(answer, question=whole.question, terms=whole.terms,
                       answered_part=answer.question,
                       unanswered_parts=self._open_questions(judged, answer.entry))

    def _names_said_before(self, parts: list[str]) -> list[tuple[str, ...]]:
        """For each sentence, the KB's names said in the sentences before it, if it is a
        question that speaks of "it", "this" or "that" and names none itself: in "my
        supervisor suggested I look into the MCMI programme. what is it in a nutshell?" the
        question is about MCMI. Measured: readable sets +6 right, +1 wrong (an MBSR question
        answered by the entry on both MBSR routes instead of the participant one); no
        never-read set changed. "They", "these", "those", "both", "the two" point back too
        ("... between MBSR teacher training and MCMI, how do they differ?": readable +1,
        never-read +4, no wrong answer added)."""
        if not any(_POINTS_BACK.search(part) for part in parts[1:]):
            return [()] * len(parts)  # the usual case: no word-by-word reading needed
        said: list[str] = []
        carried: list[tuple[str, ...]] = []
        for part in parts:
            named = [word for word in words(part)
                     if any(term in self._names for term in self.analyzer.terms(word))]
            asks_of_it = not named and _POINTS_BACK.search(part) and is_question(part)
            carried.append(tuple(dict.fromkeys(said)) if asks_of_it else ())
            said += named
        return carried

    def _judge_parts(self, parts: list[str]) -> list[tuple[MatchResult, bool]]:
        """Each sentence's verdict and whether it asks. A question that points back to a
        name said before it is read with that name, when it is not answered alone and no
        sentence before it is (then it is a follow-up: see `_without_follow_ups`); it keeps
        its own text, which is what the asker is told is left open."""
        judged: list[tuple[MatchResult, bool]] = []
        for part, names in zip(parts, self._names_said_before(parts), strict=True):
            result = self._match_text(part)
            if names and result.band is not Band.ANSWER and not any(
                    earlier.band is Band.ANSWER for earlier, _ in judged):
                result = replace(self._match_text(f"{part} {' '.join(names)}"), question=part)
            judged.append((result, is_question(part)))
        return judged

    def _names_enough(self, part: MatchResult) -> bool:
        """A sentence names enough to be answered on its own: MIN_PART_TERMS terms, or only
        "how long" ("I work full time and have two kids so I need to plan ahead... roughly how
        long is the whole thing from start to finish?"). Measured: tuning +1, nothing else
        moved; any one topic alone added a wrong answer ("could I still enrol?")."""
        return len(part.terms) >= MIN_PART_TERMS or part.terms == (self._duration,)

    def _open_questions(self, judged: list[tuple[MatchResult, bool]], answered: Entry | None
                        ) -> tuple[MatchResult, ...]:
        """The message's question sentences that the answer leaves open."""
        return tuple(result for result, asks in judged
                     if asks and self._left_open(result, answered))

    def _left_open(self, part: MatchResult, answered: Entry | None) -> bool:
        """A question sentence the answer leaves open: one the KB has nothing on, or one
        that only leans towards other entries ("What about the masterclass, is it recorded or
        live?"). A did-you-mean follow-up is not named: read without the sentence before it,
        "Is it a teaching qualification?" after "What is MBSR?" has lost what "it" is, and
        the FAQ may well answer it. Nor is a check-back on the answer ("Is that right?",
        "Why?"): a question word alone, or a follow-up that names nothing the KB or the
        vocabulary knows. "Can I do it part-time?" names a known topic and "Can I bring my
        dog?" is no follow-up, so both are named."""
        if part.band is Band.DECLINE:
            named = [t for t in part.terms if t not in self._question_words]
            return bool(named) and (not is_follow_up(part.question) or any(
                t in self._weights or t in self._intents for t in named))
        if part.band is not Band.SUGGEST or is_follow_up(part.question):
            return False  # answered sentences are judged by _without_follow_ups
        return (len(part.terms) >= MIN_PART_TERMS
                and all(candidate.entry is not answered for candidate in part.candidates))

    def _context_points_elsewhere(self, whole: MatchResult, answer: MatchResult,
                                  judged: list[tuple[MatchResult, bool]]) -> bool:
        """The message's only question, read with the statements around it, points firmly at
        another entry: "I'm an exec coach. What would MCMI do for my practice?" is about
        coaching, though its question alone reads as supervised practice."""
        top = whole.best
        only_question = sum(asks for _, asks in judged) == 1
        return (only_question and top is not None and answer.entry is not None
                and top.entry.id != answer.entry.id and top.score >= self.thresholds.answer)

    @staticmethod
    def _without_follow_ups(answers: list[MatchResult]) -> list[MatchResult]:
        """Drop follow-ups that lean towards what the question before them is answered by:
        "How long is MCMI? Is it longer than MBSR?" asks one thing, though "Is it longer than
        MBSR?" alone reads as MBSR's length. A follow-up with nothing of the first answer
        among its candidates still counts ("Is MCMI accredited? Is it longer than MBSR?")."""
        follows = [is_follow_up(result.question) for result in answers]
        led = {result.entry.id for result, follow in zip(answers, follows, strict=True)
               if result.entry and not follow}
        return [result for result, follow in zip(answers, follows, strict=True) if not follow
                or not led & {candidate.entry.id for candidate in result.candidates}]

    def _band(self, candidates: tuple[Candidate, ...], message_words: int
              ) -> tuple[Band, tuple[Candidate, ...], Entry | None]:
        limits = self.thresholds
        if not candidates or candidates[0].score < limits.suggest:
            return Band.DECLINE, candidates, None
        top = candidates[0]
        second = candidates[1] if len(candidates) > 1 else None
        runner_up = second.score if second else 0.0
        leads = top.score - runner_up >= limits.lead_needed(top, second, message_words)
        if leads and not limits.answer_shortfalls(top, message_words):
            return Band.ANSWER, candidates, top.entry
        return self._suggest(candidates)

    def _suggest(self, candidates: tuple[Candidate, ...]) -> tuple[Band, tuple[Candidate, ...],
                                                                   Entry | None]:
        """The "did you mean" band, or decline when no candidate is worth offering."""
        # An entry that never mentions what the question is about (its price, a refund) is
        # no honest "did you mean" either.
        suggested = tuple(c for c in candidates
                          if c.score >= self.thresholds.suggest and not c.misses_intent)
        if not suggested:
            return Band.DECLINE, candidates, None
        return Band.SUGGEST, suggested, None


def _lacks_the_count(question: str, entry: Entry) -> bool:
    """The question asks how many hours and the entry's answer gives no number of hours,
    nor does any of its phrasings ask how many (see _HOW_MANY_HOURS)."""
    return (_HOW_MANY_HOURS.search(question) is not None
            and _HOURS_GIVEN.search(entry.answer) is None
            and not any(_HOW_MANY_HOURS.search(p) for p in entry.phrasings))


def explain(matcher: Matcher, question: str) -> Iterable[str]:
    """Human-readable lines on why a question got its band (for moderators and debugging)."""
    query = matcher.analyse(question)
    yield "terms: " + ", ".join(f"{t}={w:.2f}" for t, w in query.items())
    for candidate in matcher.candidates(question, 3):
        yield (f"{candidate.entry.id}: score {candidate.score:.3f}, "
               f"coverage {candidate.coverage:.2f}")
