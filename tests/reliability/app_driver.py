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

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from sessionlog.core.timer import SystemClock
from sessionlog.store import Store, open_database
from sessionlog.ui import main_window as main_window_module
from sessionlog.ui.bus import ChangeBus

TYPED = "Modeled the opening checklist; he followed it with one prompt and asked for more. "


def say(*words: object) -> None:
    print(*words, flush=True)


def timer_typing(window: main_window_module.MainWindow) -> None:
    """Type as a coach does: a word every 150 ms, a pause after each clause, the form's
    own autosave (after a pause, and at least every 2 s) doing the saving."""
    timer = window.today.timer
    # Typing begins once the database acknowledged the timer's session.
    timer.command_settled.connect(
        lambda: type_once_started(window), Qt.ConnectionType.SingleShotConnection
    )
    window.today.select_client("client-marcus", "H2023")
    timer.start()


def type_once_started(window: main_window_module.MainWindow) -> None:
    session_id = window.today.timer.session_ids[0]
    say("started", session_id)
    form = window.today.note
    form.show_session(session_id)
    words = iter(TYPED.split() * 200)
    # Acknowledged: what the database holds once the write returned (the form re-reads it).
    form.saved.connect(lambda _sid: say("ack-note", session_id, len(form.session.response)))

    def type_a_word() -> None:
        word = next(words)
        cursor = form.response.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        cursor.insertText(word + " ")
        keys.setInterval(700 if word.endswith((".", ";")) else 150)

    keys = QTimer(window)
    keys.timeout.connect(type_a_word)
    keys.start(150)


def signing(window: main_window_module.MainWindow) -> None:
    view = window.end_of_day
    window.show_view(view)
    say("started")

    # Acknowledged only once the signature is stored (the writer thread writes it).
    view.note_signed.connect(lambda session_id: say("ack-signed", session_id))

    def sign_next() -> None:
        if view.is_loading:
            return  # a signature is being written, or the rows or the note being read
        for row in range(view.model.rowCount()):
            if not view.model.row_at(row).missing:
                current = view.current_row()
                if current is None or current.session_id != view.model.row_at(row).session_id:
                    view.select_row(row)
                view.sign_and_next()
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
            # Its errors go beside the fifo, for the harness to quote if it dies unkilled.
            errors = os.open(f"{fifo}.err", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(errors, 2)
            sys.stderr = open(2, "w", buffering=1, closefd=False)  # noqa: SIM115
            out = os.open(fifo, os.O_WRONLY)
            os.dup2(out, 1)
            sys.stdout = open(1, "w", buffering=1, closefd=False)  # noqa: SIM115
            status = 3
            try:
                run(Path(db_path), scenario)
                status = 4  # the event loop ended: nobody asked it to
            except BaseException:
                import traceback

                traceback.print_exc()
            finally:
                os._exit(status)
        print(pid, flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        serve()
    else:
        run(Path(sys.argv[1]), sys.argv[2])
