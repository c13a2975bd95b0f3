import time


class Base:
    def connect(self):
        time.sleep(1)

    def close(self):
        return None


class Child(Base):
    async def open(self):
        super().connect()  # flagged

    def close(self):
        time.sleep(1)

    async def shut(self):
        super().close()  # trap: Base.close does not block (Child.close does)
