"""Issue 12: a click never recomputes the agency's billing on the GUI thread; a change
refreshes only what it touched; quitting while background work runs exits cleanly."""

from __future__ import annotations

import dataclasses
import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from tests.app_process import run_app_script

from sessionlog.core.changes import Changes, Entity
from sessionlog.core.models import Segment, Session, new_id
from sessionlog.services import billing


@pytest.fixture
def billing_calls(monkeypatch):
    """Every billing computation: the sessions it was given, and whether on the GUI thread."""
    calls: list[tuple[list[Session], bool]] = []
    compute = billing.compute_lines

    def recording(sessions, **kwargs):
        sessions = list(sessions)
        on_gui = threading.current_thread() is threading.main_thread()
        calls.append((sessions, on_gui))
        return compute(sessions, **kwargs)

    monkeypatch.setattr(billing, "compute_lines", recording)
    return calls


def _past_session(clock, client_id: str, staff_id: str, days: int) -> Session:
    """A 40-minute H2023 draft ``days`` before the clock's day (not saved)."""
    end = clock.wall - timedelta(days=days)
    return Session(
        id=new_id(),
        client_id=client_id,
        staff_id=staff_id,
        code="H2023",
        segments=[Segment(end - timedelta(minutes=40), end)],
        timezone="America/Chicago",
    )


def _timed_draft(qtbot, today, fake_clock) -> None:
    """Tran's 20 minutes of H2023, timed with Start and Stop: the draft in the note."""
    today.select_client("client-tran", "H2023")
    qtbot.mouseClick(today.timer.start_button, Qt.MouseButton.LeftButton)
    fake_clock.advance(20 * 60)
    qtbot.mouseClick(today.timer.stop_button, Qt.MouseButton.LeftButton)


def _calls(owner, name: str) -> list[bool]:
    """Each call of ``owner.name`` from now on (it still runs)."""
    calls: list[bool] = []
    method = getattr(owner, name)
    setattr(owner, name, lambda *args: (calls.append(True), method(*args))[1])
    return calls


def _settled(qtbot, today) -> None:
    qtbot.waitUntil(lambda: not today.units_pending() and not today.note.units_pending())


def test_start_and_stop_compute_billing_only_off_the_gui_thread_for_todays_clients(
    qtbot, main_window, rosa_store, fake_clock, billing_calls, monkeypatch
):
    today = main_window.today
    _settled(qtbot, today)
    qtbot.waitUntil(lambda: not main_window.history.is_loading)  # its first page, at start
    agency_wide = []
    monkeypatch.setattr(billing, "billing_lines", lambda *a, **k: agency_wide.append(a))
    billing_calls.clear()

    today.select_client("client-tran", "H2023")
    qtbot.mouseClick(today.timer.start_button, Qt.MouseButton.LeftButton)
    fake_clock.advance(30 * 60)
    qtbot.mouseClick(today.timer.stop_button, Qt.MouseButton.LeftButton)
    _settled(qtbot, today)

    assert billing_calls, "Today's units and the note's preview were worked out"
    assert not any(on_gui for _sessions, on_gui in billing_calls)
    assert agency_wide == []  # never the whole agency's lines
    # Only the history of the clients seen today, plus the coach's own sessions around
    # today (overlaps): no other client's billing is computed.
    day = today.today()
    seen_today = {s.client_id for s in rosa_store.sessions() if s.service_date() == day}
    given = [s for sessions, _ in billing_calls for s in sessions]
    assert "client-tran" in {s.client_id for s in given}
    for session in given:
        service_date = session.service_date()
        assert session.client_id in seen_today or (
            session.staff_id == "staff-rosa"
            and service_date is not None
            and abs((service_date - day).days) <= 1
        ), session.id


def test_a_change_behind_another_tab_waits_until_that_tab_is_shown(qtbot, main_window, rosa_store):
    history, end_of_day = main_window.history, main_window.end_of_day
    qtbot.waitUntil(lambda: not history.is_loading)
    reloads: list[str] = []
    original_reload = end_of_day.reload
    end_of_day.reload = lambda: (reloads.append("end of day"), original_reload())[1]
    queries_before = history._generation
    main_window.show_view(main_window.today)

    session = rosa_store.sessions()[-1]
    main_window.bus.publish(Changes.of_sessions([session]))
    assert history._generation == queries_before  # no History query behind its tab
    assert reloads == []

    main_window.show_view(history)
    assert history._generation == queries_before + 1
    main_window.show_view(end_of_day)
    assert reloads  # shown: the queue is read again
    qtbot.waitUntil(lambda: not history.is_loading)


def test_the_note_ignores_a_change_of_another_client_on_another_day(
    qtbot, main_window, rosa_store, fake_clock
):
    today = main_window.today
    _timed_draft(qtbot, today, fake_clock)
    form = today.note
    _settled(qtbot, today)
    refreshed: list[int] = []
    form.refresh_units = lambda: refreshed.append(1)  # type: ignore[method-assign]

    elsewhere = _past_session(fake_clock, "client-marcus", "staff-ben", days=9)
    rosa_store.save_session(elsewhere)
    main_window.bus.publish(Changes.of_sessions([elsewhere]))
    assert refreshed == []
    main_window.bus.publish(Changes.of_sessions([rosa_store.session(form.session.id)]))
    assert refreshed == [1]
    main_window.bus.notify(Entity.SESSION)  # sessions not named: refresh to be safe
    assert refreshed == [1, 1]


