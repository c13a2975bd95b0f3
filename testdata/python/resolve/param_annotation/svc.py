import time
from typing import Optional


class Client:
    def get(self):
        time.sleep(1)


class Other:
    def get(self):
        return 1


async def handle(client: Client, maybe: Optional[Client], other: Other, anything):
    client.get()  # flagged
    maybe.get()  # flagged
    other.get()  # trap: same name, unrelated class
    anything.get()  # trap: no annotation


async def local():
    c: Client = make_any()
    c.get()  # flagged: the annotation decides
    d = Client()
    d = Other()
    d.get()  # trap: rebound to another class


def make_any():
    return None
