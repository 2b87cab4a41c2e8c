"""Small widgets and wording helpers shared by the field-app views."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time

import shiboken6
from PySide6.QtCore import QDate, QEvent, QObject, QPoint, QRect, QSize, Qt, QTime, QTimer
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QWidget,
)

from sessionlog.core.clock import local
from sessionlog.ui import theme
from sessionlog.ui.formats import time_text
from sessionlog.ui.theme import Tone


@contextmanager
def columns_measured_once(table: QTableWidget) -> Iterator[None]:
    """While a table's rows are filled, its columns sized to their contents are held: a
    header in that mode measures every row again at each cell set, so filling n rows cost
    n² measures (the authorizations page's 22 rows: 110-220 ms on the GUI thread). They
    are measured once when the rows are in."""
    header = table.horizontalHeader()
    fitted = [
        col
        for col in range(header.count())
        if header.sectionResizeMode(col) == QHeaderView.ResizeMode.ResizeToContents
    ]
    for col in fitted:
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
    try:
        yield
    finally:
        for col in fitted:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)


def short_name(name: str) -> str:
    """First name and last initial ("Marcus W."): enough for the coach to recognise,
    little for someone glimpsing a shared screen or a window title."""
    parts = name.split()
    if len(parts) < 2:
        return name
    return f"{parts[0]} {parts[-1][0]}."


def local_time(instant: datetime | None, zone: str) -> str:
    return "" if instant is None else time_text(local(instant, zone))


class WrapWhenNarrow(QLabel):
    """A label on one line when there is room, wrapping at words when there is not (a
    plain word-wrapped QLabel asks for a quarter of 80 characters and wraps even a short
    title on a wide window)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        margins = self.contentsMargins()
        one_line = (
            self.fontMetrics().horizontalAdvance(self.text())
            + margins.left()
            + margins.right()
            + 2 * self.margin()
            + 2  # Qt's rounding of the text's bounding box
        )
        return QSize(max(hint.width(), one_line), hint.height())


class StatusText(QWidget):
    """A short status line (the note's "Saving…", "Saved 10:42:07") whose new text
    repaints only itself. A QLabel asks its layout for room at every new text, and the
    layout request climbs to the window: each autosave laid the whole window out again
    and, when the row's widths moved, repainted the whole note (issue 12). Its room is
    set by the widest of its usual texts (``samples``) and grows only for a text that
    does not fit (wrapped onto more lines, never widening the window); cleared, it goes
    back to one line."""

    def __init__(self, samples: Iterable[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._lines = 1  # lines of room
        self._samples = list(samples)
        self._sample_width: int | None = None  # of the widest sample, in the widget's font
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        # Read by a screen reader with the accessible name ("Save status").
        self.setAccessibleDescription(text)
        lines = self._lines_needed(self.contentsRect().width()) if text else 1
        if lines > self._lines or (not text and self._lines > 1):
            self._lines = lines
            self.updateGeometry()
        self.update()

    def _lines_needed(self, width: int) -> int:
        if width <= 0 or not self._text:
            return 1
        metrics = self.fontMetrics()
        flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        height = metrics.boundingRect(QRect(0, 0, width, 100_000), flags, self._text).height()
        return max(1, -(-height // metrics.lineSpacing()))

    def _room(self, width: int) -> QSize:
        margins = self.contentsMargins()
        height = self.fontMetrics().lineSpacing() * self._lines
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def _widest(self) -> int:
        if self._sample_width is None:
            metrics = self.fontMetrics()
            widths = [metrics.horizontalAdvance(s) for s in self._samples]
            # + 2: Qt's rounding of a wrapped text's box (it would wrap at exactly this).
            self._sample_width = max(widths, default=0) + 2
        return self._sample_width

    def sizeHint(self) -> QSize:
        return self._room(self._widest())

    def minimumSizeHint(self) -> QSize:
        # Its usual texts on one line (a narrow row wraps the buttons beside it instead).
        return self.sizeHint()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # a larger system font: room anew
            self._sample_width = None
            self._lines = self._lines_needed(self.contentsRect().width())
            self.updateGeometry()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Narrower than before (a resized window): a long text may need another line.
        lines = self._lines_needed(self.contentsRect().width())
        if lines > self._lines:
            self._lines = lines
            self.updateGeometry()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._text:
            return
        painter = QPainter(self)
        flags = (
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap
        )
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(flags),
            self.palette(),
            self.isEnabled(),
            self._text,
            QPalette.ColorRole.WindowText,
        )


def heading(text: str, parent: QWidget | None = None, *, wrap: bool = False) -> QLabel:
    """A bold, larger label; ``wrap``: on one line when it fits, wrapped when it does not."""
    label = WrapWhenNarrow(text, parent) if wrap else QLabel(text, parent)
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
        if not shiboken6.isValid(self.area):
            # The area was deleted (a closed window): the application-wide connection
            # may still call once more before Qt drops it.
            return
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


class ColumnScroll(QScrollArea):
    """A column that scrolls up and down when the window is lower than its content
    (a large system font on a laptop) instead of making the window taller than the
    screen or squeezing its widgets over each other. It is never narrower than its
    content, and takes the whole height when the content fits."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Sized here, not by widgetResizable: that gives a column with wrapping labels
        # its *preferred* height, which scrolled at the normal font too.
        self.setWidgetResizable(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(content)
        keep_focus_visible(self)

    def needed_height(self, width: int) -> int:
        """The content's minimum height at ``width``: wrapped labels counted as wrapped
        (a layout's plain minimum counts them as one line)."""
        content = self.widget()
        if content is None:
            return 0
        layout = content.layout()
        if layout is not None and layout.hasHeightForWidth():
            return max(layout.totalMinimumHeightForWidth(width), content.minimumHeight())
        return content.minimumSizeHint().height()

    def fit_content(self) -> None:
        content = self.widget()
        if content is None:
            return
        viewport = self.viewport().size()
        width = viewport.width()
        needed = self.needed_height(width)
        if needed > viewport.height():
            # The bar takes its width from the content.
            width = self.width() - self.verticalScrollBar().sizeHint().width()
            needed = self.needed_height(width)
        content.resize(width, max(viewport.height(), needed))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_content()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            QTimer.singleShot(0, self, self.fit_content)  # its content changed height
        return super().eventFilter(watched, event)

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        width = 0 if content is None else content.minimumSizeHint().width()
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(width + bar, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        content = self.widget()
        hint = super().sizeHint() if content is None else content.sizeHint()
        return QSize(hint.width() + self.verticalScrollBar().sizeHint().width(), hint.height())


class FlowRow(QLayout):
    """Buttons in a right-aligned row that wraps onto a second line when the row is
    narrower than they are (a large system font on a laptop), instead of setting a
    minimum width that pushes the window past the screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        # Height for a width, until the row changes: one layout pass asks it many times,
        # each a call into Python from Qt's layout (the GUI thread's time at every click).
        self._heights: dict[int, int] = {}
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self._heights.clear()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        self._heights.clear()
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._arrange(QRect(0, 0, width, 0), move=False)
        return height

    def invalidate(self) -> None:
        # A button shown, hidden or renamed (Qt invalidates the layout): heights anew.
        self._heights.clear()
        super().invalidate()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        shown = self._shown()
        width = sum(i.sizeHint().width() for i in shown) + self._gap() * max(len(shown) - 1, 0)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:
        shown = self._shown()
        width = max((i.minimumSize().width() for i in shown), default=0)
        height = max((i.minimumSize().height() for i in shown), default=0)
        return QSize(width, height)

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _gap(self) -> int:
        gap = self.spacing()
        if gap < 0:
            owner = self.parentWidget()
            # Imported here: PySide makes a class's Python enums when its name is first
            # imported, QStyle's 12 took ~16 ms of the start (issue 12).
            from PySide6.QtWidgets import QStyle

            style = owner.style() if owner is not None else QApplication.style()
            gap = style.pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)
        return gap if gap >= 0 else 6

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Lay the items out in rows inside ``rect`` (right-aligned); the height used."""
        gap = self._gap()
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            width = item.sizeHint().width()
            if rows[-1] and used + gap + width > rect.width():
                rows.append([])
                used = 0
            used += (gap if rows[-1] else 0) + width
            rows[-1].append(item)
        y = rect.y()
        for row in rows:
            if not row:
                continue
            height = max(item.sizeHint().height() for item in row)
            widths = [min(item.sizeHint().width(), rect.width()) for item in row]
            x = rect.x() + rect.width() - (sum(widths) + gap * (len(row) - 1))
            for item, width in zip(row, widths, strict=True):
                if move:
                    item.setGeometry(QRect(x, y, width, height))
                x += width + gap
            y += height + gap
        return max(y - rect.y() - gap, 0)
