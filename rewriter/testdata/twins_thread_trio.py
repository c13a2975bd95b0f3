"""In a trio module a blocking HTTP call is not moved to a thread: listed as manual."""
import requests
import trio


def fetch(u):
    r = requests.get(u)
    return r


def fetch_ret(u):
    return requests.get(u)


def stream(us):
    return sum(len(requests.get(u).text) for u in us)


async def main():
    fetch("u")
    fetch_ret("u")
    stream(["u"])
    await trio.sleep(0)
