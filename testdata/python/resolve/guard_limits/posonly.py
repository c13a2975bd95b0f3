import time


def helper(p=True, /, **kw):
    if p:
        time.sleep(1)


async def main():
    helper(p=None)  # flagged: p is positional-only, the keyword goes to **kw
