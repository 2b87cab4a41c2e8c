"""A large sessionlog/1 import runs off the GUI thread: a progress bar moves, the window
keeps answering, and Cancel rolls everything back."""

from __future__ import annotations

import itertools
import json
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, QTimer

from sessionlog.core.interchange import parse_document
from sessionlog.services import interchange
from sessionlog.services.interchange import (
    ImportCancelled,
    export_file,
    import_dataset,
    import_file,
)
from sessionlog.store import Store, open_database
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.dialogs.import_dialog import JsonImportDialog

BULK = 1500  # unsigned sessions added to the demo caseload's file


@pytest.fixture
def empty_store(tmp_path):
    db = open_database(tmp_path / "empty.sqlite3")
    yield Store(db, actor="importer")
    db.close()


@pytest.fixture
def large_file(demo_store, tmp_path) -> Path:
    """The demo caseload plus BULK unsigned sessions, one an hour apart, back in 2025."""
    path = tmp_path / "large.json"
    export_file(demo_store, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    template = next(s for s in document["sessions"] if s["signed"] is None)
    start = datetime.fromisoformat("2025-01-06T08:00:00-06:00")
    for n in range(BULK):
        begin = start + timedelta(hours=n)
        session = dict(template)
        session.update(
            id=f"bulk-{n:05d}",
            segments=[
                {
                    "start": begin.isoformat(),
                    "end": (begin + timedelta(minutes=30)).isoformat(),
                }
            ],
            objectives=[],
            signed=None,
            cosigned=None,
            addenda=[],
            group=None,
            group_size=1,
        )
        document["sessions"].append(session)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _counts(store) -> tuple[int, int, int]:
    return (
        len(store.sessions()),
        len(store.clients(include_archived=True)),
        len(store.audit_log()),
    )


def test_import_runs_off_the_gui_thread_with_progress(qtbot, empty_store, large_file, monkeypatch):
    dialog = JsonImportDialog(empty_store, ChangeBus(), large_file)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.checking, timeout=60_000)
    assert dialog.import_button.isEnabled(), dialog.summary.text()
    gui_thread = threading.get_ident()
    worker_threads: set[int] = set()
    real = interchange.import_file  # the dialog imports the file itself, streamed

    def watched(*args, **kwargs):
        worker_threads.add(threading.get_ident())
        return real(*args, **kwargs)

    ticks: list[int] = []
    clock = QElapsedTimer()
    clock.start()
    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: ticks.append(clock.elapsed()))
    progress_seen: list[int] = []
    dialog.progress.valueChanged.connect(progress_seen.append)
    monkeypatch.setattr(interchange, "import_file", watched)
    try:
        heartbeat.start()
        dialog.commit()
        assert dialog.importing  # commit returned at once: the work is elsewhere
        assert not dialog.progress.isHidden()
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=60_000)
    finally:
        heartbeat.stop()
    assert worker_threads and gui_thread not in worker_threads
    # The GUI thread kept running its timers all through the import.
    assert len(ticks) >= 10
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert max(gaps) < 500, f"the GUI thread stalled for {max(gaps)} ms"
    assert any(0 < value < BULK for value in progress_seen)  # it moved, not just ended
    assert dialog.outcome.created["sessions"] >= BULK
    assert len(empty_store.sessions()) >= BULK


def test_cancel_rolls_back_and_writes_nothing(qtbot, empty_store, large_file):
    dialog = JsonImportDialog(empty_store, ChangeBus(), large_file)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.checking, timeout=60_000)
    before = _counts(empty_store)
    dialog.commit()
    dialog.reject()  # Cancel (or Escape) while importing cancels the import
    assert dialog.isVisible() or dialog.importing  # not closed under the running import
    qtbot.waitUntil(lambda: not dialog.importing, timeout=60_000)
    assert dialog.outcome is None
    assert "cancelled; nothing has been written" in dialog.summary.text()
    assert _counts(empty_store) == before == (0, 0, 0)
    assert dialog.import_button.isEnabled()  # it can be started again
    dialog.commit()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=60_000)
    assert len(empty_store.sessions()) >= BULK


