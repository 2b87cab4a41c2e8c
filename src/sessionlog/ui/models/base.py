"""What the session table models share: a list of rows under fixed column headers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from sessionlog.ui.i18n import translate
from sessionlog.ui.models.rows import SessionRow

Index = QModelIndex | QPersistentModelIndex


class SessionRowsModel(QAbstractTableModel):
    """Subclasses set ``headers`` and answer ``data``."""

    headers: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SessionRow] = []

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
