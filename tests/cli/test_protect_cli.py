"""Encryption at rest from the command line (issue 13 §1), on real files in real processes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from sessionlog.instance import DatabaseLock
from sessionlog.services.demo import ADDRESSES, CLIENTS, RESPONSES
from sessionlog.store import Store, open_database
from sessionlog.store.encryption import cipher, derive_key, read_salt

SRC = str(Path(__file__).resolve().parents[2] / "src")
PASSPHRASE = "correct horse battery"

# What must never be readable in the bytes of a protected database or its copies.
SECRETS = [
    *(c.name for c in CLIENTS),
    # Name parts of 3 bytes or fewer are left out: any 3 given bytes turn up in about
    # one random megabyte in 17, so ciphertext would "contain" them by chance.
    *(part for c in CLIENTS for part in c.name.split() if len(part.encode()) >= 4),
    *(c.medicaid_id for c in CLIENTS),
    *(a.line1 for a in ADDRESSES.values()),
    *RESPONSES,
]


def sessionlog(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("SESSIONLOG_PASS")}
    full_env |= {"PYTHONPATH": SRC, **env}
    return subprocess.run(
        [sys.executable, "-m", "sessionlog", *args],
        capture_output=True,
        text=True,
        env=full_env,
        stdin=subprocess.DEVNULL,
        timeout=180,
    )


def leaks(folder: Path) -> dict[str, list[str]]:
    """Every secret found in the bytes of any file under ``folder`` (UTF-8 and UTF-16)."""
    found: dict[str, list[str]] = {}
    for file in folder.rglob("*"):
        if not file.is_file():
            continue
        data = file.read_bytes()
        for secret in SECRETS:
            for encoding in ("utf-8", "utf-16-le"):
                if secret.encode(encoding) in data:
                    found.setdefault(str(file.relative_to(folder)), []).append(secret)
    return found


def counts_plain(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return _counts(conn)
    finally:
        conn.close()


def counts_protected(path: Path, passphrase: str) -> dict[str, int]:
    conn = cipher.connect(str(path))
    conn.execute(f"PRAGMA key = \"x'{derive_key(passphrase, read_salt(path)).key.hex()}'\"")
    try:
        return _counts(conn)
    finally:
        conn.close()


def _counts(conn) -> dict[str, int]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {n: conn.execute(f"SELECT count(*) FROM [{n}]").fetchone()[0] for n in names}


def test_the_leak_check_finds_a_plain_demo(tmp_path: Path) -> None:
    """The grep below could fail: on a plain demo it finds every client."""
    data = tmp_path / "data"
    assert sessionlog("--db", str(data / "s.sqlite3"), "demo").returncode == 0
    found = leaks(data)
    assert {c.medicaid_id for c in CLIENTS} <= set(found["s.sqlite3"])


def test_demo_with_a_passphrase_leaves_no_client_data_in_any_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    db = data / "sessionlog.sqlite3"
    made = sessionlog("--db", str(db), "demo", SESSIONLOG_PASSPHRASE=PASSPHRASE)
    assert made.returncode == 0, made.stderr
    backed = sessionlog(
        "--db",
        str(db),
        "backup",
        "--out",
        str(data / "backups" / "manual.sqlite3"),
        SESSIONLOG_PASSPHRASE=PASSPHRASE,
    )
    assert backed.returncode == 0, backed.stderr
    assert "4 client(s)" in backed.stdout
    # A second database written in this process and still open: its -wal and -shm exist.
    live = data / "live.sqlite3"
    store = Store(open_database(live, passphrase=PASSPHRASE), actor="test")
    from sessionlog.services.demo import load_demo

    load_demo(store, today=date(2026, 11, 20))
    assert Path(f"{live}-wal").stat().st_size > 0
    assert Path(f"{live}-shm").exists()
    try:
        names = sorted(p.name for p in data.rglob("*") if p.is_file())
        assert "live.sqlite3-wal" in names and "manual.sqlite3" in names
        assert leaks(data) == {}
    finally:
        store.db.close()
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(db).execute("SELECT count(*) FROM sqlite_master")
    assert counts_protected(db, PASSPHRASE)["clients"] == 4


def test_a_wrong_passphrase_is_refused_in_one_line_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    assert sessionlog("--db", str(db), "demo", SESSIONLOG_PASSPHRASE=PASSPHRASE).returncode == 0
    before = db.read_bytes()
    files = sorted(p.name for p in tmp_path.iterdir())  # the file and its check stamp
    for command in (
        ["check"],
        ["demo", "--force"],
        ["units", "--from", "2026-11-01", "--to", "2026-11-30"],
    ):
        wrong = sessionlog("--db", str(db), *command, SESSIONLOG_PASSPHRASE="not the one!")
        assert wrong.returncode != 0
        assert wrong.stderr.strip().splitlines() == [
            f"error: Wrong passphrase or recovery key for {db}; nothing was opened or changed"
        ]
        assert wrong.stdout == ""
    none = sessionlog("--db", str(db), "check")
    assert none.returncode != 0
    assert "SESSIONLOG_PASSPHRASE" in none.stderr and "Traceback" not in none.stderr
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files
    right = sessionlog("--db", str(db), "check", SESSIONLOG_PASSPHRASE=PASSPHRASE)
    assert right.returncode == 0, right.stderr


def test_protect_encrypts_in_place_keeping_every_row_and_its_backups(tmp_path: Path) -> None:
    db = tmp_path / "sessionlog.sqlite3"
    assert sessionlog("--db", str(db), "demo").returncode == 0
    backup = tmp_path / "backups" / "sessionlog-20261120-090000-manual.sqlite3"
    assert sessionlog("--db", str(db), "backup", "--out", str(backup)).returncode == 0
    rows = counts_plain(db)
    assert rows["sessions"] > 50 and rows["audit_log"] > 100
    # The demo's notes are laid out around today, so how many are signed depends on the date.
    with sqlite3.connect(db) as plain:
        (signed,) = plain.execute("SELECT count(DISTINCT session_id) FROM signatures").fetchone()
    assert signed > 40
    assert leaks(tmp_path)  # plain before

    done = sessionlog(
        "--db", str(db), "protect", "--recovery-key", SESSIONLOG_PASSPHRASE=PASSPHRASE
    )
    assert done.returncode == 0, done.stderr
    assert "1 backup(s) beside it re-encrypted" in done.stdout

    assert counts_protected(db, PASSPHRASE) == rows
    assert counts_protected(backup, PASSPHRASE) == counts_plain_after(backup, rows)
    assert leaks(tmp_path) == {}
    # Beside the file only its backups and the stamp of its last integrity check.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".sessionlog.sqlite3.checked",
        "backups",
        "sessionlog.sqlite3",
    ]
    check = sessionlog("--db", str(db), "check", SESSIONLOG_PASSPHRASE=PASSPHRASE)
    assert check.returncode == 0 and f"{signed} signed note(s)" in check.stdout
    # The recovery key printed once opens it without the passphrase.
    recovery = done.stdout.strip().splitlines()[-1].strip()
    by_key = sessionlog("--db", str(db), "check", SESSIONLOG_PASSPHRASE=recovery)
    assert by_key.returncode == 0, by_key.stderr
    again = sessionlog("--db", str(db), "protect", SESSIONLOG_PASSPHRASE=PASSPHRASE)
    assert again.returncode != 0 and "already protected" in again.stderr


def counts_plain_after(backup: Path, rows: dict[str, int]) -> dict[str, int]:
    """The backup was taken after the demo: the same rows as the database."""
    return rows


def test_protect_refuses_while_the_app_holds_the_database(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    assert sessionlog("--db", str(db), "demo").returncode == 0
    before = db.read_bytes()
    with DatabaseLock(db) as lock:
        assert lock.acquire()
        refused = sessionlog("--db", str(db), "protect", SESSIONLOG_PASSPHRASE=PASSPHRASE)
    assert refused.returncode != 0
    assert "close it first. Nothing was changed." in refused.stderr
    assert db.read_bytes() == before


def test_a_short_passphrase_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    assert sessionlog("--db", str(db), "demo").returncode == 0
    before = db.read_bytes()
    short = sessionlog("--db", str(db), "protect", SESSIONLOG_PASSPHRASE="short")
    assert short.returncode != 0 and "at least 8 characters" in short.stderr
    assert db.read_bytes() == before


def test_change_passphrase_then_the_old_one_and_old_recovery_key_are_refused(
    tmp_path: Path,
) -> None:
    db = tmp_path / "s.sqlite3"
    first = sessionlog("--db", str(db), "demo", SESSIONLOG_PASSPHRASE=PASSPHRASE)
    assert first.returncode == 0
    rows = counts_protected(db, PASSPHRASE)
    changed = sessionlog(
        "--db",
        str(db),
        "change-passphrase",
        "--recovery-key",
        SESSIONLOG_PASSPHRASE=PASSPHRASE,
        SESSIONLOG_NEW_PASSPHRASE="a brand new phrase",
    )
    assert changed.returncode == 0, changed.stderr
    old = sessionlog("--db", str(db), "check", SESSIONLOG_PASSPHRASE=PASSPHRASE)
    assert old.returncode != 0 and "Wrong passphrase" in old.stderr
    new = sessionlog("--db", str(db), "check", SESSIONLOG_PASSPHRASE="a brand new phrase")
    assert new.returncode == 0, new.stderr
    # Every row kept; `check` adds one setting, the audit chain's checkpoint (issue 12).
    assert counts_protected(db, "a brand new phrase") == {
        **rows,
        "app_state": rows["app_state"] + 1,
    }
    recovery = changed.stdout.strip().splitlines()[-1].strip()
    assert sessionlog("--db", str(db), "check", SESSIONLOG_PASSPHRASE=recovery).returncode == 0
    wrong_current = sessionlog(
        "--db",
        str(db),
        "change-passphrase",
        SESSIONLOG_PASSPHRASE=PASSPHRASE,
        SESSIONLOG_NEW_PASSPHRASE="yet another one",
    )
    assert wrong_current.returncode != 0 and "Wrong passphrase" in wrong_current.stderr
    # Every row kept; `check` adds one setting, the audit chain's checkpoint (issue 12).
    assert counts_protected(db, "a brand new phrase") == {
        **rows,
        "app_state": rows["app_state"] + 1,
    }