_QUIT_WHILE_LOADING = """
import sys
from pathlib import Path
from sessionlog.app import run_gui

def started(window):
    from PySide6.QtCore import QThreadPool, QTimer

    def quit_while_loading():
        window.history.set_filters(search="the")
        window.today.refresh()
        print("busy", QThreadPool.globalInstance().activeThreadCount(), flush=True)
        window.close()

    QTimer.singleShot(0, quit_while_loading)  # once the event loop runs

sys.exit(run_gui(Path(sys.argv[1]), on_started=started))
"""


def test_quitting_while_background_work_runs_exits_cleanly(rosa_store, db_path):
    rosa_store.db.close()
    result = run_app_script(_QUIT_WHILE_LOADING, db_path)
    busy = int(result.stdout.split()[1])
    assert busy > 0, "the window closed while its queries were running"
    assert "Traceback" not in result.stderr
    assert "Fatal Python error" not in result.stderr


def test_an_autosave_rewrites_only_its_row_in_today_with_no_billing(
    qtbot, main_window, rosa_store, fake_clock
):
    """A note's text saved: Today rewrites that row's status; no query of the day's
    sessions, no units job; the form does not read back its own write, nor recount its
    units preview (words move no billing)."""
    today = main_window.today
    _timed_draft(qtbot, today, fake_clock)
    _settled(qtbot, today)
    fills = _calls(today, "_fill_sessions")
    units_jobs = today._units_generation
    previews = _calls(today.note, "refresh_units")
    today.note.response.setPlainText("Asked for the next task once.")
    today.note.flush()
    assert fills == []
    assert today._units_generation == units_jobs and not today._units_soon.isActive()
    assert previews == []
    assert today.note.session.response == "Asked for the next task once."
    row = next(
        today.sessions.topLevelItem(i)
        for i in range(today.sessions.topLevelItemCount())
        if today.sessions.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == today.note.session.id
    )
    assert row.text(4).startswith("Draft — ")


def test_a_save_that_changes_what_billing_reads_recounts_the_preview_once(
    qtbot, main_window, rosa_store, fake_clock
):
    """A new service code or place (saved at once) moves the units: the preview is
    worked out again, once per save."""
    today = main_window.today
    _timed_draft(qtbot, today, fake_clock)
    _settled(qtbot, today)
    form = today.note
    previews = _calls(form, "refresh_units")
    form.place.setCurrentIndex(form.place.findData("12"))  # saved at once
    assert form.session.place_of_service == "12"
    assert previews == [True]
    other = next(i for i in range(form.code.count()) if form.code.itemData(i) != "H2023")
    form.code.setCurrentIndex(other)
    assert previews == [True, True]
    form.narrative.setPlainText("Met at the library.")
    form.flush()
    assert previews == [True, True]  # words only
    _settled(qtbot, today)


def test_pause_and_stop_rewrite_only_the_timed_row_and_recount_units_in_the_pool(
    qtbot, main_window, rosa_store, fake_clock
):
    """A Pause or Stop of a session Today lists: its row's status is rewritten, the units
    column recounted off the GUI thread; the day's sessions are not queried again."""
    today = main_window.today
    today.select_client("client-tran", "H2023")
    qtbot.mouseClick(today.timer.start_button, Qt.MouseButton.LeftButton)
    _settled(qtbot, today)
    session_id = today.timer.session_ids[0]
    fills = _calls(today, "_fill_sessions")

    def row_status() -> str:
        return next(
            today.sessions.topLevelItem(i).text(4)
            for i in range(today.sessions.topLevelItemCount())
            if today.sessions.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == session_id
        )

    assert row_status() == "● Running"
    fake_clock.advance(10 * 60)
    units_jobs = today._units_generation
    qtbot.mouseClick(today.timer.pause_button, Qt.MouseButton.LeftButton)
    assert row_status() == "Paused"
    qtbot.waitUntil(lambda: today._units_generation > units_jobs, timeout=10_000)
    fake_clock.advance(10 * 60)
    qtbot.mouseClick(today.timer.stop_button, Qt.MouseButton.LeftButton)
    assert row_status().startswith("Draft — ")
    _settled(qtbot, today)
    assert fills == []
    units = next(
        today.sessions.topLevelItem(i).text(3)
        for i in range(today.sessions.topLevelItemCount())
        if today.sessions.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == session_id
    )
    from sessionlog.ui.views.today import today_units

    stopped = rosa_store.session(session_id)
    pair = {(stopped.client_id, stopped.service_date())}
    # The units of the session as stopped (20 minutes with the day's others), counted in
    # the pool after the Stop.
    assert units == today_units(rosa_store, pair, fake_clock.wall)[session_id] != ""


