"""Discard a draft: it is kept as voided with the reason given (never deleted), and
leaves units, End of day and History's default view."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from sessionlog.core.changes import Changes
from sessionlog.services import notes
from sessionlog.services.records import DraftVoiding
from sessionlog.ui.dialogs.draft_correction import DraftCorrectionDialog
from sessionlog.ui.widgets import hint


class VoidDraftDialog(DraftCorrectionDialog):
    def __init__(
        self, store: DraftVoiding, session_id: str, subject: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(session_id, self.tr("Discard this draft"), parent)
        self.store = store
        self.voided = False
        self.ask_reason(
            self.tr("e.g. timer started on the wrong client"),
            self.tr("Why this draft is discarded"),
        )
        self.lay_out(
            QLabel(subject),
            hint(
                self.tr(
                    "The draft is kept, marked voided with your reason, and counts for nothing: "
                    "no units, not in End of day, shown in History only with the Voided filter."
                )
            ),
            ok_text=self.tr("&Discard draft"),
        )

    def apply(self) -> Changes:
        assert self.reason is not None
        voided = notes.void_draft(self.store, self.session_id, self.reason.text())
        self.voided = True
        return voided.changes
