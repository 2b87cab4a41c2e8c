"""The note form: autosave, plan objectives, missing elements, units, the lock."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from datetime import timedelta

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel

from sessionlog.core.changes import Changes, Entity
from sessionlog.core.models import Segment, Session, new_id
from sessionlog.core.units import FLAG_DESCRIPTIONS, FLAG_OVERLAP
from sessionlog.ui import theme
from sessionlog.ui.theme import Tone


def started(qtbot, window, client="client-marcus", code="H2023"):
    today = window.today
    today.select_client(client, code)
    qtbot.mouseClick(today.timer.start_button, Qt.MouseButton.LeftButton)
    return today.timer.session_ids[0], today.note


def test_typing_is_saved_without_a_save_button(qtbot, main_window, rosa_store):
    session_id, form = started(qtbot, main_window)
    form.response.setFocus()
    qtbot.keyClicks(form.response, "Asked the supervisor for the next task twice.")
    # Saved after the short typing pause, with the time it was saved.
    qtbot.waitUntil(
        lambda: (
            rosa_store.session(session_id).response
            == "Asked the supervisor for the next task twice."
        ),
        timeout=10_000,
    )
    # The writer thread's "saved" reaches the form a moment after the commit.
    qtbot.waitUntil(lambda: form.save_status.text().startswith("Saved "), timeout=10_000)


def test_a_note_over_the_text_limit_says_not_saved_once_naming_the_field(
    qtbot, main_window, rosa_store
):
    """A pasted document (30,000 characters) is refused by the limits: the status line
    names the field and the limit, says "Not saved" once (it said it twice), and nothing
    is written. The field is named by its label in the form ("Next session")."""
    session_id, form = started(qtbot, main_window)
    form.plan.setPlainText("Practise the bus route. " * 1250)  # 30,000 characters
    form.flush()
    assert form.save_status.text() == (
        "Not saved: Next session: is 30,000 characters long; the limit is 20,000."
    )
    assert rosa_store.session(session_id).plan == ""


def test_continuous_typing_is_saved_at_least_every_two_seconds(qtbot, main_window, rosa_store):
    """Typing with no 0.4 s pause used never to be saved."""
    session_id, form = started(qtbot, main_window)
    form.response.setFocus()
    typist = QTimer()
    typist.setInterval(100)  # a key every 0.1 s: never a pause long enough to debounce
    typist.timeout.connect(lambda: qtbot.keyClick(form.response, "a"))
    typist.start()
    try:
        qtbot.waitUntil(lambda: rosa_store.session(session_id).response != "", timeout=3500)
        assert typist.isActive()  # saved while the typing went on
    finally:
        typist.stop()


def test_focus_out_saves_at_once(qtbot, main_window, rosa_store):
    session_id, form = started(qtbot, main_window)
    form.plan.setPlainText("Fade prompts on Friday.")
    form.flush()  # what focus-out and closing call
    assert rosa_store.session(session_id).plan == "Fade prompts on Friday."


def test_closing_the_window_saves_what_was_typed(qtbot, main_window, rosa_store):
    session_id, form = started(qtbot, main_window)
    form.narrative.setPlainText("Supervisor present for the last ten minutes.")
    main_window.close()
    assert rosa_store.session(session_id).note == "Supervisor present for the last ten minutes."


def test_objectives_come_from_the_active_plan_grouped_by_goal(qtbot, main_window, rosa_store):
    session_id, form = started(qtbot, main_window)
    plan = rosa_store.active_plan("client-marcus", form.session.service_date())
    objective = plan.goals[0].objectives[1]
    assert set(form._objective_boxes) == plan.objective_ids()
    qtbot.mouseClick(form._objective_boxes[objective.id], Qt.MouseButton.LeftButton)
    form.flush()
    assert rosa_store.session(session_id).objective_ids == [objective.id]
    goal_labels = [w.text() for w in form.objectives_area.findChildren(QLabel)]
    assert f"Goal: {plan.goals[0].text}" in goal_labels


def test_retired_objectives_are_hidden_unless_already_ticked(qtbot, main_window, rosa_store):
    plan = rosa_store.plans("client-marcus")[-1]
    retired = plan.goals[0].objectives[0]
    retired.retired = True
    rosa_store.save_plan(plan)
    session_id, form = started(qtbot, main_window)
    assert retired.id not in form._objective_boxes
    session = dataclasses.replace(rosa_store.session(session_id), objective_ids=[retired.id])
    rosa_store.save_session(session)
    form.show_session(session_id)
    assert form._objective_boxes[retired.id].text().endswith("(retired)")
    assert form._objective_boxes[retired.id].isChecked()


def test_intervention_chips_and_text_make_one_readable_intervention(qtbot, main_window, rosa_store):
    session_id, form = started(qtbot, main_window)
    form.methods["Modeling"].setChecked(True)
    form.methods["Prompting"].setChecked(True)
    form.intervention.setPlainText("Modeled the stocking sequence.")
    form.flush()
    assert rosa_store.session(session_id).intervention == (
        "Methods: Modeling, Prompting.\nModeled the stocking sequence."
    )
    form.show_session(session_id)  # and it reads back into the chips
    assert form.methods["Modeling"].isChecked() and not form.methods["Role-play"].isChecked()
    assert form.intervention.toPlainText() == "Modeled the stocking sequence."


def test_place_of_service_offers_named_places(qtbot, main_window, rosa_store):
    session_id, form = started(qtbot, main_window)
    labels = [form.place.itemText(i) for i in range(form.place.count())]
    assert "18 Place of employment-worksite" in labels or any(
        label.startswith("18 ") and len(label) > 3 for label in labels
    )
    form.place.setCurrentIndex(form.place.findData("11"))
    stored = rosa_store.session(session_id)  # a choice is saved at once
    assert (stored.place_of_service, stored.telehealth) == ("11", False)


def test_changing_a_drafts_code_reworks_its_units_and_is_audited(
    qtbot, main_window, rosa_store, fake_clock
):
    """Issue 10: a timer started under the wrong service is corrected in the draft's own
    form; the units and modifiers shown are at once those of the new code."""
    session_id, form = started(qtbot, main_window)
    fake_clock.advance(40 * 60)
    main_window.today.timer.stop()
    qtbot.waitUntil(lambda: "3 units</b> of H2023-HM" in form.units_label.text())

    form.code.setCurrentIndex(form.code.findData("H2014"))
    assert rosa_store.session(session_id).code == "H2014"  # saved without a typing pause
    qtbot.waitUntil(lambda: "3 units</b> of H2014-HM" in form.units_label.text())
    # A per-diem code: the 15-minute units are gone, 40 minutes are below its minimum.
    form.code.setCurrentIndex(form.code.findData("H2024"))
    qtbot.waitUntil(lambda: "0 units</b> of H2024-HM" in form.units_label.text())
    changes = [e["details"] for e in rosa_store.audit_log("session", session_id)]
    assert {"code": {"from": "H2023", "to": "H2014"}} in changes
    assert {"code": {"from": "H2014", "to": "H2024"}} in changes


def test_place_and_mode_of_a_draft_stay_consistent(qtbot, main_window, rosa_store, fake_clock):
    """POS 02 and 10 are telehealth, the others in person: choosing one moves the other,
    the telehealth modifier follows, and every change is audited."""
    session_id, form = started(qtbot, main_window)
    fake_clock.advance(25 * 60)
    main_window.today.timer.stop()

    form.place.setCurrentIndex(form.place.findData("10"))  # telehealth at the client's home
    assert form.telehealth.isChecked()
    stored = rosa_store.session(session_id)
    assert (stored.place_of_service, stored.telehealth) == ("10", True)
    qtbot.waitUntil(lambda: "of H2023-HM-95" in form.units_label.text())

    # Back to in person: the telehealth place no longer fits and is asked for again.
    form.in_person.setChecked(True)
    stored = rosa_store.session(session_id)
    assert (stored.place_of_service, stored.telehealth) == ("", False)
    assert form.problems["place_of_service"].text() == "Choose where the service happened."
    qtbot.waitUntil(lambda: not form.units_pending())
    assert "-95" not in form.units_label.text()
    form.telehealth.setChecked(True)
    assert "02" in form.problems["place_of_service"].text()
    assert "10" in form.problems["place_of_service"].text()
    # An in-person place chosen while telehealth is ticked makes the session in person.
    form.place.setCurrentIndex(form.place.findData("18"))
    assert form.in_person.isChecked()
    stored = rosa_store.session(session_id)
    assert (stored.place_of_service, stored.telehealth) == ("18", False)
    changes = [e["details"] for e in rosa_store.audit_log("session", session_id)]
    assert {
        "place_of_service": {"from": "18", "to": "10"},
        "telehealth": {"from": 0, "to": 1},
    } in changes
    assert {
        "place_of_service": {"from": "10", "to": ""},
        "telehealth": {"from": 1, "to": 0},
    } in changes


def test_missing_elements_are_said_next_to_their_fields(qtbot, main_window, rosa_store):
    _, form = started(qtbot, main_window)
    assert form.problems["response"].isVisibleTo(form)
    assert "client responded" in form.problems["response"].text()
    assert "still running" in form.problems["times"].text()
    form.response.setPlainText("Engaged throughout.")
    form.flush()
    assert not form.problems["response"].isVisibleTo(form)


def test_units_preview_updates_while_running_and_warns_of_overlap(
    qtbot, main_window, rosa_store, fake_clock
):
    _, form = started(qtbot, main_window)
    fake_clock.advance(38 * 60)
    form.refresh_units()  # what the minute timer calls (worked out off the GUI thread)
    qtbot.waitUntil(lambda: not form.units_pending())
    assert "3 units" in form.units_label.text()
    assert "38 min" in form.units_label.text()
    assert form.units_explanation.text()
    # Rosa recorded another individual session at the same time with another client.
    other = Session(
        id=new_id(),
        client_id="client-tran",
        staff_id="staff-rosa",
        code="H2023",
        segments=[Segment(fake_clock.wall - timedelta(minutes=20), fake_clock.wall)],
        timezone="America/Chicago",
    )
    rosa_store.save_session(other)
    main_window.bus.notify(Entity.SESSION)
    qtbot.waitUntil(lambda: FLAG_DESCRIPTIONS[FLAG_OVERLAP] in form.units_warning.text())
    assert form.units_warning.isVisibleTo(form)


def test_a_service_with_no_authorization_is_warned(qtbot, main_window, fake_clock):
    _, form = started(qtbot, main_window, code="H2014")
    fake_clock.advance(20 * 60)
    form.refresh_units()
    qtbot.waitUntil(lambda: not form.units_pending())
    assert "No authorization" in form.units_warning.text()


def test_a_signed_note_is_read_only_and_offers_an_addendum(
    qtbot, main_window, rosa_store, fake_clock
):
    session_id, form = started(qtbot, main_window)
    plan = rosa_store.active_plan("client-marcus", form.session.service_date())
    fake_clock.advance(40 * 60)
    main_window.today.timer.stop()
    form._objective_boxes[plan.goals[0].objectives[0].id].setChecked(True)
    form.methods["Job-site coaching"].setChecked(True)
    form.place.setCurrentIndex(form.place.findData("18"))
    form.response.setPlainText("Completed the checklist with one prompt.")
    form.plan.setPlainText("Fade to no prompts.")
    form.flush()
    assert form.sign_button.isVisible() and form.sign_button.isEnabled()
    qtbot.mouseClick(form.sign_button, Qt.MouseButton.LeftButton)
    # Opened once what was typed is stored.
    qtbot.waitUntil(lambda: form.dialog is not None and form.dialog.isVisible(), timeout=10_000)
    dialog = form.dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rosa_store.session(session_id).signed, timeout=10_000)
    qtbot.waitUntil(lambda: form.session is not None and form.session.signed, timeout=10_000)
    assert form.response.isReadOnly()
    # Service, place and mode are locked with the rest; corrections are addenda.
    assert not form.place.isEnabled()
    assert not form.code.isEnabled()
    assert not form.in_person.isEnabled() and not form.telehealth.isEnabled()
    assert not form.sign_button.isVisible()
    assert form.addendum_button.isVisible()
    assert "Signed by Rosa Delgado" in form.lock_note.text()


def test_a_note_across_a_daylight_saving_change_names_both_zones(qtbot, main_window, rosa_store):
    from datetime import UTC, datetime

    from sessionlog.ui.dialogs.note_dialog import NoteViewerDialog

    session = Session(
        id=new_id(),
        client_id="client-marcus",
        staff_id="staff-rosa",
        code="H2023",
        # 01:58 CDT to 01:00 CST on 2026-11-01: two minutes, the clocks set back between.
        segments=[
            Segment(
                datetime(2026, 11, 1, 6, 58, tzinfo=UTC), datetime(2026, 11, 1, 7, 0, tzinfo=UTC)
            )
        ],
        timezone="America/Chicago",
    )
    rosa_store.save_session(session)
    form = main_window.today.note
    form.show_session(session.id)
    assert "1:58 AM CDT – 1:00 AM CST" in form.details.text()
    viewer = NoteViewerDialog(rosa_store, session.id, "staff-rosa")
    qtbot.addWidget(viewer)
    assert "1:58 AM CDT – 1:00 AM CST" in viewer.viewer.text()


def test_opening_another_note_of_a_plan_reuses_its_boxes_and_a_plan_change_is_seen(
    qtbot, main_window, rosa_store
):
    """Issue 12: the objective boxes of a plan are built once; the next note of that plan
    only ticks them. A plan changed in Setup (published on the bus) is read again."""
    session_id, form = started(qtbot, main_window)
    boxes = dict(form._objective_boxes)
    objective_id = next(iter(boxes))
    qtbot.mouseClick(main_window.today.timer.stop_button, Qt.MouseButton.LeftButton)
    other = dataclasses.replace(
        rosa_store.session(session_id), id=new_id(), objective_ids=[objective_id]
    )
    rosa_store.save_session(other)
    form.show_session(other.id)
    assert form._objective_boxes == boxes  # the very same widgets
    assert [i for i, box in form._objective_boxes.items() if box.isChecked()] == [objective_id]
    form.show_session(session_id)
    assert not any(box.isChecked() for box in form._objective_boxes.values())

    plan = rosa_store.active_plan("client-marcus", other.service_date())
    plan.goals[0].objectives[0].text = "Clocks in without a reminder"
    rosa_store.save_plan(plan)
    main_window.bus.publish(Changes.of(Entity.PLAN, plan.id))
    form.show_session(other.id)
    renamed = form._objective_boxes[plan.goals[0].objectives[0].id]
    assert renamed.text() == "Clocks in without a reminder"


def test_the_typing_pause_saves_on_the_writer_thread(qtbot, main_window, rosa_store, monkeypatch):
    """Issue 12: an autosave never waits for the disk on the GUI thread; "Saving…" shows
    until the write is in the database, then "Saved" and the ``saved`` acknowledgement."""
    from sessionlog.services import timing

    on_gui: list[bool] = []
    update_note = timing.update_note

    def recording(store, session_id, **fields):
        on_gui.append(threading.current_thread() is threading.main_thread())
        return update_note(store, session_id, **fields)

    monkeypatch.setattr(timing, "update_note", recording)
    session_id, form = started(qtbot, main_window)
    acknowledged: list[str] = []
    form.saved.connect(acknowledged.append)
    form.response.setFocus()
    qtbot.keyClicks(form.response, "Asked for the next task twice.")
    assert form.save_status.text() == "Saving…"
    qtbot.waitUntil(lambda: acknowledged == [session_id], timeout=5000)
    assert rosa_store.session(session_id).response == "Asked for the next task twice."
    assert form.save_status.text().startswith("Saved ")
    assert on_gui and not any(on_gui)


def _held_on_the_writer(monkeypatch) -> threading.Event:
    """Note writes on the writer thread wait (still on their way to the disk) until the
    event returned is set; the GUI thread's own writes go through."""
    from sessionlog.services import timing

    update_note = timing.update_note
    release = threading.Event()

    def slow_on_the_writer_thread(store, session_id, **fields):
        if threading.current_thread() is not threading.main_thread():
            release.wait(timeout=30)
        return update_note(store, session_id, **fields)

    monkeypatch.setattr(timing, "update_note", slow_on_the_writer_thread)
    return release


