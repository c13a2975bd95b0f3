"""Error tracking with recovery strategies."""

import asyncio
from time import sleep

from .error_handler import backoff_pause

CHECKPOINTS = []


def checkpoint(label, scale=0.001):
    """Record a checkpoint, pausing so the store can settle."""
    CHECKPOINTS.append(label)
    backoff_pause(0, scale)
    return len(CHECKPOINTS)


class ErrorTracker:
    """Counts errors and applies recovery strategies."""

    def __init__(self, scale=0.001):
        self.scale = scale
        self.counts = {}

    def record(self, kind):
        """Count one error of the given kind."""
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return self.counts[kind]

    def retry_operation(self):
        """Pretend to retry the failed operation."""
        return sum(self.counts.values())

    async def retry_operation_async(self):
        """Async form of retry_operation."""
        return self.retry_operation()

    def apply_recovery_strategy(self, strategy):
        """Wait as the strategy says, then retry (blocking)."""
        delay = strategy.get("delay", 1.0)
        sleep(delay * self.scale)
        return self.retry_operation()

    async def apply_recovery_strategy_async(self, strategy):
        """Wait as the strategy says, then retry."""
        delay = strategy.get("delay", 1.0)
        await asyncio.sleep(delay * self.scale)
        return await self.retry_operation_async()

    async def flush(self):
        """Flush the counters: still sleeps with a blocking call."""
        sleep(2 * self.scale)
        total = sum(self.counts.values())
        self.counts.clear()
        return total
