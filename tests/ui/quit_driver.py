"""Child process for the quit test: the real app (``run_gui``) on a database, which starts
long background work as soon as its window is up, prints ``working`` once that work is
under way, answers ``ping`` with ``pong`` (its event loop is free), and closes its window
when it reads ``quit`` on stdin (as File ▸ Quit does).

Kinds of work, each through the app's own background machinery (``ui.tasks``):
``read-sql``: a view's read whose one SQL statement runs for minutes (SQLite, no GIL);
``read-python``: a view's read computing billing for the whole agency over and over,
as History's units column did (Python, holding the GIL);
``packet``: packet exports one after the other into OUT_DIR, as File ▸ Export
documentation packet runs them (``abandon_at_quit``, progress per note); ``working``
comes once the first is written and the second under way;
``backup``: a backup into OUT_DIR (``store.backup.write_snapshot``, ``abandon_at_quit`` as
the app's backups run) of a database another connection holds locked, so that it is still
waiting when the app quits; ``working`` comes once its temporary file exists;
``warm-up``: the background warm-up of kept draws (``ui.warm_up``) over clients that each
take long (their kept draws forgotten and computed again for ~0.3 s, as a client's history
at 300,000 sessions takes), a small transaction each time; ``working`` once it is under way;
``none``: nothing in the background (the plain quit).

Usage: python quit_driver.py DB_PATH KIND OUT_DIR
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSocketNotifier, QTimer

from sessionlog.app import end_process, run_gui
from sessionlog.services.billing import billing_lines
from sessionlog.services.packet import build_packet
from sessionlog.store.backup import write_snapshot
from sessionlog.ui.main_window import MainWindow
from sessionlog.ui.tasks import read_in_background, run_in_background

# Long enough to outlast any test: the app must quit without waiting for it.
WORK_SECONDS = 120
LONG_SQL = (
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 4000000000) "
    "SELECT count(*) FROM n"
)


def say(word: str) -> None:
    print(word, flush=True)


def start_work(window: MainWindow, kind: str, out_dir: Path) -> None:
    db_path = window.db_path
    if kind == "read-sql":

        def slow_sql(records: Any) -> object:
            say("working")
            return records.db.execute(LONG_SQL).fetchone()

        read_in_background(window, window.store, slow_sql, lambda _result: None)
    elif kind == "read-python":

        def slow_billing(records: Any) -> object:
            say("working")
            ends = time.monotonic() + WORK_SECONDS
            lines: list[object] = []
            while time.monotonic() < ends:
                lines = billing_lines(records, start=date(2000, 1, 1), end=date(2030, 12, 31))
            return lines

        read_in_background(window, window.store, slow_billing, lambda _result: None)
    elif kind == "packet":

        def packets(progress: Any) -> None:
            said = False
            for number in range(1000):

                def report(done: int, total: int, number: int = number) -> None:
                    nonlocal said
                    if number == 1 and not said:  # one packet written, the next under way
                        say("working")
                        said = True
                    progress(done, total)

                build_packet(
                    db_path,
                    "client-marcus",
                    date(2026, 1, 1),
                    date(2026, 12, 31),
                    out_dir / f"packet-{number}.pdf",
                    progress=report,
                    include_unsigned=True,
                    force=True,
                )

        window._quit_test_job = run_in_background(  # type: ignore[attr-defined]
            packets, lambda _r: None, lambda _e: None, abandon_at_quit=True
        )
    elif kind == "backup":
        # A backup of a large database takes long; here one waits for a lock (SQLite's
        # busy timeout) with its temporary file already created, which is the same for quit.
        held = out_dir.parent / "held.sqlite3"
        holder = sqlite3.connect(held, isolation_level=None)
        holder.execute("CREATE TABLE IF NOT EXISTS t (x)")
        holder.execute("BEGIN EXCLUSIVE")
        partial = out_dir / ".backup.sqlite3.partial"
        poll = QTimer(window)

        def say_once_written() -> None:
            if partial.exists():
                poll.stop()
                say("working")

        poll.timeout.connect(say_once_written)
        poll.start(20)
        window._quit_test_job = (  # type: ignore[attr-defined]
            holder,
            run_in_background(
                lambda _p: write_snapshot(held, out_dir / "backup.sqlite3"),
                lambda _r: None,
                lambda _e: None,
                abandon_at_quit=True,
            ),
        )
    elif kind == "warm-up":
        from sessionlog.ui import warm_up

        real = warm_up.warm_client_draws
        said = False

        def slow_client(store: Any, client_id: str, give_way: Any = None) -> int:
            nonlocal said
            if not said:
                say("working")
                said = True
            parts = 0
            ends = time.monotonic() + 0.3
            while time.monotonic() < ends:
                store.db.execute("DELETE FROM billing_cache WHERE client_id = ?", [client_id])
                parts += real(store, client_id, give_way)
            return parts

        warm_up.warm_client_draws = slow_client  # type: ignore[assignment]
        assert window.warm_up is not None
        window.warm_up.finished.connect(lambda _parts: window.warm_up.schedule(0))
        window.warm_up.schedule(0)
    elif kind == "none":
        say("working")  # nothing in the background: the plain quit
    else:
        raise SystemExit(f"unknown kind {kind}")


def listen_for_quit(window: MainWindow) -> None:
    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read, window)

    def on_command() -> None:
        line = os.read(sys.stdin.fileno(), 4096)
        if not line:
            notifier.setEnabled(False)
        elif b"ping" in line:
            say("pong")  # the window's event loop is free to take the next command
        elif b"quit" in line:
            window.close()

    notifier.activated.connect(on_command)


def main() -> None:
    db_path, kind, out_dir = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])

    def started(window: MainWindow) -> None:
        listen_for_quit(window)
        start_work(window, kind, out_dir)

    # As the ``sessionlog gui`` command ends the process (cli.cmd_gui).
    end_process(run_gui(db_path, on_started=started))


if __name__ == "__main__":
    main()
