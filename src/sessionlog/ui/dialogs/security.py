"""Passphrase protection in the app: unlock at start, set or change the passphrase, the
recovery key shown once, and Setup ▸ Security."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sessionlog import APPLICATION_NAME
from sessionlog.core.errors import StoreError
from sessionlog.services import protection
from sessionlog.ui import theme
from sessionlog.ui.i18n import QT_TRANSLATE_NOOP, translate
from sessionlog.ui.tasks import run_in_background
from sessionlog.ui.theme import Tone

WRONG_PASSPHRASE = QT_TRANSLATE_NOOP(
    "security", "Wrong passphrase or recovery key. Nothing was opened or changed."
)


def _password_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


class UnlockDialog(QDialog):
    """At start, for a protected database: the passphrase or the recovery key. Checked off
    the GUI thread (key stretching takes a moment); a wrong one is said and nothing else
    happens."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.setWindowTitle(
            self.tr("Unlock — {APPLICATION_NAME}").format(APPLICATION_NAME=APPLICATION_NAME)
        )
        self.setMinimumWidth(480)
        heading = QLabel(self.tr("This SessionLog database is protected"))
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        where = QLabel(self.tr("Type its passphrase, or the recovery key, to open it."))
        file_label = QLabel(str(db_path))
        file_label.setStyleSheet(theme.css(Tone.MUTED))
        file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.field = _password_field(self.tr("Passphrase or recovery key"))
        self.field.setMinimumWidth(420)
        self.error = QLabel()
        self.error.setStyleSheet(theme.css(Tone.ERROR, bold=True))
        self.error.setWordWrap(True)
        # Room for the message before it appears: a dialog does not grow to fit it.
        self.error.setMinimumHeight(2 * self.error.fontMetrics().lineSpacing() + 4)
        self.buttons = QDialogButtonBox()
        self.unlock_button = self.buttons.addButton(
            self.tr("&Unlock"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.tr("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(8)
        for widget in (heading, where, file_label, self.field, self.error, self.buttons):
            layout.addWidget(widget)
        self._job: object | None = None

    def try_unlock(self) -> None:
        secret = self.field.text()
        if not self.unlock_button.isEnabled():
            return  # a check is running
        if not secret:
            self.error.setText(self.tr("Type the passphrase first."))
            return
        self.unlock_button.setEnabled(False)
        self.error.setText(self.tr("Checking…"))
        path = self.db_path
        self._job = run_in_background(
            lambda _p: protection.unlock(path, secret), lambda _r: self.accept(), self._failed
        )

    def _failed(self, exc: Exception) -> None:
        self.unlock_button.setEnabled(True)
        self.field.clear()
        self.field.setFocus()
        if isinstance(exc, protection.WrongPassphraseError):
            self.error.setText(translate("security", WRONG_PASSPHRASE))
        else:
            self.error.setText(
                str(exc) if isinstance(exc, StoreError) else self.tr("It could not be opened.")
            )


class NewPassphraseDialog(QDialog):
    """A new passphrase typed twice; optionally a recovery key."""

    def __init__(self, title: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        text = QLabel(intro)
        text.setWordWrap(True)
        self.first = _password_field(
            self.tr("At least {PASSPHRASE_MIN_LENGTH} characters").format(
                PASSPHRASE_MIN_LENGTH=protection.PASSPHRASE_MIN_LENGTH
            )
        )
        self.second = _password_field(self.tr("The same again"))
        self.recovery = QCheckBox(self.tr("Show a recovery key to print or save (recommended)"))
        self.recovery.setChecked(True)
        self.error = QLabel()
        self.error.setStyleSheet(theme.css(Tone.ERROR))
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("New passphrase:"), self.first)
        form.addRow(self.tr("Again:"), self.second)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.recovery)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def passphrase(self) -> str:
        return self.first.text()

    def _check(self) -> None:
        try:
            protection.check_new_passphrase(self.first.text())
        except StoreError as exc:
            self.error.setText(str(exc))
            return
        if self.first.text() != self.second.text():
            self.error.setText(self.tr("The two passphrases differ."))
            return
        self.accept()


class RecoveryKeyDialog(QDialog):
    """The recovery key, shown once: copy it, save it to a file, or write it down."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("Recovery key — {APPLICATION_NAME}").format(APPLICATION_NAME=APPLICATION_NAME)
        )
        self.recovery_key = recovery_key
        text = QLabel(
            self.tr(
                "This recovery key opens the database if the passphrase is forgotten. It is "
                "shown only now: print it or save it somewhere safe, away from this laptop "
                "(whoever has it can read the records). It changes when the passphrase changes."
            )
        )
        text.setWordWrap(True)
        self.key_label = QLabel(recovery_key)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The system's fixed-width font at the size of the text around it (not 12 pt).
        key_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        key_font.setPointSizeF(self.key_label.font().pointSizeF())
        self.key_label.setFont(key_font)
        self.key_label.setWordWrap(True)
        copy = QPushButton(self.tr("&Copy"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(recovery_key))
        save = QPushButton(self.tr("&Save to a file…"))
        save.clicked.connect(self._save)
        done = QPushButton(self.tr("I have &kept it"))
        done.clicked.connect(self.accept)
        row = QHBoxLayout()
        for button in (copy, save):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(done)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.key_label)
        layout.addLayout(row)

    def _save(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the recovery key"),
            "sessionlog-recovery-key.txt",
            self.tr("Text (*.txt)"),
        )
        if chosen:
            save_recovery_key(Path(chosen), self.recovery_key)


def save_recovery_key(path: Path, recovery_key: str) -> None:
    """Written owner-only: it opens the records."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(
            QCoreApplication.translate(
                "security", "SessionLog recovery key\n{recovery_key}\n"
            ).format(recovery_key=recovery_key)
        )


class SecurityDialog(QDialog):
    """Setup ▸ Security: protect the database in place, change its passphrase, and how
    soon the app locks itself when nobody uses it."""

    protect_requested = Signal(str, bool)  # passphrase, show the recovery key
    change_requested = Signal(str, bool)
    auto_lock_changed = Signal(int)  # minutes, 0 = never

    def __init__(
        self,
        protected: bool,
        auto_lock_minutes: int,
        parent: QWidget | None = None,
        refusal: Callable[[], str | None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("Security — {APPLICATION_NAME}").format(APPLICATION_NAME=APPLICATION_NAME)
        )
        self.setMinimumWidth(520)
        self.refusal = refusal
        self.status = QLabel(
            self.tr(
                "Protected: the database and its backups are encrypted with your passphrase "
                "(SQLCipher, AES-256)."
            )
            if protected
            else self.tr(
                "Not protected: anyone who gets this laptop's disk (or a copy of the "
                "database or its backups) can read the clients' records."
            )
        )
        self.status.setWordWrap(True)
        self.action = QPushButton(
            self.tr("Change the &passphrase…")
            if protected
            else self.tr("&Protect with a passphrase…")
        )
        self.action.clicked.connect(self._change if protected else self._protect)
        if not protection.available():
            self.action.setEnabled(False)
            self.action.setToolTip(protection.no_sqlcipher())
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(0, 240)
        self.auto_lock.setSuffix(self.tr(" min"))
        self.auto_lock.setSpecialValueText(self.tr("never"))
        self.auto_lock.setValue(auto_lock_minutes)
        self.auto_lock.setEnabled(protected)
        self.auto_lock.valueChanged.connect(self.auto_lock_changed.emit)
        lock_hint = QLabel(
            self.tr(
                "Locks the app after this long without typing or clicking (File ▸ Lock, Ctrl+L, "
                "locks at once); the running timer keeps going."
            )
            if protected
            else self.tr("Locking needs a passphrase: protect the database first.")
        )
        lock_hint.setWordWrap(True)
        self.error = QLabel()
        self.error.setStyleSheet(theme.css(Tone.ERROR))
        self.error.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Lock when idle for:"), self.auto_lock)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.action, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(form)
        layout.addWidget(lock_hint)
        layout.addWidget(self.error)
        layout.addWidget(close)

    def _ask(self, title: str, intro: str) -> tuple[str, bool] | None:
        refusal = self.refusal()
        if refusal:
            self.error.setText(refusal)
            return None
        dialog = NewPassphraseDialog(title, intro, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.passphrase(), dialog.recovery.isChecked()

    def _protect(self) -> None:
        chosen = self._ask(
            self.tr("Protect the database"),
            self.tr(
                "The database and its backups will be encrypted with this passphrase. Without "
                "it (or the recovery key) nobody, including you and SessionLog's makers, can "
                "open them: keep it safe."
            ),
        )
        if chosen:
            self.accept()
            self.protect_requested.emit(*chosen)

    def _change(self) -> None:
        chosen = self._ask(
            self.tr("Change the passphrase"),
            self.tr(
                "The database and the backups in its folder will be re-encrypted with the new "
                "passphrase; the old passphrase and the old recovery key will no longer open them."
            ),
        )
        if chosen:
            self.accept()
            self.change_requested.emit(*chosen)
