import time


async def shapes(xs):
    a = time.sleep(0) or 1
    b = time.sleep(0).__class__
    c = [time.sleep(0) for _ in xs]
    d = -time.sleep(0) if False else 0
    return a, b, c, d
