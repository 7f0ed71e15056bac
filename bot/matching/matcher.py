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
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rapidfuzz import fuzz

from bot.knowledge.model import Entry, KnowledgeBase
from bot.matching import vocabulary as builtin
from bot.matching.acronyms import defined_acronyms
from bot.matching.analysis import Analyzer
from bot.matching.normalize import words
from bot.matching.safety import SafetyDetector

# A query term shared by more phrasings than this is not used to *find* candidates (it would
# touch most of a 10 000-entry index); it still counts when candidates are scored.
CANDIDATE_POSTINGS_CAP = 600
# When a question has only such common terms, only this many of each term's postings are
# read: the shortest phrasings first, which are the ones a lone term covers best.
COMMON_TERM_SLICE = 300
# Work kept from the last index build (phrasing -> words, phrasing -> terms), so a reload
# re-analyses only what changed. Replaced, not grown, on every build.
_INDEX_CACHE: dict[str, Any] = {}
# How many entries, by provisional score, get the full score.
SHORTLIST_SIZE = 20
# How many leading entries get the (slower) whole-string similarity check.
RERANK_DEPTH = 5


class Band(StrEnum):
    """What the bot does with a question."""

    ANSWER = "answer"
    SUGGEST = "suggest"
    DECLINE = "decline"
    SAFETY = "safety"


@dataclass(frozen=True)
class Thresholds:
    """Band boundaries. Shipped defaults were tuned on eval/shipped-tune.yaml and checked on
    held-out sets; see README "Answer quality"."""

    answer: float = 0.65
    suggest: float = 0.40
    # The runner-up must trail by this much, or the question is ambiguous: suggest instead.
    margin: float = 0.10
    # Share of the question's weight the answered entry must cover.
    min_coverage: float = 0.60
    # Unknown words (in no entry, no vocabulary) weigh this fraction of the rarest known term.
    unknown_weight: float = 0.50
    # Domain-wide words ("MCMI") weigh this fraction of their IDF.
    background_weight: float = 0.3
    # Credit for a question word found in another phrasing of the entry / only in its answer.
    entry_credit: float = 0.7
    answer_credit: float = 0.4
    # Share of the final score from whole-string similarity (rapidfuzz) to the best phrasing:
    # breaks near-ties by word order and phrasing shape that term weights cannot see.
    fuzzy_weight: float = 0.30
    # A topic the entry never mentions vetoes it when the topic carries at least this share of
    # the question's weight.
    intent_share: float = 0.25


@dataclass(frozen=True)
class Candidate:
    """An entry and how well it fits the question."""

    entry: Entry
    score: float
    coverage: float
    # One of the entry's phrasings has exactly the question's terms (nothing more, nothing less).
    exact: bool = False
    # The question names a kind of question (cost, refund, a health condition ...) that this
    # entry's phrasings never mention: it may be suggested, never answered.
    misses_intent: bool = False


@dataclass(frozen=True)
class MatchResult:
    """The matcher's verdict on one question."""

    question: str
    band: Band
    candidates: tuple[Candidate, ...]
    entry: Entry | None = None
    # The question's content terms; none at all means greetings, thanks or emoji.
    terms: tuple[str, ...] = ()

    @property
    def small_talk(self) -> bool:
        """Nothing to answer and nothing for moderators to review ("thanks!", "hi all")."""
        return self.band is Band.DECLINE and not self.terms

    @property
    def score(self) -> float:
        """The best candidate's score (0 when there is none)."""
        return self.candidates[0].score if self.candidates else 0.0

    @property
    def best(self) -> Candidate | None:
        """The best candidate, answered or not."""
        return self.candidates[0] if self.candidates else None

    @property
    def suggestions(self) -> tuple[Candidate, ...]:
        """The "did you mean" candidates (only in the suggest band)."""
        return self.candidates[:3] if self.band is Band.SUGGEST else ()


@dataclass(slots=True)
class _Phrasing:
    # Slots and not frozen: 60 000 of these are built on every reload and read in the hot
    # loop (a frozen dataclass builds slowly, a NamedTuple reads slowly).
    entry_index: int
    terms: frozenset[str]
    weight: float


@dataclass(frozen=True)
class _EntryIndex:
    """Per-entry term sets: any phrasing's terms, and the answer's (weaker evidence)."""

    phrasing_terms: frozenset[str]
    answer_terms: frozenset[str]


