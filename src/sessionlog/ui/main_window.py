"""The main window: the frame the views live in.

Other parts of the app plug in here with small insertions: a view through
``add_view(...)``, a command by appending a QAction to one of the menus
(``file_menu``, ``session_menu``, ``view_menu``, ``setup_menu``, ``help_menu``).
Look for the "Plug-in point" comments.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sessionlog import APPLICATION_NAME
from sessionlog.core.changes import Changes, Entity
from sessionlog.core.errors import NotFoundError
from sessionlog.core.timer import Clock, SystemClock
from sessionlog.services import preferences, protection
from sessionlog.services.preferences import CURRENT_STAFF_KEY, choose_current_staff
from sessionlog.services.records import Records
from sessionlog.ui import theme
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.idle import follow_up_lane
from sessionlog.ui.theme import Tone
from sessionlog.ui.window_state import (
    fit_to_screen,
    restore_view_state,
    restore_window_state,
    save_window_state,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from sessionlog.ui.dialogs.backups import RestoreDialog
    from sessionlog.ui.dialogs.claims_dialog import ClaimExportDialog
    from sessionlog.ui.dialogs.packet_dialog import PacketDialog
    from sessionlog.ui.dialogs.security import SecurityDialog
    from sessionlog.ui.lock import LockScreen, WindowCover
    from sessionlog.ui.preload import ModulePreload
    from sessionlog.ui.views.end_of_day import EndOfDayView
    from sessionlog.ui.views.history import HistoryView
    from sessionlog.ui.warm_up import DrawWarmUp

# How long after start-up the daily backup (when due) begins.
DAILY_BACKUP_DELAY_MS = 3000


class MainWindow(QMainWindow):
    staff_changed = Signal(object)  # str | None: the staff id now using the app
    closing = Signal()  # views flush unsaved typing on it
    brought_to_front = Signal()  # a second app on this database asked for this window
    # The database was replaced by a restore: the app reopens it in a new window.
    reopen_requested = Signal()
    backup_finished = Signal(object)  # Path | None: an automatic backup ended
    # Protect or re-key the database: (work, show the recovery key). The app closes this
    # window's connection, runs the work, and opens the file again in a new window.
    protection_requested = Signal(object, bool)
    lock_changed = Signal(bool)  # True when the lock screen is up

    def __init__(
        self,
        store: Records,
        db_path: Path,
        bus: ChangeBus | None = None,
        clock: Clock | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.db_path = db_path
        self.bus = bus or ChangeBus(self)
        self.clock = clock or SystemClock()
        self._base_title = APPLICATION_NAME
        self._replaced = False
        self.setWindowTitle(self._base_title)
        self.resize(1280, 760)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.read_only_banner = QLabel(
            self.tr(
                "This database is open read-only: its file or folder cannot be written. History, "
                "documentation packets and exports work; timing, notes, signing and setup are "
                "switched off."
            )
        )
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet(
            theme.css(Tone.WARNING, filled=True, bold=True, extra="padding: 6px;")
        )
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.read_only_banner)
        column.addWidget(self.tabs)
        # ---- encryption at rest and lock (issue #13) ----
        self.protected = protection.is_protected(db_path)
        self.locked = False
        # The lock screen and the cover of other windows are built when first locking
        # (only a protected database locks), not for the first paint (issue 12).
        self._lock_screen: LockScreen | None = None
        self._window_cover: WindowCover | None = None
        self._pages = QStackedWidget()
        self._pages.addWidget(central)
        self.setCentralWidget(self._pages)
        # ---- end encryption at rest and lock ----

        bar = self.menuBar()
        self.file_menu = bar.addMenu(self.tr("&File"))
        self.session_menu = bar.addMenu(self.tr("&Session"))
        self.view_menu = bar.addMenu(self.tr("&View"))
        self.setup_menu = bar.addMenu(self.tr("Set&up"))
        self.help_menu = bar.addMenu(self.tr("&Help"))

        self._staff_label = QLabel()
        self.statusBar().addPermanentWidget(self._staff_label)
        self._apply_staff(self.store.get_state(CURRENT_STAFF_KEY))
        self.bus.subscribe(self, {Entity.STAFF}, self._on_changed)

        # Another process writing (a command-line import) must never freeze this window:
        # its connection waits briefly, and autosaves that must wait finish in the
        # background, shown as "saving…".
        from sessionlog.ui.pending_writes import GUI_BUSY_TIMEOUT_MS, PendingWrites

        self.store.set_busy_timeout(GUI_BUSY_TIMEOUT_MS)
        self.pending_writes = PendingWrites(self.store.reopen, self)
        self._saving_label = QLabel()
        # A fixed width: its text coming and going at every save must not lay the status
        # bar out again (that repaints the whole window: ~5 ms of the GUI thread each time).
        self._saving_label.setFixedWidth(
            self._saving_label.fontMetrics().horizontalAdvance(self.tr("saving…")) + 8
        )
        self.statusBar().addWidget(self._saving_label)
        self.pending_writes.waiting_changed.connect(
            lambda waiting: self._saving_label.setText(self.tr("saving…") if waiting else "")
        )

        # Today's first figures are asked for while the window is built: they start once
        # it has first painted (ui/idle.py).
        follow_up_lane().start_after_first_paint(self)
        self._build_views()
        self._build_menus()
        self.today.note.use_pending_writes(self.pending_writes)
        self.today.timer.use_pending_writes(self.pending_writes)
        self.read_only_banner.setVisible(self.store.read_only)
        if self.store.read_only:
            self._switch_off_writing()
        # Window geometry, splitters, column widths and the last tab, as the coach left them.
        self.settings = QSettings(APPLICATION_NAME, APPLICATION_NAME)
        restore_window_state(self, self.tabs, self.settings)
        self._start_idle_watch()
        fit_to_screen(self)
        # Kept authorization draws computed before History asks (issue 12); a read-only
        # database keeps nothing, and one in memory has no second connection to do it on.
        self.preload: ModulePreload | None = None  # set by start_up
        self.warm_up: DrawWarmUp | None = None
        if not self.store.read_only and self.store.path is not None:
            from sessionlog.ui.warm_up import DrawWarmUp

            self.warm_up = DrawWarmUp(self.store.path, self.bus, self)

    # ---- views ---------------------------------------------------------

    def _build_views(self) -> None:
        from sessionlog.ui.views.today import TodayView

        self.today = TodayView(self.store, self.bus, self.clock, self.current_staff_id, self)
        self.staff_changed.connect(self.today.set_staff)
        self.today.timer.title_changed.connect(self.set_title_prefix)
        self.closing.connect(self.today.shut_down)
        self.add_view(self.tr("&Today"), self.today, "Ctrl+1")
        # ---- end of day and history (issue #4, second half) ----
        # Built when first shown or first used, not for the first paint: their modules and
        # widgets are a tenth of the start, and each loads its rows only when shown anyway.
        self._end_of_day: EndOfDayView | None = None
        self._history: HistoryView | None = None
        self._unbuilt: dict[QWidget, Callable[[], QWidget]] = {}
        self._end_of_day_tab = self._tab_built_later(lambda: self.end_of_day)
        self._history_tab = self._tab_built_later(lambda: self.history)
        self.add_view(self.tr("&End of day"), self._end_of_day_tab, "Ctrl+2")
        self.add_view(self.tr("Histor&y"), self._history_tab, "Ctrl+3")
        self.tabs.tabBarClicked.connect(self._build_shown_tab)
        self.tabs.currentChanged.connect(self._build_shown_tab)  # Ctrl+Tab, a restored tab
        # ---- end: end of day and history ----

    @property
    def end_of_day(self) -> EndOfDayView:
        if self._end_of_day is None:
            from sessionlog.ui.views.end_of_day import EndOfDayView

            view = EndOfDayView(
                self.store,
                self.bus,
                lambda: self.current_staff_id,
                self,
                edit_note=self.edit_in_today,
                now=lambda: self.clock.read().wall,
                load_when_shown=True,
            )
            self._end_of_day = view
            view.use_pending_writes(self.pending_writes)
            self.staff_changed.connect(lambda _staff_id: view.reload())
            view.signing_run_finished.connect(lambda _n: self.automatic_backup("end-of-day"))
            if self.store.read_only:
                view.setEnabled(False)  # as everything that writes (_switch_off_writing)
            self._put_in_tab(view, self._end_of_day_tab)
        return self._end_of_day

    @property
    def history(self) -> HistoryView:
        if self._history is None:
            from sessionlog.ui.views.history import HistoryView

            self._history = HistoryView(
                self.store,
                self.bus,
                self.db_path,
                lambda: self.current_staff_id,
                self,
                now=lambda: self.clock.read().wall,
                load_when_shown=True,
            )
            self._history.writes = self.pending_writes  # its Sign dialog signs there
            self._put_in_tab(self._history, self._history_tab)
        return self._history

    def built_views(self) -> list[QWidget]:
        """The views built so far (End of day and History wait until first shown)."""
        return [v for v in (self.today, self._end_of_day, self._history) if v is not None]

    def _tab_built_later(self, build: Callable[[], QWidget]) -> QWidget:
        placeholder = QWidget()
        self._unbuilt[placeholder] = build
        return placeholder

    def _build_shown_tab(self, index: int) -> None:
        page = self.tabs.widget(index)
        build = self._unbuilt.get(page) if page is not None else None
        if build is not None:
            build()

    def _put_in_tab(self, view: QWidget, placeholder: QWidget) -> None:
        """The built view takes its placeholder's tab, which stays current if it was."""
        del self._unbuilt[placeholder]
        index = self.tabs.indexOf(placeholder)
        current = self.tabs.currentIndex() == index
        title = self.tabs.tabText(index)
        self.tabs.blockSignals(True)
        try:
            # In first and current before the placeholder goes: the current tab never
            # passes through another one on the way.
            self.tabs.insertTab(index, view, title)
            if current:
                self.tabs.setCurrentIndex(index)
            self.tabs.removeTab(index + 1)
        finally:
            self.tabs.blockSignals(False)
        placeholder.deleteLater()
        settings = getattr(self, "settings", None)  # None while the window is being built
        if settings is not None:
            restore_view_state(self, view, settings)

    def add_view(self, title: str, widget: QWidget, shortcut: str | None = None) -> None:
        """Add a tab, and a View-menu entry (with its shortcut) that shows it."""
        index = self.tabs.addTab(widget, title)
        action = QAction(title, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda: self._switch_to_tab(index))
        self.view_menu.addAction(action)

    def _switch_to_tab(self, index: int) -> None:
        # A view built later is built before its tab comes forward (focus lands in it).
        self._build_shown_tab(index)
        self.tabs.setCurrentIndex(index)

    def show_view(self, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(widget)

    # ---- end of day hand-off (issue #4, second half) ----
    def edit_in_today(self, session_id: str) -> None:
        """The end-of-day queue edits a draft in the one note form, on Today."""
        self.today.focus_session(session_id)
        self.show_view(self.today)
        self.today.note.focus_first_missing()  # straight to what the note lacks

    # ---- end: end of day hand-off ----

    # ---- documentation packet (issue #6) ----
    def export_packet(self) -> PacketDialog:
        """The packet dialog, for the client picked on Today if there is one."""
        from sessionlog.ui.dialogs.packet_dialog import open_packet_dialog
        from sessionlog.ui.views.today import ID_ROLE

        item = self.today.clients.currentItem()
        client_id = item.data(ID_ROLE) if item is not None else None
        return open_packet_dialog(
            self.store, self.db_path, self, client_id=client_id, now=lambda: self.clock.read().wall
        )

    # ---- end: documentation packet ----

    # ---- claims (issue #11) ----
    def export_claims(self, kind: str) -> ClaimExportDialog:
        """The claim export dialog: ``kind`` "lines" (CSV) or "837"."""
        from sessionlog.ui.dialogs.claims_dialog import ClaimExportDialog

        dialog = ClaimExportDialog(
            self.store, self.db_path, kind, self, now=lambda: self.clock.read().wall
        )
        dialog.show()
        return dialog

    # ---- end: claims ----

    # ---- menus ---------------------------------------------------------

    def _build_menus(self) -> None:
        # Plug-in point: File ▸ Import / Export actions go above the separator.
        self._file_separator = self.file_menu.addSeparator()
        quit_action = self.file_menu.addAction(self.tr("&Quit"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)

        for action in self.today.session_actions():
            self.session_menu.addAction(action)
        self.session_menu.addSeparator()
        sign = self.session_menu.addAction(self.tr("Sig&n the open note…"))
        sign.setShortcut(QKeySequence("Ctrl+Shift+Return"))
        sign.triggered.connect(self._sign_open_note)
        addendum = self.session_menu.addAction(self.tr("Add an &addendum to the open note…"))
        addendum.triggered.connect(self._addendum_to_open_note)

        who = self.setup_menu.addAction(self.tr("&Who is using this laptop…"))
        who.triggered.connect(lambda: self.choose_staff(force=True))
        # Plug-in point: setup editors (clients, plans, authorizations, payers) go here.
        # ---- caseload setup (issue #5): Setup editors, File import/export ----
        from sessionlog.ui.setup.menu import SetupActions

        self.setup_actions = SetupActions(
            self.store,
            self.bus,
            self,
            choose_current=self.set_current_staff,
            today=lambda: self.clock.read().wall.astimezone().date(),
        )
        self.setup_menu.addSeparator()
        for action in self.setup_actions.setup_actions:
            self.setup_menu.addAction(action)
        for action in self.setup_actions.file_actions:
            self.add_file_action(action)
        # ---- end caseload setup ----
        # ---- documentation packet (issue #6): File ▸ Export documentation packet ----
        packet = QAction(self.tr("Export documentation &packet (PDF)…"), self)
        packet.setShortcut(QKeySequence("Ctrl+Shift+E"))
        packet.triggered.connect(lambda _checked=False: self.export_packet())
        self.add_file_action(packet)
        # ---- end documentation packet ----
        # ---- claims (issue #11): File ▸ Export claim lines… / Export claims… ----
        lines = QAction(self.tr("Export claim &lines (CSV)…"), self)
        lines.triggered.connect(lambda _checked=False: self.export_claims("lines"))
        self.add_file_action(lines)
        claims = QAction(self.tr("Export &claims (837P)…"), self)
        claims.triggered.connect(lambda _checked=False: self.export_claims("837"))
        self.add_file_action(claims)
        # ---- end claims ----

        # ---- backups (issue #14): File ▸ Back up now…, File ▸ Restore… ----
        backup = QAction(self.tr("&Back up now…"), self)
        backup.triggered.connect(lambda _checked=False: self.back_up_now())
        self.add_file_action(backup)
        restore = QAction(self.tr("Res&tore a backup…"), self)
        restore.triggered.connect(lambda _checked=False: self.open_restore())
        self.add_file_action(restore)
        # ---- end backups ----

        # ---- encryption at rest and lock (issue #13) ----
        self.lock_action = QAction(self.tr("Loc&k"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setEnabled(self.protected)
        self.lock_action.setToolTip(
            self.tr("Hide everything until the passphrase is typed")
            if self.protected
            else self.tr("Locking needs a passphrase: Setup ▸ Security protects the database")
        )
        self.lock_action.triggered.connect(lambda _checked=False: self.lock())
        self.add_file_action(self.lock_action)
        self.setup_menu.addSeparator()
        security = self.setup_menu.addAction(self.tr("&Security (passphrase, auto-lock)…"))
        security.triggered.connect(lambda _checked=False: self.open_security())
        # ---- end encryption at rest and lock ----

        check = self.help_menu.addAction(self.tr("&Check the record…"))
        check.triggered.connect(lambda _checked=False: self.check_record())
        about = self.help_menu.addAction(
            self.tr("&About {APPLICATION_NAME}").format(APPLICATION_NAME=APPLICATION_NAME)
        )
        about.triggered.connect(self._about)

    def _sign_open_note(self) -> None:
        note = self.today.note
        if note.session is None or note.session.signed:
            self.statusBar().showMessage(
                self.tr("Open an unsigned note on Today to sign it."), 5000
            )
            return
        self.show_view(self.today)
        note.open_sign()

    def _addendum_to_open_note(self) -> None:
        note = self.today.note
        if note.session is None or not note.session.signed:
            self.statusBar().showMessage(
                self.tr("Addenda are for signed notes: open one on Today or in History."), 5000
            )
            return
        self.show_view(self.today)
        note.open_addendum()

    # ---- read-only database and backups (issue #14) ----
    def _switch_off_writing(self) -> None:
        """A read-only database: everything that writes is switched off up front, so the
        coach is never led into typing a note that cannot be saved."""
        self.today.setEnabled(False)  # End of day is built switched off (see end_of_day)
        self.session_menu.setEnabled(False)
        self.setup_menu.setEnabled(False)
        for action in self.file_menu.actions():
            if any(
                word in action.text().replace("&", "")
                for word in (self.tr("Import"), self.tr("Restore"))
            ):
                action.setEnabled(False)

    def back_up_now(self, target: Path | None = None) -> object:
        from sessionlog.ui.dialogs.backups import back_up_now

        return back_up_now(self.db_path, self, target)

    def open_restore(self) -> RestoreDialog:
        from sessionlog.ui.dialogs.backups import RestoreDialog

        dialog = RestoreDialog(
            self.db_path, self, before_restore=self._ready_for_restore, now=self._local_now
        )
        dialog.restored.connect(self._on_restored)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def _local_now(self) -> datetime:
        return self.clock.read().wall.astimezone().replace(tzinfo=None)

    def _ready_for_restore(self) -> str | None:
        """Flush typing so the safety copy holds it; refuse while a timer runs (the
        restored file would not know the session being timed)."""
        if self.store.running_sessions():
            return self.tr("Stop the running timer before restoring a backup.")
        self.today.note.flush()
        return None

    def _on_restored(self, _result: object) -> None:
        self._replaced = True
        self.reopen_requested.emit()

    def automatic_backup(self, reason: str) -> object:
        """A rolling backup in the data folder, off the GUI thread; a failure is said in
        the status bar, never in the coach's way."""
        from sessionlog.ui.tasks import run_in_background

        now = self._local_now()
        path = self.db_path

        def work(_progress: object) -> object:
            # Imported here, in the worker: the first import (the backup modules and
            # platformdirs) took 55 ms of the GUI thread when a signing run ended.
            from sessionlog.services.backups import back_up, daily_backup_if_due

            if reason == "daily":
                return daily_backup_if_due(path, now=now)
            return back_up(path, reason, now=now)

        def failed(exc: Exception) -> None:
            from sessionlog.ui.dialogs.backups import failure_text

            self.statusBar().showMessage(
                self.tr("Automatic backup failed: {0}").format(failure_text(exc)), 15000
            )

        def done(taken: object) -> None:
            if taken is not None:
                self.statusBar().showMessage(self.tr("Backup taken."), 5000)
            self.backup_finished.emit(taken)

        # A snapshot under a temporary name, renamed into place: quitting may stop it.
        self._backup_job = run_in_background(work, done, failed, abandon_at_quit=True)
        return self._backup_job

    # ---- end backups ----

    # ---- encryption at rest and lock (issue #13) ----
    def _start_idle_watch(self) -> None:
        from sessionlog.ui.lock import IdleWatch

        self.idle_watch = IdleWatch(self.lock, self)
        self.today.timer.title_changed.connect(self._update_lock_clock)
        self.set_auto_lock_minutes(self.auto_lock_minutes(), save=False)

    def auto_lock_minutes(self) -> int:
        return preferences.auto_lock_minutes(self.store)

    def set_auto_lock_minutes(self, minutes: int, save: bool = True) -> None:
        """Setup ▸ Security: 0 never locks by itself. Only a protected database locks."""
        if save and not self.store.read_only:
            self.bus.publish(preferences.set_auto_lock_minutes(self.store, minutes))
        self.idle_watch.set_interval_ms(minutes * 60_000 if self.protected else 0)

    @property
    def lock_screen(self) -> LockScreen:
        """The window's second page, shown while locked."""
        if self._lock_screen is None:
            from sessionlog.ui.lock import LockScreen

            self._lock_screen = LockScreen(self.db_path)
            self._lock_screen.unlocked.connect(self.unlock)
            self._pages.addWidget(self._lock_screen)
        return self._lock_screen

    @property
    def window_cover(self) -> WindowCover:
        if self._window_cover is None:
            from sessionlog.ui.lock import WindowCover

            self._window_cover = WindowCover()
        return self._window_cover

    def lock(self) -> bool:
        """Show only the lock screen (and the timer's clock) in every window of the app;
        the timer and its heartbeats carry on. False on a plain database: without a
        passphrase there is nothing to unlock with."""
        if self.locked or not self.protected or self._replaced:
            return self.locked
        self.locked = True
        self._pages.setCurrentWidget(self.lock_screen)
        self.menuBar().hide()
        self.statusBar().hide()
        self.window_cover.cover(keep=self)
        self._update_lock_clock()
        # The lock screen in front: the covered windows say to unlock it here.
        self.raise_()
        self.activateWindow()
        self.lock_screen.reset()
        self.lock_changed.emit(True)
        return True

    def unlock(self) -> None:
        """The passphrase was typed on the lock screen (checked there)."""
        if not self.locked:
            return
        self.locked = False
        self._pages.setCurrentIndex(0)
        self.menuBar().show()
        self.statusBar().show()
        self.window_cover.uncover()
        self.set_title_prefix(self.today.timer.title_text() or None)
        self.set_auto_lock_minutes(self.auto_lock_minutes(), save=False)
        self.lock_changed.emit(False)

    def _update_lock_clock(self, _title: str = "") -> None:
        if not self.locked:
            return
        clock = self.today.timer.lock_screen_text()
        self.lock_screen.set_clock(clock)
        from sessionlog.ui.lock import locked_title

        self.setWindowTitle(f"{clock} — {locked_title()}" if clock else locked_title())

    def open_security(self) -> SecurityDialog:
        from sessionlog.ui.dialogs.security import SecurityDialog

        dialog = SecurityDialog(
            self.protected, self.auto_lock_minutes(), self, refusal=self._ready_for_protection
        )
        path = self.db_path
        dialog.protect_requested.connect(
            lambda passphrase, show: self.replace_protection(
                lambda: protection.protect(path, passphrase), show
            )
        )
        dialog.change_requested.connect(
            lambda passphrase, show: self.replace_protection(
                lambda: protection.change_passphrase(path, passphrase), show
            )
        )
        dialog.auto_lock_changed.connect(self.set_auto_lock_minutes)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _ready_for_protection(self) -> str | None:
        if self.store.read_only:
            return self.tr("This database is open read-only: it cannot be protected from here.")
        if self.store.running_sessions():
            return self.tr("Stop the running timer first: the database is reopened afterwards.")
        self.today.note.flush()
        return None

    def replace_protection(self, work: object, show_recovery_key: bool) -> None:
        """Hand the file to the app to protect or re-key it (this window is then replaced)."""
        self._replaced = True
        self.idle_watch.stop()
        self.protection_requested.emit(work, show_recovery_key)

    def offer_protection_if_new(self) -> bool:
        """First run (an empty, plain database): offer a passphrase, recommended."""
        # The store first: SQLCipher's driver is imported only for an empty file.
        if self.protected or not self.store.is_empty() or not protection.available():
            return False
        answer = QMessageBox.question(
            self,
            APPLICATION_NAME,
            self.tr(
                "Protect this database with a passphrase? (Recommended.)\n\n"
                "Client records on a laptop are protected health information: with a passphrase "
                "the database and its backups are encrypted, and the app locks itself when "
                "left alone. You will type the passphrase each time SessionLog starts.\n\n"
                "Choose No to keep it unprotected (Setup ▸ Security can protect it later)."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        from sessionlog.ui.dialogs.security import NewPassphraseDialog

        dialog = NewPassphraseDialog(
            self.tr("Protect the database"),
            self.tr(
                "Choose the passphrase you will type to open SessionLog. Without it (or the "
                "recovery key) nobody can open the records, including you."
            ),
            self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        passphrase, path = dialog.passphrase(), self.db_path
        self.replace_protection(
            lambda: protection.protect(path, passphrase), dialog.recovery.isChecked()
        )
        return True

    def show_recovery_key(self, recovery_key: str) -> QDialog:
        from sessionlog.ui.dialogs.security import RecoveryKeyDialog

        dialog = RecoveryKeyDialog(recovery_key, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # ---- end encryption at rest and lock ----

    def add_file_action(self, action: QAction) -> None:
        """Put an action in the File menu above Quit."""
        self.file_menu.insertAction(self._file_separator, action)

    def check_record(self) -> QDialog:
        """Help ▸ Check the record, on a worker thread with its own connection."""
        from sessionlog.services.integrity import check_database
        from sessionlog.ui.dialogs.record_check import RecordCheckDialog

        path = self.db_path
        dialog = RecordCheckDialog(lambda: check_database(path), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def report_restored_triggers(self, names: list[str]) -> None:
        """Said once at start when the file had lost protective triggers (now put back)."""
        if not names:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            APPLICATION_NAME,
            self.tr(
                "%n protective trigger(s) were missing from the database and have been put "
                "back: {0}.\n\n"
                "The file was changed outside SessionLog. "
                "Help ▸ Check the record shows whether any note or audit entry was altered.",
                "",
                len(names),
            ).format(", ".join(names)),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.restored_triggers_box = box

    def _about(self) -> None:
        from sessionlog.ui.dialogs.about import AboutDialog

        AboutDialog(self.db_path, self).exec()

    # ---- who is using the app -------------------------------------------

    @property
    def current_staff_id(self) -> str | None:
        return self._staff_id

    def set_current_staff(self, staff_id: str | None) -> Changes:
        """Who uses this laptop now; the changes the write made (for Setup's bus)."""
        changes = choose_current_staff(self.store, staff_id)
        self._apply_staff(staff_id)
        self.staff_changed.emit(self._staff_id)
        return changes

    def _apply_staff(self, staff_id: str | None) -> None:
        name = None
        if staff_id is not None:
            try:
                name = self.store.staff(staff_id).name
            except NotFoundError:
                staff_id = None  # the profile was removed: ask again
        self._staff_id = staff_id
        # The audit log records who made each change.
        self.store.actor = staff_id or "app"
        self._staff_label.setText(
            self.tr("Working as: {name}").format(name=name)
            if name
            else self.tr("No staff member chosen")
        )

    def choose_staff(self, force: bool = False) -> str | None:
        """Ask who uses this laptop when nobody is chosen yet (or when ``force``). With no
        profile at all, asked from the menu, it offers to create one (Setup ▸ Staff)."""
        staff = self.store.staff_members()
        if not force and (not staff or self._staff_id is not None):
            return self._staff_id
        # Only when asking: the dialog's module is no part of an ordinary start.
        from sessionlog.ui.dialogs.choose_staff import ChooseStaffDialog

        dialog = ChooseStaffDialog(staff, self._staff_id, self)
        if dialog.exec() == ChooseStaffDialog.DialogCode.Accepted:
            if dialog.create_profile:
                # The first profile saved becomes this laptop's user (StaffEditor.save).
                self.setup_actions.new_staff_profile()
                return self._staff_id
            chosen = dialog.selected_staff_id()
            if chosen is not None and chosen != self._staff_id:
                self.set_current_staff(chosen)
        return self._staff_id

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.STAFF):
            self._apply_staff(self.store.get_state(CURRENT_STAFF_KEY))

    # ---- start-up and shut-down -------------------------------------------

    def start_up(self) -> None:
        """What happens once the window shows: first-run demo offer, who is working,
        and recovery of a timer left running by a crash."""
        from sessionlog.ui.preload import ModulePreload

        # The modules of the dialogs and views the coach opens later, imported while the
        # coach is still: their first open then waits for no import (issue 12).
        self.preload = ModulePreload(self)
        self.preload.schedule()
        if self.store.read_only:
            return  # nothing can be written: no demo, no recovery, no backup bookkeeping
        if self.offer_protection_if_new():
            return  # the protected file opens in a new window, which starts up itself
        self.offer_demo_if_empty()
        self.choose_staff()
        self.today.recover_interrupted()
        if self.db_path.is_file() and not self.store.read_only:
            # A while after the window is up: the snapshot and its modules would otherwise
            # share the first paint's CPU with Today's rows and units (issue 12).
            QTimer.singleShot(DAILY_BACKUP_DELAY_MS, self, self._daily_backup)
        if self.warm_up is not None:
            self.warm_up.schedule()  # once the window is up and idle

    def _daily_backup(self) -> None:
        if not self._replaced and self.isVisible():
            self.automatic_backup("daily")

    def offer_demo_if_empty(self) -> bool:
        """On first run (an empty database): set up step by step (Setup's editors in
        order), load the demo caseload, or start empty. True when the demo was loaded."""
        if not self.store.is_empty():
            return False
        from sessionlog.ui.dialogs.first_run import DEMO, GUIDED, FirstRunDialog  # first run

        dialog = FirstRunDialog(self)
        dialog.exec()
        if dialog.choice == GUIDED:
            self.setup_actions.start_guide()
            return False
        if dialog.choice != DEMO:
            return False
        from sessionlog.services.demo import load_demo  # first run only

        self.bus.publish(load_demo(self.store).changes)
        return True

    def bring_to_front(self) -> None:
        """Another ``sessionlog`` was started on this database: show this window."""
        self.setWindowState(
            (self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
        )
        self.show()
        self.raise_()
        self.activateWindow()
        self.brought_to_front.emit()

    def set_title_prefix(self, prefix: str | None) -> None:
        """The running timer shows its clock in the title (seen in the taskbar); while
        locked only the clock, never whose it is."""
        if self.locked:
            self._update_lock_clock()
            return
        self.setWindowTitle(f"{prefix} — {self._base_title}" if prefix else self._base_title)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle_watch.stop()
        if self.warm_up is not None:
            self.warm_up.stop()
        if self.preload is not None:
            self.preload.stop()
        save_window_state(self, self.tabs, self.settings)
        if not self._replaced:  # after a restore, old typing must not reach the new file
            self.closing.emit()
        super().closeEvent(event)
