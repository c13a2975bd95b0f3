import time
from typing import Annotated
def Field(**k): return k
def h(p: Annotated[list, Field(default_factory=lambda: [])] = None):
    if p is None:
        time.sleep(1)



async def main():
    h()
