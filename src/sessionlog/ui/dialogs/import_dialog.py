"""Import of a ``sessionlog/1`` file with a preview, and export to one.

The preview runs every check the import will run (format, references, records
already stored) and writes nothing; Import is offered only when there is no
problem, and the import itself is all or nothing.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.errors import StoreError
from sessionlog.core.interchange import InterchangeError, parse_document
from sessionlog.core.models import Dataset
from sessionlog.services.interchange import (
    ExportCounts,
    ImportCancelled,
    ImportResult,
    check_import,
    export_file,
    export_file_from,
    import_dataset,
    import_file_from,
    read_document,
)
from sessionlog.services.records import (
    BackgroundImportRecords,
    ImportRecords,
    Reader,
    Records,
)
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.i18n import QT_TRANSLATE_NOOP
from sessionlog.ui.tasks import read_in_background, run_in_background

log = logging.getLogger("sessionlog.ui.import")

KINDS = (
    ("payers", QT_TRANSLATE_NOOP("ImportDialog", "Payers")),
    ("staff", QT_TRANSLATE_NOOP("ImportDialog", "Staff")),
    ("clients", QT_TRANSLATE_NOOP("ImportDialog", "Clients")),
    ("plans", QT_TRANSLATE_NOOP("ImportDialog", "Treatment plans")),
    ("authorizations", QT_TRANSLATE_NOOP("ImportDialog", "Authorizations")),
    ("sessions", QT_TRANSLATE_NOOP("ImportDialog", "Sessions")),
)
FILE_FILTER = QT_TRANSLATE_NOOP("import_dialog", "SessionLog files (*.json);;All files (*)")
# Signal holders of running exports, kept alive until their callback has run.
_RUNNING: set[object] = set()


@dataclass
class FileCheck:
    """What the preview found: records per kind in the file, new and already stored
    (counted only when the file parsed), the problems, and the dataset to import (``None``
    when the file could not be parsed)."""

    in_file: dict[str, int] = field(default_factory=dict)
    new: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    dataset: Dataset | None = None


def check_file(store: ImportRecords, path: Path) -> FileCheck:
    """Read, parse and check ``path`` against ``store`` without writing anything (runs on
    a worker thread: seconds for a large file)."""
    checked = FileCheck()
    try:
        raw = read_document(path)
    except InterchangeError as exc:
        checked.problems = list(exc.problems)
        return checked
    dataset, problems = parse_document(raw)
    if isinstance(raw, dict):
        checked.in_file = {k: len(v) for k, _ in KINDS if isinstance(v := raw.get(k, []), list)}
    if dataset is None or problems:
        checked.problems = list(problems)
        return checked
    check = check_import(store, dataset)
    checked.problems = list(check.problems)
    checked.unchanged = dict(check.result.unchanged)
    for key, _record in check.to_write:
        checked.new[key] = checked.new.get(key, 0) + 1
    checked.dataset = dataset
    return checked


class JsonImportDialog(QDialog):
    def __init__(
        self,
        store: BackgroundImportRecords,
        bus: ChangeBus,
        path: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.path = Path(path)
        self.outcome: ImportResult | None = None
        self._dataset: Any = None
        # The running import's signal holder and its cancel request (a worker reads it).
        self._job: Any = None
        self._cancel = threading.Event()
        self.checking = False  # the preview's check is running in the background
        self.setWindowTitle(self.tr("Import {name}").format(name=self.path.name))
        self.resize(760, 560)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(len(KINDS), 4)
        self.table.setAccessibleName(self.tr("Records in the file"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Records"), self.tr("In the file"), self.tr("New"), self.tr("Already stored")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list: it holds rows, not cells
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.problems_label = QLabel(self.tr("Problems"))
        self.problems = QListWidget()
        self.problems.setAccessibleName(self.tr("Problems"))
        self.problems.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Import progress"))
        self.progress.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(self.tr("&Import"))
        self.buttons.accepted.connect(self.commit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("File: {path}").format(path=self.path)))
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems, 1)
        layout.addStretch(0)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.preview()

    def preview(self) -> None:
        """Check the file against the database in the background (issue 12: reading,
        parsing and checking a large file takes seconds); nothing is written. Import
        stays off until the check is done and found nothing wrong."""
        self._dataset = None
        self.checking = True
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Checking the file…"))
        self._fill_table(None)
        path = self.path
        # The worker's connection is the app's full records; the check only reads them.
        records = cast(Reader, self.store)
        read_in_background(
            self, records, lambda reader: check_file(cast(ImportRecords, reader), path), self._shown
        )

    def _fill_table(self, checked: FileCheck | None) -> None:
        in_file = checked.in_file if checked is not None else {}
        counted = checked is not None and checked.dataset is not None
        for row, (key, label) in enumerate(KINDS):
            values = [
                QCoreApplication.translate("ImportDialog", label),  # KINDS' context
                str(in_file.get(key, 0)) if checked is not None else "—",
                str(checked.new.get(key, 0)) if checked is not None and counted else "—",
                str(checked.unchanged.get(key, 0)) if checked is not None and counted else "—",
            ]
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
        # Six short rows: show them all and give the spare height to the problem list.
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(height)

    def _shown(self, checked: FileCheck | None) -> None:
        """The check's result, on the GUI thread (``None``: the check itself failed)."""
        self.checking = False
        if checked is None:
            self._fill_table(None)
            self._show_problems([])
            self.summary.setText(
                self.tr(
                    "The file could not be checked (it could not be read, or the database "
                    "could not be opened). Nothing has been written; try again."
                )
            )
            self.import_button.setEnabled(False)
            return
        self._fill_table(checked)
        problems = checked.problems
        self._show_problems(problems)
        total_new = sum(checked.new.values())
        if problems:
            self.summary.setText(
                self.tr(
                    "This file cannot be imported: %n problem(s) below. Nothing has been "
                    "written. Fix the file (each line names the record and the field) and "
                    "try again.",
                    "",
                    len(problems),
                )
            )
            self.import_button.setEnabled(False)
        elif total_new == 0:
            self.summary.setText(
                self.tr("Everything in this file is already stored; nothing to import.")
            )
            self.import_button.setEnabled(False)
        else:
            self._dataset = checked.dataset
            self.summary.setText(
                self.tr(
                    "Ready to import %n new record(s). "
                    "Nothing is written until you press Import, and then all of it or none.",
                    "",
                    total_new,
                )
            )
            self.import_button.setEnabled(True)

    def _show_problems(self, problems: list[str]) -> None:
        self.problems.clear()
        self.problems.addItems(problems)
        self.problems_label.setText(
            self.tr("Problems ({0})").format(len(problems)) if problems else self.tr("No problems")
        )
        self.problems.setVisible(bool(problems))

    @property
    def importing(self) -> bool:
        return self._job is not None

    def commit(self) -> None:
        """Import in the background (its own connection), with progress and Cancel; the
        dialog closes when everything is written. All or nothing: a cancel rolls back."""
        if self._dataset is None or self.importing:
            return
        db_path = self.store.path
        if db_path is None:  # an in-memory database (tests) has no file a worker could open
            self._import_here()
            return
        self._cancel.clear()
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Importing… Cancel undoes all of it."))
        self.progress.setRange(0, 0)  # busy until the first records are written
        self.progress.show()
        path, actor = self.path, self.store.actor

        def work(progress: Any) -> ImportResult:
            # The file is read again, streamed (issue 12): the same checks as the
            # preview, inside the import's one transaction.
            return import_file_from(
                db_path, path, actor=actor, progress=progress, cancelled=self._cancel.is_set
            )

        # One transaction: quitting rolls it back, as Cancel does.
        self._job = run_in_background(
            work, self._on_done, self._on_failed, self._on_progress, abandon_at_quit=True
        )

    def cancel_import(self) -> None:
        """Ask the running import to stop; it rolls back and nothing is written."""
        if self.importing:
            self._cancel.set()
            self.summary.setText(self.tr("Cancelling… nothing will be written."))

    def _import_here(self) -> None:
        try:
            outcome = import_dataset(self.store, self._dataset)
        except Exception as exc:
            self._on_failed(exc)
        else:
            self._on_done(outcome)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_done(self, outcome: ImportResult) -> None:
        self._job = None
        self.progress.hide()
        self.outcome = outcome
        log.info("sessionlog/1 file imported: %s", outcome.created)
        self.bus.publish(outcome.changes)
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self._job = None
        self.progress.hide()
        if isinstance(exc, ImportCancelled):
            self.summary.setText(self.tr("Import cancelled; nothing has been written."))
            self.import_button.setEnabled(True)
        elif isinstance(exc, InterchangeError):
            # The database changed since the preview: show why, nothing was written.
            self._show_problems(exc.problems)
            self.import_button.setEnabled(False)
            self.summary.setText(self.tr("Not imported; nothing has been written."))
        elif isinstance(exc, StoreError):
            self.summary.setText(
                self.tr("Not imported; nothing has been written. {exc}").format(exc=exc)
            )
            self.import_button.setEnabled(True)
        else:
            self.summary.setText(
                self.tr("Not imported ({__name__}); nothing has been written.").format(
                    __name__=exc.__class__.__name__
                )
            )
            self.import_button.setEnabled(True)

    def reject(self) -> None:
        """Cancel (or Escape) during an import cancels the import; the dialog stays open
        until the worker has rolled back, then says so."""
        if self.importing:
            self.cancel_import()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.importing:
            self.cancel_import()
            event.ignore()
            return
        super().closeEvent(event)


