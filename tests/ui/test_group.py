"""Group sessions: one timer for several clients, a shared part written once,
each attendee's own part, units and signature."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from sessionlog.services import timing
from sessionlog.ui.dialogs.group_start import GroupStartDialog

ATTENDEES = ["client-marcus", "client-tran", "client-lena"]


def test_group_start_dialog_needs_two_attendees(qtbot, rosa_store, fake_clock):
    dialog = GroupStartDialog(rosa_store, fake_clock.wall, "client-marcus", "H2023")
    qtbot.addWidget(dialog)
    assert dialog.selected_client_ids() == ["client-marcus"]
    assert not dialog.ok.isEnabled()
    assert "at least 2" in dialog.problem.text()
    dialog.set_checked(["client-marcus", "client-tran"])
    assert dialog.ok.isEnabled()
    assert sorted(dialog.selected_client_ids()) == ["client-marcus", "client-tran"]
    assert dialog.selected_code() == "H2023"


def start_group(main_window):
    timer = main_window.today.timer
    timer.start_group_with(ATTENDEES, "H2014")
    return timer


def test_one_timer_drives_every_attendee_in_one_transaction(
    qtbot, main_window, rosa_store, fake_clock
):
    timer = start_group(main_window)
    sessions = [rosa_store.session(i) for i in timer.session_ids]
    assert sorted(s.client_id for s in sessions) == sorted(ATTENDEES)
    group_id = sessions[0].group_id
    assert group_id is not None and all(s.group_id == group_id for s in sessions)
    assert all(s.group_size == 3 for s in sessions)
    assert rosa_store.group_visit(group_id).staff_id == "staff-rosa"
    fake_clock.advance(20 * 60)
    qtbot.mouseClick(timer.pause_button, Qt.MouseButton.LeftButton)
    fake_clock.advance(5 * 60)
    qtbot.mouseClick(timer.pause_button, Qt.MouseButton.LeftButton)
    fake_clock.advance(10 * 60)
    qtbot.mouseClick(timer.stop_button, Qt.MouseButton.LeftButton)
    stored = [rosa_store.session(s.id) for s in sessions]
    assert all(s.segments == stored[0].segments for s in stored)
    assert len(stored[0].segments) == 2
    assert stored[0].elapsed() == timedelta(minutes=30)
    assert main_window.windowTitle() == "SessionLog"


def test_a_group_note_is_titled_with_its_group(qtbot, main_window, rosa_store):
    start_group(main_window)
    form = main_window.today.note
    assert form.title.text() == f"Note — {form._client_name(form.session)} · group of 3"
    main_window.today.timer.stop()
    single = main_window.today
    single.select_client("client-marcus", "H2023")
    single.timer.start()
    assert form.title.text() == "Note — Marcus Webb"


def test_shared_part_is_written_once_and_own_part_per_attendee(qtbot, main_window, rosa_store):
    timer = start_group(main_window)
    form = main_window.today.note
    assert form.is_group
    assert timer.attendee_box.isVisibleTo(timer)
    assert timer.attendees.count() == 3
    first_id = form.session.id
    form.methods["Role-play"].setChecked(True)
    form.intervention.setPlainText("Role-played greeting a coworker.")
    form.place.setCurrentIndex(form.place.findData("53"))
    form.response.setPlainText("Greeted two peers unprompted.")
    form.flush()
    # Pick the second attendee: the form now writes their own part.
    timer.attendees.setCurrentRow(1)
    second_id = str(timer.attendees.currentItem().data(Qt.ItemDataRole.UserRole))
    assert form.session.id == second_id != first_id
    assert form.response.toPlainText() == ""
    assert form.intervention.toPlainText() == "Role-played greeting a coworker."
    form.response.setPlainText("Needed a model before trying.")
    form.flush()
    stored = {i: rosa_store.session(i) for i in timer.session_ids}
    for session in stored.values():
        assert session.intervention == "Methods: Role-play.\nRole-played greeting a coworker."
        assert session.place_of_service == "53"
    assert stored[first_id].response == "Greeted two peers unprompted."
    assert stored[second_id].response == "Needed a model before trying."
    third = next(i for i in stored if i not in (first_id, second_id))
    assert stored[third].response == ""
    visit = rosa_store.group_visit(stored[first_id].group_id)
    assert visit.place_of_service == "53"


def test_an_absent_attendee_is_removed_and_group_size_follows(
    qtbot, main_window, rosa_store, fake_clock
):
    timer = start_group(main_window)
    absent = timer.session_ids[2]
    group_id = rosa_store.session(absent).group_id
    timer.attendees.setCurrentRow(2)
    qtbot.mouseClick(timer.remove_button, Qt.MouseButton.LeftButton)  # nothing written: no question
    assert not rosa_store.session_exists(absent)
    assert len(timer.session_ids) == 2
    remaining = rosa_store.sessions_in_group(group_id)
    assert [s.group_size for s in remaining] == [2, 2]
    fake_clock.advance(15 * 60)
    timer.stop()
    assert all(rosa_store.session(s.id).elapsed() == timedelta(minutes=15) for s in remaining)


def test_each_attendee_gets_their_own_units(qtbot, main_window, rosa_store, fake_clock):
    timer = start_group(main_window)
    fake_clock.advance(40 * 60)
    timer.stop()
    form = main_window.today.note
    # After stopping, each attendee's note is reachable from today's list with units.
    today = main_window.today
    ids = {
        today.sessions.topLevelItem(r).data(0, Qt.ItemDataRole.UserRole)
        for r in range(today.sessions.topLevelItemCount())
    }
    group = rosa_store.sessions_in_group(rosa_store.session(form.session.id).group_id)
    assert {s.id for s in group} <= ids
    # Each attendee's payer rule applies: midpoint (state Medicaid) vs whole units (MCO).
    expected = {"client-marcus": "3 units", "client-lena": "3 units", "client-tran": "2 units"}
    for session in group:
        form.show_session(session.id)
        qtbot.waitUntil(lambda: not form.units_pending())
        assert expected[session.client_id] in form.units_label.text()
        assert "HQ" in form.units_label.text()  # the group modifier
        assert form.mode_label.text() == "Group session · 3 clients present"


def test_one_attendee_leaves_early_and_a_late_arrival_joins(
    qtbot, main_window, rosa_store, fake_clock
):
    timer = start_group(main_window)
    ids = {rosa_store.session(i).client_id: i for i in timer.session_ids}
    fake_clock.advance(600)
    # Lena leaves after 10 minutes; the group goes on.
    row = [timer.attendees.item(r).data(Qt.ItemDataRole.UserRole) for r in range(3)]
    timer.attendees.setCurrentRow(row.index(ids["client-lena"]))
    qtbot.mouseClick(timer.left_button, Qt.MouseButton.LeftButton)
    assert ids["client-lena"] not in timer.session_ids and len(timer.session_ids) == 2
    assert rosa_store.timer(ids["client-lena"]) is None
    fake_clock.advance(600)
    # Dmitri arrives 20 minutes in and joins for the last 5.
    timer.add_late_arrival("client-dmitri")
    late = timer.session_ids[-1]
    fake_clock.advance(300)
    qtbot.mouseClick(timer.stop_button, Qt.MouseButton.LeftButton)

    assert rosa_store.session(ids["client-lena"]).minutes() == 10
    assert rosa_store.session(ids["client-marcus"]).minutes() == 25
    joined = rosa_store.session(late)
    assert joined.client_id == "client-dmitri" and joined.minutes() == 5
    group = timing.group_sessions(rosa_store, joined.group_id)
    assert len(group) == 4 and all(s.group_size == 4 for s in group)
