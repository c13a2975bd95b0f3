import time


async def spellings():
    (time.sleep)(0)
    (time).sleep(0)
    time . sleep (0)
    time.\
sleep(0)
    (  # a comment
        time.sleep
    )(0)
