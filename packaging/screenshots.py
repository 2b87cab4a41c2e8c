"""Regenerate the README screenshots from the real app on the demo caseload.

Builds a fresh demo database in a temporary folder, opens the real MainWindow on it
with the clock set to the demo's "today" (Friday 2026-11-20, mid-afternoon in the
demo's zone), times a session for a few minutes' worth, and grabs each view:

    docs/images/today.png        Today: caseload, running timer, the note below it
    docs/images/note-form.png    a draft in the note form, with what it still lacks
    docs/images/end-of-day.png   the end-of-day queue
    docs/images/history.png      History

Run it under Xvfb for real window decorations and fonts, e.g.

    Xvfb :92 -screen 0 1366x768x24 &
    DISPLAY=:92 PYTHONPATH=src python packaging/screenshots.py

Without a DISPLAY it falls back to Qt's offscreen platform.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

if not os.environ.get("DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from sessionlog.core.timer import ClockReading
from sessionlog.services import timing
from sessionlog.services.demo import load_demo
from sessionlog.store import SessionFilter, Store, open_database
from sessionlog.ui.main_window import MainWindow

DEMO_TODAY = date(2026, 11, 20)
# 15:42 in America/Chicago on the demo's today.
DEMO_NOW = datetime(2026, 11, 20, 21, 42, tzinfo=UTC)
STAFF = "staff-rosa"
WINDOW_SIZE = (1280, 760)


class DemoClock:
    """The demo's afternoon, moving forward at the real pace (so the timer ticks)."""

    def __init__(self, start: datetime) -> None:
        self.start = start
        self.origin = time.monotonic()

    def read(self) -> ClockReading:
        now = time.monotonic()
        return ClockReading(self.start + timedelta(seconds=now - self.origin), now, None)


def settle(ms: int = 400) -> None:
    """Let layouts, timers and background queries finish before a grab."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def grab(widget: QWidget, path: Path) -> None:
    settle()
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/images"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    app = QApplication(sys.argv[:1])
    app.setApplicationName("SessionLog")
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "demo.sqlite3"
        db = open_database(db_path)
        store = Store(db, actor="screenshots")
        load_demo(store, today=DEMO_TODAY)
        clock = DemoClock(DEMO_NOW)

        window = MainWindow(store, db_path, clock=clock)
        window.set_current_staff(STAFF)
        window.resize(*WINDOW_SIZE)
        window.show()
        settle()

        # Today: a session with Marcus started 32 minutes ago, still running.
        today = window.today
        today.select_client("client-marcus", "H2023")
        started = clock.read()
        session = timing.start_session(
            store,
            client_id="client-marcus",
            staff_id=STAFF,
            code="H2023",
            reading=ClockReading(started.wall - timedelta(minutes=32), started.monotonic),
        )
        today.timer.attach([session.value.id], paused=False, changes=session.changes)
        window.show_view(today)
        grab(window, args.out / "today.png")

        # The note form on a draft that still lacks its response and plan.
        drafts = store.sessions(SessionFilter(staff_id=STAFF, status="draft"))
        unfinished = next(s for s in drafts if s.group_id is not None)
        today.note.show_session(unfinished.id)
        settle()
        # Scroll to the client's own part: objectives, response, plan and what is missing.
        today.note.note_scroll.ensureWidgetVisible(today.note.plan, 0, 120)
        grab(window, args.out / "note-form.png")

        window.show_view(window.end_of_day)
        window.end_of_day.select_row(0)
        grab(window, args.out / "end-of-day.png")

        window.show_view(window.history)
        deadline = time.monotonic() + 10
        while window.history.is_loading and time.monotonic() < deadline:
            settle(100)
        grab(window, args.out / "history.png")

        today.timer.shut_down()
        window.close()
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
