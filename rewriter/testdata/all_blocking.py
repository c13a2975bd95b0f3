"""fix --twins --all-blocking: twins for blocking functions no async code reaches."""

import socketserver
import time


def pause(seconds):
    time.sleep(seconds)


def bootstrap():
    """Sync start-up path: calls pause, gets a twin calling pause's."""
    pause(1)
    return True


class Worker:
    def __init__(self):
        time.sleep(1)

    def __enter__(self):
        time.sleep(1)
        return self

    def run(self):
        time.sleep(1)


def maybe():
    pass


if time:
    def twice():
        time.sleep(1)
else:
    def twice():
        time.sleep(2)


def quiet():
    """Does not block: no twin."""
    return 1


def load(path):
    """Blocks opening a file: no async form to await, refused."""
    with open(path) as f:
        return f.read()


class Handler(socketserver.BaseRequestHandler):
    """The framework calls handle, never a twin: refused."""

    def handle(self):
        time.sleep(1)
