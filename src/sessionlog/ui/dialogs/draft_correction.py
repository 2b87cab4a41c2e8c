"""The shape every correction of a draft shares (correct the times, change the client,
discard): what to change on top, an optional reason that must be given before the change
can be made, a line for the problem the write reported, and an OK button named for the
change. A subclass lays out its own fields and makes its one write in ``apply``, which
returns the changes the service made: ``self.changes`` after OK, for the caller's bus."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.changes import Changes
from sessionlog.core.errors import StoreError
from sessionlog.ui.widgets import problem_label, set_problem


class DraftCorrectionDialog(QDialog):
    def __init__(self, session_id: str, title: str, parent: QWidget | None = None) -> None:
        # Each kind of correction keeps the narrow store it writes through (self.store).
        super().__init__(parent)
        self.setWindowTitle(title)
        self.session_id = session_id
        self.problem = problem_label()
        self.reason: QLineEdit | None = None
        self.ok: QPushButton
        self.changes: Changes | None = None  # what the write changed, once it is made

    def ask_reason(self, placeholder: str, accessible_name: str) -> QLineEdit:
        """A reason is required: OK stays disabled until one is typed."""
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(placeholder)
        self.reason.setAccessibleName(accessible_name)
        return self.reason

    def lay_out(self, *parts: QWidget | QLayout, ok_text: str) -> None:
        """The fields (top to bottom), then the reason, the problem and the buttons."""
        layout = QVBoxLayout(self)
        for part in parts:
            if isinstance(part, QLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok_text)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        if self.reason is not None:
            reason = self.reason
            self.ok.setEnabled(False)
            reason.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
            label = QLabel(self.tr("&Reason:"))
            label.setBuddy(reason)
            layout.addWidget(label)
            layout.addWidget(reason)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def apply(self) -> Changes:
        """Make the change (one write through the services) and return the changes the
        service made; raise StoreError to refuse."""
        raise NotImplementedError

    def problem_text(self, exc: StoreError) -> str:
        return str(exc)

    def accept(self) -> None:
        try:
            self.changes = self.apply()
        except StoreError as exc:
            set_problem(self.problem, self.problem_text(exc))
            return
        super().accept()
