import time


class Engine:
    def run(self):
        time.sleep(1)


class Box:
    @property
    def engine(self) -> Engine:
        return Engine()

    @property
    def slow(self):
        time.sleep(1)
        return 1

    @property
    def fast(self):
        return 1

    @fast.setter
    def fast(self, v):
        time.sleep(1)

    async def go(self):
        self.engine.run()  # flagged: through the property's annotation
        x = self.slow  # flagged: the getter sleeps
        y = self.fast  # trap: the getter does not sleep (the setter does)
        return x, y
