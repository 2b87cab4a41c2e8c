"""Writing exported files safely: owner-only, never half-written under the final name.

The temporary ``*.part`` file has to live in the destination folder (a rename is atomic
only within one file system). While it exists, a marker in the app's private state folder
names it, so a ``*.part`` left by an export that was killed is removed at the next start
(:mod:`sessionlog.pending`, shared with backups).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from sessionlog.core.errors import OutputError, describe_os_error
from sessionlog.export.wording import t
from sessionlog.pending import mark_pending, unmark
from sessionlog.pending import remove_orphaned_parts as remove_orphaned_parts  # cli start
from sessionlog.system import make_open_file_owner_only


def write_private_file(path: Path, data: bytes) -> None:
    write_private_with(path, lambda handle: handle.write(data))


def write_private_with(path: Path, writer: Callable[[BinaryIO], object]) -> None:
    """Create ``path`` with mode 0600 through a temporary file in the same folder,
    fsync it, then rename it into place: a crash leaves the old file or none (and a
    ``*.part`` that the next start removes)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # here: every command start removes orphans, few write files

        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise OutputError(
            t("Could not write {path}: {reason}", path=path, reason=describe_os_error(exc))
        ) from exc
    marker = mark_pending(Path(temp_name))
    try:
        make_open_file_owner_only(fd)
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
                t(
                    "Could not write {path}: {reason}; nothing was left under that name",
                    path=path,
                    reason=describe_os_error(exc),
                )
            ) from exc
        raise
    finally:
        unmark(marker)
