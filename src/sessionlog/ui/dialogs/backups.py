"""File ▸ Back up now… and File ▸ Restore…: backups taken and restored off the GUI thread.

The restore dialog lists the backups in the data folder (date, why it was taken, and how
many clients, sessions and signed notes it holds) and restores the chosen one after
backing up the current file. The main window reopens on the restored database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sessionlog import APPLICATION_NAME
from sessionlog.core.errors import StoreError
from sessionlog.services import backups
from sessionlog.services.backups import BackupContents, BackupInfo, RestoreResult
from sessionlog.ui.formats import datetime_text, number_text
from sessionlog.ui.i18n import QT_TRANSLATE_NOOP, Count
from sessionlog.ui.tasks import run_in_background

REASON_TEXT = {
    "daily": QT_TRANSLATE_NOOP("BackupsDialog", "first start of the day"),
    "end-of-day": QT_TRANSLATE_NOOP("BackupsDialog", "after End-of-day signing"),
    "before-restore": QT_TRANSLATE_NOOP("BackupsDialog", "before a restore"),
    "manual": QT_TRANSLATE_NOOP("BackupsDialog", "by hand"),
}


def describe(contents: BackupContents) -> str:
    return QCoreApplication.translate("backups", "{clients}, {sessions}, {signed_notes}").format(
        clients=Count.tr("%n client(s)", "", contents.clients),
        sessions=Count.tr("%n session(s)", "", contents.sessions),
        signed_notes=Count.tr("%n signed note(s)", "", contents.signed_notes),
    )


def failure_text(exc: Exception) -> str:
    """Store errors are worded for the user; anything else is named by type only."""
    if isinstance(exc, StoreError):
        return str(exc)
    return QCoreApplication.translate(
        "backups", "The backup failed ({__name__}); nothing was changed."
    ).format(__name__=type(exc).__name__)


def back_up_now(db_path: Path, parent: QWidget, target: Path | None = None) -> Any:
    """Ask where (unless ``target`` is given) and write a backup there in the background.
    Returns the background job's signal holder (None when the user cancelled)."""
    if target is None:
        suggested = Path.home() / f"sessionlog-backup-{datetime.now():%Y%m%d-%H%M}.sqlite3"
        chosen, _ = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("backups", "Back up now"),
            str(suggested),
            QCoreApplication.translate("backups", "SessionLog backup (*.sqlite3)"),
        )
        if not chosen:
            return None
        target = Path(chosen)
    top = parent.window()
    status = top.statusBar() if isinstance(top, QMainWindow) else None
    if status is not None:
        status.showMessage(QCoreApplication.translate("backups", "Backing up…"))

    def done(contents: BackupContents) -> None:
        message = QCoreApplication.translate("backups", "Backed up to {target}: {0}.").format(
            describe(contents), target=target
        )
        if status is not None:
            status.showMessage(message, 10000)
        QMessageBox.information(parent, APPLICATION_NAME, message)

    def failed(exc: Exception) -> None:
        if status is not None:
            status.clearMessage()
        QMessageBox.warning(parent, APPLICATION_NAME, failure_text(exc))

    job = run_in_background(
        lambda _progress: backups.back_up_to(db_path, target),
        done,
        failed,
        abandon_at_quit=True,  # a snapshot under a temporary name, renamed into place
    )
    # The signal holder lives as long as the parent (its callbacks need it).
    job.setParent(parent)
    return job


