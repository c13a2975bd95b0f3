from app.managers import Neo4jManager, FakeManager

Manager = FakeManager


async def start():
    m = Neo4jManager()  # flagged: __init__ sleeps
    m.connect()  # flagged
    Manager().connect()  # trap: alias of a class that does not block
