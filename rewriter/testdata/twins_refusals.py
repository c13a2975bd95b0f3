import contextlib
import time


@contextlib.contextmanager
def opened():
    time.sleep(1)
    yield "handle"


def ticks(n):
    for i in range(n):
        time.sleep(1)
        yield i


def blocking_factory():
    time.sleep(1)
    return lambda fn: fn


def slow():
    time.sleep(1)


def slow_async():
    return "not a coroutine function"


async def main():
    with opened() as h:
        pass

    @blocking_factory()
    def decorated():
        pass

    for t in ticks(2):
        pass
    slow()
    return h, decorated
