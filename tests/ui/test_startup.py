"""Honest start-up: a damaged database offers the newest good backup; a read-only one
opens with a banner and writing switched off."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from tests.app_process import app_env, run_app_script
from tests.mounts import remount_read_only, tmpfs

from sessionlog.app import StartCollector, offer_backup_for_damaged
from sessionlog.services import backups
from sessionlog.store import DamagedDatabaseError, Store, integrity_check_due, open_database


def _trample(path: Path) -> bytes:
    data = bytearray(path.read_bytes())
    data[4096 * 4 : 4096 * 4 + 300] = b"\x5a" * 300
    path.write_bytes(bytes(data))
    return bytes(data)


def test_damaged_database_offers_the_newest_good_backup_and_keeps_the_file(
    demo_store: Store, db_path: Path, monkeypatch
) -> None:
    sessions = demo_store.count_sessions()
    backups.back_up(db_path, "daily", now=datetime(2026, 11, 18, 8, 0))
    newest = backups.back_up(db_path, "end-of-day", now=datetime(2026, 11, 19, 17, 0))
    _trample(newest)  # the newest backup is itself damaged: the one before is offered
    demo_store.db.close()
    damaged = _trample(db_path)
    with pytest.raises(DamagedDatabaseError) as raised:
        open_database(db_path)

    asked: list[str] = []

    def answer(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    assert offer_backup_for_damaged(raised.value, db_path)
    assert "is damaged" in asked[0] and "Wed 11/18/2026 8:00 AM" in asked[0]
    assert f"{sessions} sessions" in asked[0]
    reopened = Store(open_database(db_path))
    assert reopened.count_sessions() == sessions
    kept = [p for p in db_path.parent.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged


def test_damaged_database_without_a_backup_changes_nothing(
    demo_store: Store, db_path: Path, monkeypatch
) -> None:
    demo_store.db.close()
    damaged = _trample(db_path)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a: said.append(text))
    error = DamagedDatabaseError(f"{db_path} is damaged", db_path)
    assert not offer_backup_for_damaged(error, db_path)
    assert "No good backup was found" in said[0]
    assert db_path.read_bytes() == damaged


def test_emptied_database_offers_the_newest_good_backup_and_keeps_the_empty_file(
    demo_store: Store, db_path: Path, monkeypatch
) -> None:
    """A failed copy or sync left the database 0 bytes long: the start offers the newest
    good backup, like a damaged file, and keeps the empty file aside."""
    sessions = demo_store.count_sessions()
    backups.back_up(db_path, "end-of-day", now=datetime(2026, 11, 19, 17, 0))
    demo_store.db.close()
    db_path.write_bytes(b"")
    with pytest.raises(DamagedDatabaseError, match=r"is empty \(0 bytes\)") as raised:
        open_database(db_path)

    asked: list[str] = []

    def answer(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    assert offer_backup_for_damaged(raised.value, db_path)
    assert "is empty (0 bytes)" in asked[0] and "Thu 11/19/2026 5:00 PM" in asked[0]
    assert Store(open_database(db_path)).count_sessions() == sessions
    kept = [p for p in db_path.parent.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].stat().st_size == 0


def test_read_only_database_opens_with_a_banner_and_writing_off(
    qtbot, demo_store: Store, db_path: Path, tmp_path: Path, fake_clock
) -> None:
    from sessionlog.ui.bus import ChangeBus
    from sessionlog.ui.main_window import MainWindow

    demo_store.db.close()
    with tmpfs(tmp_path / "stick", 8192) as folder:
        path = folder / "sessionlog.sqlite3"
        shutil.copy(db_path, path)
        remount_read_only(folder)
        store = Store(open_database(path))
        window = MainWindow(store, path, bus=ChangeBus(), clock=fake_clock)
        qtbot.addWidget(window)
        window.show()
        window.start_up()
        assert window.read_only_banner.isVisible()
        assert "read-only" in window.read_only_banner.text()
        assert window.warm_up is None  # nothing can be kept: no warm-up of kept draws
        assert not window.today.isEnabled() and not window.end_of_day.isEnabled()
        assert window.history.isEnabled()
        window.show_view(window.history)
        qtbot.waitUntil(lambda: window.history.model.rowCount() > 0, timeout=5000)
        off = [a.text().replace("&", "") for a in window.file_menu.actions() if not a.isEnabled()]
        assert any("Import" in t for t in off) and any("Restore" in t for t in off)
        window.close()
        store.db.close()


def test_the_real_app_opens_a_database_on_a_read_only_file_system(
    demo_store: Store, db_path: Path, tmp_path: Path
) -> None:
    """The real app process (``run_gui``): its writer lock file cannot be created beside a
    file on a read-only file system, which made it wait 10 s and then say the file "is
    being written by another SessionLog process". Nothing can write there, so it opens
    the file read-only (the banner above) and quits cleanly."""
    import subprocess

    from tests.app_process import ROOT, read_line

    demo_store.db.close()
    with tmpfs(tmp_path / "stick", 8192) as folder:
        path = folder / "sessionlog.sqlite3"
        shutil.copy(db_path, path)
        remount_read_only(folder)
        app = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "tests" / "ui" / "quit_driver.py"),
                str(path),
                "none",
                str(tmp_path),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=app_env(),
            text=True,
            bufsize=1,
        )
        try:
            assert read_line(app, timeout=120) == "working", "the window did not open"
            assert app.stdin is not None
            app.stdin.write("quit\n")
            app.stdin.flush()
            app.wait(timeout=60)
            assert app.stderr is not None
            stderr = app.stderr.read()
        finally:
            if app.poll() is None:
                app.kill()
                app.wait(timeout=30)
            for stream in (app.stdin, app.stdout, app.stderr):
                if stream is not None:
                    stream.close()
    assert app.returncode == 0, stderr[-2000:]
    assert "Traceback" not in stderr and "written by another" not in stderr, stderr[-2000:]


_SLOW_CHECK = """
import sys, threading, time
from pathlib import Path
import sessionlog.store as store

