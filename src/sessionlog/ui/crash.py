"""An uncaught exception in the GUI: a plain dialog without client data, the traceback
to the log with its message withheld (``sessionlog.logs``), nothing on stderr."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from sessionlog import APPLICATION_NAME
from sessionlog.logs import log_file

log = logging.getLogger("sessionlog.ui.crash")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def crash_message() -> str:
    return QCoreApplication.translate(
        "crash", "Something went wrong. Your work is saved. Details are in the log: {0}"
    ).format(log_file())


def install_crash_handler(parent: Callable[[], QWidget | None]) -> ExceptHook:
    """Replace ``sys.excepthook`` (PySide6 routes exceptions raised in slots through it)."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        log.error("uncaught exception in the app", exc_info=(exc_type, exc, tb))
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            APPLICATION_NAME,
            crash_message(),
            QMessageBox.StandardButton.Ok,
            parent(),
        )
        box.open()  # not exec(): a nested event loop inside an exception is asking for more
        hook.last_box = box  # type: ignore[attr-defined]

    sys.excepthook = hook
    return hook
