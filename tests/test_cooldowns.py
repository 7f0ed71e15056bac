"""bot.cooldowns with a hand-moved clock: no test sleeps."""

from __future__ import annotations

from bot.cooldowns import RepeatGuard, UserRateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def test_repeat_within_the_window_points_to_the_earlier_answer() -> None:
    clock = FakeClock()
    guard = RepeatGuard(300, clock)
    assert guard.earlier(1, "mcmi-duration") is None
    guard.remember(1, "mcmi-duration", "https://discord.com/channels/9/1/100")
    clock.advance(299)
    assert guard.earlier(1, "mcmi-duration") == "https://discord.com/channels/9/1/100"
    assert guard.earlier(2, "mcmi-duration") is None, "another channel has not seen it"
    assert guard.earlier(1, "what-is-mcmi") is None, "another entry is not a repeat"
    clock.advance(1)
    assert guard.earlier(1, "mcmi-duration") is None, "the window has passed"


def test_a_new_answer_restarts_the_window() -> None:
    clock = FakeClock()
    guard = RepeatGuard(10, clock)
    guard.remember(1, "e", "first")
    clock.advance(8)
    guard.remember(1, "e", "second")
    clock.advance(8)
    assert guard.earlier(1, "e") == "second"


def test_window_zero_turns_the_guard_off() -> None:
    guard = RepeatGuard(0, FakeClock())
    guard.remember(1, "e", "url")
    assert guard.earlier(1, "e") is None


def test_repeat_guard_memory_is_capped() -> None:
    guard = RepeatGuard(300, FakeClock(), max_tracked=100)
    for channel in range(1000):
        guard.remember(channel, "e", f"url{channel}")
    assert len(guard._answers) == 100
    assert guard.earlier(999, "e") == "url999" and guard.earlier(0, "e") is None


def test_rate_limit_allows_the_limit_then_notifies_once_then_stays_quiet() -> None:
    clock = FakeClock()
    limiter = UserRateLimiter(3, 60, clock)
    assert all(limiter.hit(7).allowed for _ in range(3))
    first = limiter.hit(7)
    assert not first.allowed and first.notify and first.retry_after == 60
    clock.advance(10)
    second = limiter.hit(7)
    assert not second.allowed and not second.notify and second.retry_after == 50
    assert limiter.hit(8).allowed, "other members are not affected"


def test_rate_limit_is_a_sliding_window_and_refusals_do_not_extend_it() -> None:
    clock = FakeClock()
    limiter = UserRateLimiter(2, 60, clock)
    limiter.hit(7)
    clock.advance(30)
    limiter.hit(7)
    for _ in range(20):
        assert not limiter.hit(7).allowed
    clock.advance(30)  # the first question leaves the window
    assert limiter.hit(7).allowed
    refused = limiter.hit(7)
    assert not refused.allowed and refused.notify, "a new window explains again"


def test_rate_limiter_forgets_quiet_members() -> None:
    clock = FakeClock()
    limiter = UserRateLimiter(1, 60, clock)
    for user in range(500):
        limiter.hit(user)
    clock.advance(61)
    limiter.hit(10_000)
    assert list(limiter._asked) == [10_000]
