"""The authorizations page's usage meter, painted by a delegate from the row's item.

Each meter was a QProgressBar cell widget, the exhausted ones with a style sheet of their
own: creating, styling and painting 22 of them held the GUI thread 20-38 ms per client
chosen at 300,000 sessions (issue 12). The item now holds what the meter shows (a
:class:`Meter` under :data:`METER_ROLE`, its "NN% used" text as the display text that
screen readers announce) and :class:`UsageMeterDelegate` paints it.

The bar is painted by hand rather than by the style's CE_ProgressBar: the native Windows
styles draw their own chunk colour whatever the palette says, so a warning meter would
look like any other there.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from sessionlog.ui import theme
from sessionlog.ui.theme import Tone

# Beside ID_ROLE (UserRole), which every cell of the row holds.
METER_ROLE = Qt.ItemDataRole.UserRole + 1


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
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        palette = opt.palette
        base = palette.color(QPalette.ColorRole.Base)
        ink = palette.color(QPalette.ColorRole.Text)
        # A warning chunk in the tone's text colour on the base: 4.5:1 against the groove,
        # in a light palette and a dark one alike.
        chunk_color = (
            theme.text(meter.tone, palette, on=QPalette.ColorRole.Base)
            if meter.tone is not None
            else palette.color(QPalette.ColorRole.Highlight)
        )
        on_chunk = theme.ink_over(chunk_color, palette.color(QPalette.ColorRole.HighlightedText))

        bar = QRectF(opt.rect).adjusted(
            self.MARGIN_X + 0.5, self.MARGIN_Y + 0.5, -self.MARGIN_X - 0.5, -self.MARGIN_Y - 0.5
        )
        groove = QPainterPath()
        groove.addRoundedRect(bar, self.RADIUS, self.RADIUS)
        filled = QRectF(bar)
        filled.setWidth(bar.width() * meter.fraction)
        rest = QRectF(bar)
        rest.setLeft(filled.right())
        if opt.direction == Qt.LayoutDirection.RightToLeft:  # filled from the right
            filled.moveRight(bar.right())
            rest.moveLeft(bar.left())

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(opt.font)
        painter.fillPath(groove, base)
        if filled.width() > 0:
            painter.fillPath(groove.intersected(_rect_path(filled)), chunk_color)
        # The outline last, over the chunk too: a highlight chunk on a selected row (the
        # same colour) keeps its edge.
        painter.strokePath(groove, QPen(theme.outline(palette)))
        # The text in two halves, each in a colour readable on what lies under it.
        for clip, color in ((filled, on_chunk), (rest, ink)):
            if clip.width() <= 0:
                continue
            painter.setClipRect(clip)
            painter.setPen(color)
            painter.drawText(bar, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        if not isinstance(index.data(METER_ROLE), Meter):
            return hint
        # The height a QProgressBar asked for (its font's height and 8), so the rows keep
        # the height the cell widgets gave them.
        bar_height = option.fontMetrics.height() + 8
        return QSize(self.width, max(hint.height(), bar_height))


def _rect_path(rect: QRectF) -> QPainterPath:
    path = QPainterPath()
    path.addRect(rect)
    return path
