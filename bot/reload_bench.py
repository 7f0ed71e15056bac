"""`python -m bot bench-reload`: reload a large knowledge folder while questions are answered.

The folder is the shipped KB padded with generated entries (bot.benchmark.synthetic_kb),
written as YAML files in a temporary folder. Each round edits two files the way moderators
do (one entry's phrasings rewritten in one file, a new entry added in another) and times
`AnswerEngine.reload()` while a task keeps answering questions at a steady rate. Every answer
given during the reload must be exactly what the complete old KB or the complete new KB
answers. One probe question touches both edits, so a half-loaded KB (one file changed, not
the other) would answer it differently from both.
"""

from __future__ import annotations

import asyncio
import random
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.benchmark import perturb, synthetic_kb
from bot.engine import AnswerEngine, build_matcher
from bot.knowledge import Entry, KnowledgeBase, load_knowledge
from bot.matching.matcher import Matcher
from bot.matching.verdict import MatchResult

TARGET_SECONDS = 1.0
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Both are safe loaders (no Python objects from tags); the C one is 10x faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def entry_data(entry: Entry) -> dict[str, Any]:
    """An entry as the YAML mapping a moderator would write."""
    data: dict[str, Any] = {"id": entry.id, "question": entry.question, "answer": entry.answer}
    if entry.alternates:
        data["alternates"] = list(entry.alternates)
    if entry.links:
        data["links"] = [{"label": link.label, "url": link.url} for link in entry.links]
    for key in ("tags", "related"):
        if getattr(entry, key):
            data[key] = list(getattr(entry, key))
    if entry.last_reviewed:
        data["last_reviewed"] = entry.last_reviewed.isoformat()
    return data


