"""Correcting a draft's times before signing (issue #10 §1): each stretch's start and stop
in the client's zone, a stretch added or removed, always with a reason; the note, its viewer
and the PDF packet then say the times were corrected, and why."""

from __future__ import annotations

import dataclasses
import subprocess
from datetime import UTC, date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt, QTime

from sessionlog.core.clock import local
from sessionlog.services import notes, timing
from sessionlog.services.packet import build_packet
from sessionlog.ui.dialogs.correct_times import CorrectTimesDialog
from sessionlog.ui.dialogs.note_dialog import NoteViewerDialog


def timed_session(qtbot, main_window, fake_clock) -> str:
    """A 20-minute timed session that ended at 17:20 in Chicago (23:20 UTC)."""
    today = main_window.today
    today.select_client("client-tran", "H2023")
    qtbot.mouseClick(today.timer.start_button, Qt.MouseButton.LeftButton)
    session_id = today.timer.session_ids[0]
    fake_clock.advance(20 * 60)
    qtbot.mouseClick(today.timer.stop_button, Qt.MouseButton.LeftButton)
    fake_clock.advance(10 * 60)
    return session_id


def test_a_late_start_is_corrected_with_a_reason_and_the_note_says_so(
    qtbot, main_window, rosa_store, fake_clock
):
    session_id = timed_session(qtbot, main_window, fake_clock)
    form = main_window.today.note
    assert form.times_button.isEnabled()
    qtbot.mouseClick(form.times_button, Qt.MouseButton.LeftButton)
    dialog = form.dialog
    assert isinstance(dialog, CorrectTimesDialog)
    [(start, stop, _remove)] = dialog.rows
    assert start.time() == QTime(17, 0) and stop.time() == QTime(17, 20)  # Chicago time
    start.setTime(QTime(16, 50))
    assert not dialog.ok.isEnabled()  # a reason first
    qtbot.keyClicks(dialog.reason, "Timer started ten minutes late")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    stored = rosa_store.session(session_id)
    assert stored.segments[0].start == datetime(2026, 11, 20, 22, 50, tzinfo=UTC)
    assert stored.minutes() == 30
    assert "times corrected: Timer started ten minutes late" in form.details.text()
    assert any(e["action"] == "correct_time" for e in rosa_store.audit_log("session", session_id))
    viewer = NoteViewerDialog(rosa_store, session_id, "staff-rosa")
    qtbot.addWidget(viewer)
    assert "times edited: Timer started ten minutes late (Rosa Delgado" in viewer.viewer.text()


def test_a_stretch_is_added_and_one_removed(qtbot, main_window, rosa_store, fake_clock):
    session_id = timed_session(qtbot, main_window, fake_clock)
    dialog = CorrectTimesDialog(rosa_store, session_id, lambda: fake_clock.wall)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert len(dialog.rows) == 2
    first_stop = dialog.rows[0][1]
    added_start, added_stop, _ = dialog.rows[1]
    first_stop.setTime(QTime(17, 10))  # a pause 17:10-17:15
    added_start.setTime(QTime(17, 15))
    added_stop.setTime(QTime(17, 25))
    dialog.reason.setText("Forgot to pause during the employer's call")
    dialog.accept()
    assert [round(s.seconds() / 60) for s in rosa_store.session(session_id).segments] == [10, 10]

    again = CorrectTimesDialog(rosa_store, session_id, lambda: fake_clock.wall)
    qtbot.addWidget(again)
    qtbot.mouseClick(again.rows[0][2], Qt.MouseButton.LeftButton)  # remove the first
    assert len(again.rows) == 1
    again.reason.setText("The first part was travel, not service")
    again.accept()
    stored = rosa_store.session(session_id)
    assert [round(s.seconds() / 60) for s in stored.segments] == [10]
    assert [c.reason for c in rosa_store.time_corrections(session_id)] == [
        "Forgot to pause during the employer's call",
        "The first part was travel, not service",
    ]


def test_wrong_times_are_named_by_stretch_and_nothing_is_written(
    qtbot, main_window, rosa_store, fake_clock
):
    session_id = timed_session(qtbot, main_window, fake_clock)
    before = rosa_store.session(session_id).segments
    dialog = CorrectTimesDialog(rosa_store, session_id, lambda: fake_clock.wall)
    qtbot.addWidget(dialog)
    dialog.rows[0][1].setTime(QTime(16, 0))  # stop before start
    dialog.reason.setText("typo")
    dialog.accept()
    assert "Segment 1: the end must be after the start." in dialog.problem.text()
    assert dialog.result() != CorrectTimesDialog.DialogCode.Accepted
    assert rosa_store.session(session_id).segments == before
    dialog.rows[0][1].setTime(QTime(18, 0))  # after "now" (17:30)
    dialog.accept()
    assert "in the future" in dialog.problem.text()
    assert rosa_store.time_corrections(session_id) == []


def test_running_and_signed_notes_cannot_have_their_times_edited(
    qtbot, main_window, rosa_store, fake_clock
):
    today = main_window.today
    today.select_client("client-tran", "H2023")
    qtbot.mouseClick(today.timer.start_button, Qt.MouseButton.LeftButton)
    assert not today.note.times_button.isEnabled()
    with pytest.raises(timing.TimingError, match="Stop the timer"):
        timing.correct_times(rosa_store, today.timer.session_ids[0], [], "x", now=fake_clock.wall)
    signed = next(s for s in rosa_store.sessions() if s.signed)
    with pytest.raises(timing.TimingError, match="addendum"):
        timing.correct_times(rosa_store, signed.id, [], "x", now=fake_clock.wall)


def test_the_packet_says_the_times_were_corrected(
    qtbot, main_window, rosa_store, fake_clock, tmp_path
):
    session_id = timed_session(qtbot, main_window, fake_clock)
    session = rosa_store.session(session_id)
    end = session.segments[0].end
    timing.correct_times(
        rosa_store,
        session_id,
        [(time_of(session.segments[0].start - timedelta(minutes=5)), time_of(end))],
        "Timer started five minutes late",
        now=fake_clock.wall,
    )
    session = rosa_store.session(session_id)
    plan = rosa_store.active_plan(session.client_id, session.service_date())
    rosa_store.save_session(
        dataclasses.replace(
            session,
            place_of_service="18",
            objective_ids=[plan.goals[0].objectives[0].id],
            intervention="Modeled the task.",
            response="Did it alone after two tries.",
            plan="Fade prompts.",
        )
    )
    notes.sign(rosa_store, session_id, "staff-rosa", now=fake_clock.wall)
    out = tmp_path / "packet.pdf"
    build_packet(rosa_store, "client-tran", date(2026, 11, 20), date(2026, 11, 20), out)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Times corrected" in text
    assert "Timer started five minutes late" in text


def time_of(instant: datetime) -> time:
    return local(instant, "America/Chicago").time()
