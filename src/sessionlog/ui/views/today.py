"""Today: the caseload, the timer, the note, and today's sessions, in one place.

A coach lives in this view all day: pick a client and a service (each showing
the units left in its authorization), time the session, write the note, and
see which of today's notes are still to finish.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import shiboken6
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.catalog import service_codes
from sessionlog.core.changes import RECORD_KINDS, Changes, Entity
from sessionlog.core.completeness import missing_elements
from sessionlog.core.errors import NotFoundError, StoreError
from sessionlog.core.models import Session, SessionStatus
from sessionlog.core.queries import SessionFilter
from sessionlog.core.timer import Clock
from sessionlog.core.units import BillingLine
from sessionlog.services import timing
from sessionlog.services.billing import lines_for_days
from sessionlog.services.records import Reader, TodayRecords
from sessionlog.ui import theme
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.formats import date_text, weekday_date_text
from sessionlog.ui.idle import read_after_idle
from sessionlog.ui.theme import Tone
from sessionlog.ui.views.note_form import NoteForm
from sessionlog.ui.views.timer_panel import TimerPanel
from sessionlog.ui.widgets import ColumnScroll, heading, hint, local_time

ID_ROLE = Qt.ItemDataRole.UserRole


def units_texts(lines: Iterable[BillingLine]) -> dict[str, str]:
    """The Units column of today's sessions, by session id."""
    result: dict[str, str] = {}
    for line in lines:
        # A draft shows what signing it will bill; a cap or an exhausted
        # authorization shows as "4 (0 billable)" rather than a bare, puzzling 0.
        value = line.billable_units if "unsigned" not in line.flags else line.billable_if_signed
        text = (
            str(line.units)
            if value == line.units
            else QCoreApplication.translate("today", "{units} ({value} billable)").format(
                units=line.units, value=value
            )
        )
        if len(line.session_ids) > 1:
            text += QCoreApplication.translate("today", " day total")
        for session_id in line.session_ids:
            result[session_id] = text
    return result


def today_units(store: Reader, pairs: set[tuple[str, date]], now: datetime) -> dict[str, str]:
    """Units of today's sessions: only their clients' day, never the agency's."""
    try:
        return units_texts(lines_for_days(store, pairs, now=now))
    except (StoreError, ValueError):
        return {}


def remaining_units(store: Reader, client_id: str, day: date) -> list[timing.CodeOption]:
    try:
        return timing.code_options(store, client_id, day)
    except (StoreError, ValueError):
        return []


