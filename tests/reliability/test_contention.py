"""Another process writing: the window never freezes and no autosave is lost.

A real second process holds a write transaction (as a command-line import does); the
note form's autosave returns at once, says "saving…", and lands when the lock is freed.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sessionlog.core.errors import BusyError
from sessionlog.core.models import SessionStatus
from sessionlog.store import SessionFilter, Store

HOLDER = textwrap.dedent(
    """
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT OR REPLACE INTO app_state (key, value) VALUES ('holder', 'busy')")
    print("holding", flush=True)
    sys.stdin.readline()
    conn.execute("COMMIT")
    print("released", flush=True)
    """
)


@pytest.fixture
def lock_holder(db_path: Path, tmp_path: Path):
    """Starts a process that holds the write lock until told to commit."""
    script = tmp_path / "holder.py"
    script.write_text(HOLDER)
    children: list[subprocess.Popen[str]] = []

    def start() -> subprocess.Popen[str]:
        child = subprocess.Popen(
            [sys.executable, str(script), str(db_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        children.append(child)
        assert child.stdout is not None and child.stdout.readline().strip() == "holding"
        return child

    yield start
    for child in children:
        child.kill()
        child.wait()


def _release(child: subprocess.Popen[str]) -> None:
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write("go\n")
    child.stdin.flush()
    assert child.stdout.readline().strip() == "released"


def _response_on_disk(db_path: Path, session_id: str) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT response FROM sessions WHERE id = ?", [session_id]).fetchone()[
            0
        ]
    finally:
        conn.close()


def test_autosave_under_another_writer_returns_at_once_and_lands_later(
    qtbot, main_window, db_path, lock_holder
) -> None:
    store: Store = main_window.store
    draft = store.sessions(SessionFilter(status=SessionStatus.DRAFT, staff_id="staff-rosa"))[0]
    form = main_window.today.note
    form.show_session(draft.id)
    holder = lock_holder()

    form.response.setPlainText("Asked for the next task without a prompt.")
    started = time.monotonic()
    form.flush()
    blocked = time.monotonic() - started
    assert blocked < 0.2, f"the GUI thread waited {blocked:.3f} s"
    assert form.save_status.text().startswith("Saving…")
    qtbot.waitUntil(lambda: main_window._saving_label.text() == "saving…", timeout=2000)
    assert _response_on_disk(db_path, draft.id) == draft.response

    # More typing while the first save waits queues behind it: the newest text wins.
    form.response.setPlainText("Asked for the next task without a prompt, twice.")
    form.flush()
    _release(holder)
    qtbot.waitUntil(lambda: form.save_status.text().startswith("Saved"), timeout=20000)
    qtbot.waitUntil(lambda: main_window._saving_label.text() == "", timeout=20000)
    assert _response_on_disk(db_path, draft.id) == (
        "Asked for the next task without a prompt, twice."
    )


def test_a_write_transaction_takes_the_lock_before_it_reads(store: Store, db_path) -> None:
    """BEGIN IMMEDIATE: while a store transaction is open, no other connection can start
    writing, so the store's read-then-write cannot be overtaken half-way."""
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    with store.transaction():
        store.get_state("anything")  # a read first
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()


def test_a_short_busy_timeout_gives_busy_error_not_a_freeze(store: Store, lock_holder) -> None:
    store.set_busy_timeout(100)
    holder = lock_holder()
    started = time.monotonic()
    with pytest.raises(BusyError):
        store.set_state("k", "v")
    assert time.monotonic() - started < 0.5
    _release(holder)
    store.set_state("k", "v")
    assert store.get_state("k") == "v"


def test_heartbeat_under_another_writer_is_not_lost(
    qtbot, main_window, db_path, lock_holder, fake_clock
) -> None:
    from sessionlog.services import timing

    today = main_window.today
    today.select_client("client-marcus", "H2023")
    today.timer.start()
    first = timing.read_heartbeat(main_window.store)
    assert first is not None
    holder = lock_holder()
    fake_clock.advance(5)
    started = time.monotonic()
    today.timer.beat()
    assert time.monotonic() - started < 0.2
    qtbot.waitUntil(lambda: main_window._saving_label.text() == "saving…", timeout=2000)
    _release(holder)
    qtbot.waitUntil(lambda: main_window._saving_label.text() == "", timeout=20000)
    beat = timing.read_heartbeat(main_window.store)
    assert beat is not None and beat.wall == fake_clock.wall  # the beat taken under the lock
    assert beat.monotonic == fake_clock.monotonic
