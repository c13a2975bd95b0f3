import time


def leaf(p=None):
    if p:
        time.sleep(1)
    time.sleep(3)


def mid():
    leaf(True)


def h():
    leaf(None)
    mid()


async def main():
    h()  # flagged twice: sleep(3), and sleep(1) through mid()
