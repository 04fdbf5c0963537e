"""Time for the waiting loop: real by default, replaceable to drive the loop in benchmarks."""

from __future__ import annotations

import threading
import time


class Clock:
    """Monotonic time and a sleep that a termination signal cuts short."""

    def __init__(self) -> None:
        self.interrupted = threading.Event()

    def now(self) -> float:
        return time.monotonic()

    def wall(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> bool:
        """Sleep; True if interrupted (the step is being terminated)."""
        return self.interrupted.wait(max(0.0, seconds))
