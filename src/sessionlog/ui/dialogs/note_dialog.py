"""A stored note in a window of its own, with Sign… (unsigned), Add addendum… (signed)
and, for the signer's supervisor, Co-sign as supervisor… (signed, not yet co-signed).

It opens those dialogs; it and the addendum dialog share their frame (the read-only
:class:`NoteViewer` over the buttons, ``note_frame``); the viewer knows none of them, so
no import runs in a circle.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton, QWidget

from sessionlog.core.errors import StoreError
from sessionlog.core.models import utc_now
from sessionlog.services.notes import cosign, cosign_blocker, prepare_cosignature
from sessionlog.services.records import NoteWindowRecords
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.dialogs.addendum import AddendumDialog
from sessionlog.ui.dialogs.note_frame import NoteFrameDialog
from sessionlog.ui.dialogs.sign import SignDialog
from sessionlog.ui.views.note_viewer import when_text

if TYPE_CHECKING:
    from sessionlog.ui.pending_writes import PendingWrites


class NoteViewerDialog(NoteFrameDialog):
    """A note in its own window, with Sign… (unsigned) or Add addendum… (signed)."""

    def __init__(
        self,
        store: NoteWindowRecords,
        session_id: str,
        staff_id: str | None = None,
        parent: QWidget | None = None,
        *,
        bus: ChangeBus | None = None,
        now: Callable[[], datetime] = utc_now,
        writes: PendingWrites | None = None,
    ) -> None:
        super().__init__(
            store, session_id, parent, title=self.tr("Note"), size=(760, 680), bus=bus, now=now
        )
        self.writes = writes  # the window's writer thread, where the Sign dialog signs
        self.store: NoteWindowRecords = store  # the frame reads; this window also writes
        self.staff_id = staff_id
        buttons = self.buttons
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.sign_button = QPushButton(self.tr("&Sign…"))
        self.addendum_button = QPushButton(self.tr("Add &addendum…"))
        self.cosign_button = QPushButton(self.tr("&Co-sign as supervisor…"))
        buttons.addButton(self.sign_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cosign_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.cosign_button.clicked.connect(lambda _checked=False: self.cosign())
        buttons.addButton(self.addendum_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.sign_button.clicked.connect(self._sign)
        self.addendum_button.clicked.connect(self._addendum)
        self.lay_out(self.viewer)
        self._load()

    def _load(self) -> None:
        session = self.viewer.show_session(self.session_id)
        signed = session is not None and session.signed
        voided = session is not None and session.void_reason is not None
        self.sign_button.setVisible(session is not None and not signed and not voided)
        self.addendum_button.setVisible(signed)
        # Offered only to the signer's supervisor, on a note not yet co-signed.
        self.cosign_button.setVisible(
            signed
            and self.staff_id is not None
            and cosign_blocker(self.store, self.session_id, self.staff_id) is None
        )

    def cosign(self, confirm: Callable[[str], bool] | None = None) -> bool:
        """Show what the co-signature will say and who makes it; co-sign on Yes."""
        if self.staff_id is None:
            return False
        preview = prepare_cosignature(self.store, self.session_id, self.staff_id, self.now())
        who = preview.signer_name
        if preview.credential:
            who += f", {preview.credential}"
        text = self.tr(
            "{statement}\n\nCo-signed by {who} on "
            "{0}.\n\n"
            "A co-signature cannot be changed or removed."
        ).format(
            when_text(preview.signed_at, preview.timezone), statement=preview.statement, who=who
        )
        if not (confirm or self._confirm)(text):
            return False
        try:
            cosigned = cosign(self.store, self.session_id, self.staff_id, preview.signed_at)
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("Not co-signed"), str(exc))
            return False
        self.announce(cosigned.changes)
        self._load()
        return True

    def _confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Co-sign this note"), text)
        return answer == QMessageBox.StandardButton.Yes

    def _signer(self) -> str:
        if self.staff_id:
            return self.staff_id
        return self.store.session(self.session_id).staff_id

    def _sign(self) -> None:
        dialog = SignDialog(
            self.store,
            self.session_id,
            self._signer(),
            self,
            bus=self.bus,
            now=self.now,
            writes=self.writes,
        )
        dialog.exec()
        self._load()

    def _addendum(self) -> None:
        dialog = AddendumDialog(
            self.store, self.session_id, self._signer(), self, bus=self.bus, now=self.now
        )
        dialog.exec()
        self._load()
