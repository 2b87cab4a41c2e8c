"""Help ▸ Check the record: the record check runs on a worker thread, its findings here.

Findings name sessions and audit rows by id only, never client data.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.integrity import IntegrityReport
from sessionlog.ui.tasks import run_in_background


def report_text(report: IntegrityReport) -> str:
    lines = [report.summary()]
    if report.chain_start:
        lines.append(f"Hashing of this record began {report.chain_start}.")
    if report.restored_triggers:
        lines.append(
            "Protective triggers that were missing and were put back when the file was "
            f"opened: {', '.join(report.restored_triggers)}."
        )
    lines += [f"• {p.message}" for p in report.problems]
    return "\n".join(lines)


class RecordCheckDialog(QDialog):
    """Shows 'Checking…' at once and the report when the worker finishes."""

    checked = Signal(object)  # the IntegrityReport, or the exception

    def __init__(self, check: Callable[[], IntegrityReport], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Check the record")
        self.resize(640, 360)
        self.status = QLabel(
            "Checking every signed note's seal and the audit log's hash chain…", self
        )
        self.status.setWordWrap(True)
        self.details = QPlainTextEdit(self)
        self.details.setAccessibleName("Check details")
        self.details.setReadOnly(True)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.report: IntegrityReport | None = None
        self._signals = run_in_background(
            lambda _progress: check(), self._done, self._failed, read_only=True
        )

    def _done(self, report: IntegrityReport) -> None:
        self.report = report
        self.status.setText(
            "The record holds: nothing was changed behind the app's back."
            if report.ok
            else "The record was changed behind the app's back. Each finding is listed below; "
            "packets for the clients concerned are refused until this is resolved."
        )
        self.details.setPlainText(report_text(report))
        self.checked.emit(report)

    def _failed(self, exc: Exception) -> None:
        self.status.setText(f"The check could not run: {type(exc).__name__}. See the log.")
        self.checked.emit(exc)
