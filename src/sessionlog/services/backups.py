"""Backups and restore: where backups live, when they are taken, how many are kept.

Automatic backups go to a ``backups`` folder beside the database (owner-only), one at the
first start of each day and one after an End-of-day signing run; the newest ``keep`` of
them are kept. Restoring first backs up the current file, so a restore can be undone.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sessionlog.core.errors import StoreError
from sessionlog.services.wording import t
from sessionlog.store.backup import BackupContents as BackupContents  # the UI shows them
from sessionlog.store.backup import read_contents, restore_snapshot, write_snapshot
from sessionlog.store.database import known_schema_version
from sessionlog.store.encryption import key_for, key_from_secret

DEFAULT_KEEP = 14
BACKUP_FOLDER = "backups"
# sessionlog-20261201-093000-daily.sqlite3: sorts by time, says why it was taken.
_NAME = re.compile(r"^sessionlog-(\d{8}-\d{6})-([a-z-]+)\.sqlite3$")
REASONS = ("daily", "end-of-day", "before-restore", "manual")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime  # local time of the laptop, from the file name
    reason: str
    contents: BackupContents | None  # None when the file is damaged or unreadable
    problem: str | None = None

    @property
    def good(self) -> bool:
        return self.contents is not None


def backup_folder(db_path: Path) -> Path:
    return Path(db_path).parent / BACKUP_FOLDER


def _ensure_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder


def back_up(db_path: Path, reason: str, *, now: datetime, keep: int = DEFAULT_KEEP) -> Path:
    """Take a backup into the backups folder, then drop the oldest beyond ``keep``."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    folder = _ensure_folder(backup_folder(db_path))
    taken = now.replace(microsecond=0)
    existing = {taken_at for _p, taken_at, _r in _backup_files(db_path)}
    while taken.replace(tzinfo=None) in existing:  # two backups within one second
        taken += timedelta(seconds=1)
    target = folder / f"sessionlog-{taken.strftime('%Y%m%d-%H%M%S')}-{reason}.sqlite3"
    write_snapshot(Path(db_path), target)
    prune(db_path, keep)
    return target


def back_up_to(db_path: Path, target: Path) -> BackupContents:
    """File ▸ Back up now… and ``sessionlog backup --out FILE``: a backup where the user
    chooses, checked by reading it back."""
    write_snapshot(Path(db_path), Path(target))
    return read_contents(Path(target), key_for(db_path))


def _backup_files(db_path: Path) -> list[tuple[Path, datetime, str]]:
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match is None or not path.is_file():
            continue
        try:
            taken_at = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
        except ValueError:
            continue
        found.append((path, taken_at, match.group(2)))
    found.sort(key=lambda item: (item[1], item[0].name), reverse=True)
    return found


def prune(db_path: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete the automatic backups beyond the newest ``keep``; returns what went."""
    removed = []
    for path, _taken, _reason in _backup_files(db_path)[max(keep, 1) :]:
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Every backup in the folder, newest first, with what it holds (or why it cannot be
    read). Opens each file: run it off the GUI thread."""
    infos = []
    for path, taken_at, reason in _backup_files(db_path):
        try:
            infos.append(BackupInfo(path, taken_at, reason, read_contents(path, key_for(db_path))))
        except StoreError as exc:
            infos.append(BackupInfo(path, taken_at, reason, None, str(exc)))
    return infos


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    return next((info for info in list_backups(db_path) if info.good), None)


def needs_daily_backup(db_path: Path, today: date) -> bool:
    """True at the first start of a day: no backup of any kind taken today yet."""
    if not Path(db_path).is_file():
        return False
    return not any(taken.date() == today for _p, taken, _r in _backup_files(db_path))


def daily_backup_if_due(db_path: Path, *, now: datetime, keep: int = DEFAULT_KEEP) -> Path | None:
    if not needs_daily_backup(db_path, now.date()):
        return None
    return back_up(db_path, "daily", now=now, keep=keep)


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupContents
    safety_copy: Path | None  # the backup of the file as it was before the restore


def restore(
    backup: Path,
    db_path: Path,
    *,
    now: datetime,
    keep: int = DEFAULT_KEEP,
    secret: str | None = None,
) -> RestoreResult:
    """Replace the database's contents with ``backup``, after backing up the current file.

    The backup is checked first (identity, integrity, not from a newer SessionLog), so a
    bad file never replaces good data. A protected backup opens with the database's key,
    or with ``secret`` (the passphrase or recovery key it was taken under); the restored
    database keeps the database's own passphrase."""
    key = key_from_secret(Path(backup), secret) if secret else key_for(db_path)
    contents = read_contents(Path(backup), key)
    if key_for(Path(backup)) is not None and key_for(db_path) is None:
        raise StoreError(
            t(
                "{backup} is protected and the database {db_path} is not; protect the "
                "database first (Setup ▸ Security, or sessionlog protect), then restore",
                backup=backup,
                db_path=db_path,
            )
        )
    known = known_schema_version()
    if contents.schema_version > known:
        raise StoreError(
            t(
                "{backup} was written by a newer SessionLog (schema {schema_version}; this "
                "version knows {known}); update SessionLog before restoring it",
                backup=backup,
                schema_version=contents.schema_version,
                known=known,
            )
        )
    safety_copy = None
    if Path(db_path).is_file() and Path(db_path).stat().st_size > 0:
        try:
            # keep + 1: the safety copy never pushes out the backup being restored.
            safety_copy = back_up(db_path, "before-restore", now=now, keep=keep + 1)
        except StoreError:
            # A damaged current file cannot be snapshotted; keep it aside as it is.
            safety_copy = set_aside(db_path, "damaged", now=now)
    else:
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    restore_snapshot(Path(backup), Path(db_path))
    os.chmod(db_path, 0o600)
    return RestoreResult(contents, safety_copy)


def set_aside(db_path: Path, why: str, *, now: datetime) -> Path:
    """Move a damaged database (and its -wal/-shm) aside under a dated name; never delete."""
    db_path = Path(db_path)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.{why}-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{db_path}{suffix}")
        if part.exists():
            os.replace(part, Path(f"{aside}{suffix}"))
    return aside


def recover_damaged(backup: Path, db_path: Path, *, now: datetime) -> Path:
    """Start-up found the database damaged: move it aside (never delete it) and restore
    ``backup`` in its place. Returns where the damaged file now is."""
    read_contents(Path(backup), key_for(db_path))  # the replacement must itself be good
    aside = set_aside(Path(db_path), "damaged", now=now)
    restore_snapshot(Path(backup), Path(db_path))
    os.chmod(db_path, 0o600)
    return aside
