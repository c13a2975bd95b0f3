import functools
import time


@functools.lru_cache(maxsize=None)
def cached_lookup(key):
    time.sleep(1)
    return key


class Settings:
    @property
    def slow(self):
        time.sleep(1)
        return 1

    async def read(self):
        return self.slow


def retried(fn):
    return fn


@retried
def flaky():
    time.sleep(1)


async def main():
    cached_lookup("a")
    flaky()
    return Settings()
