"""Group near-duplicate unanswered questions, so moderators see "asked 14 times" once.

Pure functions and one in-memory index, no database: the store feeds it what it loads and
writes, and the evaluation (`python -m bot.store.grouping_eval`) feeds it labelled questions.

How a question finds its group, in one paragraph: the question is analysed into terms (the
matcher's analyser when the bot passes one, else `default_analyzer` below). Terms the index has
never seen are read as a known term when rapidfuzz finds one within a typo ("refnd" -> "refund").
Candidate groups are those sharing a term with the question (inverted index), so a few thousand
open groups cost a few dozen comparisons, not thousands. Each candidate scores by an IDF-weighted
Dice overlap between the question's terms and the group's centroid (its members' terms,
averaged); the best candidate at or above the threshold wins, else the question starts a new
group.

Alternatives measured while tuning (tuning set, pairwise precision/recall, file order and
mean of 20 shuffled arrival orders, each at its best threshold):
  centroid, weighted Dice (chosen), 50:     0.96/0.94 file, 0.94/0.92 shuffled
  representative question only, 50:         0.97/0.93 file, 0.91/0.89 shuffled
  best of the last 5 members, 60:           0.90/0.86 file, 0.94/0.87 shuffled (one two-topic
                                            question chains two groups together)
  centroid, weighted cosine, 65:            0.94/0.90 file, 0.93/0.92 shuffled
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.matching.normalize import words

Analyzer = Callable[[str], Sequence[str]]

log = logging.getLogger(__name__)

# Tuned on eval/unanswered-groups.yaml (pairwise precision and recall both >= 0.9 there);
# checked, never tuned, on eval/unanswered-groups-holdout.yaml. Scale 0-100.
DEFAULT_GROUPING_THRESHOLD = 50.0
# An unseen query term is read as a known one when fuzz.ratio clears this ("certficate").
TYPO_CUTOFF = 85.0
# A term in more groups than this does not by itself make a group a candidate (see _candidates).
CANDIDATE_POSTINGS_CAP = 300
# Shorter words are never typo-corrected: one edit of "fee" is "free", of "cost" is "most".
TYPO_MIN_LENGTH = 5
# The default analyser repeats a synonym-table term this many times: those terms name what a
# question is about, so they must outweigh the incidental words around them ("sent", "pdf").
SYNONYM_REPEAT = 3

# Function words, question words and chat filler. Where a question word does carry the topic
# ("how much", "how long", "who teaches") the synonym table below has already caught the phrase.
STOP_WORDS = frozenset(
    """
    a about after again all also am an and any anyone anything are as at be been being but by
    can cant could did do does doing dont each else ever for from get gets getting give got had
    has have havent having he her hi hello hey his how i id if im in into is it its itll ive
    just know let me might more my need no not now of ok okay on one only or other our out own
    please pls plz possible quick question re really she should so some someone something sure
    tell than thank thanks that thats the their them then there theres these they thing this
    those thx to too u ur us very want was way we were what whats when where which while who
    will with wondering would yet you your youre still much many few over time
    """.split()
)
# Words that name the whole domain: in almost every question, so they tell no groups apart.
DOMAIN_WORDS = frozenset(
    """
    mcmi mindfulness mindful course courses training program programs certification teacher
    teachers
    """.split()
)

# A small synonym table for the default analyser only, so paraphrases meet before the
# matcher's vocabulary is wired in. Phrases are matched (longest first) before stop words go.
# The first item is the term every other item becomes.
_DEFAULT_SYNONYMS: tuple[tuple[str, ...], ...] = (
    # The course's own length is part of its name ("the 12 week program"): not a question.
    ("", "12 week", "twelve week", "12 weeks", "twelve weeks"),
    ("cost", "how much is", "how much does", "how much for", "price", "pricing", "fee",
     "tuition", "expensive", "cheap", "afford"),
    ("weekly", "how much time", "how much study", "per week", "a week", "each week", "week",
     "weekly", "commitment", "full time", "alongside"),
    ("duration", "how long", "length", "how many weeks", "weeks long", "take to complete"),
    ("start", "begin", "commence", "start date", "intake", "upcoming"),
    ("refund", "money back", "reimburse", "reimbursed"),
    ("instalment", "installment", "payment plan", "monthly", "months", "split the payment",
     "spread the cost", "in parts"),
    ("online", "in person", "remotely", "remote", "virtual", "zoom", "face to face",
     "classroom"),
    ("faculty", "teachers on", "who teaches", "trainer", "tutor", "instructor", "who leads"),
    ("cpd", "cpd points", "cpd hours", "cpd credits", "continuing professional development",
     "ce credits", "ceu", "credits", "points"),
    ("hours", "hour", "hrs"),
    ("discount", "concession", "early bird", "reduced rate", "reduced"),
    ("scholarship", "bursary", "bursaries", "financial aid", "funding", "cant afford"),
    ("certificate", "cert", "certficate", "paper certificate"),
    ("visa",),
    ("timezone", "time zone", "est", "pst", "cet", "gmt", "uk time", "what time", "times",
     "hour for"),
    ("job", "job placement", "career", "employment", "employer", "work teaching"),
    ("recording", "recorded", "replay", "miss a session", "miss a live", "make every session"),
    ("deadline", "last date", "too late", "how late", "close", "closing date"),
    ("apply", "application", "sign up", "enroll", "register", "registration"),
    ("accredited", "accredit", "recognised", "recognized", "recognition"),
    ("defer", "postpone", "pause", "take a break", "later group"),
    ("size", "how many people", "how many students", "how big", "participants", "per cohort",
     "per intake", "each cohort"),
    ("language", "english", "spanish", "german", "french", "translated", "taught in"),
    ("children", "child", "kids", "teens", "young people", "schools", "school"),
)
_MAX_PHRASE = max(len(p.split()) for group in _DEFAULT_SYNONYMS for p in group)


def _build_phrase_table() -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for group in _DEFAULT_SYNONYMS:
        for phrase in group:
            table.setdefault(tuple(crude_stem(w) for w in words(phrase)), group[0])
    return table


_SUFFIXES = ("ings", "ing", "ies", "ied", "ed", "es", "s")
_DOUBLE_CONSONANT = re.compile(r"([b-df-hj-np-tv-z])\1$")


def crude_stem(word: str) -> str:
    """Strip a common inflection ("payments" -> "payment", "arrived" -> "arriv").

    Crude on purpose: it only has to make a word and its plural, -ed and -ing forms meet (a
    final "e" goes too, so "arrive" and "arrived" agree). The matcher's Snowball-based analyser
    replaces it when the bot passes one to the store.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    stem = word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                stem += "y"
            elif suffix == "s" and stem.endswith(("s", "u", "i")):
                stem = word  # "class", "status", "basis"
            elif suffix in ("ing", "ings", "ed") and _DOUBLE_CONSONANT.search(stem):
                stem = stem[:-1]  # "planned" -> "plan"
            break
    if len(stem) > 4 and stem.endswith("e"):
        stem = stem[:-1]
    return stem


