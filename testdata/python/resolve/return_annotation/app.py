from factory import Registry, get_manager, get_untyped


async def main(reg: Registry):
    get_manager().start()  # flagged
    m = get_manager()
    m.start()  # flagged
    m.stop()  # trap: does not block
    reg.manager().start()  # flagged
    get_untyped().start()  # trap: no return annotation
