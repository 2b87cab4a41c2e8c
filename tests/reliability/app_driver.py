"""Child process for the kill harness: the real main window on a database, doing one
kind of work until it is killed. Every write the app has made (acknowledged) is printed
to stdout *after* it returned, so the harness knows what must survive the kill.

Usage: python app_driver.py DB_PATH SCENARIO
  timer-typing  start a timer for Marcus and type a note, autosaving as a coach would
  signing       sign every note in the End-of-day queue, one after another

or ``python app_driver.py --serve``: import Qt and SessionLog once, then for each line
``run DB_PATH SCENARIO FIFO`` read from stdin, fork a fresh process that runs the app
with its stdout on FIFO and print its pid. The harness kills that process; forking
spares each of the hundreds of runs the second or so of imports (a fork before any
QApplication exists starts from a clean Qt).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from sessionlog.core.timer import SystemClock
from sessionlog.store import Store, open_database
from sessionlog.ui import main_window as main_window_module
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.views import timer_panel

TYPED = "Modeled the opening checklist; he followed it with one prompt and asked for more. "


def say(*words: object) -> None:
    print(*words, flush=True)


def timer_typing(window: main_window_module.MainWindow) -> None:
    window.today.select_client("client-marcus", "H2023")
    window.today.timer.start()
    session_id = window.today.timer.session_ids[0]
    beat = window.store.get_state("timer_heartbeat")
    say("started", session_id, beat is not None)
    form = window.today.note
    form.show_session(session_id)
    typed = {"n": 0}

    def type_a_little() -> None:
        text = (TYPED * 200)[: typed["n"] + 7]
        typed["n"] = len(text)
        form.response.setPlainText(text)
        form.flush()
        if form.save_status.text().startswith("Saved"):
            say("ack-note", session_id, len(text))

    keys = QTimer(window)
    keys.timeout.connect(type_a_little)
    keys.start(15)


def signing(window: main_window_module.MainWindow) -> None:
    view = window.end_of_day
    window.show_view(view)
    say("started")

    def sign_next() -> None:
        for row in range(view.model.rowCount()):
            if not view.model.row_at(row).missing:
                view.select_row(row)
                session_id = view.model.row_at(row).session_id
                if view.sign_and_next():
                    say("ack-signed", session_id)
                return

    pen = QTimer(window)
    pen.timeout.connect(sign_next)
    pen.start(5)


SCENARIOS = {"timer-typing": timer_typing, "signing": signing}


def run(db_path: Path, scenario: str) -> None:
    app = QApplication(sys.argv[:1])
    store = Store(open_database(db_path))
    window = main_window_module.MainWindow(store, db_path, bus=ChangeBus(), clock=SystemClock())
    window.show()
    say("heartbeat-ms", timer_panel.HEARTBEAT_MS)
    SCENARIOS[scenario](window)
    app.exec()


def serve() -> None:
    import os
    import signal

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed children are reaped by the system
    print("serving", flush=True)
    for line in sys.stdin:
        _command, db_path, scenario, fifo = line.split()
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            out = os.open(fifo, os.O_WRONLY)
            os.dup2(out, 1)
            sys.stdout = open(1, "w", buffering=1, closefd=False)  # noqa: SIM115
            try:
                run(Path(db_path), scenario)
            finally:
                os._exit(0)
        print(pid, flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        serve()
    else:
        run(Path(sys.argv[1]), sys.argv[2])
