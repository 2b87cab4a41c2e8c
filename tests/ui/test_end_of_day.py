"""The end-of-day queue: every unsigned note, oldest first, signed one after another."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt

from sessionlog.core.changes import Changes, Entity
from sessionlog.core.completeness import documentation_deadline
from sessionlog.core.models import Segment, Session, SessionStatus
from sessionlog.store import SessionFilter
from sessionlog.ui import theme
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.models.queue_model import COL_DUE, COL_STATE
from sessionlog.ui.theme import Tone
from sessionlog.ui.views import end_of_day
from sessionlog.ui.views.end_of_day import EndOfDayView, queue_rows

# Friday 2026-11-20, 17:00 in the demo's zone: the demo's "today".
NOW = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)


def _now() -> datetime:
    return NOW


def _unsigned(store, staff_id: str | None = None) -> list[Session]:
    out = []
    for status in (SessionStatus.RUNNING, SessionStatus.DRAFT):
        out += store.sessions(SessionFilter(status=status, staff_id=staff_id))
    return out


def _view(qtbot, store, staff_id: str | None = None, **kwargs) -> EndOfDayView:
    bus = kwargs.pop("bus", None) or ChangeBus()
    view = EndOfDayView(store, bus, lambda: staff_id, now=_now, **kwargs)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    _settle(qtbot, view)
    return view


def _settle(qtbot, view: EndOfDayView) -> None:
    """Until the rows a change named and the note on the right are read (in the pool)."""
    qtbot.waitUntil(lambda: not view.is_loading, timeout=10_000)


def _lena_draft(session_id: str, start: datetime) -> Session:
    """A new 30-minute draft of Ben's with Lena, nothing written yet."""
    return Session(
        id=session_id,
        client_id="client-lena",
        staff_id="staff-ben",
        code="H2014",
        segments=[Segment(start, start + timedelta(minutes=30))],
        place_of_service="12",
        timezone="America/Chicago",
    )


def test_queue_holds_every_unsigned_note_oldest_first(qtbot, demo_store):
    view = _view(qtbot, demo_store)
    rows = [view.model.row_at(i) for i in range(view.model.rowCount())]

    assert {r.session_id for r in rows} == {s.id for s in _unsigned(demo_store)}
    starts = [r.start_local for r in rows]
    assert starts == sorted(starts)
    assert view.current_row() is not None
    assert view.current_row().session_id == rows[0].session_id  # the oldest is selected
    assert f"{len(rows)} notes to finish" in view.header.text()


def test_queue_shows_each_deadline_and_marks_overdue_ones(qtbot, demo_store):
    view = _view(qtbot, demo_store)
    payers = {p.id: p for p in demo_store.payers()}
    overdue_seen = False
    for number in range(view.model.rowCount()):
        row = view.model.row_at(number)
        session = demo_store.session(row.session_id)
        payer = payers[demo_store.client(session.client_id).payer_id]
        deadline = documentation_deadline(session.service_date(), payer)
        assert row.deadline == deadline
        due = view.model.index(number, COL_DUE).data()
        assert deadline.strftime("%m/%d/%Y") in due
        expected_overdue = date(2026, 11, 20) > deadline
        assert row.overdue == expected_overdue
        assert due.startswith("Overdue") == expected_overdue
        overdue_seen |= expected_overdue
    assert overdue_seen, "the demo's oldest drafts are past their deadline on its 'today'"
    assert "overdue" in view.subheader.text()


