"""Start, Pause, Resume and Stop are written by the writer thread (issue 12): the click
is answered at once ("Starting…"), the timer shows running only once its row is in the
database, the session starts at the click's instant and its clock runs from the click.

A second connection holding the write lock keeps a write from landing for as long as a
test needs to look at the moment in between (as a command-line import would).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from sessionlog.core.models import Segment, SessionStatus


@pytest.fixture
def window(qtbot, rosa_store, db_path, fake_clock):
    """The real window, its timer commands not waited for (unlike ``main_window``)."""
    from sessionlog.ui.bus import ChangeBus
    from sessionlog.ui.main_window import MainWindow

    window = MainWindow(rosa_store, db_path, bus=ChangeBus(), clock=fake_clock)
    qtbot.addWidget(window)
    window.show()
    yield window
    qtbot.waitUntil(lambda: not window.today.timer.busy, timeout=15_000)
    window.close()


@pytest.fixture
def write_lock(db_path: Path) -> Iterator[sqlite3.Connection]:
    """Another connection holding the database's write lock until the test commits."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    yield conn
    if conn.in_transaction:
        conn.execute("COMMIT")
    conn.close()


@pytest.fixture
def warnings_shown(window, monkeypatch) -> list[str]:
    """The texts of the warnings the window shows (instead of a modal box), with Marcus
    and his job-coaching service picked."""
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text)
    )
    window.today.select_client("client-marcus", "H2023")
    return shown


def sessions_on_disk(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
    finally:
        conn.close()


def test_start_says_starting_at_once_and_shows_running_only_once_written(
    qtbot, window, rosa_store, db_path, fake_clock, write_lock
):
    today, timer = window.today, window.today.timer
    today.select_client("client-marcus", "H2023")
    clicked_at, clicked_monotonic = fake_clock.wall, fake_clock.monotonic
    before = sessions_on_disk(db_path)
    qtbot.mouseClick(timer.start_button, Qt.MouseButton.LeftButton)
    # Answered at once, nothing shown running: the row is not in the database yet.
    assert timer.busy
    assert timer.start_button.text() == "Starting…"
    assert not timer.start_button.isEnabled()
    assert timer.state_label.text() == "Starting…"
    assert not timer.active and not timer.stop_button.isEnabled()
    assert sessions_on_disk(db_path) == before
    fake_clock.advance(3)  # the write lands three seconds after the click
    write_lock.execute("COMMIT")
    qtbot.waitUntil(lambda: timer.active and not timer.busy, timeout=10_000)
    assert timer.state_label.text() == "● Running"
    assert timer.start_button.text() == "▶  Start"
    assert timer.stop_button.isEnabled()
    stored = rosa_store.session(timer.session_ids[0])
    assert stored.status is SessionStatus.RUNNING
    assert stored.segments == [Segment(clicked_at)]  # the click's instant, not the write's
    # The running clock counts from the click (monotonic), not from the acknowledgement.
    assert timer.anchor is not None and timer.anchor.monotonic == clicked_monotonic
    fake_clock.advance(57)
    qtbot.waitUntil(lambda: timer.elapsed_label.text() == "00:01:00", timeout=10_000)


def test_pause_stops_the_heartbeat_at_the_click_and_shows_paused_once_written(
    qtbot, window, rosa_store, db_path, fake_clock
):
    today, timer = window.today, window.today.timer
    today.select_client("client-marcus", "H2023")
    timer.start()
    qtbot.waitUntil(lambda: timer.active and not timer.busy, timeout=10_000)
    beats = timer.heartbeat_thread
    assert beats is not None and beats.following
    session_id = timer.session_ids[0]
    fake_clock.advance(600)
    paused_at = fake_clock.wall
    lock = sqlite3.connect(db_path, isolation_level=None)
    try:
        lock.execute("BEGIN IMMEDIATE")
        timer.toggle_pause()
        assert timer.state_label.text() == "Pausing…"
        assert not beats.following  # no beat starts after the click
        timer.beat()  # nor from the GUI thread (as at quit)
        assert not window.pending_writes.has("heartbeat")
        assert not timer.pause_button.isEnabled() and not timer.stop_button.isEnabled()
        fake_clock.advance(30)
        lock.execute("COMMIT")
    finally:
        lock.close()
    qtbot.waitUntil(lambda: not timer.busy, timeout=10_000)
    assert timer.state_label.text() == "❚❚ Paused"
    assert timer.pause_button.text().endswith("Resume")
    start = rosa_store.session(session_id).segments[0].start
    assert rosa_store.session(session_id).segments == [Segment(start, paused_at)]
    assert not beats.following

    # Resume and Stop, acknowledged in turn; the note comes up after Stop.
    timer.toggle_pause()
    assert timer.state_label.text() == "Resuming…"
    qtbot.waitUntil(lambda: not timer.busy, timeout=10_000)
    assert timer.state_label.text() == "● Running" and beats.following
    timer.stop()
    assert timer.state_label.text() == "Stopping…" and not beats.following
    qtbot.waitUntil(lambda: not timer.busy and not timer.active, timeout=10_000)
    assert rosa_store.session(session_id).status is SessionStatus.DRAFT
    assert rosa_store.timers() == []
    assert today.note.session is not None and today.note.session.id == session_id


def test_a_refused_start_says_why_and_leaves_the_timer_ready(
    qtbot, window, db_path, warnings_shown
):
    shown = warnings_shown
    timer = window.today.timer
    before = sessions_on_disk(db_path)
    timer.set_ready("client-marcus", "H9999")  # a code the service refuses
    timer.start()
    assert timer.start_button.text() == "Starting…"
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown == [
        "The timer could not start.\n\nService code 'H9999' is not one SessionLog knows."
    ]
    assert not timer.busy and not timer.active
    assert timer.start_button.text() == "▶  Start" and timer.start_button.isEnabled()
    assert timer.state_label.text() == ""
    assert sessions_on_disk(db_path) == before


def test_a_stop_refused_leaves_the_timer_running_and_beating(
    qtbot, window, rosa_store, fake_clock, monkeypatch, warnings_shown
):
    from sessionlog.core.errors import StoreError
    from sessionlog.services import timing

    shown = warnings_shown
    timer = window.today.timer
    timer.start()
    qtbot.waitUntil(lambda: timer.active and not timer.busy, timeout=10_000)

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise StoreError("The change was not saved: the disk is full; nothing was changed.")

    monkeypatch.setattr(timing, "stop", disk_full)
    fake_clock.advance(60)
    timer.stop()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown == [
        "The timer could not stop.\n\nThe change was not saved: the disk is full; "
        "nothing was changed."
    ]
    # The truth: still running in the database, shown running, the heartbeat on again.
    assert timer.active and timer.state_label.text() == "● Running"
    assert timer.stop_button.isEnabled()
    assert timer.heartbeat_thread is not None and timer.heartbeat_thread.following
    assert rosa_store.session(timer.session_ids[0]).status is SessionStatus.RUNNING
    assert timer.anchor is not None
    assert timer.anchor.now(fake_clock.read()) - rosa_store.session(timer.session_ids[0]).segments[
        0
    ].start == timedelta(seconds=60)
