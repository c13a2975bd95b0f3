import time
def h(p=''''''):
    if not p:
        time.sleep(1)



async def main():
    h()
