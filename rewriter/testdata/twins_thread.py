"""fix --twins moves a blocking call that is not a sleep to a thread in the
twin, where it is a plain statement or assignment; anywhere else the call
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


async def main():
    fetch("http://x")
    build()
    ask()
    mixed("u")
    ping("u")
    ask_long()
    outer("u")
    load("p")
    nested("u")
    listing(["u"])
    chained("u")
    popen()
    via_client("u")
