"""Encryption at rest: SQLCipher keys, protecting a plain file, changing the passphrase.

A protected database is an SQLCipher 4 file with SQLCipher's default settings (AES-256 in
CBC with a per-page HMAC-SHA512, PBKDF2-HMAC-SHA512 with 256,000 iterations, a random
16-byte salt in the file's first bytes). The passphrase opens it with any SQLCipher tool.

The app derives the 32-byte page key from the passphrase once (the same PBKDF2 SQLCipher
runs) and opens every further connection with that raw key, so a worker thread's
connection costs microseconds instead of a quarter of a second of key stretching. The key
lives in this process's memory only (``remember_key``), for the database file it opens.

The recovery key is that raw key and the salt, written for a person (base32 in groups): it
unlocks the file (and the backups taken with the same key) without the passphrase. It
changes whenever the passphrase changes: an old recovery sheet stops working.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sessionlog.core.errors import StoreError
from sessionlog.store.wording import t
from sessionlog.system import fsync_path, on_windows

# SQLCipher's driver is imported when first needed (a protected file opened, a file being
# protected): a plain database never needs it, and its import was a tenth of the app's
# start (issue 12). ``encryption.cipher`` is the driver, None when it is not installed;
# it is set (and may be replaced, as tests do) once looked up.
cipher: Any  # declared only: the module's __getattr__ looks it up on first use
_cipher_looked_up = False

# SQLCipher 4's defaults, spelled out: the key derived here must be the one it derives.
KDF_ITERATIONS = 256_000
KEY_BYTES = 32
SALT_BYTES = 16
SQLITE_HEADER = b"SQLite format 3\x00"

# Both drivers' exceptions: plain files use the standard library, protected ones SQLCipher.
# SQLCipher's are added when its driver is imported: before that no connection of its
# can have raised one. Callers read them from the module at ``except`` time.
Error: tuple[type[Exception], ...] = (sqlite3.Error,)
DatabaseError: tuple[type[Exception], ...] = (sqlite3.DatabaseError,)
OperationalError: tuple[type[Exception], ...] = (sqlite3.OperationalError,)
IntegrityError: tuple[type[Exception], ...] = (sqlite3.IntegrityError,)


def _load_cipher() -> Any:
    """SQLCipher's DB-API module, imported once; None when it is not installed
    (sqlcipher3-binary has Linux wheels only: elsewhere, plain files only)."""
    global cipher, _cipher_looked_up, Error, DatabaseError, OperationalError, IntegrityError
    if not _cipher_looked_up:
        try:
            from sqlcipher3 import dbapi2
        except ImportError:
            dbapi2 = None
        cipher, _cipher_looked_up = dbapi2, True
        if dbapi2 is not None:
            Error = (sqlite3.Error, dbapi2.Error)
            DatabaseError = (sqlite3.DatabaseError, dbapi2.DatabaseError)
            OperationalError = (sqlite3.OperationalError, dbapi2.OperationalError)
            IntegrityError = (sqlite3.IntegrityError, dbapi2.IntegrityError)
    return cipher


def __getattr__(name: str) -> Any:
    if name == "cipher":
        return _load_cipher()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def no_sqlcipher() -> str:
    """Why this installation cannot protect or open a protected file (the user's language)."""
    return t(
        "Passphrase protection needs SQLCipher, which is not installed with this SessionLog "
        "(the sqlcipher3-binary wheel exists for Linux; elsewhere install sqlcipher3)"
    )


def sqlcipher_available() -> bool:
    return _load_cipher() is not None


def _driver() -> Any:
    driver = _load_cipher()
    if driver is None:
        raise StoreError(no_sqlcipher())
    return driver


# An sqlcipher3 connection has the standard library's interface (it is typed as one).
Connection = sqlite3.Connection

PASSPHRASE_MIN_LENGTH = 8


class PassphraseRequiredError(StoreError):
    """The database is protected and no passphrase (or recovery key) was given."""

    def __init__(self, path: Path) -> None:
        super().__init__(t("{path} is protected: its passphrase is needed to open it", path=path))
        self.path = path


class WrongPassphraseError(StoreError):
    """The passphrase or recovery key does not open the database; nothing was changed."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            t(
                "Wrong passphrase or recovery key for {path}; nothing was opened or changed",
                path=path,
            )
        )
        self.path = path


@dataclass(frozen=True)
class DatabaseKey:
    """The raw SQLCipher key of one file and that file's salt."""

    key: bytes
    salt: bytes

    def __repr__(self) -> str:  # never print the key by accident (logs, tracebacks)
        return "DatabaseKey(<hidden>)"

    @property
    def raw_literal(self) -> str:
        """SQLCipher's raw-key form (key then salt: no key stretching), as a bound value."""
        return f"x'{self.key.hex()}{self.salt.hex()}'"

    @property
    def pragma_value(self) -> str:
        """The raw key quoted for ``PRAGMA key =``."""
        return f'"{self.raw_literal}"'

    def recovery_text(self) -> str:
        """The recovery key as printed for the user: 80 base32 letters in groups of 4."""
        text = base64.b32encode(self.key + self.salt).decode("ascii").rstrip("=")
        return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


_RECOVERY = re.compile(r"^[A-Z2-7]{77}$")


def parse_recovery_key(text: str) -> DatabaseKey | None:
    """The key written on a recovery sheet (spaces, dashes and case ignored); None when the
    text is not shaped like one (then it is a passphrase)."""
    letters = re.sub(r"[\s-]", "", text).upper()
    if not _RECOVERY.match(letters):
        return None
    raw = base64.b32decode(letters + "=" * 3)
    return DatabaseKey(raw[:KEY_BYTES], raw[KEY_BYTES:])


def derive_key(passphrase: str, salt: bytes) -> DatabaseKey:
    """SQLCipher 4's key derivation (PBKDF2-HMAC-SHA512, 256,000 iterations)."""
    # hashlib, hmac and secrets are imported where used: whether a file is protected is
    # asked at every start, where their import (OpenSSL's) was a share (issue 12).
    import hashlib

    key = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS)
    return DatabaseKey(key[:KEY_BYTES], salt)


