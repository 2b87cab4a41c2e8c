"""A modal dialog nobody answers would hang the whole run: ``QDialog.exec`` (and every
``QMessageBox`` static call) waits for a click that never comes. The guard watches the
application's modal widget while a test runs; one left open longer than its limit is
described (title and text), rejected so ``exec`` returns, and the test fails with it.

tests/conftest.py starts one around every test that runs with a QApplication.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QWidget

# Long enough for any test that means to keep a dialog open on a loaded 2-core machine;
# SESSIONLOG_TEST_MODAL_TIMEOUT (seconds) changes it (the guard's own test shortens it).
DEFAULT_LIMIT_S = 30.0
LIMIT_ENV_VAR = "SESSIONLOG_TEST_MODAL_TIMEOUT"
CHECK_EVERY_MS = 200


@dataclass(frozen=True)
class UnansweredDialog:
    title: str
    text: str
    seconds: float

    def __str__(self) -> str:
        return (
            f"a modal dialog was left unanswered for {self.seconds:.0f} s and was closed: "
            f"{self.title!r}: {self.text!r}"
        )


def limit_from_environment() -> float:
    try:
        return float(os.environ.get(LIMIT_ENV_VAR, DEFAULT_LIMIT_S))
    except ValueError:
        return DEFAULT_LIMIT_S


def describe(widget: QWidget) -> tuple[str, str]:
    """A dialog's title and the text it shows (a message box's text and details)."""
    if isinstance(widget, QMessageBox):
        parts = [widget.text(), widget.informativeText()]
    else:
        parts = [label.text() for label in widget.findChildren(QLabel) if label.isVisible()]
    text = " / ".join(part for part in parts if part)
    return widget.windowTitle(), text[:400]


class ModalGuard:
    def __init__(self, limit_s: float) -> None:
        self.limit_s = limit_s
        self.unanswered: list[UnansweredDialog] = []
        self._watched: QWidget | None = None
        self._since = 0.0
        self._timer = QTimer()
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self._check)

    def start(self) -> ModalGuard:
        self._timer.start()
        return self

    def stop(self) -> list[UnansweredDialog]:
        self._timer.stop()
        self._watched = None
        return self.unanswered

    def _check(self) -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or modal is not self._watched:
            self._watched = modal
            self._since = time.monotonic()
            return
        waited = time.monotonic() - self._since
        if waited < self.limit_s:
            return
        title, text = describe(modal)
        self.unanswered.append(UnansweredDialog(title, text, waited))
        self._watched = None
        if isinstance(modal, QDialog):
            modal.reject()  # exec() returns; the test goes on to fail
            if modal.isVisible():  # a dialog whose reject() asks first
                modal.done(QDialog.DialogCode.Rejected)
        else:
            modal.close()
