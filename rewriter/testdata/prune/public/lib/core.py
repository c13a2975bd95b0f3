import asyncio
import time

__all__ = ["exported", "exported_async", "reexported", "reexported_async"]


def reexported():
    time.sleep(0.1)


async def reexported_async():
    await asyncio.sleep(0.1)


def exported():
    time.sleep(0.1)


async def exported_async():
    await asyncio.sleep(0.1)
