"""Kept authorization draws computed in the background before History asks (issue 12).

History's units column reads the kept draw-down (``billing_draws``, m011). After an
upgrade, for every client after a payer or staff edit, and for one client after a plan
or authorization edit, they are missing, and the first page that names a client computes
its runs of authorizations from history: ~1.6 s of CPU at 300,000 sessions, with the
column empty meanwhile. So once the window is up and idle, and after a change that makes
the triggers forget draws, a low-priority pool job computes what is missing, client by
client (:func:`sessionlog.services.billing.warm_client_draws`: one short transaction each,
refused when a write moved the generation since it began reading).

It keeps out of everyone's way: a job works for about :data:`SLICE_MS` and then gives its
pool thread back, the next slice queued behind everything else (pool priority) after
:data:`PAUSE_MS`; its connection waits for another writer's lock only
:data:`BUSY_TIMEOUT_MS` (a client not kept then is listed again by the next pass); quitting
abandons it at the next client (``abandon_at_quit``: each client's keep is one
transaction). A read-only database is never warmed (the window does not start it).

It gives way to the coach. Python runs one thread at a time, so a worker computing beside
a click makes the GUI thread wait for the interpreter at every step of the click's work
(ui/idle.py): at 300,000 sessions a pass computes for about a minute, and timer clicks
measured during one were blocked 21-42 ms (medians; up to 109 ms) instead of 8-15 ms. So
while a pass is under way the app's input (a key, a click, the pointer moving, the wheel)
and every write the window publishes count as the coach working: the slice computing
then stops before its next part of a run of authorizations (keeping the parts it
computed), and no slice starts until the coach has been still for :data:`QUIET_MS`. A
part already computing when the coach clicks still finishes: a few ms of CPU, where a
whole run (the step before parts, ``services.billing.WARM_PART_DAYS``) took 18 ms at the
median and up to 77 ms at 300,000 sessions.
A shorter switch interval while a slice runs (0.5 ms) was measured and is not set: it
made the GUI's writes during a pass slower (slowest 9 -> 20-29 ms at 30,000 sessions)
and the pass 20 % longer, with no GUI-blocked gain beyond this machine's spread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from sessionlog.core.changes import Changes, Entity
from sessionlog.services.billing import clients_missing_draws, warm_client_draws
from sessionlog.services.records import own_connection
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.idle import InputWatch
from sessionlog.ui.tasks import ProgressFn, run_in_background

log = logging.getLogger("sessionlog.ui.warm_up")

# After the window is up: its first paint, Today's units and the daily backup (3 s) first.
WARM_UP_DELAY_MS = 5000
# After a change that forgot draws: a burst of edits in Setup is one pass, not one each.
AFTER_CHANGE_DELAY_MS = 2000
SLICE_MS = 50  # a job computes clients for about this long, then frees its pool thread
PAUSE_MS = 20  # between slices: the GUI, other jobs and writers go first
# Another writer's lock (the GUI's autosave, an import) is waited for this long at most:
# the warm-up gives way; what it could not keep is listed again by the next pass.
BUSY_TIMEOUT_MS = 50
WARM_UP_PRIORITY = -10  # below every other pool job (they start at 0)
# The coach's input or a write stops the slice computing; the next waits until the coach
# has been still this long (a click's write, its follow-up reads and their paint are over).
QUIET_MS = 750

# The kinds of record whose writes make the triggers forget kept draws (m011): payers,
# staff and the agency every client's; plans, authorizations and clients one client's.
# A session only lowers its client's validity to its date: History recomputes from there.
FORGETTING_KINDS = (
    Entity.PAYER,
    Entity.STAFF,
    Entity.AGENCY,
    Entity.CLIENT,
    Entity.PLAN,
    Entity.AUTHORIZATION,
)

Slice = tuple[list[str], int]  # the clients still to warm, the parts this slice kept


class CoachActivity(InputWatch):
    """When the coach last typed, clicked, moved the pointer or wrote (monotonic seconds),
    read by the warm-up's worker thread; watched only while a pass is under way."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.last = 0.0

    def saw_input(self) -> None:
        self.last = time.monotonic()

    def since(self, instant: float) -> bool:
        """The coach did something at or after ``instant`` (any thread)."""
        return self.last >= instant


def warm_slice(
    db_path: Path,
    todo: list[str] | None,
    progress: ProgressFn,
    give_way: Callable[[], bool] = lambda: False,
) -> Slice:
    """Worker thread: warm clients of ``todo`` (None: list them first) for about
    :data:`SLICE_MS`; returns those left and the parts of runs of authorizations kept.
    ``progress`` is called before each client: at quit it raises, and the slice ends
    between two clients. Once ``give_way()`` says the coach is working, the slice ends
    before its next part, the client it was warming first among those left."""
    with own_connection(db_path, actor="warm-up") as store:
        store.set_busy_timeout(BUSY_TIMEOUT_MS)
        left = clients_missing_draws(store) if todo is None else list(todo)
        total = len(left)
        parts = 0
        started = time.monotonic()
        while left and not give_way():
            progress(total - len(left), total)
            client_id = left.pop(0)
            parts += warm_client_draws(store, client_id, give_way)
            if give_way():
                left.insert(0, client_id)  # maybe only some of its parts were kept
                break
            if (time.monotonic() - started) * 1000 >= SLICE_MS:
                break
            time.sleep(0)  # the GIL to the GUI thread between two clients
        return left, parts


