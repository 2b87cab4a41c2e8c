"""Writing exported files safely: owner-only, never half-written under the final name."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from sessionlog.core.errors import OutputError, describe_os_error


def write_private_file(path: Path, data: bytes) -> None:
    write_private_with(path, lambda handle: handle.write(data))


def write_private_with(path: Path, writer: Callable[[BinaryIO], object]) -> None:
    """Create ``path`` with mode 0600 through a temporary file in the same folder,
    fsync it, then rename it into place: a crash leaves the old file or none."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"Could not write {path}: {describe_os_error(exc)}") from exc
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            writer(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
        os.chmod(path, 0o600)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(exc, OSError):
            raise OutputError(
                f"Could not write {path}: {describe_os_error(exc)}; nothing was left under "
                "that name"
            ) from exc
        raise
