"""Help ▸ Check the record on a real file: the check runs off the GUI thread and names
what was changed behind the app's back; a start on a file that lost triggers says so."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from sessionlog.core.integrity import IntegrityReport
from sessionlog.services.integrity import check_database
from sessionlog.ui.dialogs.record_check import RecordCheckDialog


def test_menu_check_passes_on_an_untouched_record(qtbot, main_window) -> None:
    action = next(a for a in main_window.help_menu.actions() if "Check the record" in a.text())
    action.trigger()
    dialog = main_window.findChild(RecordCheckDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20_000)
    assert dialog.report.ok
    assert dialog.details.toPlainText().startswith("Record check passed:")


def test_check_runs_off_the_gui_thread_and_names_the_changed_note(
    qtbot, rosa_store, db_path: Path
) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    session_id = conn.execute("SELECT id FROM sessions WHERE signed = 1 ORDER BY id").fetchone()[0]
    conn.execute("DROP TRIGGER signed_session_locked")
    conn.execute("UPDATE sessions SET response = 'changed' WHERE id = ?", [session_id])
    conn.close()
    threads: list[threading.Thread] = []

    def check() -> IntegrityReport:
        threads.append(threading.current_thread())
        return check_database(db_path)

    dialog = RecordCheckDialog(check)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.checked, timeout=20_000):
        dialog.show()
    assert threads and threads[0] is not threading.main_thread()
    text = dialog.details.toPlainText()
    assert text.startswith("Record check FAILED")
    assert f"session {session_id}: the note or its signature was changed" in text
    assert "signed_session_locked" in text  # put back when the worker opened the file
    assert "changed behind the app's back" in dialog.status.text()


def test_start_on_a_file_that_lost_triggers_says_so(qtbot, main_window) -> None:
    main_window.report_restored_triggers(["audit_log_no_delete"])
    box = main_window.restored_triggers_box
    assert box.isVisible()
    assert "audit_log_no_delete" in box.text() and "Check the record" in box.text()


def test_a_spanish_gui_lists_the_record_checks_findings_in_spanish(
    qtbot, rosa_store, db_path: Path
) -> None:
    """The worker finds the problems; they are worded when the GUI shows them, in the
    GUI's language (the store's own findings included: a deleted audit row)."""
    from sessionlog.core.language import set_language

    conn = sqlite3.connect(db_path, isolation_level=None)
    session_id = conn.execute("SELECT id FROM sessions WHERE signed = 1 ORDER BY id").fetchone()[0]
    conn.execute("DROP TRIGGER signed_session_locked")
    conn.execute("UPDATE sessions SET response = 'changed' WHERE id = ?", [session_id])
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = 3")
    conn.close()
    set_language("es")
    try:
        dialog = RecordCheckDialog(lambda: check_database(db_path))
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.checked, timeout=20_000):
            dialog.show()
        text = dialog.details.toPlainText()
    finally:
        set_language("")
    assert text.startswith("La verificación del registro FALLÓ")
    assert f"sesión {session_id}: la nota o su firma se cambió después de firmarse" in text
    assert "fila de auditoría 4: la fila de auditoría 3, anterior a esta, se eliminó" in text
    assert "behind the app's back" not in text and "audit row" not in text
