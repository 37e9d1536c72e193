from __future__ import annotations

from attain.web.throttle import SignInThrottle


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_blocks_after_max_failures_until_window_passes() -> None:
    clock = FakeClock()
    throttle = SignInThrottle(max_failures=3, window=60, clock=clock)
    for _ in range(2):
        throttle.failed("a@x")
    assert not throttle.blocked("a@x")
    throttle.failed("a@x")
    assert throttle.blocked("a@x")
    assert not throttle.blocked("b@x")  # per email address
    clock.now += 61
    assert not throttle.blocked("a@x")


def test_success_clears_failures() -> None:
    throttle = SignInThrottle(max_failures=2, window=60, clock=FakeClock())
    throttle.failed("a@x")
    throttle.succeeded("a@x")
    throttle.failed("a@x")
    assert not throttle.blocked("a@x")
