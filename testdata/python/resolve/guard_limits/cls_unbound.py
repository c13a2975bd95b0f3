import time


class C:
    def m(self, p=None, q=None):
        if q:
            time.sleep(1)

    @classmethod
    def run(cls, inst):
        cls.m(inst, None, 5)


async def main():
    C.run(C())  # flagged: cls.m(inst, None, 5) binds no self, so q is 5
