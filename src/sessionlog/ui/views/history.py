"""History: every past session, filtered and searched, newest first.

Queries run in the thread pool on their own connection (a worker must never share
the GUI's sqlite connection); the table fills a page at a time as it scrolls, so
years of notes open as fast as a week of them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.catalog import service_codes
from sessionlog.core.changes import Changes, Entity
from sessionlog.core.errors import StoreError
from sessionlog.core.models import Session, SessionStatus, utc_now
from sessionlog.core.queries import SessionFilter
from sessionlog.services.records import HistoryRecords, own_connection
from sessionlog.ui import theme
from sessionlog.ui.after_paint import AfterPaint
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.dialogs.note_dialog import NoteViewerDialog
from sessionlog.ui.formats import date_pattern, widest_datetime
from sessionlog.ui.models.rows import SessionRow, UnitsCell, build_rows, units_by_session
from sessionlog.ui.models.sessions_model import (
    COL_CLIENT,
    COL_SIGNER,
    COL_UNITS,
    SESSION_ID_ROLE,
    SessionsModel,
    display_texts,
    narrow_update,
)
from sessionlog.ui.tasks import run_in_background
from sessionlog.ui.theme import Tone

if TYPE_CHECKING:
    from sessionlog.ui.pending_writes import PendingWrites

if TYPE_CHECKING:
    from sessionlog.ui.dialogs.packet_dialog import PacketDialog

log = logging.getLogger("sessionlog.ui.history")

# Below this date the date edits read "any": QDateEdit cannot be empty.
_NO_DATE = QDate(2000, 1, 1)

_WATCHED = frozenset(
    {Entity.SESSION, Entity.CLIENT, Entity.PAYER, Entity.STAFF, Entity.PLAN, Entity.AUTHORIZATION}
)


# The rows whose texts the worker makes (:func:`display_texts`): more than a tall screen
# shows at once. The rest of a page are made as it scrolls to them: all 200 cost the
# worker ~10 ms of CPU, a fifth of the page's rows' time (issue 12).
FIRST_PAINT_ROWS = 60


def load_page(db_path: Path, f: SessionFilter, now: datetime, with_count: bool) -> dict[str, Any]:
    """One page of History rows, read on a connection of its own (worker thread).

    Units come in a second step (:func:`load_units`): over years of data a page of
    search hits can span every month, and the rows should not wait for billing.
    The count of every match comes after (:func:`load_count`): a common word matches
    most of ten years of notes, and counting them should not hold back the first rows."""
    with own_connection(db_path, actor="history") as store:
        sessions = store.sessions(f)
        rows = build_rows(store, sessions, now=now, units_later=True)
    # A first page shorter than a page is every match: nothing left to count.
    complete = with_count and f.offset == 0 and f.limit is not None and len(rows) < f.limit
    return {
        "rows": rows,
        "total": len(rows) if complete else None,
        "sessions": sessions,
        "texts": display_texts(rows[:FIRST_PAINT_ROWS]),
    }


def load_changed_page(
    db_path: Path, f: SessionFilter, now: datetime, changes: Changes, shown: list[SessionRow]
) -> dict[str, Any]:
    """After ``changes`` naming their sessions (worker thread): the first page read again
    and, when it holds the shown sessions in the shown order, only what differs: the
    rows, and the units of the sessions the change can move (the changed sessions, and
    every row of their clients: signing draws on the client's authorization), worked
    out here too, so the table repaints once. Else the page, to be shown anew."""
    page = load_page(db_path, f, now, with_count=True)
    rows: list[SessionRow] = page["rows"]
    sessions: list[Session] = page["sessions"]
    beyond = {r.session_id for r in shown[len(rows) :]}
    if beyond & changes.session_ids:
        return {"page": page}
    moved = [
        s for s in sessions if s.id in changes.session_ids or s.client_id in changes.session_clients
    ]
    cells = load_units(db_path, moved) if moved else {}
    updates = narrow_update(shown, rows, cells, {s.id for s in moved})
    if updates is None:
        return {"page": page}
    return {"updates": updates, "shown_ids": [r.session_id for r in shown[: len(rows)]]}


def load_count(db_path: Path, f: SessionFilter) -> int:
    """How many sessions match ``f`` in all (worker thread)."""
    with own_connection(db_path, actor="history") as store:
        return store.count_sessions(replace(f, limit=None, offset=0))


def load_units(db_path: Path, sessions: list[Session]) -> dict[str, UnitsCell]:
    """Billing units for a page's sessions, on a connection of its own (worker thread)."""
    with own_connection(db_path, actor="history") as store:
        return units_by_session(store, sessions)


class HistoryView(QWidget):
    loaded = Signal()  # a page (first or later) is in the table
    units_loaded = Signal()  # a page's billing units are filled in
    failed = Signal(str)

    def __init__(
        self,
        store: HistoryRecords,
        bus: ChangeBus,
        db_path: Path,
        current_staff_id: Callable[[], str | None],
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = utc_now,
        page_size: int = 200,
        load_when_shown: bool = False,
    ) -> None:
        super().__init__(parent)
        self.store: HistoryRecords = store
        self.bus = bus
        self.db_path = Path(db_path)
        self.current_staff_id = current_staff_id
        self.now = now
        # The window's writer thread, set by the window: a note opened here is signed
        # there, as on Today and in End of day (the GUI thread never waits on the lock).
        self.writes: PendingWrites | None = None
        self._generation = 0
        self._stale = False
        self._pending = 0
        self._jobs: set[object] = set()
        self._counting = False  # the first page is shown; its total is still being counted
        self._filter = SessionFilter(newest_first=True, limit=page_size)
        # Work that waits for the table to paint first (:meth:`_after_paint`).
        self._paint_first: list[Callable[[], None]] = []
        self._paint_timer = AfterPaint(self, self._run_after_paint)

        self.client_combo = QComboBox()
        self.client_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.client_combo.setMinimumContentsLength(18)
        self.code_combo = QComboBox()
        self.code_combo.addItem(self.tr("All codes"), None)
        for code, info in service_codes().items():
            self.code_combo.addItem(f"{code}  {info.shown_description}", code)
        # Narrow when closed (the code is what a coach scans for); the popup shows names.
        self.code_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.code_combo.setMinimumContentsLength(12)
        self.code_combo.view().setMinimumWidth(360)
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("Any status"), None)
        self.status_combo.addItem(self.tr("Running"), SessionStatus.RUNNING)
        self.status_combo.addItem(self.tr("Draft"), SessionStatus.DRAFT)
        self.status_combo.addItem(self.tr("Signed"), SessionStatus.SIGNED)
        self.status_combo.addItem(self.tr("Voided (discarded drafts)"), SessionStatus.VOIDED)
        self.from_edit = self._date_edit()
        self.to_edit = self._date_edit()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(
            self.tr("Search note text (intervention, response, plan)…")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(self.tr("Search note text"))
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.clear_button.clicked.connect(self.clear_filters)
        # ---- documentation packet (issue #6) ----
        self.packet_button = QPushButton(self.tr("E&xport packet…"))
        self.packet_button.setToolTip(
            self.tr("A PDF documentation packet for the client and dates chosen in the filters")
        )
        self.packet_button.clicked.connect(lambda _checked=False: self.export_packet())
        # ---- end documentation packet ----

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        for combo in (self.client_combo, self.code_combo, self.status_combo):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(lambda _d: self.refresh())

        # Two rows (what, then when and which words): one long row made the window wider
        # than a 150% laptop screen with large fonts.
        filters = QHBoxLayout()
        search_row = QHBoxLayout()
        # Mnemonics avoid the menu bar's (File, Session, View, Setup, Help).
        for row, label, widget in (
            (filters, self.tr("C&lient"), self.client_combo),
            (filters, self.tr("Co&de"), self.code_combo),
            (filters, self.tr("St&atus"), self.status_combo),
            (search_row, self.tr("Fro&m"), self.from_edit),
            (search_row, self.tr("U&ntil"), self.to_edit),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget)
            row.addSpacing(8)
        filters.addStretch(1)
        search_caption = QLabel(self.tr("Sea&rch"))
        search_caption.setBuddy(self.search_edit)
        search_row.addWidget(search_caption)
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.clear_button)
        search_row.addWidget(self.packet_button)

        self.model = SessionsModel(self, page_size=page_size)
        self.model.set_fetcher(self._fetch_more)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Sessions"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list: it holds rows, not cells
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_CLIENT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_SIGNER, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.table.setColumnWidth(0, max(170, widest_datetime(self.table.fontMetrics()) + 16))
        self.table.setColumnWidth(COL_UNITS, 140)
        self.table.doubleClicked.connect(self._open_index)
        open_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table)
        open_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        open_shortcut.activated.connect(lambda: self._open_index(self.table.currentIndex()))

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.count_label = QLabel()
        self.count_label.setStyleSheet(theme.css(Tone.MUTED))
        footer = QHBoxLayout()
        footer.addWidget(self.count_label, 1)
        footer.addWidget(self.busy)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)

        self._fill_clients()
        bus.subscribe(self, _WATCHED, self._on_changed)
        if load_when_shown:
            self._stale = True  # in the window: the first query runs when the tab is shown
        else:
            self.refresh()

    # ---- filters -----------------------------------------------------------

    @staticmethod
    def _date_edit() -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(date_pattern())
        edit.setMinimumDate(_NO_DATE)
        edit.setSpecialValueText(QCoreApplication.translate("HistoryView", "any date"))
        edit.setDate(_NO_DATE)
        return edit

    @staticmethod
    def _date_of(edit: QDateEdit) -> date | None:
        value = edit.date()
        if value == _NO_DATE:
            return None
        return date(value.year(), value.month(), value.day())

    def _fill_clients(self) -> None:
        chosen = self.client_combo.currentData()
        self.client_combo.blockSignals(True)
        self.client_combo.clear()
        self.client_combo.addItem(self.tr("All clients"), None)
        for client in self.store.clients(include_archived=True):
            label = (
                self.tr("{name} (archived)").format(name=client.name)
                if client.archived
                else client.name
            )
            self.client_combo.addItem(label, client.id)
        index = self.client_combo.findData(chosen)
        self.client_combo.setCurrentIndex(max(index, 0))
        self.client_combo.blockSignals(False)

    def current_filter(self) -> SessionFilter:
        start, end = self._date_of(self.from_edit), self._date_of(self.to_edit)
        if start and end and end < start:
            start, end = end, start
        return replace(
            self._filter,
            client_id=self.client_combo.currentData(),
            code=self.code_combo.currentData(),
            status=self.status_combo.currentData(),
            start=start,
            end=end,
            search=self.search_edit.text().strip() or None,
            offset=0,
        )

    def set_filters(
        self,
        *,
        client_id: str | None = None,
        code: str | None = None,
        status: SessionStatus | None = None,
        start: date | None = None,
        end: date | None = None,
        search: str = "",
    ) -> None:
        """Set every filter at once and run one query (tests, links from other views)."""
        widgets = (
            self.client_combo,
            self.code_combo,
            self.status_combo,
            self.from_edit,
            self.to_edit,
            self.search_edit,
        )
        for widget in widgets:
            widget.blockSignals(True)
        self.client_combo.setCurrentIndex(max(self.client_combo.findData(client_id), 0))
        self.code_combo.setCurrentIndex(max(self.code_combo.findData(code), 0))
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(status), 0))
        self.from_edit.setDate(QDate(start.year, start.month, start.day) if start else _NO_DATE)
        self.to_edit.setDate(QDate(end.year, end.month, end.day) if end else _NO_DATE)
        self.search_edit.setText(search)
        for widget in widgets:
            widget.blockSignals(False)
        self.refresh()

    def clear_filters(self) -> None:
        self.set_filters()

    # ---- loading -----------------------------------------------------------

    @property
    def is_loading(self) -> bool:
        return self._pending > 0

    def refresh(self, changes: Changes | None = None) -> None:
        """Run the query for the current filters from the first page. After ``changes``
        naming their sessions, when the page holds the same sessions in the same order,
        only the rows that differ are replaced and only the units the change can move
        (its clients' days) are worked out again."""
        self._search_timer.stop()
        self._generation += 1
        if self.model.rowCount() == 0:
            self.count_label.setText(self.tr("Loading…"))
        narrow = changes if changes is not None and changes.sessions_named else None
        self._start(self.current_filter(), with_count=True, changes=narrow)

    def _fetch_more(self, offset: int, limit: int) -> None:
        self._start(replace(self.current_filter(), offset=offset, limit=limit), with_count=False)

    def _start(self, f: SessionFilter, *, with_count: bool, changes: Changes | None = None) -> None:
        path, now = self.db_path, self.now()
        if changes is not None:
            self._start_changed(f, changes)
            return

        def shown(result: dict[str, Any]) -> None:
            self._show_page(f, result, with_count=with_count)

        self._run(lambda: load_page(path, f, now, with_count), shown, self.model.fetch_failed)

    def _show_page(self, f: SessionFilter, result: dict[str, Any], *, with_count: bool) -> None:
        rows: list[SessionRow] = result["rows"]
        if with_count:
            self._counting = result["total"] is None
            self.model.set_rows(rows, result["total"], result.get("texts"))
        else:
            self.model.append_rows(rows, result.get("texts"))
        self._update_count()
        self.loaded.emit()
        count = with_count and self._counting
        sessions: list[Session] = result["sessions"]
        if count or sessions:
            if self.table.isVisible():
                # Painted here and now: Qt would paint at its next frame (a timer of its
                # own), after the follow-up work had started.
                self.table.viewport().repaint()
            self._after_paint(lambda: self._follow_up(f, count, sessions))

    def _follow_up(self, f: SessionFilter, count: bool, sessions: list[Session]) -> None:
        """The page's units, then (when asked) the count of every match."""
        if sessions:
            self._start_units(sessions)
        if count:
            self._start_count(f)

    def _after_paint(self, work: Callable[[], None]) -> None:
        """``work`` at the event loop's next turn, after the table has painted what just
        came in (:meth:`_show_page`), unless a newer query started meanwhile. A worker
        computing in Python while the table paints takes the GIL back at every ``data()``
        call of the paint: 10 ms of painting became a 100 ms freeze (issue 12).
        Counted as loading meanwhile."""
        generation = self._generation
        self._pending += 1
        self._show_busy()

        def run() -> None:
            self._pending -= 1
            self._show_busy()
            if generation == self._generation:
                work()

        self._paint_first.append(run)
        self._paint_timer.start()

    def _run_after_paint(self) -> None:
        waiting, self._paint_first = self._paint_first, []
        for run in waiting:
            run()

    def _start_changed(self, f: SessionFilter, changes: Changes) -> None:
        """Re-read after a change naming its sessions: the comparison with the rows shown
        and the units it moves are worked out in the pool; here only the rows that differ
        are replaced (issue 12)."""
        path, now, shown_rows = self.db_path, self.now(), self.model.rows()

        def shown(result: dict[str, Any]) -> None:
            if "page" in result:
                self._show_page(f, result["page"], with_count=True)
                return
            if not self.model.apply_updates(result["shown_ids"], result["updates"]):
                self._start(f, with_count=True)  # the table moved meanwhile: fill it anew
                return
            self._update_count()
            self.loaded.emit()
            self.units_loaded.emit()

        self._run(
            lambda: load_changed_page(path, f, now, changes, shown_rows),
            shown,
            self.model.fetch_failed,
        )

    def _start_count(self, f: SessionFilter) -> None:
        """Count every match after the first page is shown (issue 12)."""
        path = self.db_path

        def counted(total: int) -> None:
            self._counting = False
            self.model.set_total(total)
            self._update_count()

        def failed() -> None:
            self._counting = False
            self._update_count()

        self._run(lambda: load_count(path, f), counted, failed)

    def _start_units(self, sessions: list[Session]) -> None:
        path = self.db_path
        ids = {s.id for s in sessions}

        def shown(cells: dict[str, UnitsCell]) -> None:
            self.model.set_units(ids, cells)
            self.units_loaded.emit()

        def failed() -> None:
            # Rows stay; their units read "—" rather than a promise that never comes.
            self.model.set_units(ids, {})

        self._run(lambda: load_units(path, sessions), shown, failed)

    def _run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[], None],
    ) -> None:
        """Run ``work`` in the pool; drop its result if a newer query started since."""
        generation = self._generation
        self._pending += 1
        self._show_busy()
        holder: list[object] = []

        def done(result: Any) -> None:
            if not shiboken6.isValid(self):  # the view closed while the query ran
                return
            self._finish(holder)
            if generation == self._generation:
                on_done(result)

        def error(exc: Exception) -> None:
            if not shiboken6.isValid(self):
                return
            self._finish(holder)
            if generation != self._generation:
                return
            on_failed()
            message = str(exc) if isinstance(exc, StoreError) else self.tr("the query failed")
            # Type only: a query error message can quote the search words (client data).
            log.warning("history query failed: %s", type(exc).__name__)
            self.count_label.setText(
                self.tr("Could not load History: {message}").format(message=message)
            )
            self.failed.emit(message)

        holder.append(run_in_background(lambda _progress: work(), done, error, read_only=True))
        self._jobs.add(holder[0])

    def _finish(self, holder: list[object]) -> None:
        self._pending -= 1
        if holder:
            self._jobs.discard(holder[0])
        self._show_busy()

    def _show_busy(self) -> None:
        self.busy.setVisible(self._pending > 0)

    def _update_count(self) -> None:
        total, shown = self.model.total, self.model.rowCount()
        if self._counting:
            self.count_label.setText(
                self.tr(
                    "The newest {shown:,} matching sessions; counting them all… "
                    "Double-click a row to read the note."
                ).format(shown=shown)
            )
        elif total == 0:
            self.count_label.setText(self.tr("No sessions match these filters."))
        elif shown < total:
            self.count_label.setText(
                self.tr(
                    "{total:,} sessions, newest first (showing {shown:,}; scroll for more). "
                    "Double-click a row to read the note."
                ).format(total=total, shown=shown)
            )
        else:
            self.count_label.setText(
                self.tr(
                    "%Ln session(s), newest first. Double-click a row to read the note.", "", total
                )
            )

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.CLIENT):
            self._fill_clients()
        if not changes.touches(*_WATCHED):
            return
        if self.window().isVisible() and not self.isVisible():
            # Another tab is in front: the query runs when History is shown again, not
            # at every timer click and autosave.
            self._stale = True
            return
        self.refresh(changes)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    # ---- documentation packet (issue #6) ----------------------------------

    def export_packet(self) -> PacketDialog:
        """The packet dialog, prefilled with the client and dates of the filters."""
        # Imported on use: it brings in the PDF layout (reportlab), which History
        # does not otherwise need at start-up.
        from sessionlog.ui.dialogs.packet_dialog import open_packet_dialog

        f = self.current_filter()
        return open_packet_dialog(
            self.store,
            self.db_path,
            self,
            client_id=f.client_id,
            start=f.start,
            end=f.end,
            now=self.now,
        )

    # ---- opening a note ----------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_note(str(index.data(SESSION_ID_ROLE)))

    def open_note(self, session_id: str) -> NoteViewerDialog:
        dialog = NoteViewerDialog(
            self.store,
            session_id,
            self.current_staff_id(),
            self,
            bus=self.bus,
            now=self.now,
            writes=self.writes,
        )
        # Owned by this view (its parent) until closed, so no Python reference is kept.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