def test_signing_right_after_a_typing_pause_sees_the_text_still_being_saved(
    qtbot, main_window, rosa_store, monkeypatch
):
    """The typing pause handed the note to the writer thread, and the coach presses
    Ctrl+Enter before it is in the database: the Sign dialog reads the note as typed
    (it said "Write the plan for the next session" about a plan on the screen), and the
    note ends as typed whichever write lands last."""
    release = _held_on_the_writer(monkeypatch)
    session_id, form = started(qtbot, main_window)
    qtbot.waitUntil(lambda: form.session is not None and form.session.id == session_id)
    try:
        form.plan.setFocus()
        qtbot.keyClicks(form.plan, "Fade prompts on the checklist.")
        form.autosave()  # the typing pause: handed to the writer thread, held there
        assert rosa_store.session(session_id).plan == ""
        dialog = form.open_sign()
        assert dialog is not None
        panel = dialog.panel
        qtbot.waitUntil(lambda: bool(panel.missing_text()) or panel.can_sign(), timeout=5000)
        assert "plan for the next session" not in panel.missing_text()
        assert rosa_store.session(session_id).plan == "Fade prompts on the checklist."
    finally:
        release.set()
    qtbot.waitUntil(lambda: not form.pending.waiting, timeout=5000)
    assert rosa_store.session(session_id).plan == "Fade prompts on the checklist."