_PHRASES = _build_phrase_table()


def default_analyzer(text: str) -> list[str]:
    """Content terms of a question: folded words, synonyms merged, filler and domain words gone.

    Used until the bot passes the matcher's analyser; good enough to group paraphrases of the
    common unanswered questions (see eval/unanswered-groups.yaml).
    """
    raw = words(text)
    stems = [crude_stem(w) for w in raw]
    out: list[str] = []
    i = 0
    while i < len(raw):
        for size in range(min(_MAX_PHRASE, len(raw) - i), 0, -1):
            canonical = _PHRASES.get(tuple(stems[i : i + size]))
            if canonical is not None:
                if canonical and canonical not in out:
                    out.extend([canonical] * SYNONYM_REPEAT)
                i += size
                break
        else:
            word = stems[i]
            if raw[i] not in STOP_WORDS and raw[i] not in DOMAIN_WORDS and word not in out:
                out.append(word)
            i += 1
    return out


Profile = dict[str, int]
"""A question's terms with how often the analyser gave each (a repeated term weighs more)."""


def terms_of(text: str, analyzer: Analyzer) -> Profile:
    """The terms a question is grouped by, with counts; never empty for a non-blank text.

    A text whose every word is filler ("hello??") would otherwise match nothing and open a new
    group each time; its normalised words stand in, so exact repeats still meet.
    """
    profile = dict(Counter(analyzer(text)))
    if profile:
        return profile
    fallback = " ".join(words(text))
    return {f"={fallback}": 1} if fallback else {}


@dataclass
class _Group:
    # Sum of the member profiles; divided by size it is the group's centroid: its typical
    # question. Comparing against the centroid, not any single member, keeps one two-topic
    # question ("is it CPD accredited?") from chaining two groups together.
    sums: Counter[str] = field(default_factory=Counter)
    size: int = 0


@dataclass(frozen=True)
class GroupMatch:
    """The group a question joins and how well it fits (0-100)."""

    group_id: int
    score: float


