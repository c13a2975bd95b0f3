from time import monotonic, sleep as pause


async def timed():
    start = monotonic()
    pause(0.1)
    return monotonic() - start
