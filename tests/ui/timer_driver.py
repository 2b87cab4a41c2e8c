"""Child process for process-level tests: the real app (``run_gui``: lock, local
socket, main window) on a database; once started it times a client and prints
``started SESSION_ID``, and prints ``raised`` whenever a second app asks for its window.
It runs until it is killed or closed.

With ``--commands`` it also reads commands on stdin, for tests that move its clock:
``escape`` presses Escape on the open clock question, ``pending`` prints how many clock
questions wait (``pending N``), ``stop`` clicks Stop (then prints ``stopped``); and it
prints ``asked KIND`` whenever a clock question opens.

Usage: python timer_driver.py DB_PATH CLIENT_ID CODE [--commands]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSocketNotifier, Qt
from PySide6.QtTest import QTest

from sessionlog.app import run_gui
from sessionlog.ui.main_window import MainWindow


def _listen_for_commands(window: MainWindow) -> None:
    timer = window.today.timer
    timer.gap_prompted.connect(lambda gap: print("asked", gap.kind.value, flush=True))
    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read, window)

    pending = bytearray()

    def on_command() -> None:
        # os.read, not sys.stdin.readline: a buffered reader could keep a second command
        # in its buffer where the notifier never sees it.
        chunk = os.read(sys.stdin.fileno(), 4096)
        if not chunk:  # the test closed our stdin
            notifier.setEnabled(False)
            return
        pending.extend(chunk)
        while b"\n" in pending:
            line, _, rest = bytes(pending).partition(b"\n")
            pending[:] = rest
            run(line.decode().strip())

    def run(command: str) -> None:
        if command == "escape" and timer.gap_dialog is not None:
            QTest.keyClick(timer.gap_dialog, Qt.Key.Key_Escape)
        elif command == "pending":
            print("pending", len(timer.pending_gaps), flush=True)
        elif command == "stop":
            # Stopped once the database acknowledged the Stop (the writer thread wrote it).
            def report_stopped() -> None:
                timer.command_settled.disconnect(report_stopped)
                print("stopped", flush=True)

            timer.command_settled.connect(report_stopped)
            QTest.mouseClick(timer.stop_button, Qt.MouseButton.LeftButton)

    notifier.activated.connect(on_command)


def main() -> int:
    db_path, client_id, code = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    commands = "--commands" in sys.argv[4:]

    def time_the_client(window: MainWindow) -> None:
        window.brought_to_front.connect(lambda: print("raised", flush=True))
        if commands:
            _listen_for_commands(window)
        timer = window.today.timer
        # Started once the database acknowledged the session (the writer thread wrote it).
        timer.command_settled.connect(
            lambda: print("started", timer.session_ids[0], flush=True) if timer.active else None
        )
        window.today.select_client(client_id, code)
        timer.start()

    return run_gui(db_path, on_started=time_the_client)


if __name__ == "__main__":
    sys.exit(main())
