"""Today: the caseload, the services each client is authorized for, today's
sessions and the count of notes still to finish; clear empty states."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from sessionlog.core.models import SessionStatus
from sessionlog.services.billing import authorization_usage_for_client
from sessionlog.services.preferences import CURRENT_STAFF_KEY
from sessionlog.store import SessionFilter
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.main_window import MainWindow


def billing_shown(qtbot, today) -> None:
    """Units and units left are worked out off the GUI thread: wait until they are on screen."""
    qtbot.waitUntil(lambda: not today.units_pending(), timeout=10_000)


def codes_listed(today) -> list[str]:
    return [
        today.codes.item(r).text()
        for r in range(today.codes.count())
        if today.codes.item(r).flags() & Qt.ItemFlag.ItemIsSelectable
    ]


def test_caseload_lists_clients_with_a_plan_active_today(main_window, rosa_store):
    today = main_window.today
    names = [today.clients.item(r).text() for r in range(today.clients.count())]
    assert names == sorted(c.name for c in rosa_store.clients())
    assert "Friday 11/20/2026" in today.day_label.text()


def test_client_without_an_active_plan_is_not_on_todays_caseload(
    qtbot, rosa_store, db_path, fake_clock
):
    plan = rosa_store.plans("client-dmitri")[-1]
    plan.end = plan.start  # ended long before the demo's last day
    rosa_store.save_plan(plan)
    window = MainWindow(rosa_store, db_path, bus=ChangeBus(), clock=fake_clock)
    qtbot.addWidget(window)
    names = [window.today.clients.item(r).text() for r in range(window.today.clients.count())]
    assert "Dmitri Volkov" not in names and len(names) == 3


def test_picking_a_client_offers_authorized_codes_with_units_left(qtbot, main_window, rosa_store):
    today = main_window.today
    today.select_client("client-marcus")
    billing_shown(qtbot, today)
    usage = [
        u
        for u in authorization_usage_for_client(rosa_store, "client-marcus", today.today())
        if u.authorization.covers(today.today())
    ]
    assert usage, "the demo authorizes Marcus today"
    listed = codes_listed(today)
    for u in usage:
        expected = f"{u.authorization.code} "
        line = next(text for text in listed if text.startswith(expected))
        assert f"{u.remaining} of {u.authorization.units} units left" in line
    # The first authorized code is ready to time.
    assert today.timer.ready_code == usage[0].authorization.code
    assert today.timer.start_button.isEnabled()
    # Only what the client is authorized for; the rest is behind "Show all services",
    # still reachable and marked as such.
    assert not any(text.endswith("not authorized") for text in listed)
    assert len(listed) == len(usage)
    today.show_all_codes.setChecked(True)
    assert any(text.endswith("not authorized") for text in codes_listed(today))
    assert today.timer.ready_code == usage[0].authorization.code  # the choice stays


def test_todays_sessions_and_notes_to_finish(qtbot, main_window, rosa_store):
    today = main_window.today
    billing_shown(qtbot, today)
    day = today.today()
    mine = rosa_store.sessions(SessionFilter(staff_id="staff-rosa", start=day, end=day))
    assert today.sessions.topLevelItemCount() == len(mine) > 0
    drafts = rosa_store.count_sessions(
        SessionFilter(staff_id="staff-rosa", status=SessionStatus.DRAFT)
    )
    assert drafts > 0
    assert today.to_finish.text().startswith(f"{drafts} note")
    statuses = {today.sessions.topLevelItem(r).text(4) for r in range(len(mine))}
    assert statuses <= {"Signed", "Ready to sign"} | {
        s for s in statuses if s.startswith("Draft — ")
    }
    units = [today.sessions.topLevelItem(r).text(3) for r in range(len(mine))]
    assert all(u != "" for u in units)


def test_a_running_session_appears_with_its_status(qtbot, main_window):
    today = main_window.today
    before = today.sessions.topLevelItemCount()
    today.select_client("client-tran", "H2023")
    qtbot.mouseClick(today.timer.start_button, Qt.MouseButton.LeftButton)
    assert today.sessions.topLevelItemCount() == before + 1
    statuses = [today.sessions.topLevelItem(r).text(4) for r in range(before + 1)]
    assert "● Running" in statuses


def test_empty_database_says_how_to_begin(qtbot, store, db_path, fake_clock):
    window = MainWindow(store, db_path, bus=ChangeBus(), clock=fake_clock)
    qtbot.addWidget(window)
    today = window.today
    assert today.empty.isVisibleTo(window)
    assert "File ▸ Import" in today.empty_text.text()
    assert not today.clients.isVisibleTo(window)
    qtbot.mouseClick(today.demo_button, Qt.MouseButton.LeftButton)
    assert today.clients.count() == 4, today.empty_text.text()
    assert not today.empty.isVisibleTo(window)


def test_first_start_asks_who_uses_this_laptop(qtbot, demo_store, db_path, fake_clock, monkeypatch):
    from sessionlog.ui.dialogs import choose_staff

    def pick_ben(dialog):
        for row in range(dialog.list.count()):
            if dialog.list.item(row).data(Qt.ItemDataRole.UserRole) == "staff-ben":
                dialog.list.setCurrentRow(row)
        return choose_staff.ChooseStaffDialog.DialogCode.Accepted

    monkeypatch.setattr(choose_staff.ChooseStaffDialog, "exec", pick_ben)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window = MainWindow(demo_store, Path(db_path), bus=ChangeBus(), clock=fake_clock)
    qtbot.addWidget(window)
    assert window.current_staff_id is None
    window.start_up()
    assert window.current_staff_id == "staff-ben"
    assert demo_store.get_state(CURRENT_STAFF_KEY) == "staff-ben"
    assert demo_store.actor == "staff-ben"
    assert "Ben Okafor" in window._staff_label.text()


def test_add_view_puts_a_tab_and_a_view_menu_entry(qtbot, main_window):
    from PySide6.QtWidgets import QLabel

    extra = QLabel("extra")
    main_window.add_view("&Extra", extra, "Ctrl+9")
    entry = next(a for a in main_window.view_menu.actions() if a.text() == "&Extra")
    assert entry.shortcut().toString() == "Ctrl+9"
    entry.trigger()
    assert main_window.tabs.currentWidget() is extra


def test_a_session_the_authorization_cannot_pay_shows_its_units_and_zero_billable(
    qtbot, main_window, rosa_store
):
    """Trần's demo authorization is used up by the 20th: her draft shows "3 (0 billable)",
    not a bare 0 that reads like a timing mistake."""
    today = main_window.today
    billing_shown(qtbot, today)
    rows = {
        today.sessions.topLevelItem(r).text(1): today.sessions.topLevelItem(r).text(3)
        for r in range(today.sessions.topLevelItemCount())
    }
    assert rows["Trần Thị Mai"].endswith("(0 billable)")
    assert int(rows["Trần Thị Mai"].split()[0]) > 0


def test_the_row_of_the_note_being_edited_stays_highlighted(qtbot, main_window, rosa_store):
    from sessionlog.ui.views.today import ID_ROLE

    today = main_window.today

    def highlighted() -> str | None:
        item = today.sessions.currentItem()
        return None if item is None else item.data(0, ID_ROLE)

    today.select_client("client-tran", "H2023")
    qtbot.mouseClick(today.timer.start_button, Qt.MouseButton.LeftButton)
    session_id = today.timer.session_ids[0]
    qtbot.mouseClick(today.timer.stop_button, Qt.MouseButton.LeftButton)
    assert highlighted() == session_id
    qtbot.keyClicks(today.note.response, "Stocked the shelves.")
    today.note.flush()  # saving refreshes the list
    assert rosa_store.session(session_id).response == "Stocked the shelves."
    assert highlighted() == session_id
    # A note opened from End of day is highlighted on Today as well.
    other = next(
        today.sessions.topLevelItem(r).data(0, ID_ROLE)
        for r in range(today.sessions.topLevelItemCount())
        if today.sessions.topLevelItem(r).data(0, ID_ROLE) != session_id
    )
    main_window.edit_in_today(other)
    assert today.note.session.id == other
    assert highlighted() == other


def test_a_refresh_rewrites_todays_rows_in_place(qtbot, main_window, rosa_store):
    """Issue 12: the list was cleared and filled again on every change; clearing removed
    the rows one by one and, with a row highlighted, each removal moved the highlight and
    laid the list out again (17-60 ms of a timer Start at 300k sessions). The rows are
    now rewritten in place, in the store's order, and a refresh that no longer lists the
    note being edited leaves no row highlighted."""
    from sessionlog.ui.views.today import ID_ROLE

    today = main_window.today
    tree = today.sessions
    removed: list[int] = []
    tree.model().rowsAboutToBeRemoved.connect(lambda _parent, first, last: removed.append(first))
    tree.model().modelAboutToBeReset.connect(lambda: removed.append(-1))

    def listed() -> list[str]:
        return [tree.topLevelItem(r).data(0, ID_ROLE) for r in range(tree.topLevelItemCount())]

    before = listed()
    assert before
    today.select_client("client-tran", "H2023")
    qtbot.mouseClick(today.timer.start_button, Qt.MouseButton.LeftButton)
    session_id = today.timer.session_ids[0]
    qtbot.waitUntil(lambda: len(listed()) == len(before) + 1, timeout=10_000)
    assert removed == []  # no row was taken out to be put back
    day = today.today()
    stored = rosa_store.sessions(SessionFilter(staff_id="staff-rosa", start=day, end=day))
    assert listed() == [s.id for s in stored]
    assert tree.currentItem().data(0, ID_ROLE) == session_id
    # A note of an earlier day opened from History or End of day is not on today's list:
    # a refresh highlights nothing rather than whichever row is at the old place.
    earlier = rosa_store.sessions(
        SessionFilter(staff_id="staff-rosa", end=day - timedelta(days=1))
    )[-1]
    main_window.edit_in_today(earlier.id)
    assert today.note.session.id == earlier.id
    today._fill_sessions(day)
    assert tree.selectedItems() == []
