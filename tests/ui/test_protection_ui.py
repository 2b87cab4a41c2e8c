"""Unlock at start, the lock screen and auto-lock, on real protected database files."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)

from sessionlog.services import protection, timing
from sessionlog.services.demo import CLIENTS, load_demo
from sessionlog.store import Store, open_database
from sessionlog.store.encryption import forget_key
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.dialogs.security import WRONG_PASSPHRASE, UnlockDialog
from sessionlog.ui.main_window import MainWindow

PASSPHRASE = "correct horse battery"
PHI = [
    *(c.name for c in CLIENTS),
    *(c.name.split()[0] for c in CLIENTS),
    *(c.medicaid_id for c in CLIENTS),
]


def visible_texts() -> list[str]:
    """Every text a visible widget of the app shows: labels, fields, buttons, titles, list
    and table cells."""
    texts: list[str] = []
    for widget in QApplication.allWidgets():
        if not widget.isVisible():
            continue
        if widget.isWindow():
            texts.append(widget.windowTitle())
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        if isinstance(widget, QTextEdit | QPlainTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root = widget.rootIndex()
            for row in range(min(model.rowCount(root), 200)):
                for column in range(_columns(model, root)):
                    texts.append(str(model.index(row, column, root).data() or ""))
    return texts


def _columns(model, root) -> int:
    try:
        return model.columnCount(root)
    except TypeError:  # a list model: its columnCount is private in PySide6
        return 1


def phi_shown() -> list[str]:
    texts = visible_texts()
    return sorted({secret for secret in PHI for text in texts if secret in text})


@pytest.fixture
def protected(db_path: Path) -> Store:
    store = Store(open_database(db_path, passphrase=PASSPHRASE), actor="test")
    load_demo(store, today=date(2026, 11, 20))
    store.set_state("current_staff_id", "staff-rosa")
    return store


@pytest.fixture
def window(qtbot, protected: Store, db_path: Path, fake_clock):
    window = MainWindow(protected, db_path, bus=ChangeBus(), clock=fake_clock)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()


@pytest.fixture
def in_process_app(monkeypatch):
    """run_gui in this process. Its main loop is a local event loop that ``stop()`` ends:
    QApplication.quit() would leave Qt's quit flag set, and every later event loop of the
    test session (waitSignal, waitUntil) would return at once. Its crash handler replaces
    sys.excepthook (put back afterwards); the windows it leaves open are closed."""
    import sys

    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    stopped: list[bool] = []

    def stop(*_args: object) -> None:
        stopped.append(True)  # the work may be over before the main loop even starts
        loop.quit()

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)

    def exec_(*_args: object) -> int:
        return 0 if stopped else loop.exec()

    monkeypatch.setattr(QApplication, "exec", exec_)
    monkeypatch.setattr(QApplication, "quit", stop)
    yield stop
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.store.db.close()
        if widget.isVisible():
            widget.close()
        widget.deleteLater()
    QApplication.processEvents()


def _unlock_with(qtbot, field: QLineEdit, button: QAbstractButton, text: str) -> None:
    field.setText(text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_unlock_screen_refuses_a_wrong_passphrase_and_changes_nothing(
    qtbot, protected: Store, db_path: Path
) -> None:
    protected.db.close()
    forget_key(db_path)
    before = db_path.read_bytes()
    dialog = UnlockDialog(db_path)
    qtbot.addWidget(dialog)
    dialog.show()
    _unlock_with(qtbot, dialog.field, dialog.unlock_button, "not the passphrase")
    qtbot.waitUntil(lambda: dialog.error.text() == WRONG_PASSPHRASE, timeout=10_000)
    assert dialog.isVisible() and dialog.field.text() == ""
    assert not protection.is_unlocked(db_path)
    assert db_path.read_bytes() == before
    _unlock_with(qtbot, dialog.field, dialog.unlock_button, PASSPHRASE)
    qtbot.waitUntil(lambda: dialog.result() == UnlockDialog.DialogCode.Accepted, timeout=10_000)
    assert protection.is_unlocked(db_path)
    assert len(Store(open_database(db_path)).clients()) == 4


def test_the_recovery_key_unlocks_at_start(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = Store(open_database(path), actor="test")
    load_demo(store, today=date(2026, 11, 20))
    store.db.close()
    recovery = protection.protect(path, PASSPHRASE).recovery_key
    forget_key(path)
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    _unlock_with(qtbot, dialog.field, dialog.unlock_button, recovery)
    qtbot.waitUntil(lambda: dialog.result() == UnlockDialog.DialogCode.Accepted, timeout=10_000)
    assert len(Store(open_database(path)).clients()) == 4


def test_the_lock_hides_every_client_detail_while_the_timer_runs_on(
    qtbot, window: MainWindow, protected: Store, fake_clock
) -> None:
    today = window.today
    today.select_client("client-marcus", "H2023")
    qtbot.mouseClick(today.timer.start_button, Qt.MouseButton.LeftButton)
    fake_clock.advance(125)
    qtbot.waitUntil(lambda: today.timer.elapsed_label.text() == "00:02:05", timeout=10_000)
    window.setup_actions.setup_actions[0].trigger()  # a second window: Setup ▸ Clients
    assert "Marcus Webb" in phi_shown()  # the walk finds client data when it is shown

    window.lock_action.trigger()
    assert window.locked
    assert phi_shown() == []
    assert window.windowTitle() == "00:02:05 ● running — SessionLog — locked"
    assert window.lock_screen.clock.text() == "00:02:05 ● running"
    assert not window.menuBar().isVisible()

    beat_before = timing.read_heartbeat(protected)
    fake_clock.advance(600)
    qtbot.waitUntil(lambda: window.lock_screen.clock.text() == "00:12:05 ● running", timeout=10_000)
    today.timer.beat()  # the heartbeat timer's slot: it keeps writing while locked
    assert timing.read_heartbeat(protected) != beat_before
    assert protected.running_sessions()
    assert phi_shown() == []

    _unlock_with(qtbot, window.lock_screen.field, window.lock_screen.unlock_button, "wrong one!")
    qtbot.waitUntil(lambda: window.lock_screen.error.text() == WRONG_PASSPHRASE, timeout=10_000)
    assert window.locked and phi_shown() == []

    _unlock_with(qtbot, window.lock_screen.field, window.lock_screen.unlock_button, PASSPHRASE)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert "Marcus Webb" in phi_shown()
    assert window.windowTitle() == "00:12:05 ● Marcus W. — SessionLog"
    assert window.menuBar().isVisible()


def test_the_app_locks_itself_when_left_alone(qtbot, window: MainWindow) -> None:
    assert window.auto_lock_minutes() == 5
    assert window.idle_watch.active
    window.idle_watch.set_interval_ms(100)
    qtbot.waitUntil(lambda: window.locked, timeout=5000)
    assert phi_shown() == []


def test_ctrl_l_locks(qtbot, window: MainWindow) -> None:
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked


def test_a_plain_database_offers_no_lock(qtbot, main_window: MainWindow) -> None:
    assert not main_window.protected
    assert not main_window.lock_action.isEnabled()
    assert not main_window.lock() and not main_window.locked
    assert not main_window.idle_watch.active


def test_the_auto_lock_time_is_a_setting(qtbot, window: MainWindow, protected: Store) -> None:
    dialog = window.open_security()
    dialog.auto_lock.setValue(12)
    assert protected.get_state(protection.AUTO_LOCK_KEY) == "12"
    assert window.idle_watch._timer.interval() == 12 * 60_000
    dialog.auto_lock.setValue(0)
    assert not window.idle_watch.active
    dialog.close()


def test_first_run_offers_protection_and_shows_the_recovery_key_once(
    qtbot, qapp, in_process_app, tmp_path: Path, monkeypatch
) -> None:
    """The real start-up (run_gui) on a new database: protection is offered first, the
    file is encrypted in place and reopened, the recovery key is shown, and the demo
    offer still follows."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from sessionlog.app import run_gui
    from sessionlog.ui.dialogs.first_run import FirstRunDialog
    from sessionlog.ui.dialogs.security import NewPassphraseDialog, RecoveryKeyDialog

    asked: list[str] = []
    first_run_offers: list[str] = []

    def start_empty(dialog: FirstRunDialog) -> int:
        first_run_offers.append(dialog.windowTitle())
        dialog.empty_button.click()
        return dialog.result()

    def answer(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        protect = text.startswith("Protect this database")
        return QMessageBox.StandardButton.Yes if protect else QMessageBox.StandardButton.No

    def type_passphrase(dialog: NewPassphraseDialog) -> int:
        dialog.first.setText(PASSPHRASE)
        dialog.second.setText(PASSPHRASE)
        dialog._check()
        return dialog.result()

    monkeypatch.setattr(QMessageBox, "question", answer)
    monkeypatch.setattr(NewPassphraseDialog, "exec", type_passphrase)
    monkeypatch.setattr(FirstRunDialog, "exec", start_empty)
    path = tmp_path / "new.sqlite3"
    seen: list[MainWindow] = []
    keys: list[str] = []

    def look_and_quit() -> None:
        keys.extend(
            w.recovery_key
            for w in QApplication.topLevelWidgets()
            if isinstance(w, RecoveryKeyDialog) and w.isVisible()
        )
        in_process_app()

    def started(window: MainWindow) -> None:
        seen.append(window)
        if len(seen) == 1:  # the protected file's window starts inside the first one's
            QTimer.singleShot(0, look_and_quit)

    assert run_gui(path, on_started=started) == 0
    assert asked[0].startswith("Protect this database")
    assert len(first_run_offers) == 1  # the first-run choices (guide, demo, empty) follow
    assert protection.is_protected(path)
    assert len(keys) == 1
    forget_key(path)
    protection.unlock(path, keys[0])  # the recovery key shown opens the file
    assert Store(open_database(path)).is_empty()


def test_setup_security_protects_an_existing_database_in_place(
    qtbot, qapp, in_process_app, tmp_path: Path
) -> None:
    """Setup ▸ Security on a plain database with records: encrypted in place (every row
    kept), the app carries on in a window on the protected file, which can lock."""
    from PySide6.QtCore import QTimer

    from sessionlog.app import run_gui

    path = tmp_path / "plain.sqlite3"
    store = Store(open_database(path), actor="test")
    load_demo(store, today=date(2026, 11, 20))
    store.set_state("current_staff_id", "staff-rosa")
    sessions, clients = store.count_sessions(), len(store.clients())
    store.db.close()
    seen: list[MainWindow] = []
    state: dict[str, object] = {}

    def protect_from_setup(window: MainWindow) -> None:
        try:
            dialog = window.open_security()
            state["offered"] = dialog.action.text()
            dialog.protect_requested.emit(PASSPHRASE, False)
        except Exception as exc:  # said in the assertion below, never a hang
            state["error"] = repr(exc)
            in_process_app()

    def look_and_quit(window: MainWindow) -> None:
        try:
            state["protected"] = window.protected
            state["locks"] = window.lock()
        finally:
            in_process_app()

    def started(window: MainWindow) -> None:
        seen.append(window)
        if len(seen) == 1:
            QTimer.singleShot(0, lambda: protect_from_setup(window))
        else:
            QTimer.singleShot(0, lambda: look_and_quit(window))

    assert run_gui(path, on_started=started) == 0
    assert state == {
        "offered": "&Protect with a passphrase…",
        "protected": True,
        "locks": True,
    }
    forget_key(path)
    with pytest.raises(protection.PassphraseRequiredError):
        open_database(path)
    reopened = Store(open_database(path, passphrase=PASSPHRASE))
    assert reopened.count_sessions() == sessions and len(reopened.clients()) == clients
    assert reopened.check_record().ok


def test_the_app_starts_on_a_protected_database_after_the_unlock_screen(
    qtbot, qapp, in_process_app, protected: Store, db_path: Path
) -> None:
    """The real start-up: the unlock screen first (a wrong passphrase refused), then the
    window on the unlocked file; closing the unlock screen does not end the app."""
    from PySide6.QtCore import QTimer

    from sessionlog.app import run_gui

    protected.db.close()
    forget_key(db_path)
    typed: list[str] = []
    clients: list[int] = []

    def type_into_unlock_screen() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, UnlockDialog)]
        if not dialogs or not dialogs[0].isVisible() or not dialogs[0].unlock_button.isEnabled():
            QTimer.singleShot(50, type_into_unlock_screen)
            return
        dialog = dialogs[0]
        secret = "wrong passphrase" if not typed else PASSPHRASE
        if typed:
            assert dialog.error.text() == WRONG_PASSPHRASE
        typed.append(secret)
        _unlock_with(qtbot, dialog.field, dialog.unlock_button, secret)
        if len(typed) == 1:
            QTimer.singleShot(50, type_into_unlock_screen)

    def started(window: MainWindow) -> None:
        clients.append(len(window.store.clients()))
        QTimer.singleShot(0, in_process_app)

    QTimer.singleShot(0, type_into_unlock_screen)
    assert run_gui(db_path, on_started=started) == 0
    assert typed == ["wrong passphrase", PASSPHRASE]
    assert clients == [4]


