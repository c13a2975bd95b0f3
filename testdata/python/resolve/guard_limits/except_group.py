import time


def work():
    pass


def helper(p=None):
    try:
        work()
    except* ValueError as p:
        if p:
            time.sleep(1)


async def main():
    helper()  # flagged: except* rebinds p
