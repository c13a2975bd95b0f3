# Names bound more than once: ruff resolves a name when its walk reaches
# the use and takes the binding found only when it shadows no other in its
# scope (only_binding), so a later rebinding does not count.
import sys
from pathlib import Path

p = Path("a")
p = Path("b")


async def later_rebinding(filename):
    path = Path(filename)
    path.stat()  # flagged: the first binding, the walk has not met the second
    for index, (path, mtime) in enumerate({}.items()):
        path.stat()  # not flagged: this binding shadows the first


async def rebinding_before(filename):
    path = None
    path = Path(filename)
    path.exists()  # not flagged: shadows `path = None`


async def in_a_loop(last):
    for module in list(sys.modules.values()):
        filename = getattr(module, "__file__", None)
        if filename is None:
            continue
        path = Path(filename)
        try:
            last[Path(filename)] = path.stat().st_mtime  # flagged
        except OSError:
            pass
    for path in last:
        path.stat()  # not flagged


async def parameter_then_rebound(path: Path):
    path.is_dir()  # flagged: the parameter is the first binding
    path = str(path)


async def bound_after_use(filename):
    for _ in range(2):
        path.exists()  # not flagged: local, not bound yet when the walk reaches it
        path = Path(filename)


async def module_name_bound_twice():
    p.exists()  # not flagged: the module's last `p` shadows the first
