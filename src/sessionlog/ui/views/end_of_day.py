"""End of day: every unfinished note in one queue, oldest first, signed one after another.

The coach picks nothing: the oldest note is selected, its text and what it still
lacks are on the right, and Ctrl+Enter signs it and lands on the next one.

Nothing slow runs on the GUI thread (issue 12): in the window the signature is written
by the writer thread (``ui.pending_writes``) and counts as signed only once it is stored
(``note_signed``); the queue (when the tab is shown), the rows a change names and the
note shown on the right are read in the background (``ui.tasks.read_in_background``) and
then replaced. While the coach reads a note, the one "Sign and next" lands on is read
ahead (its text, what signing records, the billing preview); once the signature is
stored the signed row leaves at once, the note read ahead is shown after that paint, and
the other views hear of the signature after the next one (``ui.after_paint``): each
click's work is split over turns of the event loop with no worker competing for the GIL.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from html import escape

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.changes import Changes, Entity, Written
from sessionlog.core.errors import NotFoundError
from sessionlog.core.models import SessionStatus, utc_now
from sessionlog.core.queries import SessionFilter
from sessionlog.core.units import BillingLine
from sessionlog.services import notes
from sessionlog.services.records import Reader, SignRecords
from sessionlog.ui import theme
from sessionlog.ui.after_paint import AfterPaint, records_closed
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.dialogs.sign import (
    PanelFacts,
    SignaturePanel,
    read_billing_line,
    read_panel_facts,
)
from sessionlog.ui.models.queue_model import COL_CLIENT, COL_DATE, QueueModel
from sessionlog.ui.models.rows import SessionRow, build_rows
from sessionlog.ui.pending_writes import PendingWrites
from sessionlog.ui.tasks import read_in_background
from sessionlog.ui.theme import Tone
from sessionlog.ui.views.note_viewer import NoteViewer, note_html
from sessionlog.ui.widgets import ColumnScroll, scaled_font

log = logging.getLogger("sessionlog.ui.end_of_day")


def _queue_order(row: SessionRow) -> tuple[bool, datetime, str]:
    """Oldest first; a note with no times yet has no date, so it goes last."""
    return (row.start_local is None, row.start_local or datetime.min, row.session_id)


def queue_rows(store: Reader, staff_id: str | None, now: datetime) -> list[SessionRow]:
    """The queue: the running and draft notes of ``staff_id`` (everyone's with None),
    oldest first (any thread: plain data only)."""
    sessions = []
    for status in (SessionStatus.RUNNING, SessionStatus.DRAFT):
        sessions += store.sessions(SessionFilter(staff_id=staff_id, status=status))
    rows = build_rows(store, sessions, now=now)
    rows.sort(key=_queue_order)
    return rows


RESIZE_PRECISION_ROWS = 40

# The writer thread's key of a signature being written.
_SIGN_KEY = "sign:"

_WATCHED = frozenset({Entity.SESSION, Entity.CLIENT, Entity.PAYER, Entity.STAFF, Entity.PLAN})

# A note read ahead is shown as read for this long at most (what signing would record
# turns late at a deadline's midnight; the read-ahead is also dropped when the day turns).
READ_AHEAD_MAX_AGE_S = 600.0


@dataclass(frozen=True)
class _ReadAhead:
    """The note signing lands on next, read while the coach reads the current one."""

    session_id: str
    client_id: str
    service_date: date | None
    signer: str | None
    facts: PanelFacts
    html: str | None
    line: BillingLine | None  # the billing preview; None: worked out when shown
    read_at: float  # time.monotonic()


class EndOfDayView(QWidget):
    queue_changed = Signal(int)  # notes left in the queue
    # A signing run ended (the queue emptied, or the coach left the view after signing):
    # the number of notes signed in it. The window takes a backup on it.
    signing_run_finished = Signal(int)
    # A note's signature is stored (the only moment a note counts as signed).
    note_signed = Signal(str)

    def __init__(
        self,
        store: SignRecords,
        bus: ChangeBus,
        current_staff_id: Callable[[], str | None],
        parent: QWidget | None = None,
        *,
        edit_note: Callable[[str], None] | None = None,
        now: Callable[[], datetime] = utc_now,
        load_when_shown: bool = False,
    ) -> None:
        super().__init__(parent)
        self.store: SignRecords = store
        self.bus = bus
        self.current_staff_id = current_staff_id
        self.edit_note = edit_note
        self.now = now
        self._signed_in_run = 0
        self._selecting = False
        self._writes: PendingWrites | None = None
        self._signing: str | None = None  # the note whose signature is being written
        self._reloads = 0  # a full reload makes every narrow refresh under way moot
        self._refresh_waiting: set[str] = set()  # named by changes, not yet re-read
        self._refreshing = False
        self._reloading = False  # the whole queue is being read
        self._reload_again = False  # a change came while it was read
        self._sign_after_reload = False  # Ctrl+Enter came while it was read
        self._shown_generation = 0
        self._note_loading = False
        self._sign_when_shown: str | None = None  # Ctrl+Enter came while it was read
        # The note after the shown one, read ahead in the pool once the shown one is
        # painted: "Sign and next" then lands on it with no read (issue 12).
        self._ahead: _ReadAhead | None = None
        self._ahead_generation = 0
        self._ahead_loading = False
        self._ahead_for: str | None = None  # the note being read ahead
        self._read_ahead_after_paint = AfterPaint(self, self._read_ahead)
        self._landing: tuple[int, _ReadAhead] | None = None  # shown once the queue is
        self._land_after_paint = AfterPaint(self, self._show_landing)
        # What a stored signature changed, told to the other views once the note landed
        # on is painted (their refreshes then do not delay it).
        self._signed_changes: Changes | None = None
        self._publishing_own = False
        self._publish_after_paint = AfterPaint(self, self._publish_signed)

        self.header = QLabel()
        # Sizes relative to the application font, so they grow with the system's text size.
        self.header.setFont(scaled_font(self.header.font(), 1.4, bold=True))
        self.subheader = QLabel()
        self.subheader.setStyleSheet(theme.css(Tone.MUTED))

        self.model = QueueModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Notes to finish"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list: it holds rows, not cells
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Columns fit their contents when the queue is read (the first rows, not every
        # row of a long queue), and widen for a row a change re-read, never narrowing:
        # fitting them to every row at each change asked the model about every cell, and
        # made the note landed on after signing wait 10-20 ms (issue 12).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
        # A column is fitted to the rows its header's precision names: the vertical
        # header's alone left every row measured (80-107 ms at 300k's 278 queued notes).
        header.setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
        header.setSectionResizeMode(COL_CLIENT, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.doubleClicked.connect(lambda _index: self._edit())

        self.viewer = NoteViewer(store, self, now=now)
        self.panel = SignaturePanel(store, self, now=now)
        self.panel.billing_done.connect(self._read_ahead_after_paint.start)
        # With its parent from the start: shown while parentless (below), it would be a
        # window of its own for a moment, taking the activation from the main window.
        self.edit_button = QPushButton(self.tr("E&dit in Today"), self)
        self.edit_button.setToolTip(
            self.tr("Open this note in the note form on Today to fill in what is missing (Ctrl+E)")
        )
        self.edit_button.clicked.connect(self._edit)
        self.edit_button.setVisible(edit_note is not None)
        self.sign_button = QPushButton(self.tr("Sign and &next   (Ctrl+Enter)"))
        self.sign_button.setDefault(True)
        self.sign_button.setStyleSheet("QPushButton { font-weight: bold; padding: 6px 14px; }")
        self.sign_button.clicked.connect(self.sign_and_next)

        actions = QHBoxLayout()
        actions.addWidget(self.edit_button)
        actions.addStretch(1)
        actions.addWidget(self.sign_button)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.viewer, 1)
        detail_layout.addWidget(self.panel)
        detail_layout.addLayout(actions)

        self.empty_label = QLabel(
            self.tr(
                "Nothing left to sign.\n\nEvery note is signed and locked. Notes you time or "
                "write later appear here until they are signed."
            )
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(theme.css(Tone.MUTED))
        self.empty_label.setFont(scaled_font(self.empty_label.font(), 1.3))
        self.right = QStackedWidget()
        # Scrolls when a large system font makes the note and what signing records taller
        # than the window (18 pt at 1366×768 cut the checks before signing off).
        self.right.addWidget(ColumnScroll(detail))
        self.right.addWidget(self.empty_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([560, 740])
        self.splitter = splitter
        # Once the coach drags the divider, the queue keeps the width they chose.
        self._queue_width_chosen = False
        splitter.splitterMoved.connect(self._on_divider_dragged)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.subheader)
        layout.addWidget(splitter, 1)

        # Window-wide while the queue is visible: after Ctrl+2 the focus sits on the tab
        # bar, and the coach should not have to click into the list first.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.sign_and_next)
        edit_shortcut = QShortcut(QKeySequence("Ctrl+E"), self)
        edit_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        edit_shortcut.activated.connect(self._edit)

        bus.subscribe(self, _WATCHED, self._on_changed)
        # In the window the queue loads when its tab is shown (showEvent), not at start.
        if not load_when_shown:
            self.reload()

    # ---- data --------------------------------------------------------------

    def _signer_for(self, row: SessionRow) -> str:
        """The coach using the app signs; with nobody chosen, the note's own author."""
        return self.current_staff_id() or row.staff_id

    def reload(self) -> None:
        """Read the queue again in the background (the rows, their deadlines and what
        each note lacks are queries and work the GUI thread must not wait for, issue 12),
        then show it, keeping the selected note (or its position if it left). A change
        that comes while it is read has the queue read once more when it lands."""
        self._reloads += 1  # narrow refreshes under way are moot: this read covers them
        self._refresh_waiting.clear()
        self._reloading = True
        self._reload_again = False
        reloads, staff_id, now = self._reloads, self.current_staff_id(), self.now()
        if self.model.rowCount() == 0:
            self.subheader.setText(self.tr("Reading the notes to finish…"))

        def shown(rows: list[SessionRow] | None) -> None:
            if reloads != self._reloads:
                return  # a newer read is under way
            self._reloading = False
            if rows is None:  # the read failed (logged by type): the rows shown stay
                self.subheader.setText(
                    self.tr("Could not read the notes to finish. Show this tab again to retry.")
                )
            else:
                self._show_queue(rows)
            if self._reload_again:
                self.reload()
            elif self._sign_after_reload:
                self._sign_after_reload = False
                if rows is not None:
                    self.sign_and_next()  # the note landed on is signed once shown

        read_in_background(self, self.store, lambda store: queue_rows(store, staff_id, now), shown)

    def _show_queue(self, rows: list[SessionRow]) -> None:
        current = self.current_row()
        keep_id = current.session_id if current else None
        keep_row = self.table.currentIndex().row()
        self.model.set_rows(rows)
        self._fit_columns()
        self._show_client_names_in_full()
        self._update_header(rows)
        self._land(rows, keep_id, keep_row)

    def _fit_columns(self, rows: list[int] | None = None) -> None:
        """Fit the columns to the first rows (``rows``: widen them for these rows only)."""
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            if column == COL_CLIENT:
                continue  # stretched
            if rows is None:
                self.table.resizeColumnToContents(column)
                continue
            # As the view measures a column: the cell's hint plus the grid line.
            grid = 1 if self.table.showGrid() else 0
            widest = max(
                (self.table.sizeHintForIndex(self.model.index(r, column)).width() for r in rows),
                default=0,
            )
            if widest + grid > header.sectionSize(column):
                header.resizeSection(column, widest + grid)

    def _on_divider_dragged(self, _position: int, _index: int) -> None:
        self._queue_width_chosen = True

    def _show_client_names_in_full(self) -> None:
        """Widen the queue's side of the divider, up to half the tab, so the client
        column shows whole names: at 1366×768 it read "Marcus W…" and "Trần Thị…" while
        the note beside it had room to spare. Never narrows it, and never after the
        coach has dragged the divider."""
        if self._queue_width_chosen or self.model.rowCount() == 0:
            return
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if len(sizes) != 2 or total <= 0:
            return  # not laid out yet: the next read of the queue tries again
        header = self.table.horizontalHeader()
        needed = sum(
            header.sectionSize(column)
            for column in range(self.model.columnCount())
            if column != COL_CLIENT
        )
        needed += self.table.sizeHintForColumn(COL_CLIENT)
        needed += self.table.verticalScrollBar().sizeHint().width()
        needed += 2 * self.table.frameWidth()
        wanted = min(needed, total // 2)
        if wanted > sizes[0]:
            self.splitter.setSizes([wanted, total - wanted])

    def _land(self, rows: list[SessionRow], keep_id: str | None, keep_row: int) -> None:
        """Select the note that was selected, or the one now at its place, and show it."""
        target = self.model.row_of(keep_id) if keep_id else -1
        if target < 0 and rows:
            target = min(max(keep_row, 0), len(rows) - 1)
        if target >= 0:
            self.select_row(target)
        else:
            self._show_row(None)
        self.queue_changed.emit(len(rows))

    def _update_header(self, rows: list[SessionRow]) -> None:
        count = len(rows)
        overdue = sum(1 for r in rows if r.overdue)
        ready = sum(1 for r in rows if not r.missing)
        if count == 0:
            self.header.setText(self.tr("End of day — all notes signed"))
        else:
            self.header.setText(self.tr("End of day — %n note(s) to finish", "", count))
        parts = [self.tr("{ready} ready to sign").format(ready=ready)]
        if overdue:
            parts.append(
                self.tr("{overdue} overdue (will be marked late entries)").format(overdue=overdue)
            )
        who = self.tr("your notes") if self.current_staff_id() else self.tr("everyone's notes")
        self.subheader.setText(
            self.tr("Oldest first, {who}. ").format(who=who) + ", ".join(parts) + "."
            if count
            else ""
        )

    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches(*_WATCHED):
            return
        self._forget_ahead_for(changes)
        if self.window().isVisible() and not self.isVisible():
            return  # another tab is in front: showEvent reloads when this one is shown
        if self._reloading:
            self._reload_again = True  # the read under way may have missed it
            return
        if changes.entities == {Entity.SESSION} and changes.sessions_named:
            self._refresh_sessions(changes.session_ids)
            return
        self.reload()

    @property
    def is_loading(self) -> bool:
        """Whether a signature is being written (or its change not yet told to the other
        views), or the queue, rows, the shown note (and its billing preview) or the next
        one being read."""
        return (
            self._signing is not None
            or self._refreshing
            or self._reloading
            or self._note_loading
            or self.panel.billing_pending()
            or self._ahead_loading
            or self._read_ahead_after_paint.is_active()
            or self._signed_changes is not None
        )

    def _refresh_sessions(self, session_ids: frozenset[str]) -> None:
        """Only the rows of these sessions: re-read in the background (one refresh at a
        time, so rows land in the order their changes came), then replaced, dropped
        (signed, voided, another coach's) or added in date order. A few queries,
        whatever the size of the queue or of the database."""
        self._refresh_waiting |= session_ids
        if not self._refreshing:
            self._start_refresh()

    def _start_refresh(self) -> None:
        session_ids = frozenset(self._refresh_waiting)
        self._refresh_waiting.clear()
        self._refreshing = True
        reloads, staff_id, now = self._reloads, self.current_staff_id(), self.now()

        def work(store: Reader) -> list[SessionRow]:
            sessions = []
            for session_id in sorted(session_ids):
                try:
                    session = store.session(session_id)
                except NotFoundError:
                    continue  # discarded for good: its row goes
                queued = session.status in (SessionStatus.RUNNING, SessionStatus.DRAFT)
                if queued and (staff_id is None or session.staff_id == staff_id):
                    sessions.append(session)
            return build_rows(store, sessions, now=now)

        def shown(fresh: list[SessionRow] | None) -> None:
            self._refreshing = False
            if reloads != self._reloads:
                pass  # a full reload since read every row
            elif fresh is None:
                self.reload()  # the read failed (logged by type): read the queue again
            else:
                self._replace_rows(session_ids, fresh)
            if self._refresh_waiting:
                self._start_refresh()

        read_in_background(self, self.store, work, shown)

    def _replace_rows(self, session_ids: frozenset[str], fresh_rows: list[SessionRow]) -> None:
        """Put the re-read rows of ``session_ids`` in place; the note on the right is shown
        again only when it is one of them or left the queue."""
        current = self.current_row()
        keep_id = current.session_id if current else None
        keep_row = self.table.currentIndex().row()
        fresh = {row.session_id: row for row in fresh_rows}
        rows = [r for r in self.model.rows() if r.session_id not in session_ids]
        rows += fresh.values()
        rows.sort(key=_queue_order)
        self._selecting = True
        try:
            self.model.replace_rows(rows, session_ids)
        finally:
            self._selecting = False
        self._fit_columns([self.model.row_of(session_id) for session_id in fresh])
        self._update_header(rows)
        if keep_id is not None and keep_id not in session_ids and self.model.row_of(keep_id) >= 0:
            # The note on the right did not change: it stays as it is, only re-selected.
            self.select_row(self.model.row_of(keep_id), show=False)
            self.queue_changed.emit(len(rows))
        else:
            self._land(rows, keep_id, keep_row)
        if not rows:
            self._finish_signing_run()

    def showEvent(self, event: QShowEvent) -> None:
        # Deadlines move with the clock: a note can turn overdue while the app is open.
        self.reload()
        super().showEvent(event)
        # Arrow keys walk the queue straight away.
        QTimer.singleShot(0, self.table.setFocus)

    # ---- selection ---------------------------------------------------------

    def current_row(self) -> SessionRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def select_row(self, row: int, *, show: bool = True) -> None:
        """Select a row and show its note (``show=False``: only re-select the row of the
        note already shown, where it now is)."""
        index = self.model.index(row, COL_DATE)
        # Shown once, below (not also by the current-row signal).
        self._selecting = True
        try:
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        finally:
            self._selecting = False
        if show:
            self.table.scrollTo(index)
            self._show_row(self.model.row_at(row))

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting:
            return
        if current.isValid() and current.row() < self.model.rowCount():
            self._show_row(self.model.row_at(current.row()))

    def _show_row(self, row: SessionRow | None) -> None:
        self._shown_generation += 1
        self._sign_when_shown = None
        if row is None:
            self._note_loading = False
            self.viewer.clear()
            self.panel.clear()
            self.right.setCurrentWidget(self.empty_label)
            self.sign_button.setEnabled(False)
            self.edit_button.setEnabled(False)
            return
        self.right.setCurrentIndex(0)
        self.edit_button.setEnabled(True)
        # Nothing can be signed until the note on the right is the selected one.
        self.panel.clear()
        self.sign_button.setEnabled(False)
        session_id, signer, now = row.session_id, self._signer_for(row), self.now()
        ahead = self._take_ahead(session_id, signer, now)
        self._note_loading = True
        generation = self._shown_generation
        if ahead is not None:
            # Read while the coach read the note before: nothing to wait for but the
            # paint of the queue (a row left, another selected), which comes first.
            self._landing = (generation, ahead)
            self._land_after_paint.start()
            return
        palette = QGuiApplication.palette()  # a copy, for the worker to build the HTML

        def work(store: Reader) -> tuple[PanelFacts, str | None]:
            facts = read_panel_facts(store, session_id, signer, now)
            if facts.session is None:
                return facts, None
            return facts, note_html(store, facts.session, now, palette)

        def shown(result: tuple[PanelFacts, str | None] | None) -> None:
            if generation != self._shown_generation:
                return  # another note was selected meanwhile
            self._note_loading = False
            if result is None:  # the read failed (logged by type): read it here
                self.viewer.show_session(session_id)
                self.panel.set_session(session_id, signer)
            else:
                facts, html = result
                self.viewer.show_html(session_id, html or f"<p>{escape(facts.error or '')}</p>")
                self.panel.show_facts(facts)
            self.sign_button.setEnabled(self.panel.can_sign() and self._signing is None)
            self._read_ahead_after_paint.start()
            if self._sign_when_shown == session_id:
                self._sign_when_shown = None
                self.sign_and_next()

        read_in_background(self, self.store, work, shown)

    def _show_landing(self) -> None:
        """Show the note read ahead that the queue landed on (after its paint)."""
        landing, self._landing = self._landing, None
        if self._signed_changes is not None:
            self._publish_after_paint.start()  # once this note is painted too
        if landing is None or landing[0] != self._shown_generation:
            return  # another note was selected meanwhile (it is being shown)
        _generation, ahead = landing
        self._note_loading = False
        html = ahead.html or f"<p>{escape(ahead.facts.error or '')}</p>"
        self.viewer.show_html(ahead.session_id, html)
        self.panel.show_facts(ahead.facts, ahead.line)
        self.sign_button.setEnabled(self.panel.can_sign() and self._signing is None)
        self._read_ahead_after_paint.start()
        if self._sign_when_shown == ahead.session_id:
            self._sign_when_shown = None
            self.sign_and_next()

    # ---- reading the next note ahead ----------------------------------------

    def _read_ahead(self) -> None:
        """Read the note signing would land on (the one after the shown note, or before
        it at the end of the queue) in the pool: its text, what signing records and the
        billing preview."""
        if self.panel.billing_pending():
            return  # the shown note's preview first: read once it is shown (billing_done)
        number = self.table.currentIndex().row()
        if number < 0 or self.model.rowCount() < 2 or records_closed(self.store):
            return
        target = number + 1 if number + 1 < self.model.rowCount() else number - 1
        row = self.model.row_at(target)
        signer, now = self._signer_for(row), self.now()
        if self._ahead_loading and self._ahead_for == row.session_id:
            return  # under way
        ahead = self._ahead
        same = ahead is not None and ahead.session_id == row.session_id
        if same and ahead is not None and self._ahead_usable(ahead, signer, now):
            return
        self._ahead_generation += 1
        generation = self._ahead_generation
        self._ahead_loading = True
        self._ahead_for = row.session_id
        session_id, client_id, day = row.session_id, row.client_id, row.service_date
        palette = QGuiApplication.palette()  # a copy, for the worker to build the HTML

        def work(store: Reader) -> _ReadAhead:
            facts = read_panel_facts(store, session_id, signer, now)
            session = facts.session
            html = None if session is None else note_html(store, session, now, palette)
            line = None
            if session is not None and facts.signature is not None:
                line = read_billing_line(store, session, now)
            return _ReadAhead(
                session_id, client_id, day, signer, facts, html, line, time.monotonic()
            )

        def shown(result: _ReadAhead | None) -> None:
            if generation != self._ahead_generation:
                return  # forgotten (a change named it) or another read since
            self._ahead_loading = False
            self._ahead = result  # None: the read failed (logged); read when shown

        read_in_background(self, self.store, work, shown)

    def _ahead_usable(self, ahead: _ReadAhead, signer: str | None, now: datetime) -> bool:
        if ahead.signer != signer or time.monotonic() - ahead.read_at > READ_AHEAD_MAX_AGE_S:
            return False
        return ahead.facts.now.astimezone().date() == now.astimezone().date()

    def _take_ahead(self, session_id: str, signer: str | None, now: datetime) -> _ReadAhead | None:
        ahead = self._ahead
        if ahead is None or ahead.session_id != session_id:
            return None
        self._ahead = None
        return ahead if self._ahead_usable(ahead, signer, now) else None

    def _forget_ahead_for(self, changes: Changes) -> None:
        """A change naming the note read ahead makes it stale; one of its client or day
        (day totals, draw-down, overlaps) only its billing preview, worked out again when
        it is shown; any other kind of change (a plan, a payer...) all of it. A read
        still under way may predate the change: it is read again."""
        if self._publishing_own:
            return  # the signature's change, applied when it was stored (_signed)
        ahead = self._ahead
        stale = self._ahead_loading or (
            ahead is not None
            and (
                not changes.sessions_named
                or changes.entities != {Entity.SESSION}
                or ahead.session_id in changes.session_ids
            )
        )
        if stale:
            self._ahead = None
            self._ahead_generation += 1
            self._ahead_loading = False
            if self.isVisible():
                self._read_ahead_after_paint.start()
            return
        if (
            ahead is not None
            and ahead.line is not None
            and (
                ahead.client_id in changes.session_clients
                or any(day == ahead.service_date for _client, day in changes.session_days)
            )
        ):
            self._ahead = replace(ahead, line=None)

    # ---- actions -----------------------------------------------------------

    def use_pending_writes(self, writes: PendingWrites) -> None:
        """Sign through the writer thread (the window's): the GUI thread never waits for
        the signature's commit."""
        self._writes = writes
        writes.saved.connect(self._on_write_saved)
        writes.failed.connect(self._on_write_failed)

    def sign_and_next(self) -> bool:
        """Sign the selected note; the queue then lands on the note after it. With the
        writer thread the signature is only sent here: True means sent, and the note
        counts as signed once ``note_signed`` says it is stored (a refusal is shown on
        the panel, the note stays unsigned). While the queue or the note is still being
        read, True means the note is signed once shown, if it can be."""
        if self._reloading and self._signing is None:
            # Ctrl+Enter right after the tab was shown, while the queue is read: the note
            # it lands on is signed once it is shown, if it can be.
            self._sign_after_reload = True
            return True
        row = self.current_row()
        if row is None or self._signing is not None:
            return False
        if self._note_loading:
            # The coach pressed Ctrl+Enter right after moving to the note: it is signed
            # once it is shown, if it can be (else the panel says what is missing).
            self._sign_when_shown = row.session_id
            return True
        if not self.panel.can_sign():
            return False
        if self._writes is None:
            signed = self.panel.sign()
            if signed is None:
                self.sign_button.setEnabled(False)
                return False
            self._signed(row.session_id, signed.changes)
            return True
        session_id, staff_id, now = row.session_id, self.panel.staff_id, self.now()
        if staff_id is None:
            return False
        self._signing = session_id
        self.panel.show_signing()
        self.sign_button.setEnabled(False)
        self._writes.submit(
            _SIGN_KEY + session_id,
            lambda store: notes.sign(store, session_id, staff_id, now),
        )
        return True

    def _signed(self, session_id: str, changes: Changes) -> None:
        """The signature is stored: say so, take the note out of the queue and land on
        the one after it (read ahead: shown once the queue is painted, with no read);
        once that is painted, every view (this one included) hears of the change."""
        self._signed_in_run += 1
        self.note_signed.emit(session_id)
        self._forget_ahead_for(changes)
        if self.model.row_of(session_id) >= 0:
            self._replace_rows(frozenset({session_id}), [])  # a signed note leaves
        self._signed_changes = (
            changes if self._signed_changes is None else self._signed_changes | changes
        )
        if self._landing is None:  # else once the note landed on is shown
            self._publish_after_paint.start()
        if self.isVisible():
            self.table.setFocus()
        else:
            self._finish_signing_run()  # the coach left the queue while it was stored

    def _publish_signed(self) -> None:
        changes, self._signed_changes = self._signed_changes, None
        if changes is not None and not records_closed(self.store):
            self._publishing_own = True
            try:
                self.bus.publish(changes)
            finally:
                self._publishing_own = False

    def _on_write_saved(self, key: str, written: object) -> None:
        if not key.startswith(_SIGN_KEY) or not isinstance(written, Written):
            return
        session_id = key.removeprefix(_SIGN_KEY)
        if session_id == self._signing:
            self._signing = None
        self.panel.signed.emit(session_id)
        self._signed(session_id, written.changes)

    def _on_write_failed(self, key: str, problem: str) -> None:
        if not key.startswith(_SIGN_KEY):
            return
        session_id = key.removeprefix(_SIGN_KEY)
        if session_id == self._signing:
            self._signing = None
        log.warning("signature not stored")  # why is on the panel (it can name the note)
        # The refused note is shown again (still unsigned), with the reason.
        row = self.model.row_of(session_id)
        current = self.current_row()
        if row >= 0 and (current is None or current.session_id != session_id):
            self.select_row(row, show=False)
        self._show_refusal(session_id, problem)

    def _show_refusal(self, session_id: str, problem: str) -> None:
        """Show the note as stored (unsigned) with why the signature was refused."""
        self._shown_generation += 1
        self._note_loading = False
        self.viewer.show_session(session_id)
        row = self.model.row_of(session_id)
        signer = self._signer_for(self.model.row_at(row)) if row >= 0 else None
        self.panel.set_session(session_id, signer)
        self.panel.show_refusal(problem)
        self.sign_button.setEnabled(self.panel.can_sign())

    def _finish_signing_run(self) -> None:
        if self._signed_in_run:
            signed, self._signed_in_run = self._signed_in_run, 0
            self.signing_run_finished.emit(signed)

    def hideEvent(self, event: QHideEvent) -> None:
        self._finish_signing_run()
        super().hideEvent(event)

    def _edit(self) -> None:
        row = self.current_row()
        if row is not None and self.edit_note is not None:
            self.edit_note(row.session_id)
