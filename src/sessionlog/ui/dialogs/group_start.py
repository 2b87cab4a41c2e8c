"""Start a group: pick two or more attendees and the service; one timer for all."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.catalog import service_codes
from sessionlog.services import timing
from sessionlog.services.records import CaseloadRecords
from sessionlog.ui.widgets import hint, problem_label, set_problem


class GroupStartDialog(QDialog):
    def __init__(
        self,
        store: CaseloadRecords,
        now: datetime,
        client_id: str | None,
        code: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Start a group session"))
        self.store = store
        day = now.astimezone().date()
        self.attendees = QListWidget()
        self.attendees.setAccessibleName(self.tr("Attendees"))
        self.attendees.setMinimumHeight(self.fontMetrics().height() * 8)
        for client in timing.caseload(store, day):
            item = QListWidgetItem(client.name)
            item.setData(Qt.ItemDataRole.UserRole, client.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if client.id == client_id else Qt.CheckState.Unchecked
            )
            self.attendees.addItem(item)
        self.attendees.itemChanged.connect(lambda _i: self._validate())
        self.code = QComboBox()
        for known in service_codes().values():
            self.code.addItem(f"{known.code} — {known.shown_description}", known.code)
        if code is not None:
            self.code.setCurrentIndex(max(0, self.code.findData(code)))
        self.problem = problem_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("&Start group timer"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        label = QLabel(self.tr("&Attendees (tick 2 or more):"))
        label.setBuddy(self.attendees)
        form.addRow(label)
        form.addRow(self.attendees)
        code_label = QLabel(self.tr("Ser&vice:"))
        code_label.setBuddy(self.code)
        form.addRow(code_label, self.code)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            hint(
                self.tr(
                    "One timer runs for everyone. The shared part of the note (place, "
                    "intervention, narrative) is written once; each attendee gets their own "
                    "objectives, response, plan, units and signature."
                )
            )
        )
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._validate()

    def selected_client_ids(self) -> list[str]:
        ids: list[str] = []
        for row in range(self.attendees.count()):
            item = self.attendees.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return ids

    def selected_code(self) -> str:
        return str(self.code.currentData())

    def set_checked(self, client_ids: list[str]) -> None:
        for row in range(self.attendees.count()):
            item = self.attendees.item(row)
            wanted = item.data(Qt.ItemDataRole.UserRole) in client_ids
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def _validate(self) -> bool:
        count = len(self.selected_client_ids())
        ok = count >= 2
        set_problem(
            self.problem,
            None
            if ok
            else self.tr("Attendees: tick at least 2 clients ({count} ticked).").format(
                count=count
            ),
        )
        self.ok.setEnabled(ok)
        return ok

    def accept(self) -> None:
        if self._validate():
            super().accept()
