import httpx
import requests


def fetch_profile(uid):
    return requests.get(f"https://api.example.com/users/{uid}")


def ping():
    client = httpx.Client()
    client.get("https://api.example.com/health")


async def fetch_profile_async(uid):
    # An async helper: its own body is ASYNC210; callers await it.
    return requests.get(f"https://api.example.com/users/{uid}")