def test_quitting_the_app_inside_a_host_process_returns_instead_of_ending_it(
    in_process_app, rosa_store: Store, db_path: Path, monkeypatch
) -> None:
    """The app ends its own process at quit when only abandonable work still runs (gone
    within a second, issue 12), but only when it owns the process: run inside a host
    (this test run) it must return, or the host ends with status 0 halfway through."""
    from PySide6.QtCore import QTimer

    from sessionlog import app as app_module
    from sessionlog.app import run_gui
    from sessionlog.ui.tasks import run_in_background

    ended: list[int] = []
    monkeypatch.setattr(app_module, "end_process", ended.append)
    jobs: list[object] = []

    def long_read(_progress) -> None:
        time.sleep(0.5)  # a long History query, in SQLite: no progress report to stop at

    def started(window: MainWindow) -> None:
        jobs.append(run_in_background(long_read, lambda _r: None, lambda _e: None, read_only=True))
        QTimer.singleShot(0, in_process_app)

    rosa_store.db.close()
    assert run_gui(db_path, on_started=started) == 0
    assert ended == []


def test_the_second_instance_server_is_deleted_on_the_gui_thread_when_the_app_returns(
    in_process_app, rosa_store: Store, db_path: Path
) -> None:
    """The app's second-instance server (a QLocalServer and its socket notifiers) is
    deleted before run_gui returns, on the GUI thread. Left to the garbage collector (the
    app's closures hold it in a reference cycle), it was destroyed in whichever thread
    collected, a worker's: "Socket notifiers cannot be enabled or disabled from another
    thread", then a heap corruption aborted the test run."""
    import gc

    import shiboken6
    from PySide6.QtCore import QTimer

    from sessionlog.app import run_gui
    from sessionlog.instance import InstanceServer

    def started(_window: MainWindow) -> None:
        QTimer.singleShot(0, in_process_app)

    rosa_store.db.close()
    gc.disable()  # nothing collected behind the test's back before it looks
    try:
        assert run_gui(db_path, on_started=started) == 0
        alive = [
            obj
            for obj in gc.get_objects()
            if isinstance(obj, InstanceServer) and shiboken6.isValid(obj)
        ]
    finally:
        gc.enable()
    assert alive == []
