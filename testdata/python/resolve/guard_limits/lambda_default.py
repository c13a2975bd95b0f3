import time


def leaf(q=None):
    if q:
        time.sleep(1)


def h(cb=lambda a, b: a, p=None):
    leaf(p)


async def main():
    h(None, 1)  # flagged: p is 1 (the default's comma is not a parameter)
