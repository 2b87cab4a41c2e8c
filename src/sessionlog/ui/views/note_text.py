"""Typing help in the note's text fields: quick texts, placeholders, copied-text marks.

- A quick-text key (``;prompt``) followed by Space becomes the coach's phrase; Ctrl+Space
  opens a picker of the coach's quick texts at the cursor.
- After a template fills fields, the first ``[placeholder]`` is selected so typing
  replaces it.
- A field filled by "Copy from last note" is tinted, with a label naming the source's
  date, until its text differs from what was copied.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QLabel, QMenu, QPlainTextEdit, QWidget

from sessionlog.core.placeholders import first_placeholder
from sessionlog.ui import theme
from sessionlog.ui.theme import Tone


def _qt_offset(text: str, index: int) -> int:
    """A Python string index as a Qt (UTF-16) text position."""
    return len(text[:index].encode("utf-16-le")) // 2


def select_first_placeholder(edits: list[QPlainTextEdit]) -> bool:
    """Focus the first field holding a placeholder and select it; False when none."""
    for edit in edits:
        text = edit.toPlainText()
        span = first_placeholder(text)
        if span is None:
            continue
        cursor = edit.textCursor()
        cursor.setPosition(_qt_offset(text, span[0]))
        cursor.setPosition(_qt_offset(text, span[1]), QTextCursor.MoveMode.KeepAnchor)
        edit.setTextCursor(cursor)
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        edit.ensureCursorVisible()
        return True
    return False


class QuickTextTyping(QObject):
    """Installed on note text fields: expands keys on Space, opens the picker on
    Ctrl+Space. ``phrases`` returns the coach's current key -> phrase."""

    def __init__(self, parent: QObject, phrases: Callable[[], Mapping[str, str]]) -> None:
        super().__init__(parent)
        self._phrases = phrases
        self.menu: QMenu | None = None

    def install(self, edit: QPlainTextEdit) -> None:
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QPlainTextEdit):
            return False
        if watched.isReadOnly():
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() != Qt.Key.Key_Space:
            return False
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl:
            self.open_picker(watched)
            return True
        return self.expand(watched)

    def expand(self, edit: QPlainTextEdit) -> bool:
        """Replace the key just typed before the cursor by its phrase, plus the space."""
        cursor = edit.textCursor()
        if cursor.hasSelection():
            return False
        block = cursor.block().text()
        before = block[: cursor.positionInBlock()]
        # Here, not at import: the template rules are no part of the first window.
        from sessionlog.core.templates import quick_text_at

        found = quick_text_at(before, self._phrases())
        if found is None:
            return False
        typed, phrase = found
        cursor.movePosition(
            QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(typed)
        )
        cursor.insertText(phrase + " ")
        edit.setTextCursor(cursor)
        return True

    def open_picker(self, edit: QPlainTextEdit) -> QMenu:
        """A menu of the coach's quick texts at the cursor; choosing one inserts it."""
        menu = QMenu(edit)
        menu.setAccessibleName(self.tr("Quick texts"))
        phrases = self._phrases()
        if not phrases:
            action = menu.addAction(self.tr("No quick texts yet: add them in Setup ▸ Templates"))
            action.setEnabled(False)
        for key, phrase in sorted(phrases.items()):
            shown = phrase if len(phrase) <= 60 else phrase[:57] + "…"
            action = menu.addAction(f"{key}  —  {shown}")
            action.triggered.connect(
                lambda _checked=False, text=phrase: edit.textCursor().insertText(text)
            )
        menu.aboutToHide.connect(lambda: edit.setFocus(Qt.FocusReason.PopupFocusReason))
        self.menu = menu
        menu.popup(edit.mapToGlobal(edit.cursorRect().bottomLeft()))
        return menu


def copied_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(
        theme.css(Tone.WARNING, filled=True, extra="padding: 2px 6px; border-radius: 3px;")
    )
    label.hide()
    return label


def show_copied(edit: QWidget, label: QLabel, source_date: str | None) -> None:
    """Tint ``edit`` and name the source while its text is the copied text."""
    if source_date is None:
        edit.setStyleSheet("")
        label.hide()
        return
    edit.setStyleSheet(
        f"QPlainTextEdit {{ background: {theme.fill(Tone.WARNING).name()}; "
        f"color: {theme.ink_on_fill(Tone.WARNING).name()}; }}"
    )
    label.setText(
        QCoreApplication.translate(
            "note_text", "Copied from {source_date} — edit before signing"
        ).format(source_date=source_date)
    )
    label.show()
