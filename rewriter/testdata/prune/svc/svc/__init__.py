"""The service package: its public names."""

from .store import reexported, reexported_async
