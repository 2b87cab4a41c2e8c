"""Adding a dated, signed addendum to a locked note; the original is shown, untouched.

CMS Program Integrity Manual ch. 3 §3.3.2.5: a correction must be identified as
such, dated, attributed to its author and keep the original; the rules are in
``services.notes.add_addendum``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QWidget,
)

from sessionlog.core.clock import local
from sessionlog.core.errors import NotFoundError, StoreError
from sessionlog.core.models import utc_now
from sessionlog.services import notes
from sessionlog.services.records import AddendumRecords
from sessionlog.ui import theme
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.dialogs.note_frame import NoteFrameDialog
from sessionlog.ui.dialogs.sign import session_summary
from sessionlog.ui.formats import datetime_text
from sessionlog.ui.i18n import QT_TRANSLATE_NOOP
from sessionlog.ui.theme import Tone

COMMON_REASONS = (
    QT_TRANSLATE_NOOP("AddendumDialog", "Correction of an error"),
    QT_TRANSLATE_NOOP("AddendumDialog", "Information received after signing"),
    QT_TRANSLATE_NOOP("AddendumDialog", "Clarification"),
    QT_TRANSLATE_NOOP("AddendumDialog", "Late entry of a missing detail"),
)


class AddendumDialog(NoteFrameDialog):
    """Write one addendum; ``exec()`` returns Accepted once it is stored."""

    def __init__(
        self,
        store: AddendumRecords,
        session_id: str,
        staff_id: str,
        parent: QWidget | None = None,
        *,
        bus: ChangeBus | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(
            store,
            session_id,
            parent,
            title=self.tr("Add an addendum"),
            size=(760, 720),
            bus=bus,
            now=now,
        )
        self.store: AddendumRecords = store  # the frame reads; this dialog also writes
        self.staff_id = staff_id

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("QLabel { font-weight: bold; }")
        self.original = self.viewer  # the note as signed, above the addendum

        self.reason_edit = QComboBox()
        self.reason_edit.setEditable(True)
        self.reason_edit.addItems([self.tr(reason) for reason in COMMON_REASONS])
        self.reason_edit.setCurrentIndex(-1)
        line_edit = self.reason_edit.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(self.tr("Why the signed note needs an addendum"))
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText(
            self.tr("What to add or correct. The original note stays exactly as it was signed.")
        )
        self.text_edit.setTabChangesFocus(True)
        self.author_label = QLabel()
        self.author_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(theme.css(Tone.ERROR, bold=True))
        self.error_label.hide()

        form_box = QWidget()
        form = QFormLayout(form_box)
        form.setContentsMargins(0, 6, 0, 0)
        form.addRow(self.tr("&Reason"), self.reason_edit)
        form.addRow(self.tr("&Addendum"), self.text_edit)
        form.addRow("", self.author_label)
        form.addRow("", self.error_label)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.original)
        splitter.addWidget(form_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        buttons = self.buttons
        self.save_button = QPushButton(self.tr("&Sign addendum"))
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(self._save)
        buttons.rejected.connect(self.reject)

        self.lay_out(splitter, above=self.summary_label)
        self._load()
        self.reason_edit.setFocus()

    def _load(self) -> None:
        try:
            session = self.store.session(self.session_id)
        except StoreError as exc:
            self._refuse(str(exc))
            return
        self.summary_label.setText(session_summary(self.store, session, self.now()))
        self.original.show_session(self.session_id)
        if not session.signed:
            self._refuse(
                self.tr(
                    "This note is not signed yet: edit it directly. Addenda are for signed notes."
                )
            )
            return
        try:
            author = self.store.staff(self.staff_id)
        except NotFoundError:
            self._refuse(
                self.tr(
                    "The author is not on the staff list; choose who is using this laptop "
                    "(Setup menu) first."
                )
            )
            return
        who = f"{author.name}, {author.credential}" if author.credential else author.name
        when = datetime_text(local(self.now(), session.timezone), weekday=True, zone=True)
        self.author_label.setText(
            self.tr("Signed by {who}, dated {when} when you click Sign addendum.").format(
                who=who, when=when
            )
        )

    def _refuse(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        self.save_button.setEnabled(False)
        self.reason_edit.setEnabled(False)
        self.text_edit.setEnabled(False)

    def _save(self) -> None:
        reason = self.reason_edit.currentText().strip()
        text = self.text_edit.toPlainText().strip()
        problems = []
        if not reason:
            problems.append(self.tr("the reason is required"))
        if not text:
            problems.append(self.tr("the addendum text is required"))
        if problems:
            self.error_label.setText(
                self.tr("Addendum to the note of {0}: ").format(self.summary_label.text())
                + "; ".join(problems)
                + "."
            )
            self.error_label.show()
            (self.reason_edit if not reason else self.text_edit).setFocus()
            return
        try:
            added = notes.add_addendum(
                self.store, self.session_id, self.staff_id, reason, text, self.now()
            )
        except StoreError as exc:
            self.error_label.setText(self.tr("Not saved: {exc}").format(exc=exc))
            self.error_label.show()
            return
        self.announce(added.changes)
        self.accept()
