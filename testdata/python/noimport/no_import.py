async def no_import_of_time():
    time.sleep(1)


async def bare_sleep_no_import():
    sleep(1)
