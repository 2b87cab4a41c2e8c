"""The timer through the real Today view on a real database file."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from PySide6.QtCore import Qt

from sessionlog.core.models import Segment
from sessionlog.core.timer import ClockReading
from sessionlog.services import timing
from sessionlog.ui.dialogs.recovery import ClockGapDialog


def start_marcus(qtbot, window):
    today = window.today
    today.select_client("client-marcus", "H2023")
    assert today.timer.start_button.isEnabled()
    qtbot.mouseClick(today.timer.start_button, Qt.MouseButton.LeftButton)
    return today


def test_start_writes_the_session_at_once(qtbot, main_window, rosa_store, fake_clock):
    start_marcus(qtbot, main_window)
    running = rosa_store.running_sessions()
    assert len(running) == 1
    session = running[0]
    assert session.client_id == "client-marcus"
    assert session.staff_id == "staff-rosa"
    assert session.code == "H2023"
    assert session.timezone == "America/Chicago"
    assert session.segments == [Segment(fake_clock.wall)]
    # The audit log says who started it.
    assert rosa_store.audit_log("session", session.id)[0]["actor"] == "staff-rosa"


def test_pause_resume_stop_are_each_written_when_they_happen(
    qtbot, main_window, rosa_store, fake_clock
):
    today = start_marcus(qtbot, main_window)
    t0 = fake_clock.wall
    session_id = today.timer.session_ids[0]
    fake_clock.advance(600)
    qtbot.keyClick(
        main_window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert rosa_store.session(session_id).segments == [Segment(t0, t0 + timedelta(minutes=10))]
    assert today.timer.pause_button.text().endswith("Resume")
    fake_clock.advance(300)
    qtbot.mouseClick(today.timer.pause_button, Qt.MouseButton.LeftButton)
    t1 = t0 + timedelta(minutes=15)
    assert rosa_store.session(session_id).segments[-1] == Segment(t1)
    fake_clock.advance(1200)
    qtbot.mouseClick(today.timer.stop_button, Qt.MouseButton.LeftButton)
    stored = rosa_store.session(session_id)
    assert stored.segments == [
        Segment(t0, t0 + timedelta(minutes=10)),
        Segment(t1, t1 + timedelta(minutes=20)),
    ]
    assert stored.status.value == "draft"
    assert rosa_store.timers() == []  # no timer row left behind
    # After Stop the note of the stopped session is in front of the coach.
    assert today.note.session is not None and today.note.session.id == session_id


def test_elapsed_time_is_shown_in_the_panel_and_the_window_title(qtbot, main_window, fake_clock):
    today = start_marcus(qtbot, main_window)
    fake_clock.advance(23 * 60 + 14)
    qtbot.waitUntil(lambda: today.timer.elapsed_label.text() == "00:23:14", timeout=10_000)
    assert main_window.windowTitle() == "00:23:14 ● Marcus W. — SessionLog"
    today.timer.toggle_pause()
    fake_clock.advance(3600)  # paused: the hour does not count
    qtbot.waitUntil(lambda: "Paused" in main_window.windowTitle(), timeout=10_000)
    assert today.timer.elapsed_label.text() == "00:23:14"
    today.timer.stop()
    assert main_window.windowTitle() == "SessionLog"


def test_session_menu_lists_the_timer_shortcuts(main_window):
    shortcuts = {
        a.text().replace("&", ""): a.shortcut().toString()
        for a in main_window.session_menu.actions()
    }
    assert shortcuts["Start timer"] == "Ctrl+Shift+S"
    assert shortcuts["Pause / resume"] == "Ctrl+Shift+P"
    assert shortcuts["Stop timer"] == "Ctrl+Shift+X"


def test_heartbeat_records_the_last_moment_alive(qtbot, main_window, rosa_store, fake_clock):
    today = start_marcus(qtbot, main_window)
    fake_clock.advance(45)
    today.timer.beat()
    row = rosa_store.timer(today.timer.session_ids[0])
    assert row is not None and row.running
    assert row.heartbeat_utc == fake_clock.wall
    assert row.heartbeat_monotonic == fake_clock.monotonic
    assert timing.read_heartbeat(rosa_store).session_ids == tuple(today.timer.session_ids)


def test_laptop_sleep_is_put_to_the_coach_and_pause_ends_time_at_sleep(
    qtbot, main_window, rosa_store, fake_clock
):
    today = start_marcus(qtbot, main_window)
    session_id = today.timer.session_ids[0]
    fake_clock.advance(600)
    qtbot.waitUntil(lambda: today.timer.elapsed_label.text() == "00:10:00", timeout=10_000)
    fell_asleep = fake_clock.wall
    fake_clock.sleep(40 * 60)
    with qtbot.waitSignal(today.timer.gap_prompted, timeout=10_000) as prompt:
        pass
    assert prompt.args[0].kind.value == "sleep"
    dialog = today.timer.gap_dialog
    assert isinstance(dialog, ClockGapDialog)
    assert "asleep for about 40 min" in dialog.findChildren(type(today.timer.subject))[1].text()
    qtbot.mouseClick(dialog.buttons["pause"], Qt.MouseButton.LeftButton)
    stored = rosa_store.session(session_id)
    assert stored.segments[-1].end is not None
    assert abs((stored.segments[-1].end - fell_asleep).total_seconds()) <= 1
    assert stored.elapsed() <= timedelta(minutes=10, seconds=1)
    assert today.timer.pause_button.text().endswith("Resume")


def test_counting_the_sleep_keeps_the_wall_clock_time(qtbot, main_window, rosa_store, fake_clock):
    today = start_marcus(qtbot, main_window)
    session_id = today.timer.session_ids[0]
    fake_clock.advance(60)
    fake_clock.sleep(30 * 60)
    qtbot.waitUntil(lambda: today.timer.gap_dialog is not None, timeout=10_000)
    dialog = today.timer.gap_dialog
    assert not dialog.buttons["count"].isEnabled()  # counting needs a reason
    qtbot.keyClicks(dialog.reason, "the session went on with the lid closed")
    qtbot.mouseClick(dialog.buttons["count"], Qt.MouseButton.LeftButton)
    stored = rosa_store.session(session_id)
    assert stored.status.value == "running"
    assert stored.elapsed(fake_clock.wall) == timedelta(minutes=31)
    qtbot.waitUntil(lambda: today.timer.elapsed_label.text() == "00:31:00", timeout=10_000)
    [correction] = rosa_store.time_corrections(session_id)
    assert correction.kind == "sleep_counted"
    assert correction.reason == "the session went on with the lid closed"


def test_clock_set_forward_can_keep_the_measured_length(qtbot, main_window, rosa_store, fake_clock):
    today = start_marcus(qtbot, main_window)
    session_id = today.timer.session_ids[0]
    fake_clock.advance(5 * 60)
    qtbot.waitUntil(lambda: today.timer.elapsed_label.text() == "00:05:00", timeout=10_000)
    fake_clock.set_wall(timedelta(hours=1))
    qtbot.waitUntil(lambda: today.timer.gap_dialog is not None, timeout=10_000)
    assert today.timer.gap_dialog.gap.kind.value == "clock_forward"
    qtbot.mouseClick(today.timer.gap_dialog.buttons["new"], Qt.MouseButton.LeftButton)
    stored = rosa_store.session(session_id)
    assert abs(stored.elapsed(fake_clock.wall) - timedelta(minutes=5)) <= timedelta(seconds=2)


def test_only_one_timer_at_a_time(qtbot, main_window, rosa_store):
    today = start_marcus(qtbot, main_window)
    assert not today.timer.start_button.isEnabled()
    today.timer.start()  # the shortcut path too
    assert len(rosa_store.running_sessions()) == 1


def _busy_gui_thread(seconds: float) -> None:
    """The GUI thread computes and never returns to its event loop meanwhile (a slow
    slot): no Qt timer on it can fire."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        sum(range(1000))


