"""The modules of what a coach opens during the day, imported while the coach is still.

The start imports only what the first window shows (issue 12); every dialog and view
imports its modules when first opened. On the GUI thread that import is the click's
wait: at 300,000 sessions the first Sign dialog of the day waited 25 ms for its modules,
End of day 17 ms, the packet dialog 42 ms, the claims dialog 11 ms, Setup ~15 ms more.
So a second after the start, once the coach has been still for
:data:`~sessionlog.ui.warm_up.QUIET_MS`, they are imported here, one module per step,
with a pause between steps and a new wait for stillness after any input: a key pressed
meanwhile waits for one step at most (a few ms).

On the GUI thread, not a worker: an import runs the module's code, and these define Qt
classes; two threads importing the same modules in different orders can also meet a
partly initialised module. In idle time the GUI thread has nothing else to do.

The list is in the order Python finishes loading them (each one's own imports before
it), so each step has little left to load: what a dialog imports and this list lacks
is loaded with the dialog's step, and a module moved or removed is only logged.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer

from sessionlog.ui.warm_up import QUIET_MS, CoachActivity

log = logging.getLogger("sessionlog.ui.preload")

# After the start's follow-ups (the first paint, Today's units), and done before the
# draw warm-up's first pass (ui.warm_up, 5 s): a step importing beside the warm-up's
# worker waits for the interpreter at each switch (measured: 10 ms of CPU took 60-77 ms).
PRELOAD_DELAY_MS = 1000
# Between two steps: events that came meanwhile (a repaint, a timer) go first.
STEP_GAP_MS = 15

PRELOADED_MODULES: tuple[str, ...] = (
    # Writing a note: a quick text typed, a note copied from the last one.
    "sessionlog.core.identifiers",
    "sessionlog.core.caseload",
    "sessionlog.core.cloning",
    "sessionlog.core.templates",
    # Sign (Ctrl+Enter on Today, End of day's "Sign and next"): its seal's hash too.
    "hashlib",
    "sessionlog.services.calendar",
    "sessionlog.services.notes",
    "sessionlog.core.authorizations",
    "sessionlog.core.csvcells",
    "sessionlog.core.interchange",
    "sessionlog.core.roster",
    "sessionlog.services.caseload",
    "sessionlog.services.templates",
    "sessionlog.ui.dialogs.sign",
    # End of day and History, their note windows.
    "sessionlog.ui.models.rows",
    "sessionlog.ui.models.base",
    "sessionlog.ui.models.queue_model",
    "sessionlog.ui.views.note_viewer",
    "sessionlog.ui.views.end_of_day",
    "sessionlog.ui.dialogs.note_frame",
    "sessionlog.ui.dialogs.addendum",
    "sessionlog.ui.dialogs.note_dialog",
    "sessionlog.ui.models.sessions_model",
    "sessionlog.ui.views.history",
    # The Session menu's dialogs.
    "sessionlog.ui.dialogs.manual_entry",
    "sessionlog.ui.dialogs.group_start",
    "sessionlog.ui.dialogs.draft_correction",
    "sessionlog.ui.dialogs.correct_times",
    "sessionlog.ui.dialogs.void_draft",
    "sessionlog.ui.dialogs.change_client",
    # The packet and claims dialogs (the PDF layout itself stays with their workers).
    "sessionlog.export.packet.contract",
    "sessionlog.export.packet",
    "sessionlog.export.packet.language",
    "sessionlog.export.wording",
    "sessionlog.paths",
    "sessionlog.pending",
    "sessionlog.export.files",
    "sessionlog.services.integrity",
    "sessionlog.services.packet",
    "sessionlog.ui.dialogs.packet_dialog",
    "sessionlog.core.claims",
    "sessionlog.export.units_report",
    "sessionlog.export.x837",
    "sessionlog.services.claims",
    "sessionlog.ui.dialogs.claims_dialog",
    # Setup.
    "sessionlog.ui.setup.window",
    "sessionlog.ui.setup.common",
    "sessionlog.ui.setup.record_list",
    "sessionlog.ui.setup.clients",
    "sessionlog.ui.setup.plans",
    "sessionlog.ui.setup.authorizations",
    "sessionlog.ui.setup.payers",
    "sessionlog.ui.setup.staff",
    "sessionlog.services.agency",
    "sessionlog.ui.setup.agency",
    "sessionlog.ui.setup.templates",
    # Security, backups, the record check.
    "sessionlog.ui.dialogs.security",
    "sessionlog.store.backup",
    "sessionlog.services.backups",
    "sessionlog.ui.dialogs.backups",
    "sessionlog.ui.dialogs.record_check",
)


class ModulePreload(QObject):
    """Imports :data:`PRELOADED_MODULES` (or ``modules``) in the GUI thread's idle time."""

    def __init__(self, parent: QObject | None = None, modules: Sequence[str] = ()) -> None:
        super().__init__(parent)
        self._pending = list(modules or PRELOADED_MODULES)
        self.activity = CoachActivity(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step)

    @property
    def done(self) -> bool:
        return not self._pending

    def schedule(self, delay_ms: int = PRELOAD_DELAY_MS) -> None:
        if self._pending:
            self._timer.start(delay_ms)

    def stop(self) -> None:
        """The window closes: nothing more is imported."""
        self._pending.clear()
        self._timer.stop()
        self.activity.watch(False)

    def _step(self) -> None:
        if not self._pending:
            return
        if not self.activity.watching:
            # Input is watched only while modules are left: the app-wide filter sees
            # every event in Python. Stillness is counted from now.
            self.activity.watch(True)
            self.activity.saw_input()
        still_ms = (time.monotonic() - self.activity.last) * 1000
        if still_ms < QUIET_MS:
            self._timer.start(max(1, int(QUIET_MS - still_ms) + 1))
            return
        name = self._pending.pop(0)
        try:
            importlib.import_module(name)
        except Exception:  # a module renamed or gone: its dialog imports what it needs
            log.warning("preload: %s did not import", name, exc_info=True)
        if self._pending:
            self._timer.start(STEP_GAP_MS)
        else:
            self.activity.watch(False)
