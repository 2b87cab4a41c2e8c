"""Follow-up work that waits until the window has painted what a click changed (issue 12).

A click that shows another note also sets off work nobody is looking at yet: a units
recount in the pool, a read-ahead of the next note, the other views' refresh. Started at
once, a worker thread computing in Python holds the GIL while the GUI thread lays out and
paints the new note, and each return of the paint into Python waits for it: the window
froze for two or three times the GUI's own work. Started after the paint, the coach sees
the note first and the window stays responsive while the rest is worked out.

How: a widget's repaint is a posted event (UpdateRequest) that Qt delivers, with the
layout requests, before it runs the timers of the same turn of the event loop; a timer
of zero milliseconds started by the click therefore fires once that paint is done
(tests/ui/test_note_form.py checks the order). ``QTimer.singleShot(0, ...)`` would not do:
it is itself a posted event, delivered before the low-priority repaint.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def records_closed(records: object) -> bool:
    """Whether the database under ``records`` was closed meanwhile (the window quit, a
    restore reopened it, a test ended): a follow-up then reads nothing."""
    return bool(getattr(getattr(records, "db", None), "closed", False))


class AfterPaint(QObject):
    """Runs ``callback`` once, on the GUI thread, after the paint that the changes made
    so far cause. Starting it again before it ran runs the callback once. A child of
    ``owner``: it never runs once the owner is gone."""

    def __init__(self, owner: QObject, callback: Callable[[], None]) -> None:
        super().__init__(owner)
        self._callback = callback
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run)

    def start(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def is_active(self) -> bool:
        return self._timer.isActive()

    def cancel(self) -> None:
        self._timer.stop()

    def _run(self) -> None:
        self._callback()
