import time


def leaf(q=None):
    if q:
        time.sleep(1)


def h(p=None):
    return [leaf(p) for p in range(1, 3)]


async def main():
    h()  # flagged: the comprehension's p is not h's