def test_a_save_acknowledged_after_the_database_closed_is_ignored(
    qtbot, main_window, rosa_store, monkeypatch
):
    """A typing-pause save lands after the window's database was closed (quitting, a
    restore reopening the window): its acknowledgement reads nothing (it raised
    "Cannot operate on a closed database" in the event loop)."""
    release = _held_on_the_writer(monkeypatch)
    session_id, form = started(qtbot, main_window)
    timer = main_window.today.timer
    qtbot.waitUntil(lambda: form.session is not None and form.session.id == session_id)
    qtbot.mouseClick(timer.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rosa_store.session(session_id).status.value != "running")
    qtbot.waitUntil(lambda: not form.pending.waiting)
    form.plan.setFocus()
    qtbot.keyClicks(form.plan, "Fade prompts on the checklist.")
    form.autosave()
    rosa_store.db.close()
    release.set()
    qtbot.waitUntil(lambda: not form.pending.waiting, timeout=5000)
    qtbot.wait(50)  # the acknowledgement's slot runs on the next turn of the event loop


class _PaintSpy(QObject):
    """Notes each time the window paints what changed (its UpdateRequest)."""

    def __init__(self, window: QObject, events: list[str]) -> None:
        super().__init__()
        self.events = events
        window.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest:
            self.events.append("painted")
        return False


