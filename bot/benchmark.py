"""`python -m bot bench`: matcher speed and memory at several KB sizes, against plain rapidfuzz.

For each size the shipped KB is padded with generated entries (realistic word counts, a Zipf
vocabulary, five alternates each), and the same perturbed phrasings (a typo, a dropped word,
chat filler) are asked of both our matcher and plain `rapidfuzz.process.extractOne` over every
phrasing (its defaults: WRatio scorer, no processor). Timings are per question.
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from rapidfuzz import process

from bot.knowledge import Entry, KnowledgeBase, load_knowledge
from bot.matching.matcher import Matcher

_SYLLABLES = ("ka ri mo ten sul va ne pra lo chi mar el dun fi sor ba te lin go ru pe "
              "sha vo ni qua zel tor mi as ur wen").split()
_FILLER = ["hey", "quick question", "please", "thanks", "does anyone know", "so"]
_OPENERS = ["what is", "how do i", "can i", "is there", "where is", "why does", "when can",
            "how much", "who can", "does the"]


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))))
    return sorted(words)


def _zipf_pick(rng: random.Random, vocabulary: list[str]) -> str:
    # Zipf-like: low indices are common, the long tail rare, as in real question wording.
    index = int(len(vocabulary) * rng.random() ** 2.5)
    return vocabulary[min(index, len(vocabulary) - 1)]


def _phrase(rng: random.Random, topic: list[str], vocabulary: list[str]) -> str:
    words = rng.sample(topic, k=min(len(topic), rng.randint(2, 3)))
    words += [_zipf_pick(rng, vocabulary) for _ in range(rng.randint(0, 2))]
    rng.shuffle(words)
    return f"{rng.choice(_OPENERS)} {' '.join(words)}?"


def synthetic_kb(base: KnowledgeBase, size: int, seed: int = 7) -> KnowledgeBase:
    """The base KB padded to `size` entries with generated ones."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng, max(2000, size))
    entries = list(base.entries[:size])
    for number in range(size - len(entries)):
        topic = [_zipf_pick(rng, vocabulary) for _ in range(2)] + rng.sample(vocabulary, 2)
        phrasings = [_phrase(rng, topic, vocabulary) for _ in range(6)]
        entries.append(Entry(id=f"generated-{number}", question=phrasings[0],
                             answer=" ".join(topic), alternates=tuple(phrasings[1:])))
    return replace(base, entries=tuple(entries), by_id={})


def perturb(rng: random.Random, text: str) -> str:
    """A phrasing as a person might type it: a typo, maybe a dropped word, maybe filler."""
    words = text.rstrip("?").split()
    if len(words) > 3 and rng.random() < 0.5:
        del words[rng.randrange(len(words))]
    index = rng.randrange(len(words))
    word = words[index]
    if len(word) > 4:
        cut = rng.randrange(1, len(word) - 1)
        words[index] = word[:cut] + word[cut + 1] + word[cut] + word[cut + 2:]
    if rng.random() < 0.3:
        words.insert(0, rng.choice(_FILLER))
    return " ".join(words)


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _time_per_call(function: Any, questions: list[str]) -> list[float]:
    timings = []
    for question in questions:
        start = time.perf_counter()
        function(question)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def bench_size(base: KnowledgeBase, size: int, queries: int, seed: int = 11) -> dict[str, Any]:
    """Time our matcher and plain extractOne at one KB size."""
    kb = synthetic_kb(base, size)
    gc.collect()
    rss_before = _rss_mb()
    start = time.perf_counter()
    matcher = Matcher(kb)
    index_seconds = time.perf_counter() - start
    rss_after = _rss_mb()
    # As the running bot does after every (re)load (AnswerEngine): the index is frozen out of
    # the collector's way, so garbage collections during questions do not walk it.
    gc.freeze()
    choices = [p for entry in kb.entries for p in entry.phrasings]
    rng = random.Random(seed)
    questions = [perturb(rng, rng.choice(choices)) for _ in range(queries)]
    matcher.match(questions[0])  # warm caches the way a running bot has them
    ours = _time_per_call(matcher.match, questions)
    # Messages that ask two to four things, which are also scored sentence by sentence.
    messages = ["? ".join(rng.sample(questions, rng.randint(2, 4))) + "?"
                for _ in range(max(1, queries // 4))]
    several = _time_per_call(matcher.match, messages)

    def plain(question: str) -> Any:
        # Plain means rapidfuzz's defaults: WRatio, no processor.
        return process.extractOne(question, choices)

    theirs = _time_per_call(plain, questions)
    gc.unfreeze()
    return {
        "entries": size,
        "phrasings": len(choices),
        "index_seconds": round(index_seconds, 3),
        "index_rss_mb": round(rss_after - rss_before, 1),
        "ours_p50_ms": round(statistics.median(ours), 3),
        "ours_p99_ms": round(_percentile(ours, 0.99), 3),
        "extractone_p50_ms": round(statistics.median(theirs), 3),
        "extractone_p99_ms": round(_percentile(theirs, 0.99), 3),
        "ratio_p50": round(statistics.median(ours) / statistics.median(theirs), 3),
        "ratio_p99": round(_percentile(ours, 0.99) / _percentile(theirs, 0.99), 3),
        "messages_p50_ms": round(statistics.median(several), 3),
        "messages_p99_ms": round(_percentile(several, 0.99), 3),
    }


def time_shipped_load(path: Path, repeats: int = 5) -> float:
    """Best-of-N seconds to load, validate and index a knowledge folder."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        Matcher(load_knowledge(path))
        best = min(best, time.perf_counter() - start)
    return best


def run_bench(knowledge: Path, sizes: list[int], queries: int) -> dict[str, Any]:
    """Every figure the README's performance section quotes."""
    base = load_knowledge(knowledge)
    return {
        "shipped_load_seconds": round(time_shipped_load(knowledge), 4),
        "process_rss_mb": round(_rss_mb(), 1),
        "sizes": [bench_size(base, size, queries) for size in sizes],
    }


def format_bench(results: dict[str, Any]) -> str:
    """A table a person reads."""
    lines = [
        f"load+validate+index shipped KB: {results['shipped_load_seconds'] * 1000:.1f} ms",
        f"{'entries':>8} {'phrasings':>9} {'index s':>8} {'index MB':>8} {'ours p50':>9} "
        f"{'ours p99':>9} {'xO p50':>8} {'xO p99':>8} {'ratio p50':>9} {'ratio p99':>9} "
        f"{'2-4q p50':>9} {'2-4q p99':>9}",
    ]
    for row in results["sizes"]:
        lines.append(
            f"{row['entries']:>8} {row['phrasings']:>9} {row['index_seconds']:>8} "
            f"{row['index_rss_mb']:>8} {row['ours_p50_ms']:>9} {row['ours_p99_ms']:>9} "
            f"{row['extractone_p50_ms']:>8} {row['extractone_p99_ms']:>8} "
            f"{row['ratio_p50']:>9} {row['ratio_p99']:>9} "
            f"{row['messages_p50_ms']:>9} {row['messages_p99_ms']:>9}"
        )
    lines.append("times in ms per question; xO = rapidfuzz process.extractOne (WRatio) over "
                 "every phrasing; ratio = ours / extractOne; 2-4q = ours on messages asking "
                 "two to four questions")
    return "\n".join(lines)
