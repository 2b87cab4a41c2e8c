"""Opening the SQLite file: pragmas, identity check, backup, migrations."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Literal

from sessionlog import __version__
from sessionlog.core.errors import DamagedDatabaseError, NewerDatabaseError, StoreError
from sessionlog.store import encryption
from sessionlog.store.encryption import (
    Connection,
    PassphraseRequiredError,
    connect_encrypted,
    key_for,
)
from sessionlog.store.integrity import restore_protective_triggers
from sessionlog.store.kept_report import APPLICATION_ID as APPLICATION_ID
from sessionlog.store.migrations import migrations
from sessionlog.store.sqlite import Database
from sessionlog.store.wording import t


def _database(conn: Connection) -> Database:
    """The wrapper every repository speaks through (``store.sqlite``): sqlite-utils
    itself is imported only when a file must be migrated (issue 12)."""
    return Database(conn)


def _connect(path: Path | str) -> Connection:
    """A connection with the app's pragmas; through SQLCipher with the remembered key
    when the file is protected."""
    key = key_for(path)
    if key is None:
        conn: Connection = sqlite3.connect(str(path), timeout=10.0, check_same_thread=False)
    else:
        conn = connect_encrypted(str(path), key, timeout=10.0, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    # FULL with WAL: a committed transaction survives power loss, not only a crash.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def _connect_read_only(path: Path) -> Connection:
    """A file or folder we may not write: read it without creating anything beside it.
    ``mode=ro`` still needs the WAL index; on a read-only file system ``immutable``
    reads the file as it is (nothing else can be writing it there)."""
    uri = path.resolve().as_uri()
    for query in ("mode=ro", "mode=ro&immutable=1"):
        try:
            conn = _connect_uri(path, f"{uri}?{query}", check_same_thread=False)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except encryption.OperationalError:
            continue
        conn.execute("PRAGMA query_only = ON")
        return conn
    raise StoreError(t("Cannot open the database {path}: it cannot be read", path=path))


def _connect_uri(path: Path, uri: str, *, check_same_thread: bool = True) -> Connection:
    key = key_for(path)
    if key is None:
        return sqlite3.connect(uri, uri=True, check_same_thread=check_same_thread)
    return connect_encrypted(uri, key, path=path, uri=True, check_same_thread=check_same_thread)


def _writable(path: Path) -> bool:
    # access() reports a read-only file system (EROFS) even to root.
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def sqlite_reason(exc: BaseException) -> str:
    """The cause of an SQLite failure in the user's words (disk full, read-only, busy)."""
    text = str(exc)
    if "disk is full" in text or (isinstance(exc, encryption.OperationalError) and "full" in text):
        return t("the disk is full")
    if "readonly" in text or "read-only" in text:
        return t("the database is open read-only (its file or folder cannot be written)")
    if "locked" in text or "busy" in text:
        return t("another program is writing to the database; try again in a moment")
    return text


def connect_existing(path: Path) -> Database:
    """A further connection to a database this process already opened (and checked)."""
    try:
        return _database(_connect(path))
    except encryption.Error as exc:
        raise StoreError(
            t("Cannot open the database {path}: {reason}", path=path, reason=sqlite_reason(exc))
        ) from exc


def is_read_only(db: Database) -> bool:
    return bool(db.execute("PRAGMA query_only").fetchone()[0])


# ---- when the integrity check runs -------------------------------------------------
#
# ``PRAGMA quick_check`` reads every page: about a second per 80 MB, ten seconds for ten
# years of an agency. It runs in full at the first open of each day, after SessionLog did
# not close the file cleanly (a crash, a power cut, a kill), and whenever the file is not
# byte for byte as SessionLog last closed it (size or modification time differ: a sync,
# a copy, another program). A small stamp beside the file remembers that: the day of the
# last check that passed, and whether the last app that opened the file closed it.

WHEN_DUE = "when-due"
Verify = bool | Literal["when-due"]


def _stamp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.checked")


