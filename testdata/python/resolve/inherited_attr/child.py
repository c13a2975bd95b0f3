from base import Base


class Child(Base):
    async def handle(self):
        self.conn.query()  # flagged: assigned in Base.__init__


class Shadow(Base):
    def __init__(self):
        super().__init__()
        self.conn = object()

    async def handle(self):
        self.conn.query()  # trap: the subclass rebinds the attribute
