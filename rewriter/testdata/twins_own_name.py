import time
import timeit


class Timer:
    def other(self, number=timeit.default_number):
        time.sleep(0.01)
        return number

    def timeit(self, number=timeit.default_number):
        time.sleep(0.01)
        return number


async def main():
    t = Timer()
    t.timeit()
    t.other()
