import time


class Neo4jDockerManager:
    def __init__(self):
        time.sleep(1)

    def connect(self):
        time.sleep(1)


class FakeManager:
    def connect(self):
        return None


Neo4jManager = Neo4jDockerManager
