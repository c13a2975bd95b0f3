import sys
import time

if sys.platform == "win32":
    def clock():
        return 0.0
else:
    def clock():
        time.sleep(0.01)
        return 1.0

if sys.platform != "emscripten":
    def tick():
        time.sleep(0.01)


async def main():
    tick()
    return clock()
