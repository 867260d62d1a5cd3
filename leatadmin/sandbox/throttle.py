"""Leat's rate limit as Laravel's throttle keeps it: requests are counted in
a fixed one-minute window, and past the limit each is a 429 until the next
minute (`faults.rate_limit` sets the limit; `Sandbox.reset` opens a fresh
window). Apart from `http` because it is a counter with its own lock,
shared by every request thread, that knows nothing of HTTP.
"""

from __future__ import annotations

import threading
import time


class RateWindow:
    """Laravel's throttle: a fixed one-minute window per key."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.window = 0
        self.count = 0

    def reset(self) -> None:
        with self.lock:
            self.window, self.count = 0, 0

    def hit(self, limit: int) -> tuple[int, bool]:
        with self.lock:
            window = int(time.time() // 60)
            if window != self.window:
                self.window, self.count = window, 0
            self.count += 1
            return max(0, limit - self.count), self.count > limit
