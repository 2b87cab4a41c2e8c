"""Child process for process-level tests: the real app (``run_gui``: lock, local
socket, main window) on a database; once started it times a client and prints
``started SESSION_ID``, and prints ``raised`` whenever a second app asks for its window.
It runs until it is killed or closed.

Usage: python timer_driver.py DB_PATH CLIENT_ID CODE
"""

from __future__ import annotations

import sys
from pathlib import Path

from sessionlog.app import run_gui
from sessionlog.ui.main_window import MainWindow


def main() -> int:
    db_path, client_id, code = Path(sys.argv[1]), sys.argv[2], sys.argv[3]

    def time_the_client(window: MainWindow) -> None:
        window.brought_to_front.connect(lambda: print("raised", flush=True))
        window.today.select_client(client_id, code)
        window.today.timer.start()
        print("started", window.today.timer.session_ids[0], flush=True)

    return run_gui(db_path, on_started=time_the_client)


if __name__ == "__main__":
    sys.exit(main())
