"""Help ▸ Check the record: the record check runs on a worker thread, its findings here.

Findings name sessions and audit rows by id only, never client data.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
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
        lines.append(
            QCoreApplication.translate(
                "record_check", "Hashing of this record began {chain_start}."
            ).format(chain_start=report.chain_start)
        )
    if report.restored_triggers:
        lines.append(
            QCoreApplication.translate(
                "record_check",
                "Protective triggers that were missing and were put back when the file was "
                "opened: {0}.",
            ).format(", ".join(report.restored_triggers))
        )
    lines += [f"• {p.message}" for p in report.problems]
    return "\n".join(lines)


class RecordCheckDialog(QDialog):
    """Shows 'Checking…' at once and the report when the worker finishes."""

    checked = Signal(object)  # the IntegrityReport, or the exception

    def __init__(self, check: Callable[[], IntegrityReport], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Check the record"))
        self.resize(640, 360)
        self.status = QLabel(
            self.tr("Checking every signed note's seal and the audit log's hash chain…"), self
        )
        self.status.setWordWrap(True)
        self.details = QPlainTextEdit(self)
        self.details.setAccessibleName(self.tr("Check details"))
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
            self.tr("The record holds: nothing was changed behind the app's back.")
            if report.ok
            else self.tr(
                "The record was changed behind the app's back. Each finding is listed below; "
                "packets for the clients concerned are refused until this is resolved."
            )
        )
        self.details.setPlainText(report_text(report))
        self.checked.emit(report)

    def _failed(self, exc: Exception) -> None:
        self.status.setText(
            self.tr("The check could not run: {__name__}. See the log.").format(
                __name__=type(exc).__name__
            )
        )
        self.checked.emit(exc)
