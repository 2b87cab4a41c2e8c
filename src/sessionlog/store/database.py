"""Opening the SQLite file: pragmas, identity check, backup, migrations."""

from __future__ import annotations

import os
import shutil
import sqlite3
from enum import Enum
from pathlib import Path

from sqlite_utils import Database

from sessionlog.core.errors import StoreError
from sessionlog.store.integrity import restore_protective_triggers
from sessionlog.store.migrations import migrations

# "SLOG" in ASCII: tells a SessionLog file apart from any other SQLite file.
APPLICATION_ID = 0x534C4F47


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
    kind = None if is_new else _check_identity(Path(path))
    # An empty SQLite file (no identity, no tables) is filled like a new one.
    is_new = is_new or kind is _Kind.EMPTY
    if path_text != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = _connect(path)
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot open the database {path}: {exc}") from exc
    if path_text != ":memory:" and is_new:
        os.chmod(path, 0o600)
    if is_new or kind is _Kind.UNSTAMPED:
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
        try:
            restore_protective_triggers(db)
        except sqlite3.Error as exc:
            raise StoreError(
                f"The database {path} lacks protective triggers and they cannot be put back: {exc}"
            ) from exc
    return db


class _Kind(Enum):
    SESSIONLOG = "sessionlog"  # ours: open and migrate
    UNSTAMPED = "unstamped"  # ours, written without the application id: stamp it, then open
    EMPTY = "empty"  # an SQLite file with nothing in it: filled like a new one


def _check_identity(path: Path) -> _Kind:
    """What an existing file is; anything but SessionLog's or an empty SQLite file is
    refused with a StoreError before any connection that could write to it is made."""
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise StoreError(f"Cannot read the database {path}: {exc.strerror}") from exc
    if not header.startswith(b"SQLite format 3\x00"):
        raise StoreError(f"{path} is not a SessionLog database (not an SQLite file)")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id == APPLICATION_ID:
        return _Kind.SESSIONLOG
    if application_id == 0:
        has_tables, has_our_migrations = _contents(path)
        if not has_tables:
            return _Kind.EMPTY
        if has_our_migrations:
            return _Kind.UNSTAMPED
    # No WAL switch, no migration, no -wal/-shm files beside it: byte for byte as it was.
    raise StoreError(
        f"{path} is an SQLite file of another application, not a SessionLog database; "
        "it was left untouched. Choose a SessionLog file or a new file name."
    )


def _contents(path: Path) -> tuple[bool, bool]:
    """(has any table, records SessionLog's migrations) for a file without our id.

    An empty file (no tables, as `sqlite3 FILE ''` leaves it) is taken as a new database; a
    file with SessionLog's migration records is ours, written by a tool that did not stamp
    the id; any other file with tables belongs to another program. Read with
    ``immutable=1``: SQLite then takes no lock and writes nothing, not even a journal."""
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            ours = (
                "_sqlite_migrations" in names
                and conn.execute(
                    "SELECT count(*) FROM _sqlite_migrations WHERE migration_set = ?",
                    [migrations.name],
                ).fetchone()[0]
                > 0
            )
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{path} is not a SessionLog database ({exc})") from exc
    return bool(names), bool(ours)


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


def schema_version(db: Database) -> int:
    return len(migrations.applied(db))
