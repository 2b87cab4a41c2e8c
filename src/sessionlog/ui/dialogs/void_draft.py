"""Discard a draft: it is kept as voided with the reason given (never deleted), and
leaves units, End of day and History's default view."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.errors import StoreError
from sessionlog.services import notes
from sessionlog.services.records import DraftVoiding
from sessionlog.ui.widgets import hint, problem_label, set_problem


class VoidDraftDialog(QDialog):
    def __init__(
        self, store: DraftVoiding, session_id: str, subject: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Discard this draft")
        self.store = store
        self.session_id = session_id
        self.voided = False
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. timer started on the wrong client")
        self.reason.setAccessibleName("Why this draft is discarded")
        self.problem = problem_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Discard draft")
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        label = QLabel("&Reason:")
        label.setBuddy(self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(subject))
        layout.addWidget(
            hint(
                "The draft is kept, marked voided with your reason, and counts for nothing: "
                "no units, not in End of day, shown in History only with the Voided filter."
            )
        )
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            notes.void_draft(self.store, self.session_id, self.reason.text())
        except StoreError as exc:
            set_problem(self.problem, str(exc))
            return
        self.voided = True
        super().accept()
