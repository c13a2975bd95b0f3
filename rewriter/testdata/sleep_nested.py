import asyncio
import time


async def outer():
    def sync_inner():
        time.sleep(1)

    async def async_inner():
        time.sleep(2)

    callback = lambda: time.sleep(3)

    class Local:
        time.sleep(4)

    await asyncio.to_thread(sync_inner)
    await asyncio.to_thread(time.sleep, 5)
    await async_inner()
    return callback, Local


def sync_outer():
    async def inner():
        time.sleep(6)

    return inner
