import time


def backoff(attempt):
    time.sleep(2 ** attempt)


def recursive(n):
    if n:
        recursive(n - 1)
    time.sleep(1)


def ping_pong(n):
    pong(n)


def pong(n):
    if n:
        ping_pong(n - 1)


def quiet():
    return 1


def wait_sync():
    time.sleep(1)


async def wait_sync_async():
    pass