class Matcher:
    """An index over one knowledge base. Immutable after construction, so a reload builds a new
    Matcher and swaps it in whole."""

    def __init__(self, kb: KnowledgeBase, thresholds: Thresholds | None = None) -> None:
        self.kb = kb
        self.thresholds = thresholds or Thresholds()
        previous = _INDEX_CACHE.get("words", {})
        split_cache: dict[str, tuple[str, ...]] = {}
        for entry in kb.entries:
            for text in (*entry.phrasings, entry.answer):
                if text not in split_cache:
                    split_cache[text] = previous.get(text) or tuple(words(text))
        _INDEX_CACHE["words"] = split_cache
        known_words = {w for e in kb.entries for p in e.phrasings for w in split_cache[p]}
        self.analyzer = Analyzer(kb.vocabulary, known_words)
        self.analyzer.add_synonym_groups(defined_acronyms(
            text for e in kb.entries for text in (e.question, e.answer)))
        terms_of = answer_terms_of = self._cached_terms(split_cache)
        self.safety = SafetyDetector(kb.safety.extra_phrases)
        self._intents = frozenset(
            self.analyzer.canonical(g[0]) for g in (*builtin.INTENT_SYNONYMS, *builtin.SYNONYMS)
        )
        # Topics an FAQ may simply not cover (price, refunds, health conditions ...).
        self._topics = frozenset(self.analyzer.canonical(g[0]) for g in builtin.INTENT_SYNONYMS)
        self._question_words = frozenset(
            self.analyzer.canonical(w) for w in builtin.QUESTION_WORDS
        )
        entry_terms = [[terms_of(p) for p in e.phrasings] for e in kb.entries]
        self._weights = self._idf_weights(entry_terms)
        self._phrasings: list[_Phrasing] = []
        self._phrasing_texts: list[str] = []
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._answer_postings: dict[str, list[int]] = defaultdict(list)
        self._entries: list[_EntryIndex] = []
        joined: dict[frozenset[str], str] = {}
        for index, (entry, phrasing_terms) in enumerate(zip(kb.entries, entry_terms,
                                                            strict=True)):
            union = frozenset().union(*phrasing_terms)
            # An answer's words count only where no phrasing has them, and never for intents:
            # an answer that mentions "hours" does not make the entry about hours.
            answer_terms = answer_terms_of(entry.answer) - union - self._intents
            self._entries.append(_EntryIndex(union, answer_terms))
            for term in answer_terms:
                self._answer_postings[term].append(index)
            for terms in phrasing_terms:
                if not terms:
                    continue
                phrasing_id = len(self._phrasings)
                self._phrasings.append(
                    _Phrasing(index, terms, sum(self._weights[t] for t in terms))
                )
                sorted_text = joined.get(terms)
                if sorted_text is None:
                    sorted_text = joined[terms] = " ".join(sorted(terms))
                self._phrasing_texts.append(sorted_text)
                for term in terms:
                    self._postings[term].append(phrasing_id)
        phrasing_weights = [p.weight for p in self._phrasings]
        for postings in self._postings.values():
            postings.sort(key=phrasing_weights.__getitem__)
        self._entry_phrasings: list[list[int]] = [[] for _ in kb.entries]
        for phrasing_id, phrasing in enumerate(self._phrasings):
            self._entry_phrasings[phrasing.entry_index].append(phrasing_id)

    def _cached_terms(self, split: dict[str, tuple[str, ...]]) -> Callable[[str], frozenset[str]]:
        """Phrasing -> terms, reusing the previous index's work when the vocabulary is unchanged:
        a reload after editing one entry re-analyses that entry only."""
        key = self.analyzer.fingerprint
        previous = _INDEX_CACHE.get("terms", {}) if _INDEX_CACHE.get("key") == key else {}
        current: dict[str, frozenset[str]] = {}
        _INDEX_CACHE["key"] = key
        _INDEX_CACHE["terms"] = current

        def terms_of(text: str) -> frozenset[str]:
            found = current.get(text) or previous.get(text)
            if found is None:
                found = frozenset(self.analyzer.terms_of_words(list(split[text])))
            current[text] = found
            return found

        return terms_of

    def _idf_weights(self, entry_terms: list[list[frozenset[str]]]) -> dict[str, float]:
        df: dict[str, int] = defaultdict(int)
        for phrasing_terms in entry_terms:
            for term in frozenset().union(*phrasing_terms):
                df[term] += 1
        n = max(len(entry_terms), 1)
        weights = {}
        for term, count in df.items():
            weight = math.log(1 + n / count)
            if term in self.analyzer.background:
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
        return {t: self.term_weight(t) for t in self.analyzer.terms(question, correct=True)}

    def candidates(self, question: str, limit: int = 3) -> list[Candidate]:
        """The best-scoring entries for a question, best first (no banding)."""
        query = self.analyse(question)
        return self._rank(query, limit, " ".join(query))

    def _rank(self, query: dict[str, float], limit: int, query_text: str = ""
              ) -> list[Candidate]:
        total = sum(query.values())
        if total <= 0:
            return []
        limits = self.thresholds
        best: dict[int, tuple[float, float]] = {}
        exact: set[int] = set()
        shortlist, matched_by_phrasing = self._candidates(query)
        for entry_index, phrasing_ids in shortlist.items():
            entry = self._entries[entry_index]
            if not any(t in entry.phrasing_terms or t in entry.answer_terms
                       for t in query if t not in self._question_words):
                # Sharing only "what is" or "who" with a question is no reason to suggest.
                continue
            # Credit a query term fully when the phrasing has it, partly when another phrasing
            # of the entry has it, and weakly when only the answer mentions it.
            other = sum(w for t, w in query.items() if t in entry.phrasing_terms)
            in_answer = sum(w for t, w in query.items() if t in entry.answer_terms)
            coverage = (other + limits.answer_credit * in_answer) / total
            for phrasing_id in phrasing_ids:
                phrasing = self._phrasings[phrasing_id]
                matched = matched_by_phrasing.get(phrasing_id, 0.0)
                credited = (matched + limits.entry_credit * (other - matched)
                            + limits.answer_credit * in_answer)
                score = self._combine(credited / total, matched / phrasing.weight)
                if matched >= total - 1e-9 and matched >= phrasing.weight - 1e-9:
                    exact.add(entry_index)
                if score > best.get(entry_index, (0.0, 0.0))[0]:
                    best[entry_index] = (score, coverage)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        reranked = self._rerank(query_text, ranked[:RERANK_DEPTH])
        intents = [t for t in query if t in self._topics]
        return [Candidate(self.kb.entries[i], round(score, 4), round(coverage, 4), i in exact,
                          self._misses_intent(query, total, intents, i))
                for i, (score, coverage) in reranked[:limit]]

    def _misses_intent(self, query: dict[str, float], total: float, intents: list[str],
                       entry_index: int) -> bool:
        """The question is about a topic (cost, dates, a health condition) this entry never
        mentions, and that topic is a real part of the question: an aside in a long message
        ("I did MBSR last year, ...") does not change what it asks."""
        phrasing_terms = self._entries[entry_index].phrasing_terms
        missed = sum(query[t] for t in intents if t not in phrasing_terms)
        return missed > 0 and missed >= self.thresholds.intent_share * total

    def _rerank(self, query_text: str, ranked: list[tuple[int, tuple[float, float]]]
                ) -> list[tuple[int, tuple[float, float]]]:
        """Blend in whole-string similarity for the few leading entries."""
        weight = self.thresholds.fuzzy_weight
        if weight <= 0 or not ranked:
            return ranked
        blended = []
        for entry_index, (score, coverage) in ranked:
            similarity = max(
                (fuzz.token_set_ratio(query_text, self._phrasing_texts[p])
                 for p in self._entry_phrasings[entry_index]),
                default=0.0,
            ) / 100
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
        total = sum(query.values())
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
        for phrasing_id, weight in matched.items():
            phrasing = self._phrasings[phrasing_id]
            if selective and common:
                weight += sum(query[t] for t in common if t in phrasing.terms)
                matched[phrasing_id] = weight
            # Same formula as _combine, inlined: this loop is the matcher's hottest.
            score = (weight / total) ** 0.75 * (weight / phrasing.weight) ** 0.25
            if score > provisional.get(phrasing.entry_index, -1.0):
                provisional[phrasing.entry_index] = score
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
        query = self.analyse(question)
        candidates = tuple(self._rank(query, 3, " ".join(query)))
        return MatchResult(question, *self._band(candidates), terms=tuple(query))

    def _band(self, candidates: tuple[Candidate, ...]) -> tuple[Band, tuple[Candidate, ...],
                                                                Entry | None]:
        limits = self.thresholds
        if not candidates or candidates[0].score < limits.suggest:
            return Band.DECLINE, candidates, None
        top = candidates[0]
        second = candidates[1] if len(candidates) > 1 else None
        runner_up = second.score if second else 0.0
        # A phrasing that says exactly what was asked settles a near-tie, unless the runner-up
        # has one too.
        settled = top.exact and not (second and second.exact)
        if (
            top.score >= limits.answer
            and not top.misses_intent
            and top.coverage >= limits.min_coverage
            and (top.score - runner_up >= limits.margin or settled)
        ):
            return Band.ANSWER, candidates, top.entry
        # An entry that never mentions what the question is about (its price, a refund) is
        # no honest "did you mean" either.
        suggested = tuple(c for c in candidates
                          if c.score >= limits.suggest and not c.misses_intent)
        if not suggested:
            return Band.DECLINE, candidates, None
        return Band.SUGGEST, suggested, None


def explain(matcher: Matcher, question: str) -> Iterable[str]:
    """Human-readable lines on why a question got its band (for moderators and debugging)."""
    query = matcher.analyse(question)
    yield "terms: " + ", ".join(f"{t}={w:.2f}" for t, w in query.items())
    for candidate in matcher.candidates(question, 3):
        yield (f"{candidate.entry.id}: score {candidate.score:.3f}, "
               f"coverage {candidate.coverage:.2f}")
