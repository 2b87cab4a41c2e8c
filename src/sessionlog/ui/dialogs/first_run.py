"""First run on an empty database: set up step by step, try the demo, or start empty.

Only the choice lives here; the main window acts on it (the guide is Setup's own
editors, see ``ui.setup.guide``; the demo is ``services.demo``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from sessionlog import APPLICATION_NAME

GUIDED, DEMO, EMPTY = "guided", "demo", "empty"


class FirstRunDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("Welcome to {APPLICATION_NAME}").format(APPLICATION_NAME=APPLICATION_NAME)
        )
        self.choice = EMPTY  # closing the dialog starts empty, as before
        intro = QLabel(
            self.tr(
                "This database is empty.\n\n"
                "Set up your agency, the payer, yourself and your first client with their plan "
                "and authorization, one step at a time (every step can be skipped and finished "
                "later in Setup). Or try SessionLog on a demo caseload: 4 invented clients with "
                "plans, authorizations and a month of sessions."
            )
        )
        intro.setWordWrap(True)
        self.guided_button = QPushButton(self.tr("&Set up my caseload, step by step"))
        self.guided_button.setDefault(True)
        self.demo_button = QPushButton(self.tr("Load the &demo caseload"))
        self.empty_button = QPushButton(self.tr("Start &empty (import a file later)"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for button, choice in (
            (self.guided_button, GUIDED),
            (self.demo_button, DEMO),
            (self.empty_button, EMPTY),
        ):
            button.clicked.connect(lambda _checked=False, c=choice: self._choose(c))
            layout.addWidget(button)
        self.setMinimumWidth(460)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
