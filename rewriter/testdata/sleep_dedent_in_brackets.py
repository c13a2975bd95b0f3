import asyncio


async def f():
    (bar.
baz)
    await asyncio.sleep(1)
