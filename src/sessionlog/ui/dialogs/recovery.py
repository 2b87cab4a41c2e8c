"""Questions about time the app could not see: a crash with the timer running,
and a sleep or clock change while it ran. Each says what happened in plain words
and lets the coach choose; nothing is changed silently."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from sessionlog.core import timer
from sessionlog.core.clock import local
from sessionlog.core.models import Session
from sessionlog.core.timer import ClockGap, GapKind, Heartbeat
from sessionlog.ui.widgets import heading, hint


def _when(instant, zone: str) -> str:
    return local(instant, zone).strftime("%H:%M on %a %d %b")


class _ChoiceDialog(QDialog):
    """A dialog whose answer is one of a few named choices (emitted by ``chosen``)."""

    chosen = Signal(str)

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self.layout_ = QVBoxLayout(self)
        self.buttons: dict[str, QPushButton] = {}
        self.choice: str | None = None

    def add_choice(self, key: str, text: str, default: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setMinimumHeight(button.fontMetrics().height() * 2)
        button.setDefault(default)
        button.clicked.connect(lambda: self.choose(key))
        self.layout_.addWidget(button)
        self.buttons[key] = button
        return button

    def choose(self, key: str) -> None:
        self.choice = key
        self.accept()
        self.chosen.emit(key)

    def reject(self) -> None:
        # Escape must not leave the question unanswered; the safe answer is the
        # one that changes no recorded time.
        if self.choice is None:
            self.choose(self._safe_choice)
        else:
            super().reject()

    _safe_choice = "keep"


class RecoveryDialog(_ChoiceDialog):
    """SessionLog ended while a timer ran (crash, killed, power loss)."""

    def __init__(
        self,
        sessions: list[Session],
        names: dict[str, str],
        heartbeat: Heartbeat | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("A timer was still running", parent)
        first = sessions[0]
        zone = first.timezone
        started = first.first_start()
        who = ", ".join(names.get(s.id, "?") for s in sessions)
        stop_at = timer.recovery_stop_instant(first.segments, heartbeat)
        now_note = ""
        if heartbeat is not None:
            now_note = f"SessionLog was last known to be running at {_when(stop_at, zone)}."
        else:
            now_note = "SessionLog has no record of when it stopped running."
        self.layout_.addWidget(heading("SessionLog closed while a timer was running"))
        body = QLabel(
            f"Session with {who}, started {_when(started, zone) if started else '?'}.\n"
            f"{now_note}\n\nWere you still with the client since then?"
        )
        body.setWordWrap(True)
        self.layout_.addWidget(body)
        self.add_choice(
            "keep", "&Keep it running — I was still working (the time since counts)", True
        )
        self.add_choice(
            "stop",
            f"&Stop it at {local(stop_at, zone).strftime('%H:%M')} "
            "— the last moment SessionLog was running",
        )
        self.layout_.addWidget(
            hint("Either way you can correct the note afterwards; nothing is signed yet.")
        )


class ClockGapDialog(_ChoiceDialog):
    """The wall clock and the monotonic clock disagreed between two ticks."""

    def __init__(self, gap: ClockGap, subject: str, parent: QWidget | None = None) -> None:
        title = "The computer slept" if gap.kind is GapKind.SLEEP else "The clock was changed"
        super().__init__(title, parent)
        self.gap = gap
        self.layout_.addWidget(heading(title))
        began = gap.began.astimezone().strftime("%H:%M")
        body = QLabel(f"{gap.describe()}\n{subject}")
        body.setWordWrap(True)
        self.layout_.addWidget(body)
        if gap.kind is GapKind.SLEEP:
            self.add_choice("count", "&Count the time asleep as session time", True)
            self.add_choice("pause", f"&Pause the session at {began}, when the computer slept")
            self._safe_choice = "count"
        else:
            self.add_choice(
                "measured",
                "Keep the &measured length (the session's start moves to the new clock)",
                True,
            )
            self.add_choice(
                "wall", "Keep the &times as the clock now shows them (the length changes)"
            )
            self._safe_choice = "wall"
