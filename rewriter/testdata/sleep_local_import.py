import asyncio


async def probe():
    import time
    time.sleep(0.1)
    return await asyncio.sleep(0)
