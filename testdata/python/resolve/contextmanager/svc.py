import contextlib
import time
from contextlib import contextmanager


@contextmanager
def slow_cm():
    time.sleep(1)
    yield


@contextlib.contextmanager
def other_cm():
    yield
    time.sleep(1)


@contextlib.asynccontextmanager
async def async_cm():
    yield


async def main():
    with slow_cm():  # flagged
        pass
    with other_cm() as x:  # flagged: the code after yield runs on exit
        pass
    cm = slow_cm()  # trap: not entered, the body does not run
    async with async_cm():  # trap: async
        pass
    return cm, x
