import asyncio
import functools
import time


async def nested_sync_def():
    def helper():
        time.sleep(1)
    helper


async def in_lambda():
    f = lambda: time.sleep(1)
    return f


async def in_class_body():
    class Inner:
        time.sleep(1)
    return Inner


async def passed_as_value():
    await asyncio.to_thread(time.sleep, 1)
    functools.partial(time.sleep, 1)


async def param_shadows(time):
    time.sleep(1)


async def local_shadows():
    sleep = asyncio.sleep
    await sleep(1)


def sync_function():
    time.sleep(1)


async def already_async():
    await asyncio.sleep(1)
