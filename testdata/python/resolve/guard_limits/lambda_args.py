import time


def helper(cb, p=None, q=None):
    if q:
        time.sleep(1)


async def main():
    helper(lambda a, b: a, None, True)  # flagged: the lambda's comma does not shift q
