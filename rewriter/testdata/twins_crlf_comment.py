import time


def helper():
    time.sleep(0.1)
    return 1  # trailing comment


async def main():
    return helper()  # call
