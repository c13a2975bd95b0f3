import time


def wait_db():
    time.sleep(1)


def wait_cache():
    time.sleep(2)


def warm_up():
    wait_db()
    wait_cache()
    wait_db()


def quiet():
    wait_db()
    wait_cache()  # asynclint: ignore[AL100] the cache is local, the wait is short


async def main():
    warm_up()  # one finding per distinct blocking call: the two sleeps
    quiet()  # only the chain to wait_db: the other is cut
