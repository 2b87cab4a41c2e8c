"""Backups with SQLite's online backup API.

A plain file copy of a WAL database misses the transactions still in the ``-wal`` file; the
backup API reads one consistent snapshot (committed pages, WAL included) while other
connections keep writing. A backup copies the database as it is (pages, header, identity),
so whatever protects the live file protects the copy: a protected database's backup is
written through SQLCipher with the database's key and salt, never a plain page on disk.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sessionlog.core.errors import StoreError, describe_os_error
from sessionlog.pending import mark_pending, unmark
from sessionlog.store import encryption
from sessionlog.store.database import check_identity, sqlite_reason
from sessionlog.store.encryption import (
    Connection,
    DatabaseKey,
    PassphraseRequiredError,
    connect_encrypted,
    is_encrypted,
    key_for,
)
from sessionlog.store.migrations import migrations
from sessionlog.store.wording import t
from sessionlog.system import fsync_path, on_windows


@dataclass(frozen=True)
class BackupContents:
    """What a backup holds, shown before restoring it."""

    schema_version: int
    clients: int
    sessions: int
    signed_notes: int


def write_snapshot(source: Path, target: Path) -> None:
    """Copy the database at ``source`` into ``target`` as one consistent snapshot.

    Written under a temporary name in the target's folder, fsync'd, made owner-only and
    renamed, so a crash never leaves a partial file under the final name. The temporary
    file is marked pending while it is written (:mod:`sessionlog.pending`): one left by a
    backup that was killed or abandoned at quit is removed at the next start."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.partial")
    with contextlib.suppress(OSError):
        temp.unlink()
    src = _connect_source(source)
    marker = mark_pending(temp)
    try:
        # Created here (owner-only from the start) so an unwritable place fails with the
        # system's reason rather than SQLite's "unable to open database file".
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        key = key_for(source)
        dst: Connection = (
            sqlite3.connect(str(temp)) if key is None else connect_encrypted(str(temp), key)
        )
        try:
            # pages=-1: the whole database in one step, i.e. one read snapshot; writers in
            # WAL mode carry on meanwhile instead of restarting the copy.
            src.backup(dst, pages=-1)
            # A backup is one self-contained file: no -wal beside it.
            dst.execute("PRAGMA journal_mode = DELETE")
            dst.commit()
        finally:
            dst.close()
        fsync_path(temp)
        os.replace(temp, target)
        fsync_folder(target.parent)
    except encryption.Error as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise StoreError(
            t(
                "Could not write the backup {target}: {reason}",
                target=target,
                reason=sqlite_reason(exc),
            )
        ) from exc
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise StoreError(
            t(
                "Could not write the backup {target}: {reason}",
                target=target,
                reason=describe_os_error(exc),
            )
        ) from exc
    finally:
        src.close()
        unmark(marker)


def _open_backup(path: Path, key: DatabaseKey | None) -> Connection:
    """A read-only connection to a backup file; a protected one needs ``key`` (or the key
    this process unlocked that file with)."""
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    if key_for(path) is None and is_encrypted(path):
        if key is None:
            raise PassphraseRequiredError(path)
        connect_encrypted(uri, key, path=path, uri=True).close()  # WrongPassphraseError
        encryption.remember_key(path, key)
    check_identity(path)
    key = key_for(path)
    if key is None:
        return sqlite3.connect(uri, uri=True)
    return connect_encrypted(uri, key, path=path, uri=True)


def is_protected_backup(path: Path) -> bool:
    return key_for(path) is not None or is_encrypted(Path(path))


