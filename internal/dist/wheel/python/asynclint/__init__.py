"""asynclint: find and fix blocking calls in async Python and context-aware Go.

The wheel carries the asynclint binary as its console script; this package
only finds it, for ``python -m asynclint``.
"""

import os
import sys
import sysconfig

__all__ = ["find_asynclint_bin"]


def find_asynclint_bin() -> str:
    """Return the path of the asynclint binary installed with this package."""
    exe = "asynclint" + (".exe" if sys.platform == "win32" else "")
    candidates = [sysconfig.get_path("scripts")]
    user_scheme = sysconfig.get_preferred_scheme("user") if hasattr(sysconfig, "get_preferred_scheme") else None
    if user_scheme:
        candidates.append(sysconfig.get_path("scripts", scheme=user_scheme))
    # pip install --target DIR puts the scripts in DIR/bin, beside the package.
    candidates.append(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bin"))
    for directory in candidates:
        path = os.path.join(directory, exe)
        if os.path.isfile(path):
            return path
    raise FileNotFoundError("the asynclint binary is not installed beside the asynclint package (looked in: " + ", ".join(candidates) + ")")
