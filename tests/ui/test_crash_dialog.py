"""An uncaught exception in the app: a dialog without client data, the traceback in the
log with its message withheld, nothing on stderr."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from sessionlog.logs import configure_logging, log_file
from sessionlog.ui.crash import crash_message, install_crash_handler


def test_uncaught_exception_shows_a_plain_dialog_and_logs_without_the_message(
    qtbot, capfd, monkeypatch
) -> None:
    from PySide6.QtWidgets import QWidget

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    root = logging.getLogger("sessionlog")
    for handler in list(root.handlers):  # a fresh file handler in this test's log folder
        root.removeHandler(handler)
    configure_logging()
    window = QWidget()
    qtbot.addWidget(window)
    hook = install_crash_handler(lambda: window)
    assert sys.excepthook is hook
    try:
        raise ValueError("Lena Ortiz, Medicaid ID TX123456789, note: panic at work")
    except ValueError:
        hook(*sys.exc_info())
    box = hook.last_box
    assert box.isVisible()
    assert box.text() == crash_message()
    assert box.text().startswith("Something went wrong. Your work is saved.")
    assert str(log_file()) in box.text()
    for handler in root.handlers:
        handler.flush()
    logged = Path(log_file()).read_text(encoding="utf-8")
    assert "ValueError (message withheld: may contain client data)" in logged
    assert "test_crash_dialog.py" in logged  # where it happened
    assert "Lena" not in logged and "TX123456789" not in logged
    out, err = capfd.readouterr()
    assert "Lena" not in out + err and "Traceback" not in err
    assert os.environ["SESSIONLOG_LOG_DIR"] in str(log_file())
