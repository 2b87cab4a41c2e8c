"""Measured (issue 15): the core loop, from picking the client to a signed note, driven by
keys alone with the coach's template, in at most 10 input events and 40 typed characters.

An event is one key press that is not typing (a shortcut, a mnemonic, Tab, Enter); typed
characters are counted apart. docs/usability.md records the figures, before and after.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from tests.ui.keyboard import ALT, CTRL, SHIFT, Keyboard

from sessionlog.core.templates import NoteTemplate
from sessionlog.services import templates

MAX_EVENTS = 10
MAX_CHARACTERS = 40
RESPONSE = "Asked for each next task, no prompts"  # what only this session can say

# Rosa's job-coaching template: the shared method and plan written once; the response is
# a placeholder she must replace (a note still holding one cannot be signed).
TEMPLATE = NoteTemplate(
    "",
    "staff-rosa",
    "H2023",
    intervention="Job-site coaching: modeled the task, then prompted and faded prompts.",
    response="[what the client did]",
    plan="Continue job-site coaching on the same objectives; fade prompts further.",
)


def test_core_loop_with_a_template_takes_ten_events_and_forty_characters(
    qtbot, main_window, rosa_store, fake_clock
):
    templates.save_template(rosa_store, TEMPLATE)
    window = main_window
    form = window.today.note
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    keys = Keyboard(window)

    # Pick Marcus (the first authorized service is ready), then start, pause, resume, stop.
    keys.press(Qt.Key.Key_C, ALT)
    keys.type("m")
    assert window.today.timer.ready_client_id == "client-marcus"
    keys.press(Qt.Key.Key_S, CTRL | SHIFT)
    session_id = window.today.timer.session_ids[0]
    fake_clock.advance(20 * 60)
    keys.press(Qt.Key.Key_P, CTRL | SHIFT)
    fake_clock.advance(5 * 60)
    keys.press(Qt.Key.Key_P, CTRL | SHIFT)
    fake_clock.advance(20 * 60)
    keys.press(Qt.Key.Key_X, CTRL | SHIFT)

    # The template fills intervention, response and plan and selects the placeholder:
    # typing replaces it.
    keys.press(Qt.Key.Key_M, ALT)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.response, timeout=10_000)
    keys.type(RESPONSE)
    # Copy from last note (Ctrl+Shift+L): the objectives of Marcus's last H2023 note;
    # never its response, and the fields already filled stay as they are.
    keys.press(Qt.Key.Key_L, CTRL | SHIFT)
    qtbot.waitUntil(lambda: bool(rosa_store.session(session_id).objective_ids), timeout=10_000)

    # Sign: Ctrl+Enter opens the Sign dialog, Ctrl+Enter again signs.
    keys.press(Qt.Key.Key_Return, CTRL)
    # Opened once what was typed is stored.
    qtbot.waitUntil(lambda: form.dialog is not None and form.dialog.isVisible(), timeout=10_000)
    dialog = form.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: rosa_store.session(session_id).signed, timeout=10_000)

    signed = rosa_store.session(session_id)
    assert signed.response == RESPONSE
    assert signed.intervention == TEMPLATE.intervention
    assert signed.plan == TEMPLATE.plan
    assert signed.place_of_service == "18"  # Marcus's usual place, kept from his last note
    assert len(signed.segments) == 2
    print(f"\nmeasured loop: {keys.events} events, {keys.characters} characters: {keys.log}")
    assert keys.events <= MAX_EVENTS
    assert keys.characters <= MAX_CHARACTERS
