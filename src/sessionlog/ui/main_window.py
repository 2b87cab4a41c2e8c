"""The main window: the frame the views live in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from sessionlog import APPLICATION_NAME
from sessionlog.services.demo import load_demo
from sessionlog.store import Store


class MainWindow(QMainWindow):
    def __init__(self, store: Store, db_path: Path) -> None:
        super().__init__()
        self.store = store
        self.db_path = db_path
        self.setWindowTitle(f"{APPLICATION_NAME} — {db_path.name}")
        self.resize(1200, 760)
        placeholder = QLabel("SessionLog")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(placeholder)
        self.statusBar().showMessage(f"Database: {db_path}")

    def offer_demo_if_empty(self) -> bool:
        """On first run (an empty database), offer to load the demo caseload."""
        if not self.store.is_empty():
            return False
        answer = QMessageBox.question(
            self,
            APPLICATION_NAME,
            "This database is empty.\n\nLoad a demo caseload (4 invented clients with plans, "
            "authorizations and a month of sessions) to try SessionLog?\n\n"
            "Choose No to start empty and add your own clients or import a file.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        load_demo(self.store)
        return True
