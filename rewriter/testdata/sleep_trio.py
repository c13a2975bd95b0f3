import time

import trio


async def tick():
    time.sleep(1)
    async with trio.open_nursery() as nursery:
        nursery.start_soon(trio.sleep, 1)
