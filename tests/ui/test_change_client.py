"""Moving a draft to the right client (issue #10 §1): only clients whose plan covers the
date, ticked objectives of the old client cleared after a warning, audited."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from sessionlog.core.models import Client
from sessionlog.services import timing
from sessionlog.ui.dialogs.change_client import ChangeClientDialog


@pytest.fixture(autouse=True)
def client_without_a_plan(rosa_store) -> str:
    rosa_store.save_client(
        Client(
            "client-noplan",
            "Nora Planless",
            date(1990, 1, 1),
            "M9",
            "payer-state-medicaid",
            [],
            "America/Chicago",
        )
    )
    return "client-noplan"


def test_a_draft_timed_on_the_wrong_client_moves_and_loses_the_old_objectives(
    qtbot, main_window, rosa_store, fake_clock
):
    today = main_window.today
    today.select_client("client-tran", "H2023")
    qtbot.mouseClick(today.timer.start_button, Qt.MouseButton.LeftButton)
    session_id = today.timer.session_ids[0]
    form = today.note
    box = next(iter(form._objective_boxes.values()))
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    form.flush()
    fake_clock.advance(600)
    qtbot.mouseClick(today.timer.stop_button, Qt.MouseButton.LeftButton)
    assert rosa_store.session(session_id).objective_ids

    qtbot.mouseClick(form.client_button, Qt.MouseButton.LeftButton)
    dialog = form.dialog
    assert isinstance(dialog, ChangeClientDialog)
    offered = [dialog.client.itemData(i) for i in range(dialog.client.count())]
    assert "client-marcus" in offered
    assert "client-tran" not in offered and "client-noplan" not in offered
    assert "1 objective ticked for Trần Thị Mai will be cleared" in dialog.warning.text()
    dialog.client.setCurrentIndex(offered.index("client-marcus"))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    moved = rosa_store.session(session_id)
    assert moved.client_id == "client-marcus"
    assert moved.objective_ids == []
    assert form.title.text() == "Note — Marcus Webb"
    changes = [e["details"] for e in rosa_store.audit_log("session", session_id)]
    assert any("client_id" in d for d in changes)


def test_a_client_without_a_plan_for_the_date_is_refused(rosa_store, fake_clock, qtbot):
    draft = next(
        s for s in rosa_store.sessions() if s.status.value == "draft" and s.group_id is None
    )
    with pytest.raises(timing.TimingError, match="no treatment plan covering"):
        timing.change_client(rosa_store, draft.id, "client-noplan")
    signed = next(s for s in rosa_store.sessions() if s.signed)
    with pytest.raises(timing.TimingError, match="locked"):
        timing.change_client(rosa_store, signed.id, "client-marcus")
