"""A timer survives the app being killed: the next start finds the running
session and lets the coach keep it running or stop it at the last heartbeat."""

from __future__ import annotations

import signal
import time
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from tests.app_process import close, start_timing_app, started_session

from sessionlog.services import timing
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.dialogs.recovery import RecoveryDialog
from sessionlog.ui.main_window import MainWindow


@pytest.fixture
def killed_timer(rosa_store, db_path):
    """Run the real window in a child process, let it time Marcus, then SIGKILL it."""
    child = start_timing_app(db_path)
    try:
        session_id = started_session(child)
        first_beat = timing.read_heartbeat(rosa_store)
        assert first_beat is not None and first_beat.session_ids == (session_id,)
        deadline = time.monotonic() + 10
        # Wait until the app has beaten at least once more (it is alive and ticking).
        while time.monotonic() < deadline:
            beat = timing.read_heartbeat(rosa_store)
            if beat is not None and beat.wall > first_beat.wall + timedelta(milliseconds=300):
                break
            time.sleep(0.05)
        else:
            pytest.fail("no heartbeat from the running app")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        close(child)
    assert child.returncode == -signal.SIGKILL
    return session_id


@pytest.fixture
def reopen(qtbot, rosa_store, db_path, fake_clock):
    """The app's window opened again on the file (closed before the database is)."""
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(rosa_store, db_path, bus=ChangeBus(), clock=fake_clock)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


def test_killed_app_leaves_the_session_running_with_a_heartbeat(killed_timer, rosa_store):
    running = rosa_store.running_sessions()
    assert [s.id for s in running] == [killed_timer]
    beat = timing.read_heartbeat(rosa_store)
    assert beat is not None
    assert beat.wall >= running[0].segments[0].start


def test_keep_running_after_a_crash_counts_the_time_since(
    qtbot, killed_timer, rosa_store, reopen, fake_clock
):
    fake_clock.wall = datetime.now(UTC) + timedelta(minutes=7)
    window = reopen()
    dialog = window.today.recover_interrupted()
    assert isinstance(dialog, RecoveryDialog)
    assert "Marcus Webb" in " ".join(
        label.text() for label in dialog.findChildren(type(window.today.day_label))
    )
    qtbot.mouseClick(dialog.buttons["keep"], Qt.MouseButton.LeftButton)
    session = rosa_store.session(killed_timer)
    assert session.status.value == "running"
    assert window.today.timer.session_ids == [killed_timer]
    assert session.elapsed(fake_clock.wall) >= timedelta(minutes=7)
    qtbot.waitUntil(lambda: window.today.timer.elapsed_label.text() >= "00:07:00", timeout=10_000)
    assert "Marcus W." in window.windowTitle()


def test_stop_at_the_last_heartbeat_after_a_crash(
    qtbot, killed_timer, rosa_store, reopen, fake_clock
):
    beat = timing.read_heartbeat(rosa_store)
    fake_clock.wall = datetime.now(UTC) + timedelta(hours=2)
    window = reopen()
    window.start_up()  # the real start-up path shows the question
    dialog = window.findChild(RecoveryDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.buttons["stop"], Qt.MouseButton.LeftButton)
    session = rosa_store.session(killed_timer)
    assert session.status.value == "draft"
    assert session.segments[-1].end == beat.wall
    assert rosa_store.running_sessions() == []
    assert not window.today.timer.active
    assert window.today.note.session is not None
    assert window.today.note.session.id == killed_timer


def test_a_paused_timer_comes_back_paused(qtbot, main_window, rosa_store, reopen, fake_clock):
    today = main_window.today
    today.select_client("client-marcus", "H2023")
    today.timer.start()
    fake_clock.advance(300)
    today.timer.toggle_pause()
    session_id = today.timer.session_ids[0]
    main_window.close()
    window = reopen()
    assert window.today.recover_interrupted() is None  # nothing to ask: no time at risk
    assert window.today.timer.session_ids == [session_id]
    assert window.today.timer.pause_button.text().endswith("Resume")
