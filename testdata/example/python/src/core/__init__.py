"""Core components: authentication, rate limiting, error handling, storage, tools."""