def test_opening_a_note_recounts_its_units_only_after_the_window_painted_it(
    qtbot, main_window, fake_clock, monkeypatch
):
    """Issue 12: the unit preview's worker starts once the note is painted, so it never
    holds the GIL while the form lays out and paints the note the coach opened."""
    from sessionlog.ui import idle

    first, form = started(qtbot, main_window)
    fake_clock.advance(25 * 60)
    qtbot.mouseClick(main_window.today.timer.stop_button, Qt.MouseButton.LeftButton)
    started(qtbot, main_window, client="client-tran")
    fake_clock.advance(20 * 60)
    qtbot.mouseClick(main_window.today.timer.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.units_pending(), timeout=10_000)

    events: list[str] = []
    # The recount goes through the follow-up lane (ui/idle.py), which starts the worker.
    real = idle.read_in_background
    monkeypatch.setattr(
        idle,
        "read_in_background",
        lambda *args, **kwargs: (events.append("recount started"), real(*args, **kwargs))[1],
    )
    spy = _PaintSpy(main_window, events)
    form.show_session(first)
    assert form.units_pending()
    assert events == []  # nothing started while the click is handled
    qtbot.waitUntil(lambda: not form.units_pending(), timeout=10_000)
    main_window.removeEventFilter(spy)
    assert events.index("painted") < events.index("recount started")
    assert "25 min" in form.units_label.text()


