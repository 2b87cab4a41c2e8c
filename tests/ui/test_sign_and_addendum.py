"""Signing and amending notes through the real dialogs, on a real database file."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from sessionlog.core.changes import Entity
from sessionlog.core.models import SessionStatus
from sessionlog.core.timer import ClockReading
from sessionlog.services.billing import preview_session
from sessionlog.store import LockedError, SessionFilter
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.dialogs.addendum import AddendumDialog
from sessionlog.ui.dialogs.note_dialog import NoteViewerDialog
from sessionlog.ui.dialogs.sign import SignDialog
from sessionlog.ui.views.note_form import NoteForm
from sessionlog.ui.views.note_viewer import NoteViewer

# Friday 2026-11-20, 17:00 in the demo's zone (America/Chicago): the demo's "today".
NOW = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)
# Two weeks later: every demo draft is past its documentation deadline.
LATER = datetime(2026, 12, 4, 23, 0, tzinfo=UTC)


def _now() -> datetime:
    return NOW


def _later() -> datetime:
    return LATER


def _complete_draft(store, *, staff_id: str = "staff-rosa", on_time: bool = True):
    """A complete unsigned demo note of ``staff_id``: the newest (still on time) or oldest."""
    drafts = [
        s
        for s in store.sessions(SessionFilter(status=SessionStatus.DRAFT, staff_id=staff_id))
        if s.response and s.plan
    ]
    assert drafts, "the demo leaves complete drafts for the end-of-day queue"
    return drafts[-1] if on_time else drafts[0]


def _incomplete_draft(store):
    """The demo's job-club note: response and plan not written yet."""
    session = next(
        s
        for s in store.sessions(SessionFilter(status=SessionStatus.DRAFT))
        if s.group_id is not None
    )
    assert not session.response and not session.plan
    return session


def _signed(store):
    return store.sessions(SessionFilter(status=SessionStatus.SIGNED, staff_id="staff-rosa"))[-1]


def test_sign_dialog_refuses_an_incomplete_note_naming_what_is_missing(qtbot, demo_store):
    session = _incomplete_draft(demo_store)
    session.intervention = ""
    demo_store.save_session(session)

    dialog = SignDialog(demo_store, session.id, "staff-rosa", now=_now)
    qtbot.addWidget(dialog)

    assert not dialog.sign_button.isEnabled()
    missing = dialog.panel.missing_label.text()
    assert "cannot be signed yet" in missing
    assert "Describe what you did (the intervention)." in missing
    assert "Describe how the client responded and their progress." in missing
    assert "Write the plan for the next session." in missing
    assert "objective" not in missing  # the objective is ticked: only what lacks is named
    assert not dialog.panel.sign()
    assert demo_store.session(session.id).signature is None


def test_sign_dialog_refuses_a_running_session(qtbot, demo_store):
    session = _complete_draft(demo_store)
    session.segments[-1].end = None
    demo_store.save_session(session)

    dialog = SignDialog(demo_store, session.id, "staff-rosa", now=_now)
    qtbot.addWidget(dialog)

    assert not dialog.sign_button.isEnabled()
    assert "The timer is still running: stop it first." in dialog.panel.missing_label.text()


def test_sign_dialog_shows_signer_credential_and_attestation(qtbot, demo_store):
    session = _complete_draft(demo_store)
    dialog = SignDialog(demo_store, session.id, "staff-rosa", now=_now)
    qtbot.addWidget(dialog)

    assert dialog.sign_button.isEnabled()
    assert "Rosa Delgado" in dialog.panel.signer_label.text()
    assert "Job Coach (CESP)" in dialog.panel.signer_label.text()
    assert dialog.panel.attestation_label.text() == demo_store.staff("staff-rosa").attestation
    assert dialog.panel.late_label.isHidden()
    assert demo_store.client(session.client_id).name in dialog.summary_label.text()
    qtbot.waitUntil(lambda: not dialog.panel.billing_pending())  # worked out in the pool
    assert "billable unit" in dialog.panel.billing_label.text()
    # The code is named with its modifiers, as the note form names it.
    line = preview_session(demo_store, demo_store.session(session.id), _now())
    assert line.modifiers  # the demo payer asks for the credential modifier
    assert f" · {line.code_with_modifiers} · " in dialog.summary_label.text()
    billing = dialog.panel.billing_label.text()
    word = "unit" if line.billable_if_signed == 1 else "units"
    said = f"{line.billable_if_signed} billable {word}</b> of {line.code_with_modifiers} "
    assert said in billing


