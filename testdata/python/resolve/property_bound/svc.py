import time


class Out:
    def erase(self):
        pass


class Session:
    @property
    def output(self) -> Out:
        time.sleep(1)
        return Out()


def get_session() -> Session:
    return Session()


def clear():
    output = get_session().output  # the getter runs here, once
    output.erase()  # and not again here
    output.erase()


def keep():
    return get_session().output  # a read of a call's result runs the getter too


class Holder:
    def __init__(self):
        self.out = get_session().output  # the getter runs in __init__

    def use(self):
        self.out.erase()  # trap: reading the attribute runs no getter


async def main(h: Holder):
    clear()  # flagged: clear() runs the getter (line 21)
    keep()  # flagged
    Holder()  # flagged: through __init__
    h.use()  # trap
