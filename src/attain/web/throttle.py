"""Sign-in rate limiting: after too many failures for one email address within a window,
further attempts are refused until the window has passed. Kept in process memory, which
is enough for one server; the clock is injectable for tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


@dataclass
class SignInThrottle:
    max_failures: int = MAX_FAILURES
    window: float = WINDOW_SECONDS
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, list[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def blocked(self, key: str) -> bool:
        with self._lock:
            return len(self._recent(key)) >= self.max_failures

    def failed(self, key: str) -> None:
        with self._lock:
            self._failures[key] = [*self._recent(key), self.clock()]

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: str) -> list[float]:
        now = self.clock()
        return [t for t in self._failures.get(key, []) if now - t < self.window]
