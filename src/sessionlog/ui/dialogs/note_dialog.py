"""A stored note in a window of its own, with Sign… (unsigned) or Add addendum… (signed).

It opens those dialogs; they embed the read-only :class:`NoteViewer`, which knows none
of them, so no import runs in a circle.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QVBoxLayout, QWidget

from sessionlog.core.models import utc_now
from sessionlog.services.records import Records
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.dialogs.addendum import AddendumDialog
from sessionlog.ui.dialogs.sign import SignDialog
from sessionlog.ui.views.note_viewer import NoteViewer


class NoteViewerDialog(QDialog):
    """A note in its own window, with Sign… (unsigned) or Add addendum… (signed)."""

    def __init__(
        self,
        store: Records,
        session_id: str,
        staff_id: str | None = None,
        parent: QWidget | None = None,
        *,
        bus: ChangeBus | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.session_id = session_id
        self.staff_id = staff_id
        self.bus = bus
        self.now = now
        self.setWindowTitle("Note")
        self.resize(760, 680)
        self.viewer = NoteViewer(store, self, now=now)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.sign_button = QPushButton("&Sign…")
        self.addendum_button = QPushButton("Add &addendum…")
        buttons.addButton(self.sign_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.addendum_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.sign_button.clicked.connect(self._sign)
        self.addendum_button.clicked.connect(self._addendum)
        layout = QVBoxLayout(self)
        layout.addWidget(self.viewer)
        layout.addWidget(buttons)
        self._load()

    def _load(self) -> None:
        session = self.viewer.show_session(self.session_id)
        signed = session is not None and session.signed
        self.sign_button.setVisible(session is not None and not signed)
        self.addendum_button.setVisible(signed)

    def _signer(self) -> str:
        if self.staff_id:
            return self.staff_id
        return self.store.session(self.session_id).staff_id

    def _sign(self) -> None:
        dialog = SignDialog(
            self.store, self.session_id, self._signer(), self, bus=self.bus, now=self.now
        )
        dialog.exec()
        self._load()

    def _addendum(self) -> None:
        dialog = AddendumDialog(
            self.store, self.session_id, self._signer(), self, bus=self.bus, now=self.now
        )
        dialog.exec()
        self._load()
