import time


def wait(delay):
    time.sleep(delay)
