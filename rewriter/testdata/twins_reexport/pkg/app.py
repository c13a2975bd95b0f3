import pkg
from pkg import connect
from pkg.impl import connect as direct


async def handler():
    a = connect()
    b = pkg.connect()
    c = direct()
    return a, b, c
