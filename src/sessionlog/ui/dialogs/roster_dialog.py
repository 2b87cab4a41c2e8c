"""Import of a CSV client roster with a preview of every row, and roster export.

Each row shows what it would become and what is wrong with it (row number as the
spreadsheet shows it, field, message). Import is offered only when no row has a
problem, and then adds every new client in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.errors import StoreError
from sessionlog.core.roster import ROSTER_COLUMNS, RosterCheck, RosterError, RosterRow
from sessionlog.services.records import RosterExport, RosterRecords
from sessionlog.services.roster import (
    RosterResult,
    check_roster_text,
    export_roster,
    import_roster,
    read_roster_text,
)
from sessionlog.ui import theme
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.i18n import QT_TRANSLATE_NOOP
from sessionlog.ui.theme import Tone
from sessionlog.ui.widgets import columns_measured_once

log = logging.getLogger("sessionlog.ui.roster")

FILE_FILTER = QT_TRANSLATE_NOOP("roster_dialog", "CSV files (*.csv);;All files (*)")
PREVIEW_COLUMNS = [
    QT_TRANSLATE_NOOP("RosterImportDialog", "Row"),
    QT_TRANSLATE_NOOP("RosterImportDialog", "Result"),
    *ROSTER_COLUMNS,
]


class RosterImportDialog(QDialog):
    def __init__(
        self,
        store: RosterRecords,
        bus: ChangeBus,
        path: Path | None = None,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.today = today
        self.path: Path | None = None
        self.text = ""
        self.check: RosterCheck | None = None
        self.outcome: RosterResult | None = None
        self.setWindowTitle(self.tr("Import a client roster (CSV)"))
        self.resize(1040, 620)

        self.file_label = QLabel(self.tr("No file chosen."))
        self.choose_button = QPushButton(self.tr("&Choose file…"))
        self.summary = QLabel(
            self.tr("Choose a CSV file whose first row names the columns: ")
            + ", ".join(ROSTER_COLUMNS)
            + self.tr(" (see docs/roster.md).")
        )
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(PREVIEW_COLUMNS))
        self.table.setAccessibleName(self.tr("Roster rows"))
        self.table.setHorizontalHeaderLabels([self.tr(column) for column in PREVIEW_COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list: it holds rows, not cells
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.problems_label = QLabel(self.tr("Problems"))
        self.problems = QListWidget()
        self.problems.setAccessibleName(self.tr("Problems"))
        self.problems.setWordWrap(True)
        self.problems.setMaximumHeight(170)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(self.tr("&Import"))
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.commit)
        self.buttons.rejected.connect(self.reject)
        self.choose_button.clicked.connect(self._choose)

        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.problems_label.hide()
        self.problems.hide()
        if path is not None:
            self.load(Path(path))

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a client roster"), "", FILE_FILTER
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        """Read and check ``path``; the table and problem list show the outcome."""
        self.path = path
        self.file_label.setText(self.tr("File: {path}").format(path=path))
        try:
            self.text = read_roster_text(path)
        except RosterError as exc:
            self.text = ""
            self.check = None
            self._fill_table(None)
            self._show_problems(exc.problems)
            self.summary.setText(self.tr("The file could not be read. Nothing has been written."))
            self.import_button.setEnabled(False)
            return
        self.preview()

    def preview(self) -> None:
        check = check_roster_text(self.store, self.text, self.today())
        self.check = check
        self._fill_table(check)
        problems = check.problems
        self._show_problems(problems)
        new = len(check.new_clients())
        same = check.unchanged_count()
        bad = sum(1 for r in check.rows if r.problems)
        if problems:
            rows = self.tr("%n row(s) with problems", "", bad) if bad else self.tr("problems")
            self.summary.setText(
                self.tr(
                    "Not ready: {rows} (listed below, with row number and column). Nothing has "
                    "been written. Fix the file in your spreadsheet, save it as CSV, and choose "
                    "it again."
                ).format(rows=rows)
            )
        elif new == 0:
            self.summary.setText(
                self.tr("Every client in this file is already stored; nothing to add.")
            )
        else:
            already = self.tr(", {same} already stored").format(same=same) if same else ""
            self.summary.setText(
                self.tr(
                    "Ready to add %n client(s){already}. Nothing is "
                    "written until you press Import, and then all of them or none.",
                    "",
                    new,
                ).format(already=already)
            )
        self.import_button.setEnabled(not problems and new > 0)

    def _fill_table(self, check: RosterCheck | None) -> None:
        rows = check.rows if check else []
        with columns_measured_once(self.table):
            self._fill_rows(rows)

    def _fill_rows(self, rows: list[RosterRow]) -> None:
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = [str(row.number), row.status, *(row.values.get(c, "") for c in ROSTER_COLUMNS)]
            bad_fields = {p.field for p in row.problems}
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if row.problems:
                    item.setBackground(theme.fill(Tone.ERROR))
                    item.setForeground(theme.ink_on_fill(Tone.ERROR))
                    if col >= 2 and PREVIEW_COLUMNS[col] in bad_fields:
                        font = item.font()
                        font.setBold(True)
                        item.setFont(font)
                        item.setForeground(theme.text(Tone.ERROR, on=theme.fill(Tone.ERROR)))
                    item.setToolTip("\n".join(str(p) for p in row.problems))
                elif row.unchanged:
                    item.setForeground(theme.text(Tone.MUTED, on=QPalette.ColorRole.Base))
                self.table.setItem(r, col, item)

    def _show_problems(self, problems: list[str]) -> None:
        self.problems.clear()
        self.problems.addItems(problems)
        self.problems_label.setText(self.tr("Problems ({0})").format(len(problems)))
        self.problems_label.setVisible(bool(problems))
        self.problems.setVisible(bool(problems))

    def commit(self) -> None:
        if self.check is None or not self.check.ok:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.outcome = import_roster(self.store, self.text, self.today())
        except RosterError as exc:
            # The database changed since the preview: show why; nothing was written.
            self._show_problems(exc.problems)
            self.summary.setText(self.tr("Not imported; nothing has been written."))
            self.import_button.setEnabled(False)
            return
        except StoreError as exc:
            self.summary.setText(
                self.tr("Not imported; nothing has been written. {exc}").format(exc=exc)
            )
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        log.info("client roster imported: %d new", self.outcome.created)
        self.bus.publish(self.outcome.changes)
        self.accept()


def import_roster_interactive(
    parent: QWidget, store: RosterRecords, bus: ChangeBus
) -> RosterResult | None:
    dialog = RosterImportDialog(store, bus, parent=parent)
    dialog._choose()
    if dialog.path is None:
        return None
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.outcome is None:
        return None
    QMessageBox.information(
        parent,
        QCoreApplication.translate("roster_dialog", "Roster imported"),
        dialog.outcome.summary() + ".",
    )
    return dialog.outcome


def export_roster_interactive(parent: QWidget, store: RosterExport) -> int | None:
    """Ask where, then write the roster CSV (owner-only file). A roster is small, and
    the export writes an audit row, so it runs here rather than on a worker thread
    sharing the connection."""
    default = f"client-roster-{date.today().isoformat()}.csv"
    name, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("roster_dialog", "Export the client roster"),
        default,
        FILE_FILTER,
    )
    if not name:
        return None
    path = Path(name)
    try:
        count = export_roster(store, path)
    except (OSError, StoreError) as exc:
        QMessageBox.warning(
            parent,
            QCoreApplication.translate("roster_dialog", "Not exported"),
            QCoreApplication.translate(
                "roster_dialog",
                "The file could not be written ({__name__}). Choose another folder.",
            ).format(__name__=exc.__class__.__name__),
        )
        return None
    QMessageBox.information(
        parent,
        QCoreApplication.translate("roster_dialog", "Roster exported"),
        QCoreApplication.translate(
            "roster_dialog",
            "Saved {name} ({count} clients, archived included). Only your user account "
            "can read it; it holds client information.",
        ).format(name=path.name, count=count),
    )
    return count