def _read_stamp(path: Path) -> dict[str, object]:
    try:
        stamp = json.loads(_stamp_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def _write_stamp(path: Path, stamp: dict[str, object]) -> None:
    """Best effort: a stamp that cannot be written only means the next open checks."""
    target = _stamp_path(path)
    temp = target.with_name(target.name + ".tmp")
    try:
        temp.write_text(json.dumps(stamp), encoding="utf-8")
        os.chmod(temp, 0o600)
        os.replace(temp, target)
    except OSError:
        # On a read-only file system even removing a file that is not there fails (EROFS).
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def _file_identity(path: Path) -> list[int]:
    """Size and modification time of the file and of its write-ahead log (-1 without
    one): a process that ended with only reads running leaves the log behind, whole."""
    info = path.stat()
    wal = Path(f"{path}-wal")
    log = wal.stat() if wal.exists() else None
    return [
        info.st_size,
        info.st_mtime_ns,
        log.st_size if log else -1,
        log.st_mtime_ns if log else -1,
    ]


def integrity_check_due(path: Path, today: date | None = None) -> bool:
    """Whether opening ``path`` must run the full integrity check (see above)."""
    path = Path(path)
    stamp = _read_stamp(path)
    today = today or date.today()
    if stamp.get("checked_on") != today.isoformat() or stamp.get("closed") is not True:
        return True
    if Path(f"{path}-journal").exists():
        return True  # a rollback journal is only left by an interrupted write
    return stamp.get("identity") != _file_identity(path)


def mark_open(path: Path) -> None:
    """The app has the file open: until :func:`mark_closed`, the next open checks it."""
    stamp = _read_stamp(Path(path))
    _write_stamp(Path(path), {**stamp, "closed": False, "identity": None})


def mark_closed(path: Path) -> None:
    """The app closed every connection to the file cleanly: remember the file as it is
    now, so tomorrow's first open (or a changed file) is what checks it next."""
    path = Path(path)
    if not path.exists():
        return
    stamp = _read_stamp(path)
    closed = {**stamp, "closed": True, "identity": _file_identity(path)}
    if closed != stamp:  # a command that changed nothing leaves the stamp as it is
        _write_stamp(path, closed)


def closed_by_its_last_user(path: Path) -> bool:
    """Whether the stamp says no app has the file open (the last one closed it cleanly):
    a command may then mark it closed again when it is done (:func:`mark_closed`)."""
    return _read_stamp(Path(path)).get("closed") is True


def _record_check(path: Path, today: date) -> None:
    stamp = _read_stamp(path)
    if not stamp:  # first check of a file no app has open: it is as it was closed
        stamp = {"closed": True, "identity": _file_identity(path)}
    _write_stamp(path, {**stamp, "checked_on": today.isoformat()})


def open_database(
    path: Path | str,
    *,
    migrate: bool = True,
    verify: Verify = True,
    passphrase: str | None = None,
    repair_triggers: bool = True,
) -> Database:
    """Open (creating if needed) a SessionLog database and bring it to the newest schema.

    Refuses, with the reason, rather than guessing: another application's file, a file
    from a newer SessionLog, a damaged file or an empty one it did not just create
    (DamagedDatabaseError, so the app can offer a backup). A file it may not write opens
    read-only (``is_read_only``). ``verify=False`` skips SQLite's integrity check (a
    second connection to a file this process already checked: a worker's);
    ``verify="when-due"`` runs it only when :func:`integrity_check_due` (the app, the
    command line). ``repair_triggers=False`` leaves a missing protective trigger for the
    next open that repairs (the app's, ``sessionlog check``): a command that only reads
    (``units``, an export) must not pay for rebuilding the newest schema in memory to
    compare triggers (issue 12); it still reads the schema version and migrates.

    A protected file opens with ``passphrase`` (or a recovery key), or with the key this
    process already unlocked it with; without either: PassphraseRequiredError, and a wrong
    one WrongPassphraseError, nothing changed. A new file is created protected when a
    ``passphrase`` is given; a plain existing file ignores it."""
    if str(path) == ":memory:":
        conn = _connect(":memory:")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db = _database(conn)
        if migrate:
            migrations.apply(db)
            _restore_triggers(db, path)
        return db
    path = Path(path)
    today = date.today()
    stamped = verify == WHEN_DUE
    if stamped:  # decided before any connection of ours adds a -wal beside the file
        verify = not path.exists() or integrity_check_due(path, today)
    if not path.exists():
        if passphrase is not None:
            encryption.check_new_passphrase(passphrase)
            encryption.remember_key(path, encryption.new_key(passphrase))
        _create(path)
    elif path.stat().st_size == 0:
        # Handled like a damaged file: the app offers the newest good backup and keeps
        # the empty file aside (a failed copy or sync emptied the coach's records).
        raise DamagedDatabaseError(
            t(
                "{path} is empty (0 bytes). SessionLog did not write it this way (a copy "
                "or a sync may have failed), so it will not use or overwrite it. Restore a "
                "backup, or move the file away to start a new database.",
                path=path,
            ),
            path,
        )
    elif key_for(path) is None and encryption.is_encrypted(path):
        if passphrase is None:
            raise PassphraseRequiredError(path)
        encryption.unlock(path, passphrase)
    kind = check_identity(path)
    try:
        conn = _connect(path) if _writable(path) else _connect_read_only(path)
    except encryption.OperationalError as exc:
        if "readonly" not in str(exc) and "unable to open" not in str(exc):
            raise _damaged(path, exc) from exc
        conn = _connect_read_only(path)
    except encryption.DatabaseError as exc:
        raise _damaged(path, exc) from exc
    if kind is not _Kind.SESSIONLOG and not is_read_only(_database(conn)):
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        if kind is _Kind.EMPTY:
            os.chmod(path, 0o600)
    db = _database(conn)
    if kind is not _Kind.SESSIONLOG and not is_read_only(db):
        # An empty SQLite file is filled like a new one; ours without the id gets it.
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        os.chmod(path, 0o600)
    try:
        _check_not_newer(db, path)
        # Reads every page: about a second per 80 MB, so only when the file is first opened.
        result = conn.execute("PRAGMA quick_check").fetchone()[0] if verify else "ok"
    except encryption.DatabaseError as exc:
        conn.close()
        raise _damaged(path, exc) from exc
    if result != "ok":
        conn.close()
        raise DamagedDatabaseError(
            t(
                "{path} is damaged: SQLite's integrity check failed. The file is kept as it is.",
                path=path,
            ),
            path,
        )
    if stamped and verify and not is_read_only(db):
        _record_check(path, today)
    if migrate and migrations.pending(db):
        if is_read_only(db):
            conn.close()
            raise StoreError(
                t(
                    "{path} is read-only and was written by an older SessionLog; it must "
                    "be updated before this version can use it. Copy it to a folder you "
                    "can write.",
                    path=path,
                )
            )
        if kind is not _Kind.EMPTY:
            _backup_before_migrating(db, path)
        try:
            migrations.apply(db)
        except encryption.Error as exc:
            raise StoreError(
                t("Cannot update the database {path} to this version: {exc}", path=path, exc=exc)
            ) from exc
    if migrate and repair_triggers and not is_read_only(db):
        _restore_triggers(db, path)
    return db


def _restore_triggers(db: Database, path: Path | str) -> None:
    try:
        restore_protective_triggers(db)
    except encryption.Error as exc:
        raise StoreError(
            t(
                "The database {path} lacks protective triggers and they cannot be put back: {exc}",
                path=path,
                exc=exc,
            )
        ) from exc


def _create(path: Path) -> None:
    """A new database is built under a temporary name and renamed into place, so a file at
    the final name is always one SessionLog finished writing (an empty one never is).
    With a key remembered for ``path`` the new file is protected from its first page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.creating")
    key = key_for(path)
    if key is not None:
        encryption.remember_key(temp, key)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{temp}{suffix}").unlink(missing_ok=True)
    try:
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        conn = _connect(temp)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migrations.apply(_database(conn))
        conn.close()  # the last connection checkpoints and removes the -wal
        with temp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except OSError as exc:
        raise StoreError(
            t("Cannot create the database {path}: {strerror}", path=path, strerror=exc.strerror)
        ) from exc
    except encryption.Error as exc:
        raise StoreError(t("Cannot create the database {path}: {exc}", path=path, exc=exc)) from exc
    finally:
        encryption.forget_key(temp)


def _known_migrations() -> tuple[str, ...]:
    """The names of the migrations this code knows, in order."""
    return migrations.names()


def _check_not_newer(db: Database, path: Path) -> None:
    known = set(_known_migrations())
    applied = [m.name for m in migrations.applied(db)]
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise NewerDatabaseError(
            t(
                "{path} was written by a newer SessionLog (database schema version "
                "{found}); this SessionLog {version} knows schema version {known} at "
                "most. Update SessionLog to open it.",
                path=path,
                found=len(applied),
                version=__version__,
                known=len(known),
            )
        )


def _damaged(path: Path, exc: BaseException) -> DamagedDatabaseError:
    return DamagedDatabaseError(
        t(
            "{path} is damaged and cannot be read as a database ({error}). "
            "The file is kept as it is.",
            path=path,
            error=exc,
        ),
        path,
    )


class _Kind(Enum):
    SESSIONLOG = "sessionlog"  # ours: open and migrate
    UNSTAMPED = "unstamped"  # ours, written without the application id: stamp it, then open
    EMPTY = "empty"  # an SQLite file with nothing in it: filled like a new one


def check_identity(path: Path) -> _Kind:
    """What an existing file is. Anything but SessionLog's, or an SQLite file with nothing
    in it, is refused with a StoreError before any connection that could write to it is
    made: no WAL switch, no migration, no -wal/-shm beside it, byte for byte as it was.

    An SQLite file without our id is ours only when it records SessionLog's migrations
    (written by a tool that did not stamp the id); any other file with tables belongs to
    another program.

    The header is read through SQLite, never with a plain open() and close(): closing any
    descriptor of a file drops every POSIX lock this process holds on it, including the
    locks of the app's own open connections, which lets another process's writes collide
    with them ("disk I/O error", or worse)."""
    uri = path.resolve().as_uri()
    # mode=ro needs the WAL index beside the file; on a read-only file system only an
    # immutable read works (SQLite's own file handling still guards the locks).
    for query in ("mode=ro", "mode=ro&immutable=1"):
        conn = _connect_uri(path, f"{uri}?{query}")
        try:
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            ours = "_sqlite_migrations" in names and (
                conn.execute(
                    "SELECT count(*) FROM _sqlite_migrations WHERE migration_set = ?",
                    [migrations.name],
                ).fetchone()[0]
                > 0
            )
            break
        except encryption.OperationalError as exc:
            problem = exc
        except encryption.DatabaseError as exc:
            if "malformed" in str(exc):
                # SQLITE_CORRUPT: an SQLite file whose schema pages are damaged (a failing
                # disk, a torn copy); not another kind of file. Kept aside, a backup offered.
                raise _damaged(path, exc) from exc
            raise StoreError(
                t("{path} is not a SessionLog database (not an SQLite file)", path=path)
            ) from exc
        finally:
            conn.close()
    else:
        raise StoreError(
            t("Cannot read the database {path}: {reason}", path=path, reason=sqlite_reason(problem))
        )
    if application_id == APPLICATION_ID:
        return _Kind.SESSIONLOG
    if application_id == 0:
        if not names:
            return _Kind.EMPTY
        if ours:
            return _Kind.UNSTAMPED
    raise StoreError(
        t(
            "{path} is an SQLite file of another application, not a SessionLog database; "
            "it was left untouched. Choose a SessionLog file or a new file name.",
            path=path,
        )
    )


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
    return len(_known_migrations())


def schema_version(db: Database) -> int:
    return len(migrations.applied(db))
