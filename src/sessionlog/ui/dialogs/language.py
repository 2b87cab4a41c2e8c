"""Setup ▸ Language…: the GUI's language, the system's unless one is chosen here.

The choice is kept in the user's settings and applied at the next start: every window is
built in one language, so nothing is half-translated until the app restarts.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from sessionlog.ui.i18n import LANGUAGES, SYSTEM, choose_language, chosen_language


class LanguageDialog(QDialog):
    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Language"))
        self.choice = QComboBox()
        self.choice.setAccessibleName(self.tr("Language"))
        self.choice.addItem(self.tr("System (the computer's language)"), SYSTEM)
        for code, name in LANGUAGES.items():
            self.choice.addItem(name, code)
        self.choice.setCurrentIndex(max(0, self.choice.findData(chosen_language(settings))))
        label = QLabel(self.tr("&Language:"))
        label.setBuddy(self.choice)
        note = QLabel(self.tr("The new language is used the next time SessionLog starts."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(label, self.choice)
        form.addRow(note)
        form.addRow(buttons)

    def accept(self) -> None:
        choose_language(str(self.choice.currentData()), self.settings)
        super().accept()
