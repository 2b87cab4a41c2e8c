"""Who is using this laptop: picks the staff member whose name goes on the work."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.models import Staff


class ChooseStaffDialog(QDialog):
    def __init__(
        self, staff: list[Staff], current_id: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Who is using this laptop?"))
        # True when the coach asked for a new profile instead of picking a name.
        self.create_profile = False
        if staff:
            text = self.tr(
                "Choose your name. Sessions you time and notes you write are recorded under "
                "it, and the audit log shows it.\nYou can change it later in Setup ▸ Who is "
                "using this laptop."
            )
        else:
            text = self.tr(
                "Nobody has a staff profile on this laptop yet. Create yours: your name and "
                "credential go on every note you sign, and the audit log shows who did what."
            )
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Staff"))
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
        use = buttons.button(QDialogButtonBox.StandardButton.Ok)
        use.setText(self.tr("&Use this name"))
        self.new_button = QPushButton(
            self.tr("&Create my profile…")
            if not staff
            else self.tr("&Not on the list: create my profile…")
        )
        buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.new_button.clicked.connect(self._create)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.list.setVisible(bool(staff))
        use.setVisible(bool(staff))
        if staff:
            self.list.setFocus()
        else:
            self.new_button.setDefault(True)
            self.new_button.setFocus()

    def _create(self) -> None:
        self.create_profile = True
        self.accept()

    def selected_staff_id(self) -> str | None:
        if self.create_profile:
            return None
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))
