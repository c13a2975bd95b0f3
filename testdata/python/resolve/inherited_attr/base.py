import time


class Conn:
    def query(self):
        time.sleep(1)


class Base:
    def __init__(self):
        self.conn = Conn()
