"""Reference async implementation: every wait yields to the event loop."""

import asyncio
import time


class AsyncAPIClient:
    """A client whose waits are all awaited."""

    def __init__(self, scale=0.001):
        self.scale = scale
        self.requests = 0

    async def request(self, path):
        """Pretend to send a request and wait for the answer."""
        await asyncio.sleep(5 * self.scale)
        self.requests += 1
        return {"path": path, "status": 200}

    async def request_with_backoff(self, path, attempts=3):
        """Send a request, backing off between attempts."""
        for attempt in range(attempts):
            answer = await self.request(path)
            if answer["status"] == 200:
                return answer
            await asyncio.sleep(min(2 ** attempt, 30.0) * self.scale)
        return None

    async def settle(self):
        """Sleep in a worker thread: the blocking call is passed as a value."""
        await asyncio.to_thread(time.sleep, self.scale)
        return self.requests

    async def request_later(self, path):
        """Wait in a nested sync helper run in a thread, then send a request."""

        def pause():
            time.sleep(self.scale)

        await asyncio.to_thread(pause)
        return await self.request(path)
