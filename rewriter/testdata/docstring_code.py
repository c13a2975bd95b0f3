"""Only a docstring before the code, and no trailing newline."""
async def f():
    import time
    time.sleep(1)