def new_key(passphrase: str) -> DatabaseKey:
    """The key of a file about to be written: a fresh random salt."""
    import secrets

    return derive_key(passphrase, secrets.token_bytes(SALT_BYTES))


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < PASSPHRASE_MIN_LENGTH:
        raise StoreError(
            t(
                "The passphrase is too short: use at least {minimum} "
                "characters (a few words are easier to remember and harder to guess)",
                minimum=PASSPHRASE_MIN_LENGTH,
            )
        )


# ---- the keys this process holds --------------------------------------------------


_keys: dict[str, DatabaseKey] = {}


def _name(path: Path | str) -> str:
    return str(Path(path).expanduser().resolve())


def remember_key(path: Path | str, key: DatabaseKey) -> None:
    _keys[_name(path)] = key


def key_for(path: Path | str) -> DatabaseKey | None:
    if str(path) == ":memory:":
        return None
    return _keys.get(_name(path))


def forget_key(path: Path | str) -> None:
    _keys.pop(_name(path), None)


def forget_all_keys() -> None:
    """Drop every key this process holds (a test's fresh start)."""
    _keys.clear()


# ---- reading and opening ----------------------------------------------------------------


def is_encrypted(path: Path) -> bool:
    """Whether an existing, non-empty file is SQLCipher-protected: SQLite cannot read it,
    its first bytes are not SQLite's header (they are the random salt) and it is whole
    pages long.

    SQLite is asked first: closing any descriptor of a file drops the POSIX locks this
    process's connections hold on it, so the bytes are read only of a file SQLite cannot
    read as a plain database (none of this process's plain connections can be open on it;
    a protected one this process opened has its key remembered and is never probed)."""
    path = Path(path)
    probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        # The header's schema version: read from page 1 without parsing the schema
        # (reading sqlite_master parsed every table and trigger: milliseconds a start).
        probe.execute("PRAGMA schema_version").fetchone()
        return False
    except sqlite3.DatabaseError as exc:
        if "not a database" not in str(exc):
            return False  # unreadable for another reason: opening it says which
    finally:
        probe.close()
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_HEADER))
    return head != SQLITE_HEADER and size >= 1024 and size % 1024 == 0


def read_salt(path: Path) -> bytes:
    """The salt in a protected file's first 16 bytes (read only as ``is_encrypted`` does)."""
    with Path(path).open("rb") as fh:
        return fh.read(SALT_BYTES)


def key_from_secret(path: Path, secret: str) -> DatabaseKey:
    """The key a typed secret gives for the file at ``path``: a recovery key as it is, a
    passphrase stretched with the file's salt. Not yet checked against the file."""
    recovery = parse_recovery_key(secret)
    if recovery is not None:
        return recovery
    return derive_key(secret, read_salt(path))


def connect_unkeyed(target: str, **kwargs: Any) -> Connection:
    """An SQLCipher connection to a plain file: the backup API copies only between
    connections of one driver."""
    conn: Connection = _driver().connect(target, **kwargs)
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def connect_encrypted(
    target: str, key: DatabaseKey, *, path: Path | None = None, **kwargs: Any
) -> Connection:
    """A connection to a protected file (``target`` a path, or an URI with ``uri=True`` and
    the file's ``path`` for messages), checked: a wrong key raises WrongPassphraseError
    before anything is written."""
    driver = _driver()
    conn: Connection = driver.connect(target, **kwargs)
    try:
        # SQLCipher logs decryption failures to stderr; the user gets one plain line.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {key.pragma_value}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except driver.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc):
            raise WrongPassphraseError(path or Path(target)) from exc
        raise
    return conn


