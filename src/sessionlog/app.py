"""Composition root: the only place that wires paths, store and windows together."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from sessionlog import APPLICATION_NAME, __version__

log = logging.getLogger("sessionlog.app")


def run_gui(db_path: Path, argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from sessionlog.core.timer import SystemClock
    from sessionlog.store import Store, StoreError, open_database
    from sessionlog.ui.bus import ChangeBus
    from sessionlog.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APPLICATION_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APPLICATION_NAME)
    try:
        store = Store(open_database(db_path), actor="app")
    except StoreError as exc:
        QMessageBox.critical(None, APPLICATION_NAME, str(exc))
        return 2
    bus = ChangeBus()
    window = MainWindow(store, db_path, bus=bus, clock=SystemClock())
    window.show()
    # Logged before start_up: its first-run question and staff choice wait for the user.
    log.info("app started, schema ready, window shown")
    window.start_up()
    return app.exec()