def write_knowledge(kb: KnowledgeBase, folder: Path, files: int,
                    extra_from: Path | None = None) -> list[Path]:
    """Write a KB's entries over `files` YAML files (plus vocabulary/safety files copied from
    `extra_from`, when given); returns the entry files in order."""
    folder.mkdir(parents=True, exist_ok=True)
    per_file = max(1, -(-len(kb.entries) // files))
    written = []
    for number, start in enumerate(range(0, len(kb.entries), per_file)):
        path = folder / f"entries-{number:03d}.yaml"
        chunk = [entry_data(e) for e in kb.entries[start:start + per_file]]
        path.write_text(yaml.dump({"entries": chunk}, Dumper=_DUMPER, allow_unicode=True,
                                  sort_keys=False, width=1 << 16), encoding="utf-8")
        written.append(path)
    if extra_from is not None and extra_from.is_dir():
        for name in ("vocabulary.yaml", "safety.yaml"):
            if (extra_from / name).is_file():
                shutil.copy(extra_from / name, folder / name)
    return written


Signature = tuple[str, tuple[tuple[str, float], ...]]


def signature(result: MatchResult) -> Signature:
    """What identifies an answer: the band and every candidate with its score (scores depend
    on term weights over the whole KB, so they tell two KBs apart)."""
    return (result.band.value,
            tuple((c.entry.id, round(c.score, 6)) for c in result.candidates))


@dataclass
class _Round:
    seconds: float
    answers: list[tuple[str, Signature]]
    latencies: list[float]


def _edit_files(files: list[Path], round_number: int) -> list[str]:
    """Rewrite one generated entry's phrasings in one file and add a new entry to another;
    returns probe questions whose answers change with each file."""
    first, second = files[len(files) // 3], files[(2 * len(files)) // 3]
    probe_old = f"zorblat quuxing number {round_number}"
    probe_new = f"frobnicate wibble number {round_number}"
    document = yaml.load(first.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - safe
    target = document["entries"][-1]
    target["question"] = f"What is {probe_old}?"
    target["alternates"] = [f"{probe_old} explained", f"tell me about {probe_old}"]
    first.write_text(yaml.dump(document, Dumper=_DUMPER, allow_unicode=True,
                               sort_keys=False, width=1 << 16), encoding="utf-8")
    with second.open("a", encoding="utf-8") as out:
        out.write(yaml.dump([{"id": f"bench-added-{round_number}",
                              "question": f"How do I {probe_new}?",
                              "answer": "Added by the reload benchmark.",
                              "alternates": [f"{probe_new} how to"]}],
                            Dumper=_DUMPER, sort_keys=False))
    return [f"what is {probe_old}", f"how do i {probe_new}", f"{probe_old} {probe_new}"]


async def _answer_during(engine: AnswerEngine, questions: list[str], done: asyncio.Event,
                         interval: float, record: _Round) -> None:
    """Answer questions one after another until the reload is done, `interval` seconds apart.

    With interval 0 there is no pause, but the GIL is still handed over between questions
    (`time.sleep(0)`), as a bot does while it waits on its socket: a loop that never lets go
    of the GIL starves the reload's worker thread (measured: a 0.16 s reload took 7.9 s),
    which is a property of the load generator, not of a running bot.
    """
    number = 0
    while not done.is_set():
        question = questions[number % len(questions)]
        number += 1
        start = time.perf_counter()
        result = await engine.ask(question, source="cli")
        record.latencies.append(time.perf_counter() - start)
        record.answers.append((question, signature(result)))
        if interval:
            await asyncio.sleep(interval)
        else:
            time.sleep(0)  # hand the GIL over (see above); no timer is involved
            await asyncio.sleep(0)


async def reload_under_load(engine: AnswerEngine, questions: list[str], interval: float
                            ) -> _Round:
    """Time one `engine.reload()` while another task keeps answering `questions`."""
    record = _Round(0.0, [], [])
    done = asyncio.Event()
    answering = asyncio.create_task(_answer_during(engine, questions, done, interval, record))
    await asyncio.sleep(0)  # let the first question go out before the reload starts
    start = time.perf_counter()
    try:
        await engine.reload()
    finally:
        record.seconds = time.perf_counter() - start
        done.set()
        await answering
    return record


def check_consistent(record: _Round, before: dict[str, Signature],
                     after: dict[str, Signature]) -> list[str]:
    """Answers given during a reload that neither the old nor the new KB would give."""
    return [f"{q!r}: {got} (old {before[q]}, new {after[q]})"
            for q, got in record.answers if got not in (before[q], after[q])]


async def _bench(folder: Path, files: list[Path], questions: list[str], repeats: int,
                 interval: float) -> dict[str, Any]:
    load_start = time.perf_counter()
    engine = AnswerEngine(await asyncio.to_thread(build_matcher, folder),
                          knowledge_path=folder)
    first_load = time.perf_counter() - load_start
    rounds, problems = [], []
    for number in range(repeats):
        probes = _edit_files(files, number)
        asked = probes + questions
        before = {q: signature(engine.match(q)) for q in asked}
        record = await reload_under_load(engine, asked, interval)
        after = {q: signature(engine.match(q)) for q in asked}
        if all(before[p] == after[p] for p in probes):
            problems.append(f"round {number}: the edit changed no probe answer")
        problems.extend(check_consistent(record, before, after))
        rounds.append(record)
    # Where a reload's time goes, measured apart (no questions meanwhile).
    start = time.perf_counter()
    kb = await asyncio.to_thread(load_knowledge, folder)
    load_seconds = time.perf_counter() - start
    start = time.perf_counter()
    await asyncio.to_thread(Matcher, kb, engine.matcher.thresholds)
    index_seconds = time.perf_counter() - start
    seconds = [r.seconds for r in rounds]
    latencies = sorted(x for r in rounds for x in r.latencies)
    return {
        "first_load_seconds": round(first_load, 3),
        "reload_seconds": [round(s, 3) for s in seconds],
        "reload_median_seconds": round(statistics.median(seconds), 3),
        "load_and_validate_seconds": round(load_seconds, 3),
        "index_seconds": round(index_seconds, 3),
        "answers_during_reloads": len(latencies),
        "answer_p50_ms": round(1000 * latencies[len(latencies) // 2], 2) if latencies else None,
        "answer_max_ms": round(1000 * latencies[-1], 2) if latencies else None,
        "consistent": not problems,
        "problems": problems[:20],
    }


def run_reload_bench(knowledge: Path, entries: int, files: int, repeats: int,
                     rate: float = 100.0) -> dict[str, Any]:
    """Every figure `bench-reload` prints; `rate` is questions per second during reloads."""
    base = load_knowledge(knowledge)
    kb = synthetic_kb(base, entries)
    rng = random.Random(5)
    phrasings = [p for e in kb.entries for p in e.phrasings]
    questions = [perturb(rng, rng.choice(phrasings)) for _ in range(200)]
    with tempfile.TemporaryDirectory(prefix="faq-reload-bench-") as scratch:
        folder = Path(scratch)
        written = write_knowledge(kb, folder, files, knowledge)
        results = asyncio.run(_bench(folder, written, questions, repeats,
                                     1 / rate if rate > 0 else 0.0))
    results.update({
        "entries": len(kb.entries),
        "phrasings": len(phrasings),
        "files": len(written),
        "questions_per_second": rate,
        "target_seconds": TARGET_SECONDS,
        "within_target": results["reload_median_seconds"] <= TARGET_SECONDS,
    })
    return results


def format_reload_bench(results: dict[str, Any]) -> str:
    """The figures as a person reads them."""
    verdict = "within" if results["within_target"] else "OVER"
    return "\n".join([
        f"{results['entries']} entries, {results['phrasings']} phrasings in "
        f"{results['files']} files; first load {results['first_load_seconds']} s",
        f"reload (validate + index + swap), {len(results['reload_seconds'])} rounds: "
        f"{', '.join(str(s) for s in results['reload_seconds'])} s; median "
        f"{results['reload_median_seconds']} s ({verdict} the {results['target_seconds']} s "
        "target)",
        f"  of which, measured apart: load + validate {results['load_and_validate_seconds']} s, "
        f"index {results['index_seconds']} s",
        f"{results['answers_during_reloads']} questions answered during the reloads "
        f"({results['questions_per_second']}/s): p50 {results['answer_p50_ms']} ms, "
        f"max {results['answer_max_ms']} ms",
        "every answer from the complete old or the complete new KB: "
        + ("yes" if results["consistent"] else "NO\n  " + "\n  ".join(results["problems"])),
    ])
