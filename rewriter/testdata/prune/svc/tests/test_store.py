from svc import store


def test_tested():
    store.tested()
