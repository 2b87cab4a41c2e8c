"""Small widgets and wording helpers shared by the field-app views."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, QRect, Qt, QTime, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from sessionlog.core.clock import local
from sessionlog.ui import theme
from sessionlog.ui.formats import time_text
from sessionlog.ui.theme import Tone


def short_name(name: str) -> str:
    """First name and last initial ("Marcus W."): enough for the coach to recognise,
    little for someone glimpsing a shared screen or a window title."""
    parts = name.split()
    if len(parts) < 2:
        return name
    return f"{parts[0]} {parts[-1][0]}."


def local_time(instant: datetime | None, zone: str) -> str:
    return "" if instant is None else time_text(local(instant, zone))


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return label


def hint(text: str, parent: QWidget | None = None) -> QLabel:
    """A muted, wrapping explanation line."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(theme.css(Tone.MUTED))
    return label


class ProblemLabel(QLabel):
    """A problem said right where it belongs, hidden while there is none: a field a rule
    refused (Setup, ``Tone.ERROR``), or a missing element or warning (``Tone.WARNING``).
    In a QFormLayout row of its own, the whole row is hidden with it (no empty gap)."""

    def __init__(
        self,
        name: str = "",
        form: QFormLayout | None = None,
        *,
        tone: Tone = Tone.WARNING,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._form = form
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(theme.css(tone))
        if name:
            self.setAccessibleName(self.tr("Problem with {name}").format(name=name))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.set_message("")

    def set_message(self, text: str) -> None:
        self.setText(text)
        if self._form is not None and self._form.indexOf(self) >= 0:
            self._form.setRowVisible(self, bool(text))
        else:
            self.setVisible(bool(text))

    def message(self) -> str:
        return self.text()


def problem_label(parent: QWidget | None = None) -> ProblemLabel:
    """Where a missing element or a warning is said, next to its field."""
    return ProblemLabel(parent=parent)


def set_problem(label: ProblemLabel, text: str | None) -> None:
    label.set_message(text or "")


def separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def scaled_font(base: QFont, factor: float, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * factor)
    font.setBold(bold)
    return font


def python_date(value: QDate) -> date:
    """A date edit's date as a Python date (typed, unlike ``QDate.toPython``)."""
    return date(value.year(), value.month(), value.day())


def python_time(value: QTime) -> time:
    """A time edit's time, to the second, as a Python time."""
    return time(value.hour(), value.minute(), value.second())


class FocusLabel(QLabel):
    """A label whose mnemonic only moves the focus to its buddy.

    A plain QLabel clicks a button buddy on its mnemonic: Alt+O would tick the first
    objective. Here the coach lands on the box and ticks it with Space, on purpose."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Shortcut:
            buddy = self.buddy()
            if buddy is not None and buddy.isEnabled():
                buddy.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        return super().event(event)


class _FocusFollower(QObject):
    """Scrolls its area to the focused widget; a child of the area, so Qt ends the
    connection when the area goes."""

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self.area = area

    def follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        inner = self.area.widget()
        if new is not None and inner is not None and inner.isAncestorOf(new):
            # Leaving a field saves it and may show or hide problem lines, which moves
            # the fields: scroll once the layout has settled, not before.
            QTimer.singleShot(0, self, lambda: self._show(new))

    def _show(self, widget: QWidget) -> None:
        inner = self.area.widget()
        if inner is None or not inner.isAncestorOf(widget) or not widget.hasFocus():
            return
        layout = inner.layout()
        if layout is not None:
            layout.activate()
        # The whole field, not only its text cursor (what ensureWidgetVisible shows).
        box = QRect(widget.mapTo(inner, QPoint(0, 0)), widget.size())
        centre = box.center()
        self.area.ensureVisible(centre.x(), centre.y(), box.width() // 2 + 8, box.height() // 2 + 8)


def keep_focus_visible(area: QScrollArea) -> None:
    """Scroll ``area`` to whatever inside it takes the keyboard focus (Tab, a mnemonic):
    the coach always sees the field they type into."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.focusChanged.connect(_FocusFollower(area).follow)