def test_signing_records_who_and_when_and_locks_the_note(qtbot, demo_store):
    bus = ChangeBus()
    session = _complete_draft(demo_store)
    dialog = SignDialog(demo_store, session.id, "staff-rosa", bus=bus, now=_now)
    qtbot.addWidget(dialog)

    with qtbot.waitSignal(bus.changed) as changed:
        QTimer.singleShot(0, dialog.sign_button.click)
        assert dialog.exec() == QDialog.DialogCode.Accepted
    assert changed.args[0].touches(Entity.SESSION)

    stored = demo_store.session(session.id)
    assert stored.signature is not None
    assert stored.signature.staff_id == "staff-rosa"
    assert stored.signature.signer_name == "Rosa Delgado"
    assert stored.signature.credential == "Job Coach (CESP)"
    assert stored.signature.signed_at == NOW
    assert stored.signature.late is False
    edited = dataclasses.replace(stored, signature=None, intervention="changed after signing")
    with pytest.raises(LockedError):
        demo_store.save_session(edited)
    assert demo_store.session(session.id).intervention == session.intervention

    again = SignDialog(demo_store, session.id, "staff-rosa", now=_now)
    qtbot.addWidget(again)
    assert not again.sign_button.isEnabled()
    assert "locked" in again.panel.signer_label.text()


def test_a_note_signed_after_its_deadline_is_marked_late(qtbot, demo_store):
    session = _complete_draft(demo_store)
    dialog = SignDialog(demo_store, session.id, "staff-rosa", now=_later)
    qtbot.addWidget(dialog)

    assert not dialog.panel.late_label.isHidden()
    assert "Late entry" in dialog.panel.late_label.text()
    dialog.sign_button.click()

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert demo_store.session(session.id).signature.late is True
    viewer = NoteViewer(demo_store, now=_later)
    qtbot.addWidget(viewer)
    viewer.show_session(session.id)
    assert "LATE ENTRY" in viewer.text()


def test_the_note_viewer_is_read_only_and_shows_the_signature_block(qtbot, demo_store):
    session = _signed(demo_store)
    viewer = NoteViewer(demo_store, now=_now)
    qtbot.addWidget(viewer)
    viewer.show_session(session.id)

    text = viewer.text()
    assert viewer.browser.isReadOnly()
    assert session.intervention in text
    assert session.response in text
    assert session.plan in text
    assert "Electronically signed by Rosa Delgado, Job Coach (CESP)" in text
    assert demo_store.staff("staff-rosa").attestation in text
    assert "Not signed yet" not in text


def test_note_viewer_escapes_what_the_coach_typed(qtbot, demo_store):
    session = _complete_draft(demo_store)
    session.plan = "<b>bold?</b> & <script>x</script>"
    demo_store.save_session(session)
    viewer = NoteViewer(demo_store, now=_now)
    qtbot.addWidget(viewer)
    viewer.show_session(session.id)
    assert "<b>bold?</b> & <script>x</script>" in viewer.text()


def test_addendum_is_shown_after_the_original_which_stays_unchanged(qtbot, demo_store):
    bus = ChangeBus()
    original = _signed(demo_store)
    dialog = AddendumDialog(demo_store, original.id, "staff-rosa", bus=bus, now=_now)
    qtbot.addWidget(dialog)
    dialog.reason_edit.setEditText("Information received after signing")
    dialog.text_edit.setPlainText("The supervisor confirmed the client stayed the full shift.")

    with qtbot.waitSignal(bus.changed):
        dialog.save_button.click()

    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = demo_store.session(original.id)
    assert stored.signature == original.signature
    for name in ("intervention", "response", "plan", "note", "segments", "objective_ids"):
        assert getattr(stored, name) == getattr(original, name)
    assert len(stored.addenda) == len(original.addenda) + 1
    addendum = stored.addenda[-1]
    assert addendum.reason == "Information received after signing"
    assert addendum.signer_name == "Rosa Delgado"
    assert addendum.credential == "Job Coach (CESP)"
    assert addendum.written_at == NOW

    viewer = NoteViewer(demo_store, now=_now)
    qtbot.addWidget(viewer)
    viewer.show_session(original.id)
    text = viewer.text()
    assert text.index(original.plan) < text.index("Electronically signed")
    assert text.index("Electronically signed") < text.index("Addendum 1")
    assert text.index("Addendum 1") < text.index("Information received after signing")
    assert "The supervisor confirmed the client stayed the full shift." in text
    assert "written and signed by Rosa Delgado, Job Coach (CESP)" in text


