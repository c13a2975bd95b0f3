from .c import wait


def step(delay):
    wait(delay)
    return delay