def test_history_replaces_only_the_rows_a_change_names(qtbot, main_window, rosa_store, monkeypatch):
    """A change to a session on History's page: the page is read again off the GUI
    thread, but the model is not reset; that row is replaced and only its client's units
    are worked out again (in the same background job: one repaint)."""
    from sessionlog.ui.views import history as history_module

    history = main_window.history
    main_window.show_view(history)
    qtbot.waitUntil(lambda: not history.is_loading)
    resets: list[bool] = []
    history.model.modelReset.connect(lambda: resets.append(True))
    changed_rows: list[int] = []
    history.model.dataChanged.connect(lambda top, _bottom: changed_rows.append(top.row()))
    units_for: list[set[str]] = []
    load_units = history_module.load_units
    monkeypatch.setattr(
        history_module,
        "load_units",
        lambda path, sessions: (
            units_for.append({s.client_id for s in sessions}),
            load_units(path, sessions),
        )[1],
    )
    row = history.model.row_at(0)
    session = rosa_store.session(row.session_id)
    rosa_store.save_session(dataclasses.replace(session, code="H2014"))
    main_window.bus.publish(Changes.of_sessions([rosa_store.session(session.id)]))
    qtbot.waitUntil(lambda: not history.is_loading)
    assert resets == []
    assert history.model.row_at(0).code == "H2014"
    assert units_for == [{session.client_id}]
    assert 0 in changed_rows
    # Only rows of that client can change (its units); every other row stays as it was.
    assert {history.model.row_at(n).client_id for n in changed_rows} == {session.client_id}
    assert history.model.row_at(0).units is not None and not history.model.row_at(0).units_pending


def _autosaved(qtbot, window, form) -> None:
    """The typing pause's autosave, on the writer thread, until it is acknowledged."""
    acknowledged: list[str] = []
    form.saved.connect(acknowledged.append)
    form.autosave()
    qtbot.waitUntil(lambda: bool(acknowledged) and not window.pending_writes.waiting)
    form.saved.disconnect(acknowledged.append)


def test_a_group_notes_attendees_are_read_in_one_query(qtbot, main_window, rosa_store, fake_clock):
    """An attendee who leaves early, and the group note's autosave (the shared part goes
    to every attendee, and the change names them all): the timer and Today read the
    attendees in one query, not one each; the form reads none back for its own write
    (nor recounts its units: the attendees' copies of the shared part move none)."""
    today = main_window.today
    today.timer.start_group_with(["client-marcus", "client-tran", "client-lena"], "H2014")
    _settled(qtbot, today)
    form = today.note
    assert form.is_group
    leaving = next(i for i in today.timer.session_ids if i != form.session.id)
    attendees = sorted(today.timer.session_ids)
    staying = sorted(set(attendees) - {leaving})
    single: list[str] = []
    batches: list[list[str]] = []
    read_one, read_many = rosa_store.session, rosa_store.sessions_with_ids
    rosa_store.session = lambda session_id: (single.append(session_id), read_one(session_id))[1]
    rosa_store.sessions_with_ids = lambda ids: (batches.append(sorted(ids)), read_many(ids))[1]
    previews = _calls(form, "refresh_units")
    try:
        fake_clock.advance(30 * 60)
        today.timer.stop_attendee(leaving)
        _settled(qtbot, today)
        # The service reads the one leaving, the form its own note: no other attendee.
        assert set(single) <= {form.session.id, leaving}
        assert staying in batches  # the timer's
        single.clear()
        batches.clear()
        previews.clear()
        form.intervention.setPlainText("Role-played greeting a coworker.")
        _autosaved(qtbot, main_window, form)
    finally:
        rosa_store.session, rosa_store.sessions_with_ids = read_one, read_many
    group = rosa_store.sessions_in_group(form.session.group_id)
    assert all(s.intervention == "Role-played greeting a coworker." for s in group)
    assert single == []
    assert batches == [attendees]  # Today's
    assert previews == []


def test_an_autosave_of_another_days_draft_does_not_read_today_again(
    qtbot, main_window, rosa_store, fake_clock
):
    """A draft of another day (an older one finished late; after dark the laptop's day is
    not the client's) is not in Today's list: its autosave reads no day again; the
    drafts to finish are counted again (in the pool) only when its status could have
    changed, the first time it is seen."""
    today = main_window.today
    _settled(qtbot, today)
    earlier = _past_session(fake_clock, "client-tran", "staff-rosa", days=3)
    rosa_store.save_session(earlier)
    today.note.show_session(earlier.id)
    _settled(qtbot, today)
    fills = _calls(today, "_fill_sessions")
    form = today.note
    form.response.setPlainText("Asked for the next task once.")
    _autosaved(qtbot, main_window, form)
    assert fills == []
    _settled(qtbot, today)
    units_jobs = today._units_generation
    form.plan.setPlainText("Fade the prompt next week.")
    _autosaved(qtbot, main_window, form)
    assert fills == []
    assert today._units_generation == units_jobs and not today._units_soon.isActive()
    assert rosa_store.session(earlier.id).plan == "Fade the prompt next week."