def test_addendum_needs_a_reason_and_text(qtbot, demo_store):
    original = _signed(demo_store)
    dialog = AddendumDialog(demo_store, original.id, "staff-rosa", now=_now)
    qtbot.addWidget(dialog)

    dialog.text_edit.setPlainText("Some text")
    dialog.save_button.click()
    message = dialog.error_label.text()
    assert "the reason is required" in message
    assert demo_store.client(original.client_id).name in message  # names the record
    assert dialog.result() != QDialog.DialogCode.Accepted

    dialog.reason_edit.setEditText("Clarification")
    dialog.text_edit.setPlainText("   ")
    dialog.save_button.click()
    assert "the addendum text is required" in dialog.error_label.text()
    assert demo_store.session(original.id).addenda == original.addenda


def test_addendum_is_refused_for_an_unsigned_note(qtbot, demo_store):
    draft = _complete_draft(demo_store)
    dialog = AddendumDialog(demo_store, draft.id, "staff-rosa", now=_now)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    assert "not signed yet" in dialog.error_label.text()


def test_note_viewer_dialog_offers_sign_or_addendum_by_status(qtbot, demo_store):
    draft = _complete_draft(demo_store)
    unsigned = NoteViewerDialog(demo_store, draft.id, "staff-rosa", now=_now)
    qtbot.addWidget(unsigned)
    assert not unsigned.sign_button.isHidden()
    assert unsigned.addendum_button.isHidden()

    signed = NoteViewerDialog(demo_store, _signed(demo_store).id, "staff-rosa", now=_now)
    qtbot.addWidget(signed)
    assert signed.sign_button.isHidden()
    assert not signed.addendum_button.isHidden()


class _FixedClock:
    def read(self) -> ClockReading:
        return ClockReading(NOW, 1000.0, None)


def test_signing_from_the_note_form_makes_the_form_read_only(qtbot, demo_store):
    bus = ChangeBus()
    draft = _complete_draft(demo_store)
    form = NoteForm(demo_store, bus, _FixedClock(), "staff-rosa")
    qtbot.addWidget(form)
    form.show_session(draft.id)
    assert not form.response.isReadOnly()

    dialog = form.open_sign()
    assert isinstance(dialog, SignDialog)
    with qtbot.waitSignal(dialog.finished):
        dialog.sign_button.click()

    assert demo_store.session(draft.id).signed
    assert form.response.isReadOnly()
    assert form.plan.isReadOnly()
    assert not form.place.isEnabled()
    assert "Signed by Rosa Delgado" in form.lock_note.text()


def test_a_note_signed_from_history_is_stored_once_another_program_lets_go(
    qtbot, main_window, rosa_store, db_path
):
    """History's note window signs on the window's writer thread, as Today and End of day
    do: while another program holds the write lock the Sign dialog says "Signing…" and
    stays open (it said "Not signed: the database is busy"), and closes once stored."""
    import sqlite3

    draft = _complete_draft(rosa_store)
    viewer = main_window.history.open_note(draft.id)
    qtbot.waitUntil(lambda: viewer.isVisible(), timeout=10_000)
    lock = sqlite3.connect(db_path, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    seen: dict[str, object] = {}

    def release() -> None:
        sign = viewer.findChild(SignDialog)
        seen["open while locked"] = sign is not None and sign.isVisible()
        seen["signed while locked"] = rosa_store.session(draft.id).signed
        lock.execute("COMMIT")

    def sign_in_the_dialog() -> None:
        sign = viewer.findChild(SignDialog)
        assert sign is not None
        sign.sign_button.click()
        seen["said"] = sign.panel.error_label.text()
        QTimer.singleShot(400, release)

    try:
        QTimer.singleShot(0, sign_in_the_dialog)
        viewer.sign_button.click()  # the Sign dialog's own event loop, until it closes
    finally:
        if lock.in_transaction:
            lock.execute("COMMIT")
        lock.close()
    assert "Signing" in str(seen["said"])
    assert seen["open while locked"] is True
    assert seen["signed while locked"] is False
    assert rosa_store.session(draft.id).signed
