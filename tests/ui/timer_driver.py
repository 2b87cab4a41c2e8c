"""Child process for the crash-recovery test: opens the real main window on a
database, starts a timer for a client, beats often, and runs until it is killed.

Usage: python timer_driver.py DB_PATH CLIENT_ID CODE
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from sessionlog.core.timer import SystemClock
from sessionlog.store import Store, open_database
from sessionlog.ui import main_window as main_window_module
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.views import timer_panel


def main() -> None:
    db_path, client_id, code = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    # Beat every 100 ms instead of 30 s, so the test need not wait long.
    timer_panel.HEARTBEAT_MS = 100
    app = QApplication(sys.argv[:1])
    store = Store(open_database(db_path))
    window = main_window_module.MainWindow(store, db_path, bus=ChangeBus(), clock=SystemClock())
    window.show()
    window.today.select_client(client_id, code)
    window.today.timer.start()
    print("started", window.today.timer.session_ids[0], flush=True)
    app.exec()


if __name__ == "__main__":
    main()
