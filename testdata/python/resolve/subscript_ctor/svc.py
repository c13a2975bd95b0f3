import time
from typing import Generic, TypeVar

P = TypeVar("P")
R = TypeVar("R")


class Engine(Generic[P, R]):
    def __init__(self, n):
        time.sleep(n)

    def run(self):
        time.sleep(1)


def fast():
    return 1


handlers = {"a": fast}


async def main():
    Engine[int, str](1)  # flagged: __init__
    Engine[int, str](1).run()  # flagged twice: __init__ and run
    handlers["a"]()  # trap: a dict subscript
