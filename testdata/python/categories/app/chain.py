from .net import fetch_profile


def refresh(uid):
    profile = fetch_profile(uid)
    return profile.json()
