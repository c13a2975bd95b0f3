import time


async def handler():
    def helper(n):
        time.sleep(n)
        return n

    return helper(1)


def recursive(n):
    if n:
        time.sleep(0.01)
        return recursive(n - 1)
    return 0


async def use_recursive():
    return recursive(3)