class DrawWarmUp(QObject):
    """Schedules the warm-up passes of one window's database, a slice at a time."""

    # The warm-up ended (a pass kept nothing more): the parts of runs of authorizations
    # it kept.
    finished = Signal(int)

    def __init__(self, db_path: Path, bus: ChangeBus, parent: QObject) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._next_slice)
        # Starts watching the coach's input QUIET_MS before a pass's first slice is due.
        self._watch_timer = QTimer(self)
        self._watch_timer.setSingleShot(True)
        self._watch_timer.timeout.connect(self._watch_input)
        self._todo: list[str] | None = None  # None: the next slice lists them afresh
        self._parts = 0  # kept by this pass's slices so far
        self._passes_parts = 0  # kept by the passes before it, since it was scheduled
        self._job: object | None = None
        self._again = False  # a change came while a slice ran: list afresh after it
        self._stopped = False
        self.activity = CoachActivity(self)
        bus.subscribe(self, FORGETTING_KINDS, self._on_changed)
        # Any write the window publishes is the coach working (a click, an autosave).
        bus.changed.connect(self._on_any_change)

    @property
    def active(self) -> bool:
        """A pass is under way or due."""
        return self._job is not None or self._timer.isActive()

    def schedule(self, delay_ms: int = WARM_UP_DELAY_MS) -> None:
        """A pass over every client missing draws, ``delay_ms`` from now (or once the
        slice running now ends)."""
        if self._stopped:
            return
        if self._job is not None:
            self._again = True
            return
        self._todo = None
        self._parts = 0
        self._passes_parts = 0
        # The first slice asks only whether the coach was still for the last QUIET_MS, so
        # the input is watched from then on, not from now: the app's event filter would
        # otherwise see every event of the first paint in Python, and each object it is
        # handed there makes PySide build its class's Python enums (some 110 at start,
        # for classes the window never uses: issue 12).
        if delay_ms > QUIET_MS:
            self._watch_timer.start(delay_ms - QUIET_MS)
        else:
            self.activity.watch(True)
        self._timer.start(delay_ms)

    def stop(self) -> None:
        """The window closes: no further slice (one running ends on its own)."""
        self._stopped = True
        self._timer.stop()
        self._watch_timer.stop()
        self.activity.watch(False)

    def _watch_input(self) -> None:
        self.activity.watch(True)

    def _on_changed(self, _changes: Changes) -> None:
        self.schedule(AFTER_CHANGE_DELAY_MS)

    def _on_any_change(self, _changes: Changes) -> None:
        if self.active:
            self.activity.saw_input()

    def _next_slice(self) -> None:
        if self._stopped:
            return
        still_ms = (time.monotonic() - self.activity.last) * 1000
        if still_ms < QUIET_MS:
            self._timer.start(max(1, int(QUIET_MS - still_ms) + 1))
            return
        path, todo, activity = self.db_path, self._todo, self.activity
        started = time.monotonic()
        self._job = run_in_background(
            lambda progress: warm_slice(path, todo, progress, lambda: activity.since(started)),
            self._slice_done,
            self._slice_failed,
            abandon_at_quit=True,  # each client's keep is one transaction
            priority=WARM_UP_PRIORITY,
        )

    def _slice_done(self, result: Slice) -> None:
        if not shiboken6.isValid(self):
            return
        self._job = None
        left, parts = result
        self._parts += parts
        if self._again:
            self._again = False
            self.schedule(AFTER_CHANGE_DELAY_MS)
        elif left:
            self._todo = left
            self._timer.start(PAUSE_MS)
        elif self._parts:
            # A client whose keep met another writer's lock (or a write moving the
            # generation) is missing still: list again, until a pass keeps nothing.
            self._todo = None
            self._passes_parts += self._parts
            self._parts = 0
            self._timer.start(PAUSE_MS)
        else:
            self._todo = None
            self.activity.watch(False)
            self.finished.emit(self._passes_parts)
            self._passes_parts = 0

    def _slice_failed(self, exc: Exception) -> None:
        # History computes what is missing all the same: said in the log, by type only.
        log.warning("warm-up of kept draws stopped (%s)", type(exc).__name__)
        if shiboken6.isValid(self):
            self._job = None
            self._todo = None
            self.activity.watch(False)
