import time


class Event:
    def __init__(self, x):
        time.sleep(0.1)
        self.x = x

    def __call__(self):
        time.sleep(0.1)
        return self.x

    def fire(self):
        return Event(self.x)
