import time


async def lazy(xs):
    return list(time.sleep(x) for x in xs)
