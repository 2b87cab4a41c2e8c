"""Composition root: the only place that wires paths, store and windows together."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from sessionlog import APPLICATION_NAME, __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from sessionlog.store.sqlite import Database
    from sessionlog.ui.main_window import MainWindow

log = logging.getLogger("sessionlog.app")

# How long a second app keeps trying to reach the first one, which may still be starting.
FIND_RUNNING_APP_MS = 10_000
RETRY_MS = 200
# At quit, how long background jobs the app may abandon (reads for a view, atomic writes)
# get to end, or to stop at their next progress report, before the process ends anyway.
QUIT_WAIT_MS = 200
QUIT_SLICE_MS = 20  # reads are not waited for at all: only writes stopping get the wait
# The once-a-day integrity check's small window appears only when the check is still
# running after this long (a small file is checked in a blink).
CHECK_WINDOW_DELAY_MS = 400
# How long after the window is up the app starts answering a second ``sessionlog`` on its
# database: QtNetwork's import and the socket are no part of the first paint or of Today's
# first figures (issue 12). A second app started meanwhile keeps asking for
# FIND_RUNNING_APP_MS.
LISTEN_DELAY_MS = 1000

NO_DISPLAY_MESSAGE = (
    "SessionLog needs a graphical desktop, and no display was found (DISPLAY and "
    "WAYLAND_DISPLAY are not set). Commands such as 'sessionlog units' work without one."
)


def display_available(
    environ: Mapping[str, str] | None = None, platform: str | None = None
) -> bool:
    """Whether Qt can open a window. On Linux and the BSDs a window needs an X11 or Wayland
    display (or an explicit QT_QPA_PLATFORM such as offscreen); without one Qt aborts with a
    misleading message about xcb plugins, so the app says so itself first."""
    env = os.environ if environ is None else environ
    system = sys.platform if platform is None else platform
    if system.startswith(("win", "darwin", "cygwin")):
        return True
    # QT_QPA_PLATFORM is a ';'-separated list of plugins Qt tries in turn, each with optional
    # ':arguments'. A desktop session often exports "xcb" or "wayland;xcb", which an SSH
    # login then inherits without a display: those still need one.
    requested = [p.split(":")[0].strip() for p in env.get("QT_QPA_PLATFORM", "").split(";")]
    requested = [p for p in requested if p]
    if not requested:
        return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    return any(_platform_has_display(plugin, env) for plugin in requested)


def _platform_has_display(plugin: str, env: Mapping[str, str]) -> bool:
    if plugin == "xcb":
        return bool(env.get("DISPLAY"))
    if plugin.startswith("wayland"):
        return bool(env.get("WAYLAND_DISPLAY"))
    return True  # offscreen, minimal, eglfs, linuxfb, vnc: no display server needed


def _import_layers_below_the_ui() -> None:
    """The store's and services' modules the window needs, imported before Qt: once
    imported, PySide6 reads the source of every module imported after it (looking for
    ``from __feature__ import``), and these are most of the app's modules at start
    (issue 12)."""
    import sessionlog.services.billing
    import sessionlog.services.preferences
    import sessionlog.services.timing
    import sessionlog.store  # noqa: F401


def run_gui(
    db_path: Path,
    argv: list[str] | None = None,
    on_started: Callable[[MainWindow], None] | None = None,
) -> int:
    """Open the app on ``db_path``; ``on_started`` (for process-level tests) gets the
    window once it has started up."""
    if not display_available():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 1
    collector = StartCollector()
    try:
        return _run_gui(db_path, argv, on_started, collector)
    finally:
        collector.resume(freeze=False)


class StartCollector:
    """Python's cyclic garbage collector, paused while the first window is built.

    The start makes some 36,000 objects that live as long as the app (modules, classes,
    the window's widgets and their wrappers), and almost no cyclic garbage (17 objects
    at 300,000 sessions). The collector traversed them again and again while they were
    being made (some 70 collections, 17 ms of the start on a busy machine: issue 12),
    and each later full collection would traverse them all again on the GUI thread
    (23-49 ms measured, at whatever click it falls on). So it is off until the
    window is shown; then, in a process of the app's own, what the start made is set
    aside for good (``gc.freeze``) and the collector goes on with what comes after."""

    def __init__(self) -> None:
        self._was_enabled = gc.isenabled()
        self._paused = True
        gc.disable()

    def resume(self, *, freeze: bool) -> None:
        """Once: the collector as it was; ``freeze`` first sets aside what exists now (not
        in a host such as a test run, whose objects are not the app's)."""
        if not self._paused:
            return
        self._paused = False
        if freeze:
            gc.freeze()
        if self._was_enabled:
            gc.enable()


def _run_gui(
    db_path: Path,
    argv: list[str] | None,
    on_started: Callable[[MainWindow], None] | None,
    collector: StartCollector,
) -> int:
    _import_layers_below_the_ui()
    from PySide6.QtCore import (
        QCoreApplication,
        QDeadlineTimer,
        QElapsedTimer,
        QThread,
        QThreadPool,
        QTimer,
    )
    from PySide6.QtWidgets import QApplication, QMessageBox

    from sessionlog.core.timer import SystemClock
    from sessionlog.instance import DatabaseLock, InstanceServer, ask_running_app_to_raise
    from sessionlog.store import (
        DamagedDatabaseError,
        Store,
        StoreError,
        mark_closed,
        mark_open,
    )
    from sessionlog.ui.bus import ChangeBus
    from sessionlog.ui.crash import install_crash_handler
    from sessionlog.ui.i18n import install_translators
    from sessionlog.ui.main_window import MainWindow
    from sessionlog.ui.platform import prepare_application
    from sessionlog.ui.tasks import (
        only_abandonable_running,
        only_reads_running,
        quit_over,
        request_quit,
    )

    existing = QApplication.instance()
    # A test may have made the application already; it is a QApplication like this one.
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    # Only an app that made its own QApplication owns the process, and may end it at quit
    # without waiting for abandoned work; inside a host (a test run) it must return.
    owns_process = existing is None
    app.setApplicationName(APPLICATION_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APPLICATION_NAME)

    prepare_application(app)
    # Before the first window: widgets translate their text when they are built.
    install_translators(app)

    windows: dict[MainWindow, Store] = {}
    install_crash_handler(lambda: next(iter(windows), None))

    # One writer per database: the app holds the lock for as long as it runs.
    lock = DatabaseLock(db_path)
    deadline = QDeadlineTimer(FIND_RUNNING_APP_MS)
    while not lock.acquire():
        if lock.place_is_read_only():
            # Nothing can write the file there: it opens read-only, with its banner.
            log.info("database folder is read-only: opening without the writer lock")
            break
        if ask_running_app_to_raise(db_path, timeout_ms=RETRY_MS):
            print(
                QCoreApplication.translate(
                    "app",
                    "SessionLog is already open on {db_path}; its window was brought to the front.",
                ).format(db_path=db_path),
                file=sys.stderr,
            )
            return 0
        if deadline.hasExpired():
            pid = lock.holder_pid()
            print(
                QCoreApplication.translate(
                    "app",
                    "error: {db_path} is being written by another SessionLog process"
                    "{0}; try again when it has finished.",
                ).format(f" (process {pid})" if pid else "", db_path=db_path),
                file=sys.stderr,
            )
            return 1
        QThread.msleep(RETRY_MS)  # the holder may be a command about to finish
    made: list[InstanceServer] = []  # deleted at the end, on this thread (see below)
    try:
        server = InstanceServer(db_path)
        made.append(server)

        def listen() -> None:
            if not server.listen():
                log.warning("second-instance socket not listening")

        if not unlock_if_protected(db_path):
            return 0

        def open_window() -> bool:
            try:
                # The full integrity check when due: the first start of a day, after an
                # unclean exit, or a file changed outside SessionLog (store.database).
                store = Store(open_checking_in_the_background(db_path), actor="app")
            except DamagedDatabaseError as exc:
                if not offer_backup_for_damaged(exc, db_path):
                    return False
                return open_window()
            except StoreError as exc:
                QMessageBox.critical(None, APPLICATION_NAME, str(exc))
                return False
            mark_open(db_path)
            window = MainWindow(store, db_path, bus=ChangeBus(), clock=SystemClock())
            # After a restore the database is another one: a fresh window reads it from scratch.
            window.reopen_requested.connect(lambda: reopen(window))
            window.protection_requested.connect(
                lambda work, show_key: reprotect(window, work, show_key)
            )
            server.raise_requested.connect(window.bring_to_front)
            windows[window] = store
            window.show()
            # Before start_up: its first-run and staff questions wait for the user.
            collector.resume(freeze=owns_process)
            window.report_restored_triggers(store.triggers_restored_at_open())
            # Logged before start_up: its first-run question and staff choice wait for the user.
            log.info("window shown, schema ready")
            window.start_up()
            if on_started is not None:
                on_started(window)
            return True

        def reopen(old: MainWindow) -> None:
            # The new window first, so closing the old one never looks like the last window.
            opened = open_window()
            server.raise_requested.disconnect(old.bring_to_front)
            old.close()
            windows.pop(old).db.close()
            old.deleteLater()
            if not opened:
                app.quit()

        def reprotect(old: MainWindow, work: Callable[[], object], show_key: bool) -> None:
            """Protect or re-key the file: this process's connections to it are closed
            first (the file is replaced; a connection left on the old one would write
            into a deleted file and, closing, remove the new file's -wal)."""
            from PySide6.QtCore import Qt, QThreadPool
            from PySide6.QtGui import QGuiApplication

            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            if old.warm_up is not None:
                old.warm_up.stop()  # no further slice opens the file being replaced
            # Background work (an automatic backup) has connections of its own: let it end.
            QThreadPool.globalInstance().waitForDone(60_000)
            server.raise_requested.disconnect(old.bring_to_front)
            windows.pop(old).db.close()
            try:
                result = work()
                problem = None
            except StoreError as exc:
                result, problem = None, str(exc)
            finally:
                QGuiApplication.restoreOverrideCursor()
            opened = open_window()
            old.close()
            old.deleteLater()
            if not opened:
                app.quit()
                return
            new = list(windows)[-1]
            if problem is not None:
                QMessageBox.warning(
                    new,
                    APPLICATION_NAME,
                    QCoreApplication.translate("app", "Nothing was changed: {problem}").format(
                        problem=problem
                    ),
                )
            elif show_key and result is not None:
                new.show_recovery_key(result.recovery_key)  # type: ignore[attr-defined]
            else:
                new.statusBar().showMessage(
                    QCoreApplication.translate("app", "The database is protected."), 8000
                )

        if not open_window():
            return 2
        QTimer.singleShot(LISTEN_DELAY_MS, server, listen)
        restore_terminate = quit_on_terminate(app)
        code = app.exec()
        restore_terminate()
        server.close()
        # Background jobs still queued are for a window that is gone: drop them, and let
        # the running ones end here (the GIL released while waiting), not in the pool's
        # destructor at interpreter exit, where a worker's last signal would deadlock.
        pool = QThreadPool.globalInstance()
        pool.clear()
        request_quit()  # atomic writes stop at their next progress report and clean up
        waited = QElapsedTimer()
        waited.start()
        finished = pool.waitForDone(QUIT_SLICE_MS)
        while not finished and not only_reads_running(pool) and waited.elapsed() < QUIT_WAIT_MS:
            finished = pool.waitForDone(QUIT_SLICE_MS)  # a write removing its temporary file
        if not finished and owns_process and only_abandonable_running(pool):
            # What still runs reads for a window that is gone (a long History query) or
            # writes atomically (a packet, an import, a backup): abandoned, it leaves the
            # old state and at most a temporary file, removed at the next start. The
            # process ends now instead of waiting for it (issue 12: gone within a second).
            for store in windows.values():
                store.db.close()
            mark_closed(db_path)  # what was committed is the file as it will stay
            server.close()
            lock.release()
            end_process(code)
        pool.waitForDone()
        quit_over()
        # Closed here, not by the interpreter's teardown: the last checkpoint leaves one
        # self-contained file even when the process then ends at once (cli.cmd_gui).
        for store in windows.values():
            store.db.close()
        windows.clear()
        mark_closed(db_path)
        return code
    finally:
        for server_made in made:
            # Deleted here, on the GUI thread. The closures above keep it in a reference
            # cycle, and the garbage collector may run in a worker thread: a QLocalServer's
            # socket notifiers destroyed there corrupted memory (a test run aborted).
            import shiboken6

            shiboken6.delete(server_made)
        lock.release()


def end_process(code: int) -> NoReturn:
    """End the process now, logs and output flushed: Python's teardown of the Qt objects
    and modules takes seconds after the window is gone (issue 12: gone within a second
    of quitting). Call it only when nothing is left to save."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def quit_on_terminate(app: QApplication) -> Callable[[], None]:
    """SIGTERM (a desktop session ending, ``kill``) closes the windows as the user would
    (typing saved, window state kept), then the app quits as from File ▸ Quit. Python
    runs a signal handler only between bytecodes and Qt's event loop runs none, so the
    signal's byte on a socket pair wakes the loop, which closes the windows. Returns
    what puts the previous handling back."""
    import signal

    from PySide6.QtCore import QSocketNotifier

    read_fd, write_fd, drain, close = _wakeup_channel()
    notifier = QSocketNotifier(read_fd, QSocketNotifier.Type.Read, app)

    def on_signal() -> None:
        with contextlib.suppress(OSError):
            drain()
        app.closeAllWindows()
        app.quit()  # also when a dialog kept a window open

    notifier.activated.connect(on_signal)
    previous_fd = signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)
    previous_handler = signal.signal(signal.SIGTERM, lambda _number, _frame: None)

    def restore() -> None:
        signal.signal(signal.SIGTERM, previous_handler)
        signal.set_wakeup_fd(previous_fd)
        notifier.setEnabled(False)
        notifier.deleteLater()
        close()

    return restore


def _wakeup_channel() -> tuple[int, int, Callable[[], object], Callable[[], None]]:
    """A non-blocking (read end, write end, drain, close) for the signal's byte: a pipe
    where one serves (the socket module's import is a part of the start: issue 12);
    Windows' wake-up descriptor must be a socket."""
    if sys.platform == "win32":
        import socket

        reader, writer = socket.socketpair()
        reader.setblocking(False)
        writer.setblocking(False)

        def close_sockets() -> None:
            reader.close()
            writer.close()

        return reader.fileno(), writer.fileno(), lambda: reader.recv(64), close_sockets
    read_fd, write_fd = os.pipe()
    os.set_blocking(read_fd, False)
    os.set_blocking(write_fd, False)

    def close_pipe() -> None:
        os.close(read_fd)
        os.close(write_fd)

    return read_fd, write_fd, lambda: os.read(read_fd, 64), close_pipe


def unlock_if_protected(db_path: Path) -> bool:
    """The unlock screen for a protected database; False when the user quits it."""
    from sessionlog.services import protection

    if not db_path.is_file() or not protection.is_protected(db_path):
        return True
    if protection.is_unlocked(db_path):
        return True
    from PySide6.QtWidgets import QApplication

    from sessionlog.ui.dialogs.security import UnlockDialog  # only a protected file needs it

    # The unlock screen is the app's only window yet: closing it must not end the app.
    app = QApplication.instance()
    quits = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
    if isinstance(app, QApplication):
        app.setQuitOnLastWindowClosed(False)
    try:
        return UnlockDialog(db_path).exec() == UnlockDialog.DialogCode.Accepted
    finally:
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(quits)


def open_checking_in_the_background(db_path: Path) -> Database:
    """Open the app's database. When the full integrity check is due (the first start of
    the day, after an unclean exit: some ten seconds at ten years of an agency), it runs
    in a worker thread while a small window says what is happening, so the start does not
    look hung (a coach double-clicking again); other starts open directly. Errors are
    raised here, on the GUI thread, as from ``open_database``."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QProgressDialog

    from sessionlog.store import integrity_check_due, open_database

    if not db_path.exists() or not integrity_check_due(db_path):
        return open_database(db_path, verify="when-due")
    outcome: list[Database | BaseException] = []

    def work() -> None:
        try:
            outcome.append(open_database(db_path, verify="when-due"))
        except BaseException as exc:  # handed to the GUI thread, raised there
            outcome.append(exc)

    progress = QProgressDialog(
        QCoreApplication.translate(
            "app",
            "Checking your records before opening them…\n"
            "This runs at the first start of the day and can take a few seconds.",
        ),
        "",
        0,
        0,
    )
    progress.setCancelButton(None)  # the check cannot be cut short: the file stays unopened
    progress.setMinimumWidth(420)
    progress.setWindowTitle(APPLICATION_NAME)
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setAccessibleName(progress.labelText())
    worker = threading.Thread(target=work, name="integrity-check", daemon=True)
    loop = QEventLoop()
    poll = QTimer(interval=50)
    poll.timeout.connect(lambda: None if worker.is_alive() else loop.quit())

    # Shown only when the check is still running by then (a small file: a blink).
    def show_while_checking() -> None:
        if worker.is_alive():
            progress.show()

    QTimer.singleShot(CHECK_WINDOW_DELAY_MS, progress, show_while_checking)
    worker.start()
    poll.start()
    loop.exec()
    poll.stop()
    progress.close()
    progress.deleteLater()
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def offer_backup_for_damaged(error: Exception, db_path: Path) -> bool:
    """The database failed its integrity check: say so, and offer the newest good backup.
    The damaged file is moved aside, never deleted. True when a backup was restored."""
    from datetime import datetime

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    from sessionlog.services.backups import backup_folder, newest_good_backup, recover_damaged
    from sessionlog.store import StoreError
    from sessionlog.ui.dialogs.backups import describe
    from sessionlog.ui.formats import datetime_text

    newest = newest_good_backup(db_path)
    if newest is None or newest.contents is None:
        QMessageBox.critical(
            None,
            APPLICATION_NAME,
            QCoreApplication.translate(
                "app",
                "{error}\n\nNo good backup was found in {0}. "
                "Nothing was changed; keep the file for a specialist to look at.",
            ).format(backup_folder(db_path), error=error),
        )
        return False
    answer = QMessageBox.question(
        None,
        APPLICATION_NAME,
        QCoreApplication.translate(
            "app",
            "{error}\n\nRestore the newest good backup, taken {taken_at} ({contents})?\n\n"
            "The damaged file is kept aside beside it, not deleted.",
        ).format(
            error=error,
            taken_at=datetime_text(newest.taken_at, weekday=True),
            contents=describe(newest.contents),
        ),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        aside = recover_damaged(newest.path, db_path, now=datetime.now())
    except StoreError as exc:
        QMessageBox.critical(
            None,
            APPLICATION_NAME,
            QCoreApplication.translate("app", "The restore failed: {exc}").format(exc=exc),
        )
        return False
    log.info("damaged database set aside; newest good backup restored")
    QMessageBox.information(
        None,
        APPLICATION_NAME,
        QCoreApplication.translate(
            "app", "Backup restored. The damaged file was kept as {name}."
        ).format(name=aside.name),
    )
    return True
