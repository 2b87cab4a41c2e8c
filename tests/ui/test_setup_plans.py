"""The treatment-plan editor: tree editing, copying a plan forward, retiring objectives
that notes use (and the notes keeping them), audit rows."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from sessionlog.core.changes import Entity
from sessionlog.store import SessionFilter
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.setup.plans import COL_STATUS, COL_TEXT, GOAL, KIND_ROLE, PlansEditor

TODAY = date(2026, 11, 20)


@pytest.fixture
def editor(qtbot, demo_store):
    widget = PlansEditor(demo_store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.select_client("client-marcus")
    return widget


def _signed_session_with_objective(store, client_id: str):
    return next(
        s
        for s in store.sessions(SessionFilter(client_id=client_id))
        if s.signed and s.objective_ids
    )


def _unused_objectives(store, plan) -> set[str]:
    return plan.objective_ids() - store.objectives_used_by_notes(plan.objective_ids())


def test_current_plan_is_shown_as_a_tree(editor, demo_store):
    plan = demo_store.active_plan("client-marcus", TODAY)
    assert editor.plan_combo.currentData() == plan.id
    assert editor.tree.topLevelItemCount() == len(plan.goals)
    first = editor.tree.topLevelItem(0)
    assert first.text(COL_TEXT) == plan.goals[0].text
    assert first.data(COL_TEXT, KIND_ROLE) == GOAL
    assert first.childCount() == len(plan.goals[0].objectives)


def test_objective_used_by_signed_note_can_only_be_retired(editor, demo_store):
    session = _signed_session_with_objective(demo_store, "client-marcus")
    objective_id = session.objective_ids[0]
    item = editor.find_item(objective_id)
    editor.tree.setCurrentItem(item)
    assert not editor.remove_button.isEnabled()
    assert "retire it instead" in editor.remove_button.toolTip()
    assert editor.retire_button.isEnabled()
    assert item.text(COL_STATUS) == "used by signed notes"
    # Its wording is what the signed note shows, so it is not editable.
    assert not item.flags() & Qt.ItemFlag.ItemIsEditable
    editor.remove_current()  # refused even when called directly
    assert editor.find_item(objective_id) is not None

    editor.toggle_retired()
    assert editor.save()
    plan = demo_store.active_plan("client-marcus", TODAY)
    retired = {o.id: o.retired for g in plan.goals for o in g.objectives}
    assert retired[objective_id] is True
    # The signed note still points at it, and the id still resolves, flagged retired.
    reloaded = demo_store.session(session.id)
    assert objective_id in reloaded.objective_ids
    assert editor.find_item(objective_id).text(COL_STATUS) == "retired, used by signed notes"
    last = demo_store.audit_log("plan", plan.id)[-1]
    assert last["action"] == "update" and last["actor"] == "test"


def test_goal_tree_edits_are_saved_in_order(editor, demo_store):
    plan = demo_store.active_plan("client-marcus", TODAY)
    goal = editor.add_goal()
    goal.setText(COL_TEXT, "Use the bus to get to work")
    objective = editor.add_objective()
    objective.setText(COL_TEXT, "Buy a monthly pass by the 1st")
    second = editor.add_objective()
    second.setText(COL_TEXT, "Read the timetable for the 7:40 bus")
    editor.tree.setCurrentItem(second)
    editor.move_current(-1)
    editor.tree.setCurrentItem(goal)
    editor.move_current(-1)
    assert editor.save()
    saved = demo_store.plan(plan.id)
    texts = [g.text for g in saved.goals]
    assert texts[-2] == "Use the bus to get to work"
    assert [o.text for o in saved.goals[-2].objectives] == [
        "Read the timetable for the 7:40 bus",
        "Buy a monthly pass by the 1st",
    ]
    details = demo_store.audit_log("plan", plan.id)[-1]["details"]
    assert details["goals"] == len(plan.goals) + 1


def test_unused_objective_can_be_removed(editor, demo_store):
    editor.tree.setCurrentItem(editor.tree.topLevelItem(0))
    new = editor.add_objective()
    new.setText(COL_TEXT, "Temporary")
    assert editor.save()
    plan = demo_store.active_plan("client-marcus", TODAY)
    [unused] = _unused_objectives(demo_store, plan)
    editor.tree.setCurrentItem(editor.find_item(unused))
    assert editor.remove_button.isEnabled()
    editor.remove_current()
    assert editor.save()
    assert unused not in demo_store.plan(plan.id).objective_ids()


def test_next_plan_copies_goals_with_new_ids_after_the_previous_end(editor, demo_store):
    previous = demo_store.active_plan("client-marcus", TODAY)
    count = len(demo_store.plans("client-marcus"))
    editor.new_plan_from_previous()
    assert editor.plan_combo.currentText() == "New plan (not saved yet)"
    assert editor.start_edit.value() == date.fromordinal(previous.end.toordinal() + 1)
    assert editor.save()
    plans = demo_store.plans("client-marcus")
    assert len(plans) == count + 1
    new = plans[-1]
    assert new.start > previous.end
    assert [g.text for g in new.goals] == [g.text for g in previous.goals]
    assert new.objective_ids().isdisjoint(previous.objective_ids())
    assert demo_store.audit_log("plan", new.id)[0]["action"] == "create"


def test_overlapping_period_is_refused_with_nothing_written(editor, demo_store):
    previous = demo_store.active_plan("client-marcus", TODAY)
    count = len(demo_store.plans("client-marcus"))
    audit = len(demo_store.audit_log())
    editor.new_plan_from_previous()
    editor.start_edit.set_value(previous.end)
    assert not editor.save()
    assert editor.field_errors.message("period").startswith(
        f"overlaps the plan {previous.start.isoformat()}"
    )
    assert len(demo_store.plans("client-marcus")) == count
    assert len(demo_store.audit_log()) == audit


def test_empty_objective_text_is_refused(editor):
    editor.tree.setCurrentItem(editor.tree.topLevelItem(0))
    item = editor.add_objective()
    item.setText(COL_TEXT, "   ")
    assert not editor.save()
    # Under the tree, naming the row, since one label serves every goal and objective.
    assert editor.field_errors.messages() == {
        "goals": f"goal 1, objective {editor.tree.topLevelItem(0).childCount()}: "
        "enter the objective's text"
    }


def test_new_empty_plan_for_a_client_without_plans(qtbot, demo_store):
    from sessionlog.core.models import Client

    demo_store.save_client(
        Client("c-x", "New Person", date(1990, 1, 1), "N1", "payer-state-medicaid")
    )
    editor = PlansEditor(demo_store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.select_client("c-x")
    assert not editor.copy_button.isEnabled()
    assert "No treatment plan on file" in editor.empty_label.text()
    editor.new_empty_plan()
    goal = editor.add_goal()
    goal.setText(COL_TEXT, "Find a job")
    assert editor.save()
    [plan] = demo_store.plans("c-x")
    assert (plan.start, plan.end) == (TODAY, date(2027, 11, 19))
    assert [g.text for g in plan.goals] == ["Find a job"]


def test_objective_taken_up_by_a_draft_note_stops_being_removable(editor, demo_store):
    from datetime import UTC, datetime

    from sessionlog.core.models import Segment, Session

    editor.tree.setCurrentItem(editor.tree.topLevelItem(0))
    item = editor.add_objective()
    item.setText(COL_TEXT, "Pack a lunch the night before")
    assert editor.save()
    plan = demo_store.active_plan("client-marcus", TODAY)
    [fresh] = _unused_objectives(demo_store, plan)
    item = editor.find_item(fresh)
    editor.tree.setCurrentItem(item)
    assert editor.remove_button.isEnabled()
    start = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    demo_store.save_session(
        Session(
            "s-draft",
            "client-marcus",
            "staff-rosa",
            "H2023",
            [Segment(start, start.replace(hour=16))],
            place_of_service="18",
            objective_ids=[fresh],
            timezone="America/Chicago",
        )
    )
    editor.bus.notify(Entity.SESSION)
    assert editor.find_item(fresh) is item  # updated in place, not rebuilt
    assert item.text(COL_STATUS) == "used by draft notes"
    assert not editor.remove_button.isEnabled()
