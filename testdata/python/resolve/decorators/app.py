import functools
import time

import thirdparty
from deco import coroutine_or_not, dispatching, register, replaced, retry, retry_times, timed


@retry
def fetch():
    return 1


@retry_times(3)
def load():
    time.sleep(1)


@register
def registered():
    time.sleep(1)


@dispatching
def smart():
    time.sleep(1)


@coroutine_or_not
def maybe():
    time.sleep(1)


@replaced
def gone():
    time.sleep(1)


@thirdparty.task
def remote():
    time.sleep(1)


@thirdparty.traced
def traced():
    time.sleep(1)


@functools.lru_cache(maxsize=None)
def cached():
    time.sleep(1)


@timed()
def measured():
    return 1


async def main():
    fetch()  # flagged: the wrapper sleeps between retries
    load()  # flagged: the wrapper calls load inline
    registered()  # flagged: the decorator returns the function
    smart()  # trap: dispatches on the running loop
    maybe()  # trap: looks at coroutine functions
    gone()  # trap: the decorator returns something else
    remote()  # trap: unknown third-party decorator
    traced()  # flagged only with follow-decorators = ["thirdparty.traced"]
    cached()  # flagged: functools
    measured()  # flagged: a @contextmanager used as a decorator
