"""Temporary files being written, remembered so the next start removes those whose writer
died (killed, or a background job the app abandoned at quit).

Exports (``*.part``, :mod:`sessionlog.export.files`) and backups (``.NAME.partial``,
:mod:`sessionlog.store.backup`) write under a temporary name in the destination folder (a
rename is atomic only within one file system), which may be any folder the user chose.
While such a file exists, a marker in the app's private state folder names it together
with the writing process's id; every start of SessionLog (the command line and the app)
calls :func:`remove_orphaned_parts`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from sessionlog.paths import pending_exports_dir
from sessionlog.system import process_alive

# What a marker may name: only these are ever removed (a marker is a file a user could edit).
TEMPORARY_SUFFIXES = (".part", ".partial")
# SQLite's rollback journal of a backup being written, removed with it.
JOURNAL_SUFFIX = "-journal"


def mark_pending(part: Path) -> Path | None:
    """Record the temporary file being written (with this process's id) in a private
    folder; the marker, to pass to :func:`unmark` once the file is renamed or removed."""
    try:
        folder = pending_exports_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, marker = tempfile.mkstemp(prefix=f"{os.getpid()}-", suffix=".pending", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(str(part.resolve()))
        return Path(marker)
    except OSError:
        return None  # the write itself must not fail because the marker could not be kept


def unmark(marker: Path | None) -> None:
    if marker is not None:
        with contextlib.suppress(FileNotFoundError):
            marker.unlink()


def remove_orphaned_parts() -> list[Path]:
    """Remove the temporary files of writers whose process has died; the removed paths."""
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
        if part.name.endswith(TEMPORARY_SUFFIXES):
            with contextlib.suppress(FileNotFoundError):
                part.unlink()
                removed.append(part)
            with contextlib.suppress(FileNotFoundError):
                Path(f"{part}{JOURNAL_SUFFIX}").unlink()
        with contextlib.suppress(FileNotFoundError):
            marker.unlink()
    return removed
