"""Cooldowns: don't repost an answer a channel just saw, don't let one member flood the bot.

Pure and in memory: both classes take a `clock` (seconds, monotonic) so tests move time by
hand instead of sleeping. Memory is bounded: old records are pruned as new ones arrive, and a
hard cap drops the oldest first, so a busy server cannot grow these without limit. State is
lost on restart, which only means one answer may be reposted once.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]

# Hard caps on tracked keys; far above what one community produces within a window.
MAX_TRACKED_ANSWERS = 10_000
MAX_TRACKED_USERS = 10_000


class RepeatGuard:
    """Remembers where an entry was last answered in each channel, for `window_seconds`.

    A window of 0 turns the guard off.
    """

    def __init__(self, window_seconds: float, clock: Clock = time.monotonic,
                 max_tracked: int = MAX_TRACKED_ANSWERS) -> None:
        self.window = window_seconds
        self._clock = clock
        self._max = max_tracked
        # (channel, entry) -> (time answered, jump url); insertion order == time order.
        self._answers: OrderedDict[tuple[int, str], tuple[float, str]] = OrderedDict()

    def earlier(self, channel_id: int, entry_id: str) -> str | None:
        """The jump URL of the same answer in the same channel within the window, if any."""
        self._prune()
        record = self._answers.get((channel_id, entry_id))
        return record[1] if record else None

    def remember(self, channel_id: int, entry_id: str, jump_url: str) -> None:
        """Note that `entry_id` was just answered in `channel_id` by the message at `jump_url`."""
        if self.window <= 0:
            return
        key = (channel_id, entry_id)
        self._answers.pop(key, None)
        self._answers[key] = (self._clock(), jump_url)
        while len(self._answers) > self._max:
            self._answers.popitem(last=False)

    def _prune(self) -> None:
        horizon = self._clock() - self.window
        while self._answers:
            key, (at, _) = next(iter(self._answers.items()))
            if at > horizon:
                break
            del self._answers[key]


@dataclass(frozen=True)
class RateVerdict:
    """Whether a member may ask now; if not, whether to tell them and when to retry."""

    allowed: bool
    notify: bool = False
    retry_after: float = 0.0


class UserRateLimiter:
    """At most `limit` questions per member in any `window_seconds` (a sliding window).

    Refused attempts do not count, so a member is never locked out for longer than the window.
    The first refusal in a window says `notify=True` and later ones do not: the bot explains
    once and then stays quiet instead of answering a flood with a flood of notes.
    """

    def __init__(self, limit: int, window_seconds: float, clock: Clock = time.monotonic,
                 max_tracked: int = MAX_TRACKED_USERS) -> None:
        self.limit = limit
        self.window = window_seconds
        self._clock = clock
        self._max = max_tracked
        self._asked: OrderedDict[int, deque[float]] = OrderedDict()
        self._notified_until: dict[int, float] = {}

    def hit(self, user_id: int, *, silent: bool = False) -> RateVerdict:
        """Record a question from `user_id` if allowed, and say what to do.

        `silent`: a refusal will not be shown (an answer-channel question), so it must not use
        up the one note; the member's next refused mention still gets it.
        """
        now = self._clock()
        times = self._recent(user_id, now)
        if len(times) < self.limit:
            times.append(now)
            self._touch(user_id, times)
            return RateVerdict(allowed=True)
        retry_after = times[0] + self.window - now
        notify = not silent and self._notified_until.get(user_id, float("-inf")) <= now
        if notify:
            self._notified_until[user_id] = times[0] + self.window
        return RateVerdict(allowed=False, notify=notify, retry_after=retry_after)

    def _recent(self, user_id: int, now: float) -> deque[float]:
        times = self._asked.get(user_id) or deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def _touch(self, user_id: int, times: deque[float]) -> None:
        self._asked.pop(user_id, None)
        self._asked[user_id] = times
        self._prune()

    def _prune(self) -> None:
        """Forget members whose last question left the window, oldest first, and enforce the cap."""
        now = self._clock()
        while self._asked:
            user_id, times = next(iter(self._asked.items()))
            stale = times[-1] <= now - self.window if times else True
            if not stale and len(self._asked) <= self._max:
                break
            del self._asked[user_id]
            self._notified_until.pop(user_id, None)
