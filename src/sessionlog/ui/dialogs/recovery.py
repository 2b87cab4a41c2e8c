"""Questions about time the app could not see: a crash with the timer running,
and a sleep or clock change while it ran. Each says what happened in plain words;
the default answer (and Escape) is the one that adds no time nobody saw: stop at the
last moment alive, pause at the moment the computer slept, trust the corrected clock.
Counting unseen time always takes an explicit click."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from sessionlog.core import timer
from sessionlog.core.clock import local
from sessionlog.core.models import Session
from sessionlog.core.timer import ClockGap, GapKind, Heartbeat, duration_words
from sessionlog.ui.formats import time_text, weekday_date_text
from sessionlog.ui.widgets import heading, hint


def _when(instant: datetime, zone: str) -> str:
    moment = local(instant, zone)
    return QCoreApplication.translate("recovery", "{time} on {day}").format(
        time=time_text(moment), day=weekday_date_text(moment.date())
    )


class _ChoiceDialog(QDialog):
    """A dialog whose answer is one of a few named choices (emitted by ``chosen``)."""

    chosen = Signal(str)

    def __init__(self, title: str, safe_choice: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self.layout_ = QVBoxLayout(self)
        self.buttons: dict[str, QPushButton] = {}
        self.choice: str | None = None
        self._safe_choice = safe_choice

    def add_choice(self, key: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setMinimumHeight(button.fontMetrics().height() * 2)
        # Only the safe answer is the default: Enter must not count unseen time.
        button.setDefault(key == self._safe_choice)
        button.setAutoDefault(key == self._safe_choice)
        button.clicked.connect(lambda: self.choose(key))
        self.layout_.addWidget(button)
        self.buttons[key] = button
        return button

    def choose(self, key: str) -> None:
        self.choice = key
        self.accept()
        self.chosen.emit(key)

    def reject(self) -> None:
        # Escape must not leave the question unanswered: it gives the safe answer.
        if self.choice is None:
            self.choose(self._safe_choice)
        else:
            super().reject()


def gap_sentence(began: datetime, ended: datetime, zone: str) -> str:
    """ "SessionLog was not running from 10:02 to 19:14, 9 h 12 min." """
    start, end = local(began, zone), local(ended, zone)
    end_text = time_text(end) if end.date() == start.date() else _when(ended, zone)
    return QCoreApplication.translate(
        "recovery", "SessionLog was not running from {0} to {end_text}, {1}."
    ).format(time_text(start), duration_words(ended - began), end_text=end_text)


class RecoveryDialog(_ChoiceDialog):
    """SessionLog ended while a timer ran (crash, killed, power loss)."""

    def __init__(
        self,
        sessions: list[Session],
        names: dict[str, str],
        heartbeat: Heartbeat | None,
        now: datetime,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("A timer was still running"), "stop", parent)
        first = sessions[0]
        zone = first.timezone
        started = first.first_start()
        who = ", ".join(names.get(s.id, "?") for s in sessions)
        stop_at = timer.recovery_stop_instant(first.segments, heartbeat)
        self.gap = max(timedelta(0), now - stop_at)
        if heartbeat is not None:
            gap_note = gap_sentence(stop_at, now, zone)
        else:
            gap_note = self.tr("SessionLog has no record of when it stopped running.")
        self.layout_.addWidget(heading(self.tr("SessionLog closed while a timer was running")))
        body = QLabel(
            self.tr(
                "Session with {who}, started {0}.\n"
                "{gap_note}\n\nWere you still with the client all that time?"
            ).format(_when(started, zone) if started else "?", who=who, gap_note=gap_note)
        )
        body.setObjectName("gap")
        body.setWordWrap(True)
        self.layout_.addWidget(body)
        self.add_choice(
            "stop",
            self.tr("&Stop it at {0} — the last moment SessionLog was running").format(
                time_text(local(stop_at, zone))
            ),
        )
        self.add_choice(
            "keep",
            self.tr("&Keep it running — I was still working ({0} counts)").format(
                duration_words(self.gap)
            ),
        )
        self.layout_.addWidget(
            hint(self.tr("Either way you can correct the note afterwards; nothing is signed yet."))
        )


class ClockGapDialog(_ChoiceDialog):
    """The wall clock and the monotonic clock disagreed between two ticks."""

    def __init__(self, gap: ClockGap, subject: str, parent: QWidget | None = None) -> None:
        sleep = gap.kind is GapKind.SLEEP
        title = self.tr("The computer slept") if sleep else self.tr("The clock was changed")
        super().__init__(title, "pause" if sleep else "new", parent)
        self.gap = gap
        self.layout_.addWidget(heading(title))
        body = QLabel(f"{gap.describe()}\n{subject}")
        body.setObjectName("gap")
        body.setWordWrap(True)
        self.layout_.addWidget(body)
        self.reason = QLineEdit()
        if sleep:
            began = time_text(gap.began.astimezone())
            self.add_choice(
                "pause",
                self.tr("&Pause the session at {began}, when the computer slept").format(
                    began=began
                ),
            )
            self.reason.setPlaceholderText(self.tr("e.g. the session went on with the lid closed"))
            self.reason.setAccessibleName(self.tr("Why the time asleep was session time"))
            self.layout_.addWidget(QLabel(self.tr("To count the time asleep, say why:")))
            self.layout_.addWidget(self.reason)
            count = self.add_choice("count", self.tr("&Count the time asleep as session time"))
            count.setEnabled(False)
            self.reason.textChanged.connect(lambda text: count.setEnabled(bool(text.strip())))
        else:
            self.layout_.addWidget(
                hint(
                    self.tr(
                        "The session's length is not affected: SessionLog measures it with a "
                        "clock that cannot be set. This only decides how its times are written."
                    )
                )
            )
            self.add_choice("new", self.tr("The &new time is right (the clock was corrected)"))
            self.add_choice("old", self.tr("The &old time was right (the clock is wrong now)"))
