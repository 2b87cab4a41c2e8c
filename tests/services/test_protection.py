"""Protecting, unlocking, re-keying, and backups of a protected database (issue 13 §1)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from sessionlog.services import backups, protection
from sessionlog.services.demo import load_demo
from sessionlog.store import Store, StoreError, open_database
from sessionlog.store.encryption import (
    PassphraseRequiredError,
    WrongPassphraseError,
    forget_key,
    is_encrypted,
)

NOW = datetime(2026, 11, 20, 9, 30, 0)
PASSPHRASE = "correct horse battery"


def _protected_demo(path: Path, passphrase: str = PASSPHRASE) -> Store:
    store = Store(open_database(path, passphrase=passphrase), actor="test")
    load_demo(store, today=date(2026, 11, 20))
    return store


def _reopen(path: Path, secret: str | None) -> Store:
    """A fresh start of the app: the key this process held is forgotten first."""
    forget_key(path)
    return Store(open_database(path, passphrase=secret), actor="test")


def test_a_protected_database_needs_its_passphrase_and_refuses_a_wrong_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.sqlite3"
    _protected_demo(path).db.close()
    assert is_encrypted(path)
    before = path.read_bytes()
    with pytest.raises(PassphraseRequiredError):
        _reopen(path, None)
    with pytest.raises(WrongPassphraseError, match="Wrong passphrase"):
        _reopen(path, "not the passphrase")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.sqlite3"]
    store = _reopen(path, PASSPHRASE)
    assert len(store.clients()) == 4
    # Worker threads open further connections with the remembered key.
    assert len(store.reopen().clients()) == 4


def test_a_plain_database_opens_without_a_passphrase_and_ignores_one(tmp_path: Path) -> None:
    path = tmp_path / "plain.sqlite3"
    open_database(path).close()
    store = Store(open_database(path, passphrase=PASSPHRASE), actor="test")
    assert not is_encrypted(path)
    assert not protection.is_protected(path)
    assert store.is_empty()


def test_the_recovery_key_unlocks_and_the_old_one_stops_after_a_change(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = Store(open_database(path), actor="test")
    load_demo(store, today=date(2026, 11, 20))
    store.db.close()
    result = protection.protect(path, PASSPHRASE)
    assert len(result.recovery_key.replace("-", "")) == 77
    assert len(_reopen(path, result.recovery_key.lower()).clients()) == 4
    changed = protection.change_passphrase(path, "another passphrase")
    with pytest.raises(WrongPassphraseError):
        _reopen(path, result.recovery_key)
    with pytest.raises(WrongPassphraseError):
        _reopen(path, PASSPHRASE)
    assert len(_reopen(path, changed.recovery_key).clients()) == 4
    assert len(_reopen(path, "another passphrase").clients()) == 4


def test_backups_of_a_protected_database_are_protected_with_its_key(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = _protected_demo(path)
    taken = backups.back_up(path, "manual", now=NOW)
    assert is_encrypted(taken)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(taken).execute("SELECT count(*) FROM sqlite_master")
    listed = backups.list_backups(path)
    assert [info.contents.clients for info in listed if info.contents] == [4]
    # A backup of a protected database opens with the database's passphrase.
    forget_key(taken)
    protection.unlock(taken, PASSPHRASE)
    store.db.close()


def test_restore_of_a_backup_under_an_older_passphrase_asks_for_it(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = _protected_demo(path)
    sessions = store.count_sessions()
    elsewhere = tmp_path / "usb" / "copy.sqlite3"
    backups.back_up_to(path, elsewhere)  # outside the backups folder: keeps the old key
    store.db.close()
    protection.change_passphrase(path, "the new passphrase")
    store = _reopen(path, "the new passphrase")
    store.set_state("marker", "written after the backup")  # the restore must undo it
    forget_key(elsewhere)
    with pytest.raises(WrongPassphraseError):
        backups.restore(elsewhere, path, now=NOW)
    with pytest.raises(WrongPassphraseError):
        backups.restore(elsewhere, path, now=NOW, secret="not it at all")
    result = backups.restore(elsewhere, path, now=NOW, secret=PASSPHRASE)
    assert result.restored.sessions == sessions
    assert result.safety_copy is not None and is_encrypted(result.safety_copy)
    store.db.close()
    # The restored database keeps the database's own (new) passphrase.
    restored = _reopen(path, "the new passphrase")
    assert restored.count_sessions() == sessions
    assert restored.get_state("marker") is None
    restored.db.close()
    with pytest.raises(WrongPassphraseError):
        _reopen(path, PASSPHRASE)


def test_a_protected_backup_is_not_restored_into_a_plain_database(tmp_path: Path) -> None:
    protected = tmp_path / "p.sqlite3"
    _protected_demo(protected).db.close()
    copy = backups.back_up(protected, "manual", now=NOW)
    plain = tmp_path / "plain" / "s.sqlite3"
    open_database(plain).close()
    before = plain.read_bytes()
    with pytest.raises(StoreError, match="protect the database first"):
        backups.restore(copy, plain, now=NOW, secret=PASSPHRASE)
    assert plain.read_bytes() == before