def import_json_interactive(
    parent: QWidget, store: BackgroundImportRecords, bus: ChangeBus
) -> ImportResult | None:
    """Ask for a file, preview it, import on request; returns what was imported."""
    name, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("import_dialog", "Import a SessionLog file"),
        "",
        FILE_FILTER,
    )
    if not name:
        return None
    dialog = JsonImportDialog(store, bus, Path(name), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.outcome is None:
        return None
    QMessageBox.information(
        parent,
        QCoreApplication.translate("import_dialog", "Imported"),
        QCoreApplication.translate("import_dialog", "Imported: {0}.").format(
            dialog.outcome.summary()
        ),
    )
    return dialog.outcome


def export_json_interactive(parent: QWidget, store: Records) -> None:
    """Ask where, then write the whole caseload as ``sessionlog/1`` (owner-only file)
    in the background."""
    default = f"sessionlog-export-{date.today().isoformat()}.json"
    name, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("import_dialog", "Export a SessionLog file"),
        default,
        FILE_FILTER,
    )
    if not name:
        return
    path = Path(name)
    holder: list[object] = []

    def done(counts: object) -> None:
        _RUNNING.difference_update(holder)
        sessions = counts.sessions if isinstance(counts, ExportCounts) else 0
        QMessageBox.information(
            parent,
            QCoreApplication.translate("import_dialog", "Exported"),
            QCoreApplication.translate(
                "import_dialog",
                "Saved {name} ({sessions} sessions). Only your user account can read it; "
                "it holds client information, so keep it on an encrypted drive.",
            ).format(name=path.name, sessions=sessions),
        )

    def failed(exc: Exception) -> None:
        _RUNNING.difference_update(holder)
        QMessageBox.warning(
            parent,
            QCoreApplication.translate("import_dialog", "Not exported"),
            QCoreApplication.translate(
                "import_dialog",
                "The file could not be written ({__name__}). Choose another folder.",
            ).format(__name__=exc.__class__.__name__),
        )

    db_path = store.path
    if db_path is None:  # an in-memory database (tests) has no file a worker could open
        done(export_file(store, path))
        return
    # The worker opens its own connection: a thread never shares the GUI's.
    work = partial(export_file_from, db_path, path, actor=store.actor)
    # Written to a temporary file renamed into place: quitting may stop it.
    holder.append(run_in_background(lambda _progress: work(), done, failed, abandon_at_quit=True))
    _RUNNING.update(holder)
