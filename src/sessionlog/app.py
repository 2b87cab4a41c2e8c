"""Composition root: the only place that wires paths, store and windows together."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from sessionlog import APPLICATION_NAME, __version__

log = logging.getLogger("sessionlog.app")


NO_DISPLAY_MESSAGE = (
    "SessionLog needs a graphical desktop, and no display was found (DISPLAY and "
    "WAYLAND_DISPLAY are not set). Commands such as 'sessionlog units' work without one."
)


def display_available(environ: dict[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether Qt can open a window. On Linux and the BSDs a window needs an X11 or Wayland
    display (or an explicit QT_QPA_PLATFORM such as offscreen); without one Qt aborts with a
    misleading message about xcb plugins, so the app says so itself first."""
    env = os.environ if environ is None else environ
    system = sys.platform if platform is None else platform
    if system.startswith(("win", "darwin", "cygwin")):
        return True
    if env.get("QT_QPA_PLATFORM"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def run_gui(db_path: Path, argv: list[str] | None = None) -> int:
    if not display_available():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 1

    from PySide6.QtWidgets import QApplication, QMessageBox

    from sessionlog.core.timer import SystemClock
    from sessionlog.store import Store, StoreError, open_database
    from sessionlog.ui.bus import ChangeBus
    from sessionlog.ui.main_window import MainWindow
    from sessionlog.ui.platform import prepare_application

    existing = QApplication.instance()
    # A test may have made the application already; it is a QApplication like this one.
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName(APPLICATION_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APPLICATION_NAME)
    prepare_application(app)
    try:
        store = Store(open_database(db_path), actor="app")
    except StoreError as exc:
        QMessageBox.critical(None, APPLICATION_NAME, str(exc))
        return 2
    bus = ChangeBus()
    window = MainWindow(store, db_path, bus=bus, clock=SystemClock())
    window.show()
    window.report_restored_triggers(store.triggers_restored_at_open())
    # Logged before start_up: its first-run question and staff choice wait for the user.
    log.info("window shown, schema ready")
    window.start_up()
    return app.exec()
