import time


def helper():
    time.sleep(0.1)


def runner(fn):
    """Blocks, and holds an async def whose own sites are fixed too."""
    time.sleep(0.1)

    async def inner():
        time.sleep(0.2)
        helper()
        return await fn()

    return inner


async def main(fn):
    return runner(fn)
