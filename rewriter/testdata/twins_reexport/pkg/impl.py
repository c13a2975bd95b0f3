import time


def connect():
    time.sleep(0.1)
    return 1
