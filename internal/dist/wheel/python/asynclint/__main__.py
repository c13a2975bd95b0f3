"""python -m asynclint: run the asynclint binary with the same arguments."""

import os
import subprocess
import sys

from asynclint import find_asynclint_bin


def main() -> None:
    binary = find_asynclint_bin()
    if sys.platform == "win32":
        sys.exit(subprocess.call([binary, *sys.argv[1:]]))
    os.execv(binary, [binary, *sys.argv[1:]])


if __name__ == "__main__":
    main()
