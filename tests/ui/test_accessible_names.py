"""Every control a screen reader can land on says what it is.

The test walks the widget tree of the main window, the Setup window and each dialog the
app opens, and asks Qt's accessibility layer for each interactive control's name: the
name a screen reader speaks (an accessible name, a button's text, or a buddy label).
Icon-only buttons must also carry a tooltip and an explicit accessible name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from sessionlog.core.models import Segment, SessionStatus
from sessionlog.core.timer import ClockGap, GapKind
from sessionlog.services.interchange import export_file
from sessionlog.ui.bus import ChangeBus

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QAbstractSlider,
)
# Qt's own parts of a compound control (a combo box's popup list and line edit, a spin
# box's editor, a scroll area's bars, a tab bar's scroll buttons, a line edit's clear
# button): the compound control is what is named and announced.
COMPOUND = (QComboBox, QAbstractSpinBox, QCalendarWidget, QTabBar, QScrollBar, QLineEdit)


def _inside_compound(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root.parentWidget():
        if isinstance(parent, COMPOUND):
            return True
        parent = parent.parentWidget()
    return False


def _describe(widget: QWidget) -> str:
    parent = widget.parentWidget()
    chain = []
    while parent is not None:
        chain.append(type(parent).__name__)
        parent = parent.parentWidget()
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return f"{type(widget).__name__} {widget.objectName()!r} {text!r} in {' < '.join(chain[:4])}"


def unnamed_controls(root: QWidget) -> list[str]:
    """The interactive controls under ``root`` that a screen reader could not name."""
    problems = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, (QScrollBar, QHeaderView)):
            continue
        if widget.objectName().startswith("qt_") or _inside_compound(widget, root):
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name).strip() if interface else ""
        if not name:
            problems.append(f"no accessible name: {_describe(widget)}")
        icon_only = isinstance(widget, QAbstractButton) and not widget.text().strip()
        if icon_only and not (widget.toolTip() and widget.accessibleName()):
            problems.append(f"icon-only button without tooltip+name: {_describe(widget)}")
    return problems


def _signed_and_draft(store) -> tuple[str, str]:
    sessions = store.sessions()
    signed = next(s.id for s in sessions if s.status == SessionStatus.SIGNED)
    draft = next(s.id for s in sessions if s.status == SessionStatus.DRAFT)
    return signed, draft


def _dialogs(store, db_path: Path, tmp_path: Path, clock) -> dict[str, Callable[[], QWidget]]:
    """Every dialog the app can open, built the way the app builds it."""
    from sessionlog.services.integrity import check_database
    from sessionlog.ui.dialogs.about import AboutDialog
    from sessionlog.ui.dialogs.addendum import AddendumDialog
    from sessionlog.ui.dialogs.backups import RestoreDialog
    from sessionlog.ui.dialogs.change_client import ChangeClientDialog
    from sessionlog.ui.dialogs.choose_staff import ChooseStaffDialog
    from sessionlog.ui.dialogs.claims_dialog import ClaimExportDialog
    from sessionlog.ui.dialogs.correct_times import CorrectTimesDialog
    from sessionlog.ui.dialogs.group_start import GroupStartDialog
    from sessionlog.ui.dialogs.import_dialog import JsonImportDialog
    from sessionlog.ui.dialogs.manual_entry import ManualEntryDialog
    from sessionlog.ui.dialogs.note_dialog import NoteViewerDialog
    from sessionlog.ui.dialogs.packet_dialog import PacketDialog
    from sessionlog.ui.dialogs.record_check import RecordCheckDialog
    from sessionlog.ui.dialogs.recovery import ClockGapDialog, RecoveryDialog
    from sessionlog.ui.dialogs.roster_dialog import RosterImportDialog
    from sessionlog.ui.dialogs.sign import SignDialog
    from sessionlog.ui.dialogs.void_draft import VoidDraftDialog
    from sessionlog.ui.setup.days_off import DaysOffDialog
    from sessionlog.ui.setup.window import SetupWindow

    signed, draft = _signed_and_draft(store)
    now = clock.read().wall
    staff = "staff-rosa"
    exported = tmp_path / "caseload.json"
    export_file(store, exported)
    running = replace(store.session(draft), segments=[Segment(now - timedelta(minutes=30), None)])
    reading = clock.read()
    gap = ClockGap(GapKind.SLEEP, reading, reading, timedelta(minutes=40))
    return {
        "setup": lambda: SetupWindow(store, ChangeBus()),
        "days off": lambda: DaysOffDialog(store, ChangeBus()),
        "about": lambda: AboutDialog(db_path),
        "addendum": lambda: AddendumDialog(store, signed, staff),
        "restore": lambda: RestoreDialog(db_path),
        "change client": lambda: ChangeClientDialog(store, draft),
        "choose staff": lambda: ChooseStaffDialog(store.staff_members(), staff),
        "claims csv": lambda: ClaimExportDialog(store, db_path, "lines"),
        "claims 837": lambda: ClaimExportDialog(store, db_path, "837"),
        "correct times": lambda: CorrectTimesDialog(store, draft, lambda: now),
        "group start": lambda: GroupStartDialog(store, now, "client-marcus", "H2023"),
        "json import": lambda: JsonImportDialog(store, ChangeBus(), exported),
        "manual entry": lambda: ManualEntryDialog(store, staff, now, "client-marcus", "H2023"),
        "note": lambda: NoteViewerDialog(store, signed, staff),
        "packet": lambda: PacketDialog(store, db_path),
        "record check": lambda: RecordCheckDialog(lambda: check_database(db_path)),
        "recovery": lambda: RecoveryDialog([running], {running.id: "Marcus Webb"}, None, now),
        "clock gap": lambda: ClockGapDialog(gap, "Marcus Webb · H2023"),
        "roster": lambda: RosterImportDialog(store, ChangeBus()),
        "sign": lambda: SignDialog(store, draft, staff),
        "void draft": lambda: VoidDraftDialog(store, draft, "Marcus Webb · H2023"),
    }


DIALOG_NAMES = [
    "setup",
    "days off",
    "about",
    "addendum",
    "restore",
    "change client",
    "choose staff",
    "claims csv",
    "claims 837",
    "correct times",
    "group start",
    "json import",
    "manual entry",
    "note",
    "packet",
    "record check",
    "recovery",
    "clock gap",
    "roster",
    "sign",
    "void draft",
]


def test_every_control_of_the_main_window_has_a_name(main_window, qtbot):
    window = main_window
    problems = unnamed_controls(window)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        problems += unnamed_controls(window.tabs.widget(index))
    assert sorted(set(problems)) == []


@pytest.mark.parametrize("name", DIALOG_NAMES)
def test_every_control_of_each_dialog_has_a_name(
    name, qtbot, rosa_store, db_path, tmp_path, fake_clock
):
    dialog = _dialogs(rosa_store, db_path, tmp_path, fake_clock)[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    problems = unnamed_controls(dialog)
    tabs = getattr(dialog, "tabs", None)
    if tabs is not None:  # the Setup window: every page, not only the first
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            problems += unnamed_controls(tabs.widget(index))
    assert sorted(set(problems)) == []


def test_the_walk_finds_an_unnamed_control_and_an_icon_only_button(qtbot):
    """The checker itself: a bare line edit and an icon-only button are reported."""
    from PySide6.QtWidgets import QHBoxLayout, QStyle, QToolButton

    holder = QWidget()
    qtbot.addWidget(holder)
    row = QHBoxLayout(holder)
    row.addWidget(QLineEdit())
    cleared = QLineEdit()
    cleared.setClearButtonEnabled(True)
    cleared.setAccessibleName("Search")
    row.addWidget(cleared)
    icon_only = QToolButton()
    icon_only.setIcon(holder.style().standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton))
    row.addWidget(icon_only)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    row.addWidget(buttons)
    problems = unnamed_controls(holder)
    assert len([p for p in problems if p.startswith("no accessible name: QLineEdit")]) == 1
    assert any(p.startswith("icon-only button without tooltip+name: QToolButton") for p in problems)
    assert not any("'OK'" in p or "'&OK'" in p for p in problems)
