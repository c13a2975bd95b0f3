"""A docstring, then a __future__ import."""
from __future__ import annotations


async def f(n: int) -> None:
    from time import sleep
    sleep(n)
