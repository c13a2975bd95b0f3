"""A rate limiter for outgoing API calls."""

import asyncio
import time as t


class APIRateLimiter:
    """Allows a number of calls per window, waiting when the budget is spent."""

    def __init__(self, calls_per_window=100, window=1.0, scale=0.001):
        self.calls_per_window = calls_per_window
        self.window = window
        self.scale = scale
        self.calls = 0
        self.window_start = t.monotonic()

    def should_wait(self):
        """Whether the budget of the current window is spent."""
        return self.calls >= self.calls_per_window

    def calculate_wait_time(self):
        """Seconds until the current window ends."""
        return max(0.0, self.window - (t.monotonic() - self.window_start))

    def wait_for_rate_limit(self):
        """Wait for the next window when the budget is spent (blocking)."""
        if self.should_wait():
            sleep_time = self.calculate_wait_time()
            t.sleep(sleep_time * self.scale)
        self.calls += 1

    async def wait_for_rate_limit_async(self):
        """Wait for the next window when the budget is spent."""
        if self.should_wait():
            sleep_time = self.calculate_wait_time()
            await asyncio.sleep(sleep_time * self.scale)
        self.calls += 1

    def throttle(self):
        """Space calls out evenly (blocking, no async twin yet)."""
        t.sleep(self.window / self.calls_per_window * self.scale * 100)
        self.calls += 1

    async def acquire(self):
        """Take one call from the budget: sleeps with a blocking call."""
        t.sleep(2 * self.scale)
        self.calls += 1
        return self.calls
