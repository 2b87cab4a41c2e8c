"""The timer: large Start / Pause / Stop controls and the elapsed time.

Every command is written to the database when it happens (services.timing).
While a segment runs, the session's "now" is an :class:`~sessionlog.core.timer.Anchor`
moved by the monotonic clock: setting the wall clock never changes a length, and
Pause and Stop always work. Each tick compares the wall clock with the monotonic
clock: a sleep or a clock change of 2 minutes or more is put to the coach (one
question at a time, in order); a smaller change is placed silently, without
changing the length.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core import timer
from sessionlog.core.catalog import service_codes
from sessionlog.core.changes import Changes, Entity, Written
from sessionlog.core.errors import BusyError, NotFoundError, StoreError
from sessionlog.core.models import Session
from sessionlog.core.timer import (
    Anchor,
    Clock,
    ClockGap,
    ClockReading,
    ClockWatch,
    GapKind,
    TimerState,
)
from sessionlog.services import timing
from sessionlog.services.records import TimerPanelRecords, TimingRecords
from sessionlog.ui import theme
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.heartbeat import HeartbeatThread
from sessionlog.ui.pending_writes import PendingWrites
from sessionlog.ui.theme import Tone
from sessionlog.ui.widgets import heading, scaled_font, short_name

T = TypeVar("T")
log = logging.getLogger("sessionlog.ui.timer")

# Twice a second, from a thread of its own (ui/heartbeat.py), so that a busy or starved
# GUI thread loses at most a second of a running session when the app is killed; a
# commit costs about a millisecond (WAL, FULL). The GUI thread beats on this interval
# only for a database with no file (in memory: no second connection).
HEARTBEAT_MS = 500
TICK_MS = 1_000
# A disagreement between the clocks smaller than this is jitter, not worth a write.
PLACEMENT_JITTER = timedelta(seconds=1)
# The writer thread's key for the timer's commands (one in flight at a time).
TIMER_WRITE_KEY = "timer"


@dataclass(frozen=True)
class _Command:
    """A Start, Pause, Resume or Stop clicked and not yet acknowledged by the database."""

    feedback: str  # what the panel says meanwhile ("Starting…")
    failure: str  # the first line of the message when the database refuses it
    written: Callable[[Any], None]  # on the GUI thread, with the service's Written
    refused: Callable[[], None]  # on the GUI thread, before the message: back to the truth


def _as_list(value: Session | list[Session]) -> list[Session]:
    return value if isinstance(value, list) else [value]


class TimerPanel(QWidget):
    # The sessions the timer drives changed (started, stopped, attendee removed...).
    sessions_changed = Signal(list)
    # The coach picked one attendee of a group (or the single session) to write about.
    session_focused = Signal(str)
    # Text for the window title ("" when no timer is active).
    title_changed = Signal(str)
    gap_prompted = Signal(object)  # the ClockGap being asked about
    # Timing ended (Stop, an untimed entry): the coach goes on to write this note.
    writing_wanted = Signal(str)
    # A command's write was acknowledged by the database, or refused (``busy`` is False).
    command_settled = Signal()

    def __init__(
        self, store: TimerPanelRecords, bus: ChangeBus, clock: Clock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store: TimerPanelRecords = store
        self.bus = bus
        self.clock = clock
        self.staff_id: str | None = None
        # Set by the window (``use_pending_writes``): the writer thread that makes Start,
        # Pause, Resume and Stop's writes, so the GUI thread never waits for the disk.
        self.pending: PendingWrites | None = None
        self._command: _Command | None = None
        # Names of the clients being timed, by client id: read again after a client change.
        self._client_names: dict[str, str] = {}
        bus.subscribe(self, {Entity.CLIENT}, lambda _changes: self._client_names.clear())
        self.ready_client_id: str | None = None
        self.ready_code: str | None = None
        self.session_ids: list[str] = []
        self.sessions: list[Session] = []
        self.paused = False
        self.watch = ClockWatch()
        self.gap_dialog: QDialog | None = None
        self.pending_gaps: list[ClockGap] = []
        # The running segment's timeline (None unless running), and how far the session's
        # instants are from the wall clock when the coach said the old clock was right.
        self._anchor: Anchor | None = None
        self.offset = timedelta(0)
        # The heartbeat thread, made at the first start (needs the database file).
        self._beats: HeartbeatThread | None = None
        # What the last Stop recorded, shown until the next start.
        self.recorded: timedelta | None = None
        self.confirm_box: QMessageBox | None = None  # the "count the whole gap?" question

        self._build_actions()
        self._build_ui()

        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        self._heartbeat.timeout.connect(self.beat)
        # A start's acknowledgement opens the new note in an event-loop turn of its own
        # (the panel and Today first, then the note form: two short blocks instead of one
        # long one); the command counts as settled only once the note is open. A timer of
        # the panel's own: QTimer.singleShot with a callable, called often, trips a
        # reference-count bug in some PySide6 versions.
        self._acknowledging = False
        self._focus_pending: str | None = None
        # The sessions a start just wrote, by id, while their note is being opened: the
        # note form takes them as they are instead of reading them back (only then: the
        # panel's copies follow the timing, not the note's text).
        self.started_sessions: dict[str, Session] = {}
        self._focus_later = QTimer(self)
        self._focus_later.setSingleShot(True)
        self._focus_later.setInterval(0)
        self._focus_later.timeout.connect(self._focus_started)
        self._refresh()

    # ---- the heartbeat -------------------------------------------------------

    @property
    def anchor(self) -> Anchor | None:
        return self._anchor

    @anchor.setter
    def anchor(self, value: Anchor | None) -> None:
        self._anchor = value
        self._sync_beats()

    def _sync_beats(self) -> None:
        """The heartbeat thread beats while a segment runs, from the current anchor; it
        stops when the timer pauses or stops (its write then changes nothing anyway)."""
        anchor, ids = self._anchor, tuple(self.session_ids)
        # A Pause or Stop clicked stops the beats at once, before its write lands.
        running = (
            anchor is not None
            and bool(ids)
            and self.state is TimerState.RUNNING
            and self._command is None
        )
        if not running:
            if self._beats is not None:
                self._beats.stop()
            self._heartbeat.stop()
            return
        assert anchor is not None
        if self._beats is None:
            path = self.store.path
            if path is None:  # in memory: no second connection, the GUI thread beats
                self._heartbeat.start()
                return
            self._beats = HeartbeatThread(path)
        clock = self.clock
        self._beats.follow(ids, lambda: anchor.placed(clock.read()))

    def _without_beats(self, write: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A write to the running sessions, with no heartbeat written meanwhile (the
        heartbeat thread's connection would hold the write lock for a moment)."""
        if self._beats is None:
            return write(*args, **kwargs)
        with self._beats.quiet():
            return write(*args, **kwargs)

    @property
    def heartbeat_thread(self) -> HeartbeatThread | None:
        return self._beats

    # ---- construction -------------------------------------------------------

    def _action(self, text: str, shortcut: str, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.start_action = self._action(self.tr("&Start timer"), "Ctrl+Shift+S", self.start)
        self.pause_action = self._action(
            self.tr("&Pause / resume"), "Ctrl+Shift+P", self.toggle_pause
        )
        self.stop_action = self._action(self.tr("S&top timer"), "Ctrl+Shift+X", self.stop)
        self.group_action = self._action(self.tr("Start &group…"), "Ctrl+Shift+G", self.start_group)
        self.manual_action = self._action(
            self.tr("Enter &untimed session…"), "Ctrl+Shift+M", self.enter_manual
        )

    def actions_for_menu(self) -> list[QAction]:
        return [
            self.start_action,
            self.pause_action,
            self.stop_action,
            self.group_action,
            self.manual_action,
        ]

    def _big_button(self, text: str, action: QAction) -> QPushButton:
        button = QPushButton(text)
        button.setFont(scaled_font(button.font(), 1.35, bold=True))
        button.setMinimumHeight(button.fontMetrics().height() * 2 + 8)
        # Equal shares of the row whatever they say ("Pausing…", "▶  Resume"): a width
        # that followed the text moved the row at every click and repainted the panel.
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        button.setToolTip(f"{action.text().replace('&', '')} ({action.shortcut().toString()})")
        button.clicked.connect(action.trigger)
        return button

    def _build_ui(self) -> None:
        self.title = heading(self.tr("Timer"))
        self.subject = QLabel()
        self.subject.setWordWrap(True)
        self.elapsed_label = QLabel("00:00:00")
        self.elapsed_label.setObjectName("elapsed")
        self.elapsed_label.setFont(scaled_font(self.font(), 2.6, bold=True))
        self.elapsed_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.elapsed_label.setAccessibleName(self.tr("Elapsed time"))
        self.state_label = QLabel()
        self._state_tone: Tone | None = None

        self.start_button = self._big_button(self.tr("▶  Start"), self.start_action)
        self.pause_button = self._big_button(self.tr("❚❚  Pause"), self.pause_action)
        self.stop_button = self._big_button(self.tr("■  Stop"), self.stop_action)
        self.group_button = QPushButton(self.tr("Start &group…"))
        self.group_button.clicked.connect(self.group_action.trigger)
        # No mnemonic (M is "Use template"): Ctrl+Shift+M, in the Session menu too.
        self.manual_button = QPushButton(self.tr("Enter untimed session…"))
        self.manual_button.setToolTip(self.tr("Enter untimed session (Ctrl+Shift+M)"))
        self.manual_button.clicked.connect(self.manual_action.trigger)

        self.attendees = QListWidget()
        self.attendees.setAccessibleName(self.tr("Group attendees"))
        self.attendees.currentItemChanged.connect(self._on_attendee)
        self.remove_button = QPushButton(self.tr("Mark a&bsent (remove)"))
        self.remove_button.clicked.connect(self.remove_selected_attendee)
        self.left_button = QPushButton(self.tr("Left early (stop for them)"))
        self.left_button.clicked.connect(self.stop_selected_attendee)
        self.late_button = QPushButton(self.tr("Add late arrival…"))
        self.late_button.clicked.connect(self.ask_late_arrival)
        self.attendee_box = QWidget()
        box = QVBoxLayout(self.attendee_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(self.tr("Attendees — pick one to write their part of the note:")))
        row = QHBoxLayout()
        row.addWidget(self.attendees, 1)
        buttons = QVBoxLayout()
        for button in (self.remove_button, self.left_button, self.late_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        box.addLayout(row)

        top = QHBoxLayout()
        top.addWidget(self.elapsed_label, 1)
        top.addWidget(self.state_label)
        controls = QHBoxLayout()
        for button in (self.start_button, self.pause_button, self.stop_button):
            controls.addWidget(button)
        extras = QHBoxLayout()
        extras.addWidget(self.group_button)
        extras.addWidget(self.manual_button)
        extras.addStretch(1)

        self._fix_changing_widths()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.subject)
        layout.addLayout(top)
        layout.addLayout(controls)
        layout.addLayout(extras)
        layout.addWidget(self.attendee_box)

    def _fix_changing_widths(self) -> None:
        """The state label and the big buttons change their words at every command: each
        gets the room of its longest words once, so a click repaints only what it changed
        (a label or button that grew or shrank laid the window out again and repainted it
        whole)."""
        states = [
            self.tr("● Running"),
            self.tr("❚❚ Paused"),
            self.tr("Starting…"),
            self.tr("Pausing…"),
            self.tr("Resuming…"),
            self.tr("Stopping…"),
        ]
        bold = scaled_font(self.state_label.font(), 1.0, bold=True)
        metrics = QFontMetrics(bold)
        width = max(metrics.horizontalAdvance(text) for text in states) + 8
        self.state_label.setFixedSize(width, metrics.height() + 4)
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        words = {
            self.start_button: [self.tr("▶  Start"), self.tr("Starting…")],
            self.pause_button: [self.tr("❚❚  Pause"), self.tr("▶  Resume")],
            self.stop_button: [self.tr("■  Stop")],
        }
        for button, texts in words.items():
            metrics = button.fontMetrics()
            widest = max(metrics.horizontalAdvance(text) for text in texts)
            button.setMinimumWidth(widest + 24)

    def _show_state(self, text: str, tone: Tone, bold: bool = False) -> None:
        self.state_label.setText(text)
        if self._state_tone is not tone:  # a style sheet set again restyles the label
            self._state_tone = tone
            self.state_label.setStyleSheet(theme.css(tone, bold=bold))

    # ---- inputs from the Today view --------------------------------------------

    def set_staff(self, staff_id: str | None) -> None:
        self.staff_id = staff_id
        self._refresh()

    def set_ready(self, client_id: str | None, code: str | None) -> None:
        """The client and code Start will time."""
        self.ready_client_id = client_id
        self.ready_code = code
        self._refresh()

    @property
    def state(self) -> TimerState:
        if not self.sessions:
            return TimerState.IDLE
        return timer.state_of(self.sessions[0].segments, stopped=False)

    @property
    def active(self) -> bool:
        return bool(self.session_ids)

    # ---- commands -------------------------------------------------------------

    def _fail(self, what: str, exc: Exception | str) -> None:
        reason = type(exc).__name__ if isinstance(exc, Exception) else "refused"
        log.warning("timer command failed: %s", reason)
        QMessageBox.warning(self, self.tr("SessionLog"), f"{what}\n\n{exc}")

    def _need_staff(self) -> bool:
        if self.staff_id is None:
            QMessageBox.information(
                self,
                self.tr("SessionLog"),
                self.tr(
                    "Choose who is using this laptop first (Setup ▸ Who is using this laptop)."
                ),
            )
            return True
        return False

    def start(self) -> None:
        if self.active or self.busy or self._need_staff():
            return
        if self.ready_client_id is None or self.ready_code is None:
            QMessageBox.information(
                self,
                self.tr("SessionLog"),
                self.tr("Pick a client and a service in the caseload first."),
            )
            return
        assert self.staff_id is not None
        # The session starts at the click's instant; its clock runs from the click's
        # monotonic reading, however long the write takes to land.
        click = self.clock.read()
        reading = self._placed(click)
        client_id, staff_id, code = self.ready_client_id, self.staff_id, self.ready_code

        def write(store: TimingRecords) -> Written[Session]:
            return timing.start_session(
                store, client_id=client_id, staff_id=staff_id, code=code, reading=reading
            )

        self._start_with(write, self.tr("The timer could not start."), lambda s: [s.id], click)

    def start_group(self) -> None:
        if self.active or self._need_staff():
            return
        from sessionlog.ui.dialogs.group_start import GroupStartDialog

        dialog = GroupStartDialog(
            self.store, self.clock.read().wall, self.ready_client_id, self.ready_code, self
        )
        if dialog.exec() != GroupStartDialog.DialogCode.Accepted:
            return
        self.start_group_with(dialog.selected_client_ids(), dialog.selected_code())

    def start_group_with(self, client_ids: list[str], code: str) -> None:
        if self.active or self.busy or self._need_staff():
            return
        assert self.staff_id is not None
        click = self.clock.read()
        reading = self._placed(click)
        staff_id = self.staff_id

        def write(store: TimingRecords) -> Written[list[Session]]:
            return timing.start_group(
                store, client_ids=client_ids, staff_id=staff_id, code=code, reading=reading
            )

        self._start_with(
            write,
            self.tr("The group timer could not start."),
            lambda sessions: [s.id for s in sessions],
            click,
        )

    def _start_with(
        self,
        write: Callable[[Any], Written[Any]],
        failure: str,
        ids_of: Callable[[Any], list[str]],
        click: ClockReading,
    ) -> None:
        """Start: the timer drives the written sessions once they are acknowledged, its
        clock running from the click."""
        self._run(
            write,
            self.tr("Starting…"),
            failure,
            lambda started: self.attach(
                ids_of(started.value),
                paused=False,
                changes=started.changes,
                since=click,
                # As written (and stored): the panel shows them without reading them back.
                sessions=_as_list(started.value),
                focus_later=True,
            ),
        )

    # ---- the writes behind the commands --------------------------------------------

    @property
    def busy(self) -> bool:
        """A command was clicked and its write is not acknowledged yet (or, for a start,
        its note is not open yet: the next event-loop turn)."""
        return self._command is not None or self._focus_pending is not None

    def use_pending_writes(self, pending: PendingWrites) -> None:
        """The window's writer thread: Start, Pause, Resume and Stop are written there
        (heartbeats that meet another program's lock finish there too)."""
        self.pending = pending
        pending.saved.connect(self._on_written)
        pending.failed.connect(self._on_refused)

    def _run(
        self,
        write: Callable[[Any], Any],
        feedback: str,
        failure: str,
        written: Callable[[Any], None],
        refused: Callable[[], None] | None = None,
    ) -> None:
        """Make a command's write: on the writer thread when the window has one (the
        panel says ``feedback`` at once and shows the new state only once the database
        acknowledged it), else here. A refusal is said in words, and the panel is left
        showing what the database holds."""
        back = refused or self._refresh
        if self.pending is None or self.store.path is None:
            try:
                result = self._without_beats(write, self.store)
            except StoreError as exc:
                back()
                self._fail(failure, exc)
                return
            written(result)
            return
        self._command = _Command(feedback, failure, written, back)
        self._sync_beats()  # a Pause or Stop: no beat starts from now on
        self._refresh()
        beats = self._beats

        def write_on_worker(store: TimingRecords) -> object:
            try:
                if beats is None:
                    return write(store)
                with beats.quiet():  # the app's own heartbeat never makes it wait
                    return write(store)
            except BusyError as exc:
                # Another program held the lock all through the worker's long wait: the
                # coach is told, as before, rather than the click landing minutes later.
                raise StoreError(str(exc)) from exc

        self.pending.submit(TIMER_WRITE_KEY, write_on_worker)

    def _on_written(self, key: str, result: object) -> None:
        command = self._command
        if key != TIMER_WRITE_KEY or command is None:
            return
        self._command = None
        self._acknowledging = True
        try:
            command.written(result)  # shows the acknowledged state (attach, detach, ...)
        finally:
            self._acknowledging = False
        if self._focus_pending is None:
            self.command_settled.emit()
        # else: settled by _focus_started, once the new note is open

    def _focus_started(self) -> None:
        focus, self._focus_pending = self._focus_pending, None
        try:
            if focus is not None and focus in self.session_ids:
                self.session_focused.emit(focus)
        finally:
            self.started_sessions = {}
        self.command_settled.emit()

    def _on_refused(self, key: str, problem: str) -> None:
        command = self._command
        if key != TIMER_WRITE_KEY or command is None:
            return
        self._command = None
        command.refused()
        self._sync_beats()
        self.command_settled.emit()
        self._fail(command.failure, problem)

    def _placed(self, reading: ClockReading) -> ClockReading:
        """``reading`` in the session's terms: the anchor's "now" while a segment runs,
        otherwise the wall clock as the coach said to read it."""
        if self.anchor is not None:
            return self.anchor.placed(reading)
        return ClockReading(reading.wall + self.offset, reading.monotonic, reading.boottime)

    def _resume_reading(self, reading: ClockReading) -> ClockReading:
        """Where a new segment starts: now by the session's clock, never before the last
        pause (a clock set back while paused must not make Resume fail)."""
        placed = self._placed(reading)
        ends = [s.end for s in self.sessions[0].segments if s.end is not None]
        if ends and placed.wall < max(ends):
            placed = ClockReading(max(ends), reading.monotonic, reading.boottime)
        return placed

    def toggle_pause(self) -> None:
        if not self.active or self.busy:
            return
        before = self.state
        self._answer_pending_gaps()
        if not self.active or self.state is not before or self.busy:
            return  # the answer already paused the timer
        click = self.clock.read()
        ids = list(self.session_ids)
        if self.state is TimerState.RUNNING:
            at = self._placed(click)

            def pause(store: TimingRecords) -> Written[list[Session]]:
                return timing.pause(store, ids, at)

            def paused(written: Written[list[Session]]) -> None:
                self.anchor = None
                self._settle_toggle(written, click)

            self._run(pause, self.tr("Pausing…"), self.tr("The timer could not change."), paused)
            return
        placed = self._resume_reading(click)

        def resume(store: TimingRecords) -> Written[list[Session]]:
            return timing.resume(store, ids, placed)

        def resumed(written: Written[list[Session]]) -> None:
            # The clock runs from the click's monotonic reading.
            self._anchor = Anchor(placed.wall, click.monotonic)
            self._settle_toggle(written, click)

        self._run(resume, self.tr("Resuming…"), self.tr("The timer could not change."), resumed)

    def _settle_toggle(self, written: Written[list[Session]], click: ClockReading) -> None:
        self.sessions = list(written.value)
        self.paused = self.state is not TimerState.RUNNING
        self.watch.reset(click)
        self._sync_beats()
        self._refresh()
        self.bus.publish(written.changes)

    def stop(self) -> None:
        if not self.active or self.busy:
            return
        self._answer_pending_gaps()
        if not self.active or self.busy:
            return
        ids = list(self.session_ids)
        at = self._placed(self.clock.read())

        def stop(store: TimingRecords) -> Written[list[Session]]:
            return timing.stop(store, ids, at)

        def stopped(written: Written[list[Session]]) -> None:
            focus = self._focused_id() or ids[0]
            self.detach()
            self.recorded = timer.elapsed(written.value[0].segments, self.clock.read().wall)
            self._show_elapsed()
            self.bus.publish(written.changes)
            self.sessions_changed.emit(ids)
            self.session_focused.emit(focus)
            self.writing_wanted.emit(focus)

        self._run(stop, self.tr("Stopping…"), self.tr("The timer could not stop."), stopped)

    def enter_manual(self) -> None:
        if self._need_staff():
            return
        from sessionlog.ui.dialogs.manual_entry import ManualEntryDialog

        assert self.staff_id is not None
        dialog = ManualEntryDialog(
            self.store,
            self.staff_id,
            self.clock.read().wall,
            self.ready_client_id,
            self.ready_code,
            self,
        )
        if dialog.exec() == ManualEntryDialog.DialogCode.Accepted and dialog.entered is not None:
            self.bus.publish(dialog.entered.changes)
            self.session_focused.emit(dialog.entered.value.id)
            self.writing_wanted.emit(dialog.entered.value.id)

    def remove_selected_attendee(self) -> None:
        item = self.attendees.currentItem()
        if item is None or len(self.session_ids) < 2:
            return
        session_id = str(item.data(Qt.ItemDataRole.UserRole))
        session = next((s for s in self.sessions if s.id == session_id), None)
        if session is None:
            return
        name = item.text()
        if timing.has_own_writing(session):
            answer = QMessageBox.question(
                self,
                self.tr("Mark absent"),
                self.tr(
                    "Something is already written for {name}. An absent client gets no note: "
                    "remove them from this group and discard what was written for them?"
                ).format(name=name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.remove_attendee(session_id)

    def stop_selected_attendee(self) -> None:
        session_id = self._focused_id()
        if session_id is not None and len(self.session_ids) >= 2:
            self.stop_attendee(session_id)

    def stop_attendee(self, session_id: str) -> None:
        """This attendee left early: their time stops now, the group goes on."""
        try:
            written = self._without_beats(
                timing.stop_attendee,
                self.store,
                session_id,
                self.session_ids,
                self._placed(self.clock.read()),
            )
        except StoreError as exc:
            self._fail(self.tr("The attendee's time could not stop."), exc)
            return
        self.session_ids = written.value
        self._reload()
        self.bus.publish(written.changes)
        self.sessions_changed.emit(list(self.session_ids))
        self.session_focused.emit(self.session_ids[0])

    def ask_late_arrival(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        if not self.sessions or self.sessions[0].group_id is None:
            return
        here = {s.client_id for s in timing.group_sessions(self.store, self.sessions[0].group_id)}
        day = self._now().date()
        choices = [c for c in timing.caseload(self.store, day) if c.id not in here]
        if not choices:
            QMessageBox.information(
                self, self.tr("SessionLog"), self.tr("Everyone on today's caseload is here.")
            )
            return
        name, ok = QInputDialog.getItem(
            self,
            self.tr("Late arrival"),
            self.tr("Who joined the group?"),
            [c.name for c in choices],
            0,
            False,
        )
        if ok:
            self.add_late_arrival(next(c.id for c in choices if c.name == name))

    def add_late_arrival(self, client_id: str) -> None:
        """A client joins the running group now, with their own note."""
        group_id = self.sessions[0].group_id if self.sessions else None
        if group_id is None:
            return
        try:
            written = self._without_beats(
                timing.add_late_arrival,
                self.store,
                group_id=group_id,
                client_id=client_id,
                active_ids=self.session_ids,
                reading=self._placed(self.clock.read()),
            )
        except StoreError as exc:
            self._fail(self.tr("The late arrival could not be added."), exc)
            return
        self.session_ids = [*self.session_ids, written.value.id]
        self._reload()
        self.bus.publish(written.changes)
        self.sessions_changed.emit(list(self.session_ids))
        self.session_focused.emit(written.value.id)

    def remove_attendee(self, session_id: str) -> None:
        try:
            written = self._without_beats(
                timing.remove_attendee, self.store, session_id, self.session_ids
            )
        except StoreError as exc:
            self._fail(self.tr("The attendee could not be removed."), exc)
            return
        self.session_ids = written.value
        self._reload()
        self.bus.publish(written.changes)
        self.sessions_changed.emit(list(self.session_ids))
        if self.session_ids:
            self.session_focused.emit(self._focused_id() or self.session_ids[0])

    # ---- attaching to sessions ---------------------------------------------------

    def attach(
        self,
        session_ids: list[str],
        paused: bool,
        changes: Changes | None = None,
        since: ClockReading | None = None,
        sessions: list[Session] | None = None,
        focus_later: bool = False,
    ) -> None:
        """Drive these sessions (just started, or found after a restart); ``changes``
        is what the service that started them wrote (nothing is written at a restart);
        ``since``: the Start click's reading, the running clock's origin; ``sessions``:
        them as the service wrote them (else they are read); ``focus_later``: when this
        is a writer-thread acknowledgement, their note opens in the next event-loop turn."""
        reading = self.clock.read()
        self.session_ids = list(session_ids)
        self.paused = paused
        self.recorded = None
        self.offset = timedelta(0)
        self.pending_gaps = []
        self.watch.reset(reading)
        if sessions is not None and [s.id for s in sessions] == self.session_ids:
            self.sessions = list(sessions)
            self.started_sessions = {s.id: s for s in sessions}
            self._sync_beats()
            self._refresh()
        else:
            self._reload()
        if self.state is not TimerState.RUNNING:
            self.anchor = None
        elif since is not None:  # the segment began at the click, whenever its write landed
            self.anchor = Anchor(self.sessions[0].segments[-1].start, since.monotonic)
        else:
            self.anchor = Anchor.at(reading)
        self._tick.start()
        if changes is not None:
            self.bus.publish(changes)
        self.sessions_changed.emit(list(self.session_ids))
        if focus_later and self._acknowledging:
            self._focus_pending = self.session_ids[0]
            self._focus_later.start()
            return
        try:
            self.session_focused.emit(self.session_ids[0])
        finally:
            self.started_sessions = {}

    def detach(self) -> None:
        self.session_ids = []
        self.sessions = []
        self._client_names = {}
        self.anchor = None
        self.offset = timedelta(0)
        self.pending_gaps = []
        self._tick.stop()
        self._sync_beats()
        self.watch.reset()
        self._refresh()

    def shut_down(self) -> None:
        """The app is closing: a running timer stays running in the database (the next
        start offers to keep or stop it); only the ticking ends here."""
        self.beat()
        self._tick.stop()
        self._heartbeat.stop()
        if self._beats is not None:
            self._beats.close()

    def _reload(self) -> None:
        # A group's attendees in one query, in the timer's order (one missing raises).
        found = {s.id: s for s in self.store.sessions_with_ids(self.session_ids)}
        self.sessions = [found.get(i) or self.store.session(i) for i in self.session_ids]
        self._sync_beats()
        self._refresh()

    def _focused_id(self) -> str | None:
        item = self.attendees.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _on_attendee(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.session_focused.emit(str(current.data(Qt.ItemDataRole.UserRole)))

    # ---- ticking -------------------------------------------------------------------

    def beat(self) -> None:
        """Record that the app is alive with this timer running (crash recovery); not
        while a command is in flight (a Pause or Stop clicked: no beat after it)."""
        if self.state is TimerState.RUNNING and not self.busy:
            ids, reading = list(self.session_ids), self._placed(self.clock.read())

            def write(store: TimingRecords) -> None:
                timing.write_heartbeat(store, ids, reading)

            try:
                if self.pending is None:
                    write(self.store)
                else:  # another process's write lock: the newest beat lands when it is freed
                    self.pending.write("heartbeat", write, self.store)
            except StoreError as exc:
                log.warning("heartbeat not written: %s", type(exc).__name__)

    def _on_tick(self) -> None:
        reading = self.clock.read()
        if self.state is TimerState.RUNNING and self.anchor is not None and not self.busy:
            gap = self.watch.observe(reading)
            if gap is not None:
                self.pending_gaps.append(gap)  # asked in order, one at a time
                self._ask_next_gap()
            elif self.gap_dialog is None and not self.pending_gaps:
                self._place_silently(reading)
        self._show_elapsed()

    def _place_silently(self, reading: ClockReading) -> None:
        """A small clock correction (under 2 minutes, or NTP): the session's instants
        follow the new clock; its length stays what the monotonic clock measured."""
        assert self.anchor is not None
        shift = (reading.wall + self.offset) - self.anchor.now(reading)
        if abs(shift) < PLACEMENT_JITTER:
            return
        try:
            written = self._without_beats(
                timing.place_by_new_clock, self.store, self.session_ids, shift
            )
        except StoreError as exc:
            log.warning("clock placement not written: %s", type(exc).__name__)
            return
        self.anchor = self.anchor.moved(shift)
        self._reload()
        self.bus.publish(written.changes)

    def _ask_next_gap(self) -> None:
        if self.gap_dialog is not None or not self.pending_gaps:
            return
        from sessionlog.ui.dialogs.recovery import ClockGapDialog

        gap = self.pending_gaps[0]
        dialog = ClockGapDialog(gap, self._subject_text(), self)
        self.gap_dialog = dialog
        dialog.chosen.connect(lambda choice: self._apply_gap_choice(gap, choice))
        dialog.open()
        self.gap_prompted.emit(gap)

    def _answer_pending_gaps(self) -> None:
        """Pause or Stop while a question is open: every open question gets its default
        answer first (nothing unseen is counted), then the command runs."""
        while self.pending_gaps and self.active:
            dialog = self.gap_dialog
            if dialog is not None:
                dialog.reject()  # the safe answer, through the dialog itself
            else:
                self._apply_gap_choice(self.pending_gaps[0], "")

    def _apply_gap_choice(self, gap: ClockGap, choice: str) -> None:
        dialog, self.gap_dialog = self.gap_dialog, None
        if gap in self.pending_gaps:
            self.pending_gaps.remove(gap)
        changes: Changes | None = None
        try:
            if self.anchor is not None and self.state is TimerState.RUNNING:
                changes = self._apply_gap(gap, choice, dialog)
        except StoreError as exc:
            self._fail(self.tr("The timer could not be corrected."), exc)
        self._reload()
        if changes is not None:
            self.bus.publish(changes)
        self._ask_next_gap()

    def _apply_gap(self, gap: ClockGap, choice: str, dialog: QWidget | None) -> Changes | None:
        """Apply the answer; the changes the timing service made (None: nothing written)."""
        assert self.anchor is not None
        if gap.kind is GapKind.SLEEP:
            if choice == "count":
                reason = getattr(dialog, "reason", None)
                text = reason.text() if reason is not None else ""
                counted = self._without_beats(
                    timing.count_sleep, self.store, self.session_ids, gap.drift, text
                )
                self.anchor = self.anchor.moved(gap.drift)
                return counted.changes
            # Default: pause when the computer went to sleep (the last tick before it).
            paused = self._without_beats(
                timing.pause_at, self.store, self.session_ids, self.anchor.now(gap.before)
            )
            self.anchor = None
            self.paused = True
            self.pending_gaps = []  # paused: no running time left at risk
            return paused.changes
        if choice == "old":
            self.offset -= gap.drift  # keep reading the session in the old clock's terms
            return None
        # Default: the new clock is right; the session's instants move with it.
        placed = self._without_beats(
            timing.place_by_new_clock, self.store, self.session_ids, gap.drift
        )
        self.anchor = self.anchor.moved(gap.drift)
        return placed.changes

    # ---- display ------------------------------------------------------------------

    def _names(self) -> dict[str, str]:
        """The timed clients' names by session id, read once per client (the title and
        the panel show them at every tick and every command)."""
        names: dict[str, str] = {}
        for session in self.sessions:
            name = self._client_names.get(session.client_id)
            if name is None:
                try:
                    name = self.store.client(session.client_id).name
                except NotFoundError:
                    name = self.tr("(unknown client)")
                self._client_names[session.client_id] = name
            names[session.id] = name
        return names

    def _subject_text(self) -> str:
        if not self.sessions:
            return ""
        code = self.sessions[0].code
        description = service_codes().get(code)
        service = f"{code} {description.shown_description}" if description else code
        names = self._names()
        if len(self.sessions) == 1:
            return f"{names[self.sessions[0].id]} · {service}"
        return self.tr("Group of {0} · {service}").format(len(self.sessions), service=service)

    def lock_screen_text(self) -> str:
        """The timer's clock without whose it is: all the lock screen may show."""
        if not self.sessions:
            return ""
        elapsed = timer.format_elapsed(timer.elapsed(self.sessions[0].segments, self._now()))
        return f"{elapsed} {'● running' if self.state is TimerState.RUNNING else '❚❚ paused'}"

    def title_text(self) -> str:
        """What the window title shows for the timer ("" when none is active)."""
        return self._title_text()

    def _title_text(self) -> str:
        if not self.sessions:
            return ""
        names = self._names()
        who = (
            short_name(names[self.sessions[0].id])
            if len(self.sessions) == 1
            else self.tr("Group of {0}").format(len(self.sessions))
        )
        mark = "●" if self.state is TimerState.RUNNING else self.tr("❚❚ Paused")
        elapsed = timer.format_elapsed(timer.elapsed(self.sessions[0].segments, self._now()))
        return f"{elapsed} {mark} {who}"

    def _now(self) -> datetime:
        return self._placed(self.clock.read()).wall

    def _show_elapsed(self) -> None:
        if not self.sessions:
            # After Stop the clock keeps showing what was recorded, until the next start.
            self.elapsed_label.setText(timer.format_elapsed(self.recorded or timedelta(0)))
            self.elapsed_label.setToolTip(
                self.tr("Recorded by the last Stop") if self.recorded else ""
            )
            self.title_changed.emit("")
            return
        self.elapsed_label.setToolTip("")
        value = timer.elapsed(self.sessions[0].segments, self._now())
        self.elapsed_label.setText(timer.format_elapsed(value))
        self.title_changed.emit(self._title_text())

    def _refresh(self) -> None:
        state = self.state
        active = self.active
        running = state is TimerState.RUNNING
        if active:
            self.subject.setText(self._subject_text())
            if running:
                self._show_state(self.tr("● Running"), Tone.SUCCESS, bold=True)
            else:
                self._show_state(self.tr("❚❚ Paused"), Tone.WARNING)
        else:
            self.state_label.setText("")
            if self.ready_client_id and self.ready_code:
                try:
                    name = self.store.client(self.ready_client_id).name
                except NotFoundError:
                    name = "?"
                self.subject.setText(
                    self.tr("Ready to time: {name} · {ready_code}").format(
                        name=name, ready_code=self.ready_code
                    )
                )
            else:
                self.subject.setText(
                    self.tr("Pick a client and a service in the caseload to time.")
                )
        command = self._command
        if command is not None:
            # Clicked, not yet in the database: said at once, the state shown stays the
            # acknowledged one until the write lands.
            self._show_state(command.feedback, Tone.MUTED)
        idle = command is None
        can_start = (
            idle and not active and self.ready_client_id is not None and bool(self.ready_code)
        )
        self.start_action.setEnabled(can_start)
        self.start_button.setEnabled(can_start)
        self.start_button.setText(
            command.feedback if command is not None and not active else self.tr("▶  Start")
        )
        self.pause_action.setEnabled(active and idle)
        self.pause_button.setEnabled(active and idle)
        self.pause_button.setText(
            self.tr("❚❚  Pause") if running or not active else self.tr("▶  Resume")
        )
        self.stop_action.setEnabled(active and idle)
        self.stop_button.setEnabled(active and idle)
        self.group_action.setEnabled(not active and idle)
        self.group_button.setEnabled(not active and idle)
        self._fill_attendees()
        self._show_elapsed()

    def _fill_attendees(self) -> None:
        group = len(self.sessions) >= 2 or any(s.group_id for s in self.sessions)
        self.attendee_box.setVisible(bool(self.sessions) and group)
        if not self.attendee_box.isVisible():
            # Signals off: a change signal carrying items being deleted crashes PySide.
            self.attendees.blockSignals(True)
            self.attendees.clear()
            self.attendees.blockSignals(False)
            return
        keep = self._focused_id()
        names = self._names()
        self.attendees.blockSignals(True)
        self.attendees.clear()
        for session in self.sessions:
            item = QListWidgetItem(names[session.id])
            item.setData(Qt.ItemDataRole.UserRole, session.id)
            self.attendees.addItem(item)
            if session.id == keep:
                self.attendees.setCurrentItem(item)
        if self.attendees.currentRow() < 0 and self.attendees.count():
            self.attendees.setCurrentRow(0)
        self.attendees.blockSignals(False)
        self.remove_button.setEnabled(len(self.sessions) >= 2)
        self.left_button.setEnabled(len(self.sessions) >= 2 and self.state is TimerState.RUNNING)
        self.late_button.setEnabled(self.state is TimerState.RUNNING)
        # As tall as its rows, so the note below keeps the room.
        rows = max(2, self.attendees.count())
        height = self.attendees.sizeHintForRow(0) * rows + 2 * self.attendees.frameWidth() + 4
        self.attendees.setMaximumHeight(height)

    # ---- crash recovery ----------------------------------------------------------

    def recover_interrupted(self) -> QWidget | None:
        """After a crash: offer to keep the running session(s) or stop them at the
        last heartbeat; a timer left paused simply comes back paused. Returns the
        dialog when one is shown (it is window-modal, answered asynchronously)."""
        running = timing.interrupted_sessions(self.store)
        if not running:
            paused = timing.paused_timer(self.store)
            if paused:
                self.attach([s.id for s in paused], paused=True)
            return None
        # Only after a crash: the dialog's module is no part of an ordinary start.
        from sessionlog.ui.dialogs.recovery import RecoveryDialog

        names = {}
        for session in running:
            try:
                names[session.id] = self.store.client(session.client_id).name
            except NotFoundError:
                names[session.id] = self.tr("(unknown client)")
        ids = [s.id for s in running]
        heartbeat = timing.read_heartbeat(self.store, ids)
        dialog = RecoveryDialog(running, names, heartbeat, self.clock.read().wall, self)
        limit = timing.keep_running_limit(self.store, running[0])
        dialog.chosen.connect(lambda choice: self._apply_recovery(ids, choice, dialog.gap, limit))
        dialog.open()
        return dialog

    def _confirm_long_gap(self, gap: timedelta, limit: timedelta) -> bool:
        """Counting a gap longer than the payer's daily maximum (or 12 hours) is asked
        again; the default is No."""
        words = timer.duration_words(gap)
        why = (
            self.tr("more than 12 hours")
            if limit >= timing.LONG_GAP
            else self.tr("more than this service's daily maximum ({0})").format(
                timer.duration_words(limit)
            )
        )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Count the whole gap?"),
            self.tr(
                "Keeping the timer running counts {words} that SessionLog did not see, {why}.\n\n"
                "Were you really with the client all that time?"
            ).format(words=words, why=why),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        self.confirm_box = box
        answer = box.exec()
        self.confirm_box = None
        return answer == QMessageBox.StandardButton.Yes

    def _apply_recovery(
        self, session_ids: list[str], choice: str, gap: timedelta, limit: timedelta
    ) -> None:
        if choice == "keep" and gap > limit and not self._confirm_long_gap(gap, limit):
            choice = "stop"
        try:
            if choice == "keep":
                kept = timing.recover_keep_running(self.store, session_ids, self.clock.read())
                self.attach(session_ids, paused=False, changes=kept.changes)
                return
            stopped = timing.recover_stop_at_heartbeat(self.store, session_ids)
        except StoreError as exc:
            self._fail(self.tr("The interrupted session could not be recovered."), exc)
            return
        self.bus.publish(stopped.changes)
        self.sessions_changed.emit(session_ids)
        self.session_focused.emit(session_ids[0])
