"""A package whose public names --prune-public removes."""

from .core import reexported, reexported_async

__all__ = [
    "exported",
    "exported_async",
    "reexported",
    "reexported_async",
]

from .core import exported, exported_async
