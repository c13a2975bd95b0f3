import time


def helper(p=None, v=1):
    match v:
        case p:
            pass
    if p:
        time.sleep(1)


async def main():
    helper()  # flagged: the case captures p
