# Names bound more than once (see ASYNC240_rebound.py): ruff takes the
# binding its walk has reached when it shadows no other in its scope.
import httpx

client = httpx.Client()
client = httpx.Client()


async def later_rebinding():
    c = httpx.Client()
    c.get("https://example.com")  # flagged: the first binding
    c = None


async def rebinding_before():
    c = None
    c = httpx.Client()
    c.post("https://example.com")  # not flagged: shadows `c = None`


async def parameter_then_rebound(c: httpx.Client):
    c.head("https://example.com")  # flagged: the parameter is the first binding
    c = None


async def bound_after_use():
    for _ in range(2):
        c.get("https://example.com")  # not flagged: not bound yet when the walk reaches it
        c = httpx.Client()


async def module_name_bound_twice():
    client.get("https://example.com")  # not flagged: the module's last binding shadows the first
