import time


class Pool:
    def __init__(self):
        time.sleep(1)

    def warm(self):
        time.sleep(1)

    @classmethod
    def create(cls):
        return cls()

    @classmethod
    def warmed(cls):
        cls.warm(cls)

    @staticmethod
    def static(cls):
        cls.warm()


async def main():
    Pool.create()  # flagged: cls() runs __init__
    Pool.warmed()  # flagged: cls.warm
    Pool.static(object())  # trap: a staticmethod's first parameter is not the class
