"""Ingestion service: prepares tools in batches."""

import asyncio

from ..core.tool_factory import ToolFactory, prepare_batch


async def ingest(names, scale=0.001):
    """Prepare a batch on the event loop: blocks through three sync calls."""
    batch = prepare_batch(names, scale)
    factory = ToolFactory(scale)
    return await factory.build_all(batch)


async def ingest_in_thread(names, scale=0.001):
    """Prepare a batch in a worker thread: does not block the loop."""
    return await asyncio.to_thread(prepare_batch, names, scale)


async def ingest_in_executor(names, scale=0.001):
    """Prepare a batch in the default executor: does not block the loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, prepare_batch, names, scale)
