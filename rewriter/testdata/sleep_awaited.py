import time


async def wrong():
    await time.sleep(1)
