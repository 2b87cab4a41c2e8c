"""The navigation shared by editors that show a list of records beside one form:
select a row, ask before discarding unsaved typing, start a blank record, revert."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from sessionlog.ui.setup.common import ID_ROLE, confirm


class RecordListMixin:
    """Mixed into a QWidget editor that has ``list`` (rows carry the id under ID_ROLE),
    ``name_edit``, ``_current_id`` and ``_dirty``, and implements the three hooks."""

    list: QListWidget
    name_edit: QLineEdit
    _current_id: str | None
    _dirty: bool
    discard_question = "Discard the changes?"
    # The editor's own hooks: read one record, make a blank one, fill the form.
    _fetch_record: Callable[[str], Any]
    _blank_record: Callable[[], Any]
    _show: Callable[[Any], None]

    def _select(self, record_id: str) -> bool:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == record_id:
                with QSignalBlocker(self.list):
                    self.list.setCurrentRow(row)
                return True
        return False

    def _on_item_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is None or item.data(ID_ROLE) == self._current_id:
            return
        if self._dirty and not self._discard_ok():
            self._select(self._current_id or "")
            return
        self._load_record(item.data(ID_ROLE))

    def _discard_ok(self) -> bool:
        assert isinstance(self, QWidget)  # mixed into editors that are widgets
        return confirm(self, "Unsaved changes", self.discard_question)

    def _load_record(self, record_id: str) -> None:
        self._current_id = record_id
        self._show(self._fetch_record(record_id))
        self._select(record_id)

    def _new_record(self) -> None:
        if self._dirty and not self._discard_ok():
            return
        self._current_id = None
        with QSignalBlocker(self.list):
            self.list.setCurrentRow(-1)
        self._show(self._blank_record())
        self.name_edit.setFocus()

    def _revert(self) -> None:
        self._dirty = False
        if self._current_id is None:
            self._new_record()
        else:
            self._load_record(self._current_id)
