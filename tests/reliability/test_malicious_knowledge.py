"""Malicious knowledge files are refused with a clear error, in bounded time and memory.

A knowledge folder is edited by moderators (and a pull request could change it): a mistaken or
hostile file must cost a validation error naming the file, never seconds of CPU, gigabytes of
memory, a crash, or code run by the YAML parser: refused within MAX_SECONDS and MAX_PEAK_MB.
The served knowledge base is never replaced by a refused one.

Cases: a "billion laughs" alias bomb and a merge-key alias, a file over the 8 MiB limit, files
just under it holding millions of tiny nodes (flow and block style), deep nesting (flow and
block), invalid UTF-8 and UTF-16, and YAML tags that would run code under an unsafe loader.

Memory is measured two ways: the rise of the process's peak RSS (VmHWM, reset through
/proc/self/clear_refs), which sees libyaml's C allocations too and costs nothing while timing,
and, in a second run (tracemalloc slows the parser), the peak of Python allocations.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.knowledge.loader import MAX_FILE_BYTES, validate_knowledge
from bot.knowledge.model import KnowledgeError, Problem
from tests.cogs.conftest import ANSWERED, ANSWERED_TITLE
from tests.reliability.conftest import RigLauncher

MAX_SECONDS = 2.0
MAX_PEAK_MB = 64.0
ENTRY = "entries:\n  - id: fine\n    question: Is this fine?\n    answer: Yes.\n"


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def near_limit(unit: str, header: str = "") -> str:
    """`unit` repeated until the file is just under the size limit."""
    return header + unit * ((MAX_FILE_BYTES - len(header) - 16) // len(unit))


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "billion laughs": (lambda p: p.write_text(billion_laughs()), "aliases are not allowed"),
    "merge key alias": (lambda p: p.write_text(
        "base: &base {id: x}\nentries:\n  - <<: *base\n    question: q\n    answer: a\n"),
        "aliases are not allowed"),
    "over the size limit": (lambda p: _sparse(p, MAX_FILE_BYTES + 1), "the limit is"),
    "millions of flow nodes": (lambda p: p.write_text(near_limit("a,", "entries: [") + "]\n"),
                               "YAML nodes"),
    "millions of block nodes": (lambda p: p.write_text(near_limit(
        "    - a\n", "vocabulary:\n  stopwords:\n")), "YAML nodes"),
    "deep flow nesting": (lambda p: p.write_text("entries: " + "[" * 200_000 + "]" * 200_000),
                          "nesting depth"),
    "deep block nesting": (lambda p: p.write_text("".join(
        " " * n + "k:\n" for n in range(3000)) + " " * 3000 + "v\n"), "nesting depth"),
    "invalid UTF-8": (lambda p: p.write_bytes(ENTRY.encode() + b"  # caf\xe9\n"),
                      "not valid UTF-8"),
    "UTF-16": (lambda p: p.write_text(ENTRY, encoding="utf-16"), "not valid UTF-8"),
}


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as out:
        out.truncate(size)  # no disk blocks used: the loader must refuse it by size alone


def _folder(root: Path, write: Callable[[Path], None]) -> Path:
    """A knowledge folder with one good file and the malicious one (a fresh path each time:
    the loader caches unchanged files, and every measurement must parse)."""
    root.mkdir()
    (root / "good.yaml").write_text(ENTRY)
    write(root / "bad.yaml")
    return root


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def peak_rss_growth_mb(run: Callable[[], object]) -> float | None:
    """How far the process's peak RSS rose above its RSS while `run` ran (libyaml's C
    allocations included, which tracemalloc cannot see); None where the peak cannot be reset."""
    before = _status_mb("VmRSS")
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM, the peak RSS
    except OSError:
        return None
    run()
    return _status_mb("VmHWM") - before


def traced_peak_mb(run: Callable[[], object]) -> float:
    """The peak of Python allocations while `run` ran (tracemalloc)."""
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


# tracemalloc slows the event stream eightfold: for these two (5 s each under it) the peak RSS
# is the memory bound, for every other case both are.
NOT_TRACED = {"millions of flow nodes", "millions of block nodes"}


@pytest.mark.parametrize("case", list(CASES))
def test_a_malicious_file_is_refused_quickly_and_cheaply(tmp_path: Path, case: str) -> None:
    write, message = CASES[case]
    timed = _folder(tmp_path / "timed", write)
    result: list[tuple[object, list[Problem]]] = []
    started = time.perf_counter()
    rss_mb = peak_rss_growth_mb(lambda: result.append(validate_knowledge(timed)))
    seconds = time.perf_counter() - started
    if rss_mb is None:  # no /proc/self/clear_refs: time it plainly
        started = time.perf_counter()
        result.append(validate_knowledge(_folder(tmp_path / "plain", write)))
        seconds = time.perf_counter() - started
    kb, problems = result[-1]
    traced_mb = None
    if case not in NOT_TRACED or rss_mb is None:
        traced = _folder(tmp_path / "traced", write)
        traced_mb = traced_peak_mb(lambda: validate_knowledge(traced))

    assert kb is None
    assert any(message in p.message and p.file.endswith("bad.yaml") for p in problems), problems
    assert seconds < MAX_SECONDS, f"{case}: {seconds:.2f} s"
    assert rss_mb is None or rss_mb < MAX_PEAK_MB, f"{case}: peak RSS +{rss_mb:.0f} MB"
    assert traced_mb is None or traced_mb < MAX_PEAK_MB, f"{case}: traced {traced_mb:.0f} MB"
    print(f"{case}: refused in {seconds * 1000:.0f} ms, peak RSS +{rss_mb or 0:.1f} MB, "
          f"tracemalloc peak {'-' if traced_mb is None else f'{traced_mb:.1f}'} MB")


def test_yaml_tags_never_run_code(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    marker = tmp_path / "pwned"
    (folder / "tags.yaml").write_text(
        "entries:\n"
        "  - id: tagged\n"
        f"    question: !!python/object/apply:pathlib.Path.touch [{str(marker)!r}]\n"
        "    answer: !!python/name:os.system\n"
        f"    alternates: !!python/object/new:pathlib.Path [{str(marker)!r}]\n")
    validate_knowledge(folder)
    assert not marker.exists()


async def test_the_bot_keeps_serving_the_old_knowledge_when_a_bad_one_is_saved(
        rig: RigLauncher, knowledge_copy: Path) -> None:
    r = await rig(knowledge_path=knowledge_copy, repeat_window_seconds=0)
    before = r.bot.engine.kb
    (knowledge_copy / "bomb.yaml").write_text(billion_laughs())
    with pytest.raises(KnowledgeError, match="aliases are not allowed"):
        await r.bot.engine.reload()
    assert r.bot.engine.kb is before
    body = (await r.reply_to(await r.mention(ANSWERED))).json
    assert body["embeds"][0]["title"] == ANSWERED_TITLE
