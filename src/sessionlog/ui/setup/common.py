"""Small widgets the setup editors share: a problem list, a searchable time-zone box,
a list-with-buttons column and a date box that always holds a real date."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from PySide6.QtCore import QDate, QSignalBlocker, Qt, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QFrame,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QWidget,
)

from sessionlog.core.caseload import FieldProblem
from sessionlog.core.clock import is_valid_timezone, timezone_names
from sessionlog.ui import theme
from sessionlog.ui.theme import Tone

# Data role under which list rows and combo items keep the record id.
ID_ROLE = Qt.ItemDataRole.UserRole


class ProblemList(QLabel):
    """Red, word-wrapped list of what stops a save; hidden when there is nothing."""

    def __init__(self, labels: dict[str, str] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._labels = labels or {}
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        border = theme.text(Tone.ERROR).name()
        self.setStyleSheet(
            theme.css(
                Tone.ERROR,
                filled=True,
                extra=f"border: 1px solid {border}; border-radius: 4px; padding: 6px;",
            )
        )
        self.setAccessibleName("Problems")
        self.hide()

    def show_problems(self, problems: Iterable[FieldProblem | str], intro: str = "") -> None:
        lines = [self._line(p) for p in problems]
        if not lines:
            self.clear_problems()
            return
        head = intro or "Not saved. Please fix:"
        self.setText(head + "\n" + "\n".join(f"• {line}" for line in lines))
        self.show()

    def clear_problems(self) -> None:
        self.clear()
        self.hide()

    def lines(self) -> list[str]:
        return [line[2:] for line in self.text().splitlines() if line.startswith("• ")]

    def _line(self, problem: FieldProblem | str) -> str:
        if isinstance(problem, str):
            return problem
        label = self._labels.get(problem.field, problem.field)
        return f"{label}: {problem.message}" if label else problem.message


def computer_time_zone() -> str:
    """This computer's IANA zone ("America/Chicago"), or "" when it has none by name."""
    zone = bytes(QTimeZone.systemTimeZoneId().data()).decode(errors="replace")
    return zone if is_valid_timezone(zone) else ""


class TimezoneCombo(QComboBox):
    """Every IANA zone; type any part of a name ("chicago", "Denver") to find it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(timezone_names())
        self.setMaxVisibleItems(15)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        editor = self.lineEdit()
        if editor is not None:  # always, for an editable box
            editor.setPlaceholderText("Type a city, e.g. Chicago")

    def zone(self) -> str:
        return self.currentText().strip()

    def set_zone(self, zone: str) -> None:
        index = self.findText(zone) if zone else -1
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setCurrentIndex(-1)
            self.setEditText(zone)


class DateBox(QDateEdit):
    """A calendar-popup date box showing ISO dates (what the rest of the app shows)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(QDate(1990, 1, 1))
        self.setMaximumDate(QDate(2100, 12, 31))

    def value(self) -> date:
        shown = self.date()
        return date(shown.year(), shown.month(), shown.day())

    def set_value(self, day: date) -> None:
        with QSignalBlocker(self):
            self.setDate(QDate(day.year, day.month, day.day))


def select_by_id(combo: QComboBox, record_id: str | None) -> bool:
    index = combo.findData(record_id, ID_ROLE) if record_id is not None else -1
    if index >= 0:
        combo.setCurrentIndex(index)
    return index >= 0


def fill_combo(combo: QComboBox, items: Sequence[tuple[str, str]], keep: str | None) -> None:
    """Replace a combo's (label, id) items, keeping ``keep`` selected if still there,
    without announcing the intermediate states."""
    with QSignalBlocker(combo):
        combo.clear()
        for label, record_id in items:
            combo.addItem(label, record_id)
        if not select_by_id(combo, keep) and combo.count():
            combo.setCurrentIndex(0)


def confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def hint(text: str) -> QLabel:
    """Grey explanatory text under a control."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(theme.css(Tone.MUTED))
    # Without this a wrapped label in a form row shrinks to a narrow column.
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label
