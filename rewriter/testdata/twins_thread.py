"""fix --twins moves a blocking call that is not a sleep to a thread in the
twin, where it is a plain statement, assignment or return; anywhere else the call
site is listed as manual with the category."""
import subprocess
import time
import urllib.request

import httpx
import requests

client = httpx.Client()


def fetch(url):
    r = requests.get(url, timeout=5)
    return r.json()


def build():
    subprocess.run(["make"], check=True)  # a comment stays


def ask():
    name = input()
    return name


def mixed(url):
    time.sleep(1)
    resp = requests.post(url, data=b"x")
    return resp


def ping(url):
    urllib.request.urlopen(url)  # the response is dropped: moved to a thread


def ask_long():
    answer = input(
        "name? "
    )
    return answer


def outer(url):
    return fetch(url)


def head(url):
    return requests.head(url, timeout=5)  # the whole returned value


def run_quiet(cmd):
    return subprocess.run(cmd, capture_output=True)


def ask_now():
    return input()


def annotated(url):
    r: requests.Response = requests.get(url)
    return r


def head_long(url, fast):
    if fast:
        return requests.head(url)
    try:
        return requests.get(
            url,
            timeout=5,
        )
    finally:
        time.sleep(0)


def with_lambda(url):
    r = requests.get(url)
    check = lambda: requests.head(url)  # a lambda's body is no return: kept
    return r, check


# Traps: each call site below is listed as manual.
def load(path):
    with open(path) as f:
        return f.read()


def nested(url):
    return requests.get(url).json()


def listing(urls):
    return [requests.get(u) for u in urls]


def chained(url):
    a = b = requests.get(url)
    return a, b


def popen():
    p = subprocess.Popen(["ls"])  # kept: its wait() blocks too
    return p.wait()


def via_client(url):
    r = client.get(url)
    return r


def status_plus(url):
    return subprocess.call(["true"]) + 1


def pair(url):
    return requests.get(url), url


def in_parens(url):
    return (requests.get(url))


def spawn():
    return subprocess.Popen(["ls"])  # returned: the caller's wait() blocks too


def open_url(url):
    return urllib.request.urlopen(url)


def streamed(url):
    return requests.get(url, stream=True)


def open_file(path):
    return open(path)


def client_get(url):
    return client.get(url)


def relay(url):
    return (yield requests.get(url))


def total(cmds):
    n = 0
    for c in cmds:
        n += subprocess.call(c)
    return n


async def main():
    fetch("http://x")
    build()
    ask()
    mixed("u")
    ping("u")
    ask_long()
    outer("u")
    head("u")
    run_quiet(["ls"])
    ask_now()
    annotated("u")
    head_long("u", True)
    with_lambda("u")
    load("p")
    nested("u")
    listing(["u"])
    chained("u")
    popen()
    via_client("u")
    status_plus("u")
    pair("u")
    in_parens("u")
    spawn()
    open_url("u")
    streamed("u")
    open_file("p")
    client_get("u")
    for _ in relay("u"):
        pass
    total([["true"]])
