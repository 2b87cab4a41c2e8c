"""Writing exported files safely: owner-only, never half-written under the final name."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_private_file(path: Path, data: bytes) -> None:
    write_private_with(path, lambda handle: handle.write(data))


def write_private_with(path: Path, writer: Callable[[BinaryIO], object]) -> None:
    """Create ``path`` with mode 0600 through a temporary file in the same folder,
    fsync it, then rename it into place: a crash leaves the old file or none."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            writer(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
        os.chmod(path, 0o600)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