def test_the_heartbeat_is_written_while_the_gui_thread_is_busy(
    qtbot, main_window, rosa_store, fake_clock
):
    today = start_marcus(qtbot, main_window)
    beats = today.timer.heartbeat_thread
    assert beats is not None and beats.following
    fake_clock.advance(30)
    written = beats.beats_written
    _busy_gui_thread(1.6)
    assert beats.beats_written >= written + 2  # every 0.5 s, GUI thread or not
    row = rosa_store.timer(today.timer.session_ids[0])
    assert row is not None and row.heartbeat_utc == fake_clock.wall
    assert row.heartbeat_monotonic == fake_clock.monotonic


def test_the_heartbeat_thread_never_writes_after_pause_or_stop(
    qtbot, main_window, rosa_store, fake_clock
):
    today = start_marcus(qtbot, main_window)
    session_id = today.timer.session_ids[0]
    beats = today.timer.heartbeat_thread
    assert beats is not None
    fake_clock.advance(20)
    today.timer.toggle_pause()
    assert not beats.following
    paused = rosa_store.timer(session_id)
    fake_clock.advance(60)
    _busy_gui_thread(1.1)
    assert rosa_store.timer(session_id) == paused  # no beat on a paused timer
    today.timer.toggle_pause()  # resumed: beating again, from the resume
    assert beats.following
    fake_clock.advance(5)
    qtbot.waitUntil(
        lambda: rosa_store.timer(session_id).heartbeat_utc == fake_clock.wall, timeout=10_000
    )
    today.timer.stop()
    assert not beats.following
    assert rosa_store.timer(session_id) is None
    fake_clock.advance(60)
    _busy_gui_thread(1.1)
    assert rosa_store.timer(session_id) is None  # nothing came back after the stop


