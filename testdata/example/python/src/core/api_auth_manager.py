"""Authentication manager: hands out tokens, retrying failed logins."""

import asyncio
import time

from .error_handler import backoff_pause


class AuthError(Exception):
    """Raised when authentication fails."""


class APIAuthManager:
    """Hands out API tokens, retrying failed authentications."""

    def __init__(self, max_retries=3, fail_first=0, scale=0.001):
        self.max_retries = max_retries
        self.fail_first = fail_first
        self.scale = scale
        self.token = None

    def _authenticate(self):
        if self.fail_first > 0:
            self.fail_first -= 1
            raise AuthError("transient failure")
        self.token = "token-%d" % id(self)
        return self.token

    async def _authenticate_async(self):
        return self._authenticate()

    def _retry_authentication(self):
        """Authenticate, retrying after a fixed pause (blocking)."""
        for attempt in range(self.max_retries):
            try:
                return self._authenticate()
            except AuthError:
                time.sleep(1 * self.scale)
        raise AuthError("gave up after %d attempts" % self.max_retries)

    async def _retry_authentication_async(self):
        """Authenticate, retrying after a fixed pause."""
        for attempt in range(self.max_retries):
            try:
                return await self._authenticate_async()
            except AuthError:
                await asyncio.sleep(1 * self.scale)
        raise AuthError("gave up after %d attempts" % self.max_retries)

    def refresh_token(self):
        """Refresh the token after the server-mandated pause (blocking)."""
        time.sleep(2 * self.scale)
        self.token = None
        return self._authenticate()

    async def get_token(self):
        """Return a fresh token: reaches the blocking refresh via self."""
        if self.token is None:
            return self.refresh_token()
        return self.token

    async def login(self, attempt=0):
        """Log in, backing off first after a failure."""
        if attempt:
            backoff_pause(attempt, self.scale)
        return await self._retry_authentication_async()

    async def revoke(self):
        """Revoke the token after a grace period: sleeps with a blocking call."""
        time.sleep(self.scale)
        self.token = None