def _stopped_note_lacking_its_plan(qtbot, window, store):
    """Marcus's session, stopped, its note complete but for the plan, shown in the form."""
    from sessionlog.services import timing

    session_id, form = started(qtbot, window)
    qtbot.waitUntil(lambda: form.session is not None and form.session.id == session_id)
    qtbot.mouseClick(window.today.timer.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.session(session_id).status.value != "running")
    qtbot.waitUntil(lambda: not form.pending.waiting)
    timing.update_note(
        store,
        session_id,
        intervention="Methods: Modeling. Modeled asking the shift lead for the next task.",
        objective_ids=["client-marcus-g1-o1"],
        response="Asked for the next task twice without a prompt.",
    )
    form.show_session(session_id)
    return session_id, form


def _sign_dialog_for_a_complete_note(qtbot, window, store):
    """Marcus's stopped note with its plan typed, and the Sign dialog opened on it."""
    session_id, form = _stopped_note_lacking_its_plan(qtbot, window, store)
    form.plan.setFocus()
    qtbot.keyClicks(form.plan, "Fade prompts on the checklist.")
    dialog = form.open_sign()
    assert dialog is not None and dialog.panel.can_sign(), dialog.panel.missing_text()
    return session_id, form, dialog


def test_sign_pressed_while_another_program_writes_opens_once_the_note_is_stored(
    qtbot, main_window, rosa_store, db_path
):
    """The coach types the plan and presses Sign while another program (an import on the
    command line) holds the write lock longer than the GUI waits: the plan goes to the
    writer thread, and the Sign dialog opens once it is stored, reading the note as typed
    (it opened at once on the stored copy, said the plan was missing, and Ctrl+Enter in
    it signed nothing: the keyboard test failed so on a loaded CI machine)."""
    session_id, form = _stopped_note_lacking_its_plan(qtbot, main_window, rosa_store)
    form.plan.setFocus()
    qtbot.keyClicks(form.plan, "Fade prompts on the checklist.")
    lock = sqlite3.connect(db_path, isolation_level=None)
    try:
        lock.execute("BEGIN IMMEDIATE")
        assert form.open_sign() is None
        assert form.dialog is None
        assert "Sign dialog opens" in form.save_status.text()
        qtbot.wait(300)
        assert form.dialog is None  # still waiting for the lock
        lock.execute("COMMIT")
    finally:
        lock.close()
    qtbot.waitUntil(lambda: form.dialog is not None and form.dialog.isVisible(), timeout=10_000)
    dialog = form.dialog
    assert rosa_store.session(session_id).plan == "Fade prompts on the checklist."
    assert dialog.panel.can_sign(), dialog.panel.missing_text()
    assert dialog.sign_button.isEnabled()
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.sign_button.click()
    assert rosa_store.session(session_id).signed


