"""The navigation shared by editors that show their records in a list or a table beside
one form: select a row, ask before discarding unsaved typing, start a blank record,
revert. Staff and payers use a list; clients and authorizations a table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QSignalBlocker
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QTableWidget, QWidget

from sessionlog.ui.i18n import QT_TRANSLATE_NOOP, translate
from sessionlog.ui.setup.common import ID_ROLE, confirm


class RecordListMixin:
    """Mixed into a QWidget editor that sets ``record_view`` (a QListWidget, or a
    QTableWidget whose cells in ``id_column`` carry the id under ID_ROLE), has
    ``_current_id`` and ``_dirty``, and implements the three hooks."""

    record_view: QListWidget | QTableWidget
    id_column = 0
    _current_id: str | None
    _dirty: bool
    discard_question = QT_TRANSLATE_NOOP("RecordListMixin", "Discard the changes?")
    # The editor's own hooks: read one record, make a blank one, fill the form.
    _fetch_record: Callable[[str], Any]
    _blank_record: Callable[[], Any]
    _show: Callable[[Any], None]

    def _first_field(self) -> QWidget:
        """Where typing starts in a blank record: the name field, for editors with one
        (the others override this)."""
        name_field = getattr(self, "name_edit", None)
        if not isinstance(name_field, QWidget):
            raise NotImplementedError(
                QCoreApplication.translate(
                    "RecordListMixin", "{__name__} must name its first field"
                ).format(__name__=type(self).__name__)
            )
        return name_field

    # ---- rows ---------------------------------------------------------------------

    def _row_count(self) -> int:
        view = self.record_view
        return view.count() if isinstance(view, QListWidget) else view.rowCount()

    def _id_at(self, row: int) -> str | None:
        view = self.record_view
        item = view.item(row) if isinstance(view, QListWidget) else view.item(row, self.id_column)
        return None if item is None else item.data(ID_ROLE)

    def _set_current_row(self, row: int) -> None:
        view = self.record_view
        with QSignalBlocker(view):
            if isinstance(view, QListWidget):
                view.setCurrentRow(row)
            elif row < 0:
                view.clearSelection()
                view.setCurrentCell(-1, -1)
            else:
                view.setCurrentCell(row, self.id_column)

    def _select(self, record_id: str) -> bool:
        for row in range(self._row_count()):
            if self._id_at(row) == record_id:
                self._set_current_row(row)
                return True
        return False

    # ---- the current row changes --------------------------------------------------

    def _on_item_changed(self, item: QListWidgetItem | None, previous: object) -> None:
        """For a list's ``currentItemChanged``."""
        view = self.record_view
        assert isinstance(view, QListWidget)
        row = view.row(item) if item is not None else -1
        self._on_current_row(row)

    def _on_row_changed(self, row: int, _col: int, _previous_row: int, _pcol: int) -> None:
        """For a table's ``currentCellChanged``."""
        self._on_current_row(row)

    def _on_current_row(self, row: int) -> None:
        record_id = self._id_at(row) if row >= 0 else None
        if record_id is None or record_id == self._current_id:
            return
        if self._dirty and not self._discard_ok():
            # Back to the record being edited (or no row for a new one).
            if not self._select(self._current_id or ""):
                self._set_current_row(-1)
            return
        self._load_record(record_id)

    def _discard_ok(self) -> bool:
        assert isinstance(self, QWidget)  # mixed into editors that are widgets
        return confirm(
            self,
            QCoreApplication.translate("RecordListMixin", "Unsaved changes"),
            translate("RecordListMixin", self.discard_question),
        )

    # ---- loading, new, revert -----------------------------------------------------

    def _load_record(self, record_id: str) -> None:
        record = self._fetch_record(record_id)
        self._current_id = record_id
        self._show(record)
        self._select(record_id)

    def _new_record(self) -> None:
        if self._dirty and not self._discard_ok():
            return
        self._current_id = None
        self._set_current_row(-1)
        self._show(self._blank_record())
        self._first_field().setFocus()

    def _revert(self) -> None:
        self._dirty = False
        if self._current_id is None:
            self._new_record()
        else:
            self._load_record(self._current_id)
