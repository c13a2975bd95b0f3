import time


class Lock:
    def __enter__(self):
        time.sleep(1)
        return self

    def __exit__(self, *exc):
        return None

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return None


class Quiet:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


class Holder:
    def __init__(self):
        self.lock = Lock()

    async def run(self):
        with Lock():  # flagged: __enter__ sleeps
            pass
        with self.lock:  # flagged
            pass
        async with Lock():  # trap: async with runs __aenter__
            pass
        with Quiet():  # trap: nothing blocks
            pass


class Session:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def get(self):
        time.sleep(1)


class Wrapped:
    def __enter__(self):
        return Quiet()

    def __exit__(self, *exc):
        return None

    def get(self):
        time.sleep(1)


async def use():
    with Session() as s:
        s.get()  # flagged: __enter__ returns self
    with Wrapped() as w:
        w.get()  # trap: __enter__ returns something else
