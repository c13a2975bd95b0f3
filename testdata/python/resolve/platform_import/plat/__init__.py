import sys

# One of these runs: which module `_impl` names depends on the platform.
if sys.platform == "linux":
    from . import _linux as _impl
elif sys.platform == "win32":
    from . import _other as _impl
else:
    from . import _aix as _impl

# Imported twice, the same module: no choice.
from . import _aix as aix
from . import _aix as aix


def cpu_count():
    return _impl.cpu_count()  # trap: the last import is a guess, not followed


def aix_count():
    return aix.cpu_count()  # followed: every binding imports _aix


# A fallback whose first choice the tree does not have: no choice either.
try:
    from . import _vendored as fallback
except ImportError:
    from . import _aix as fallback


def fallback_count():
    return fallback.cpu_count()  # followed: only _aix is code of the tree


# Read as an attribute of the package from another module: the same choice.
try:
    from ._linux import cpu_count as any_count
except ImportError:
    from ._aix import cpu_count as any_count
