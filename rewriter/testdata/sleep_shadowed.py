import time


async def shadow(asyncio):
    time.sleep(1)
    return asyncio
