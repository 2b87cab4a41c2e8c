"""Keyboard-first: the whole loop without a mouse, mnemonics that move the focus and never
tick a box, Tab in the order things are seen, the focused field always in view, and
Ctrl+Enter signing from the note form as it does in End of day."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QTableView
from tests.ui.keyboard import ALT, CTRL, SHIFT, Keyboard

OBJECTIVE_1 = "client-marcus-g1-o1"
OBJECTIVE_2 = "client-marcus-g1-o2"


def _active(qtbot, window) -> Keyboard:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return Keyboard(window)


def _stopped_session(qtbot, window, keys: Keyboard, fake_clock) -> str:
    """Pick Marcus, start, pause, resume and stop: keys only."""
    keys.press(Qt.Key.Key_C, ALT)
    assert QApplication.focusWidget() is window.today.clients
    keys.type("m")
    assert window.today.timer.ready_client_id == "client-marcus"
    assert window.today.timer.ready_code == "H2023"  # the first service authorized
    keys.press(Qt.Key.Key_S, CTRL | SHIFT)
    session_id = window.today.timer.session_ids[0]
    fake_clock.advance(600)
    keys.press(Qt.Key.Key_P, CTRL | SHIFT)
    fake_clock.advance(300)
    keys.press(Qt.Key.Key_P, CTRL | SHIFT)
    fake_clock.advance(1800)
    keys.press(Qt.Key.Key_X, CTRL | SHIFT)
    assert not window.today.timer.active
    return session_id


def test_the_whole_loop_works_without_a_mouse(qtbot, main_window, rosa_store, fake_clock):
    window = main_window
    form = window.today.note
    keys = _active(qtbot, window)
    session_id = _stopped_session(qtbot, window, keys, fake_clock)
    assert len(rosa_store.session(session_id).segments) == 2  # the pause is on record
    # After Stop the keys go straight to the first thing the note lacks (the place is
    # Marcus's usual one already): what the coach did.
    assert QApplication.focusWidget() is form.intervention
    keys.type("Modeled asking the shift lead for the next task.")
    keys.press(Qt.Key.Key_A, ALT)
    keys.press(Qt.Key.Key_Space)
    keys.press(Qt.Key.Key_O, ALT)
    keys.press(Qt.Key.Key_Space)
    keys.press(Qt.Key.Key_Tab)
    keys.press(Qt.Key.Key_Space)
    keys.press(Qt.Key.Key_R, ALT)
    keys.type("Asked for the next task twice without a prompt.")
    keys.press(Qt.Key.Key_X, ALT)
    keys.type("Fade prompts on the checklist.")
    keys.press(Qt.Key.Key_Return, CTRL)
    # Ctrl+Enter opens the Sign dialog (once the note is stored, when the typing pause's
    # save is still on its way).
    qtbot.waitUntil(lambda: form.dialog is not None and form.dialog.isVisible(), timeout=10_000)
    dialog = form.dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: rosa_store.session(session_id).signed, timeout=10_000)
    signed = rosa_store.session(session_id)
    assert signed.place_of_service == "18"
    assert signed.objective_ids == [OBJECTIVE_1, OBJECTIVE_2]
    assert signed.intervention.startswith("Methods: Modeling.")
    assert "shift lead" in signed.intervention
    assert signed.response == "Asked for the next task twice without a prompt."
    assert signed.plan == "Fade prompts on the checklist."


def test_a_label_mnemonic_moves_the_focus_and_never_ticks_a_box(
    qtbot, main_window, rosa_store, fake_clock
):
    window = main_window
    form = window.today.note
    keys = _active(qtbot, window)
    session_id = _stopped_session(qtbot, window, keys, fake_clock)
    first = next(iter(form._objective_boxes.values()))
    keys.press(Qt.Key.Key_O, ALT)
    assert QApplication.focusWidget() is first
    keys.press(Qt.Key.Key_A, ALT)  # "What you did": the first method
    assert QApplication.focusWidget() is form.methods["Modeling"]
    qtbot.wait(300)  # longer than a button's animated click would take
    assert not first.isChecked() and not form.methods["Modeling"].isChecked()
    form.flush()
    stored = rosa_store.session(session_id)
    assert stored.objective_ids == [] and stored.intervention == ""


def test_tab_follows_the_visual_order_objectives_before_response_and_sign_last(
    qtbot, main_window, fake_clock
):
    window = main_window
    form = window.today.note
    keys = _active(qtbot, window)
    _stopped_session(qtbot, window, keys, fake_clock)
    form.narrative.setFocus()
    seen = []
    for _ in range(12):
        keys.press(Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        if seen[-1] is form.sign_button:
            break
    boxes = list(form._objective_boxes.values())
    assert seen[: len(boxes)] == boxes
    assert seen[len(boxes) : len(boxes) + 2] == [form.response, form.plan]
    assert seen[-1] is form.sign_button
    assert seen[-2] is form.discard_button


def test_the_focused_field_is_scrolled_into_view(qtbot, main_window, fake_clock):
    window = main_window
    window.resize(1000, 520)  # a small window: the note needs its scroll bar
    form = window.today.note
    keys = _active(qtbot, window)
    _stopped_session(qtbot, window, keys, fake_clock)
    viewport = form.note_scroll.viewport()
    qtbot.waitUntil(lambda: form.note_scroll.verticalScrollBar().maximum() > 0)
    for widget, key in ((form.plan, Qt.Key.Key_X), (form.code, Qt.Key.Key_D)):
        keys.press(key, ALT)
        assert QApplication.focusWidget() is widget

        def in_view(widget=widget) -> bool:
            top = widget.mapTo(viewport, QPoint(0, 0)).y()
            return top >= 0 and top + widget.height() <= viewport.height()

        qtbot.waitUntil(in_view, timeout=1000)


def test_ctrl_enter_on_an_incomplete_note_says_what_is_missing(
    qtbot, main_window, rosa_store, fake_clock
):
    window = main_window
    form = window.today.note
    keys = _active(qtbot, window)
    session_id = _stopped_session(qtbot, window, keys, fake_clock)
    keys.press(Qt.Key.Key_Return, CTRL)
    # Opened once what was typed is stored.
    qtbot.waitUntil(lambda: form.dialog is not None and form.dialog.isVisible(), timeout=10_000)
    dialog = form.dialog
    assert dialog is not None
    assert "Still missing" in dialog.panel.missing_text()
    keys.press(Qt.Key.Key_Return, CTRL)  # nothing to sign: nothing happens
    assert not rosa_store.session(session_id).signed


def test_a_coachs_day_from_the_timer_to_end_of_day_without_a_mouse(
    qtbot, main_window, rosa_store, fake_clock
):
    """Time a session, write its note, then sign it where the day ends: End of day
    (Ctrl+2), the arrow keys to the note, Ctrl+Enter. Keys only, the demo's other
    unsigned notes in the queue around it."""
    window = main_window
    form = window.today.note
    keys = _active(qtbot, window)
    session_id = _stopped_session(qtbot, window, keys, fake_clock)
    assert QApplication.focusWidget() is form.intervention
    keys.type("Role-played asking the shift lead for the next task.")
    keys.press(Qt.Key.Key_A, ALT)
    keys.press(Qt.Key.Key_Space)
    keys.press(Qt.Key.Key_O, ALT)
    keys.press(Qt.Key.Key_Space)
    keys.press(Qt.Key.Key_R, ALT)
    keys.type("Asked once, unprompted.")
    keys.press(Qt.Key.Key_X, ALT)
    keys.type("Practise at the start of each shift.")

    keys.press(Qt.Key.Key_2, CTRL)  # leaving Today saves the note
    queue = window.end_of_day
    assert window.tabs.currentWidget() is queue
    # Stored by the writer thread when an autosave was under way (End of day, read in
    # the pool, no longer holds the GUI thread long enough for it to land meanwhile).
    qtbot.waitUntil(
        lambda: rosa_store.session(session_id).plan == "Practise at the start of each shift.",
        timeout=10_000,
    )
    assert not rosa_store.session(session_id).signed
    qtbot.waitUntil(lambda: QApplication.focusWidget() is queue.table)
    # End of day may have read the queue a moment before the note Today saved on leaving
    # was stored; the save's change then re-reads that row in the background.
    qtbot.waitUntil(
        lambda: (
            not queue.is_loading and not queue.model.row_at(queue.model.row_of(session_id)).missing
        ),
        timeout=10_000,
    )
    others = queue.model.rowCount() - 1
    assert others > 0, "the demo leaves other notes to finish"
    for _ in range(queue.model.rowCount()):
        if queue.current_row().session_id == session_id:
            break
        keys.press(Qt.Key.Key_Down)
    assert queue.current_row().session_id == session_id
    assert not queue.current_row().missing
    # Signed by the writer thread: the note counts as signed once it is stored.
    with qtbot.waitSignal(queue.note_signed, timeout=10_000):
        keys.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not queue.is_loading, timeout=10_000)

    signed = rosa_store.session(session_id)
    assert signed.signed
    assert signed.objective_ids == [OBJECTIVE_1]
    assert signed.response == "Asked once, unprompted."
    assert queue.model.row_of(session_id) == -1
    assert queue.model.rowCount() == others
    assert QApplication.focusWidget() is queue.table  # on to the next note, still keys only
    assert keys.log[-1] == "ControlModifier+Key_Return"


def test_tab_reaches_every_control_of_end_of_day(qtbot, main_window):
    """From the queue, Tab walks on to the buttons and comes back: no list in the window
    keeps Tab to itself (a table's cells are not fields here)."""
    window = main_window
    assert not any(table.tabKeyNavigation() for table in window.findChildren(QTableView))
    keys = _active(qtbot, window)
    keys.press(Qt.Key.Key_2, CTRL)
    queue = window.end_of_day
    qtbot.waitUntil(lambda: QApplication.focusWidget() is queue.table)
    qtbot.waitUntil(lambda: not queue.is_loading)  # the note is read: Sign is enabled
    seen = []
    for _ in range(20):
        keys.press(Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        if seen[-1] is queue.table:
            break
    assert queue.edit_button in seen and queue.sign_button in seen, [type(w).__name__ for w in seen]
    assert seen[-1] is queue.table, "Tab comes round to the queue again"
