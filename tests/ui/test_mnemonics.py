"""Every window and dialog the app can show: no Alt+letter is claimed twice at once.

A mnemonic claimed twice is ambiguous: Qt only cycles the focus between the two, so the
coach's Alt+letter does nothing useful. Counted together, as Qt does: labels with a buddy,
buttons, check boxes, radio buttons, group boxes, the tabs of every visible tab bar and the
menu bar's titles; each menu's own entries are checked on their own.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QMenu,
    QMenuBar,
    QTabBar,
    QTabWidget,
    QWidget,
)

from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.dialogs.about import AboutDialog
from sessionlog.ui.dialogs.choose_staff import ChooseStaffDialog
from sessionlog.ui.dialogs.first_run import FirstRunDialog
from sessionlog.ui.dialogs.group_start import GroupStartDialog
from sessionlog.ui.dialogs.manual_entry import ManualEntryDialog
from sessionlog.ui.dialogs.note_dialog import NoteViewerDialog
from sessionlog.ui.dialogs.roster_dialog import RosterImportDialog
from sessionlog.ui.main_window import MainWindow


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' ("&&" is a literal ampersand)."""
    index = 0
    while (index := text.find("&", index)) != -1 and index + 1 < len(text):
        if text[index + 1] != "&":
            return text[index + 1].lower()
        index += 2
    return None


def claimed(window: QWidget) -> dict[str, list[str]]:
    """Letter -> the texts claiming it among what ``window`` shows now."""
    found: dict[str, list[str]] = defaultdict(list)

    def add(text: str) -> None:
        letter = mnemonic(text)
        if letter is not None:
            found[letter].append(text)

    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.window() is not window:
            continue
        if (isinstance(widget, QLabel) and widget.buddy() is not None) or isinstance(
            widget, QAbstractButton
        ):
            add(widget.text())
        elif isinstance(widget, QGroupBox):
            add(widget.title())
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.isTabVisible(index):
                    add(widget.tabText(index))
        elif isinstance(widget, QMenuBar):
            for action in widget.actions():
                add(action.text())
    return found


def assert_unique(window: QWidget, where: str) -> None:
    twice = {letter: texts for letter, texts in claimed(window).items() if len(texts) > 1}
    assert not twice, f"{where}: Alt+letter claimed twice: {twice}"


def assert_menus_unique(window: QWidget) -> None:
    for menu in window.findChildren(QMenu):
        letters: dict[str, list[str]] = defaultdict(list)
        for action in menu.actions():
            letter = mnemonic(action.text())
            if letter is not None and action.isVisible():
                letters[letter].append(action.text())
        twice = {k: v for k, v in letters.items() if len(v) > 1}
        assert not twice, f"menu {menu.title()!r}: {twice}"


def every_tab(window: QWidget, where: str) -> None:
    """Check each page of each tab widget (the Setup window's editors, say)."""
    assert_unique(window, where)
    for tabs in window.findChildren(QTabWidget):
        if not tabs.isVisibleTo(window):
            continue
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            QApplication.processEvents()
            assert_unique(window, f"{where} ▸ {tabs.tabText(index)}")


def check_dialog(qtbot, dialog: QDialog, where: str) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    every_tab(dialog, where)
    dialog.close()


def stopped_draft(window: MainWindow, fake_clock) -> str:
    today = window.today
    today.select_client("client-marcus", "H2023")
    today.timer.start()
    session_id = today.timer.session_ids[0]
    fake_clock.advance(1800)
    today.timer.stop()
    return session_id


def test_the_main_window_in_every_state(qtbot, main_window, rosa_store, fake_clock):
    window = main_window
    assert_menus_unique(window)
    assert_unique(window, "Today, nothing picked")
    session_id = stopped_draft(window, fake_clock)
    assert window.today.note.session is not None
    assert_unique(window, "Today, a draft note")
    window.today.show_all_codes.setChecked(True)
    assert_unique(window, "Today, every service listed")
    signed = next(s for s in rosa_store.sessions() if s.signed)
    window.today.note.show_session(signed.id)
    assert_unique(window, "Today, a signed note")
    window.today.timer.start_group_with(["client-marcus", "client-tran"], "H2023")
    QApplication.processEvents()
    assert window.today.timer.attendee_box.isVisibleTo(window)
    assert_unique(window, "Today, a group running")
    window.today.timer.stop()
    for view in (window.end_of_day, window.history):
        window.show_view(view)
        QApplication.processEvents()
        assert_unique(window, window.tabs.tabText(window.tabs.currentIndex()))
    assert rosa_store.session(session_id).status.value == "draft"


def test_the_first_run_window_on_an_empty_database(qtbot, store, db_path, fake_clock):
    window = MainWindow(store, db_path, bus=ChangeBus(), clock=fake_clock)
    qtbot.addWidget(window)
    window.show()
    assert window.today.demo_button.isVisible()
    assert_unique(window, "Today, empty database")
    window.close()


def test_the_note_form_dialogs(qtbot, main_window, rosa_store, fake_clock):
    window = main_window
    form = window.today.note
    session_id = stopped_draft(window, fake_clock)
    for open_dialog in (
        form.open_sign,
        form.open_discard,
        form.open_correct_times,
        form.open_change_client,
    ):
        dialog = open_dialog()
        assert dialog is not None
        every_tab(dialog, type(dialog).__name__)
        dialog.reject()
    signed = next(s for s in rosa_store.sessions() if s.signed)
    form.show_session(signed.id)
    dialog = form.open_addendum()
    assert dialog is not None
    every_tab(dialog, "AddendumDialog")
    dialog.reject()
    assert rosa_store.session(session_id).void_reason is None


def test_the_menu_dialogs(qtbot, main_window, rosa_store, fake_clock, db_path):
    window = main_window
    for dialog, where in (
        (window.export_packet(), "Export documentation packet"),
        (window.export_claims("lines"), "Export claim lines"),
        (window.export_claims("837"), "Export claims"),
        (window.open_restore(), "Restore a backup"),
        (window.check_record(), "Check the record"),
        (window.setup_actions.open_days_off(), "Agency days off"),
    ):
        every_tab(dialog, where)
        dialog.close()
    setup = window.setup_actions.open_page("clients")
    every_tab(setup, "Caseload setup")
    setup.start_guide()
    every_tab(setup, "Caseload setup, guided")
    setup.close()
    now = fake_clock.read().wall
    signed = next(s for s in rosa_store.sessions() if s.signed)
    staff = rosa_store.staff_members()
    for dialog, where in (
        (AboutDialog(db_path), "About"),
        (ChooseStaffDialog(staff, "staff-rosa"), "Who is using this laptop"),
        (ChooseStaffDialog([], None), "Who is using this laptop, nobody yet"),
        (ManualEntryDialog(rosa_store, "staff-rosa", now, None, None), "Untimed session"),
        (GroupStartDialog(rosa_store, now, None, None), "Start group"),
        (NoteViewerDialog(rosa_store, signed.id, "staff-rosa"), "Note (History)"),
        (RosterImportDialog(rosa_store, ChangeBus()), "Import client roster"),
        (FirstRunDialog(), "First run"),
    ):
        check_dialog(qtbot, dialog, where)


def test_the_mnemonic_reader_skips_literal_ampersands() -> None:
    assert mnemonic("Tom && Jerry &all") == "a"
    assert mnemonic("Tom && Jerry") is None
