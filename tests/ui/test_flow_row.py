"""The note's button row wraps onto a second line when narrow, and its height follows the
buttons shown (it remembers heights between changes: Qt asks them many times a layout)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from sessionlog.ui.widgets import FlowRow


def _row_of(qtbot, *labels: str) -> tuple[QWidget, FlowRow, list[QPushButton]]:
    window = QWidget()
    qtbot.addWidget(window)
    outer = QHBoxLayout(window)
    row = FlowRow()
    buttons = [QPushButton(label) for label in labels]
    for button in buttons:
        row.addWidget(button)
    outer.addLayout(row)  # nested, as in the note form
    window.show()
    qtbot.waitExposed(window)
    return window, row, buttons


def test_the_row_is_one_line_tall_again_once_a_button_is_hidden(qtbot):
    _window, row, buttons = _row_of(qtbot, "Change client…", "Correct times…", "Sign…")
    one_line = buttons[0].sizeHint().height()
    narrow = buttons[0].sizeHint().width() + buttons[1].sizeHint().width() + 10
    assert row.heightForWidth(narrow) > one_line  # the third button wraps
    buttons[2].hide()
    qtbot.waitUntil(lambda: row.heightForWidth(narrow) == one_line)


def test_a_longer_label_wraps_the_row(qtbot):
    _window, row, buttons = _row_of(qtbot, "A", "B")
    one_line = buttons[0].sizeHint().height()
    width = buttons[0].sizeHint().width() + buttons[1].sizeHint().width() + 20
    assert row.heightForWidth(width) == one_line
    buttons[1].setText("A much longer label than the row can hold beside the first")
    qtbot.waitUntil(lambda: row.heightForWidth(width) > one_line)
