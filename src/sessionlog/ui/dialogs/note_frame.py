"""The frame every dialog about one stored note shares: the note read-only in a
:class:`NoteViewer` over a row of buttons, and what such a dialog is given (the records,
the note's id, the bus to announce a change on, the clock).

The note window (``note_dialog``) and the addendum dialog (``addendum``) are built on
it; the viewer knows neither of them, so no import runs in a circle.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from sessionlog.core.changes import Changes
from sessionlog.core.models import utc_now
from sessionlog.services.records import Reader
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.views.note_viewer import NoteViewer


class NoteFrameDialog(QDialog):
    """A dialog around one note: ``self.viewer`` shows it, ``self.buttons`` holds the
    dialog's buttons; the subclass adds its own and calls :meth:`lay_out`."""

    def __init__(
        self,
        store: Reader,
        session_id: str,
        parent: QWidget | None,
        *,
        title: str,
        size: tuple[int, int],
        bus: ChangeBus | None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.session_id = session_id
        self.bus = bus
        self.now = now
        self.setWindowTitle(title)
        self.resize(*size)
        self.viewer = NoteViewer(store, self, now=now)
        self.buttons = QDialogButtonBox()

    def lay_out(self, body: QWidget, above: QWidget | None = None) -> None:
        """``above`` (a heading), ``body`` taking the height, the buttons at the bottom."""
        layout = QVBoxLayout(self)
        if above is not None:
            layout.addWidget(above)
        layout.addWidget(body, 1)
        layout.addWidget(self.buttons)

    def announce(self, changes: Changes) -> None:
        """Publish what a service wrote for this note (views refresh only its client
        and day)."""
        if self.bus is not None:
            self.bus.publish(changes)
