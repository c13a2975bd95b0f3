import time


def helper(p=None):
    def inner():
        nonlocal p
        p = 1

    inner()
    if p:
        time.sleep(1)


async def main():
    helper()  # flagged: inner rebinds p
