"""Entering a session that was not timed: local times, a required reason, and
messages that name the field; nothing written until it is right."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDate, QTime

from sessionlog.core.changes import Entity
from sessionlog.ui.dialogs.manual_entry import ManualEntryDialog


def make_dialog(qtbot, store, fake_clock):
    dialog = ManualEntryDialog(
        store, "staff-rosa", fake_clock.wall, "client-marcus", "H2023", parent=None
    )
    qtbot.addWidget(dialog)
    return dialog


def test_a_manual_entry_is_stored_in_the_clients_zone_with_its_reason(
    qtbot, rosa_store, fake_clock
):
    dialog = make_dialog(qtbot, rosa_store, fake_clock)
    before = rosa_store.count_sessions()
    dialog.date.setDate(QDate(2026, 11, 19))
    dialog.start.setTime(QTime(6, 0))  # before the coach's day: no overlap
    dialog.end.setTime(QTime(6, 50))
    dialog.reason.setText("Laptop battery was flat; timed on paper")
    dialog.accept()
    assert dialog.result() == ManualEntryDialog.DialogCode.Accepted
    session = dialog.session
    assert session is not None
    stored = rosa_store.session(session.id)
    assert rosa_store.count_sessions() == before + 1
    # 06:00 in Chicago (CST, UTC-6) is 12:00 UTC.
    assert stored.segments[0].start == datetime(2026, 11, 19, 12, 0, tzinfo=UTC)
    assert stored.minutes() == 50
    assert stored.manual_reason == "Laptop battery was flat; timed on paper"
    assert "America/Chicago" in dialog.zone_note.text()


def test_problems_name_the_field_and_nothing_is_written(qtbot, rosa_store, fake_clock):
    dialog = make_dialog(qtbot, rosa_store, fake_clock)
    before = rosa_store.count_sessions()
    dialog.date.setDate(QDate(2026, 11, 19))
    dialog.start.setTime(QTime(15, 0))
    dialog.end.setTime(QTime(14, 0))
    dialog.reason.setText("   ")
    dialog.accept()
    assert dialog.session is None
    assert dialog.result() != ManualEntryDialog.DialogCode.Accepted
    assert rosa_store.count_sessions() == before
    assert dialog.problems["End"].text() == "End: must be after the start time"
    assert dialog.problems["Reason"].text().startswith("Reason: ")
    assert not dialog.problems["Start"].isVisibleTo(dialog)


def test_a_session_in_the_future_is_refused(qtbot, rosa_store, fake_clock):
    dialog = make_dialog(qtbot, rosa_store, fake_clock)
    dialog.date.setDate(QDate(2026, 11, 21))
    dialog.reason.setText("forgot")
    dialog.accept()
    assert dialog.session is None
    assert "future" in dialog.problems["Start"].text()


def test_a_time_skipped_by_daylight_saving_is_named(qtbot, rosa_store, fake_clock):
    dialog = make_dialog(qtbot, rosa_store, fake_clock)
    dialog.date.setDate(QDate(2026, 3, 8))  # US clocks jump from 02:00 to 03:00
    dialog.start.setTime(QTime(2, 30))
    dialog.end.setTime(QTime(3, 30))
    dialog.reason.setText("overnight crisis support, timed on paper")
    dialog.accept()
    assert dialog.session is None
    assert "does not exist" in dialog.problems["Start"].text()


def test_the_manual_entry_shows_up_for_its_note(qtbot, main_window, rosa_store):
    """After Add session the note form shows the new note, marked as a manual entry."""
    form = main_window.today.note
    from sessionlog.services import timing

    session = timing.create_manual_session(
        rosa_store,
        client_id="client-marcus",
        staff_id="staff-rosa",
        code="H2023",
        day=datetime(2026, 11, 20).date(),
        start=QTime(15, 0).toPython(),
        end=QTime(15, 30).toPython(),
        reason="Phone died",
        now=main_window.clock.read().wall,
    ).value
    main_window.bus.notify(Entity.SESSION)
    main_window.today.timer.session_focused.emit(session.id)
    assert form.session is not None and form.session.id == session.id
    assert "Manual entry" in form.details.text()
    assert form.manual_reason.text() == "Phone died"
    form.manual_reason.setText("")
    form.flush()
    assert "reason" in form.problems["manual_reason"].text()


def _rosas_sessions_on(store, day):
    from sessionlog.store import SessionFilter

    return store.sessions(SessionFilter(staff_id="staff-rosa", start=day, end=day))


def test_times_start_after_the_coachs_last_session_that_day(qtbot, rosa_store, fake_clock):
    from datetime import date

    from sessionlog.core.clock import local

    last_end = max(s.last_end() for s in _rosas_sessions_on(rosa_store, date(2026, 11, 20)))
    dialog = make_dialog(qtbot, rosa_store, fake_clock)
    local_end = local(last_end, "America/Chicago")
    start = dialog.start.time().toPython()
    assert start >= local_end.time().replace(second=0, microsecond=0)
    assert (start.hour * 60 + start.minute) - (local_end.hour * 60 + local_end.minute) <= 1
    assert dialog.end.time() > dialog.start.time()


def test_overlapping_another_session_of_the_coach_is_named_before_adding(
    qtbot, rosa_store, fake_clock
):
    from datetime import date

    from sessionlog.core.clock import local

    other = _rosas_sessions_on(rosa_store, date(2026, 11, 20))[0]
    name = rosa_store.client(other.client_id).name
    begin = local(other.first_start(), other.timezone)
    dialog = make_dialog(qtbot, rosa_store, fake_clock)
    before = rosa_store.count_sessions()
    dialog.date.setDate(QDate(2026, 11, 20))
    dialog.start.setTime(QTime(begin.hour, begin.minute))
    dialog.end.setTime(QTime(begin.hour, begin.minute).addSecs(20 * 60))
    dialog.reason.setText("Timed on paper")
    dialog.accept()
    assert dialog.session is None and rosa_store.count_sessions() == before
    warning = dialog.overlap.text()
    assert name in warning and begin.strftime("%-I:%M %p") in warning and other.code in warning
    assert dialog.ok.text() == "&Add anyway"
    dialog.accept()  # the coach confirms
    assert dialog.session is not None
    assert rosa_store.count_sessions() == before + 1


def test_a_session_over_twelve_hours_is_asked_about_and_flagged(
    qtbot, rosa_store, fake_clock, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    from sessionlog.core.units import FLAG_LONG_SESSION
    from sessionlog.services.billing import billing_lines

    asked: list[str] = []
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])

    def question(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = make_dialog(qtbot, rosa_store, fake_clock)
    before = rosa_store.count_sessions()
    dialog.date.setDate(QDate(2026, 11, 18))
    dialog.start.setTime(QTime(6, 0))
    dialog.end.setTime(QTime(19, 30))
    dialog.reason.setText("Overnight support shift logged on paper")
    dialog.accept()  # the times overlap Rosa's own sessions that day: named first
    assert dialog.ok.text() == "&Add anyway" and asked == []
    dialog.accept()  # overlap accepted; "No" to the long session: nothing written
    assert asked == ["This session lasts 13 h 30 min. Is that right?"]
    assert rosa_store.count_sessions() == before
    assert dialog.result() != ManualEntryDialog.DialogCode.Accepted
    dialog.accept()  # "Yes"
    assert dialog.session is not None and rosa_store.count_sessions() == before + 1
    day = datetime(2026, 11, 18).date()
    lines = billing_lines(rosa_store, client_id="client-marcus", start=day, end=day)
    assert any(FLAG_LONG_SESSION in line.flags for line in lines)
