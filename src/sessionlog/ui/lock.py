"""The lock screen: nothing with client data on screen until the passphrase is typed.

Locking (File ▸ Lock, Ctrl+L, or after the idle time set in Setup ▸ Security) swaps the
main window's content for the lock screen, hides its menus and status bar, and covers
every other window of the app (their contents hidden, their titles neutral). The running
timer keeps running underneath: its heartbeats go on being written, and the lock screen
shows its clock, never the client's name.

Locking is offered only for a protected database: the passphrase is what unlocks, and
on a plain database anyone at the laptop can read the file itself anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sessionlog import APPLICATION_NAME
from sessionlog.services import protection
from sessionlog.ui import theme
from sessionlog.ui.i18n import QT_TRANSLATE_NOOP, translate
from sessionlog.ui.idle import InputWatch
from sessionlog.ui.tasks import run_in_background
from sessionlog.ui.theme import Tone

LOCKED_TITLE = QT_TRANSLATE_NOOP("lock", "{app} — locked")


def locked_title() -> str:
    return translate("lock", LOCKED_TITLE).format(app=APPLICATION_NAME)


# What counts as someone using the app.
class LockScreen(QWidget):
    """The main window's content while locked: the timer's clock and a passphrase field."""

    unlocked = Signal()

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        heading = QLabel(
            self.tr("{APPLICATION_NAME} is locked").format(APPLICATION_NAME=APPLICATION_NAME)
        )
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        self.clock = QLabel()
        clock_font = QFont(self.clock.font())
        clock_font.setPointSizeF(clock_font.pointSizeF() * 2.2)
        self.clock.setFont(clock_font)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText(self.tr("Passphrase or recovery key"))
        self.field.setAccessibleName(self.tr("Passphrase or recovery key"))
        self.field.setMinimumWidth(340)
        self.field.returnPressed.connect(self.try_unlock)
        self.unlock_button = QPushButton(self.tr("&Unlock"))
        self.unlock_button.clicked.connect(self.try_unlock)
        self.error = QLabel()
        self.error.setStyleSheet(theme.css(Tone.ERROR, bold=True))
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for widget in (heading, self.clock, self.field, self.unlock_button, self.error):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self._job: object | None = None

    def set_clock(self, text: str) -> None:
        self.clock.setText(text)

    def reset(self) -> None:
        self.field.clear()
        self.error.clear()
        self.unlock_button.setEnabled(True)
        self.field.setFocus()

    def try_unlock(self) -> None:
        secret = self.field.text()
        if not secret or not self.unlock_button.isEnabled():
            return
        self.unlock_button.setEnabled(False)
        self.error.setText(self.tr("Checking…"))
        path = self.db_path
        self._job = run_in_background(
            lambda _p: protection.passphrase_matches(path, secret), self._checked, self._failed
        )

    def _checked(self, ok: object) -> None:
        self.unlock_button.setEnabled(True)
        self.field.clear()
        if ok:
            self.error.clear()
            self.unlocked.emit()
        else:
            from sessionlog.ui.dialogs.security import WRONG_PASSPHRASE

            self.error.setText(translate("security", WRONG_PASSPHRASE))
            self.field.setFocus()

    def _failed(self, _exc: Exception) -> None:
        self._checked(False)


class IdleWatch(InputWatch):
    """Calls ``on_idle`` once nobody has typed or clicked in the app for ``minutes``."""

    def __init__(self, on_idle: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(on_idle)

    def set_interval_ms(self, milliseconds: int) -> None:
        """0 switches it off (and its event filter with it: a plain database, or "never
        lock")."""
        self._timer.stop()
        self._timer.setInterval(milliseconds)
        self.watch(milliseconds > 0)
        if milliseconds > 0:
            self._timer.start()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def saw_input(self) -> None:
        if self._timer.interval() > 0:
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.watch(False)


class WindowCover:
    """Hides the contents of the app's other windows while locked, and brings them back."""

    def __init__(self) -> None:
        self._hidden: list[QWidget] = []
        self._titles: dict[QWidget, str] = {}
        self._covers: list[QLabel] = []

    def cover(self, keep: QWidget) -> None:
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        for window in app.topLevelWidgets():
            if window is keep or not window.isVisible():
                continue
            self._titles[window] = window.windowTitle()
            window.setWindowTitle(locked_title())
            for child in window.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            ):
                if child.isVisible():
                    child.hide()
                    self._hidden.append(child)
            label = QLabel(
                QCoreApplication.translate(
                    "WindowCover", "{APPLICATION_NAME} is locked.\nUnlock it in the main window."
                ).format(APPLICATION_NAME=APPLICATION_NAME),
                window,
            )
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setGeometry(window.rect())
            label.show()
            self._covers.append(label)

    def uncover(self) -> None:
        for label in self._covers:
            label.deleteLater()
        for child in self._hidden:
            child.show()
        for window, title in self._titles.items():
            window.setWindowTitle(title)
        self._covers, self._hidden, self._titles = [], [], {}
