"""Workers must not starve the GUI thread (issue 12): the app-wide policy.

Python runs one thread at a time (the GIL). A worker computing in Python (billing, a
write's audit chain) while the GUI thread handles a click makes the GUI thread wait at
every step back into Python: each slot, each paint or layout hook written in Python, each
``data()`` a table's paint asks for waits until the worker gives the GIL back, which it
does only every *switch interval* (5 ms). So reads a click *sets off* (Today's units
recount and units left, the note's unit preview) go through :func:`read_after_idle`: they
start only once the window has handled the click and painted its result
(:data:`FOLLOW_UP_DELAY_MS` after the last request, at most :data:`FOLLOW_UP_MAX_WAIT_MS`
after the first), a newer request with the same key replaces one not started yet, and they
run one at a time, so the click's write (the writer thread) and its repaint never share the
interpreter with them.

A lower switch interval (``sys.setswitchinterval``) was measured as well and is not set:
once follow-ups wait for the idle window, 1 ms instead of 5 ms changed no GUI-blocked
median beyond the run-to-run spread (docs/benchmarks.md, clicks3).

The click's own write is never deferred (``ui/pending_writes.py``): only what it sets off.
A database with no file (in memory) has no second connection: the read runs at once, here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from sessionlog.services.records import Reader
from sessionlog.ui.tasks import read_in_background

T = TypeVar("T")

# The coach's own input: what the idle lock counts as presence and the background warm-up
# as the coach working (ui/warm_up.py).
USER_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class InputWatch(QObject):
    """Calls :meth:`saw_input` at each of the coach's :data:`USER_INPUT` events, while
    watching. The application's event filter sees every event of the app (each paint,
    timer and layout request) in Python, so it is installed only while a watch needs it:
    otherwise a click's repaint runs without a Python call per widget, which also spares
    the GUI thread a wait for the GIL at each one while a worker runs."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watching = False

    @property
    def watching(self) -> bool:
        return self._watching

    def watch(self, on: bool) -> None:
        app = QCoreApplication.instance()
        if app is None or on == self._watching:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = on

    def saw_input(self) -> None:
        """What one of the coach's inputs does: each kind of watch says it (the idle
        lock's ``IdleWatch``, the warm-up's ``CoachActivity``)."""
        raise NotImplementedError(f"{type(self).__name__} says what an input does")

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() in USER_INPUT:
            self.saw_input()
        return False


# A follow-up read starts this long after the last request: the click's acknowledgement,
# the note it opens and their paint run first, with no worker computing beside them.
FOLLOW_UP_DELAY_MS = 30
# ...and never later than this after the first request (a steady stream of requests).
FOLLOW_UP_MAX_WAIT_MS = 250
# A follow-up that has not ended after this long (its owner went away with its result)
# no longer holds the lane up.
FOLLOW_UP_GIVE_UP_S = 10.0


class FollowUpLane(QObject):
    """Follow-up work, started after the GUI is idle, newest per key, one at a time."""

    def __init__(
        self,
        parent: QObject | None = None,
        delay_ms: int = FOLLOW_UP_DELAY_MS,
        max_wait_ms: int = FOLLOW_UP_MAX_WAIT_MS,
    ) -> None:
        super().__init__(parent)
        self.delay_ms = delay_ms
        self.max_wait_ms = max_wait_ms
        # Not started yet, by key, in the order first asked; a job is started with the
        # callable it must call once it ended (shown or failed).
        self._queue: dict[object, Callable[[Callable[[], None]], None]] = {}
        self._running = False
        self.holding: object | None = None  # what the running follow-up needs kept alive
        self._started_at = 0.0
        self._first_request: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._start_next)

    @property
    def busy(self) -> bool:
        """A follow-up is queued or running (tests, benchmarks)."""
        return self._running or bool(self._queue)

    def start_after_first_paint(self, window: QWidget) -> None:
        """At the app's start: a follow-up asked for while ``window`` was being built
        (Today's units) starts as soon as its first paint is over, not
        :attr:`delay_ms` after it was asked for. The delay is there for the paint to go
        first; at start it ran out some 10-15 ms after the paint, with the window idle
        meanwhile and the figures not yet asked for (issue 12)."""
        _FirstPaint(window, self)

    def _window_painted(self) -> None:
        if self._timer.isActive() and not self._running:
            # A zero timer fires after the paint under way: Qt runs it after the events
            # being delivered (ui/after_paint.py).
            self._timer.start(0)

    def request(self, key: object, start: Callable[[Callable[[], None]], None]) -> None:
        """Queue ``start(ended)``, replacing a queued one with the same key (its result
        would be stale); ``start`` must make sure ``ended()`` is called exactly once."""
        self._queue[key] = start
        now = time.monotonic()
        if self._running and now - self._started_at < FOLLOW_UP_GIVE_UP_S:
            return  # started when the running one ends
        self._running = False
        if self._first_request is None:
            self._first_request = now
        waited_ms = (now - self._first_request) * 1000
        # Each request pushes the start back (a burst is one quiet moment later), up to
        # the longest wait from the first.
        self._timer.start(max(0, min(self.delay_ms, int(self.max_wait_ms - waited_ms))))

    def _start_next(self) -> None:
        if self._running or not self._queue:
            return
        self._first_request = None
        key = next(iter(self._queue))
        start = self._queue.pop(key)
        self._running = True
        self._started_at = started_at = time.monotonic()
        ended = False

        def end() -> None:
            nonlocal ended
            if ended or not shiboken6.isValid(self):
                return
            ended = True
            if self._started_at != started_at:
                return  # given up on: the lane went on without it
            self._running = False
            self.holding = None
            if self._queue:
                # The result just shown is painted first; the next starts after it.
                self._first_request = time.monotonic()
                self._timer.start(self.delay_ms)

        try:
            start(end)
        except Exception:
            end()
            raise


class _FirstPaint(QObject):
    """Tells the lane of the window's first paint, then stops watching the window."""

    def __init__(self, window: QWidget, lane: FollowUpLane) -> None:
        super().__init__(window)
        self._window = window
        self._lane = lane
        window.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            if shiboken6.isValid(self._lane):
                self._lane._window_painted()
            self.deleteLater()
        return False


_lane: FollowUpLane | None = None


def follow_up_lane() -> FollowUpLane:
    """The application's lane (made on first use, a child of the QApplication)."""
    global _lane
    if _lane is None or not shiboken6.isValid(_lane):
        _lane = FollowUpLane(QCoreApplication.instance())
    return _lane


def read_after_idle(
    owner: QObject,
    records: Reader,
    key: object,
    work: Callable[[Reader], T],
    shown: Callable[[T | None], None],
) -> None:
    """As :func:`sessionlog.ui.tasks.read_in_background` (``work(records)`` on a
    connection of its own in the pool, then ``shown(result)`` here, ``None`` when it
    failed), started through the app's :class:`FollowUpLane`: once the window is idle,
    one at a time; a request with the same ``key`` not started yet is dropped for this
    one. Nothing runs or is shown once ``owner`` is gone."""
    if records.path is None:
        shown(work(records))
        return

    def start(ended: Callable[[], None]) -> None:
        if not shiboken6.isValid(owner):
            ended()
            return

        def finish(result: T | None) -> None:
            try:
                shown(result)
            finally:
                ended()

        # Kept by the lane until the read ends: the call telling it so must not go with
        # an owner deleted meanwhile.
        lane.holding = read_in_background(owner, records, work, finish, on_dropped=ended)

    lane = follow_up_lane()
    lane.request(key, start)