real_open = store.open_database

def open_like_a_large_file(path, **options):
    time.sleep(1.5)  # the once-a-day check of ten years of an agency takes seconds
    return real_open(path, **options)

store.open_database = open_like_a_large_file
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog
from sessionlog.app import run_gui

app = QApplication(sys.argv[:1])
ticks, shown = [], set()

def probe():
    if any(t.name == "integrity-check" for t in threading.enumerate()):
        ticks.append(time.monotonic())
        shown.update(
            w.labelText() for w in app.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()
        )

probing = QTimer(interval=20)
probing.timeout.connect(probe)
probing.start()

def started(window):
    gap = max((b - a for a, b in zip(ticks, ticks[1:])), default=0.0)
    print(f"ticks={len(ticks)} gap={gap:.3f} shown={sorted(shown)!r}", flush=True)
    QTimer.singleShot(0, window.close)

sys.exit(run_gui(Path(sys.argv[1]), on_started=started))
"""


def test_the_days_first_check_runs_behind_a_window_that_says_so(rosa_store, db_path):
    """The full integrity check is due (first start of the day): it runs in a worker
    thread while a small window says what is happening; the GUI thread keeps running
    (no start that looks hung for the seconds a large file takes), then the window opens."""
    rosa_store.db.close()
    # No stamp of a check that passed today: the check is due, as at a day's first start.
    (db_path.parent / f".{db_path.name}.checked").unlink(missing_ok=True)
    assert integrity_check_due(db_path)
    result = run_app_script(_SLOW_CHECK, db_path)
    assert "Traceback" not in result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("ticks="))
    fields = dict(part.split("=", 1) for part in line.split(" ", 2))
    assert int(fields["ticks"]) >= 20, line  # the event loop ran all through the check
    assert float(fields["gap"]) < 0.5, line
    assert "Checking your records before opening them" in fields["shown"], line


_MODULES_AT_START = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from sessionlog.app import run_gui

FIRST_USED_LATER = (
    "PySide6.QtNetwork",  # the second-instance socket, a second after the window is up
    "sqlcipher3",  # only a protected file needs it
    "sessionlog.services.demo",  # the first run's demo caseload
    "sessionlog.services.templates",  # Copy from last note
    "sessionlog.core.cloning",  # the cloning guard and copy marks
    "sessionlog.core.templates",  # note templates, a quick text typed
    "hashlib",  # OpenSSL's: the socket's name, a second later; seals, at a signature
    "sessionlog.core.interchange",  # import and export
    "sessionlog.ui.dialogs.draft_correction",  # a draft's correction dialogs
)

def started(window):
    loaded = [name for name in FIRST_USED_LATER if name in sys.modules]
    print("loaded=" + ",".join(loaded), flush=True)
    QTimer.singleShot(0, window.close)

sys.exit(run_gui(Path(sys.argv[1]), on_started=started))
"""


