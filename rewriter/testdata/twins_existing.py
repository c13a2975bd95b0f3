import asyncio
import time


def connect():
    time.sleep(1)


async def connect_async():
    await asyncio.sleep(1)


def _login():
    time.sleep(1)


async def _async_login():
    await asyncio.sleep(1)


class Pool:
    def acquire(self):
        time.sleep(1)

    async def async_acquire(self):
        await asyncio.sleep(1)

    async def use(self):
        self.acquire()
        connect()
        _login()
