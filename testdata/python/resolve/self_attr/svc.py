import time


class Client:
    def get(self):
        time.sleep(1)


class Other:
    def get(self):
        return 1


class Service:
    def __init__(self):
        self.client = Client()
        self.other = Other()

    async def run(self):
        self.client.get()  # flagged: Client.get sleeps
        self.other.get()  # trap: same method name, unrelated class


class Reassigned:
    def __init__(self):
        self.client = Client()

    def reset(self):
        self.client = Other()

    async def run(self):
        self.client.get()  # trap: the attribute is reassigned to another class


class LazyInit:
    def __init__(self):
        self.client = None

    def connect(self):
        self.client = Client()

    async def run(self):
        self.client.get()  # flagged: None and Client only