def test_incomplete_note_shows_what_is_missing_and_cannot_be_signed(qtbot, demo_store):
    view = _view(qtbot, demo_store)
    target = next(i for i in range(view.model.rowCount()) if view.model.row_at(i).missing)
    view.select_row(target)
    _settle(qtbot, view)

    assert view.model.index(target, COL_STATE).data() == "2 things missing"
    missing = view.panel.missing_label.text()
    assert "Describe how the client responded and their progress." in missing
    assert "Write the plan for the next session." in missing
    assert not view.sign_button.isEnabled()
    count = view.model.rowCount()
    qtbot.keyClick(view.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.model.rowCount() == count
    assert demo_store.session(view.model.row_at(target).session_id).signature is None


def test_sign_and_next_with_ctrl_enter_shrinks_the_queue_and_lands_on_the_next(qtbot, demo_store):
    bus = ChangeBus()
    view = _view(qtbot, demo_store, bus=bus)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)  # shortcuts only fire in the active window
    view.table.setFocus()
    before = [view.model.row_at(i).session_id for i in range(view.model.rowCount())]
    ready_first = not view.model.row_at(0).missing
    assert ready_first, "the demo's oldest unsigned note is complete"

    with qtbot.waitSignal(bus.changed):
        qtbot.keyClick(view.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    _settle(qtbot, view)

    after = [view.model.row_at(i).session_id for i in range(view.model.rowCount())]
    assert after == before[1:]
    assert view.current_row().session_id == before[1]
    signed = demo_store.session(before[0])
    assert signed.signature is not None
    assert signed.signature.late is True  # 11-17 note, deadline 11-19, signed 11-20

    # Keep going: every complete note gets signed, the incomplete ones stay.
    while view.sign_button.isEnabled():
        current = view.current_row().session_id
        assert view.sign_and_next()
        assert demo_store.session(current).signature is not None
        _settle(qtbot, view)
        if view.current_row() is not None and view.current_row().missing:
            view.select_row(
                next(
                    (i for i in range(view.model.rowCount()) if not view.model.row_at(i).missing),
                    view.table.currentIndex().row(),
                )
            )
            _settle(qtbot, view)
    left = [view.model.row_at(i) for i in range(view.model.rowCount())]
    assert left and all(r.missing for r in left)
    assert {r.session_id for r in left} == {s.id for s in _unsigned(demo_store)}


def test_signing_the_last_note_empties_the_queue(qtbot, demo_store):
    for session in _unsigned(demo_store):
        demo_store.delete_unsigned_session(session.id)
    start = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    demo_store.save_session(
        Session(
            id="only-one",
            client_id="client-marcus",
            staff_id="staff-rosa",
            code="H2023",
            segments=[Segment(start, start + timedelta(minutes=40))],
            place_of_service="18",
            objective_ids=["client-marcus-g1-o1"],
            intervention="Modeled the checklist.",
            response="Followed it.",
            plan="Repeat Monday.",
            timezone="America/Chicago",
        )
    )
    view = _view(qtbot, demo_store)
    assert view.model.rowCount() == 1
    assert view.sign_and_next()
    _settle(qtbot, view)
    assert view.model.rowCount() == 0
    assert view.current_row() is None
    assert view.right.currentWidget() is view.empty_label
    assert "all notes signed" in view.header.text()
    assert not view.sign_button.isEnabled()


def test_queue_shows_only_the_current_coachs_notes(qtbot, demo_store):
    view = _view(qtbot, demo_store, staff_id="staff-ben")
    ids = {view.model.row_at(i).session_id for i in range(view.model.rowCount())}
    assert ids == {s.id for s in _unsigned(demo_store, "staff-ben")}
    assert ids and ids != {s.id for s in _unsigned(demo_store)}
    assert "Ben Okafor" in view.panel.signer_label.text()


def test_queue_refreshes_when_a_note_changes_elsewhere(qtbot, demo_store):
    bus = ChangeBus()
    view = _view(qtbot, demo_store, bus=bus)
    count = view.model.rowCount()
    demo_store.save_session(_lena_draft("new-draft", datetime(2026, 11, 20, 23, 30, tzinfo=UTC)))
    bus.notify(Entity.SESSION)  # no session named: the queue is read again (in the pool)
    _settle(qtbot, view)
    assert view.model.rowCount() == count + 1
    assert view.model.row_of("new-draft") == count  # newest, so last


def test_edit_hands_the_selected_note_to_the_note_form(qtbot, demo_store):
    opened: list[str] = []
    view = _view(qtbot, demo_store, edit_note=opened.append)
    assert not view.edit_button.isHidden()
    view.select_row(2)
    view.edit_button.click()
    assert opened == [view.model.row_at(2).session_id]


def test_without_a_note_form_there_is_no_edit_button(qtbot, demo_store):
    view = _view(qtbot, demo_store)
    assert view.edit_button.isHidden()


def test_main_window_hosts_the_queue_and_history_and_hands_edits_to_today(
    qtbot, demo_store, db_path
):
    from sessionlog.ui.main_window import MainWindow
    from sessionlog.ui.views.history import HistoryView

    window = MainWindow(demo_store, db_path)
    qtbot.addWidget(window)
    window.set_current_staff("staff-rosa")
    assert isinstance(window.end_of_day, EndOfDayView)
    assert isinstance(window.history, HistoryView)
    qtbot.waitUntil(lambda: not window.history.is_loading, timeout=10_000)
    assert window.tabs.indexOf(window.end_of_day) >= 0
    assert window.tabs.indexOf(window.history) >= 0
    queue = window.end_of_day
    window.show()
    window.show_view(queue)  # built when first used, the queue loads when shown
    assert window.tabs.currentWidget() is queue
    _settle(qtbot, queue)  # read in the pool
    assert {queue.model.row_at(i).staff_id for i in range(queue.model.rowCount())} == {"staff-rosa"}

    target = next(i for i in range(queue.model.rowCount()) if queue.model.row_at(i).missing)
    queue.select_row(target)
    queue.edit_button.click()
    assert window.tabs.currentWidget() is window.today
    assert window.today.note.session.id == queue.model.row_at(target).session_id


def test_ctrl_enter_signs_right_after_switching_to_the_queue_with_ctrl_2(
    qtbot, demo_store, db_path
):
    from PySide6.QtWidgets import QApplication

    from sessionlog.ui.main_window import MainWindow

    window = MainWindow(demo_store, db_path)
    qtbot.addWidget(window)
    window.set_current_staff("staff-rosa")
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    # The oldest of Rosa's notes that can be signed is the first in her queue.
    first = queue_rows(demo_store, "staff-rosa", NOW)[0].session_id
    assert not demo_store.session(first).signed
    qtbot.keyClick(window.tabs.tabBar(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.end_of_day
    assert window.end_of_day.is_loading  # the queue is read in the pool

    focus = QApplication.focusWidget() or window
    # At once, while the queue is read: the note it lands on is signed once shown. The
    # writer thread stores the signature; the note counts as signed only then.
    with qtbot.waitSignal(window.end_of_day.note_signed, timeout=10_000) as signed:
        qtbot.keyClick(focus, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert signed.args == [first]
    assert demo_store.session(first).signed
    _settle(qtbot, window.end_of_day)
    assert window.end_of_day.model.row_of(first) == -1
    qtbot.waitUntil(lambda: not window.history.is_loading, timeout=10_000)


def test_a_change_naming_sessions_refreshes_only_their_rows(qtbot, demo_store):
    """Issue 12: a change that names its sessions re-reads those rows only: no reload of
    the queue (no model reset), the note on the right is not rebuilt unless it is one of
    them, a new draft lands in date order and a signed one leaves."""
    bus = ChangeBus()
    view = _view(qtbot, demo_store, bus=bus)
    view.show()
    _settle(qtbot, view)
    resets: list[bool] = []
    view.model.modelReset.connect(lambda: resets.append(True))
    shown: list[str] = []
    show_html = view.viewer.show_html
    view.viewer.show_html = lambda sid, html: (shown.append(sid), show_html(sid, html))[1]
    selected = view.current_row().session_id
    ids = [view.model.row_at(i).session_id for i in range(view.model.rowCount())]
    other = demo_store.session(ids[-1])

    # Before every other queued note.
    new = _lena_draft("early-draft", datetime(2026, 11, 16, 15, 0, tzinfo=UTC))
    demo_store.save_session(new)
    demo_store.save_session(replace(other, response="Asked for help once, then alone."))
    bus.publish(Changes.of_sessions([new, demo_store.session(other.id)]))
    _settle(qtbot, view)

    assert resets == []
    assert view.model.row_of("early-draft") == 0
    assert view.model.rowCount() == len(ids) + 1
    assert view.current_row().session_id == selected  # still the same note, not rebuilt
    assert shown == []

    assert view.sign_and_next()  # the selected note is signed: the next one is shown
    _settle(qtbot, view)
    assert resets == []
    assert view.model.row_of(selected) == -1
    assert shown == [view.current_row().session_id]


def test_in_the_window_a_refused_signature_says_why_and_the_note_stays_unsigned(
    qtbot, demo_store, db_path
):
    """Issue 12: the writer thread writes the signature; a refusal there (the note was
    emptied by another program after it was shown) is said on the panel, the note stays
    in the queue unsigned and ``note_signed`` never says otherwise."""
    from sessionlog.ui.main_window import MainWindow

    window = MainWindow(demo_store, db_path)
    qtbot.addWidget(window)
    window.set_current_staff("staff-rosa")
    window.show()  # End of day is built when first used and loads when shown
    queue = window.end_of_day
    window.show_view(queue)
    _settle(qtbot, queue)
    ready = next(i for i in range(queue.model.rowCount()) if not queue.model.row_at(i).missing)
    queue.select_row(ready)
    _settle(qtbot, queue)
    session_id = queue.current_row().session_id
    assert queue.panel.can_sign()
    # Another program empties the response between showing and signing.
    demo_store.save_session(replace(demo_store.session(session_id), response=""))
    signed: list[str] = []
    queue.note_signed.connect(signed.append)

    with qtbot.waitSignal(window.pending_writes.failed, timeout=10_000):
        assert queue.sign_and_next()
        assert queue.is_loading  # sent: the note is not signed yet
    _settle(qtbot, queue)

    assert signed == []
    assert not demo_store.session(session_id).signed
    assert queue.model.row_of(session_id) >= 0
    assert queue.current_row().session_id == session_id
    assert "Not signed" in queue.panel.error_label.text()
    assert "Describe how the client responded" in queue.panel.error_label.text()
    assert theme.text(Tone.ERROR).name() in queue.panel.error_label.styleSheet()
    assert not queue.sign_button.isEnabled()
    qtbot.waitUntil(lambda: not window.history.is_loading, timeout=10_000)


def test_in_the_window_the_signature_is_acknowledged_once_stored(qtbot, demo_store, db_path):
    from sessionlog.ui.main_window import MainWindow

    window = MainWindow(demo_store, db_path)
    qtbot.addWidget(window)
    window.set_current_staff("staff-rosa")
    window.show()  # End of day is built when first used and loads when shown
    queue = window.end_of_day
    window.show_view(queue)
    _settle(qtbot, queue)
    ready = next(i for i in range(queue.model.rowCount()) if not queue.model.row_at(i).missing)
    queue.select_row(ready)
    _settle(qtbot, queue)
    session_id = queue.current_row().session_id
    following = [queue.model.row_at(i).session_id for i in range(queue.model.rowCount())]
    following.remove(session_id)

    stored_when_said: list[bool] = []
    queue.note_signed.connect(lambda sid: stored_when_said.append(demo_store.session(sid).signed))
    with qtbot.waitSignal(queue.note_signed, timeout=10_000):
        assert queue.sign_and_next()
    _settle(qtbot, queue)

    assert stored_when_said == [True]
    assert queue.model.row_of(session_id) == -1
    assert [queue.model.row_at(i).session_id for i in range(queue.model.rowCount())] == following
    assert queue.current_row() is not None
    assert queue.viewer.session_id == queue.current_row().session_id  # the next note is shown
    qtbot.waitUntil(lambda: not window.history.is_loading, timeout=10_000)


def test_the_queue_is_read_off_the_gui_thread_and_again_after_a_change_meanwhile(
    qtbot, demo_store, monkeypatch
):
    """Showing End of day reads the whole queue in the pool (issue 12); a change that
    comes while it is read (which that read may have missed) has it read once more."""
    bus = ChangeBus()
    view = _view(qtbot, demo_store, bus=bus)
    count = view.model.rowCount()
    release = threading.Event()
    threads: list[int] = []
    real = end_of_day.queue_rows

    def held(*args):
        threads.append(threading.get_ident())
        release.wait(timeout=30)
        return real(*args)

    monkeypatch.setattr(end_of_day, "queue_rows", held)
    try:
        view.reload()
        assert view.is_loading
        draft = _lena_draft("new-draft", datetime(2026, 11, 20, 23, 30, tzinfo=UTC))
        demo_store.save_session(draft)
        bus.publish(Changes.of_sessions([demo_store.session("new-draft")]))
    finally:
        release.set()
    _settle(qtbot, view)
    assert len(threads) == 2 and threading.get_ident() not in threads
    assert view.model.rowCount() == count + 1
    assert view.model.row_of("new-draft") == count  # newest, so last


def test_in_the_window_sign_and_next_lands_on_the_note_read_ahead_then_tells_the_others(
    qtbot, demo_store, db_path, monkeypatch
):
    """Issue 12: while the coach reads a note, the one signing lands on is read in the
    pool; after the signature is stored the queue shows it with no read of its own, and
    the other views hear of the signature only once the queue has landed on it."""
    from sessionlog.ui.main_window import MainWindow

    window = MainWindow(demo_store, db_path)
    qtbot.addWidget(window)
    window.set_current_staff("staff-rosa")
    window.show()
    queue = window.end_of_day
    window.show_view(queue)
    _settle(qtbot, queue)
    ready = next(i for i in range(queue.model.rowCount()) if not queue.model.row_at(i).missing)
    queue.select_row(ready)
    _settle(qtbot, queue)  # the shown note, then the next one read ahead
    session_id = queue.current_row().session_id
    rows = [queue.model.row_at(i).session_id for i in range(queue.model.rowCount())]
    landing = rows[ready + 1] if ready + 1 < len(rows) else rows[ready - 1]
    assert queue._ahead is not None and queue._ahead.session_id == landing

    reads: list[str] = []
    real = end_of_day.read_panel_facts

    def counted(store, sid, *args):
        reads.append(sid)
        return real(store, sid, *args)

    monkeypatch.setattr(end_of_day, "read_panel_facts", counted)
    shown_when_told: list[str | None] = []
    window.bus.changed.connect(lambda _changes: shown_when_told.append(queue.viewer.session_id))
    with qtbot.waitSignal(queue.note_signed, timeout=10_000):
        assert queue.sign_and_next()
    _settle(qtbot, queue)

    assert demo_store.session(session_id).signed
    assert queue.current_row().session_id == landing
    assert queue.viewer.session_id == landing
    assert landing not in reads  # shown as read ahead, not read again
    assert shown_when_told[:1] == [landing]  # told after the landing was shown
    qtbot.waitUntil(lambda: not window.history.is_loading, timeout=10_000)


def test_a_change_to_the_note_read_ahead_has_it_read_again(qtbot, demo_store):
    """A read-ahead never shows stale text: a change naming the note drops it; one of
    another note of its client keeps the text but not the billing preview (day totals
    and draw-down can move)."""
    bus = ChangeBus()
    view = _view(qtbot, demo_store, bus=bus)
    view.show()
    # A note followed by a complete one: the read-ahead holds a billing preview too.
    before = next(
        i for i in range(view.model.rowCount() - 1) if not view.model.row_at(i + 1).missing
    )
    view.select_row(before)
    _settle(qtbot, view)
    ahead = view._ahead
    assert ahead is not None and ahead.session_id == view.model.row_at(before + 1).session_id
    assert ahead.line is not None

    same_client = next(
        s
        for s in demo_store.sessions(SessionFilter(client_id=ahead.client_id))
        if s.id != ahead.session_id
    )
    bus.publish(Changes.of_sessions([same_client]))
    assert view._ahead is not None and view._ahead.line is None
    assert view._ahead.html == ahead.html

    bus.publish(Changes.of_sessions([demo_store.session(ahead.session_id)]))
    assert view._ahead is None
    _settle(qtbot, view)
    view.select_row(before + 1)  # read in the pool again
    assert view.is_loading
    _settle(qtbot, view)
    assert view.viewer.session_id == ahead.session_id


def test_the_queue_shows_client_names_in_full_until_the_coach_drags_the_divider(qtbot, demo_store):
    """At 1366×768 the client column read "Marcus W…" while the note beside the queue
    had room to spare: the queue widens (up to half the tab) so names show whole, and a
    divider the coach dragged stays where they put it."""
    from sessionlog.ui.models.queue_model import COL_CLIENT

    view = EndOfDayView(demo_store, ChangeBus(), lambda: None, now=_now)
    qtbot.addWidget(view)
    view.resize(1340, 700)
    view.show()
    qtbot.waitExposed(view)
    _settle(qtbot, view)
    table = view.table
    names = [str(view.model.index(row, COL_CLIENT).data()) for row in range(view.model.rowCount())]
    assert names
    widest_name = max(table.fontMetrics().horizontalAdvance(name) for name in names)
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(COL_CLIENT) >= widest_name, timeout=10_000)
    assert view.splitter.sizes()[0] <= sum(view.splitter.sizes()) // 2

    # The coach makes the queue narrow on purpose: a later read keeps it so.
    total = sum(view.splitter.sizes())
    view.splitter.setSizes([300, total - 300])
    view.splitter.splitterMoved.emit(300, 1)
    view.reload()
    _settle(qtbot, view)
    assert view.splitter.sizes()[0] == 300
