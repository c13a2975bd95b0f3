import asyncio as aio
import time as t


async def wait(delay):
    t.sleep(delay)
    await aio.sleep(0)
