"""Help ▸ About: what is running, where its files are, and whose work it ships."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sessionlog import APPLICATION_NAME, __version__
from sessionlog.assets import resource_path


def third_party_notices() -> str:
    return resource_path("licenses", "third-party.txt").read_text(encoding="utf-8")


class AboutDialog(QDialog):
    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("About {APPLICATION_NAME}").format(APPLICATION_NAME=APPLICATION_NAME)
        )
        self.db_path = db_path
        self.data_folder = db_path.resolve().parent

        title = QLabel(f"<b>{APPLICATION_NAME} {__version__}</b>")
        title.setAccessibleName(
            self.tr("{APPLICATION_NAME} version {__version__}").format(
                APPLICATION_NAME=APPLICATION_NAME, __version__=__version__
            )
        )
        summary = QLabel(
            self.tr(
                "Session timer, progress notes and Medicaid unit billing for job coaches and "
                "skills trainers. Everything stays on this computer. MIT License."
            )
        )
        summary.setWordWrap(True)

        where = QFormLayout()
        database = QLabel(str(db_path))
        database.setAccessibleName(self.tr("Database file"))
        database.setWordWrap(True)
        where.addRow(self.tr("Database:"), database)
        folder = QLabel(str(self.data_folder))
        folder.setAccessibleName(self.tr("Data folder"))
        folder.setWordWrap(True)
        where.addRow(self.tr("Data folder:"), folder)
        self.open_folder_button = QPushButton(self.tr("&Open data folder"))
        self.open_folder_button.setAccessibleName(self.tr("Open the data folder"))
        self.open_folder_button.clicked.connect(self.open_data_folder)
        where.addRow("", self.open_folder_button)

        self.licences = QPlainTextEdit(third_party_notices())
        self.licences.setReadOnly(True)
        self.licences.setAccessibleName(self.tr("Licences of the software SessionLog ships"))
        self.licences.setMinimumHeight(160)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(summary)
        layout.addLayout(where)
        layout.addWidget(QLabel(self.tr("Licences:")))
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
        self.resize(560, 460)

    def open_data_folder(self) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_folder)))