def _app_script(script: str, store: Store, db_path: Path) -> subprocess.CompletedProcess[str]:
    """``script`` run as the app's own process on the store's database, which ended well."""
    store.db.close()
    return run_app_script(script, db_path)


def test_the_window_opens_without_the_modules_only_later_work_needs(rosa_store, db_path):
    """Issue 12: what the first paint of Today does not use is imported on first use, not
    at start (each of these was imported before the window opened)."""
    result = _app_script(_MODULES_AT_START, rosa_store, db_path)
    assert "Traceback" not in result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("loaded="))
    assert line == "loaded=", line


_QT_ENUMS_AT_START = """
import enum, sys
from pathlib import Path

made = []
create = enum.EnumType._create_

def recording(cls, class_name, *args, **kwargs):
    made.append(class_name)
    return create(cls, class_name, *args, **kwargs)

enum.EnumType._create_ = recording  # PySide makes each Qt class's enums through it

from PySide6.QtCore import QTimer
from sessionlog.app import run_gui

def started(window):
    print("made=" + ",".join(sorted(set(made))), flush=True)
    QTimer.singleShot(0, window.close)

sys.exit(run_gui(Path(sys.argv[1]), on_started=started))
"""


def test_the_window_opens_without_making_enums_it_does_not_use(rosa_store, db_path):
    """Issue 12: PySide makes a Qt class's Python enums when the class is first imported
    or converted to; QStyle's (12, some 16 ms of the start) are made when a layout first
    asks the style for a spacing, QGradient's and QImage's when something uses them (a
    status colour compared a QColor with a palette role, which made them)."""
    result = _app_script(_QT_ENUMS_AT_START, rosa_store, db_path)
    assert "Traceback" not in result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("made="))
    made = set(line.removeprefix("made=").split(","))
    assert "AlignmentFlag" in made, line  # the recording saw Qt's enums being made
    assert not made & {"PixelMetric", "StandardPixmap", "PrimitiveElement"}, line  # QStyle
    assert not made & {"Spread", "CoordinateMode", "InvertMode"}, line  # QGradient, QImage


_COLLECTOR_AT_START = """
import gc, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from sessionlog.app import run_gui

def started(window):
    print(f"collector enabled={gc.isenabled()} set aside={gc.get_freeze_count() > 0}", flush=True)
    QTimer.singleShot(0, window.close)

sys.exit(run_gui(Path(sys.argv[1]), on_started=started))
"""


def test_the_garbage_collector_is_back_once_the_window_is_shown(rosa_store, db_path):
    """Issue 12: the collector is paused while the first window is built, and back on
    once it is shown, with what the start made set aside (gc.freeze)."""
    result = _app_script(_COLLECTOR_AT_START, rosa_store, db_path)
    assert "collector enabled=True set aside=True" in result.stdout.splitlines()


def test_the_start_collector_puts_the_collector_back_once() -> None:
    assert gc.isenabled()
    collector = StartCollector()
    assert not gc.isenabled()
    collector.resume(freeze=False)
    assert gc.isenabled()
    gc.disable()  # turned off later by someone else: a second resume leaves it so
    try:
        collector.resume(freeze=False)
        assert not gc.isenabled()
    finally:
        gc.enable()
