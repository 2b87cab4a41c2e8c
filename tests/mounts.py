"""Small real file systems for tests of disk-full and read-only failures.

Mounting needs root (as in CI). Elsewhere the test is skipped with the reason said
out loud; under root it always runs.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _need_root(what: str) -> None:
    if os.geteuid() != 0:
        pytest.skip(f"{what} needs a real mount, which needs root (CI runs as root)")


@contextmanager
def tmpfs(folder: Path, size_kib: int, *, read_only: bool = False) -> Iterator[Path]:
    """A tmpfs of ``size_kib`` KiB mounted at ``folder`` for the block's duration."""
    _need_root("a disk-full or read-only file system")
    folder.mkdir(parents=True, exist_ok=True)
    options = f"size={size_kib}k,mode=0700" + (",ro" if read_only else "")
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def fill(folder: Path) -> None:
    """Use up every free byte of the file system at ``folder``."""
    with (folder / "ballast").open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
        except OSError:
            pass
    # A tmpfs may still accept a last partial block; take that too.
    with (folder / "ballast2").open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0")
        except OSError:
            pass
