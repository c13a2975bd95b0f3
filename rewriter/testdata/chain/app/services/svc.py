import asyncio

from ..core.a import run
from app.core import c


async def serve():
    run(0.01)
    c.wait(0.01)
    await asyncio.sleep(0)
