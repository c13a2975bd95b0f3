"""The service's entry points, rewired to the async twins."""

from . import store
from .store import flush, warm, warm_async


def cli_flush():
    flush()


async def handler():
    await warm_async()
    fn = getattr(store, "by_name")
    return fn


async def serve(cache):
    await store.outer_async()
    return await cache.get_async("k")
