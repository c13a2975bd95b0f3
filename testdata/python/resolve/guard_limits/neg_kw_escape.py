import time
def fix(d):
    d.pop('p', None)

class B:
    def __init__(self, p=None):
        if p is None:
            time.sleep(1)

class C(B):
    def __init__(self, **kwargs):
        fix(kwargs)
        super().__init__(**kwargs)



async def main():
    C(p=1)
