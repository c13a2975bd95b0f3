import time
def h(p=1):
    class K:
        nonlocal p
        p = 0
    if not p:
        time.sleep(1)



async def main():
    h()
