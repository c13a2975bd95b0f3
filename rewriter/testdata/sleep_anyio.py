from time import sleep

import anyio


async def tick():
    sleep(1)
    await anyio.sleep(0)