def test_a_signature_meeting_another_programs_write_lock_is_stored_once_it_is_free(
    qtbot, main_window, rosa_store, db_path
):
    """The Sign dialog writes the signature on the writer thread: while another program
    holds the write lock it says "Signing…", then that it waits for another program, and
    closes once the signature is stored."""
    session_id, form, dialog = _sign_dialog_for_a_complete_note(qtbot, main_window, rosa_store)
    lock = sqlite3.connect(db_path, isolation_level=None)
    try:
        lock.execute("BEGIN IMMEDIATE")
        dialog.sign_button.click()
        assert dialog.isVisible()
        assert not dialog.sign_button.isEnabled()
        assert "Signing" in dialog.panel.error_label.text()
        qtbot.waitUntil(
            lambda: "another program" in dialog.panel.error_label.text(), timeout=10_000
        )
        # A wait, said in the informational tone, not in the refusal's red.
        wait_style = dialog.panel.error_label.styleSheet()
        assert theme.text(Tone.INFO).name() in wait_style
        assert theme.text(Tone.ERROR).name() not in wait_style
        assert dialog.isVisible()  # still being stored
        assert not rosa_store.session(session_id).signed
        lock.execute("COMMIT")
    finally:
        lock.close()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert rosa_store.session(session_id).signed
    qtbot.waitUntil(lambda: form.lock_note.isVisible(), timeout=5000)


def test_the_sign_dialog_can_be_closed_while_another_program_holds_the_lock(
    qtbot, main_window, rosa_store, db_path
):
    """Another program can hold the write lock for minutes (a command-line import): the
    coach closes the Sign dialog meanwhile, and the signature still lands once the lock
    is free; the note form then shows the note signed."""
    session_id, form, dialog = _sign_dialog_for_a_complete_note(qtbot, main_window, rosa_store)
    lock = sqlite3.connect(db_path, isolation_level=None)
    try:
        lock.execute("BEGIN IMMEDIATE")
        dialog.sign_button.click()
        assert dialog.cancel_button.isEnabled() and dialog.cancel_button.text() == "Close"
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
        assert form.dialog is None
        assert not rosa_store.session(session_id).signed
        lock.execute("COMMIT")
    finally:
        lock.close()
    qtbot.waitUntil(lambda: rosa_store.session(session_id).signed, timeout=10_000)
    qtbot.waitUntil(lambda: form.lock_note.isVisible(), timeout=10_000)
    assert form.response.isReadOnly()


