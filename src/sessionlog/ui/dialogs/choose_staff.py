"""Who is using this laptop: picks the staff member whose name goes on the work."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.models import Staff


class ChooseStaffDialog(QDialog):
    def __init__(
        self, staff: list[Staff], current_id: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is using this laptop?")
        intro = QLabel(
            "Choose your name. Sessions you time and notes you write are recorded under it, "
            "and the audit log shows it.\nYou can change it later in Setup ▸ Who is using "
            "this laptop."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Staff")
        self.list.setMinimumHeight(120)
        for member in staff:
            label = f"{member.name} — {member.credential}" if member.credential else member.name
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            self.list.addItem(item)
            if member.id == current_id:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Use this name")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.list.setFocus()

    def selected_staff_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))
