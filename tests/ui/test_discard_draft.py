"""Discarding a draft (issue #10 §1): with a reason, kept as voided and audited, out of
units, End of day and History's default view; never deleted, never for a signed note."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from sessionlog.core.errors import StoreError
from sessionlog.core.models import SessionStatus
from sessionlog.core.queries import SessionFilter
from sessionlog.services import notes
from sessionlog.services.billing import billing_lines
from sessionlog.ui.dialogs.void_draft import VoidDraftDialog


def test_a_draft_is_discarded_from_the_note_form_with_a_reason(
    qtbot, main_window, rosa_store, fake_clock
):
    today = main_window.today
    today.select_client("client-tran", "H2023")
    qtbot.mouseClick(today.timer.start_button, Qt.MouseButton.LeftButton)
    session_id = today.timer.session_ids[0]
    form = today.note
    assert not form.discard_button.isEnabled()  # the timer runs: stop it first
    fake_clock.advance(600)
    qtbot.mouseClick(today.timer.stop_button, Qt.MouseButton.LeftButton)
    day = rosa_store.session(session_id).service_date()
    assert session_id in {
        i for line in billing_lines(rosa_store, start=day, end=day) for i in line.session_ids
    }
    assert form.discard_button.isEnabled()

    qtbot.mouseClick(form.discard_button, Qt.MouseButton.LeftButton)
    dialog = form.dialog
    assert isinstance(dialog, VoidDraftDialog)
    assert not dialog.ok.isEnabled()  # no reason, no discard
    qtbot.keyClicks(dialog.reason, "Timer started on the wrong client")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    kept = rosa_store.session(session_id)  # never deleted
    assert kept.status is SessionStatus.VOIDED
    assert kept.void_reason == "Timer started on the wrong client"
    assert form.session is None  # nothing left to write
    assert session_id not in {s.id for s in rosa_store.sessions()}
    assert session_id not in {
        i for line in billing_lines(rosa_store, start=day, end=day) for i in line.session_ids
    }
    main_window.end_of_day.reload()  # read in the background
    qtbot.waitUntil(lambda: not main_window.end_of_day.is_loading, timeout=10_000)
    assert main_window.end_of_day.model.rowCount() > 0
    assert main_window.end_of_day.model.row_of(session_id) == -1
    voided = rosa_store.sessions(SessionFilter(status=SessionStatus.VOIDED))
    assert [s.id for s in voided] == [session_id]
    [entry] = [e for e in rosa_store.audit_log("session", session_id) if e["action"] == "void"]
    assert "wrong client" not in str(entry["details"])  # the reason may name a client


def test_history_shows_voided_drafts_only_with_the_filter(qtbot, main_window, rosa_store):
    draft = next(s for s in rosa_store.sessions() if s.status is SessionStatus.DRAFT)
    notes.void_draft(rosa_store, draft.id, "Duplicate entry")
    history = main_window.history
    with qtbot.waitSignal(history.loaded, timeout=10_000):
        history.set_filters()
    assert draft.id not in [row.session_id for row in history.model.rows()]
    with qtbot.waitSignal(history.loaded, timeout=10_000):
        history.set_filters(status=SessionStatus.VOIDED)
    assert [row.session_id for row in history.model.rows()] == [draft.id]


def test_signed_notes_stay_locked_and_voided_ones_stay_as_they_are(rosa_store, db_path):
    signed = next(s for s in rosa_store.sessions() if s.signed)
    with pytest.raises(StoreError, match="addendum"):
        notes.void_draft(rosa_store, signed.id, "oops")
    draft = next(s for s in rosa_store.sessions() if s.status is SessionStatus.DRAFT)
    with pytest.raises(StoreError, match="reason"):
        notes.void_draft(rosa_store, draft.id, "   ")
    notes.void_draft(rosa_store, draft.id, "Duplicate entry")
    raw = sqlite3.connect(db_path)
    try:
        for statement in (
            f"DELETE FROM sessions WHERE id = '{draft.id}'",
            f"UPDATE sessions SET note = 'x' WHERE id = '{draft.id}'",
            f"DELETE FROM voided_sessions WHERE session_id = '{draft.id}'",
            f"INSERT INTO voided_sessions VALUES ('{signed.id}', '2026-11-20', 'x', 'why')",
        ):
            with pytest.raises(sqlite3.IntegrityError):
                raw.execute(statement)
    finally:
        raw.close()


def test_a_voided_draft_reads_as_voided_and_cannot_be_signed(qtbot, rosa_store):
    from sessionlog.ui.dialogs.note_dialog import NoteViewerDialog

    draft = next(s for s in rosa_store.sessions() if s.status is SessionStatus.DRAFT)
    notes.void_draft(rosa_store, draft.id, "Duplicate entry")
    viewer = NoteViewerDialog(rosa_store, draft.id, "staff-rosa")
    qtbot.addWidget(viewer)
    text = viewer.viewer.text()
    assert "VOIDED" in text and "Duplicate entry" in text
    assert "Not signed yet" not in text
    assert not viewer.sign_button.isVisibleTo(viewer)
