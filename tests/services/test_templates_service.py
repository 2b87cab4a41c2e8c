"""Templates and quick texts saved through their one write path (checked, audited), and
"Copy from last note" and the warnings before signing, on a real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sessionlog.core.changes import Entity
from sessionlog.core.errors import StoreError
from sessionlog.core.templates import NoteTemplate, QuickText
from sessionlog.core.timer import ClockReading
from sessionlog.services import templates, timing

START = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # after the demo's days


def _session(store, day: int, **text: str) -> str:
    begin = START + timedelta(days=day)
    session = timing.start_session(
        store,
        client_id="client-marcus",
        staff_id="staff-rosa",
        code="H2023",
        reading=ClockReading(begin, 1000.0 + day * 86400),
    ).value
    timing.stop(
        store, [session.id], ClockReading(begin + timedelta(minutes=30), 2800.0 + day * 86400)
    )
    if text:
        timing.update_note(store, session.id, **text)
    return session.id


def test_a_template_is_checked_then_saved_audited_and_one_per_coach_and_code(demo_store):
    bad = templates.save_template(demo_store, NoteTemplate("", "staff-rosa", "H9999"))
    assert not bad.ok
    assert {(p.field, p.kind) for p in bad.problems} == {
        ("code", Entity.TEMPLATE),
        ("intervention", Entity.TEMPLATE),
    }
    assert demo_store.note_templates("staff-rosa") == []

    good = NoteTemplate("", "staff-rosa", "H2023", response="[What the client did].")
    result = templates.save_template(demo_store, good)
    assert result.ok and result.changes.touches(Entity.TEMPLATE)
    assert demo_store.note_template("staff-rosa", "H2023") == good
    assert demo_store.audit_log("note_template", good.id)[0]["action"] == "create"

    twin = templates.save_template(
        demo_store, NoteTemplate("", "staff-rosa", "H2023", plan="[next].")
    )
    assert [p.message for p in twin.problems] == ["You already have a template for H2023."]
    assert len(demo_store.note_templates("staff-rosa")) == 1


def test_a_quick_text_key_is_checked_and_saved_per_coach(demo_store):
    bad = templates.save_quick_text(demo_store, QuickText("", "staff-rosa", "prompt", ""))
    assert {p.field for p in bad.problems} == {"key", "phrase"}
    ok = templates.save_quick_text(
        demo_store, QuickText("", "staff-rosa", " ;prompt ", "with one verbal prompt")
    )
    assert ok.ok
    [stored] = demo_store.quick_texts("staff-rosa")
    assert (stored.key, stored.phrase) == (";prompt", "with one verbal prompt")
    templates.delete_quick_text(demo_store, stored.id)
    assert demo_store.quick_texts("staff-rosa") == []
    assert [e["action"] for e in demo_store.audit_log("quick_text", stored.id)] == [
        "create",
        "delete",
    ]


def test_copy_from_last_note_copies_objectives_intervention_and_plan_never_the_response(
    demo_store,
):
    last = _session(
        demo_store,
        0,
        intervention="Modeled restocking, then prompted each step.",
        response="Stocked two shelves with one verbal prompt.",
        plan="Fade prompts for restocking next visit.",
    )
    source = demo_store.session(last)
    plan = demo_store.active_plan("client-marcus", source.service_date())
    objective = plan.goals[0].objectives[0].id
    timing.update_note(demo_store, last, objective_ids=[objective])
    draft = _session(demo_store, 1)

    result = templates.copy_from_last(demo_store, draft)

    copied = demo_store.session(draft)
    assert result.source_date == "2026-11-24"
    assert sorted(result.fields) == ["intervention", "plan"]
    assert copied.intervention == source.intervention
    assert copied.plan == source.plan
    assert copied.objective_ids == [objective]
    assert copied.response == ""
    # Copied and never edited: a warning before signing, gone once the field is edited.
    warned = {w.field for w in templates.note_warnings(demo_store, copied)}
    assert {"intervention", "plan"} <= warned
    timing.update_note(demo_store, draft, plan="Start price tags next visit.")
    assert [m.field for m in templates.copied_fields(demo_store, demo_store.session(draft))] == [
        "intervention"
    ]


def test_copy_from_last_note_keeps_what_the_draft_already_says(demo_store):
    _session(demo_store, 0, intervention="Old intervention text.", plan="Old plan text here.")
    draft = _session(demo_store, 1, plan="Today's own plan.")
    result = templates.copy_from_last(demo_store, draft)
    assert result.fields == ["intervention"]
    assert demo_store.session(draft).plan == "Today's own plan."


def test_copy_from_last_note_without_an_earlier_note_says_so(demo_store):
    other_code = timing.start_session(
        demo_store,
        client_id="client-marcus",
        staff_id="staff-rosa",
        code="H0038",
        reading=ClockReading(START + timedelta(days=40), 9e6),
    ).value
    with pytest.raises(StoreError, match="no earlier H0038 note"):
        templates.copy_from_last(demo_store, other_code.id)
    assert demo_store.note_copies(other_code.id) == []


def test_cloning_guard_names_the_date_of_a_recent_identical_response(demo_store):
    text = "Stocked two shelves with one verbal prompt and greeted the supervisor."
    _session(demo_store, 0, response=text)
    again = _session(demo_store, 2, response=text)
    warnings = templates.note_warnings(demo_store, demo_store.session(again))
    assert any(
        w.field == "response" and "identical to the note of 2026-11-24" in w.message
        for w in warnings
    )
    fresh = _session(demo_store, 3, response="Missed the bus; we practiced the route twice.")
    assert [
        w
        for w in templates.note_warnings(demo_store, demo_store.session(fresh))
        if w.field == "response"
    ] == []
