import time


async def deliberate():
    time.sleep(0.01)  # noqa: ASYNC251
    time.sleep(0.02)  # noqa
    time.sleep(0.03)