def unlock(path: Path, secret: str) -> DatabaseKey:
    """Check a passphrase or recovery key against the file and remember the key for it.
    Raises WrongPassphraseError, having changed nothing."""
    path = Path(path)
    key = key_from_secret(path, secret)
    uri = f"{path.resolve().as_uri()}?mode=ro"
    conn = connect_encrypted(uri, key, path=path, uri=True)
    conn.close()
    remember_key(path, key)
    return key


def matches(path: Path, secret: str) -> bool:
    """Whether a typed secret is the passphrase (or recovery key) of a database this
    process unlocked; no file is read (the lock screen's check)."""
    key = key_for(path)
    if key is None:
        raise StoreError(t("{path} is not unlocked in this session", path=path))
    candidate = parse_recovery_key(secret) or derive_key(secret, key.salt)
    import hmac

    return hmac.compare_digest(candidate.key + candidate.salt, key.key + key.salt)


# ---- protecting, changing the passphrase --------------------------------------------


def _table_counts(conn: Connection, schema: str = "main") -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")
        if not row[0].startswith("sqlite_")
    ]
    return {
        name: conn.execute(f"SELECT count(*) FROM {schema}.[{name}]").fetchone()[0]
        for name in names
    }


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def export_encrypted(source: Path, key: DatabaseKey | None, target: Path, new: DatabaseKey) -> None:
    """Write the whole database at ``source`` (opened with ``key``, None when plain) into a
    new file ``target`` encrypted with ``new``; checked (integrity, every table's row count)
    before this returns. The caller renames it into place."""
    _remove_with_sidecars(target)
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    if key is None:
        src = connect_unkeyed(str(source), timeout=10.0, isolation_level=None)
    else:
        src = connect_encrypted(str(source), key, timeout=10.0, isolation_level=None)
    try:
        src.execute("PRAGMA busy_timeout = 10000")
        # The write lock for the whole copy: nobody changes the source meanwhile.
        src.execute("ATTACH DATABASE ? AS protected KEY ?", [str(target), new.raw_literal])
        src.execute("BEGIN IMMEDIATE")
        src.execute("SELECT sqlcipher_export('protected')")
        # sqlcipher_export copies the schema and rows, not the header's identity.
        for pragma in ("application_id", "user_version"):
            value = int(src.execute(f"PRAGMA main.{pragma}").fetchone()[0])
            src.execute(f"PRAGMA protected.{pragma} = {value}")
        expected = _table_counts(src)
        src.execute("COMMIT")
        src.execute("DETACH DATABASE protected")
    except Error as exc:
        with contextlib.suppress(*Error):
            src.execute("ROLLBACK")
        src.close()
        _remove_with_sidecars(target)
        raise StoreError(
            t("Could not write the protected copy of {source}: {exc}", source=source, exc=exc)
        ) from exc
    src.close()
    try:
        _verify_copy(target, new, expected)
    except BaseException:
        _remove_with_sidecars(target)
        raise


def _verify_copy(target: Path, key: DatabaseKey, expected: dict[str, int]) -> None:
    check = connect_encrypted(str(target), key)
    try:
        if check.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise StoreError(
                t("The protected copy {target} failed its integrity check", target=target)
            )
        got = _table_counts(check)
        if got != expected:
            differing = sorted(
                n for n in expected.keys() | got.keys() if expected.get(n) != got.get(n)
            )
            raise StoreError(
                t(
                    "The protected copy {target} does not hold every row ({tables}); the "
                    "database was left as it was",
                    target=target,
                    tables=", ".join(differing),
                )
            )
        check.execute("PRAGMA journal_mode = DELETE")
    finally:
        check.close()
    fsync_path(target)


def replace_with(copy: Path, path: Path) -> None:
    """Swap a finished copy into place atomically; the old file's -wal and -shm (which held
    its plain pages) go with it."""
    os.replace(copy, path)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if not on_windows():  # a folder is fsync'd on POSIX only
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def reencrypt_file(path: Path, key: DatabaseKey | None, new: DatabaseKey) -> None:
    """Encrypt (``key`` None) or re-key the file at ``path`` in place: export, verify, swap.
    A crash at any point leaves the old file whole under its name."""
    path = Path(path)
    copy = path.with_name(f".{path.name}.protecting")
    export_encrypted(path, key, copy, new)
    replace_with(copy, path)
