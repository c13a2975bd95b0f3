"""Build asynclint's platform wheel: the Go binary as the console script.

A wheel is a zip file (PEP 427) with a .dist-info directory holding METADATA,
WHEEL and RECORD (each file's sha256 and size). This module writes one with
the standard library only, so no build backend is downloaded:

    python3 internal/dist/wheel/asynclint_build.py --binary bin/asynclint --out dist

It is also the PEP 517 build backend of the repository's pyproject.toml
(``pip install .`` builds the binary with ``go build`` and this wheel), which
pre-commit's ``language: python`` hooks use.

The binary goes to ``asynclint-VERSION.data/scripts/asynclint``, so pip
installs it as the ``asynclint`` command itself (as ruff's wheels carry
ruff); the ``asynclint`` package finds it for ``python -m asynclint``. The
version is the one the binary reports. The wheel is reproducible: entries are
sorted, timestamps fixed (SOURCE_DATE_EPOCH when set, else 1980-01-01), modes
fixed, so the same binary gives the same bytes.
"""

import argparse
import base64
import hashlib
import os
import re
import struct
import subprocess
import sys
import tempfile
import time
import zipfile

NAME = "asynclint"
HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_DIR = os.path.join(HERE, "python", NAME)
SUMMARY = "Find and fix blocking calls in async Python and context-aware Go"
HOME = "https://github.com/asynclint/asynclint"


def binary_version(binary):
    """The version the binary prints: `asynclint 0.1.0` gives 0.1.0."""
    out = subprocess.run([binary, "--version"], check=True, capture_output=True, text=True).stdout
    m = re.fullmatch(r"asynclint (\S+)\s*", out)
    if not m:
        raise ValueError(f"{binary}: unexpected --version output {out!r}")
    return m.group(1)


def platform_tag(binary):
    """The wheel platform tag the binary runs on, read from its header.

    An ELF binary gets manylinux_2_N, N being the newest glibc symbol
    version it needs (2_17 when it needs none: a static binary); Mach-O and
    PE binaries get the macOS and Windows tags.
    """
    with open(binary, "rb") as f:
        data = f.read()
    if data[:4] == b"\x7fELF":
        endian = "<" if data[5] == 1 else ">"
        (machine,) = struct.unpack(endian + "H", data[18:20])
        arch = {62: "x86_64", 183: "aarch64", 3: "i686", 40: "armv7l", 21: "ppc64le", 22: "s390x"}.get(machine)
        if arch is None:
            raise ValueError(f"{binary}: unsupported ELF machine {machine}")
        minors = [int(m) for m in re.findall(rb"GLIBC_2\.(\d+)", data)]
        return f"manylinux_2_{max(minors, default=17)}_{arch}"
    if data[:4] in (b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf"):
        (cpu,) = struct.unpack("<I", data[4:8])
        return "macosx_11_0_arm64" if cpu == 0x0100000C else "macosx_10_12_x86_64"
    if data[:2] == b"MZ":
        return "win_amd64"
    raise ValueError(f"{binary}: not an ELF, Mach-O or PE executable")


def _record_hash(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode("ascii")


def _date_time():
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return (1980, 1, 1, 0, 0, 0)
    return time.gmtime(max(int(epoch), 315532800))[:6]


def _metadata(version):
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {NAME}\n"
        f"Version: {version}\n"
        f"Summary: {SUMMARY}\n"
        f"Home-page: {HOME}\n"
        f"Project-URL: Documentation, {HOME}#readme\n"
        "Requires-Python: >=3.8\n"
        "Classifier: Programming Language :: Python :: 3\n"
        "Classifier: Framework :: AsyncIO\n"
        "Classifier: Topic :: Software Development :: Quality Assurance\n"
        "Description-Content-Type: text/markdown\n"
        "\n"
        "asynclint finds blocking calls in async Python (`time.sleep` in `async def`, also behind\n"
        "sync helpers across modules) and in context-aware Go, rewrites them safely (`asynclint fix`)\n"
        "and tracks migration coverage (`asynclint report`). This wheel carries the `asynclint`\n"
        f"binary; see {HOME} for the documentation.\n"
    )


def build(binary, out_dir, version=None):
    """Write the wheel for binary into out_dir and return its path."""
    version = version or binary_version(binary)
    tag = f"py3-none-{platform_tag(binary)}"
    dist_info = f"{NAME}-{version}.dist-info"
    files = {}  # archive name -> (bytes, executable)
    for name in sorted(os.listdir(PACKAGE_DIR)):
        if name.endswith(".py"):
            with open(os.path.join(PACKAGE_DIR, name), "rb") as f:
                src = f.read()
            if name == "__init__.py":
                src += f'\n__version__ = "{version}"\n'.encode()
            files[f"{NAME}/{name}"] = (src, False)
    exe = "asynclint.exe" if tag.endswith(("win_amd64",)) else "asynclint"
    with open(binary, "rb") as f:
        files[f"{NAME}-{version}.data/scripts/{exe}"] = (f.read(), True)
    files[f"{dist_info}/METADATA"] = (_metadata(version).encode(), False)
    files[f"{dist_info}/WHEEL"] = (
        f"Wheel-Version: 1.0\nGenerator: asynclint_build\nRoot-Is-Purelib: false\nTag: {tag}\n".encode(),
        False,
    )
    record_name = f"{dist_info}/RECORD"
    names = sorted(files)
    record = "".join(f"{n},{_record_hash(files[n][0])},{len(files[n][0])}\n" for n in names)
    record += f"{record_name},,\n"
    files[record_name] = (record.encode(), False)
    names.append(record_name)  # RECORD last, as installers expect

    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"{NAME}-{version}-{tag}.whl")
    tmp = path + ".tmp"
    date_time = _date_time()
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for n in names:
            data, executable = files[n]
            info = zipfile.ZipInfo(n, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that the mode below is read
            info.external_attr = ((0o100755 if executable else 0o100644) & 0xFFFF) << 16
            zf.writestr(info, data, compresslevel=9)
    os.replace(tmp, path)
    return path


# PEP 517 backend: `pip install .` at the repository's root.

def _repo_root():
    return os.path.dirname(os.path.dirname(os.path.dirname(HERE)))


def get_requires_for_build_wheel(config_settings=None):
    """No build requirements: the wheel is written with the standard library."""
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    """Build the binary with `go build` and write the wheel; return its file name."""
    with tempfile.TemporaryDirectory() as tmp:
        binary = os.path.join(tmp, "asynclint.exe" if sys.platform == "win32" else "asynclint")
        subprocess.run(["go", "build", "-o", binary, "./cmd/asynclint"], cwd=_repo_root(), check=True)
        return os.path.basename(build(binary, wheel_directory))


def main(argv=None):
    p = argparse.ArgumentParser(description="Write asynclint's platform wheel from a built binary.")
    p.add_argument("--binary", required=True, help="the asynclint binary (make build writes bin/asynclint)")
    p.add_argument("--out", default="dist", help="directory to write the wheel to (default dist)")
    args = p.parse_args(argv)
    print(build(args.binary, args.out))


if __name__ == "__main__":
    main()
