"""Small widgets the setup editors share: a problem under each field it concerns (and a
list for the rest), a searchable time-zone box, a list-with-buttons column and a date box
that always holds a real date."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QSignalBlocker, Qt, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QFrame,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QWidget,
)

from sessionlog.core.caseload import FieldProblem
from sessionlog.core.clock import is_valid_timezone, timezone_names
from sessionlog.ui import theme
from sessionlog.ui.formats import date_pattern
from sessionlog.ui.i18n import QT_TRANSLATE_NOOP, translate
from sessionlog.ui.theme import Tone
from sessionlog.ui.widgets import ProblemLabel

NOT_SAVED_SEE_FIELDS = QT_TRANSLATE_NOOP(
    "ProblemList", "Not saved: fix what is marked in red above."
)

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
        self.setAccessibleName(self.tr("Problems"))
        self.hide()

    def show_problems(self, problems: Iterable[FieldProblem | str], intro: str = "") -> None:
        lines = [self.line(p) for p in problems]
        if not lines:
            self.clear_problems()
            return
        head = intro or self.tr("Not saved. Please fix:")
        self.setText(head + "\n" + "\n".join(f"• {line}" for line in lines))
        self.show()

    def show_note(self, text: str) -> None:
        """One line with no list (the problems themselves are under their fields)."""
        self.setText(text)
        self.show()

    def clear_problems(self) -> None:
        self.clear()
        self.hide()

    def lines(self) -> list[str]:
        return [line[2:] for line in self.text().splitlines() if line.startswith("• ")]

    def line(self, problem: FieldProblem | str) -> str:
        if isinstance(problem, str):
            return problem
        label = translate("FieldLabels", self._labels.get(problem.field, problem.field))
        return f"{label}: {problem.message}" if label else problem.message


def computer_time_zone() -> str:
    """This computer's IANA zone ("America/Chicago"), or "" when it has none by name."""
    zone = bytes(QTimeZone.systemTimeZoneId().data()).decode(errors="replace")
    return zone if is_valid_timezone(zone) else ""


@dataclass
class _Place:
    name: str
    label: ProblemLabel
    focus: QWidget
    fields: frozenset[str]
    prefixes: tuple[str, ...]

    def holds(self, field_name: str) -> bool:
        return field_name in self.fields or (
            bool(self.prefixes) and field_name.startswith(self.prefixes)
        )


class FieldErrors:
    """Shows each problem under the field it concerns (the rule's own message, as an
    import prints it after ``kind id: field:``) and moves the focus to the first bad
    field, in the order the fields were added (the form's order). A problem of a field
    with no place of its own goes to ``fallback``, the editor's problem list."""

    def __init__(self, fallback: ProblemList) -> None:
        self.fallback = fallback
        self._places: list[_Place] = []

    def add(
        self,
        field_name: str,
        focus: QWidget,
        *,
        also: Iterable[str] = (),
        prefixes: Iterable[str] = (),
        form: QFormLayout | None = None,
    ) -> ProblemLabel:
        """The label for ``field_name`` (and the fields in ``also``, or starting with one
        of ``prefixes``). With ``form``, it is added as the form's next row, so call this
        right after adding the field's row; otherwise the caller places it."""
        label = ProblemLabel(field_name, form, tone=Tone.ERROR)
        if form is not None:
            form.addRow("", label)
            label.set_message("")
        fields = frozenset({field_name, *also})
        self._places.append(_Place(field_name, label, focus, fields, tuple(prefixes)))
        return label

    def label(self, field_name: str) -> ProblemLabel | None:
        place = self._place_of(field_name)
        return None if place is None else place.label

    def message(self, field_name: str) -> str:
        label = self.label(field_name)
        return "" if label is None else label.message()

    def messages(self) -> dict[str, str]:
        """What is shown now, by the field each label was added for."""
        return {p.name: p.label.message() for p in self._places if p.label.message()}

    def show(self, problems: Iterable[FieldProblem]) -> None:
        self.clear()
        placed: dict[int, list[str]] = {}
        rest: list[FieldProblem] = []
        for problem in problems:
            place = self._place_of(problem.field)
            if place is None:
                rest.append(problem)
            else:
                # A field sharing a label (a goal of the tree, a part of the address)
                # is named in front of its message.
                own = problem.field in place.fields
                text = problem.message if own else self.fallback.line(problem)
                placed.setdefault(self._places.index(place), []).append(text)
        for index, messages in placed.items():
            self._places[index].label.set_message("\n".join(messages))
        if rest:
            self.fallback.show_problems(rest)
        elif placed:
            self.fallback.show_note(NOT_SAVED_SEE_FIELDS)
        if placed:
            self._places[min(placed)].focus.setFocus()
        elif rest:
            self.fallback.setFocus()

    def clear(self) -> None:
        for place in self._places:
            place.label.set_message("")
        self.fallback.clear_problems()

    def _place_of(self, field_name: str) -> _Place | None:
        return next((p for p in self._places if p.holds(field_name)), None)


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
            editor.setPlaceholderText(self.tr("Type a city, e.g. Chicago"))

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
        self.setDisplayFormat(date_pattern())
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
