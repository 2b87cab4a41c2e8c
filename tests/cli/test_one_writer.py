"""One writer per database: the running app holds a lock beside the file; a second app
brings the first to the front and exits, and writing commands wait or refuse."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from tests.app_process import app_env, close, read_line, start_timing_app, started_session
from tests.interchange_sample import sample

from sessionlog.instance import DatabaseLock, lock_path
from sessionlog.services import timing

ENV = app_env()


def sessionlog(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sessionlog", *args],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )


@pytest.fixture
def rosa_store(demo_store):
    demo_store.set_state("current_staff_id", "staff-rosa")
    return demo_store


@pytest.fixture
def running_app(rosa_store, db_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """The real app in its own process, timing Marcus."""
    app = start_timing_app(db_path)
    try:
        yield app, started_session(app)
    finally:
        close(app)


def test_a_second_app_on_the_same_database_shows_the_first_and_exits_0(
    running_app, rosa_store, db_path: Path
) -> None:
    app, session_id = running_app
    second = sessionlog("--db", str(db_path))
    assert second.returncode == 0
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1 and "already open" in lines[0]
    assert read_line(app) == "raised"
    # The first app keeps its timer: still running, still beating.
    assert app.poll() is None
    assert [s.id for s in rosa_store.running_sessions()] == [session_id]
    first = timing.read_heartbeat(rosa_store)
    assert first is not None
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        later = timing.read_heartbeat(rosa_store)
        if later is not None and later.wall > first.wall:
            break
        select.select([], [], [], 0.1)
    else:
        pytest.fail("the first app stopped beating")


def test_writing_commands_refuse_while_the_app_runs_and_reading_ones_work(
    running_app, rosa_store, db_path: Path
) -> None:
    app, _session_id = running_app
    sessions_before = len(rosa_store.sessions())
    refused = sessionlog("--db", str(db_path), "demo", "--force")
    assert refused.returncode == 2
    assert f"open in SessionLog (process {app.pid})" in refused.stderr
    assert "--wait" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert len(rosa_store.sessions()) == sessions_before  # nothing written
    units = sessionlog("--db", str(db_path), "units", "--from", "2026-11-01", "--to", "2026-11-20")
    assert units.returncode == 0, units.stderr
    assert "H2023" in units.stdout


def test_restore_is_refused_while_the_app_holds_the_database(
    running_app, rosa_store, db_path: Path, tmp_path: Path
) -> None:
    """Replacing the file under the running app would lose its timer: one line, exit 2,
    nothing written (not even the safety backup)."""
    from sessionlog.services.backups import backup_folder, needs_daily_backup

    app, session_id = running_app
    saved = tmp_path / "saved.sqlite3"
    assert sessionlog("--db", str(db_path), "backup", "--out", str(saved)).returncode == 0
    sessions_before = len(rosa_store.sessions())
    folder = backup_folder(db_path)
    # The app takes its daily backup a few seconds after its window is up (later on a
    # loaded machine): wait for it, so that it cannot land between the two looks below.
    deadline = time.monotonic() + 60
    while needs_daily_backup(db_path, datetime.now().astimezone().date()):
        assert time.monotonic() < deadline, "the app took no daily backup"
        select.select([], [], [], 0.1)
    # A refused restore adds no backup.
    backups_before = sorted(folder.iterdir()) if folder.exists() else []

    refused = sessionlog("--db", str(db_path), "restore", str(saved))
    assert refused.returncode == 2
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and f"open in SessionLog (process {app.pid})" in lines[0]
    assert refused.stdout == ""
    assert app.poll() is None
    assert [s.id for s in rosa_store.running_sessions()] == [session_id]
    assert len(rosa_store.sessions()) == sessions_before
    assert (sorted(folder.iterdir()) if folder.exists() else []) == backups_before

    # Once the app is gone (here: killed, leaving a stale lock) the restore goes ahead.
    app.send_signal(signal.SIGKILL)
    app.wait(timeout=30)
    done = sessionlog("--db", str(db_path), "restore", str(saved))
    assert done.returncode == 0, done.stderr
    assert "Restored" in done.stdout and "signed note(s)" in done.stdout
    (safety,) = set(folder.iterdir()) - set(backups_before)  # the file as it was
    assert safety.name.endswith("-before-restore.sqlite3")


def test_wait_writes_once_the_app_is_gone_even_after_a_crash(
    running_app, rosa_store, db_path: Path, tmp_path: Path
) -> None:
    app, _session_id = running_app
    source = tmp_path / "caseload.json"
    source.write_text(json.dumps(sample()), encoding="utf-8")
    waiting = subprocess.Popen(
        [sys.executable, "-m", "sessionlog", "--db", str(db_path), "import", str(source), "--wait"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
        text=True,
    )
    assert waiting.stderr is not None
    ready, _, _ = select.select([waiting.stderr], [], [], 30)
    assert ready and "Waiting for SessionLog" in waiting.stderr.readline()
    assert waiting.poll() is None
    app.send_signal(signal.SIGKILL)  # the lock it leaves is stale: taken over
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    assert "Imported" in out


def test_a_lock_left_by_a_killed_app_is_taken_over(running_app, db_path: Path) -> None:
    app, _session_id = running_app
    lock = DatabaseLock(db_path)
    assert not lock.acquire()
    assert lock.holder_pid() == app.pid
    app.send_signal(signal.SIGKILL)
    app.wait(timeout=30)
    assert lock_path(db_path).exists()  # left behind by the crash
    assert lock.acquire()
    lock.release()
    assert not lock_path(db_path).exists()


def test_one_process_cannot_take_a_lock_it_holds_elsewhere(db_path: Path) -> None:
    with DatabaseLock(db_path) as first:
        assert first.acquire()
        second = DatabaseLock(db_path)
        assert not second.acquire()
        assert second.holder_pid() == os.getpid()
    assert DatabaseLock(db_path).acquire()
