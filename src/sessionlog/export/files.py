"""Writing exported files safely: owner-only, never half-written under the final name.

The temporary ``*.part`` file has to live in the destination folder (a rename is atomic
only within one file system). While it exists, a marker in the app's private state folder
names it, so a ``*.part`` left by an export that was killed is removed at the next start
(:func:`remove_orphaned_parts`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from sessionlog.core.errors import OutputError, describe_os_error
from sessionlog.export.wording import t
from sessionlog.paths import pending_exports_dir
from sessionlog.system import make_open_file_owner_only, process_alive


def write_private_file(path: Path, data: bytes) -> None:
    write_private_with(path, lambda handle: handle.write(data))


def write_private_with(path: Path, writer: Callable[[BinaryIO], object]) -> None:
    """Create ``path`` with mode 0600 through a temporary file in the same folder,
    fsync it, then rename it into place: a crash leaves the old file or none (and a
    ``*.part`` that the next start removes)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise OutputError(
            t("Could not write {path}: {reason}", path=path, reason=describe_os_error(exc))
        ) from exc
    marker = _mark_pending(Path(temp_name))
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
        if marker is not None:
            with contextlib.suppress(FileNotFoundError):
                marker.unlink()


def _mark_pending(part: Path) -> Path | None:
    """Record the ``*.part`` being written (with this process's id) in a private folder."""
    try:
        folder = pending_exports_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, marker = tempfile.mkstemp(prefix=f"{os.getpid()}-", suffix=".pending", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(str(part.resolve()))
        return Path(marker)
    except OSError:
        return None  # the export itself must not fail because the marker could not be kept


def remove_orphaned_parts() -> list[Path]:
    """Remove the ``*.part`` files of exports whose process has died; the removed paths."""
    folder = pending_exports_dir()
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for marker in folder.glob("*.pending"):
        pid_text = marker.name.split("-", 1)[0]
        if pid_text.isdigit() and process_alive(int(pid_text)) and int(pid_text) != os.getpid():
            continue  # another SessionLog is writing it right now
        try:
            part = Path(marker.read_text(encoding="utf-8").strip())
        except OSError:
            continue
        if part.name.endswith(".part"):
            with contextlib.suppress(FileNotFoundError):
                part.unlink()
                removed.append(part)
        with contextlib.suppress(FileNotFoundError):
            marker.unlink()
    return removed
