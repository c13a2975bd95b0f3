import contextlib
import functools
import time


def cpu_percent(interval=None, percpu=False):
    blocking = interval is not None and interval > 0.0
    if blocking:
        time.sleep(interval)
    return 0.0


def load(path=None, *, retries=0):
    if path:
        with open(path) as f:
            return f.read()
    if retries:
        time.sleep(1)
    return ""


def rebound(debug=False):
    if debug:
        time.sleep(1)
    debug = True
    return debug


def either(a=None, b=None):
    if a or b:
        time.sleep(1)


def required(flag):
    if flag:
        time.sleep(1)


def traced(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(True, *args, **kwargs)

    return wrapper


@traced
def injected(debug=False):
    if debug:
        time.sleep(1)


def two_ways(path=None):
    if path:
        open(path)
    open("/etc/hosts")


class Monitor:
    def __init__(self):
        self.update()

    def update(self):
        cpu_percent()


class Worker:
    def __init__(self, scheduler_file=None, name=""):
        if scheduler_file:
            load(scheduler_file)
        self.monitor = Monitor()


def wait_ready(timeout=0):
    for _ in range(timeout):
        time.sleep(1)


@contextlib.contextmanager
def writing(path, text=True):
    if text:
        f = open(path, "w")
    else:
        f = open(path, "wb")
    yield f


class Base:
    def __init__(self, name, scheduler_file=None, **kwargs):
        if scheduler_file:
            load(scheduler_file)


class Sub(Base):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)


class SubExtra(Base):
    def __init__(self, name, *args, extra=None, **kwargs):
        super().__init__(name, *args, **kwargs)


def write_through(path, *args, **kwargs):
    with writing(path, *args, **kwargs) as f:
        return f


def parse(text, debug=False):
    if debug:
        open("parser.out", "w")
    return text


class Parser:
    def __init__(self, yacc_debug=False):
        self.tables = parse("grammar", debug=yacc_debug)


def rebinds(debug=False, verbose=False):
    if verbose:
        debug = True
    return parse("text", debug)


def settings(config=None):
    if config is None:
        config = {}
        time.sleep(1)
    return config


def report(model, validation_error=None):
    if validation_error is not None:
        return model
    else:
        open("schema.json")
    return model


def save(data, text=True):
    if text:
        return data.encode()
    else:
        time.sleep(1)


def write_to(path, text=True, log=None, encoding=None):
    if text:
        return path
    else:
        open(path, "wb")


class Store:
    def write(self, path, *args, **kwargs):
        kwargs["log"] = None
        kwargs.setdefault("encoding", "utf-8")
        return write_to(path, *args, **kwargs)

    def write_popped(self, path, *args, **kwargs):
        kwargs.pop("log", None)
        return write_to(path, *args, **kwargs)

    def write_set(self, path, *args, **kwargs):
        kwargs["text"] = self.mode()
        return write_to(path, *args, **kwargs)

    def mode(self):
        return True
