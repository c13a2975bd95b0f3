import time


class Base:
    def __init_subclass__(cls, p=None):
        if p:
            time.sleep(1)


async def main():
    Base.__init_subclass__(5)  # flagged: __init_subclass__ binds cls, so p is 5
