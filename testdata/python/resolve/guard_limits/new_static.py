import time


class Base:
    def __new__(cls, p=None, q=None):
        if q:
            time.sleep(1)
        return super().__new__(cls)


class C(Base):
    def __new__(cls):
        return super().__new__(cls, None, 5)


async def main():
    C.__new__(C)  # flagged: __new__ binds no first parameter, so q is 5