class TodayView(QWidget):
    # Billing figures computed off the GUI thread are on screen (units, units left).
    units_shown = Signal()
    remaining_shown = Signal()

    def __init__(
        self,
        store: TodayRecords,
        bus: ChangeBus,
        clock: Clock,
        staff_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store: TodayRecords = store
        self.bus = bus
        self.clock = clock
        self.staff_id = staff_id

        self.timer = TimerPanel(store, bus, clock, self)
        self.note = NoteForm(store, bus, clock, staff_id, self)
        self.timer.set_staff(staff_id)
        self.timer.session_focused.connect(self.focus_session)
        # The timer publishes each change on the bus (before its sessions_changed), and the
        # bus refills today's list: one refill per click.
        # Billing runs in the thread pool on a connection of its own (the GUI thread
        # never computes it); results older than the newest request are dropped.
        self._units_generation = 0
        self._remaining_generation = 0
        self._units_pending = False
        self._remaining_pending = False
        self._units_soon = QTimer(self)
        self._units_soon.setSingleShot(True)
        self._units_soon.setInterval(0)
        self._units_soon.timeout.connect(self._start_units)
        # The status of sessions changed while not listed (of another day), as last read:
        # an autosave of one does not count the drafts again (_update_listed).
        self._elsewhere: dict[str, SessionStatus] = {}
        # After Stop (or an untimed entry) the coach writes: the keys go to the note.
        self.timer.writing_wanted.connect(lambda _id: self.note.focus_first_missing())
        self._build_ui()
        self.bus.subscribe(self, RECORD_KINDS, self._on_changed)
        self.refresh()

    # ---- layout ---------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.day_label = heading(self.tr("Caseload"))
        self.clients = QListWidget()
        self.clients.setAccessibleName(self.tr("Caseload"))
        self.clients.currentItemChanged.connect(self._on_client)
        clients_label = QLabel(self.tr("&Clients with a plan active today"))
        clients_label.setBuddy(self.clients)

        self.codes = QListWidget()
        self.codes.setAccessibleName(self.tr("Services"))
        self.codes.setWordWrap(True)
        self.codes.currentItemChanged.connect(self._on_code)
        self.codes.itemActivated.connect(lambda _item: self.timer.start())
        self.codes_label = QLabel(self.tr("Serv&ices"))
        self.codes_label.setBuddy(self.codes)
        # Only what the client is authorized for, unless the coach asks for the rest.
        self.show_all_codes = QCheckBox(self.tr("Sho&w all services"))
        self.show_all_codes.setToolTip(
            self.tr(
                "Also list the services no authorization covers today (not billable until one "
                "is on file)"
            )
        )
        self.show_all_codes.toggled.connect(lambda _on: self._fill_codes())

        self.empty = QWidget()
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.setContentsMargins(0, 0, 0, 0)
        self.empty_text = hint("")
        self.demo_button = QPushButton(self.tr("Load the &demo caseload"))
        self.demo_button.clicked.connect(self._load_demo)
        empty_layout.addWidget(self.empty_text)
        empty_layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.sessions = QTreeWidget()
        self.sessions.setAccessibleName(self.tr("Today's sessions"))
        self.sessions.setHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Client"),
                self.tr("Service"),
                self.tr("Units"),
                self.tr("Status"),
            ]
        )
        self.sessions.setRootIsDecorated(False)
        self.sessions.setAlternatingRowColors(True)
        # One line of text per row: the list need not measure every row to lay it out.
        self.sessions.setUniformRowHeights(True)
        self.sessions.currentItemChanged.connect(self._on_session)
        sessions_label = QLabel(self.tr("Today's sessio&ns"))
        sessions_label.setBuddy(self.sessions)
        self.to_finish = QLabel()
        self.to_finish.setAccessibleName(self.tr("Notes to finish"))
        self.to_finish.setStyleSheet("font-weight: bold;")
        # Captions wrap rather than widen the window (large fonts on a small screen).
        self.to_finish.setWordWrap(True)
        self.to_finish.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.codes_label.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.day_label)
        left_layout.addWidget(self.empty)
        left_layout.addWidget(clients_label)
        left_layout.addWidget(self.clients, 2)
        codes_row = QHBoxLayout()
        codes_row.addWidget(self.codes_label, 1)
        codes_row.addWidget(self.show_all_codes)
        left_layout.addLayout(codes_row)
        left_layout.addWidget(self.codes, 2)
        # The timer sits under the client and service it times; the note gets the whole
        # height on the right, so a typical note shows whole on a 1366×768 laptop.
        left_layout.addWidget(self.timer)
        counts = QHBoxLayout()
        counts.addWidget(sessions_label)
        counts.addWidget(self.to_finish, 1)
        left_layout.addLayout(counts)
        left_layout.addWidget(self.sessions, 3)
        self._left_labels = [clients_label, self.codes_label]

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.note, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        # Scrolls when a large system font makes the caseload and timer taller than the
        # window (18 pt at 1366×768), rather than cutting the timer's buttons off.
        splitter.addWidget(ColumnScroll(left))
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        # Two fifths for the caseload and the timer, the rest for the note's fields.
        splitter.setSizes([400, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)
        self.splitter = splitter

        self.setTabOrder(self.clients, self.codes)
        self.setTabOrder(self.codes, self.timer.start_button)

    def session_actions(self) -> list[QAction]:
        """Timer commands for the Session menu (they carry the shortcuts)."""
        return self.timer.actions_for_menu()

    # ---- state from the main window ---------------------------------------------

    def set_staff(self, staff_id: str | None) -> None:
        self.staff_id = staff_id
        self.timer.set_staff(staff_id)
        self.note.set_staff(staff_id)
        self.refresh()

    def flush(self) -> None:
        self.note.flush()

    def shut_down(self) -> None:
        self.note.shut_down()
        self.timer.shut_down()

    def recover_interrupted(self) -> QWidget | None:
        return self.timer.recover_interrupted()

    def today(self) -> date:
        """The laptop's local date: the coach's working day."""
        return self.clock.read().wall.astimezone().date()

    # ---- filling -------------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(
            Entity.CLIENT, Entity.PLAN, Entity.AUTHORIZATION, Entity.STAFF, Entity.PAYER
        ):
            self.refresh()
            return
        if not changes.touches(Entity.SESSION):
            return
        if changes.sessions_named and self._update_listed(changes):
            return  # listed notes' text or timer changed: their rows only
        # A session written: today's list (one query), and the units left of the client
        # picked only when the change is that client's (signing draws on them).
        self._fill_sessions(self.today())
        client_id = self._current(self.clients)
        if client_id is not None and (
            not changes.sessions_named or client_id in changes.session_clients
        ):
            self._start_remaining(client_id)

    def _update_listed(self, changes: Changes) -> bool:
        """Sessions already listed whose client, service, signature and first start did
        not change (an autosave of the note's text; a Pause, Resume or Stop): only their
        rows are rewritten, with no query of the day; units are recounted in the pool
        only when their times changed (units left draw on signed notes only: untouched).
        A session of another day (the laptop's day is not the client's after dark) is
        not listed and cannot join the list: only a change of its status (a draft more
        or fewer to finish) is counted again, in the pool. The sessions are read in one
        query (a group note's autosave names every attendee). False when anything else
        changed (the day is read again)."""
        listed: list[Session] = getattr(self, "_shown_sessions", [])
        shown = {s.id: s for s in listed}
        elsewhere = self._elsewhere
        day = self.today()
        session_ids = changes.session_ids
        if not session_ids <= shown.keys() and any(d == day for _c, d in changes.session_days):
            return False  # one joins the list (a session started today): read nothing first
        read = self.store.sessions_with_ids(sorted(session_ids))
        if len(read) != len(session_ids):
            return False  # deleted (an absent attendee): the day is read again
        timer_states = {SessionStatus.RUNNING, SessionStatus.DRAFT}
        fresh: list[Session] = []
        recount = False
        for session in read:
            old = shown.get(session.id)
            if old is None:
                if session.service_date() == day or session.status not in timer_states:
                    return False  # it joins the list, or a signature: the day anew
                recount = recount or elsewhere.get(session.id) is not session.status
                continue
            if (session.code, session.client_id, session.signed, session.first_start()) != (
                old.code,
                old.client_id,
                old.signed,
                old.first_start(),
            ):
                return False
            if session.status is not old.status and not {session.status, old.status} <= (
                timer_states
            ):
                return False  # signed, voided...: the day is read again
            fresh.append(session)
        # Remembered only once nothing sent the day to be read again.
        elsewhere.update({s.id: s.status for s in read if s.id not in shown})
        timed = any(s.segments != shown[s.id].segments for s in fresh)
        active = set(self.timer.session_ids)
        by_id = {s.id: s for s in fresh}
        if by_id:
            self._shown_sessions = [by_id.get(s.id, s) for s in listed]
        for row in range(self.sessions.topLevelItemCount()):
            item = self.sessions.topLevelItem(row)
            changed = by_id.get(str(item.data(0, ID_ROLE))) if item is not None else None
            if item is not None and changed is not None:
                item.setText(4, self._status(changed, active))
        if timed or recount or any(s.status is not shown[s.id].status for s in fresh):
            self._count_drafts(self._shown_sessions, active)
            self._units_soon.start()  # the units column (and the drafts), in the pool
        return True

    def refresh(self) -> None:
        day = self.today()
        self.day_label.setText(
            self.tr("Caseload · {day}").format(day=weekday_date_text(day, long=True))
        )
        self._fill_clients(day)
        self._fill_sessions(day)

    def _fill_clients(self, day: date) -> None:
        keep = self._current(self.clients)
        caseload = timing.caseload(self.store, day)
        # The agency's clients are counted only to word an empty caseload: one read at start.
        client_count = len(caseload) or len(self.store.clients())
        if not client_count:
            self.empty_text.setText(
                self.tr(
                    "No clients yet. Import a caseload file (File ▸ Import…), add a client "
                    "(Setup ▸ Clients), or try SessionLog with an invented demo caseload."
                )
            )
        elif not caseload:
            self.empty_text.setText(
                self.tr(
                    "None of your {0} clients has a treatment plan covering "
                    "today. Add or extend a plan (Setup ▸ Plans) to time sessions against it."
                ).format(client_count)
            )
        else:
            self.empty_text.setText("")
        self.empty.setVisible(bool(self.empty_text.text()))
        self.demo_button.setVisible(not client_count)
        for label in self._left_labels:
            label.setVisible(bool(caseload))
        self.show_all_codes.setVisible(bool(caseload))
        self.clients.setVisible(bool(caseload))
        self.codes.setVisible(bool(caseload))
        self.clients.blockSignals(True)
        self.clients.clear()
        for client in caseload:
            item = QListWidgetItem(client.name)
            item.setData(ID_ROLE, client.id)
            self.clients.addItem(item)
            if client.id == keep:
                self.clients.setCurrentItem(item)
        self.clients.blockSignals(False)
        self._fill_codes()

    def _fill_codes(self) -> None:
        client_id = self._current(self.clients)
        keep = self._current(self.codes)
        self.codes.blockSignals(True)
        self.codes.clear()
        self._option_items: list[tuple[timing.CodeOption, QListWidgetItem]] = []
        if client_id is None:
            self.codes_label.setText(self.tr("Serv&ices — pick a client first"))
            self.codes.blockSignals(False)
            self.timer.set_ready(None, None)
            return
        name = self.clients.currentItem().text()
        self.codes_label.setText(self.tr("Serv&ices for {name}").format(name=name))
        # What is left of each authorization comes from billing, off the GUI thread.
        options = timing.covering_codes(self.store, client_id, self.today())
        authorized = {o.code for o in options}
        for option in options:
            item = QListWidgetItem(self._option_text(option, None))
            item.setData(ID_ROLE, option.code)
            self._option_items.append((option, item))
            self.codes.addItem(item)
        others = [c for c in service_codes().values() if c.code not in authorized]
        if keep is not None and keep not in authorized and not self.show_all_codes.isChecked():
            keep = None  # hidden now: the first authorized service is ready instead
        if others and not self.show_all_codes.isChecked():
            if not options:
                note = QListWidgetItem(
                    self.tr(
                        "No authorization covers today: tick “Show all services” to time one "
                        "anyway (not billable until one is on file)."
                    )
                )
                note.setFlags(Qt.ItemFlag.NoItemFlags)
                self.codes.addItem(note)
        elif others:
            divider = QListWidgetItem(
                self.tr("No authorization covers today for:")
                if options
                else self.tr(
                    "No authorization covers "
                    "today. Any session would not be billable until one is on file:"
                )
            )
            divider.setFlags(Qt.ItemFlag.NoItemFlags)
            self.codes.addItem(divider)
            for known in others:
                item = QListWidgetItem(
                    self.tr("{code} {description} — not authorized").format(
                        code=known.code, description=known.shown_description
                    )
                )
                item.setData(ID_ROLE, known.code)
                item.setForeground(theme.text(Tone.MUTED, on=QPalette.ColorRole.Base))
                self.codes.addItem(item)
        chosen = keep if keep is not None else (options[0].code if options else None)
        for row in range(self.codes.count()):
            item = self.codes.item(row)
            if chosen is not None and item.data(ID_ROLE) == chosen:
                self.codes.setCurrentItem(item)
                break
        self.codes.blockSignals(False)
        self.timer.set_ready(client_id, self._current(self.codes))
        self._start_remaining(client_id)

    @staticmethod
    def _option_text(option: timing.CodeOption, remaining: int | None) -> str:
        left = (
            QCoreApplication.translate(
                "TodayView", "{granted} units granted (counting what is left…)"
            ).format(granted=option.granted)
            if remaining is None
            else QCoreApplication.translate(
                "TodayView", "{remaining} of {granted} units left"
            ).format(remaining=remaining, granted=option.granted)
        )
        return QCoreApplication.translate(
            "TodayView",
            "{code} {description}\n    {left} · authorization "
            "{authorization_number} · until {ends}",
        ).format(
            code=option.code,
            description=option.description,
            left=left,
            authorization_number=option.authorization_number,
            ends=date_text(option.ends),
        )

    def _start_remaining(self, client_id: str) -> None:
        self._remaining_generation += 1
        generation, day = self._remaining_generation, self.today()
        self._remaining_pending = True

        def shown(options: list[timing.CodeOption] | None) -> None:
            if generation != self._remaining_generation:
                return
            self._remaining_pending = False
            left = {(o.code, o.authorization_number): o.remaining for o in options or []}
            for option, item in self._option_items:
                if not shiboken6.isValid(item):
                    continue
                remaining = left.get((option.code, option.authorization_number))
                item.setText(self._option_text(option, remaining))
                if remaining is not None and remaining <= 0:
                    item.setForeground(theme.text(Tone.ERROR, on=QPalette.ColorRole.Base))
            self.remaining_shown.emit()

        # After the click that asked has been handled and painted (ui/idle.py).
        read_after_idle(
            self,
            self.store,
            (self, "remaining"),
            lambda store: remaining_units(store, client_id, day),
            shown,
        )

    def units_pending(self) -> bool:
        """Whether billing figures are still being worked out (tests, benchmarks)."""
        return self._units_pending or self._remaining_pending or self._units_soon.isActive()

    def _fill_sessions(self, day: date) -> None:
        # The row of the note being edited stays highlighted through every refresh.
        keep = self.note.session.id if self.note.session else self._current(self.sessions)
        sessions = self.store.sessions(SessionFilter(staff_id=self.staff_id, start=day, end=day))
        names = self._names({s.client_id for s in sessions})
        units = getattr(self, "_units_shown", {})
        self._shown_sessions = sessions
        self._elsewhere.clear()  # the drafts are counted anew (_start_units)
        self._units_soon.start()
        active = set(self.timer.session_ids)
        tree = self.sessions
        tree.blockSignals(True)
        # The rows are rewritten in place, never cleared: clearing removed them one by
        # one, and with a current row each removal moved it to the next row and laid the
        # whole list out again (17-60 ms of a timer Start at 300k, issue 12).
        while tree.topLevelItemCount() > len(sessions):
            tree.takeTopLevelItem(tree.topLevelItemCount() - 1)
        current: QTreeWidgetItem | None = None
        for number, session in enumerate(sessions):
            texts = [
                local_time(session.first_start(), session.timezone),
                names.get(session.client_id, "?")
                + (
                    self.tr(" (group of {group_size})").format(group_size=session.group_size)
                    if session.group_id
                    else ""
                ),
                session.code,
                units.get(session.id, ""),
                self._status(session, active),
            ]
            item = tree.topLevelItem(number)
            if item is None:
                item = QTreeWidgetItem(texts)
                tree.addTopLevelItem(item)
            else:
                for column, text in enumerate(texts):
                    if item.text(column) != text:
                        item.setText(column, text)
            item.setData(0, ID_ROLE, session.id)
            if session.id == keep:
                current = item
        if current is None:
            tree.setCurrentIndex(QModelIndex())
            tree.clearSelection()
        elif tree.currentItem() is not current or not current.isSelected():
            tree.setCurrentItem(current)
        for column in range(tree.columnCount()):
            tree.resizeColumnToContents(column)
        tree.blockSignals(False)
        self._count_drafts(sessions, active)

    def _count_drafts(self, sessions: list[Session], active: set[str]) -> None:
        """What the count of notes to finish needs besides the coach's drafts (which read
        every note of the coach: counted in the pool with the units)."""
        self._to_finish_args = (
            self.staff_id,
            len(active & {s.id for s in sessions if s.status is SessionStatus.DRAFT}),
            sum(1 for s in sessions if s.status is SessionStatus.DRAFT and s.id not in active),
        )

    def _show_to_finish(self, all_drafts: int | None) -> None:
        if all_drafts is None:
            return
        _staff, timed_drafts, today_drafts = self._to_finish_args
        drafts = all_drafts - timed_drafts
        if drafts:
            earlier = drafts - today_drafts
            extra = (
                self.tr(" ({earlier} from earlier days)").format(earlier=earlier) if earlier else ""
            )
            self.to_finish.setText(
                self.tr("%n note(s) to finish{extra}", "", drafts).format(extra=extra)
            )
            self.to_finish.setStyleSheet(theme.css(Tone.WARNING, bold=True))
        else:
            self.to_finish.setText(self.tr("All notes finished"))
            self.to_finish.setStyleSheet(theme.css(Tone.SUCCESS, bold=True))

    def _names(self, client_ids: set[str]) -> dict[str, str]:
        """Names of the clients listed today (a few rows, not the agency's clients)."""
        names = {}
        for client_id in client_ids:
            try:
                names[client_id] = self.store.client(client_id).name
            except NotFoundError:
                continue
        return names

    def _start_units(self) -> None:
        """Units of the sessions listed, off the GUI thread; the column keeps what it
        showed until they come."""
        self._units_generation += 1
        generation = self._units_generation
        sessions: list[Session] = getattr(self, "_shown_sessions", [])
        pairs = {(s.client_id, d) for s in sessions if (d := s.service_date()) is not None}
        now = self.clock.read().wall
        self._units_pending = True

        staff_id = self._to_finish_args[0]

        def work(store: Reader) -> tuple[dict[str, str], int]:
            drafts = store.count_sessions(
                SessionFilter(staff_id=staff_id, status=SessionStatus.DRAFT)
            )
            return today_units(store, pairs, now), drafts

        def shown(result: tuple[dict[str, str], int] | None) -> None:
            if generation != self._units_generation:
                return
            self._units_pending = False
            units, drafts = result if result is not None else ({}, None)
            self._show_to_finish(drafts)
            self._units_shown = units
            for row in range(self.sessions.topLevelItemCount()):
                item = self.sessions.topLevelItem(row)
                if item is not None:
                    item.setText(3, self._units_shown.get(str(item.data(0, ID_ROLE)), ""))
            self.sessions.resizeColumnToContents(3)
            self.units_shown.emit()

        read_after_idle(self, self.store, (self, "units"), work, shown)

    @staticmethod
    def _status(session: Session, active: set[str]) -> str:
        if session.status is SessionStatus.RUNNING:
            return QCoreApplication.translate("TodayView", "● Running")
        if session.signed:
            return QCoreApplication.translate("TodayView", "Signed")
        if session.id in active:
            return QCoreApplication.translate("TodayView", "Paused")
        missing = len(missing_elements(session))
        if missing:
            return QCoreApplication.translate("TodayView", "Draft — {missing} to fill in").format(
                missing=missing
            )
        return QCoreApplication.translate("TodayView", "Ready to sign")

    @staticmethod
    def _current(widget: QListWidget | QTreeWidget) -> str | None:
        item = widget.currentItem()
        if item is None:
            return None
        value = item.data(0, ID_ROLE) if isinstance(item, QTreeWidgetItem) else item.data(ID_ROLE)
        return None if value is None else str(value)

    # ---- reactions --------------------------------------------------------------------

    def _on_client(self, *_args: object) -> None:
        self._fill_codes()

    def _on_code(self, *_args: object) -> None:
        self.timer.set_ready(self._current(self.clients), self._current(self.codes))

    def _on_session(self, *_args: object) -> None:
        session_id = self._current(self.sessions)
        if session_id is not None:
            self.note.show_session(session_id)

    def focus_session(self, session_id: str) -> None:
        """Open this session's note; its row in today's list stays highlighted."""
        if self.note.session is None or self.note.session.id != session_id:
            # A session the timer's start just wrote is shown as written: not read again.
            self.note.show_session(session_id, self.timer.started_sessions.get(session_id))
        self.sessions.blockSignals(True)
        for row in range(self.sessions.topLevelItemCount()):
            item = self.sessions.topLevelItem(row)
            if item is not None and item.data(0, ID_ROLE) == session_id:
                self.sessions.setCurrentItem(item)
                break
        self.sessions.blockSignals(False)

    def select_client(self, client_id: str, code: str | None = None) -> None:
        for row in range(self.clients.count()):
            if self.clients.item(row).data(ID_ROLE) == client_id:
                self.clients.setCurrentRow(row)
                break
        if code is not None:
            if self._code_row(code) is None and not self.show_all_codes.isChecked():
                self.show_all_codes.setChecked(True)  # a service no authorization covers
            code_row = self._code_row(code)
            if code_row is not None:
                self.codes.setCurrentRow(code_row)

    def _code_row(self, code: str) -> int | None:
        for row in range(self.codes.count()):
            if self.codes.item(row).data(ID_ROLE) == code:
                return row
        return None

    def _load_demo(self) -> None:
        from sessionlog.services.demo import load_demo  # first run only

        try:
            loaded = load_demo(self.store)
        except (StoreError, NotFoundError) as exc:
            self.empty_text.setText(
                self.tr("The demo caseload could not be loaded: {exc}").format(exc=exc)
            )
            return
        self.bus.publish(loaded.changes)
