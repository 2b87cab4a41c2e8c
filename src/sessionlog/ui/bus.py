"""One application-wide signal that says what changed, so each view refreshes
only what it shows (no view reaches into another)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

# Entity names carried by ``changed``: "payer", "staff", "client", "plan",
# "authorization", "session", "settings".


class ChangeBus(QObject):
    changed = Signal(set)  # set[str] of entity names

    def notify(self, *entities: str) -> None:
        self.changed.emit(set(entities))
