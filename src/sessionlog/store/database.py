"""Opening the SQLite file: pragmas, identity check, backup, migrations."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from sessionlog.store.migrations import migrations

# "SLOG" in ASCII: tells a SessionLog file apart from any other SQLite file.
APPLICATION_ID = 0x534C4F47


class StoreError(Exception):
    """A database problem worded for the user (no SQL, no client data)."""


def _connect(path: Path | str) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=10.0, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    # FULL with WAL: a committed transaction survives power loss, not only a crash.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def open_database(path: Path | str, *, migrate: bool = True) -> Database:
    """Open (creating if needed) a SessionLog database and bring it to the newest schema."""
    path_text = str(path)
    is_new = path_text == ":memory:" or not Path(path).exists() or Path(path).stat().st_size == 0
    if not is_new:
        check_identity(Path(path))
    if path_text != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = _connect(path)
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot open the database {path}: {exc}") from exc
    if path_text != ":memory:" and is_new:
        os.chmod(path, 0o600)
    if is_new:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db = Database(conn)
    if migrate:
        pending = migrations.pending(db)
        if pending and not is_new:
            _backup_before_migrating(db, Path(path))
        try:
            migrations.apply(db)
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot update the database {path} to this version: {exc}") from exc
    return db


def check_identity(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise StoreError(f"Cannot read the database {path}: {exc.strerror}") from exc
    if not header.startswith(b"SQLite format 3\x00"):
        raise StoreError(f"{path} is not a SessionLog database (not an SQLite file)")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id not in (0, APPLICATION_ID):
        raise StoreError(f"{path} is an SQLite file of another application, not SessionLog")


def _backup_before_migrating(db: Database, path: Path) -> None:
    """Copy the file aside before a schema change; VACUUM INTO does not fsync, so
    write to a temporary name, fsync, then rename."""
    applied = len(migrations.applied(db))
    target = path.with_name(f"{path.name}.before-migration-{applied}.bak")
    temp = target.with_name(target.name + ".tmp")
    if temp.exists():
        temp.unlink()
    db.execute("VACUUM INTO ?", [str(temp)])
    with temp.open("rb+") as fh:
        os.fsync(fh.fileno())
    os.chmod(temp, 0o600)
    shutil.move(str(temp), str(target))


def known_schema_version() -> int:
    """The schema version this code writes (the number of migrations it knows)."""
    return len(migrations.pending(Database(memory=True)))


def schema_version(db: Database) -> int:
    return len(migrations.applied(db))
