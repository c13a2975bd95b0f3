import asyncio

from . import cli, procs
from .chain import refresh
from .net import fetch_profile, fetch_profile_async, ping
from .store import load, load_path, present
from .timing import backoff


async def handler(uid):
    refresh(uid)  # AL101 through chain.refresh -> net.fetch_profile -> requests.get
    ping()  # AL101 (a sync httpx.Client)
    procs.build()  # AL102
    procs.reap(uid)  # AL102
    load("config.json")  # AL103
    load_path("config.json")  # AL103
    cli.ask("continue? ")  # AL104
    backoff(1)  # AL100
    present("config.json")  # not reported: path calls are not followed


async def traps(uid):
    loop = asyncio.get_running_loop()
    await asyncio.to_thread(fetch_profile, uid)  # handed to a thread
    await loop.run_in_executor(None, procs.build)  # handed to an executor
    await loop.run_in_executor(None, load, "config.json")
    await asyncio.to_thread(lambda: cli.ask("?"))  # in a lambda run in a thread
    await fetch_profile_async(uid)  # an async helper, awaited
    await asyncio.sleep(1)
