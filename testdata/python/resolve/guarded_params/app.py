from lib import (
    Monitor,
    Parser,
    Sub,
    Store,
    SubExtra,
    Worker,
    cpu_percent,
    either,
    injected,
    load,
    rebinds,
    rebound,
    report,
    required,
    save,
    settings,
    two_ways,
    wait_ready,
    write_through,
    writing,
)


async def main(path, opts):
    cpu_percent()  # trap: interval left at None
    cpu_percent(None)  # trap: None by position
    cpu_percent(interval=None)  # trap: None by keyword
    cpu_percent(0.5)  # flagged
    cpu_percent(interval=opts.interval)  # flagged: a value not known
    cpu_percent(**opts)  # flagged: unpacked
    load()  # trap: no path, no retries
    load(path)  # flagged: the file only
    load(retries=3)  # flagged: the sleep only
    load("", retries=False)  # trap: false literals
    rebound()  # flagged: debug is rebound in the body
    either()  # flagged: not a conjunction
    required(False)  # trap
    required(opts)  # flagged
    injected()  # flagged: its decorator passes arguments of its own
    two_ways()  # flagged: the second open runs whatever is passed
    Worker()  # trap: no scheduler_file, and Monitor never sleeps
    Worker(scheduler_file=path)  # flagged: the file only
    Worker(path)  # flagged: path is scheduler_file, by position
    Worker(None)  # trap: None by position
    Monitor()  # trap: two hops down, cpu_percent() leaves interval at None


async def more(path):
    wait_ready()  # trap: range(0) is empty
    wait_ready(5)  # flagged
    with writing(path, text=False):  # flagged: the binary open, not the text one
        pass


async def forwarded(path):
    Sub("w")  # trap: Sub forwards its arguments, which leave scheduler_file at None
    Sub("w", path)  # flagged: the second positional argument is scheduler_file
    Sub("w", scheduler_file=path)  # flagged
    SubExtra("w", extra=1)  # trap
    SubExtra("w", None)  # trap: None by position, through *args
    write_through(path, text=False)  # flagged: the binary open, not the text one


async def passed_on():
    Parser()  # trap: yacc_debug, left at False, is what Parser passes on as debug
    Parser(yacc_debug=True)  # flagged
    Parser(True)  # flagged
    rebinds()  # flagged: rebinds debug, so what it passes on is not known


async def negated(cfg, model):
    settings({"a": 1})  # trap: a dict is never None
    settings(config=[])  # trap
    settings(f"{cfg}")  # trap: an f-string is a str
    settings()  # flagged: config left at None
    settings(cfg)  # flagged: a value not known
    report(model, {})  # trap: validation_error is given
    report(model, None)  # flagged
    err = {}
    report(model, err)  # flagged: what a local holds is not read
    save(b"x")  # trap: text left at True
    save(b"x", "yes")  # trap: a non-empty string is true
    save(b"x", text=False)  # flagged
    save(b"x", text=0.5)  # trap


async def changed_kwargs(path):
    store = Store()
    store.write(path)  # trap: text left at True; write sets other keys of its **kwargs
    store.write(path, text=False)  # flagged
    store.write_popped(path)  # flagged: pop changes **kwargs otherwise
    store.write_set(path)  # flagged: write_set sets text
