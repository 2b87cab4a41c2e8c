"""The History table: one row per session, filled a page at a time.

Years of sessions do not fit in memory comfortably, and a coach rarely scrolls past
the first screen, so the model holds only the pages fetched so far. It never reads
the store itself: the view gives it a ``fetcher(offset, limit)`` that loads a page
(off the GUI thread) and hands the rows back through :meth:`append_rows`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt

from sessionlog.core.models import SessionStatus
from sessionlog.ui.formats import datetime_text
from sessionlog.ui.i18n import QT_TRANSLATE_NOOP, translate
from sessionlog.ui.models.base import (
    ALIGNMENT_ROLE,
    DISPLAY_ROLE,
    FOREGROUND_ROLE,
    TOOLTIP_ROLE,
    Index,
    SessionRowsModel,
    Texts,
)
from sessionlog.ui.models.rows import SessionRow, UnitsCell
from sessionlog.ui.theme import Tone

COL_DATE = 0
COL_CLIENT = 1
COL_CODE = 2
COL_MINUTES = 3
COL_UNITS = 4
COL_STATUS = 5
COL_SIGNER = 6
COL_LATE = 7

HEADERS = (
    QT_TRANSLATE_NOOP("SessionTable", "Date"),
    QT_TRANSLATE_NOOP("SessionTable", "Client"),
    QT_TRANSLATE_NOOP("SessionTable", "Code"),
    QT_TRANSLATE_NOOP("SessionTable", "Minutes"),
    QT_TRANSLATE_NOOP("SessionTable", "Units"),
    QT_TRANSLATE_NOOP("SessionTable", "Status"),
    QT_TRANSLATE_NOOP("SessionTable", "Signed by"),
    QT_TRANSLATE_NOOP("SessionTable", "Late entry"),
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # raw value for sorting (dates, numbers)
SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 2
_SORT = int(SORT_ROLE)
_SESSION_ID = int(SESSION_ID_ROLE)
_ANSWERED = frozenset(
    {DISPLAY_ROLE, _SORT, _SESSION_ID, TOOLTIP_ROLE, ALIGNMENT_ROLE, FOREGROUND_ROLE}
)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

PAGE_SIZE = 200

STATUS_LABELS = {
    SessionStatus.RUNNING: QT_TRANSLATE_NOOP("SessionTable", "Running"),
    SessionStatus.DRAFT: QT_TRANSLATE_NOOP("SessionTable", "Draft"),
    SessionStatus.SIGNED: QT_TRANSLATE_NOOP("SessionTable", "Signed"),
    SessionStatus.VOIDED: QT_TRANSLATE_NOOP("SessionTable", "Voided"),
}


Fetcher = Callable[[int, int], None]


def narrow_update(
    shown: list[SessionRow],
    rows: list[SessionRow],
    units: dict[str, UnitsCell],
    recomputed: set[str],
) -> list[tuple[int, SessionRow]] | None:
    """Which shown rows a re-read page changes (any thread: plain data only): ``rows``
    are the page read again, ``units`` the cells worked out again for the ``recomputed``
    sessions (the others keep the units shown). None when the page no longer holds the
    shown sessions in the shown order (the table is then filled again)."""
    if [r.session_id for r in rows] != [r.session_id for r in shown[: len(rows)]]:
        return None
    updates: list[tuple[int, SessionRow]] = []
    for number, row in enumerate(rows):
        old = shown[number]
        if row.session_id in recomputed:
            row = replace(row, units=units.get(row.session_id), units_pending=False)
        else:
            row = replace(row, units=old.units, units_pending=old.units_pending)
        if row != old:
            updates.append((number, row))
    return updates


def display_texts(rows: list[SessionRow]) -> Texts:
    """What the table shows of each row, worked out beforehand by the worker that read
    the rows (any thread: QLocale and Qt's translations are reentrant), so that the GUI
    thread's paint of a new page formats nothing (issue 12). The units column is left
    out: it changes when the units come."""
    return {
        (row.session_id, column): (row, SessionsModel._display(row, column))
        for row in rows
        for column in range(len(HEADERS))
        if column != COL_UNITS
    }


class SessionsModel(SessionRowsModel):
    headers = HEADERS

    def __init__(self, parent: QObject | None = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.page_size = page_size
        self._total = 0
        self._fetcher: Fetcher | None = None
        self._fetching = False

    # ---- filling ---------------------------------------------------------

    def set_fetcher(self, fetcher: Fetcher | None) -> None:
        self._fetcher = fetcher

    def set_rows(
        self, rows: list[SessionRow], total: int | None = None, texts: Texts | None = None
    ) -> None:
        """Replace everything: the first page of a new query and how many match, with
        their :func:`display_texts` when the worker made them."""
        self.beginResetModel()
        self._rows = list(rows)
        self.forget_texts()
        if texts:
            self.adopt_texts(texts)
        self._total = len(self._rows) if total is None else max(total, len(self._rows))
        self._fetching = False
        self.endResetModel()

    def apply_updates(self, shown_ids: list[str], updates: list[tuple[int, SessionRow]]) -> bool:
        """Replace the rows :func:`narrow_update` found different (no reset: selection
        and scroll stay, only those rows repaint). False, nothing changed, when the rows
        shown are no longer ``shown_ids`` (the sessions the update was worked out for)."""
        if [r.session_id for r in self._rows[: len(shown_ids)]] != shown_ids:
            return False
        for number, row in updates:
            self._rows[number] = row
            self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.headers) - 1))
        return True

    def set_total(self, total: int) -> None:
        """How many match in all, counted after the first page was shown."""
        self._total = max(total, len(self._rows))

    def append_rows(self, rows: list[SessionRow], texts: Texts | None = None) -> None:
        """A later page has arrived (with its :func:`display_texts`, if made)."""
        self._fetching = False
        if not rows:
            # The data shrank under us (a note deleted); stop asking for more.
            self._total = len(self._rows)
            return
        if texts:
            self.adopt_texts(texts)
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self._total = max(self._total, len(self._rows))
        self.endInsertRows()

    def set_units(self, session_ids: set[str], cells: dict[str, UnitsCell]) -> None:
        """Units for rows already shown (computed after the rows themselves)."""
        changed = []
        for number, row in enumerate(self._rows):
            if row.session_id in session_ids:
                self._rows[number] = replace(
                    row, units=cells.get(row.session_id), units_pending=False
                )
                changed.append(number)
        if changed:
            self.dataChanged.emit(
                self.index(min(changed), COL_UNITS),
                self.index(max(changed), COL_UNITS),
            )

    def fetch_failed(self) -> None:
        """Let the view ask again later (scrolling retries)."""
        self._fetching = False

    @property
    def total(self) -> int:
        return self._total

    @property
    def fetching(self) -> bool:
        return self._fetching

    def rows(self) -> list[SessionRow]:
        return list(self._rows)

    # ---- lazy loading ------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._fetcher is None or self._fetching:
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._fetcher is None:
            return
        self._fetching = True
        self._fetcher(len(self._rows), self.page_size)

    # ---- table -------------------------------------------------------------

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
            return self._raw(row, column)
        if role == _SESSION_ID:
            return row.session_id
        if role == TOOLTIP_ROLE:
            return self._tooltip(row, column)
        if role == ALIGNMENT_ROLE:
            return _RIGHT if column in (COL_MINUTES, COL_UNITS) else None
        if role == FOREGROUND_ROLE:
            if column == COL_LATE and row.late:
                return self.tone_brush(Tone.WARNING)
            if column == COL_STATUS and row.status != SessionStatus.SIGNED:
                return self.tone_brush(Tone.INFO)
        return None

    @staticmethod
    def _display(row: SessionRow, column: int) -> str:
        if column == COL_DATE:
            if row.start_local is None:
                return QCoreApplication.translate("SessionsModel", "no times yet")
            return datetime_text(row.start_local, weekday=True)
        if column == COL_CLIENT:
            return row.client_name
        if column == COL_CODE:
            return row.code
        if column == COL_MINUTES:
            return str(row.minutes)
        if column == COL_UNITS:
            if row.units is not None:
                return row.units.text
            return "…" if row.units_pending else "—"
        if column == COL_STATUS:
            return translate("SessionTable", STATUS_LABELS[row.status])
        if column == COL_SIGNER:
            return row.signer
        if column == COL_LATE:
            return QCoreApplication.translate("SessionsModel", "Late entry") if row.late else ""
        return ""

    @staticmethod
    def _raw(row: SessionRow, column: int) -> Any:
        if column == COL_DATE:
            return row.start_local.isoformat() if row.start_local else ""
        if column == COL_MINUTES:
            return row.minutes
        if column == COL_UNITS:
            return row.units.units if row.units else -1
        if column == COL_LATE:
            return int(row.late)
        return SessionsModel._display(row, column)

    @staticmethod
    def _tooltip(row: SessionRow, column: int) -> str | None:
        if column == COL_UNITS:
            if row.units is not None:
                return row.units.tooltip
            if row.units_pending:
                return QCoreApplication.translate("SessionsModel", "Working out the units…")
            if row.status == SessionStatus.RUNNING:
                return QCoreApplication.translate(
                    "SessionsModel",
                    "The timer is still running: units are worked out when it stops.",
                )
            return QCoreApplication.translate(
                "SessionsModel", "No billing line: the session has no recorded times."
            )
        if column == COL_LATE and row.late:
            return QCoreApplication.translate(
                "SessionsModel", "Signed after the documentation deadline: marked as a late entry."
            )
        if column == COL_STATUS and row.missing:
            return QCoreApplication.translate(
                "SessionsModel", "Missing before it can be signed:\n"
            ) + "\n".join(row.missing)
        return None
