import time


class Runner:
    def __call__(self):
        time.sleep(1)


class Plain:
    def run(self):
        time.sleep(1)


runner = Runner()


async def main():
    runner()  # flagged: __call__ sleeps
    Runner()()  # flagged
    p = Plain()
    p()  # trap: no __call__
