import time


def helper():
    """Blocks."""
    time.sleep(1)


async def main():
    time.sleep(1)
    helper()
