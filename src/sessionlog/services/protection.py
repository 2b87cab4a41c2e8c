"""Protecting a database with a passphrase, changing it, unlocking it.

Protecting encrypts the database in place (a new encrypted file, checked row for row, then
renamed over the old one) and the copies SessionLog keeps beside it (the backups folder,
the copies taken before a schema update), so no plain copy of the record stays behind in
SessionLog's folders. Changing the passphrase does the same with the new key: the backups
folder always opens with the database's current passphrase.

The caller holds the database's writer lock (the app, or the command's ``DatabaseLock``),
and no connection of this process may stay open on the old file: it is replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sessionlog.core.errors import StoreError
from sessionlog.services.wording import t
from sessionlog.store import encryption
from sessionlog.store.encryption import (
    DatabaseKey,
    PassphraseRequiredError,
    WrongPassphraseError,
    check_new_passphrase,
    is_encrypted,
    key_for,
    new_key,
    reencrypt_file,
)

__all__ = [
    "PassphraseRequiredError",
    "ProtectionResult",
    "WrongPassphraseError",
    "available",
    "change_passphrase",
    "check_new_passphrase",
    "is_protected",
    "passphrase_matches",
    "protect",
    "unlock",
]


@dataclass(frozen=True)
class ProtectionResult:
    key: DatabaseKey  # its recovery_text() is the recovery key, shown once
    copies_protected: int  # backups and pre-update copies encrypted or re-keyed with it
    copies_left: tuple[Path, ...]  # copies under another, older passphrase: left as they are

    @property
    def recovery_key(self) -> str:
        return self.key.recovery_text()


def is_protected(db_path: Path) -> bool:
    """Whether the database file is encrypted (False for a file not created yet)."""
    path = Path(db_path)
    if key_for(path) is not None:
        return True
    return path.is_file() and path.stat().st_size > 0 and is_encrypted(path)


PASSPHRASE_MIN_LENGTH = encryption.PASSPHRASE_MIN_LENGTH
no_sqlcipher = encryption.no_sqlcipher


def available() -> bool:
    """Whether this installation can protect a database (SQLCipher is installed)."""
    return encryption.sqlcipher_available()


def is_unlocked(db_path: Path) -> bool:
    """Whether this process holds the key of a protected database."""
    return key_for(Path(db_path)) is not None


def unlock(db_path: Path, secret: str) -> None:
    """Check the passphrase or recovery key and keep the key for this run of the app.
    WrongPassphraseError, with nothing changed, when it does not open the file."""
    encryption.unlock(Path(db_path), secret)


def passphrase_matches(db_path: Path, secret: str) -> bool:
    """The lock screen's check: the passphrase or recovery key of the unlocked database.
    Slow on purpose (key stretching): call it off the GUI thread."""
    return encryption.matches(Path(db_path), secret)


AUTO_LOCK_KEY = "auto_lock_minutes"
DEFAULT_AUTO_LOCK_MINUTES = 5


def _copies(db_path: Path) -> list[Path]:
    """The copies of the record SessionLog keeps beside the database."""
    path = Path(db_path)
    found = sorted(path.parent.glob(f"{path.name}.before-migration-*.bak"))
    from sessionlog.services.backups import backup_folder  # only when re-encrypting copies

    folder = backup_folder(path)
    if folder.is_dir():
        found += sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".sqlite3")
    return found


def protect(db_path: Path, passphrase: str) -> ProtectionResult:
    """Encrypt a plain database in place, and its backups; returns the key (its recovery
    key is shown once). A crash at any point leaves each file whole, plain or protected."""
    path = Path(db_path)
    if is_protected(path):
        raise StoreError(t("{path} is already protected; change its passphrase instead", path=path))
    if not path.is_file():
        raise StoreError(t("There is no database at {path} to protect", path=path))
    check_new_passphrase(passphrase)
    key = new_key(passphrase)
    reencrypt_file(path, None, key)
    encryption.remember_key(path, key)
    protected, left = _reencrypt_copies(path, old=None, new=key)
    return ProtectionResult(key, protected, tuple(left))


def change_passphrase(db_path: Path, new_passphrase: str) -> ProtectionResult:
    """Re-key a protected database (unlocked in this process) and the copies beside it
    that open with its current key. The old passphrase and recovery key stop working."""
    path = Path(db_path)
    old = key_for(path)
    if old is None:
        if is_protected(path):
            raise PassphraseRequiredError(path)
        raise StoreError(t("{path} is not protected; protect it first", path=path))
    check_new_passphrase(new_passphrase)
    key = new_key(new_passphrase)
    reencrypt_file(path, old, key)
    encryption.remember_key(path, key)
    protected, left = _reencrypt_copies(path, old=old, new=key)
    return ProtectionResult(key, protected, tuple(left))


def _reencrypt_copies(
    db_path: Path, *, old: DatabaseKey | None, new: DatabaseKey
) -> tuple[int, list[Path]]:
    """Bring every copy that opens with ``old`` (plain ones when ``old`` is None) to ``new``;
    the copies protected under another passphrase are left and listed."""
    done, left = 0, []
    for copy in _copies(db_path):
        encryption.forget_key(copy)
        copy_is_plain = not is_encrypted(copy)
        if old is None and not copy_is_plain:
            left.append(copy)
            continue
        try:
            reencrypt_file(copy, None if copy_is_plain else old, new)
        except StoreError:  # another passphrase's copy, or a damaged one: left as it is
            left.append(copy)
            continue
        done += 1
    return done, left
