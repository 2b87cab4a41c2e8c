"""What the session table models share: a list of rows under fixed column headers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QGuiApplication, QPalette

from sessionlog.ui import theme
from sessionlog.ui.i18n import translate
from sessionlog.ui.models.rows import SessionRow
from sessionlog.ui.theme import Tone

Index = QModelIndex | QPersistentModelIndex
# Display texts by (session id, column), each with the row it was made from.
Texts = dict[tuple[str, int], tuple[SessionRow, str]]

# The roles as plain ints: a view asks ``data`` about seven roles per cell at every paint
# (Qt passes an int), and comparing with the enum members costs an enum lookup each time.
DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole)
TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole)
ALIGNMENT_ROLE = int(Qt.ItemDataRole.TextAlignmentRole)
FOREGROUND_ROLE = int(Qt.ItemDataRole.ForegroundRole)
FONT_ROLE = int(Qt.ItemDataRole.FontRole)


class SessionRowsModel(QAbstractTableModel):
    """Subclasses set ``headers`` and answer ``data``."""

    headers: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SessionRow] = []
        # Display texts already worked out (dates go through QLocale), per session and
        # column, with the row they were made from: a replaced row makes its own again.
        self._texts: Texts = {}
        # A paint or a column resize asks for the colour of every cell: worked out once
        # per palette (a theme colour is a contrast computation), not per cell.
        self._brushes: dict[tuple[Tone, int], QBrush] = {}

    def tone_brush(self, tone: Tone) -> QBrush:
        """The text colour of ``tone`` on the table's base, for the current palette."""
        key = (tone, QGuiApplication.palette().cacheKey())
        brush = self._brushes.get(key)
        if brush is None:
            if len(self._brushes) > 8:
                self._brushes.clear()  # palettes of before (a theme change)
            brush = QBrush(theme.text(tone, on=QPalette.ColorRole.Base))
            self._brushes[key] = brush
        return brush

    def cached_text(
        self, row: SessionRow, column: int, make: Callable[[SessionRow, int], str]
    ) -> str:
        """``make(row, column)``, worked out once per row (repaints ask again and again)."""
        key = (row.session_id, column)
        hit = self._texts.get(key)
        if hit is not None and hit[0] is row:
            return hit[1]
        text = make(row, column)
        self._texts[key] = (row, text)
        return text

    def forget_texts(self) -> None:
        """After a reset: the texts of rows that left would otherwise stay."""
        self._texts.clear()

    def adopt_texts(self, texts: Texts) -> None:
        """Texts worked out beforehand (in the worker that read the rows: a new page's
        dates through QLocale were a fifth of the GUI thread's first paint, issue 12)."""
        self._texts.update(texts)

    def row_at(self, row: int) -> SessionRow:
        return self._rows[row]

    def row_of(self, session_id: str) -> int:
        for number, row in enumerate(self._rows):
            if row.session_id == session_id:
                return number
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate("SessionTable", self.headers[section])
        return None
