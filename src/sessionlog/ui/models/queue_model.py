"""The end-of-day queue: every unsigned note, oldest first, with its deadline."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont

from sessionlog.core.models import SessionStatus
from sessionlog.ui.formats import datetime_text, weekday_date_text
from sessionlog.ui.i18n import QT_TRANSLATE_NOOP, Count
from sessionlog.ui.models.base import (
    DISPLAY_ROLE,
    FONT_ROLE,
    FOREGROUND_ROLE,
    TOOLTIP_ROLE,
    Index,
    SessionRowsModel,
)
from sessionlog.ui.models.rows import SessionRow
from sessionlog.ui.theme import Tone

COL_DATE = 0
COL_CLIENT = 1
COL_CODE = 2
COL_STATE = 3
COL_DUE = 4

HEADERS = (
    QT_TRANSLATE_NOOP("SessionTable", "Date of service"),
    QT_TRANSLATE_NOOP("SessionTable", "Client"),
    QT_TRANSLATE_NOOP("SessionTable", "Code"),
    QT_TRANSLATE_NOOP("SessionTable", "State"),
    QT_TRANSLATE_NOOP("SessionTable", "Sign by"),
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 2
_SORT = int(SORT_ROLE)
_SESSION_ID = int(SESSION_ID_ROLE)
_ANSWERED = frozenset({DISPLAY_ROLE, _SORT, _SESSION_ID, TOOLTIP_ROLE, FOREGROUND_ROLE, FONT_ROLE})


def state_text(row: SessionRow) -> str:
    if row.status == SessionStatus.RUNNING:
        return QCoreApplication.translate("queue_model", "Timer running")
    if row.missing:
        count = len(row.missing)
        return Count.tr("%n thing(s) missing", "", count)
    return QCoreApplication.translate("queue_model", "Ready to sign")


def due_text(row: SessionRow) -> str:
    if row.deadline is None:
        return ""
    label = weekday_date_text(row.deadline)
    if row.overdue:
        return QCoreApplication.translate("queue_model", "Overdue ({label})").format(label=label)
    if row.days_left == 0:
        return QCoreApplication.translate("queue_model", "Today ({label})").format(label=label)
    return label


class QueueModel(SessionRowsModel):
    headers = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[SessionRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.forget_texts()
        self.endResetModel()

    def rows(self) -> list[SessionRow]:
        return list(self._rows)

    def replace_rows(self, rows: list[SessionRow], changed: frozenset[str]) -> None:
        """``rows`` differ from the shown ones only in the rows of ``changed`` sessions:
        those are removed, inserted or updated one by one (no reset: the view keeps its
        scroll position and repaints only those rows)."""
        wanted = {row.session_id for row in rows}
        for number in reversed(range(len(self._rows))):
            if self._rows[number].session_id not in wanted:
                self.beginRemoveRows(QModelIndex(), number, number)
                del self._rows[number]
                self.endRemoveRows()
        for number, row in enumerate(rows):
            if number < len(self._rows) and self._rows[number].session_id == row.session_id:
                if row.session_id in changed:
                    self._rows[number] = row
                    self.dataChanged.emit(
                        self.index(number, 0), self.index(number, len(self.headers) - 1)
                    )
                continue
            existing = self.row_of(row.session_id)
            if existing >= 0:  # its date moved: out of its old place first
                self.beginRemoveRows(QModelIndex(), existing, existing)
                del self._rows[existing]
                self.endRemoveRows()
            self.beginInsertRows(QModelIndex(), number, number)
            self._rows.insert(number, row)
            self.endInsertRows()

    def _display(self, row: SessionRow, column: int) -> str:
        if column == COL_DATE:
            if row.start_local is None:
                return self.tr("no times yet")
            return datetime_text(row.start_local, weekday=True)
        if column == COL_CLIENT:
            return row.client_name
        if column == COL_CODE:
            return row.code
        if column == COL_STATE:
            return state_text(row)
        if column == COL_DUE:
            return due_text(row)
        return ""

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        if role not in _ANSWERED:
            return None  # most of the roles a paint asks about: no Python work
        number = index.row()
        if not 0 <= number < len(self._rows) or not index.isValid():
            return None
        row = self._rows[number]
        column = index.column()
        if role == DISPLAY_ROLE:
            return self.cached_text(row, column, self._display)
        if role == _SORT:
            if column == COL_DATE:
                return row.start_local.isoformat() if row.start_local else ""
            if column == COL_DUE:
                return row.deadline.isoformat() if row.deadline else ""
            if column == COL_STATE:
                return len(row.missing)
            return self.data(index, DISPLAY_ROLE)
        if role == _SESSION_ID:
            return row.session_id
        if role == TOOLTIP_ROLE and column == COL_STATE and row.missing:
            return "\n".join(row.missing)
        if role == FOREGROUND_ROLE:
            if column == COL_DUE and row.overdue:
                return self.tone_brush(Tone.ERROR)
            if column == COL_STATE and not row.missing and row.status == SessionStatus.DRAFT:
                return self.tone_brush(Tone.SUCCESS)
        if role == FONT_ROLE and column == COL_DUE and row.overdue:
            return self._bold
        return None
