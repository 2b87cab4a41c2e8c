"""Screenshots of the note form as a coach's laptop shows it (README, docs/usability.md).

Opens the real MainWindow on a fresh demo database, maximised on the screen it runs on,
with a typical session's note (two objectives, intervention, response, plan) open on
Today, and saves the whole screen's worth of window. Run it under Xvfb at the screen
size to show, e.g.

    xvfb-run -a -s "-screen 0 1366x768x24" env PYTHONPATH=src \\
        python packaging/note_screenshots.py docs/images/note-1366x768.png
    xvfb-run -a -s "-screen 0 1920x1080x24" env QT_SCALE_FACTOR=1.5 PYTHONPATH=src \\
        python packaging/note_screenshots.py docs/images/note-1920x1080-150.png

It prints the window's size, the screen's available size and whether the note's
fields are inside the visible part of the form. A language code after the file name
(``note.png es``) shows the GUI in that language, as Setup ▸ Language would, and also
saves the End of day and History tabs beside it (``note-end-of-day.png``, ``note-history.png``).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from sessionlog.core.timer import ClockReading
from sessionlog.services import timing
from sessionlog.services.demo import load_demo
from sessionlog.store import Store, open_database
from sessionlog.ui.i18n import choose_language, install_translators
from sessionlog.ui.main_window import MainWindow

DEMO_TODAY = date(2026, 11, 20)
DEMO_EVENING = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)
STAFF = "staff-rosa"


class StillClock:
    def read(self) -> ClockReading:
        return ClockReading(DEMO_EVENING, 1_000.0, None)


def settle(ms: int = 500) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def typical_note(store: Store, staff_id: str) -> str:
    """A stopped 40-minute session of Marcus with the note of a typical day."""
    start = DEMO_EVENING - timedelta(minutes=50)
    session = timing.start_session(
        store,
        client_id="client-marcus",
        staff_id=staff_id,
        code="H2023",
        reading=ClockReading(start, 0.0, None),
    ).value
    timing.stop(store, [session.id], ClockReading(start + timedelta(minutes=40), 2400.0, None))
    plan = store.active_plan("client-marcus", DEMO_TODAY)
    assert plan is not None
    objectives = [o.id for o in plan.goals[0].objectives][:2]
    timing.update_note(
        store,
        session.id,
        place_of_service="18",
        intervention=timing.compose_intervention(
            ["Modeling", "Prompting"], "Modeled asking the shift lead for the next task."
        ),
        objective_ids=objectives,
        response="Asked for the next task twice without a prompt; needed one prompt to "
        "finish the stocking checklist.",
        plan="Fade prompts on the checklist; practise asking for help at the start of shift.",
    )
    return session.id


def main() -> int:
    out = Path(sys.argv[1])
    language = sys.argv[2] if len(sys.argv) > 2 else None
    with tempfile.TemporaryDirectory() as tmp:
        # A fresh profile: no window geometry or tab remembered from another run.
        os.environ["XDG_CONFIG_HOME"] = tmp
        app = QApplication(sys.argv[:1])
        app.setApplicationName("SessionLog")
        if language:
            choose_language(language)
        install_translators(app)  # as the app does: English needs its plural forms too
        db_path = Path(tmp) / "demo.sqlite3"
        db = open_database(db_path)
        store = Store(db, actor="screenshots")
        load_demo(store, today=DEMO_TODAY)
        session_id = typical_note(store, STAFF)
        window = MainWindow(store, db_path, clock=StillClock())
        window.set_current_staff(STAFF)
        # What a window manager does on "maximise" (Xvfb has none).
        window.setGeometry(window.screen().availableGeometry())
        window.show()
        window.show_view(window.today)
        settle()
        window.today.select_client("client-marcus", "H2023")
        window.today.focus_session(session_id)
        settle()
        form = window.today.note
        viewport = form.note_scroll.viewport()
        available = window.screen().availableGeometry()
        print(
            f"window {window.frameGeometry().width()}x{window.frameGeometry().height()}",
            f"minimum {window.minimumSizeHint().width()}x{window.minimumSizeHint().height()}",
            f"available {available.width()}x{available.height()}",
        )
        for name in ("place", "intervention", "response", "plan"):
            field = getattr(form, name)
            top = field.mapTo(viewport, field.rect().topLeft()).y()
            bottom = top + field.height()
            print(f"{name}: {top}..{bottom} of {viewport.height()}")
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out)):
            raise SystemExit(f"could not write {out}")
        print(f"wrote {out}")
        if language:
            for view, suffix in ((window.end_of_day, "end-of-day"), (window.history, "history")):
                window.show_view(view)
                settle()
                extra = out.with_name(f"{out.stem}-{suffix}{out.suffix}")
                window.grab().save(str(extra))
                print(f"wrote {extra}")
        window.close()
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