def test_a_late_beat_changes_nothing_once_paused_stopped_or_overtaken(
    qtbot, main_window, rosa_store, fake_clock
):
    """The heartbeat thread's write is guarded in SQL: a beat taken a moment before a
    Pause or Stop committed, or older than the stored one, writes nothing."""
    today = start_marcus(qtbot, main_window)
    session_id = today.timer.session_ids[0]
    today.timer.heartbeat_thread.stop()  # this test writes the beats itself
    fake_clock.advance(10)
    newer = fake_clock.read()
    assert timing.write_running_heartbeat(rosa_store, [session_id], newer)
    older = ClockReading(newer.wall - timedelta(seconds=1), newer.monotonic - 1, newer.boottime)
    assert not timing.write_running_heartbeat(rosa_store, [session_id], older)
    assert rosa_store.timer(session_id).heartbeat_utc == newer.wall
    today.timer.toggle_pause()
    fake_clock.advance(1)
    assert not timing.write_running_heartbeat(rosa_store, [session_id], fake_clock.read())
    today.timer.stop()
    assert not timing.write_running_heartbeat(rosa_store, [session_id], fake_clock.read())
    assert rosa_store.timer(session_id) is None


def test_a_stop_waits_for_the_heartbeat_being_written_instead_of_failing_busy(
    qtbot, main_window, rosa_store, fake_clock, monkeypatch
):
    """The heartbeat thread's own connection holds SQLite's write lock while it writes; a
    Stop on the GUI's connection (which gives up on a lock after 100 ms) waits for that
    beat in the app instead of telling the coach another program is writing."""
    real_write = timing.write_running_heartbeat
    writing = threading.Event()

    def slow_beat(store, session_ids, reading):
        with store.transaction():
            wrote = real_write(store, session_ids, reading)
            writing.set()
            time.sleep(0.15)  # a slow disk: the lock is held longer than the GUI waits
        return wrote

    monkeypatch.setattr(timing, "write_running_heartbeat", slow_beat)
    today = start_marcus(qtbot, main_window)
    session_id = today.timer.session_ids[0]
    writing.clear()
    assert writing.wait(3)  # a beat holds the write lock right now
    fake_clock.advance(60)
    today.timer.stop()
    assert not today.timer.active
    assert rosa_store.timer(session_id) is None
    assert rosa_store.session(session_id).segments[-1].end is not None
