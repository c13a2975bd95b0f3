"""Authentication service."""

from src.core.api_auth_manager import APIAuthManager
from src.core.api_rate_limiter import APIRateLimiter


class AuthService:
    """Logs users in, respecting the API's rate limit."""

    def __init__(self, scale=0.001):
        self.scale = scale

    async def authenticate(self):
        """Take a slot from the limiter, then get a token."""
        limiter = APIRateLimiter(scale=self.scale)
        limiter.throttle()
        manager = APIAuthManager(scale=self.scale)
        return await manager.get_token()

    async def login_once(self):
        """A login without throttling."""
        manager = APIAuthManager(scale=self.scale)
        return await manager.login()
