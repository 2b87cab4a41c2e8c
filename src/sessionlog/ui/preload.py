"""The modules of what a coach opens during the day, imported while the coach is still.

The start imports only what the first window shows (issue 12); every dialog and view
imports its modules when first opened. On the GUI thread that import is the click's
wait: at 300,000 sessions the first Sign dialog of the day waited 25 ms for its modules,
End of day 17 ms, the packet dialog 42 ms, the claims dialog 11 ms, Setup ~15 ms more.
So a second after the start, once the coach has been still for
:data:`~sessionlog.ui.warm_up.QUIET_MS`, they are imported here a few modules at a time,
with a pause between steps and a new wait for stillness after any input: a key pressed
meanwhile waits for one step at most (a few ms; the longest, the authorizations page's
module or the packet contract's 14 dataclasses, 13-23 ms).

On the GUI thread, not a worker: an import runs the module's code, and these define Qt
classes; two threads importing the same modules in different orders can also meet a
partly initialised module. In idle time the GUI thread has nothing else to do.

The steps import in the order Python finishes loading them (each module's own imports
before it), so each step has little left to load: what a dialog imports and no step
names is loaded with the dialog's step, and a step whose module was moved or removed is
only logged. The steps name their modules in ``import`` statements, not strings, so the
layers' checks (import-linter, the architecture drawing) read them: the UI imports
services, never the store.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer

from sessionlog.ui.warm_up import QUIET_MS, CoachActivity

log = logging.getLogger("sessionlog.ui.preload")

# After the start's follow-ups (the first paint, Today's units), and done before the
# draw warm-up's first pass (ui.warm_up, 5 s): a step importing beside the warm-up's
# worker waits for the interpreter at each switch (measured: 10 ms of CPU took 60-77 ms).
PRELOAD_DELAY_MS = 1000
# Between two steps: events that came meanwhile (a repaint, a timer) go first.
STEP_GAP_MS = 15


# Writing a note: a quick text typed, a note copied from the last one.
def _note_rules() -> None:
    import sessionlog.core.caseload
    import sessionlog.core.cloning
    import sessionlog.core.identifiers
    import sessionlog.core.templates  # noqa: F401


# Sign (Ctrl+Enter on Today, End of day's "Sign and next"): its seal's hash too.
def _sign_rules() -> None:
    import hashlib  # noqa: F401

    import sessionlog.core.authorizations
    import sessionlog.services.calendar
    import sessionlog.services.notes  # noqa: F401


def _caseload_services() -> None:
    import sessionlog.core.csvcells
    import sessionlog.core.interchange
    import sessionlog.core.roster  # noqa: F401


def _sign_dialog() -> None:
    import sessionlog.services.caseload
    import sessionlog.services.templates
    import sessionlog.ui.dialogs.sign  # noqa: F401


# End of day and History, their note windows.
def _queue_models() -> None:
    import sessionlog.ui.models.base
    import sessionlog.ui.models.queue_model
    import sessionlog.ui.models.rows  # noqa: F401


def _end_of_day() -> None:
    import sessionlog.ui.views.end_of_day
    import sessionlog.ui.views.note_viewer  # noqa: F401


def _note_window() -> None:
    import sessionlog.ui.dialogs.addendum
    import sessionlog.ui.dialogs.note_dialog
    import sessionlog.ui.dialogs.note_frame  # noqa: F401


def _history() -> None:
    import sessionlog.ui.models.sessions_model
    import sessionlog.ui.views.history  # noqa: F401


# The Session menu's dialogs.
def _session_menu() -> None:
    import sessionlog.ui.dialogs.change_client
    import sessionlog.ui.dialogs.correct_times
    import sessionlog.ui.dialogs.draft_correction
    import sessionlog.ui.dialogs.group_start
    import sessionlog.ui.dialogs.manual_entry
    import sessionlog.ui.dialogs.void_draft  # noqa: F401


# The packet and claims dialogs (the PDF layout itself stays with their workers).
def _packet_contract() -> None:
    import sessionlog.export.packet.contract  # noqa: F401


def _packet_texts() -> None:
    import sessionlog.export.packet
    import sessionlog.export.packet.language
    import sessionlog.export.wording  # noqa: F401


def _files() -> None:
    import sessionlog.export.files
    import sessionlog.paths
    import sessionlog.pending  # noqa: F401


def _packet_dialog() -> None:
    import sessionlog.services.integrity
    import sessionlog.services.packet
    import sessionlog.ui.dialogs.packet_dialog  # noqa: F401


def _claims() -> None:
    import sessionlog.core.claims
    import sessionlog.export.units_report
    import sessionlog.export.x837  # noqa: F401


def _claims_dialog() -> None:
    import sessionlog.services.claims
    import sessionlog.ui.dialogs.claims_dialog  # noqa: F401


# Setup.
def _setup_window() -> None:
    import sessionlog.ui.setup.common
    import sessionlog.ui.setup.record_list
    import sessionlog.ui.setup.window  # noqa: F401


def _setup_clients() -> None:
    import sessionlog.ui.setup.clients
    import sessionlog.ui.setup.plans  # noqa: F401


def _setup_authorizations() -> None:
    import sessionlog.ui.setup.authorizations  # noqa: F401


def _setup_payers() -> None:
    import sessionlog.ui.setup.payers
    import sessionlog.ui.setup.staff  # noqa: F401


def _setup_agency() -> None:
    import sessionlog.services.agency
    import sessionlog.ui.setup.agency
    import sessionlog.ui.setup.templates  # noqa: F401


# Security, backups, the record check.
def _security() -> None:
    import sessionlog.services.backups
    import sessionlog.ui.dialogs.security  # noqa: F401


def _backups() -> None:
    import sessionlog.ui.dialogs.backups
    import sessionlog.ui.dialogs.record_check  # noqa: F401


# In the order Python finishes loading them (each one's own imports before it), a few
# ms each; named in ``import`` statements, not strings, so the layers' checks read them.
PRELOAD_STEPS: tuple[Callable[[], None], ...] = (
    _note_rules,
    _sign_rules,
    _caseload_services,
    _sign_dialog,
    _queue_models,
    _end_of_day,
    _note_window,
    _history,
    _session_menu,
    _packet_contract,
    _packet_texts,
    _files,
    _packet_dialog,
    _claims,
    _claims_dialog,
    _setup_window,
    _setup_clients,
    _setup_authorizations,
    _setup_payers,
    _setup_agency,
    _security,
    _backups,
)


class ModulePreload(QObject):
    """Runs :data:`PRELOAD_STEPS` (or ``steps``) in the GUI thread's idle time."""

    def __init__(
        self, parent: QObject | None = None, steps: Sequence[Callable[[], object]] = ()
    ) -> None:
        super().__init__(parent)
        self._pending = list(steps or PRELOAD_STEPS)
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
        step = self._pending.pop(0)
        try:
            step()
        except Exception:  # a module renamed or gone: its dialog imports what it needs
            log.warning(
                "preload: %s did not import", getattr(step, "__name__", step), exc_info=True
            )
        if self._pending:
            self._timer.start(STEP_GAP_MS)
        else:
            self.activity.watch(False)
