"""Soak: the real bot under steady mixed traffic; memory and open files must stay flat.

    .venv/bin/python -m tests.reliability.soak --minutes 3

The bot, its engine and SQLite store run in this process against the loopback fake, as in the
tests. Traffic comes in batches of concurrent actions, at most --rate actions per second
(default 150; --rate 0 removes the cap and makes the soak a capacity test): mentions
(answered, "did you mean", declined, small talk), answer-channel questions, /ask, /ask
type-ahead and a vote button on a fresh answer, from 40 members. The bot's clock moves 30 s
per batch, so rate-limit windows and the repeat guard roll over and their pruning is
exercised. After each batch the fake forgets what it recorded (that history is the test
harness's, not the bot's, and would otherwise grow).

RSS (VmRSS in /proc/self/status, so bot + fake together) and open file descriptors
(/proc/self/fd) are sampled after a warm-up; the run fails when RSS grows by more than
RSS_TOLERANCE_MB or descriptors by more than FD_TOLERANCE between the first and the last
samples, or when the store had to drop question-log records because its queue was full.
Exit code 0 when flat and nothing was dropped, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.app import open_app
from bot.client import AnswerBot
from bot.store import Store
from tests.cogs.conftest import BASE_SETTINGS, FakeClock
from tests.discord_fake import (
    APP_ID,
    GENERAL_CHANNEL_ID,
    PLAIN_ROLE_ID,
    QUESTIONS_CHANNEL_ID,
    DiscordFake,
    connected_client,
    running_fake,
)
from tests.reliability.traffic import ANSWERABLE, SMALL_TALK, UNANSWERABLE, UNSURE

RSS_TOLERANCE_MB = 6.0
FD_TOLERANCE = 2
MEMBERS = 40
BATCH = 20
CLOCK_STEP_SECONDS = 30.0
WARM_UP_FRACTION = 0.25
# Actions per second. Far above what one community produces (a busy server sees a few
# questions a minute), yet leaves the event loop, shared with the fake here, some idle time.
DEFAULT_RATE = 150.0


def rss_mb() -> float:
    """Resident set size of this process in MB (VmRSS)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def open_fds() -> int:
    """Open file descriptors of this process."""
    return len(os.listdir("/proc/self/fd"))


@dataclass(frozen=True)
class Sample:
    """Resources after `actions` actions."""

    actions: int
    seconds: float
    rss_mb: float
    fds: int


@dataclass
class SoakResult:
    """Samples taken after the warm-up, and the actions that ran in total."""

    samples: list[Sample] = field(default_factory=list)
    rate: float = 0.0
    actions: int = 0
    seconds: float = 0.0
    warm_up_rss_mb: float = 0.0
    most_pending: int = 0  # the store's queue at its longest, seen between batches
    dropped: int = 0  # question-log records the store's full queue had to drop
    logged: int = 0  # question-log rows written

    def growth(self) -> tuple[float, int]:
        """RSS (MB) and descriptor growth from the first to the last sample."""
        first, last = self.samples[0], self.samples[-1]
        return last.rss_mb - first.rss_mb, last.fds - first.fds

    def problems(self) -> list[str]:
        """Why the run is not flat (empty when it is)."""
        if len(self.samples) < 2:
            return [f"only {len(self.samples)} samples: run longer"]
        rss, fds = self.growth()
        problems = []
        if rss > RSS_TOLERANCE_MB:
            problems.append(f"RSS grew {rss:.1f} MB (> {RSS_TOLERANCE_MB} MB)")
        if fds > FD_TOLERANCE:
            problems.append(f"open file descriptors grew by {fds} (> {FD_TOLERANCE})")
        if self.dropped:
            problems.append(f"the store dropped {self.dropped} log records (queue full)")
        return problems

    def summary(self) -> str:
        """The figures, one paragraph."""
        if not self.samples:
            return "no samples"
        rss, fds = self.growth()
        peak = max(s.rss_mb for s in self.samples)
        cap = f"capped at {self.rate:.0f}/s" if self.rate else "uncapped"
        return (f"soak: {self.actions} actions in {self.seconds:.0f} s "
                f"({self.actions / max(self.seconds, 1e-9):.0f}/s, {cap}); after warm-up RSS "
                f"{self.samples[0].rss_mb:.1f} -> {self.samples[-1].rss_mb:.1f} MB "
                f"(growth {rss:+.1f} MB, peak {peak:.1f} MB), open fds "
                f"{self.samples[0].fds} -> {self.samples[-1].fds} ({fds:+d}); "
                f"{len(self.samples)} samples; {self.logged} questions logged, store queue "
                f"at most {self.most_pending}, {self.dropped} dropped")


def forget_history(fake: DiscordFake) -> None:
    """Drop what the fake recorded so far (call only while nothing is being waited for).

    The fake keeps every request, frame and message for tests to inspect; in a soak that
    history is the harness's memory, not the bot's, so it is cleared between batches.
    """
    fake.requests.items.clear()
    fake.gateway_frames.items.clear()
    fake.sent_events.clear()
    fake.messages.clear()
    fake.interactions.clear()
    fake._by_token.clear()
    fake._message_dispatched_at.clear()