def test_the_save_status_changes_without_laying_the_window_out(qtbot, main_window):
    """At every autosave the status says "Saving…", then "Saved 10:42:07": only the
    status is painted again. (A label asked for new room at each text, and the whole
    window was laid out again, and the note repainted when its row's widths moved.) A
    longer text wraps onto another line rather than widening the window."""
    from PySide6.QtWidgets import QApplication

    _session_id, form = started(qtbot, main_window)
    qtbot.waitUntil(lambda: not form.units_pending() and not main_window.today.units_pending())
    status = form.save_status
    ancestors = []
    widget = status.parentWidget()
    while widget is not None:
        ancestors.append(widget)
        widget = widget.parentWidget()

    class Requests(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen: list[str] = []

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.LayoutRequest and watched in ancestors:
                self.seen.append(type(watched).__name__)
            return False

    QApplication.processEvents()
    requests = Requests()
    QApplication.instance().installEventFilter(requests)
    try:
        hint = status.sizeHint()
        for text in ("Saving…", "Saved 11:59:59 PM", ""):
            status.setText(text)
            QApplication.processEvents()
            assert status.sizeHint() == hint
        assert requests.seen == []
    finally:
        QApplication.instance().removeEventFilter(requests)
    line = status.fontMetrics().lineSpacing()
    long = "Saving… (another program is writing; kept safe) " * 4
    status.setText(long)
    assert status.sizeHint().height() >= 2 * line  # wrapped
    assert status.sizeHint().width() == hint.width()  # never wider
    status.setText("")
    assert status.sizeHint() == hint  # one line again


def test_a_problem_line_that_hides_repaints_only_what_moved(qtbot, main_window):
    """The response written and saved: its "missing" line hides and what is below it
    moves up; the service part above is not painted again (the whole note was, at every
    such autosave)."""
    from PySide6.QtWidgets import QApplication

    _session_id, form = started(qtbot, main_window)
    qtbot.waitUntil(lambda: not form.units_pending() and not main_window.today.units_pending())
    QApplication.processEvents()
    assert form.problems["response"].isVisible()

    class Paints(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen: set[str] = set()

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.seen.add("service" if watched is form.shared_box else "progress")
            return False

    paints = Paints()
    form.shared_box.installEventFilter(paints)
    form.own_box.installEventFilter(paints)
    form.response.setPlainText("Asked for the next task once.")
    paints.seen.clear()  # the typing's own repaint
    form.flush()
    qtbot.waitUntil(lambda: not form.problems["response"].isVisible())
    qtbot.waitUntil(lambda: "progress" in paints.seen)
    qtbot.wait(50)
    assert paints.seen == {"progress"}


def test_signing_while_an_older_save_is_in_flight_waits_for_the_newest(
    qtbot, main_window, rosa_store, monkeypatch
):
    """The typing pause handed the note to the writer thread, the coach typed on and
    pressed Ctrl+Enter: the newest text is written at once, but the older write in flight
    may land after it (the newest is queued again behind it). The Sign dialog opens only
    once the newest is stored: opened at once, it could read the older text and call a
    plan on the screen missing."""
    release = _held_on_the_writer(monkeypatch)
    session_id, form = started(qtbot, main_window)
    qtbot.waitUntil(lambda: form.session is not None and form.session.id == session_id)
    try:
        form.response.setPlainText("Asked for the next task twice.")
        form.autosave()  # held on the writer thread
        form.plan.setPlainText("Fade prompts on the checklist.")
        assert form.open_sign() is None
        assert "Sign dialog opens" in form.save_status.text()
    finally:
        release.set()
    qtbot.waitUntil(lambda: form.dialog is not None, timeout=5000)
    panel = form.dialog.panel
    qtbot.waitUntil(lambda: bool(panel.missing_text()) or panel.can_sign(), timeout=5000)
    assert "plan for the next session" not in panel.missing_text()
    assert rosa_store.session(session_id).plan == "Fade prompts on the checklist."
    form.dialog.reject()
