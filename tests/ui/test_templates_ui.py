"""Templates, quick texts, "Copy from last note" and the cloning guard in the real widgets:
Setup ▸ Templates, the note form, the Sign dialog and End of day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from sessionlog.core.templates import NoteTemplate, QuickText
from sessionlog.core.timer import ClockReading
from sessionlog.services import templates, timing
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.dialogs.sign import SignDialog
from sessionlog.ui.setup.templates import TemplatesEditor
from sessionlog.ui.views.end_of_day import EndOfDayView

TEMPLATE = NoteTemplate(
    "",
    "staff-rosa",
    "H2023",
    intervention="Coached [task] at the worksite.",
    response="[What the client did] with [number] prompts.",
    plan="Next visit: [what to practice].",
)


def started(qtbot, window, client="client-marcus", code="H2023"):
    today = window.today
    today.select_client(client, code)
    qtbot.mouseClick(today.timer.start_button, Qt.MouseButton.LeftButton)
    return today.timer.session_ids[0], today.note


def stopped(qtbot, window, fake_clock, minutes=30):
    session_id, form = started(qtbot, window)
    fake_clock.advance(minutes * 60)
    qtbot.mouseClick(window.today.timer.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.session.status.value == "draft", timeout=10_000)
    return session_id, form


def test_setup_templates_saves_a_template_and_a_quick_text_for_the_coach(qtbot, rosa_store):
    editor = TemplatesEditor(rosa_store, ChangeBus())
    qtbot.addWidget(editor)
    assert editor.coach_combo.currentData() == "staff-rosa"  # this laptop's user
    part = editor.templates
    # Nothing written: the problem names the field.
    part.code_combo.setCurrentIndex(part.code_combo.findData("H2014"))
    assert not part.save()
    assert part.problems.lines() == [
        "Intervention: Write at least one of intervention, response or plan."
    ]
    assert rosa_store.note_templates("staff-rosa") == []
    # The example fills the empty fields, placeholders and all; the coach edits and saves.
    part.fill_example()
    assert "[skill]" in part.intervention_edit.toPlainText()
    part.plan_edit.setPlainText("Next session: practice [skill] at the bank.")
    assert part.save()
    [saved] = rosa_store.note_templates("staff-rosa")
    assert (saved.code, saved.plan) == ("H2014", "Next session: practice [skill] at the bank.")
    assert part.list.count() == 1 and part.saved_label.text() == "Saved."

    quick = editor.quick_texts
    quick.key_edit.setText("prompt")
    quick.phrase_edit.setPlainText("with one verbal prompt")
    assert not quick.save()
    assert quick.problems.lines()[0].startswith("Key: Start the key with a semicolon")
    quick.key_edit.setText(";prompt")
    assert quick.save()
    assert [q.key for q in rosa_store.quick_texts("staff-rosa")] == [";prompt"]


def test_use_template_fills_empty_fields_and_selects_the_first_placeholder(
    qtbot, main_window, rosa_store
):
    templates.save_template(rosa_store, NoteTemplate(**{**TEMPLATE.__dict__}))
    session_id, form = started(qtbot, main_window)
    form.plan.setPlainText("Already written plan.")
    assert form.template_button.isEnabled()

    qtbot.mouseClick(form.template_button, Qt.MouseButton.LeftButton)

    assert form.response.toPlainText() == "[What the client did] with [number] prompts."
    assert form.plan.toPlainText() == "Already written plan."  # never overwritten
    assert form.intervention.textCursor().selectedText() == "[task]"
    assert form.intervention.hasFocus()
    qtbot.keyClicks(form.intervention, "restocking")  # typing replaces the placeholder
    assert form.intervention.toPlainText() == "Coached restocking at the worksite."
    form.flush()
    stored = rosa_store.session(session_id)
    assert stored.intervention == "Coached restocking at the worksite."
    # The response still holds placeholders: incomplete, said next to the field.
    assert "Replace the placeholder [What the client did]" in form.problems["response"].text()
    assert not form.template_button.isEnabled()  # nothing left to fill


def test_quick_text_expands_on_space_and_the_picker_inserts_one(qtbot, main_window, rosa_store):
    templates.save_quick_text(
        rosa_store, QuickText("", "staff-rosa", ";prompt", "with one verbal prompt")
    )
    _, form = started(qtbot, main_window)  # quick texts are read when a note is shown
    form.response.setFocus()
    qtbot.keyClicks(form.response, "Stocked shelves ;prompt")
    qtbot.keyClick(form.response, Qt.Key.Key_Space)
    assert form.response.toPlainText() == "Stocked shelves with one verbal prompt "
    qtbot.keyClicks(form.response, ";nokey")
    qtbot.keyClick(form.response, Qt.Key.Key_Space)  # an unknown key stays as typed
    assert form.response.toPlainText().endswith(";nokey ")

    qtbot.keyClick(form.plan, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    menu = form.quick_text.menu
    assert menu is not None and menu.isVisible()
    [action] = menu.actions()
    assert action.text().startswith(";prompt")
    action.trigger()
    assert form.plan.toPlainText() == "with one verbal prompt"


def test_copied_text_is_marked_until_edited_and_never_includes_the_response(
    qtbot, main_window, rosa_store, fake_clock
):
    earlier, form = stopped(qtbot, main_window, fake_clock)
    timing.update_note(
        rosa_store,
        earlier,
        intervention="Modeled restocking, then prompted each step.",
        response="Stocked two shelves with one verbal prompt.",
        plan="Fade prompts for restocking next visit.",
    )
    fake_clock.advance(3600)
    session_id, form = stopped(qtbot, main_window, fake_clock)
    source_date = rosa_store.session(earlier).service_date().isoformat()

    qtbot.mouseClick(form.copy_button, Qt.MouseButton.LeftButton)

    assert form.intervention.toPlainText() == "Modeled restocking, then prompted each step."
    assert form.plan.toPlainText() == "Fade prompts for restocking next visit."
    assert form.response.toPlainText() == ""
    for name in ("intervention", "plan"):
        label = form.copied[name]
        assert label.isVisibleTo(form)
        assert label.text() == f"Copied from {source_date} — edit before signing"
    assert "background" in form.plan.styleSheet()

    form.plan.setFocus()
    qtbot.keyClicks(form.plan, " Start price tags.")
    assert not form.copied["plan"].isVisibleTo(form)
    assert form.plan.styleSheet() == ""
    assert form.copied["intervention"].isVisibleTo(form)  # not edited yet
    form.flush()
    # The unedited copy is a warning before signing, the edited one is not.
    dialog = SignDialog(rosa_store, session_id, "staff-rosa", now=lambda: fake_clock.wall)
    qtbot.addWidget(dialog)
    warning = dialog.panel.warning_text()
    assert f"intervention was copied from the note of {source_date}" in warning
    assert "plan was copied" not in warning


def _draft_with_response(store, day: int, response: str) -> str:
    begin = datetime(2026, 11, 16, 15, 0, tzinfo=UTC) + timedelta(days=day)
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
    plan = store.active_plan("client-marcus", begin.date())
    timing.update_note(
        store,
        session.id,
        response=response,
        intervention=f"Job-site coaching, visit {day}.",
        plan=f"Plan for visit {day + 1}.",
        place_of_service="18",
        objective_ids=[plan.goals[0].objectives[0].id],
    )
    return session.id


def test_cloning_warning_in_the_sign_dialog_and_end_of_day(qtbot, rosa_store):
    text = "Stocked two shelves with one verbal prompt and greeted the supervisor."
    _draft_with_response(rosa_store, 0, text)
    again = _draft_with_response(rosa_store, 1, text.replace("two", "three"))
    now = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)

    dialog = SignDialog(rosa_store, again, "staff-rosa", now=lambda: now)
    qtbot.addWidget(dialog)
    assert "The client response is 90% the same as the note of 2026-11-16" in (
        dialog.panel.warning_text()
    )

    view = EndOfDayView(rosa_store, ChangeBus(), lambda: "staff-rosa", now=lambda: now)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.is_loading, timeout=10_000)  # the queue is read
    rows = [view.model.row_at(i).session_id for i in range(view.model.rowCount())]
    view.table.selectRow(rows.index(again))
    qtbot.waitUntil(lambda: view.panel.session_id == again)
    assert "the note of 2026-11-16" in view.panel.warning_text()
    assert view.panel.can_sign()  # a warning, not a blocker: the note can still be signed


def test_deleting_a_template_and_a_quick_text_asks_and_empties_the_list(
    qtbot, rosa_store, monkeypatch
):
    from sessionlog.ui.setup import templates as templates_tab

    asked: list[str] = []
    monkeypatch.setattr(templates_tab, "confirm", lambda _p, _t, text: asked.append(text) or True)
    editor = TemplatesEditor(rosa_store, ChangeBus())
    qtbot.addWidget(editor)
    part = editor.templates
    part.code_combo.setCurrentIndex(part.code_combo.findData("H2014"))
    part.plan_edit.setPlainText("Next session: practice [skill] at the bank.")
    assert part.save()
    part.delete()
    assert asked == ["Delete your template for H2014?"]
    assert rosa_store.note_templates("staff-rosa") == [] and part.list.count() == 0

    quick = editor.quick_texts
    quick.key_edit.setText(";prompt")
    quick.phrase_edit.setPlainText("with one verbal prompt")
    assert quick.save()
    quick.delete()
    assert asked[-1] == "Delete the quick text ;prompt?"
    assert rosa_store.quick_texts("staff-rosa") == [] and quick.list.count() == 0
