"""Run N concurrent operations of the example core under asyncio.gather.

Usage: python3 demo_driver.py [N] [--seconds-only]

Prints the wall time. Before `asynclint fix --twins`, blocking sleeps in the
core serialise the operations; after it, they overlap on the event loop.
"""

import asyncio
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from src.core.api_auth_manager import APIAuthManager  # noqa: E402
from src.core.api_rate_limiter import APIRateLimiter  # noqa: E402
from src.core.async_api_client import AsyncAPIClient  # noqa: E402
from src.core.error_handler import ErrorHandler  # noqa: E402
from src.core.neo4j_manager import Neo4jManager  # noqa: E402
from src.core.tool_factory import ToolFactory  # noqa: E402
from src.services.auth_service import AuthService  # noqa: E402
from src.services.ingest_service import ingest  # noqa: E402
from src.services.query_service import count_nodes, count_nodes_with_retry  # noqa: E402


async def one_operation(i):
    """One request's worth of work across the core components."""
    results = [
        await count_nodes(),
        await count_nodes_with_retry(),
        await AuthService().authenticate(),
        await APIAuthManager().login(attempt=1),
        await APIAuthManager().revoke(),
        await ingest(["a%d" % i, "b%d" % i, "c%d" % i]),
        await ErrorHandler().recover(1),
        await APIRateLimiter().acquire(),
        await Neo4jManager().health_check(),
        await ToolFactory().warm_cache(),
        await AsyncAPIClient().request("/items/%d" % i),
    ]
    return len(results)


async def run(n):
    """Run n operations concurrently and return their results."""
    return await asyncio.gather(*(one_operation(i) for i in range(n)))


def main(argv):
    """Parse arguments, run the operations, print the wall time."""
    args = [a for a in argv if not a.startswith("--")]
    n = int(args[0]) if args else 50
    start = time.perf_counter()
    done = asyncio.run(run(n))
    elapsed = time.perf_counter() - start
    if len(done) != n:
        print("error: %d of %d operations completed" % (len(done), n), file=sys.stderr)
        return 1
    if "--seconds-only" in argv:
        print("%.3f" % elapsed)
    else:
        print("%d concurrent operations: wall time %.3f s" % (n, elapsed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
