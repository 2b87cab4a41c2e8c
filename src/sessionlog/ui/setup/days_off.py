"""Setup ▸ Agency days off…: dates the agency is closed, skipped by documentation
deadlines as weekends and US federal holidays are."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.errors import StoreError
from sessionlog.services.calendar import agency_days_off, set_agency_days_off
from sessionlog.services.records import AuditedSettings
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.formats import date_pattern, weekday_date_text
from sessionlog.ui.widgets import problem_label, python_date, set_problem


class _DayItem(QListWidgetItem):
    """Sorted by its date, not by its text (which starts with the weekday's name)."""

    def __lt__(self, other: QListWidgetItem) -> bool:
        role = Qt.ItemDataRole.UserRole
        return bool(self.data(role) < other.data(role))


class DaysOffDialog(QDialog):
    def __init__(
        self,
        store: AuditedSettings,
        bus: ChangeBus,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Agency days off"))
        self.store = store
        self.bus = bus
        intro = QLabel(
            self.tr(
                "Documentation deadlines count business days: weekends and US federal holidays "
                "are skipped already. Add the days your agency is also closed (for example the "
                "day after Thanksgiving)."
            )
        )
        intro.setWordWrap(True)
        self.days = QListWidget()
        self.days.setAccessibleName(self.tr("Days off"))
        self.days.setSortingEnabled(True)
        for day in sorted(agency_days_off(store)):
            self._add_item(day)
        shown = today()
        self.picker = QDateEdit(QDate(shown.year, shown.month, shown.day))
        self.picker.setAccessibleName(self.tr("Day to add"))
        self.picker.setCalendarPopup(True)
        self.picker.setDisplayFormat("ddd " + date_pattern())
        add = QPushButton(self.tr("&Add"))
        add.clicked.connect(self.add_picked)
        remove = QPushButton(self.tr("&Remove selected"))
        remove.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.picker)
        row.addWidget(add)
        row.addWidget(remove)
        self.problem = problem_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.days)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _add_item(self, day: date) -> None:
        item = _DayItem(weekday_date_text(day, long=True))
        item.setData(Qt.ItemDataRole.UserRole, day)
        self.days.addItem(item)

    def chosen(self) -> list[date]:
        return [self.days.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.days.count())]

    def add_picked(self) -> None:
        day = python_date(self.picker.date())
        if day not in self.chosen():
            self._add_item(day)

    def remove_selected(self) -> None:
        for item in self.days.selectedItems():
            self.days.takeItem(self.days.row(item))

    def accept(self) -> None:
        try:
            written = set_agency_days_off(self.store, self.chosen())
        except StoreError as exc:
            set_problem(self.problem, str(exc))
            return
        self.bus.publish(written.changes)
        super().accept()
