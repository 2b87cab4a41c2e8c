"""Move a draft to another client (a timer started on the wrong one): only clients whose
treatment plan covers the session's date are offered, and objectives ticked for the old
client, which belong to the old plan, are cleared after a warning."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from sessionlog.core.changes import Changes
from sessionlog.services import timing
from sessionlog.services.records import DraftMoving
from sessionlog.ui import theme
from sessionlog.ui.dialogs.draft_correction import DraftCorrectionDialog
from sessionlog.ui.formats import weekday_date_text
from sessionlog.ui.theme import Tone
from sessionlog.ui.widgets import hint, set_problem


class ChangeClientDialog(DraftCorrectionDialog):
    def __init__(self, store: DraftMoving, session_id: str, parent: QWidget | None = None) -> None:
        super().__init__(session_id, self.tr("Change the client"), parent)
        self.store = store
        self.cleared = 0
        session = store.session(session_id)
        self.client = QComboBox()
        for client in timing.clients_for_draft(store, session_id):
            self.client.addItem(client.name, client.id)
        label = QLabel(self.tr("&Client:"))
        label.setBuddy(self.client)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(theme.css(Tone.WARNING))
        if session.objective_ids:
            count = len(session.objective_ids)
            self.warning.setText(
                self.tr(
                    "⚠ %n objective(s) ticked for {name} will be cleared: they belong to "
                    "that client's plan. Tick the new client's objectives afterwards.",
                    "",
                    count,
                ).format(name=store.client(session.client_id).name)
            )
        else:
            self.warning.hide()
        self.lay_out(
            hint(
                self.tr(
                    "Clients with a treatment plan covering {0}. The times stay as recorded."
                ).format(weekday_date_text(session.service_date()))
            ),
            label,
            self.client,
            self.warning,
            ok_text=self.tr("&Move the note"),
        )
        self.ok.setEnabled(self.client.count() > 0)
        if not self.client.count():
            set_problem(self.problem, self.tr("No other client has a plan covering this date."))

    def accept(self) -> None:
        if self.client.currentData() is None:
            return
        super().accept()

    def apply(self) -> Changes:
        moved = timing.change_client(self.store, self.session_id, str(self.client.currentData()))
        _session, self.cleared = moved.value
        return moved.changes
