"""A store being migrated to asyncio: sync versions beside their twins."""

import asyncio
import json
import time
import warnings

__all__ = ["exported", "exported_async"]


def flush():
    """Still called by a sync caller: kept."""
    time.sleep(0.1)


async def flush_async():
    await asyncio.sleep(0.1)


def warm():
    """Only an unused import of it is left: removed, with json."""
    warnings.warn("warm is deprecated; use warm_async", DeprecationWarning, stacklevel=2)
    time.sleep(0.1)
    return json.dumps({})


async def warm_async():
    await asyncio.sleep(0.1)
    return "{}"


def hook():
    """Referenced as a value in a list of hooks: kept."""
    time.sleep(0.1)


async def hook_async():
    await asyncio.sleep(0.1)


HOOKS = [hook]


def reexported():
    """Re-exported by the package's __init__.py: kept."""
    time.sleep(0.1)


async def reexported_async():
    await asyncio.sleep(0.1)


def exported():
    """In __all__: kept."""
    time.sleep(0.1)


async def exported_async():
    await asyncio.sleep(0.1)


def by_name():
    """Named by getattr with a literal: kept."""
    time.sleep(0.1)


async def by_name_async():
    await asyncio.sleep(0.1)


def tested():
    """Only a test calls it: kept (tests are part of the tree)."""
    time.sleep(0.1)


async def tested_async():
    await asyncio.sleep(0.1)


def outer():
    """No caller: removed, and then inner has none either."""
    inner()


async def outer_async():
    await inner_async()


# inner waits for the store.
def inner():
    time.sleep(0.1)


async def inner_async():
    await asyncio.sleep(0.1)


class Cache:
    """A method with no caller goes; one called through self stays."""

    def get(self, key):
        return self.load(key)

    async def get_async(self, key):
        return await self.load_async(key)

    def load(self, key):
        time.sleep(0.1)
        return key

    async def load_async(self, key):
        await asyncio.sleep(0.1)
        return key


class OnlySync:
    def stop(self):
        time.sleep(0.1)

    async def stop_async(self):
        await asyncio.sleep(0.1)

    @staticmethod
    def legacy():
        time.sleep(0.1)

    @classmethod
    async def legacy_async(cls):
        await asyncio.sleep(0.1)


class Handler(Base):
    """Derives from a class outside the tree, which may call its methods."""

    def handle(self):
        time.sleep(0.1)

    async def handle_async(self):
        await asyncio.sleep(0.1)
