import time


def with_docstring(n):
    """Sleep n seconds."""
    time.sleep(n)


def without_docstring(n):
    time.sleep(n)
    return n


def one_line(n): time.sleep(n)


class C:
    def method(self):
        '''Single-quoted docstring.'''
        time.sleep(1)


async def main():
    with_docstring(1)
    without_docstring(1)
    one_line(1)
    c = C()
    c.method()
