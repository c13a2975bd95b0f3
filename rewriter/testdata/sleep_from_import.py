"""`from time import sleep` used only by the fixed call: the import goes."""

from time import sleep


async def pause():
    sleep(0.5)
