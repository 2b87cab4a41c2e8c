"""Honest time (issue #10 §3): while the computer is awake a session's length is what the
monotonic clock measured, whatever the wall clock does and whatever the coach answers;
Escape always gives the answer that counts nothing unseen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel

from sessionlog.services import timing
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.dialogs.recovery import ClockGapDialog, RecoveryDialog
from sessionlog.ui.main_window import MainWindow


def start_marcus(qtbot, main_window):
    today = main_window.today
    today.select_client("client-marcus", "H2023")
    qtbot.mouseClick(today.timer.start_button, Qt.MouseButton.LeftButton)
    return today


def tick_until_asked(qtbot, timer_panel) -> ClockGapDialog:
    qtbot.waitUntil(lambda: timer_panel.gap_dialog is not None, timeout=10_000)
    dialog = timer_panel.gap_dialog
    assert isinstance(dialog, ClockGapDialog)
    return dialog


def test_escape_after_a_clock_change_forward_then_back_keeps_the_measured_length(
    qtbot, main_window, rosa_store, fake_clock
):
    """The measured bug: +2 h then -30 min with Escape stored 90 minutes for 28 s."""
    today = start_marcus(qtbot, main_window)
    session_id = today.timer.session_ids[0]
    t0 = fake_clock.wall
    fake_clock.advance(14)
    qtbot.waitUntil(lambda: today.timer.elapsed_label.text() == "00:00:14", timeout=10_000)
    fake_clock.set_wall(timedelta(hours=2))
    first = tick_until_asked(qtbot, today.timer)
    assert first.gap.kind.value == "clock_forward"
    # While the question is open, time goes on and the clock is set again.
    fake_clock.advance(7)
    fake_clock.set_wall(timedelta(minutes=-30))
    qtbot.waitUntil(lambda: len(today.timer.pending_gaps) == 2, timeout=10_000)
    assert today.timer.elapsed_label.text() == "00:00:21"  # the display stays true
    qtbot.keyClick(first, Qt.Key.Key_Escape)
    second = tick_until_asked(qtbot, today.timer)
    assert second is not first and second.gap.kind.value == "clock_back"
    qtbot.keyClick(second, Qt.Key.Key_Escape)
    fake_clock.advance(7)
    qtbot.mouseClick(today.timer.stop_button, Qt.MouseButton.LeftButton)
    stored = rosa_store.session(session_id)
    assert stored.elapsed() == timedelta(seconds=28)
    # Escape trusted the new clock: the instants read in its terms.
    assert stored.segments[0].start == t0 + timedelta(hours=1, minutes=30)
    assert stored.segments[-1].end == fake_clock.wall


def test_the_old_clock_can_be_declared_right_and_the_length_is_the_same(
    qtbot, main_window, rosa_store, fake_clock
):
    today = start_marcus(qtbot, main_window)
    session_id = today.timer.session_ids[0]
    t0 = fake_clock.wall
    fake_clock.advance(60)
    fake_clock.set_wall(timedelta(hours=3))
    dialog = tick_until_asked(qtbot, today.timer)
    qtbot.mouseClick(dialog.buttons["old"], Qt.MouseButton.LeftButton)
    fake_clock.advance(60)
    qtbot.mouseClick(today.timer.stop_button, Qt.MouseButton.LeftButton)
    stored = rosa_store.session(session_id)
    assert stored.segments[0].start == t0
    assert stored.segments[-1].end == t0 + timedelta(minutes=2)


def test_after_the_clock_is_set_back_pause_and_stop_still_work(
    qtbot, main_window, rosa_store, fake_clock
):
    today = start_marcus(qtbot, main_window)
    session_id = today.timer.session_ids[0]
    fake_clock.advance(300)
    fake_clock.set_wall(timedelta(hours=-1))
    tick_until_asked(qtbot, today.timer)
    # Pause while the question is open: it gets its default answer, then the pause.
    qtbot.mouseClick(today.timer.pause_button, Qt.MouseButton.LeftButton)
    assert today.timer.gap_dialog is None
    assert today.timer.pause_button.text().endswith("Resume")
    fake_clock.advance(100)
    qtbot.mouseClick(today.timer.pause_button, Qt.MouseButton.LeftButton)
    fake_clock.advance(60)
    qtbot.mouseClick(today.timer.stop_button, Qt.MouseButton.LeftButton)
    stored = rosa_store.session(session_id)
    assert stored.status.value == "draft"
    assert stored.elapsed() == timedelta(minutes=6)
    assert [s.seconds() for s in stored.segments] == [300, 60]


def test_a_small_clock_change_is_placed_silently_without_changing_the_length(
    qtbot, main_window, rosa_store, fake_clock
):
    """Today +100 s was silently added; it must only move the instants."""
    today = start_marcus(qtbot, main_window)
    session_id = today.timer.session_ids[0]
    t0 = fake_clock.wall
    fake_clock.advance(30)
    fake_clock.set_wall(timedelta(seconds=100))
    qtbot.waitUntil(
        lambda: rosa_store.session(session_id).segments[0].start == t0 + timedelta(seconds=100),
        timeout=10_000,
    )
    assert today.timer.gap_dialog is None
    fake_clock.advance(30)
    qtbot.mouseClick(today.timer.stop_button, Qt.MouseButton.LeftButton)
    assert rosa_store.session(session_id).elapsed() == timedelta(minutes=1)


def test_escape_after_a_sleep_pauses_at_the_moment_the_computer_slept(
    qtbot, main_window, rosa_store, fake_clock
):
    today = start_marcus(qtbot, main_window)
    session_id = today.timer.session_ids[0]
    fake_clock.advance(600)
    qtbot.waitUntil(lambda: today.timer.elapsed_label.text() == "00:10:00", timeout=10_000)
    fell_asleep = fake_clock.wall
    fake_clock.sleep(50 * 60)
    dialog = tick_until_asked(qtbot, today.timer)
    assert dialog.gap.kind.value == "sleep"
    assert today.timer.elapsed_label.text().startswith("00:10:0")  # the sleep is not shown
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    stored = rosa_store.session(session_id)
    assert stored.segments[-1].end == fell_asleep
    assert today.timer.pause_button.text().endswith("Resume")
    assert rosa_store.time_corrections(session_id) == []


def test_after_stop_the_big_clock_shows_what_was_recorded_until_the_next_start(
    qtbot, main_window, fake_clock
):
    today = start_marcus(qtbot, main_window)
    fake_clock.advance(23 * 60 + 14)
    qtbot.mouseClick(today.timer.stop_button, Qt.MouseButton.LeftButton)
    fake_clock.advance(600)
    today.set_staff("staff-rosa")  # the panel repaints (as on any change of the day)
    assert today.timer.elapsed_label.text() == "00:23:14"
    today.select_client("client-marcus", "H2023")
    qtbot.mouseClick(today.timer.start_button, Qt.MouseButton.LeftButton)
    assert today.timer.elapsed_label.text() == "00:00:00"


# ---- crash recovery -----------------------------------------------------------------


def crashed_at_10_02(store, fake_clock, gap: timedelta):
    """A timer started at 10:02 in Chicago, the app last alive 30 s later, then gone for
    ``gap``: exactly what a killed app leaves in the database."""
    fake_clock.wall = datetime(2026, 11, 20, 16, 2, tzinfo=UTC)
    session = timing.start_session(
        store,
        client_id="client-marcus",
        staff_id="staff-rosa",
        code="H2023",
        reading=fake_clock.read(),
    ).value
    fake_clock.advance(30)
    timing.write_heartbeat(store, [session.id], fake_clock.read())
    last_alive = fake_clock.wall
    fake_clock.advance(gap.total_seconds())
    return session.id, last_alive


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


def test_recovery_says_how_long_the_gap_was_and_escape_stops_at_the_last_moment_alive(
    qtbot, rosa_store, reopen, fake_clock
):
    session_id, last_alive = crashed_at_10_02(
        rosa_store, fake_clock, timedelta(hours=9, minutes=12)
    )
    window = reopen()
    dialog = window.today.recover_interrupted()
    assert isinstance(dialog, RecoveryDialog)
    text = dialog.findChild(QLabel, "gap").text()
    assert "SessionLog was not running from 10:02 AM to 7:14 PM, 9 h 12 min." in text
    assert dialog.buttons["stop"].isDefault() and not dialog.buttons["keep"].isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    stored = rosa_store.session(session_id)
    assert stored.segments[-1].end == last_alive
    assert stored.elapsed() == timedelta(seconds=30)
    assert rosa_store.timers() == []
    assert not window.today.timer.active


def test_keeping_a_gap_over_the_payers_daily_maximum_asks_again_and_escape_stops(
    qtbot, rosa_store, reopen, fake_clock
):
    # Marcus's payer pays at most 24 units (6 h) of H2023 a day.
    session_id, last_alive = crashed_at_10_02(rosa_store, fake_clock, timedelta(hours=7))
    window = reopen()
    dialog = window.today.recover_interrupted()
    asked: list[str] = []

    def answer_no() -> None:
        box = window.today.timer.confirm_box
        asked.append(box.text())
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    QTimer.singleShot(200, answer_no)
    qtbot.mouseClick(dialog.buttons["keep"], Qt.MouseButton.LeftButton)
    assert asked and "daily maximum (6 h)" in asked[0]
    assert rosa_store.session(session_id).segments[-1].end == last_alive


def test_keeping_a_short_gap_running_needs_only_the_click(qtbot, rosa_store, reopen, fake_clock):
    session_id, _ = crashed_at_10_02(rosa_store, fake_clock, timedelta(minutes=20))
    window = reopen()
    dialog = window.today.recover_interrupted()
    qtbot.mouseClick(dialog.buttons["keep"], Qt.MouseButton.LeftButton)
    assert window.today.timer.session_ids == [session_id]
    assert rosa_store.timer(session_id).running
    qtbot.waitUntil(lambda: window.today.timer.elapsed_label.text() >= "00:20:30", timeout=10_000)
