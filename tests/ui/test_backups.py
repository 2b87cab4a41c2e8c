"""File ▸ Back up now…, File ▸ Restore…, and the automatic backups the window takes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from tests.ui.test_end_of_day import _unsigned

from sessionlog.services import backups
from sessionlog.store.backup import read_contents


def _accept_boxes(monkeypatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: said.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: said.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    return said


def test_first_start_of_the_day_takes_one_backup(qtbot, main_window, db_path) -> None:
    with qtbot.waitSignal(main_window.backup_finished, timeout=10000) as first:
        main_window.automatic_backup("daily")
    assert first.args[0] is not None
    with qtbot.waitSignal(main_window.backup_finished, timeout=10000) as second:
        main_window.automatic_backup("daily")
    assert second.args[0] is None  # one a day
    found = backups.list_backups(db_path)
    assert len(found) == 1 and found[0].reason == "daily" and found[0].good


def test_back_up_now_writes_the_chosen_file(qtbot, main_window, tmp_path, monkeypatch) -> None:
    said = _accept_boxes(monkeypatch)
    target = tmp_path / "mine.sqlite3"
    main_window.back_up_now(target)
    qtbot.waitUntil(lambda: bool(said), timeout=10000)
    contents = read_contents(target)
    assert said[0] == f"Backed up to {target}: {contents.clients} clients, " + (
        f"{contents.sessions} sessions, {contents.signed_notes} signed notes."
    )
    assert contents.sessions == main_window.store.count_sessions()


def test_end_of_day_signing_run_takes_a_backup(qtbot, main_window, db_path) -> None:
    view = main_window.end_of_day
    main_window.show_view(view)
    qtbot.waitUntil(lambda: not view.is_loading, timeout=10_000)  # the queue is read
    ready = [r for r in (view.model.row_at(i) for i in range(view.model.rowCount()))]
    ready_row = next(i for i, r in enumerate(ready) if not r.missing)
    view.select_row(ready_row)
    qtbot.waitUntil(lambda: not view.is_loading, timeout=10_000)
    assert view.sign_and_next()
    with qtbot.waitSignal(main_window.backup_finished, timeout=10000) as taken:
        main_window.show_view(main_window.today)  # leaving the queue ends the run
    assert isinstance(taken.args[0], Path)
    assert [b.reason for b in backups.list_backups(db_path)] == ["end-of-day"]


def test_restore_dialog_lists_backups_and_restores_one(
    qtbot, main_window, db_path, monkeypatch
) -> None:
    _accept_boxes(monkeypatch)
    store = main_window.store
    before = store.count_sessions()
    backups.back_up(db_path, "daily", now=datetime(2026, 11, 19, 8, 0))
    victim = _unsigned(store)[0]
    store.delete_unsigned_session(victim.id)

    dialog = main_window.open_restore()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
    assert dialog.table.item(0, 0).text() == "Thu 11/19/2026 8:00 AM"
    assert dialog.table.item(0, 3).text() == str(before)
    assert dialog.restore_button.isEnabled()
    with qtbot.waitSignal(main_window.reopen_requested, timeout=10000):
        dialog.restore_button.click()
    assert store.count_sessions() == before
    reasons = sorted(b.reason for b in backups.list_backups(db_path))
    assert reasons == ["before-restore", "daily"]


def test_restore_is_refused_while_a_timer_runs(qtbot, main_window, db_path, monkeypatch) -> None:
    said = _accept_boxes(monkeypatch)
    backups.back_up(db_path, "daily", now=datetime(2026, 11, 19, 8, 0))
    running = _unsigned(main_window.store)
    assert main_window.store.running_sessions() or running
    if not main_window.store.running_sessions():
        main_window.today.clients.setCurrentRow(0)
        main_window.today.timer.start_button.click()
    qtbot.waitUntil(lambda: bool(main_window.store.running_sessions()), timeout=5000)
    dialog = main_window.open_restore()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
    count = main_window.store.count_sessions()
    dialog.restore_button.click()
    assert said == ["Stop the running timer before restoring a backup."]
    assert main_window.store.count_sessions() == count
    assert [b.reason for b in backups.list_backups(db_path)] == ["daily"]
