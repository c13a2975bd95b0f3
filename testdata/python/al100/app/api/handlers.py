import asyncio
import functools

from ..core.db import Manager, Child
from ..core import retry as r
from app.core.chain import first
from app.core.retry import ping_pong, quiet, wait_sync


async def uses_instance():
    m = Manager()
    m.get_session()  # AL100
    m.get_session()  # noqa: AL100


async def uses_inherited():
    c = Child()
    c.reconnect()  # AL100


async def uses_module_alias():
    r.backoff(3)  # AL100
    r.recursive(2)  # AL100


async def uses_chain():
    first()  # AL100


async def not_followed(loop):
    await asyncio.to_thread(r.backoff, 1)
    await loop.run_in_executor(None, r.backoff, 1)
    await loop.run_in_executor(None, functools.partial(r.backoff, 1))
    ping_pong(3)
    quiet()
    unknown_helper()
    obj = make_thing()
    obj.connect()


async def awaited_callee():
    await wait_sync()


async def nested_import():
    from app.core.retry import backoff as b
    b(1)  # AL100


class Handler:
    def blocking(self):
        r.backoff(1)

    async def handle(self):
        self.blocking()  # AL100

    async def inner(self):
        def local():
            r.backoff(1)
        local()  # AL100