def read_contents(path: Path, key: DatabaseKey | None = None) -> BackupContents:
    """Check a backup (identity, integrity) and count what it holds; never writes to it.
    A protected backup opens with ``key`` (PassphraseRequiredError without one)."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(t("{path} does not exist or is not a file", path=path))
    if path.stat().st_size == 0:
        raise StoreError(t("{path} is empty (0 bytes), not a SessionLog backup", path=path))
    conn = _open_backup(path, key)
    try:
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise StoreError(t("{path} is damaged (the integrity check failed)", path=path))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"clients", "sessions", "signatures"} <= tables:
            raise StoreError(
                t("{path} is not a SessionLog backup (its tables are missing)", path=path)
            )
        version = 0
        if migrations.migrations_table in tables:
            version = conn.execute(
                f"SELECT count(*) FROM [{migrations.migrations_table}] WHERE migration_set = ?",
                [migrations.name],
            ).fetchone()[0]
        return BackupContents(
            schema_version=version,
            clients=conn.execute("SELECT count(*) FROM clients").fetchone()[0],
            sessions=conn.execute("SELECT count(*) FROM sessions").fetchone()[0],
            signed_notes=conn.execute("SELECT count(*) FROM signatures").fetchone()[0],
        )
    except encryption.Error as exc:
        raise StoreError(
            t(
                "{path} cannot be read as a SessionLog backup: {reason}",
                path=path,
                reason=sqlite_reason(exc),
            )
        ) from exc
    finally:
        conn.close()


def restore_snapshot(backup: Path, database: Path) -> None:
    """Replace the contents of ``database`` with ``backup`` in one transaction.

    The backup API writes into the live file through SQLite (journalled), so a crash
    mid-restore leaves the old contents, never a mix; connections the app keeps open see
    the restored contents at their next read.

    A protected database stays protected with its own key whatever the backup's (an older
    passphrase's, or none): SQLCipher decrypts the backup's pages and encrypts them with
    the database's key. A protected backup (``read_contents`` unlocked it) is never
    restored into a plain database: that would write its records unprotected."""
    backup, database = Path(backup), Path(database)
    backup_key, database_key = key_for(backup), key_for(database)
    if backup_key is not None and database_key is None:
        raise StoreError(
            t(
                "{backup} is protected and the database {database} is not; protect the "
                "database first (Setup ▸ Security, or sessionlog protect), then restore",
                backup=backup,
                database=database,
            )
        )
    uri = f"{backup.resolve().as_uri()}?mode=ro&immutable=1"
    if database_key is None:
        src: Connection = sqlite3.connect(uri, uri=True)
    elif backup_key is None:
        src = encryption.connect_unkeyed(uri, uri=True)
    else:
        src = connect_encrypted(uri, backup_key, path=backup, uri=True)
    try:
        dst: Connection = (
            sqlite3.connect(str(database), timeout=10.0)
            if database_key is None
            else connect_encrypted(str(database), database_key, timeout=10.0)
        )
        try:
            dst.execute("PRAGMA busy_timeout = 10000")
            src.backup(dst, pages=-1)
            if dst.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise StoreError(
                    t(
                        "The restored database {database} failed its integrity check",
                        database=database,
                    )
                )
        finally:
            dst.close()
    except encryption.Error as exc:
        raise StoreError(
            t(
                "Could not restore into {database}: {reason}",
                database=database,
                reason=sqlite_reason(exc),
            )
        ) from exc
    finally:
        src.close()


def _connect_source(source: Path) -> Connection:
    if not Path(source).is_file():
        raise StoreError(t("There is no database at {source} to back up", source=source))
    key = key_for(source)
    try:
        conn: Connection = (
            sqlite3.connect(str(source), timeout=10.0)
            if key is None
            else connect_encrypted(str(source), key, timeout=10.0)
        )
        conn.execute("PRAGMA busy_timeout = 10000")
    except encryption.Error as exc:
        raise StoreError(
            t(
                "Cannot open {source} to back it up: {reason}",
                source=source,
                reason=sqlite_reason(exc),
            )
        ) from exc
    return conn


def fsync_folder(folder: Path) -> None:
    """Make a rename durable: fsync the directory entry too (POSIX; Windows cannot open
    a folder as a file, and its renames need no such step)."""
    if on_windows():
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
