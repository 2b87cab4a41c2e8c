"""File ▸ Export claim lines… (CSV) and File ▸ Export claims… (837P).

A view only: the period, client and file are chosen here; what goes in the file, what
is left out and why are decided in ``services.claims`` and ``core.claims``. The export
runs off the GUI thread on its own connection.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.errors import StoreError
from sessionlog.core.models import utc_now
from sessionlog.services.claims import ClaimExportResult, export_claims_from
from sessionlog.services.records import CaseloadReader
from sessionlog.ui import theme
from sessionlog.ui.dialogs.packet_dialog import default_period, documents_folder
from sessionlog.ui.formats import date_pattern
from sessionlog.ui.i18n import QT_TRANSLATE_NOOP
from sessionlog.ui.tasks import run_in_background
from sessionlog.ui.theme import Tone

log = logging.getLogger("sessionlog.ui.claims")

TITLES = {
    "lines": QT_TRANSLATE_NOOP("ClaimsDialog", "Export claim lines (CSV)"),
    "837": QT_TRANSLATE_NOOP("ClaimsDialog", "Export claims (837P)"),
}
SUFFIXES = {"lines": ".csv", "837": ".837"}


class ClaimExportDialog(QDialog):
    def __init__(
        self,
        store: CaseloadReader,
        db_path: Path,
        kind: str,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.db_path = db_path
        self.now = now
        self.export_result: ClaimExportResult | None = None
        self._job: Any = None
        self.setWindowTitle(self.tr(TITLES[kind]))
        start, end = default_period(today())
        self.from_edit = self._date_edit(start)
        self.to_edit = self._date_edit(end)
        self.client_combo = QComboBox()
        self.client_combo.addItem(self.tr("All clients"), None)
        for client in store.clients(include_archived=True):
            self.client_combo.addItem(f"{client.name} ({client.medicaid_id})", client.id)
        self.held_check = QCheckBox(
            self.tr("Also list &held and unbillable lines, with their flags")
        )
        self.held_check.setVisible(kind == "lines")
        self.path_edit = QLineEdit(str(documents_folder() / f"claims{SUFFIXES[kind]}"))
        self.path_edit.setAccessibleName(self.tr("File to write"))
        self.browse_button = QPushButton(self.tr("&Browse…"))
        self.export_button = QPushButton(self.tr("&Export"))
        self.export_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(theme.css(Tone.ERROR))

        form = QFormLayout()
        form.addRow(self.tr("&From"), self.from_edit)
        form.addRow(self.tr("&To"), self.to_edit)
        form.addRow(self.tr("&Client"), self.client_combo)
        form.addRow("", self.held_check)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form.addRow(self.tr("&Save to"), path_row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        self.browse_button.clicked.connect(self._browse)
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.close)

    @staticmethod
    def _date_edit(value: date) -> QDateEdit:
        edit = QDateEdit(QDate(value.year, value.month, value.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(date_pattern())
        return edit

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr(TITLES[self.kind]), self.path_edit.text()
        )
        if name:
            self.path_edit.setText(name)

    def period(self) -> tuple[date, date]:
        return self.from_edit.date().toPython(), self.to_edit.date().toPython()  # type: ignore[return-value]

    def export(self) -> bool:
        start, end = self.period()
        path_text = self.path_edit.text().strip()
        if end < start:
            self.error_label.setText(
                self.tr("To: {end} is before From {start}.").format(end=end, start=start)
            )
            return False
        if not path_text:
            self.error_label.setText(self.tr("Save to: choose a file."))
            return False
        self.error_label.clear()
        kind, db_path, out = self.kind, self.db_path, Path(path_text)
        client_id = self.client_combo.currentData()
        include_all, now = self.held_check.isChecked(), self.now()

        def work(_progress: Callable[[int, int], None]) -> ClaimExportResult:
            # The path, never the window's store: this runs in a worker thread.
            return export_claims_from(
                db_path,
                kind,
                out,
                start=start,
                end=end,
                client_id=client_id,
                include_all=include_all,
                now=now,
            )

        self.export_button.setEnabled(False)
        self.status_label.setText(self.tr("Working out the claim lines…"))
        self._job = run_in_background(work, self._on_done, self._on_error)
        return True

    def _on_done(self, result: Any) -> None:
        self._job = None
        self.export_result = result
        self.export_button.setEnabled(True)
        name = escape(result.path.name)
        if result.kind == "lines":
            text = self.tr("<b>Saved {name}</b>: %n claim line(s).", "", result.rows).format(
                name=name
            )
        else:
            text = self.tr("<b>Saved {name}</b>: {claims}, {units}.").format(
                name=name,
                claims=self.tr("%n claim(s)", "", result.claims),
                units=self.tr("%n unit(s)", "", result.units),
            )
        if result.left_out:
            items = "".join(f"<li>{escape(reason)}</li>" for reason in result.left_out)
            text += self.tr("<br>Left out ({0}):<ul>{items}</ul>").format(
                len(result.left_out), items=items
            )
        self.status_label.setText(text)

    def _on_error(self, exc: Exception) -> None:
        self._job = None
        self.export_button.setEnabled(True)
        self.status_label.clear()
        log.warning("claim export failed: %s", type(exc).__name__)
        if isinstance(exc, ValueError | StoreError):
            self.error_label.setText(self.tr("Nothing was written: {exc}").format(exc=exc))
        elif isinstance(exc, OSError):
            self.error_label.setText(
                self.tr("Save to: the file could not be written ({0}).").format(
                    exc.strerror or type(exc).__name__
                )
            )
        else:
            self.error_label.setText(
                self.tr("Nothing was written because of an unexpected error ({__name__}).").format(
                    __name__=type(exc).__name__
                )
            )