class GroupIndex:
    """In-memory index of groups by their terms: finds the group a new question belongs to.

    Rebuilt from the database at open (and after a failed write, which may have left it ahead
    of the database); the store keeps it in step as it writes.
    """

    def __init__(self) -> None:
        self._groups: dict[int, _Group] = {}
        self._postings: dict[str, set[int]] = {}  # term -> groups whose members used it
        self._vocabulary: list[str] | None = None  # sorted terms, for typo correction

    def __len__(self) -> int:
        return len(self._groups)

    def __contains__(self, group_id: object) -> bool:
        return group_id in self._groups

    def add(self, group_id: int, profile: Mapping[str, int]) -> None:
        """Add one member question's terms to a group, creating the group if it is new."""
        if not profile:
            return
        group = self._groups.setdefault(group_id, _Group())
        group.sums.update(profile)
        group.size += 1
        for term in profile:
            holders = self._postings.get(term)
            if holders is None:
                holders = self._postings[term] = set()
                self._vocabulary = None
            holders.add(group_id)

    def remove(self, group_id: int) -> None:
        """Forget a group (deleted from the database)."""
        group = self._groups.pop(group_id, None)
        if group is None:
            return
        for term in group.sums:
            holders = self._postings[term]
            holders.discard(group_id)
            if not holders:
                del self._postings[term]
                self._vocabulary = None

    def weight(self, term: str) -> float:
        """IDF of a term over the groups: rare terms decide, terms every group has barely count."""
        df = len(self._postings.get(term, ()))
        return math.log(1.0 + (len(self._groups) + 1) / (df + 1))

    def correct(self, profile: Mapping[str, int]) -> Profile:
        """Read each unseen term as the known term it is a typo of, if there is one."""
        out: Profile = {}
        for term, count in profile.items():
            if term not in self._postings and len(term) >= TYPO_MIN_LENGTH and term.isalpha():
                if self._vocabulary is None:
                    self._vocabulary = sorted(self._postings)
                best = process.extractOne(
                    term, self._vocabulary, scorer=fuzz.ratio, processor=None,
                    score_cutoff=TYPO_CUTOFF,
                )
                if best is not None:
                    log.debug("grouping reads %r as %r (%.0f)", term, best[0], best[1])
                    term = best[0]
            out[term] = out.get(term, 0) + count
        return out

    def similarity(self, query: Mapping[str, int], group_id: int) -> float:
        """IDF-weighted Dice overlap of a question's terms with a group's centroid, 0-100."""
        group = self._groups[group_id]
        if not query or not group.size:
            return 0.0
        weight = self.weight
        shared = 0.0
        for term, count in query.items():
            if term in group.sums:
                shared += weight(term) * min(count, group.sums[term] / group.size)
        total = sum(weight(t) * n for t, n in query.items())
        total += sum(weight(t) * n for t, n in group.sums.items()) / group.size
        return 200.0 * shared / total

    def best_match(self, profile: Mapping[str, int], threshold: float) -> GroupMatch | None:
        """The group these terms belong to, or None when no group scores >= threshold."""
        return self._best(self.correct(profile), threshold)

    def _candidates(self, query: Profile) -> set[int]:
        """Groups sharing a term with the question, found through its rarer terms.

        A term most groups have ("mcmi", under an analyser that keeps it) would make every
        group a candidate; it still counts in scoring, but does not widen the search unless
        the question has nothing rarer.
        """
        postings = [self._postings[t] for t in query if t in self._postings]
        rare = [p for p in postings if len(p) <= CANDIDATE_POSTINGS_CAP]
        if not rare and postings:
            rare = [min(postings, key=len)]
        candidates: set[int] = set()
        for holders in rare:
            candidates.update(holders)
        return candidates

    def _best(self, query: Profile, threshold: float) -> GroupMatch | None:
        candidates = self._candidates(query)
        best: GroupMatch | None = None
        for group_id in sorted(candidates):  # sorted: ties go to the older group
            score = self.similarity(query, group_id)
            if best is None or score > best.score:
                best = GroupMatch(group_id, score)
        if best is not None and best.score < threshold:
            log.debug("no group for %s: best #%d scored %.1f < %.1f",
                      sorted(query), best.group_id, best.score, threshold)
            return None
        return best

    def assign(
        self, profile: Mapping[str, int], threshold: float, new_id: Callable[[], int]
    ) -> int:
        """Put a question into its group (or a new one from new_id()) and return the group id."""
        query = self.correct(profile)
        match = self._best(query, threshold)
        group_id = match.group_id if match is not None else new_id()
        self.add(group_id, query)
        return group_id


def cluster(
    texts: Iterable[str],
    *,
    analyzer: Analyzer = default_analyzer,
    threshold: float = DEFAULT_GROUPING_THRESHOLD,
) -> list[int]:
    """Group texts one at a time, in order, as the store would; returns a group id per text."""
    index = GroupIndex()
    counter = iter(range(1, 1 << 62))
    return [index.assign(terms_of(text, analyzer), threshold, lambda: next(counter))
            for text in texts]


def pairwise_precision_recall(
    truth: Sequence[str], predicted: Sequence[int]
) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering against true labels.

    Precision: of the pairs put together, the share that belong together. Recall: of the pairs
    that belong together, the share put together. Either is 1.0 when it has no pairs to judge.
    """
    if len(truth) != len(predicted):
        raise ValueError("truth and predicted must have the same length")
    together = same = both = 0
    for i in range(len(truth)):
        for j in range(i + 1, len(truth)):
            same_true = truth[i] == truth[j]
            same_pred = predicted[i] == predicted[j]
            same += same_true
            together += same_pred
            both += same_true and same_pred
    precision = both / together if together else 1.0
    recall = both / same if same else 1.0
    return precision, recall


def grouping_quality(
    pairs: Sequence[tuple[str, str]],
    *,
    analyzer: Analyzer = default_analyzer,
    threshold: float = DEFAULT_GROUPING_THRESHOLD,
) -> tuple[float, float]:
    """Pairwise (precision, recall) of grouping labelled (question, group) pairs in order."""
    predicted = cluster((q for q, _ in pairs), analyzer=analyzer, threshold=threshold)
    return pairwise_precision_recall([label for _, label in pairs], predicted)
