"""Sync functions not reached from async code are left alone."""

import time


def sync_only():
    time.sleep(1)


def main():
    sync_only()


async def uses_thread():
    import asyncio

    await asyncio.to_thread(sync_only)
