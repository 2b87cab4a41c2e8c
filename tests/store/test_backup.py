"""Backups with SQLite's backup API, the rolling folder, and restore."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from tests.mounts import fill, tmpfs

from sessionlog.services import backups
from sessionlog.store import Store, StoreError, open_database
from sessionlog.store.backup import read_contents, write_snapshot

NOW = datetime(2026, 11, 20, 9, 30, 0)


def _session_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
    finally:
        conn.close()


def test_backup_includes_transactions_still_in_the_wal(demo_store: Store, tmp_path: Path) -> None:
    """A plain copy of the file misses committed sessions that are still in the -wal file;
    the backup API does not."""
    demo_store.db.execute("PRAGMA wal_autocheckpoint = 0")
    expected = demo_store.count_sessions()
    assert Path(f"{demo_store.path}-wal").stat().st_size > 0
    target = tmp_path / "copy.sqlite3"
    write_snapshot(demo_store.path, target)
    contents = read_contents(target)
    assert contents.sessions == expected > 0
    assert contents.clients == len(demo_store.clients(include_archived=True))
    signed = sum(1 for s in demo_store.sessions() if s.signed)
    assert contents.signed_notes == signed > 0
    assert target.stat().st_mode & 0o777 == 0o600
    assert not Path(f"{target}-wal").exists()
    assert not list(tmp_path.glob(".*partial"))


WRITER = textwrap.dedent(
    """
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], timeout=10, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("CREATE TABLE IF NOT EXISTS load (n INTEGER PRIMARY KEY, pad TEXT)")
    print("ready", flush=True)
    n = 0
    while True:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO load (pad) VALUES (?)", ["x" * 2000])
        conn.execute("INSERT INTO load (pad) VALUES (?)", ["y" * 2000])
        conn.execute("COMMIT")
        n += 2
    """
)


def test_backup_is_consistent_while_another_process_writes(store: Store, tmp_path: Path) -> None:
    """Each backup taken while a second process commits pairs of rows holds whole
    transactions only (an even row count) and passes the integrity check."""
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    writer = subprocess.Popen(
        [sys.executable, str(script), str(store.path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        counts = []
        for i in range(8):
            target = tmp_path / f"b{i}.sqlite3"
            write_snapshot(store.path, target)
            read_contents(target)  # raises unless quick_check is ok
            conn = sqlite3.connect(target)
            counts.append(conn.execute("SELECT count(*) FROM load").fetchone()[0])
            conn.close()
    finally:
        writer.kill()
        writer.wait()
    assert all(c % 2 == 0 for c in counts), counts
    assert counts == sorted(counts) and counts[-1] > 0


def test_rolling_backups_keep_the_newest(demo_store: Store) -> None:
    path = demo_store.path
    for day in range(5):
        backups.back_up(path, "daily", now=NOW + timedelta(days=day), keep=3)
    found = backups.list_backups(path)
    assert [b.taken_at.day for b in found] == [24, 23, 22]
    assert all(b.good and b.reason == "daily" for b in found)
    folder = backups.backup_folder(path)
    assert folder.stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in folder.iterdir())


def test_daily_backup_only_at_the_first_start_of_a_day(demo_store: Store) -> None:
    path = demo_store.path
    assert backups.daily_backup_if_due(path, now=NOW) is not None
    assert backups.daily_backup_if_due(path, now=NOW + timedelta(hours=3)) is None
    assert backups.daily_backup_if_due(path, now=NOW + timedelta(days=1)) is not None
    assert len(backups.list_backups(path)) == 2


def test_restore_backs_up_the_current_file_first(demo_store: Store) -> None:
    path = demo_store.path
    before = demo_store.count_sessions()
    saved = backups.back_up(path, "end-of-day", now=NOW)
    victim = demo_store.sessions()[0]
    if victim.signed:
        victim = next(s for s in demo_store.sessions() if not s.signed)
    demo_store.delete_unsigned_session(victim.id)
    assert demo_store.count_sessions() == before - 1

    result = backups.restore(saved, path, now=NOW + timedelta(minutes=5))
    # The app's own open connection sees the restored contents.
    assert demo_store.count_sessions() == before
    assert result.restored.sessions == before
    assert result.safety_copy is not None
    assert read_contents(result.safety_copy).sessions == before - 1
    assert open_database(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_restore_refuses_a_damaged_backup_and_writes_nothing(
    demo_store: Store, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.sqlite3"
    write_snapshot(demo_store.path, bad)
    data = bytearray(bad.read_bytes())
    data[4096 * 3 : 4096 * 3 + 200] = b"\xff" * 200  # trample a table page
    bad.write_bytes(bytes(data))
    before = demo_store.count_sessions()
    with pytest.raises(StoreError, match=r"damaged|cannot be read"):
        backups.restore(bad, demo_store.path, now=NOW)
    assert demo_store.count_sessions() == before
    assert not backups.backup_folder(demo_store.path).exists()


def test_restore_refuses_files_that_are_not_backups(store: Store, tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    with pytest.raises(StoreError, match="empty"):
        backups.restore(empty, store.path, now=NOW)
    text = tmp_path / "notes.txt"
    text.write_text("not a database" * 20)
    with pytest.raises(StoreError, match="not a SessionLog"):
        backups.restore(text, store.path, now=NOW)


def test_restore_refuses_a_backup_from_a_newer_version(store: Store, tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite3"
    write_snapshot(store.path, newer)
    conn = sqlite3.connect(newer)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('sessionlog', 'm999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer SessionLog"):
        backups.restore(newer, store.path, now=NOW)


def test_backup_to_a_read_only_place_names_the_cause(store: Store, tmp_path: Path) -> None:
    with (
        tmpfs(tmp_path / "ro", 256, read_only=True) as folder,
        pytest.raises(StoreError, match="read-only"),
    ):
        write_snapshot(store.path, folder / "b.sqlite3")


def test_backup_to_a_full_disk_names_the_cause_and_leaves_no_partial_file(
    demo_store: Store, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "full", 512) as folder:
        fill(folder)
        (folder / "ballast").unlink()  # room for the start of the copy, not all of it
        (folder / "ballast").write_bytes(b"\0" * (400 * 1024))
        with pytest.raises(StoreError, match="disk is full"):
            write_snapshot(demo_store.path, folder / "b.sqlite3")
        assert sorted(p.name for p in folder.iterdir()) == ["ballast", "ballast2"]


HANGING_BACKUP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from sessionlog.store.backup import write_snapshot
    write_snapshot(Path(sys.argv[1]), Path(sys.argv[2]))
    """
)


