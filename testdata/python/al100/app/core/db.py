from .retry import backoff


class Manager:
    def __init__(self):
        self.ready = True

    def connect(self):
        self._retry()

    def _retry(self):
        backoff(1)

    def get_session(self):
        self.connect()


class Child(Manager):
    def reconnect(self):
        self.connect()
