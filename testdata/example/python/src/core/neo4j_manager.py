"""A graph-database manager over a fake in-memory driver (no real database)."""

import asyncio
import time


class FakeSession:
    """An in-memory session that answers queries from a dict."""

    def __init__(self, store):
        self.store = store

    def run(self, query):
        """Return the stored answer for query, or an empty list."""
        return self.store.get(query, [])

    def close(self):
        """Close the session (nothing to release)."""
        return None


class FakeDriver:
    """A driver whose first `fail_first` session requests fail."""

    def __init__(self, fail_first=0):
        self.fail_first = fail_first
        self.store = {"MATCH (n) RETURN count(n)": [42]}

    def session(self):
        """Open a session, failing while failures remain."""
        if self.fail_first > 0:
            self.fail_first -= 1
            raise ConnectionError("database unavailable")
        return FakeSession(self.store)


class Neo4jManager:
    """Manages sessions with connection retries."""

    def __init__(self, driver=None, max_retries=3, scale=0.001):
        self.driver = driver or FakeDriver()
        self.max_retries = max_retries
        self.scale = scale

    def connect_with_retry(self):
        """Open a session, retrying with capped backoff (blocking)."""
        for attempt in range(self.max_retries):
            try:
                return self.driver.session()
            except ConnectionError:
                delay = min(2 ** attempt, 30.0)
                time.sleep(delay * self.scale)
        return None

    async def connect_with_retry_async(self):
        """Open a session, retrying with capped backoff."""
        for attempt in range(self.max_retries):
            try:
                return self.driver.session()
            except ConnectionError:
                delay = min(2 ** attempt, 30.0)
                await asyncio.sleep(delay * self.scale)
        return None

    def _wait_for_pool(self):
        """Give the connection pool time to hand out a connection."""
        time.sleep(3 * self.scale)

    def get_session(self):
        """Open a session once the pool is ready (blocking)."""
        self._wait_for_pool()
        return self.driver.session()

    def _warm_up(self):
        """Blocking warm-up, meant to run in a worker thread."""
        time.sleep(self.scale)
        return True

    async def warm_up(self):
        """Warm up in a thread: does not block the event loop."""
        return await asyncio.to_thread(self._warm_up)

    async def open(self):
        """Open a session: calls the blocking form though a twin exists."""
        return self.connect_with_retry()

    async def execute_query(self, query):
        """Run a query on a fresh session."""
        session = self.get_session()
        try:
            return session.run(query)
        finally:
            session.close()

    async def health_check(self):
        """Check the database answers, pausing between probes."""
        import time

        time.sleep(self.scale)
        return bool(self.driver.session().run("MATCH (n) RETURN count(n)"))