def test_a_cancel_after_records_were_written_still_writes_nothing(demo_store, large_file, tmp_path):
    """The service: cancel is honoured mid-way, inside the transaction, and rolls back."""
    db = open_database(tmp_path / "target.sqlite3")
    target = Store(db, actor="importer")
    try:
        dataset, problems = parse_document(json.loads(large_file.read_text(encoding="utf-8")))
        assert not problems
        seen: list[tuple[int, int]] = []
        with pytest.raises(ImportCancelled):
            import_dataset(
                target,
                dataset,
                progress=lambda done, total: seen.append((done, total)),
                cancelled=lambda: len(seen) >= 3,
            )
        assert seen and seen[-1][0] > 0  # records had been written before the cancel
        assert _counts(target) == (0, 0, 0)
        started = time.monotonic()
        result = import_dataset(target, dataset)
        assert time.monotonic() - started < 60
        assert result.created["sessions"] == len(dataset.sessions)
    finally:
        db.close()


def test_a_streamed_file_import_cancelled_mid_way_writes_nothing(large_file, tmp_path):
    """The streamed import (what the dialog runs): progress counts the file read, and a
    cancel after sessions were written rolls all of them back."""
    db = open_database(tmp_path / "target.sqlite3")
    target = Store(db, actor="importer")
    try:
        seen: list[tuple[int, int]] = []
        written: list[int] = []

        def cancelled() -> bool:
            written.append(target.db.execute("SELECT count(*) FROM sessions").fetchone()[0])
            return written[-1] > 0

        with pytest.raises(ImportCancelled):
            import_file(
                target,
                large_file,
                progress=lambda done, total: seen.append((done, total)),
                cancelled=cancelled,
            )
        assert max(written) > 0  # sessions had been written inside the transaction
        assert seen and all(0 <= done <= total for done, total in seen)
        assert _counts(target) == (0, 0, 0)
        seen.clear()
        result = import_file(target, large_file, progress=lambda d, t: seen.append((d, t)))
        assert result.created["sessions"] >= BULK
        assert seen[-1][0] == seen[-1][1] and len({done for done, _ in seen}) > 2
    finally:
        db.close()


def test_preview_checks_off_the_gui_thread_and_import_waits_for_it(
    qtbot, empty_store, large_file, monkeypatch
):
    """Issue 12: reading, parsing and checking the file runs on a worker; until it is
    done the dialog says so and Import is off."""
    from sessionlog.ui.dialogs import import_dialog

    on_main_thread: list[bool] = []
    release = threading.Event()
    real = import_dialog.check_file

    def watched(store, path):
        on_main_thread.append(threading.current_thread() is threading.main_thread())
        release.wait(timeout=30)  # held until the test has seen the dialog while checking
        return real(store, path)

    monkeypatch.setattr(import_dialog, "check_file", watched)
    dialog = JsonImportDialog(empty_store, ChangeBus(), large_file)
    qtbot.addWidget(dialog)
    try:
        qtbot.waitUntil(lambda: bool(on_main_thread), timeout=10_000)
        assert dialog.checking
        assert not dialog.import_button.isEnabled()
        assert dialog.summary.text() == "Checking the file…"
    finally:
        release.set()
    qtbot.waitUntil(lambda: not dialog.checking, timeout=60_000)
    assert on_main_thread == [False]
    assert dialog.import_button.isEnabled(), dialog.summary.text()
    assert int(dialog.table.item(5, 2).text()) >= BULK  # new sessions, counted by the worker


def test_preview_that_fails_says_so_and_offers_no_import(
    qtbot, empty_store, large_file, monkeypatch
):
    from sessionlog.ui.dialogs import import_dialog

    def broken(_store, _path):
        raise OSError("disk gone")

    monkeypatch.setattr(import_dialog, "check_file", broken)
    dialog = JsonImportDialog(empty_store, ChangeBus(), large_file)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.checking, timeout=10_000)
    assert dialog.summary.text().startswith("The file could not be checked")
    assert "Traceback" not in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    dialog.commit()  # nothing to import: no dataset
    assert not dialog.importing
    assert len(empty_store.sessions()) == 0


def test_closing_the_dialog_while_checking_breaks_nothing(
    qtbot, empty_store, large_file, monkeypatch
):
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from sessionlog.ui.dialogs import import_dialog

    started = threading.Event()
    release = threading.Event()
    finished: list[bool] = []
    real = import_dialog.check_file

    def held(store, path):
        started.set()
        release.wait(timeout=30)
        result = real(store, path)
        finished.append(True)
        return result

    monkeypatch.setattr(import_dialog, "check_file", held)
    dialog = JsonImportDialog(empty_store, ChangeBus(), large_file)
    qtbot.waitUntil(started.is_set, timeout=10_000)
    dialog.reject()
    dialog.deleteLater()
    QApplication.processEvents()
    release.set()
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=10_000)
    QApplication.processEvents()  # the result arrives for a dialog that is gone: dropped
    assert len(empty_store.sessions()) == 0