class RestoreDialog(QDialog):
    """Choose a backup and restore it; ``restored`` carries the RestoreResult."""

    restored = Signal(object)
    COLUMNS = (
        QT_TRANSLATE_NOOP("BackupsDialog", "Taken"),
        QT_TRANSLATE_NOOP("BackupsDialog", "Why"),
        QT_TRANSLATE_NOOP("BackupsDialog", "Clients"),
        QT_TRANSLATE_NOOP("BackupsDialog", "Sessions"),
        QT_TRANSLATE_NOOP("BackupsDialog", "Signed notes"),
    )

    def __init__(
        self,
        db_path: Path,
        parent: QWidget | None = None,
        *,
        before_restore: Callable[[], str | None] = lambda: None,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restore a backup"))
        self.resize(680, 420)
        self.db_path = db_path
        self.before_restore = before_restore
        self.now = now
        self._infos: list[BackupInfo] = []
        self._jobs: list[Any] = []

        self.intro = QLabel(
            self.tr(
                "Restoring replaces everything in this database with the backup. The current "
                "file is backed up first, so a restore can itself be undone."
            )
        )
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setAccessibleName(self.tr("Backups"))
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("BackupsDialog", title) for title in self.COLUMNS]
        )
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list: it holds rows, not cells
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.status = QLabel(self.tr("Reading the backups…"))
        self.status.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = QPushButton(self.tr("&Restore the selected backup"))
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._restore_selected)
        self.file_button = QPushButton(self.tr("Restore from a &file…"))
        self.file_button.clicked.connect(self._restore_from_file)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.file_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._jobs.append(
            run_in_background(
                lambda _p: backups.list_backups(db_path),
                self._show_backups,
                self._on_error,
                read_only=True,
            )
        )

    # ---- the list ---------------------------------------------------------

    def _show_backups(self, infos: list[BackupInfo]) -> None:
        self._infos = infos
        self.table.setRowCount(len(infos))
        for row, info in enumerate(infos):
            cells = [
                datetime_text(info.taken_at, weekday=True),
                QCoreApplication.translate("BackupsDialog", REASON_TEXT.get(info.reason, "")),
            ]
            if info.contents is not None:
                c = info.contents
                cells += [number_text(c.clients), number_text(c.sessions)]
                cells.append(number_text(c.signed_notes))
            else:
                cells += [self.tr("damaged"), "", ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if info.problem:
                    item.setToolTip(info.problem)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        if infos:
            self.status.setText(
                self.tr("%n backup(s) in {0}", "", len(infos)).format(
                    backups.backup_folder(self.db_path)
                )
            )
            first_good = next((i for i, info in enumerate(infos) if info.good), None)
            if first_good is not None:
                self.table.selectRow(first_good)
        else:
            self.status.setText(
                self.tr(
                    "No backups in the data folder yet. Use “Restore from a file…” for a backup "
                    "you saved elsewhere (for example one copied from another laptop)."
                )
            )
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self._infos[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        info = self.selected()
        self.restore_button.setEnabled(info is not None and info.good)

    # ---- restoring ---------------------------------------------------------

    def _restore_selected(self) -> None:
        info = self.selected()
        if info is not None and info.contents is not None:
            self.restore(info.path, info.contents)

    def _restore_from_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Restore from a file"),
            str(Path.home()),
            self.tr("SessionLog backup (*.sqlite3 *.db);;All files (*)"),
        )
        if chosen:
            self.restore(Path(chosen), None)

    def restore(
        self,
        path: Path,
        contents: BackupContents | None,
        *,
        confirm: bool = True,
        secret: str | None = None,
    ) -> None:
        """Restore ``path`` in the background (after a confirmation unless told not to).
        A protected backup taken under another passphrase asks for that one (``secret``)."""
        if confirm:
            what = f" ({describe(contents)})" if contents is not None else ""
            answer = QMessageBox.question(
                self,
                self.tr("Restore this backup?"),
                self.tr(
                    "Replace everything in this database with {name}{what}?\n\n"
                    "The current file is backed up first."
                ).format(name=path.name, what=what),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        refusal = self.before_restore()
        if refusal:
            QMessageBox.information(self, APPLICATION_NAME, refusal)
            return
        self.restore_button.setEnabled(False)
        self.file_button.setEnabled(False)
        self.status.setText(self.tr("Restoring…"))
        now = self.now()
        self._restoring = (path, contents)
        self._jobs.append(
            run_in_background(
                lambda _p: backups.restore(path, self.db_path, now=now, secret=secret),
                self._on_restored,
                self._on_error,
            )
        )

    def ask_backup_passphrase(self, path: Path, wrong: bool) -> str | None:
        """The passphrase (or recovery key) a protected backup was taken under."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        text, ok = QInputDialog.getText(
            self,
            self.tr("Protected backup"),
            (self.tr("That passphrase does not open it. ") if wrong else "")
            + self.tr(
                "{name} is protected with another passphrase (an older one?).\n"
                "Type the passphrase or recovery key it was taken under:"
            ).format(name=path.name),
            QLineEdit.EchoMode.Password,
        )
        return text if ok and text else None

    def _on_restored(self, result: RestoreResult) -> None:
        self.status.setText(self.tr("Restored: {0}.").format(describe(result.restored)))
        self.restored.emit(result)
        self.accept()

    def _on_error(self, exc: Exception) -> None:
        from sessionlog.services.protection import PassphraseRequiredError, WrongPassphraseError

        if isinstance(exc, PassphraseRequiredError | WrongPassphraseError):
            path, contents = self._restoring
            asked = self.ask_backup_passphrase(path, isinstance(exc, WrongPassphraseError))
            if asked:
                self.restore(path, contents, confirm=False, secret=asked)
                return
        self.status.setText(failure_text(exc))
        self._update_buttons()
        self.file_button.setEnabled(True)
