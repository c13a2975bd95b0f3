import time
import time as t
from time import sleep
from time import sleep as snooze


async def plain():
    time.sleep(1)  # ASYNC251


async def aliased_module():
    t.sleep(1)  # ASYNC251


async def from_import():
    sleep(1)  # ASYNC251


async def aliased_from_import():
    snooze(1)  # ASYNC251


async def local_import():
    import time as tm
    tm.sleep(1)  # ASYNC251


async def in_comprehension():
    return [time.sleep(i) for i in range(3)]  # ASYNC251


async def async_generator():
    for i in range(3):
        time.sleep(i)  # ASYNC251
        yield i


class Service:
    async def method(self):
        time.sleep(1)  # ASYNC251


async def awaited():
    await time.sleep(1)  # ASYNC251


async def suppressed():
    time.sleep(1)  # noqa: ASYNC251
    time.sleep(1)  # noqa
