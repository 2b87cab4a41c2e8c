"""A coach at the keyboard: every key goes to the widget that has the focus, as it would
on a real laptop, and every input is counted.

``press`` is one input event (a shortcut, Tab, Enter, a mnemonic); ``type`` counts the
characters it types (one character, one key). Nothing here clicks, scrolls or calls a
widget's slot: what the coach cannot reach with keys, this cannot reach either.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


class Keyboard:
    def __init__(self, window: QWidget) -> None:
        self.window = window
        self.events = 0
        self.characters = 0
        self.log: list[str] = []

    def target(self) -> QWidget:
        """Where a key goes: the focused widget, else the active window."""
        return QApplication.focusWidget() or QApplication.activeWindow() or self.window

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = NONE) -> None:
        QTest.keyClick(self.target(), key, modifiers)
        QApplication.processEvents()
        self.events += 1
        self.log.append(f"{modifiers.name or ''}+{key.name}")

    def type(self, text: str) -> None:
        for char in text:
            QTest.keyClicks(self.target(), char)
            self.characters += 1
        QApplication.processEvents()
        self.log.append(f"type {text!r}")
