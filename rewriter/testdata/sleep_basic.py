"""Plain `import time`: the import stays because a sync function still uses it."""

import time


def stamp():
    return time.time()


async def poll(interval):
    # keep this comment
    time.sleep(interval)  # trailing comment kept
    return 'single quotes kept'


async def poll_twice(interval):
    time.sleep(interval); time.sleep(interval)
