import time


def helper6():
    time.sleep(2)


def helper5():
    helper6()


def helper4():
    helper5()


def helper3():
    helper4()


def helper2():
    helper3()


def leaf(p=None):
    if p:
        time.sleep(1)
    helper2()


def h(p=None):
    leaf(p)


def mid():
    h()


async def main():
    mid()  # flagged: sleep(2), found after leaf's guarded sleep(1); not sleep(1)
