"""The authorizations page's usage meter, painted by a delegate from the row's item.

Each meter was a QProgressBar cell widget, the exhausted ones with a style sheet of
their own: filling a client's 22 rows' usage in, widgets made and styled, held the GUI
thread 17-21 ms at 300,000 sessions, 11 ms with this delegate (issue 12,
docs/benchmarks.md). The item now holds what the meter shows (a :class:`Meter` under
:data:`METER_ROLE`, its "NN% used" text as the display text that screen readers
announce) and :class:`UsageMeterDelegate` paints it.

The bar is painted by hand rather than by the style's CE_ProgressBar: the native Windows
styles draw their own chunk colour whatever the palette says, so a warning meter would
look like any other there. Its empty and full bars are drawn once per size and colours
and copied in part (an antialiased rounded bar drawn afresh cost 0.1 ms a cell, copying
parts of it 0.01 ms); only the text is drawn each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from sessionlog.ui import theme
from sessionlog.ui.theme import Tone

# Beside ID_ROLE (UserRole), which every cell of the row holds.
METER_ROLE = Qt.ItemDataRole.UserRole + 1

# Looked up once: each enum member read from PySide costs a Python call, and a paint
# reads a dozen.
_WINDOW = QPalette.ColorRole.Window
_BASE = QPalette.ColorRole.Base
_TEXT = QPalette.ColorRole.Text
_HIGHLIGHT = QPalette.ColorRole.Highlight
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
_CENTER = Qt.AlignmentFlag.AlignCenter
_RIGHT_TO_LEFT = Qt.LayoutDirection.RightToLeft
_ITEM = QStyle.ControlElement.CE_ItemViewItem


@dataclass(frozen=True)
class Meter:
    """What one row's meter shows: ``used`` of ``units``, in ``tone`` when the row warns
    (None: the palette's highlight)."""

    used: int
    units: int
    tone: Tone | None = None

    @property
    def fraction(self) -> float:
        """The filled share of the bar, 0 to 1 (an overdrawn authorization fills it)."""
        maximum = max(self.units, 1)
        return min(max(self.used, 0), maximum) / maximum

    @property
    def share(self) -> int:
        """The percentage the text gives (rounded, above 100 when overdrawn)."""
        return round(100 * self.used / self.units) if self.units else 0


class _Colors(NamedTuple):
    """A meter's colours (RGBA), worked out once per palette and tone."""

    base: int  # the empty groove
    ink: int  # the text over it
    chunk: int
    on_chunk: int  # the text over the chunk
    outline: int


@lru_cache(maxsize=32)
def _colors(
    window: int, base: int, text: int, highlight: int, highlighted_text: int, tone: Tone | None
) -> _Colors:
    palette = QPalette()
    for role, rgba in (
        (_WINDOW, window),
        (_BASE, base),
        (_TEXT, text),
        (_HIGHLIGHT, highlight),
        (_HIGHLIGHTED_TEXT, highlighted_text),
    ):
        palette.setColor(role, QColor.fromRgba(rgba))
    # A warning chunk in the tone's text colour on the base: 4.5:1 against the groove, in
    # a light palette and a dark one alike.
    chunk = theme.text(tone, palette, on=_BASE) if tone is not None else QColor.fromRgba(highlight)
    on_chunk = theme.ink_over(chunk, QColor.fromRgba(highlighted_text))
    return _Colors(base, text, chunk.rgba(), on_chunk.rgba(), theme.outline(palette).rgba())


class UsageMeterDelegate(QStyledItemDelegate):
    """Paints a cell holding a :class:`Meter` as a rounded bar with its display text
    centred on it; any other cell as usual (a row whose usage is not read yet stays
    blank)."""

    MARGIN_X = 3  # the room a cell widget had inside its cell (the style's text margin)
    MARGIN_Y = 1
    RADIUS = 3.0

    def __init__(self, width: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.width = width
        # (width, height, pixel ratio, fill, outline) -> the bar drawn in that fill.
        self._bars: dict[tuple[int, int, float, int, int], QPixmap] = {}

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        meter = index.data(METER_ROLE)
        if not isinstance(meter, Meter):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""  # the bar carries the text: the cell's own would be painted twice
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        # The cell's background, selection and focus, as the row's other cells have them.
        style.drawControl(_ITEM, opt, painter, widget)

        palette = opt.palette
        colors = _colors(
            palette.color(_WINDOW).rgba(),
            palette.color(_BASE).rgba(),
            palette.color(_TEXT).rgba(),
            palette.color(_HIGHLIGHT).rgba(),
            palette.color(_HIGHLIGHTED_TEXT).rgba(),
            meter.tone,
        )
        bar = opt.rect.adjusted(self.MARGIN_X, self.MARGIN_Y, -self.MARGIN_X, -self.MARGIN_Y)
        if bar.width() <= 0 or bar.height() <= 0:
            return
        ratio = painter.device().devicePixelRatioF()
        split = round(bar.width() * meter.fraction)
        filled = QRect(bar.left(), bar.top(), split, bar.height())
        rest = QRect(bar.left() + split, bar.top(), bar.width() - split, bar.height())
        if opt.direction == _RIGHT_TO_LEFT:  # filled from the right
            filled.moveRight(bar.right())
            rest.moveLeft(bar.left())
        parts = (
            (filled, self._bar(bar.size(), ratio, colors.chunk, colors.outline), colors.on_chunk),
            (rest, self._bar(bar.size(), ratio, colors.base, colors.outline), colors.ink),
        )
        shown = [(part, pixmap, ink) for part, pixmap, ink in parts if part.width() > 0]
        for part, pixmap, _ink in shown:  # that part of the full bar or of the empty one
            source = QRectF(
                (part.left() - bar.left()) * ratio, 0, part.width() * ratio, bar.height() * ratio
            )
            painter.drawPixmap(QRectF(part), pixmap, source)
        painter.save()
        painter.setFont(opt.font)
        for part, _pixmap, ink in shown:  # the text over each in a colour readable on it
            painter.setClipRect(part)
            painter.setPen(QColor.fromRgba(ink))
            painter.drawText(bar, _CENTER, text)
        painter.restore()

    def _bar(self, size: QSize, ratio: float, fill: int, outline: int) -> QPixmap:
        """The whole bar in ``fill`` with its rounded ``outline``, drawn once."""
        key = (size.width(), size.height(), ratio, fill, outline)
        pixmap = self._bars.get(key)
        if pixmap is None:
            if len(self._bars) >= 32:  # palettes and sizes come and go: keep the cache small
                self._bars.clear()
            pixmap = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(QColor(0, 0, 0, 0))  # transparent outside the rounded corners
            bar_painter = QPainter(pixmap)
            bar_painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            bar_painter.setPen(QPen(QColor.fromRgba(outline)))
            bar_painter.setBrush(QColor.fromRgba(fill))
            edge = QRectF(0.5, 0.5, size.width() - 1, size.height() - 1)
            bar_painter.drawRoundedRect(edge, self.RADIUS, self.RADIUS)
            bar_painter.end()
            self._bars[key] = pixmap
        return pixmap

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        # The height a QProgressBar asked for (its font's height and 8), so the rows keep
        # the height the cell widgets gave them; asked while the meter is still awaited
        # too, so a row does not grow when it comes.
        bar_height = option.fontMetrics.height() + 8
        return QSize(self.width, max(hint.height(), bar_height))
