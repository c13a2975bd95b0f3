from .models import Event
from .util import width


def outer(text):
    """A caller long enough that util.width's byte span lies inside its own."""
    n = 0
    for ch in text:
        n += 1
    return width(text) + n


async def handler():
    e = Event(1)
    e.fire()
    return outer("abc")
