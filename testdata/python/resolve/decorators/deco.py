import asyncio
import functools
import inspect
import time
from contextlib import contextmanager


def retry(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        for _ in range(3):
            try:
                return fn(*args, **kwargs)
            except OSError:
                time.sleep(1)

    return wrapper


def retry_times(n):
    def decorator(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            return fn(*args, **kwargs)

        return wrapper

    return decorator


def register(fn):
    return fn


def dispatching(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return fn(*args, **kwargs)
        return asyncio.to_thread(fn, *args, **kwargs)

    return wrapper


def coroutine_or_not(fn):
    if inspect.iscoroutinefunction(fn):
        return fn

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper


def replaced(fn):
    return 42


@contextmanager
def timed():
    yield
    time.sleep(1)
