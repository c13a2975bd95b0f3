import asyncio
import time


class Client:
    """A client with blocking helpers."""

    def __init__(self, delay=0.01):
        self.delay = delay

    def _pause(self):
        time.sleep(self.delay)

    def fetch(self, key):
        """Fetch after a pause."""
        self._pause()
        return key

    @classmethod
    def warm(cls, delay):
        time.sleep(delay)
        return cls(delay)

    @staticmethod
    def settle(delay):
        time.sleep(delay)

    async def get(self, key):
        value = self.fetch(key)
        return value

    async def get_many(self, keys):
        return [self.fetch(k) for k in keys]


async def use_client():
    client = Client()
    client.fetch("a")
    Client.settle(0.01)
    await Client.warm(0.01).get("b")
    return await asyncio.sleep(0)


def sync_caller():
    Client().fetch("c")
