"""Small widgets and wording helpers shared by the field-app views."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, QTime
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from sessionlog.core.clock import local
from sessionlog.ui import theme
from sessionlog.ui.theme import Tone


def short_name(name: str) -> str:
    """First name and last initial ("Marcus W."): enough for the coach to recognise,
    little for someone glimpsing a shared screen or a window title."""
    parts = name.split()
    if len(parts) < 2:
        return name
    return f"{parts[0]} {parts[-1][0]}."


def local_time(instant: datetime | None, zone: str) -> str:
    return "" if instant is None else local(instant, zone).strftime("%H:%M")


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


def problem_label(parent: QWidget | None = None) -> QLabel:
    """Where a missing element or a warning is said, next to its field."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(theme.css(Tone.WARNING))
    label.setVisible(False)
    return label


def set_problem(label: QLabel, text: str | None) -> None:
    label.setText(text or "")
    label.setVisible(bool(text))


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
