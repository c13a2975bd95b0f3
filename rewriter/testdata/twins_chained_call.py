import time


class Conn:
    def get(self, key):
        time.sleep(0.1)
        return self

    def value(self):
        return 1


async def handler(c: Conn):
    c = Conn()
    v = c.get("a").value()
    c.get("b").get("c")
    return v
