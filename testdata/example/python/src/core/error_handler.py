"""Error handling with retries and backoff."""

import asyncio
import time

DEFAULT_SCALE = 0.001


def log_error(message, errors):
    """Record an error message; never blocks."""
    errors.append(message)
    return len(errors)


def backoff_pause(attempt, scale=DEFAULT_SCALE):
    """Sleep for an exponential backoff delay, capped at 30 units."""
    delay = min(2 ** attempt, 30.0)
    time.sleep(delay * scale)


class ErrorHandler:
    """Runs operations, retrying them with exponential backoff."""

    def __init__(self, scale=DEFAULT_SCALE):
        self.scale = scale
        self.errors = []

    def handle_with_retry(self, operation, max_retries=3):
        """Run operation, retrying on failure (blocking backoff)."""
        for attempt in range(max_retries):
            try:
                return operation()
            except Exception as exc:
                log_error(str(exc), self.errors)
                delay = 2 ** attempt
                time.sleep(delay * self.scale)
        return None

    async def handle_with_retry_async(self, operation, max_retries=3):
        """Run a coroutine function, retrying on failure."""
        for attempt in range(max_retries):
            try:
                return await operation()
            except Exception as exc:
                log_error(str(exc), self.errors)
                delay = 2 ** attempt
                await asyncio.sleep(delay * self.scale)
        return None

    async def recover(self, attempt):
        """Recover after a failure: reaches the blocking helper directly."""
        log_error("recovering", self.errors)
        backoff_pause(attempt, self.scale)
        return attempt + 1
