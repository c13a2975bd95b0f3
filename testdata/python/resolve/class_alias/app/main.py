from app.managers import Neo4jManager, FakeManager

Manager = FakeManager


async def start():
    m = Neo4jManager()  # flagged: __init__ sleeps
    m.connect()  # flagged
    Manager().connect()  # trap: alias of a class that does not block


async def annotated(m: Manager, n: "Neo4jManager"):
    m.connect()  # trap: the alias names a class that does not block
    n.connect()  # flagged: the annotation names an alias of a blocking class
