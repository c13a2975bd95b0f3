import time
def h(p=None):
    if not p:
        time.sleep(1)



async def main():
    h("""""")
    h(b'''''')
