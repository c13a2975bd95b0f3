import os.path
from pathlib import Path


def load(name):
    with open(name) as f:
        return f.read()


def load_path(name):
    return Path(name).open().read()


def present(name):
    # os.path calls are cheap system calls: not followed through helpers.
    return os.path.exists(name)
