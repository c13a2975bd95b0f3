import time


async def f():
    (bar.
baz)
    time.sleep(1)
