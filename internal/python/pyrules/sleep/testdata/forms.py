# ASYNC251 across scopes and callee spellings; expected findings recorded
# with ruff 0.17.4 (../shared/bench/ruff-anchor).
import time
from time import sleep


def deco(x):
    return lambda f: f


@deco(time.sleep(0))
async def d1(a=time.sleep(0), *, b=sleep(0)) -> time.sleep(0):
    pass


async def outer():
    @deco(time.sleep(0))
    async def inner(a=time.sleep(0)):
        time.sleep(0)

    class K:
        x = time.sleep(0)

        async def m(self, y=time.sleep(0)):
            time.sleep(0)

    async def agen():
        time.sleep(0)
        yield 1

    g = (time.sleep(0) for _ in range(1))
    s = {time.sleep(0) for _ in range(1)}
    d = {time.sleep(0): 1 for _ in range(1)}
    l = [[time.sleep(0) for _ in range(1)] for _ in range(1)]
    l2 = [x for x in [time.sleep(0)]]
    l3 = [x for x in range(1) if time.sleep(0)]
    w = (y := time.sleep(0))
    match w:
        case None:
            time.sleep(0)
    try:
        pass
    except* ValueError:
        time.sleep(0)
    async with x as y:
        time.sleep(0)
    async for i in x:
        time.sleep(0)
    pass
    time.sleep(0)


async def global_shadow():
    global time
    time.sleep(0)


async def nonlocal_case():
    time = None
    def f():
        nonlocal time
        time.sleep(0)
    time.sleep(0)


async def typed(x: "time.sleep(0)" = None):
    time.sleep
    print(time.sleep)
    await asyncio.to_thread(time.sleep, 1)
    time.sleep.__call__(0)
    (time.sleep)(0)
    (time).sleep(0)
    time . sleep (0)
    time.\
sleep(0)