@contextlib.asynccontextmanager
async def soak_bot(db_dir: Path) -> AsyncIterator[tuple[DiscordFake, FakeClock,
                                                       list[dict[str, Any]], Store]]:
    """The real bot on the fake, with MEMBERS members; yields the fake, the clock, members
    and the store."""
    settings = replace(BASE_SETTINGS, db_path=db_dir / "soak.db", user_rate_limit=5,
                       user_rate_window_seconds=60)
    async with running_fake() as fake:
        members = [fake.add_member(fake.make_user(f"soak{n:02d}"), [PLAIN_ROLE_ID])["user"]
                   for n in range(MEMBERS)]
        async with open_app(settings) as app:
            clock = FakeClock()
            bot = AnswerBot(settings=settings, engine=app.engine, store=app.store, clock=clock,
                            guild_ready_timeout=0.05)
            async with connected_client(bot, fake):
                yield fake, clock, members, app.store


async def one_batch(fake: DiscordFake, members: list[dict[str, Any]], batch: int) -> int:
    """Send one batch of concurrent actions and wait until each is answered; returns actions."""
    waits = []
    pools = (ANSWERABLE, ANSWERABLE, UNSURE, UNANSWERABLE, SMALL_TALK)
    for n in range(BATCH - 3):
        member = members[(batch * BATCH + n) % len(members)]
        pool = pools[n % len(pools)]
        question = pool[(batch + n) % len(pool)]
        if pool is ANSWERABLE and n % 3 == 0:
            message_id = await fake.message_create(QUESTIONS_CHANNEL_ID, member, question)
        else:
            message_id = await fake.message_create(GENERAL_CHANNEL_ID, member,
                                                   f"<@{APP_ID}> {question}")
        waits.append(fake.wait_for_reply(message_id, timeout=30))
    asker = members[(batch * 7) % len(members)]
    slash = await fake.interaction_slash("ask", {"question": ANSWERABLE[batch % 7]}, asker)
    waits.append(fake.wait_for_callback(slash, timeout=30))
    typing = await fake.interaction_autocomplete("ask", {"question": "how long is th"},
                                                 "question", asker)
    waits.append(fake.wait_for_callback(typing, timeout=30))
    replies = await asyncio.gather(*waits)
    # A helpful vote on one of this batch's answers, by its asker (the button's own rule).
    votes = [(c["custom_id"], r.response) for r in replies if r.route.startswith("/channels/")
             for row in (r.json or {}).get("components") or [] for c in row["components"]
             if c.get("custom_id", "").startswith("faq:vote:")]
    if votes:
        vote, answer = votes[0]
        click = await fake.interaction_component(vote, int(vote.split(":")[3]), answer)
        await fake.wait_for_callback(click, timeout=30)
    return BATCH


async def run_soak(*, seconds: float, db_dir: Path, sample_every: int = 1000,
                   rate: float = DEFAULT_RATE) -> SoakResult:
    """Run traffic for `seconds`; sample resources every `sample_every` actions after warm-up.

    `rate` caps the actions per second (0: as fast as the machine goes, which saturates the
    event loop the bot and the fake share and measures capacity rather than steady state).
    """
    result = SoakResult(rate=rate)
    async with soak_bot(db_dir) as (fake, clock, members, store):
        started = time.perf_counter()
        warm_until = started + seconds * WARM_UP_FRACTION
        next_sample = 0
        batch = 0
        while time.perf_counter() - started < seconds:
            result.actions += await one_batch(fake, members, batch)
            batch += 1
            if rate:  # pacing the load generator, not waiting for the bot
                await asyncio.sleep(max(0.0, started + result.actions / rate
                                        - time.perf_counter()))
            clock.advance(CLOCK_STEP_SECONDS)
            forget_history(fake)
            result.most_pending = max(result.most_pending, store.health.pending)
            now = time.perf_counter()
            if now < warm_until:
                continue
            if not result.samples and not result.warm_up_rss_mb:
                result.warm_up_rss_mb = rss_mb()
            if result.actions >= next_sample:
                gc.collect()
                result.samples.append(Sample(result.actions, now - started, rss_mb(),
                                             open_fds()))
                next_sample = result.actions + sample_every
        result.seconds = time.perf_counter() - started
        gc.collect()
        result.samples.append(Sample(result.actions, result.seconds, rss_mb(), open_fds()))
        await store.flush()
        result.dropped = store.health.dropped
        with contextlib.closing(sqlite3.connect(store.path)) as db:
            result.logged = db.execute("SELECT count(*) FROM questions").fetchone()[0]
    return result


def main(argv: list[str] | None = None) -> int:
    """`python -m tests.reliability.soak --minutes 3`: print the samples and the verdict."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--sample-every", type=int, default=1000, help="actions between samples")
    parser.add_argument("--rate", type=float, default=DEFAULT_RATE,
                        help="actions per second; 0 = as fast as possible (a capacity test)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = asyncio.run(run_soak(seconds=args.minutes * 60, db_dir=Path(tmp),
                                      sample_every=args.sample_every, rate=args.rate))
    print(f"{'actions':>8} {'seconds':>8} {'RSS MB':>8} {'fds':>5}")
    for sample in result.samples:
        print(f"{sample.actions:>8} {sample.seconds:>8.0f} {sample.rss_mb:>8.1f} "
              f"{sample.fds:>5}")
    print(result.summary())
    problems = result.problems()
    for problem in problems:
        print("FAIL:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
