"""Move a draft to another client (a timer started on the wrong one): only clients whose
treatment plan covers the session's date are offered, and objectives ticked for the old
client, which belong to the old plan, are cleared after a warning."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.errors import StoreError
from sessionlog.services import timing
from sessionlog.services.records import DraftMoving
from sessionlog.ui.widgets import hint, problem_label, set_problem


class ChangeClientDialog(QDialog):
    def __init__(self, store: DraftMoving, session_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change the client")
        self.store = store
        self.session_id = session_id
        self.cleared = 0
        session = store.session(session_id)
        self.client = QComboBox()
        for client in timing.clients_for_draft(store, session_id):
            self.client.addItem(client.name, client.id)
        self.problem = problem_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Move the note")
        self.ok.setEnabled(self.client.count() > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        label = QLabel("&Client:")
        label.setBuddy(self.client)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint(
                f"Clients with a treatment plan covering {session.service_date():%a %d %b %Y}. "
                "The times stay as recorded."
            )
        )
        layout.addWidget(label)
        layout.addWidget(self.client)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #a33a00;")
        if session.objective_ids:
            count = len(session.objective_ids)
            self.warning.setText(
                f"⚠ {count} objective{'s' if count != 1 else ''} ticked for "
                f"{store.client(session.client_id).name} will be cleared: they belong to "
                "that client's plan. Tick the new client's objectives afterwards."
            )
        else:
            self.warning.hide()
        layout.addWidget(self.warning)
        if not self.client.count():
            set_problem(self.problem, "No other client has a plan covering this date.")
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def accept(self) -> None:
        client_id = self.client.currentData()
        if client_id is None:
            return
        try:
            _session, self.cleared = timing.change_client(
                self.store, self.session_id, str(client_id)
            )
        except StoreError as exc:
            set_problem(self.problem, str(exc))
            return
        super().accept()
