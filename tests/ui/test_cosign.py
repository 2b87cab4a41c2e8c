"""A supervisor co-signs a supervisee's signed note on this laptop (issue 11, part 4)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sessionlog.core.completeness import COSIGN_STATEMENT, cosign_problem
from sessionlog.core.errors import StoreError
from sessionlog.core.interchange import session_to_dict
from sessionlog.services.notes import cosign
from sessionlog.ui.dialogs.note_dialog import NoteViewerDialog

NOW = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)


def _rosa_signed_not_cosigned(store) -> str:
    for session in store.sessions():
        if session.staff_id == "staff-rosa" and session.signed and session.cosignature is None:
            return session.id
    raise AssertionError("the demo has a recent signed note of Rosa's")


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("staff-dana", True), ("staff-ben", False), ("staff-rosa", False)],
)
def test_only_the_signers_supervisor_may_cosign(demo_store, who: str, allowed: bool) -> None:
    session = demo_store.session(_rosa_signed_not_cosigned(demo_store))
    problem = cosign_problem(session, demo_store.staff("staff-rosa"), who)
    assert (problem is None) is allowed


def test_cosignature_is_stored_once_and_round_trips(demo_store) -> None:
    session_id = _rosa_signed_not_cosigned(demo_store)
    made = cosign(demo_store, session_id, "staff-dana", NOW).value
    stored = demo_store.session(session_id).cosignature
    assert stored == made and stored.statement == COSIGN_STATEMENT
    # Sealed like a signature: the record check still passes, and names the seal.
    assert demo_store.check_record().ok
    assert session_to_dict(demo_store.session(session_id))["cosigned"]["by"] == "staff-dana"
    with pytest.raises(StoreError, match="already co-signed"):
        cosign(demo_store, session_id, "staff-dana", NOW)
    unsigned = next(s for s in demo_store.sessions() if not s.signed)
    with pytest.raises(StoreError, match="only a signed note"):
        cosign(demo_store, unsigned.id, "staff-dana", NOW)


def test_note_viewer_offers_cosigning_to_the_supervisor_only(qtbot, demo_store) -> None:
    session_id = _rosa_signed_not_cosigned(demo_store)
    as_ben = NoteViewerDialog(demo_store, session_id, "staff-ben", now=lambda: NOW)
    qtbot.addWidget(as_ben)
    assert as_ben.cosign_button.isHidden()
    dialog = NoteViewerDialog(demo_store, session_id, "staff-dana", now=lambda: NOW)
    qtbot.addWidget(dialog)
    assert not dialog.cosign_button.isHidden()
    shown: list[str] = []
    assert dialog.cosign(confirm=lambda text: shown.append(text) or True)
    assert "Dana Whitfield, Program Supervisor, LCSW" in shown[0]
    assert "cannot be changed or removed" in shown[0]
    text = dialog.viewer.text()
    assert "Co-signed by the supervisor Dana Whitfield, Program Supervisor, LCSW" in text
    assert dialog.cosign_button.isHidden()  # once only
    assert demo_store.session(session_id).cosignature is not None


def test_declining_the_confirmation_writes_nothing(qtbot, demo_store) -> None:
    session_id = _rosa_signed_not_cosigned(demo_store)
    dialog = NoteViewerDialog(demo_store, session_id, "staff-dana", now=lambda: NOW)
    qtbot.addWidget(dialog)
    assert not dialog.cosign(confirm=lambda _text: False)
    assert demo_store.session(session_id).cosignature is None