def test_a_killed_backups_temporary_file_is_removed_at_the_next_start(tmp_path: Path) -> None:
    """A backup that never finished (killed, or abandoned when the app quit) leaves its
    hidden ``.partial`` file (and, when killed mid-copy, SQLite's journal beside it): the
    next start removes them, and never one a live backup is still writing."""
    from sessionlog.pending import remove_orphaned_parts

    held = tmp_path / "held.sqlite3"
    holder = sqlite3.connect(held, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")  # the backup waits for it with its file created
    folder = tmp_path / "chosen folder"
    script = tmp_path / "backup.py"
    script.write_text(HANGING_BACKUP)
    child = subprocess.Popen([sys.executable, str(script), str(held), str(folder / "b.sqlite3")])
    partial = folder / ".b.sqlite3.partial"
    try:
        deadline = time.monotonic() + 60
        while not partial.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)  # polling for the child's file, not a fixed wait
        assert partial.exists(), "the backup did not start"
        assert remove_orphaned_parts() == []  # its writer is alive: left alone
        assert partial.exists()
    finally:
        child.kill()
        child.wait(timeout=30)
        holder.close()
    journal = folder / ".b.sqlite3.partial-journal"
    journal.write_bytes(b"\0" * 512)  # what a kill in the middle of the copy leaves too
    assert remove_orphaned_parts() == [partial.resolve()]
    assert list(folder.iterdir()) == []
    assert remove_orphaned_parts() == []  # no marker left behind
